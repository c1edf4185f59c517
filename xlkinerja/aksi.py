"""The actions behind the ribbon buttons and the command line; each returns a `Rencana`.

An action reads everything, computes everything, and only then returns the writes; the caller
applies them with `Buku.terapkan`. Actions write only cells xlkinerja owns: formula cells of the
template, the Temuan sheet, notes and marks.
"""

from __future__ import annotations

import math
import platform
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from . import skema as S
from .angka import format_angka
from .baca import Bacaan, RujukanBertahap, baca, nilai_tampil
from .buku import (
    TANPA_NILAI,
    Buku,
    GalatBuku,
    Rencana,
    Tanda,
    Tulis,
    pisah_sel,
    tampilan_tautan,
    tautan_sel,
)
from .rumus import Nilai, is_number
from .templat import ABU

LEMBAR_CAPAIAN = ("Pengukuran", "PK", "RKT")
LEMBAR_EFISIENSI = ("Anggaran", "Efisiensi")
KOLOM_TEMUAN = [k.kunci for k in S.TEMUAN.kolom]


def _sama(a: Nilai, b: Nilai) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    if is_number(a) and is_number(b):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, str) and isinstance(b, str):  # Excel compares text without case
        return a.strip().casefold() == b.strip().casefold()
    return a == b


def _teks(v: Nilai) -> str:
    if is_number(v):
        x = float(v)
        return format_angka(x, 0) if x.is_integer() else format_angka(x, 2)
    return "kosong" if v in (None, "") else str(v)


def warna_asal(lembar: str, sel: str, tata: S.Tata) -> str | None:
    """The fill the template gives a cell: grey for formula cells, none for inputs."""
    r, c = pisah_sel(sel)
    for t in S.TABEL.values():
        if t.lembar == lembar and tata.awal(t) <= r <= tata.akhir(t) and c <= len(t.kolom):
            return None if t.kolom[c - 1].isian else ABU
    return ABU


JENIS_ANGKA = ("angka", "persen", "level", "rentang", None, "")


@dataclass(frozen=True)
class MasukanSalah:
    """An input cell a formula cannot use: where, what it holds, and the number meant, if clear."""

    lembar: str
    sel: str
    isi: Nilai
    uraian: str  # "'Rp 1.000.000' bukan angka (mungkin maksudnya 1.000.000: ketik angkanya saja)"
    maksud: float | None = None


def masukan_salah(b: Bacaan, lembar: tuple[str, ...]) -> list[MasukanSalah]:
    """Inputs a formula cannot use (text typed in a number cell, an unknown polarity)."""
    from .angka import baca_angka

    salah: list[MasukanSalah] = []

    def cek(t: S.Tabel, r: int, kolom: str, v: Nilai, boleh: tuple[str, ...] = ()) -> None:
        if (
            v is None
            or is_number(v)
            or (isinstance(v, str) and v.strip() in ("", "-", "–", *boleh))
        ):
            return
        a = baca_angka(str(v)).nilai
        maksud = float(a) if a is not None else None
        saran = ""
        if maksud is not None:
            angka = format_angka(maksud, 0 if maksud.is_integer() else 2)
            saran = f" (mungkin maksudnya {angka}: ketik angkanya saja)"
        sel = f"{t.huruf(kolom)}{r}"
        salah.append(MasukanSalah(t.lembar, sel, v, f"'{v}' bukan angka{saran}", maksud))

    if "Pengukuran" in lembar:
        t = S.PENGUKURAN
        huruf = b.metode.huruf.urutan
        for r, v in b.isi("pengukuran"):
            boleh = huruf if str(v.get("jenis") or "").lower() == "huruf" else ()
            for k in ("target", "realisasi", "target_atas", "target_akhir"):
                cek(t, r, k, v[k], boleh)
            if v.get("polaritas") not in (None, "", "positif", "negatif"):
                salah.append(
                    MasukanSalah(
                        t.lembar,
                        f"{t.huruf('polaritas')}{r}",
                        v["polaritas"],
                        f"polaritas '{v['polaritas']}' harus 'positif' atau 'negatif'",
                    )
                )
    if "Anggaran" in lembar:
        t = S.ANGGARAN
        for r, v in b.isi("anggaran"):
            for k in ("pagu", "realisasi"):
                if not (isinstance(v[k], str) and v[k].startswith("=")):
                    cek(t, r, k, v[k])
    return salah


