"""The actions behind the ribbon buttons and the command line; each returns a `Rencana`.

An action reads everything, computes everything, and only then returns the writes; the caller
applies them with `Buku.terapkan`. Actions write only cells xlkinerja owns: formula cells of the
template, the Temuan sheet, notes and marks.
"""

from __future__ import annotations

import functools
import platform
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from xlkinerja.buku.antarmuka import (
    TANPA_NILAI,
    Buku,
    GalatBuku,
    Rencana,
    Tanda,
    Tulis,
    pisah_sel,
    sel,
    tampilan_tautan,
    tautan_sel,
)
from xlkinerja.cek.katalog import temuan
from xlkinerja.cek.masukan import masukan_salah
from xlkinerja.cek.temuan import GALAT, INFO, PERINGATAN, Temuan
from xlkinerja.inti.nilai import sama, teks_singkat
from xlkinerja.inti.rumus import Nilai
from xlkinerja.keluaran.netral import netral_tulis
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import Bacaan, RujukanBertahap, baca, nilai_tampil
from xlkinerja.templat.bangun import ABU
from xlkinerja.versi import __version__

LEMBAR_CAPAIAN = (
    "Renstra",
    "Pengukuran",
    "PK",
    "RKT",
    "Kinerja Program",
    "Renstra Pendanaan",
    "Jenjang Kinerja",
    "Rencana Aksi",
)
LEMBAR_EFISIENSI = ("Anggaran", "Efisiensi")
KOLOM_TEMUAN = [k.kunci for k in S.TEMUAN.kolom]


