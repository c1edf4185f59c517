"""Writes a domain model (`Instansi`) into the template's input cells."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from xlkinerja.inti.metode import Metode
from xlkinerja.inti.model import BarisAnggaran, Indikator, Instansi, Program
from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import BARIS_PENGATURAN, isian_pengaturan, rumus_induk
from xlkinerja.templat.cetak import atur_cetak


def _tulis(ws, t: S.Tabel, r: int, nilai: dict[str, object]) -> None:
    for k, v in nilai.items():
        if not t.k(k).isian:
            raise ValueError(f"kolom {t.lembar}!{t.huruf(k)} ({t.k(k).judul}) berisi rumus")
        ws[f"{t.huruf(k)}{r}"] = v


def _baris(t: S.Tabel, n: int) -> int:
    if n >= t.kapasitas:
        raise ValueError(
            f"tabel {t.judul} di lembar {t.lembar} hanya menyediakan {t.kapasitas} "
            "baris; sisipkan baris di tengah tabel lalu ulangi"
        )
    return t.baris_awal + n


# The tables whose rows `isi_workbook` reports, in the order of its result.
_TABEL_BARIS = (
    "renstra",
    "rkt",
    "pk",
    "pengukuran",
    "pengukuran_sasaran",
    "pengukuran_misi",
    "efisiensi",
    "anggaran",
    "pk_program",
)


def isi_workbook(
    wb: Workbook, inst: Instansi, m: Metode, induk_rumus: bool = True
) -> dict[str, dict[str, int]]:
    """Fill inputs. With `induk_rumus` parent budget rows get SUMIFS formulas, else typed values.

    Returns the row of each written key per table: {"pengukuran": {"1.1.1": 6, ...},
    "pengukuran_sasaran": {...}, "pengukuran_misi": {...}, "efisiensi": {...}, "anggaran": {...},
    "pk": {...}, "pk_program": {...}, "rkt": {...}, "renstra": {...}}.
    """
    baris: dict[str, dict[str, int]] = {k: {} for k in _TABEL_BARIS}
    _isi_pengaturan(wb, inst)
    _isi_indikator(wb, inst, m, baris)
    _isi_sasaran(wb, inst, baris)
    _isi_misi(wb, inst, baris)
    _isi_anggaran(wb, inst, induk_rumus, baris)
    _isi_pk_program(wb, inst, baris)
    _isi_belanja(wb, inst)
    atur_cetak(wb, terisi=True)
    return baris


def _isi_pengaturan(wb: Workbook, inst: Instansi) -> None:
    """The Pengaturan cells: agency name, year, identity and the Renstra's first year."""
    ws = wb["Pengaturan"]
    nilai = {"instansi": inst.nama, "tahun": inst.tahun, **inst.identitas}
    if inst.renstra_awal:
        nilai["renstra_awal"] = inst.renstra_awal
    for n, it in enumerate(isian_pengaturan()):
        if it.kunci in nilai:
            ws.cell(BARIS_PENGATURAN + n, 2, nilai[it.kunci])


def _indikator_sasaran(inst: Instansi) -> list[tuple[str, str, str, Indikator]]:
    """(tujuan code, sasaran code, misi code, indicator) for every indicator, in order."""
    out: list[tuple[str, str, str, Indikator]] = []
    for mi in inst.misi:
        for tj in mi.tujuan:
            for s in tj.sasaran:
                for i in s.indikator:
                    out.append((tj.kode, s.kode, mi.kode, i))
    return out


def _isi_indikator(
    wb: Workbook, inst: Instansi, m: Metode, baris: dict[str, dict[str, int]]
) -> None:
    """One row per indicator in Renstra, RKT, PK and Pengukuran."""
    th = inst.tahun
    awal = inst.renstra_awal or th
    sas_nama = {s.kode: s.nama for s in inst.semua_sasaran()}
    tuj_nama = {tj.kode: tj.nama for mi in inst.misi for tj in mi.tujuan}
    for n, (kt, ks, _, i) in enumerate(_indikator_sasaran(inst)):
        ren = _nilai_renstra(i, kt, tuj_nama[kt], ks, sas_nama[ks], awal, th)
        _tulis(wb["Renstra"], S.RENSTRA, _baris(S.RENSTRA, n), ren)
        for k in ("renstra", "rkt", "pk", "pengukuran"):
            baris[k][i.kode] = S.TABEL[k].baris_awal + n
        _tulis(wb["RKT"], S.RKT, _baris(S.RKT, n), _nilai_rkt(i, ks, th))
        _tulis(wb["PK"], S.PK, _baris(S.PK, n), _nilai_pk(i, ks, sas_nama[ks], th))
        nilai = _nilai_pengukuran(
            i, ks, m, th, lalu_di_renstra=bool(inst.renstra_awal) and 1 <= th - awal <= 5
        )
        _tulis(wb["Pengukuran"], S.PENGUKURAN, _baris(S.PENGUKURAN, n), nilai)