def periksa_masukan(b: Bacaan, lembar: tuple[str, ...]) -> None:
    """Refuse inputs a formula cannot use (text typed in a number cell), naming each cell."""
    salah = [f"{x.lembar}!{x.sel}: {x.uraian}" for x in masukan_salah(b, lembar)]
    if salah:
        lebih = f" (dan {len(salah) - 5} sel lain)" if len(salah) > 5 else ""
        raise GalatBuku(
            "Isian berikut tidak dapat dihitung:\n"
            + "\n".join(salah[:5])
            + lebih
            + "\nPerbaiki sel tersebut lalu ulangi."
        )


def _hitung(buku: Buku, lembar: tuple[str, ...], nama: str) -> Rencana:
    """Re-apply the methodology's formulas on `lembar`, and mark cells whose shown value differs
    from the Python reference."""
    b = baca(buku)
    periksa_masukan(b, lembar)
    rumus = b.rumus_lembar(lembar)
    ruj = RujukanBertahap(b)  # only the sheets asked for (and what they need)
    tampil = nilai_tampil(b, list(rumus))
    rencana = Rencana()
    temuan = []
    for key, f in rumus.items():
        r = ruj.get(key, TANPA_NILAI)
        rencana.tulis.append(Tulis(key[0], key[1], f, r))
        if r is TANPA_NILAI:
            continue
        v = tampil.get(key)
        if v is None:  # no value stored yet (file written without cached values)
            continue
        if not _sama(v, r):
            pesan = (
                f"{key[0]}!{key[1]}: nilai tampil {_teks(v)} berbeda dari perhitungan "
                f"Python {_teks(r)} (metode {b.metode.kode}); rumus dipasang ulang. "
                "Bila angka ini diketik tangan, biarkan rumusnya."
            )
            rencana.tanda.append(Tanda(key[0], key[1], pesan, warna_asal(*key, b.tata)))
            temuan.append(
                {
                    "kode": "H01",
                    "tingkat": "peringatan",
                    "lembar": key[0],
                    "sel": key[1],
                    "pesan": pesan,
                    "tercatat": v,
                    "seharusnya": r,
                    "sumber": nama,
                }
            )
    _temuan(b, rencana, nama, temuan)
    n = len(temuan)
    pastikan_milik(rencana, b)
    rencana.pesan.append(
        f"{nama}: {len(rumus)} rumus dipasang sesuai metode {b.metode.kode}; "
        + (
            f"{n} sel berbeda dari perhitungan Python ditandai (lihat lembar Temuan)."
            if n
            else "semua nilai sesuai perhitungan Python."
        )
    )
    return rencana


def pastikan_milik(rencana: Rencana, b: Bacaan) -> Rencana:
    """Refuse a plan that would write a cell xlkinerja does not own (an input cell)."""
    bebas = (S.TEMUAN.lembar, S.NARASI.lembar)
    rumus = b.rumus_lembar({t.lembar for t in rencana.tulis if t.lembar not in bebas})
    for t in rencana.tulis:
        if t.lembar in bebas or (t.lembar, t.sel) in rumus:
            continue
        raise GalatBuku(
            f"{t.lembar}!{t.sel} adalah sel isian; xlkinerja tidak menulis ke sel isian "
            "(laporkan ini kepada pengelola xlkinerja)"
        )
    return rencana


def hitung_capaian(buku: Buku) -> Rencana:
    return _hitung(buku, LEMBAR_CAPAIAN, "Hitung Capaian")


def hitung_efisiensi(buku: Buku) -> Rencana:
    return _hitung(buku, LEMBAR_EFISIENSI, "Hitung Efisiensi")


def _temuan(b: Bacaan, rencana: Rencana, sumber: str, baru: list[dict[str, Nilai]]) -> None:
    """Replace this action's earlier findings in Temuan with `baru`; others stay."""
    t = S.TEMUAN
    buku = b.buku
    akhir = t.baris_awal + 2000
    terisi = buku.baris_akhir(t.lembar)  # rows below it are empty: no need to read them
    if terisi is not None:
        akhir = min(akhir, max(terisi, t.baris_awal))
    lama = buku.nilai(t.lembar, f"A{t.baris_awal}:{t.huruf('sumber')}{akhir}")
    ada = [_baris_temuan(r) for r in lama if any(x not in (None, "") for x in r)]
    tetap = [x for x in ada if x.get("sumber") != sumber]
    semua = tetap + baru
    for i in range(max(len(ada), len(semua))):
        r = t.baris_awal + i
        isi = semua[i] if i < len(semua) else {}
        for k in KOLOM_TEMUAN:
            v = isi.get(k)
            if k == "sel" and v and isi.get("lembar"):  # a link to the cell
                v = tautan_sel(str(isi["lembar"]), str(v))
            rencana.tulis.append(Tulis(t.lembar, f"{t.huruf(k)}{r}", v))