def warna_asal(lembar: str, sel: str, tata: S.Tata) -> str | None:
    """The fill the template gives a cell: grey for formula cells, none for inputs."""
    r, c = pisah_sel(sel)
    for t in S.TABEL.values():
        if t.lembar == lembar and tata.awal(t) <= r <= tata.akhir(t) and c <= len(t.kolom):
            return None if t.kolom[c - 1].isian else ABU
    return ABU


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
    from the Python reference. The closing message says "sesuai" only when every written formula
    cell showed the value its formula gives (`Perbandingan`)."""
    b, ruj = _bacaan_hitung(buku, lembar)
    periksa_masukan(b, lembar)
    rumus = b.rumus_lembar(lembar)
    tampil = nilai_tampil(b, list(rumus))
    rencana = Rencana()
    banding = Perbandingan()
    beda: list[Temuan] = []
    for key, f in rumus.items():
        r = ruj.get(key, TANPA_NILAI)
        rencana.tulis.append(Tulis(key[0], key[1], f, r))
        v = tampil.get(key)
        if not banding.sesuai(key, v, r, key in b.cek):
            x = temuan(
                "H01",
                nama,
                tempat=f"{key[0]}!{key[1]}",
                isi={
                    "tampil": teks_singkat(v),
                    "python": teks_singkat(r),
                    "metode": b.metode.kode,
                },
                lembar=key[0],
                sel=key[1],
                tercatat=v,
                seharusnya=r,
            )
            rencana.tanda.append(Tanda(key[0], key[1], x.pesan, warna_asal(*key, b.tata)))
            beda.append(x)
    kosong = _tanpa_realisasi(b, nama) if S.PENGUKURAN.lembar in lembar else []
    for x in kosong:
        rencana.tanda.append(Tanda(str(x.lembar), str(x.sel), x.pesan, None))
    _temuan(b, rencana, nama, beda + kosong)
    pastikan_milik(rencana, b)
    rencana.pesan.append(
        f"{nama}: {len(rumus)} rumus dipasang sesuai metode {b.metode.kode}; "
        + banding.uraian(len(beda))
        + "".join(f"\n{x.pesan}" for x in kosong)
    )
    return rencana


class Perbandingan:
    """How the values a workbook showed compare with what the written formulas give: a cell the
    schema compares by recomputation (`Bacaan.cek`) and differing is marked (H01); any other
    differing cell, and any cell that showed no value, is counted, so that "sesuai" is said only
    when every written cell was seen to agree."""

    def __init__(self) -> None:
        self.lain = 0  # differing cells compared by a check of their own (not marked here)
        self.tanpa = 0  # cells that showed no value (or whose value the reference lacks)

    def sesuai(self, key: tuple[str, str], v: Nilai, r: Nilai, ditandai: bool) -> bool:
        """False when the cell is to be marked as differing."""
        if r is TANPA_NILAI:
            self.tanpa += 1
            return True
        if v is None:  # nothing stored: a formula showing "" agrees, others were not seen
            if r not in (None, ""):
                self.tanpa += 1
            return True
        if sama(v, r):
            return True
        if not ditandai:
            self.lain += 1
            return True
        return False

    def uraian(self, ditandai: int) -> str:
        bagian = []
        if ditandai:
            bagian.append(
                f"{ditandai} sel berbeda dari perhitungan Python ditandai (lihat lembar Temuan)"
            )
        if self.lain:
            bagian.append(
                f"{self.lain} sel lain menampilkan nilai yang berbeda dari rumusnya; "
                "nilainya kini diperbarui"
            )
        if self.tanpa:
            bagian.append(
                f"{self.tanpa} sel belum menyimpan nilai (berkas disimpan tanpa hasil hitung), "
                "jadi tidak dapat dibandingkan; nilainya kini diisi"
            )
        return "; ".join(bagian) + "." if bagian else "semua nilai sesuai perhitungan Python."


def _tanpa_realisasi(b: Bacaan, nama: str) -> list[Temuan]:
    """Indicators whose realisasi is empty, at their cell (LEN02, as Periksa says it)."""
    from xlkinerja.cek.periksa import indikator_kosong

    t = S.PENGUKURAN
    return [
        temuan(
            "LEN02",
            nama,
            tempat=f"{t.lembar}!{t.huruf('realisasi')}{r}",
            tambahan=f" ({nama_indikator})",
            lembar=t.lembar,
            sel=f"{t.huruf('realisasi')}{r}",
        )
        for r, nama_indikator in indikator_kosong(b, "realisasi")
    ]


def _bacaan_hitung(buku: Buku, lembar: tuple[str, ...]) -> tuple[Bacaan, RujukanBertahap]:
    """The workbook read and its Python reference of every formula cell (each written formula
    gets its cached value from it). On a file, Hitung Capaian and Hitung Efisiensi applied one
    after the other share them (the second would compute the Pengukuran reference again): the
    earlier reading is used only if every cell written since is xlkinerja's own, one that no
    input, reference or shown value of `lembar` depends on: a formula cell written with a
    formula on another sheet, or a cell of Temuan or Narasi. Otherwise the file is read again."""
    from xlkinerja.buku.berkas import BukuBerkas

    if not isinstance(buku, BukuBerkas):  # live Excel: the user may edit between two clicks
        b = baca(buku)
        return b, RujukanBertahap(b, semua=True)
    ada = buku.simpanan.get("hitung")
    if isinstance(ada, tuple) and _tetap_berlaku(ada[0], buku.tulisan(), ada[1], lembar):
        return ada[1], ada[2]
    b = baca(buku)
    ruj = RujukanBertahap(b, semua=True)
    buku.simpanan["hitung"] = ({s: dict(d) for s, d in buku.tulisan().items()}, b, ruj)
    return b, ruj


def _tetap_berlaku(
    dulu: dict[str, dict[tuple[int, int], object]],
    kini: dict[str, dict[tuple[int, int], object]],
    b: Bacaan,
    lembar: tuple[str, ...],
) -> bool:
    """Whether a reading made when the writes were `dulu` still holds now (`_bacaan_hitung`)."""
    bebas = (S.TEMUAN.lembar, S.NARASI.lembar)
    baru: dict[str, list[tuple[tuple[int, int], object]]] = {}
    for nama, ubah in kini.items():
        lama = dulu.get(nama, {})
        beda = [(rc, v) for rc, v in ubah.items() if rc not in lama or lama[rc] != v]
        if beda and nama not in bebas:
            if nama in lembar:
                return False
            baru[nama] = beda
    rumus = b.rumus_lembar(baru) if baru else {}
    return all(
        isinstance(v, str) and v.startswith("=") and (nama, sel(r, c)) in rumus
        for nama, beda in baru.items()
        for (r, c), v in beda
    )


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


# -- actions over files (`xlkinerja hitung`/`narasi`): one file, and many in worker processes ----

Aksi = Callable[[Buku], Rencana]


def jalankan_berkas(
    f: Path, aksi: tuple[Aksi, ...], tujuan: Path | None, ringkas: bool = False
) -> tuple[list[Rencana], Path]:
    """Open the file `f`, apply each action's plan in turn, save to `tujuan` (None: over `f`,
    after a timestamped backup). Returns the plans applied (with `ringkas`, their messages
    only: what a worker process sends back) and where the workbook was written."""
    from xlkinerja.buku.berkas import BukuBerkas
    from xlkinerja.buku.memori import tanpa_gc

    buku = None
    try:
        with tanpa_gc():  # per file: the garbage of one workbook at most
            buku = BukuBerkas(f)
            semua = []
            for a in aksi:
                rencana = a(buku)
                buku.terapkan(rencana)
                semua.append(rencana)
            ditulis = buku.simpan(timpa=True) if tujuan is None else buku.simpan(tujuan)
    finally:
        if buku is not None:
            buku.tutup()
    if ringkas:
        semua = [Rencana(pesan=r.pesan) for r in semua]
    return semua, ditulis


def jalankan_banyak(
    tugas: list[tuple[Path, Path | None]], aksi: tuple[Aksi, ...], proses: int | None = None
) -> Iterator[tuple[Path, Callable[[], tuple[list[Rencana], Path]]]]:
    """`jalankan_berkas` over (file, destination) pairs, in input order: yields each file with
    a function that returns its result or raises its error. Several files go to a pool of
    `proses` worker processes (default: every core), each file whole in one worker; one file,
    `proses=1`, or a pool that cannot start: in this process, a file at a time."""
    import os

    proses = min(proses or os.cpu_count() or 1, len(tugas))
    if proses > 1 and len(tugas) > 2:
        try:
            from concurrent.futures import ProcessPoolExecutor

            import xlkinerja.buku.berkas
            import xlkinerja.buku.memori  # noqa: F401 - imported once, before the workers fork

            ex = ProcessPoolExecutor(proses, mp_context=_konteks())
        except (OSError, ImportError, RuntimeError, ValueError):  # no pool here: one process
            ex = None
        if ex is not None:
            with ex:
                hasil = [ex.submit(jalankan_berkas, f, aksi, t, True) for f, t in tugas]
                for (f, _), h in zip(tugas, hasil, strict=True):
                    yield f, h.result
            return
    for f, t in tugas:
        yield f, functools.partial(jalankan_berkas, f, aksi, t)


def _konteks():
    """Fork on Linux (workers start with the modules already imported, no second start-up);
    elsewhere the platform's default (spawn on Windows and macOS)."""
    import multiprocessing as mp
    import sys

    return mp.get_context("fork") if sys.platform.startswith("linux") else None