def _nilai_renstra(
    i: Indikator, kt: str, tujuan: str, ks: str, sasaran: str, awal: int, th: int
) -> dict[str, object]:
    """The Renstra row: codes, names, the five yearly targets and the realisations before `th`."""
    ren: dict[str, object] = {
        "kode_tujuan": kt,
        "tujuan": tujuan,
        "kode_sasaran": ks,
        "sasaran": sasaran,
        "kode": i.kode,
        "indikator": i.nama,
        "satuan": i.satuan,
        "polaritas": i.polaritas,
        "jenis": i.jenis,
        "kondisi_awal": i.kondisi_awal,
        "target_akhir": i.target_akhir.nilai if i.target_akhir else None,
    }
    for j in range(5):
        tj_ = i.target.get(awal + j)
        rj = i.realisasi.get(awal + j)
        ren[f"target_{j + 1}"] = tj_.nilai if tj_ else None
        ren[f"realisasi_{j + 1}"] = rj.nilai if rj and awal + j < th else None
    return ren


def _nilai_rkt(i: Indikator, ks: str, th: int) -> dict[str, object]:
    """The RKT row: the indicator and its target for `th`."""
    t = i.target.get(th)
    return {
        "kode_sasaran": ks,
        "kode": i.kode,
        "indikator": i.nama,
        "satuan": i.satuan,
        "target": t.nilai if t else None,
    }


def _nilai_pk(i: Indikator, ks: str, sasaran: str, th: int) -> dict[str, object]:
    """The PK row: the indicator, its target for `th` and the revised target."""
    t = i.target.get(th)
    return {
        "kode_sasaran": ks,
        "sasaran": sasaran,
        "kode": i.kode,
        "indikator": i.nama,
        "satuan": i.satuan,
        "target": t.nilai if t else None,
        "target_perubahan": i.target_perubahan,
    }


def _capaian_lalu(i: Indikator, m: Metode, th: int) -> float | None:
    """Last year's achievement under `m`, when last year's target and realisation are known."""
    lalu_t, lalu_r = i.target.get(th - 1), i.realisasi.get(th - 1)
    if lalu_t and lalu_r:
        return m.capaian(lalu_t.nilai, lalu_r.nilai, i.polaritas, i.jenis, lalu_t.atas).angka
    return None


def _nilai_pengukuran(
    i: Indikator, ks: str, m: Metode, th: int, lalu_di_renstra: bool = True
) -> dict[str, object]:
    """The Pengukuran row: target and realisation for `th`, last year's, the Renstra's end.
    Last year's capaian is the template's formula over the Renstra target of last year; it is
    typed (capaian_lalu_isian) only where that target is not in the Renstra's five years."""
    t = i.target.get(th)
    r = i.realisasi.get(th)
    lalu_r = i.realisasi.get(th - 1)
    cap_lalu = _capaian_lalu(i, m, th)
    return {
        "kode_sasaran": ks,
        "kode": i.kode,
        "indikator": i.nama,
        "satuan": i.satuan,
        "polaritas": i.polaritas,
        "jenis": i.jenis,
        "target": t.nilai if t else None,
        "target_atas": t.atas if t else None,
        "realisasi": r.nilai if r else None,
        "pembilang": r.pembilang if r else None,
        "penyebut": r.penyebut if r else None,
        "realisasi_lalu": lalu_r.nilai if lalu_r else None,
        "capaian_lalu_isian": None if lalu_di_renstra else cap_lalu,
        "target_akhir": i.target_akhir.nilai if i.target_akhir else None,
        "standar_nasional": i.standar_nasional,
    }