def _baris_temuan(row: list[Nilai]) -> dict[str, Nilai]:
    """A Temuan row read back; the cell link (or its text, as Excel shows it) gives the address."""
    return {k: tampilan_tautan(v) for k, v in zip(KOLOM_TEMUAN, row, strict=False)}


def bersihkan_tanda(buku: Buku) -> Rencana:
    """Remove the marks (colour and note) xlkinerja made on the cells listed in Temuan."""
    b = baca(buku)
    t = S.TEMUAN
    isi = buku.nilai(t.lembar, f"A{t.baris_awal}:{t.huruf('sumber')}{t.baris_awal + 2000}")
    rencana = Rencana()
    dilihat = set()
    for row in isi:
        x = _baris_temuan(row)
        if x.get("lembar") and x.get("sel") and (x["lembar"], x["sel"]) not in dilihat:
            dilihat.add((x["lembar"], x["sel"]))
            rencana.tanda.append(
                Tanda(
                    str(x["lembar"]),
                    str(x["sel"]),
                    None,
                    warna_asal(str(x["lembar"]), str(x["sel"]), b.tata),
                )
            )
    rencana.pesan.append(f"Bersihkan Tanda: {len(dilihat)} tanda dihapus; isi sel tidak diubah.")
    return rencana


def diagnosa(buku: Buku) -> Rencana:
    import xlwings

    from .excel import BERKAS_LOG

    baris = [
        f"Python {platform.python_version()} ({platform.system()})",
        f"xlkinerja {__version__}",
        f"xlwings {xlwings.__version__} (templat memerlukan 0.37.8)",
    ]
    try:
        vt = buku.nilai_nama("xk_versi_xlwings")
        ok = "cocok" if vt == xlwings.__version__ else "TIDAK COCOK: pasang xlwings==" + str(vt)
        baris.append(f"VBA xlwings di buku kerja: {vt} — {ok}")
    except Exception as e:  # noqa: BLE001 - reported to the user as text
        baris.append(f"VBA xlwings di buku kerja: tidak diketahui ({e})")
    try:
        m = baca(buku).metode
        baris.append(
            f"Metodologi: {m.kode} — {m.nama}; skala {m.skala.nama}; "
            f"{m.batas.uraian}; {m.pembulatan.uraian}"
        )
    except Exception as e:  # noqa: BLE001
        baris.append(f"Metodologi tidak terbaca: {e}")
    baris.append(f"Log: {BERKAS_LOG}")
    r = Rencana()
    r.pesan.append("\n".join(baris))
    return r


def temukan(b: Bacaan) -> list[dict[str, Nilai]]:
    """Findings of one workbook (the checks of `xlkinerja.periksa.KATALOG`). Each: kode,
    tingkat, lembar, sel, pesan, tercatat, seharusnya, sumber."""
    from .periksa import temukan as _temukan

    return _temukan(b)


def periksa(buku: Buku) -> Rencana:
    """Findings to Temuan and marked on the cells; formulas and inputs are not changed."""
    b = baca(buku)
    temuan = temukan(b)
    rencana = Rencana()
    for x in temuan:
        lembar, sel_ = str(x["lembar"]), str(x["sel"])
        rencana.tanda.append(Tanda(lembar, sel_, str(x["pesan"]), warna_asal(lembar, sel_, b.tata)))
    _temuan(b, rencana, "Periksa", temuan)
    pastikan_milik(rencana, b)
    rencana.pesan.append(
        f"Periksa: {len(temuan)} temuan"
        + (
            " (lihat lembar Temuan; sel bertanda merah muda)."
            if temuan
            else "; semua angka sesuai perhitungan ulang."
        )
    )
    return rencana