# -- the Temuan sheet: findings written as rows, and read back ----------------------------------


def _temuan(b: Bacaan, rencana: Rencana, sumber: str, baru: list[Temuan]) -> None:
    """Replace this action's earlier findings in Temuan with `baru`; others stay. Each finding
    is one row of `KOLOM_TEMUAN`: its cell written as a link, a value that reads as a formula
    ("=SUM(...)", a text typed as "=5+") written as text."""
    t = S.TEMUAN
    ada = _baca_temuan(b.buku)
    semua = [x for x in ada if x.sumber != sumber] + baru
    for i in range(max(len(ada), len(semua))):
        r = t.baris_awal + i
        x = semua[i] if i < len(semua) else None
        for k in KOLOM_TEMUAN:
            v = None if x is None else getattr(x, k)
            if k == "sel" and v and x is not None and x.lembar:  # a link to the cell
                v = tautan_sel(str(x.lembar), str(v))
            else:  # a text that reads as a formula (=, +, -, @...) is shown, not entered
                v = netral_tulis(v)
            rencana.tulis.append(Tulis(t.lembar, f"{t.huruf(k)}{r}", v))


def _baca_temuan(buku: Buku) -> list[Temuan]:
    """The rows of the Temuan sheet as findings; the cell link (or its text, as Excel shows it)
    gives the address. Rows are kept as written, whatever their types."""
    t = S.TEMUAN
    akhir = t.baris_awal + 2000
    terisi = buku.baris_akhir(t.lembar)  # rows below it are empty: no need to read them
    if terisi is not None:
        akhir = min(akhir, max(terisi, t.baris_awal))
    isi = buku.nilai(t.lembar, f"A{t.baris_awal}:{t.huruf('sumber')}{akhir}")
    out = []
    for row in isi:
        if any(v not in (None, "") for v in row):
            baris = dict.fromkeys(KOLOM_TEMUAN)
            baris.update(zip(KOLOM_TEMUAN, map(tampilan_tautan, row), strict=False))
            out.append(Temuan(**baris))
    return out


def bersihkan_tanda(buku: Buku) -> Rencana:
    """Remove the marks (colour and note) xlkinerja made on the cells listed in Temuan."""
    b = baca(buku)
    rencana = Rencana()
    dilihat = set()
    for x in _baca_temuan(buku):
        if x.lembar and x.sel and (x.lembar, x.sel) not in dilihat:
            dilihat.add((x.lembar, x.sel))
            rencana.tanda.append(
                Tanda(
                    str(x.lembar), str(x.sel), None, warna_asal(str(x.lembar), str(x.sel), b.tata)
                )
            )
    rencana.pesan.append(f"Bersihkan Tanda: {len(dilihat)} tanda dihapus; isi sel tidak diubah.")
    return rencana


def diagnosa(buku: Buku) -> Rencana:
    import xlwings

    from xlkinerja.muka.log import BERKAS_LOG

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


def temukan(b: Bacaan) -> list[Temuan]:
    """Findings of one workbook (the checks registered on `xlkinerja.cek.katalog.PERIKSA`)."""
    from xlkinerja.cek.periksa import temukan as _temukan

    return _temukan(b)