def _isi_sasaran(wb: Workbook, inst: Instansi, baris: dict[str, dict[str, int]]) -> None:
    """One row per sasaran in the Pengukuran sasaran table and in Efisiensi."""
    misi_dari_sasaran = {s.kode: mi.kode for mi in inst.misi for s in mi.semua_sasaran()}
    for n, s in enumerate(inst.semua_sasaran()):
        _tulis(
            wb["Pengukuran"],
            S.PENGUKURAN_SASARAN,
            _baris(S.PENGUKURAN_SASARAN, n),
            {"kode_sasaran": s.kode, "kode_misi": misi_dari_sasaran[s.kode], "sasaran": s.nama},
        )
        _tulis(
            wb["Efisiensi"],
            S.EFISIENSI,
            _baris(S.EFISIENSI, n),
            {"kode_sasaran": s.kode, "sasaran": s.nama},
        )
        baris["pengukuran_sasaran"][s.kode] = S.PENGUKURAN_SASARAN.baris_awal + n
        baris["efisiensi"][s.kode] = S.EFISIENSI.baris_awal + n


def _isi_misi(wb: Workbook, inst: Instansi, baris: dict[str, dict[str, int]]) -> None:
    """One row per misi in the Pengukuran misi table."""
    for n, mi in enumerate(inst.misi):
        _tulis(
            wb["Pengukuran"],
            S.PENGUKURAN_MISI,
            _baris(S.PENGUKURAN_MISI, n),
            {"kode_misi": mi.kode, "misi": mi.nama},
        )
        baris["pengukuran_misi"][mi.kode] = S.PENGUKURAN_MISI.baris_awal + n


def _isi_anggaran(
    wb: Workbook, inst: Instansi, induk_rumus: bool, baris: dict[str, dict[str, int]]
) -> None:
    """One Anggaran row per program, activity and sub-activity (depth first); parent amounts
    are SUMIFS formulas with `induk_rumus`, else the typed values."""
    ws = wb["Anggaran"]
    t = S.ANGGARAN
    n = 0
    for p in inst.program:
        for b in p.telusuri():
            r = _baris(t, n)
            n += 1
            baris["anggaran"][b.kode] = r
            tingkat = _tingkat(b)
            _tulis(
                ws,
                t,
                r,
                {
                    "tingkat": tingkat,
                    "kode": b.kode,
                    "uraian": b.nama,
                    "sasaran": b.sasaran,
                    "keterangan": b.keterangan or None,
                },
            )
            for kol, v in (("pagu", b.pagu), ("realisasi", b.realisasi)):
                f = rumus_induk(kol, r, tingkat) if induk_rumus and b.anak else None
                ws[f"{t.huruf(kol)}{r}"] = f or v


def _isi_pk_program(wb: Workbook, inst: Instansi, baris: dict[str, dict[str, int]]) -> None:
    """One row per program in the PK program table, with its budget in the PK."""
    programs = [p for p in inst.program if isinstance(p, Program)]
    for n, p in enumerate(programs):
        _tulis(
            wb["PK"],
            S.PK_PROGRAM,
            _baris(S.PK_PROGRAM, n),
            {"kode": p.kode, "program": p.nama, "anggaran": p.pagu_pk},
        )
        baris["pk_program"][p.kode] = S.PK_PROGRAM.baris_awal + n


def _isi_belanja(wb: Workbook, inst: Instansi) -> None:
    """Budget and realisation per type of spending (jenis belanja) under the Anggaran table."""
    ws = wb["Anggaran"]
    t = S.ANGGARAN
    for nama, (pagu, real) in inst.belanja.items():
        r = S.BARIS_BELANJA + 1 + S.JENIS_BELANJA.index(nama)
        ws[f"{t.huruf('pagu')}{r}"] = pagu
        ws[f"{t.huruf('realisasi')}{r}"] = real


def _tingkat(b: BarisAnggaran) -> str:
    from xlkinerja.inti.model import Kegiatan, Program

    if isinstance(b, Program):
        return "Program"
    if isinstance(b, Kegiatan):
        return "Kegiatan"
    return "Sub Kegiatan"