def isi_narasi(buku: Buku) -> Rencana:
    """Narrative in the Narasi sheet from the Python reference values (`xlkinerja.narasi`):
    writes the teks column, and kunci/templat only for rows that do not exist yet. A template
    that fails leaves its previous text; the error goes to Temuan with its line."""
    from .narasi import tulisan_narasi

    b = baca(buku)
    tulis, hasil = tulisan_narasi(b)
    t = S.NARASI
    rencana = Rencana(tulis=[Tulis(t.lembar, sel_, isi) for _, sel_, isi in tulis])
    temuan = []
    for g in hasil.galat:
        sel_ = g.sel or f"{t.huruf('templat')}{t.baris_awal}"
        if g.sel:
            marka = Tanda(t.lembar, g.sel, str(g), warna_asal(t.lembar, g.sel, b.tata))
            rencana.tanda.append(marka)
        temuan.append(
            {
                "kode": "NAR01",
                "tingkat": "galat",
                "lembar": t.lembar,
                "sel": sel_,
                "pesan": str(g),
                "tercatat": None,
                "seharusnya": None,
                "sumber": "Isi Narasi",
            }
        )
    _temuan(b, rencana, "Isi Narasi", temuan)
    pastikan_milik(rencana, b)
    n = sum(len(v) for v in hasil.bagian.values())
    rencana.pesan.append(
        f"Isi Narasi: {n} paragraf/bagian ditulis di lembar Narasi dari perhitungan Python."
        + "".join(f"\n{g}" for g in hasil.galat)
    )
    return rencana


def audit_rumus(buku: Buku) -> Rencana:
    """Every check of `xlkinerja.audit` on the saved file: recomputation against stored values,
    the template's rendering under the methodology Pengaturan selects, typed constants,
    inconsistent formulas, circular references, short ranges, numbers stored as text, links and
    calculation mode. Findings go to Temuan, galat/peringatan cells are marked; the saved file is
    only read."""
    from ._buku_berkas import BukuBerkas
    from .audit import audit, sel_pertama

    path = buku.path if isinstance(buku, BukuBerkas) else buku.path_tersimpan()
    if not isinstance(buku, BukuBerkas) and not Path(path).is_absolute():
        raise GalatBuku(  # Excel on the web / xlwings Lite / remote: no file on this computer
            f"{buku.nama}: Audit Rumus membaca berkas yang tersimpan di komputer ini, sedangkan "
            "buku kerja ini dibuka tanpa berkas lokal (Excel web, OneDrive, atau belum pernah "
            "disimpan). Simpan salinannya di folder lokal lalu jalankan Audit Rumus di sana, atau "
            "jalankan: xlkinerja audit BERKAS"
        )
    semua = audit(path)
    if any(x["kode"] == "BACA01" for x in semua):
        raise GalatBuku(semua[0]["pesan"])
    b = baca(buku)
    rencana, temuan = Rencana(), []

    def teks(v: Nilai) -> Nilai:  # formula texts are shown, not entered, in Temuan
        return " " + v if isinstance(v, str) and v.startswith("=") else v

    for x in semua:
        lembar, sel_ = x["lembar"], sel_pertama(x["sel"])
        if not lembar and x["tingkat"] == "info":
            rencana.pesan.append(str(x["pesan"]))  # a note about the whole file
            continue
        if lembar and sel_ and x["tingkat"] in ("galat", "peringatan"):
            rencana.tanda.append(
                Tanda(lembar, sel_, str(x["pesan"]), warna_asal(lembar, sel_, b.tata))
            )
        temuan.append(
            {
                "kode": x["kode"],
                "tingkat": x["tingkat"],
                "lembar": lembar,
                "sel": sel_,
                "pesan": x["pesan"],
                "tercatat": teks(x["tercatat"]),
                "seharusnya": teks(x["seharusnya"]),
                "sumber": "Audit Rumus",
            }
        )
    _temuan(b, rencana, "Audit Rumus", temuan)
    pastikan_milik(rencana, b)
    galat = sum(1 for x in temuan if x["tingkat"] == "galat")
    rencana.pesan.append(
        f"Audit Rumus: {len(temuan)} temuan ({galat} galat)"
        + ("; lihat lembar Temuan, sel bertanda merah muda." if temuan else ".")
    )
    return rencana


AKSI: dict[str, Callable[[Buku], Rencana]] = {
    "btnHitungCapaian": hitung_capaian,
    "btnHitungEfisiensi": hitung_efisiensi,
    "btnPeriksa": periksa,
    "btnIsiNarasi": isi_narasi,
    "btnAuditRumus": audit_rumus,
    "btnBersihkanTanda": bersihkan_tanda,
    "btnDiagnosa": diagnosa,
}