def periksa(buku: Buku) -> Rencana:
    """Findings to Temuan and marked on the cells; formulas and inputs are not changed."""
    b = baca(buku)
    hasil = temukan(b)
    rencana = Rencana()
    for x in hasil:
        lembar, sel_ = str(x.lembar), str(x.sel)
        rencana.tanda.append(Tanda(lembar, sel_, x.pesan, warna_asal(lembar, sel_, b.tata)))
    _temuan(b, rencana, "Periksa", hasil)
    pastikan_milik(rencana, b)
    rencana.pesan.append(
        f"Periksa: {len(hasil)} temuan"
        + (
            " (lihat lembar Temuan; sel bertanda merah muda)."
            if hasil
            else "; semua angka sesuai perhitungan ulang."
        )
    )
    return rencana


def isi_narasi(buku: Buku) -> Rencana:
    """Narrative in the Narasi sheet from the Python reference values (`xlkinerja.keluaran.narasi`):
    writes the teks column, and kunci/templat only for rows that do not exist yet. A template
    that fails leaves its previous text; the error goes to Temuan with its line."""
    from xlkinerja.keluaran.narasi import tulisan_narasi

    b = baca(buku)
    tulis, hasil = tulisan_narasi(b)
    t = S.NARASI
    # a paragraph starting with a workbook's text ("=HYPERLINK(...)") stays text
    rencana = Rencana(tulis=[Tulis(t.lembar, sel_, netral_tulis(isi)) for _, sel_, isi in tulis])
    gagal = []
    for g in hasil.galat:
        sel_ = g.sel or f"{t.huruf('templat')}{t.baris_awal}"
        if g.sel:
            marka = Tanda(t.lembar, g.sel, str(g), warna_asal(t.lembar, g.sel, b.tata))
            rencana.tanda.append(marka)
        gagal.append(
            temuan(
                "NAR01",
                "Isi Narasi",
                varian="templat",
                isi={"galat": str(g)},
                lembar=t.lembar,
                sel=sel_,
            )
        )
    _temuan(b, rencana, "Isi Narasi", gagal)
    pastikan_milik(rencana, b)
    n = sum(len(v) for v in hasil.bagian.values())
    rencana.pesan.append(
        f"Isi Narasi: {n} paragraf/bagian ditulis di lembar Narasi dari perhitungan Python."
        + "".join(f"\n{g}" for g in hasil.galat)
    )
    return rencana


def audit_rumus(buku: Buku) -> Rencana:
    """Every check of `xlkinerja.cek.audit` on the saved file: recomputation against stored values,
    the template's rendering under the methodology Pengaturan selects, typed constants,
    inconsistent formulas, circular references, short ranges, numbers stored as text, links and
    calculation mode. Findings go to Temuan, galat/peringatan cells are marked; the saved file is
    only read."""
    from xlkinerja.buku.berkas import BukuBerkas
    from xlkinerja.cek.audit import audit, sel_pertama

    path = buku.path if isinstance(buku, BukuBerkas) else buku.path_tersimpan()
    if not isinstance(buku, BukuBerkas) and not Path(path).is_absolute():
        raise GalatBuku(  # Excel on the web / xlwings Lite / remote: no file on this computer
            f"{buku.nama}: Audit Rumus membaca berkas yang tersimpan di komputer ini, sedangkan "
            "buku kerja ini dibuka tanpa berkas lokal (Excel web, OneDrive, atau belum pernah "
            "disimpan). Simpan salinannya di folder lokal lalu jalankan Audit Rumus di sana, atau "
            "jalankan: xlkinerja audit BERKAS"
        )
    semua = audit(path)
    if any(x.kode == "BACA01" for x in semua):
        raise GalatBuku(semua[0].pesan)
    b = baca(buku)
    rencana, ditulis = Rencana(), []
    for x in semua:
        lembar, sel_ = x.lembar, sel_pertama(x.sel)
        if not lembar and x.tingkat == INFO:
            rencana.pesan.append(x.pesan)  # a note about the whole file
            continue
        if lembar and sel_ and x.tingkat in (GALAT, PERINGATAN):
            rencana.tanda.append(Tanda(lembar, sel_, x.pesan, warna_asal(lembar, sel_, b.tata)))
        ditulis.append(replace(x, sel=sel_, sumber="Audit Rumus"))
    _temuan(b, rencana, "Audit Rumus", ditulis)
    pastikan_milik(rencana, b)
    galat = sum(1 for x in ditulis if x.tingkat == GALAT)
    rencana.pesan.append(
        f"Audit Rumus: {len(ditulis)} temuan ({galat} galat)"
        + ("; lihat lembar Temuan, sel bertanda merah muda." if ditulis else ".")
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
