"""Write actions per ribbon button through xlwings' remote engine: cell by cell and in blocks.

Run: python bench/bench_tulis_excel.py [--folder /tmp/bench_tulis] [--skala 1 2]

For each workbook size, the buttons are clicked in ribbon order (Hitung Capaian, Hitung
Efisiensi, Periksa, Isi Narasi, Audit Rumus, Bersihkan Tanda) through `muka.tombol.jalankan`
on an `xw.Book(json=...)` built from the saved file, as an Office.js client would send it. Each
click is applied three ways to the same plan: cell by cell (`Buku.terapkan`, the writer before
issue 16), in rectangles (desktop Excel and xlwings Lite) and in one block per sheet with
unchanged cells as null (xlwings Server with Office.js, the default there). The block actions are
then applied to the file as Excel would and the values Excel would show are stored
(`tests.xlremote.simpan_seperti_excel`), so the next click sees the marks and findings of the
previous one. Counted: the actions that change the workbook (alerts left out).

Sizes: 1 is `bench/buat_buku.py 1 FOLDER` (40 indicators, 12 sasaran, 3 misi, 10 programs, 150
budget rows). Up to 1.5 the template's prepared rows suffice; a larger size (2: 80 indicators,
24 sasaran, 6 misi, 20 programs, 300 budget rows) first gets rows inserted in the middle of its
tables by LibreOffice, as a user inserts rows in Excel (`tests/uno/sisip_baris.py`), is filled
into the grown tables, and gets its formulas from Hitung Capaian and Hitung Efisiensi on the
file. The same seed and the same two errors in every size (the third indicator's capaian typed
1 % above its formula's value, the second PK program's budget 12.5 million above Anggaran's).

A script, not a test: it prints figures and never fails. `XLWINGS_LICENSE_KEY=noncommercial` is
set here (xlwings' remote engine, PolyForm Noncommercial; the tests do the same).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
AKAR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(AKAR))
sys.path.insert(0, str(AKAR / "bench"))

import openpyxl  # noqa: E402
from buat_buku import (  # noqa: E402
    METODE,
    S,
    Ukuran,
    bangun_workbook,
    instansi_pd,
    isi_workbook,
    simpan_xlsm,
)

from tests.xlremote import aksi_tulis, klik, simpan_seperti_excel  # noqa: E402
from xlkinerja.buku.antarmuka import Buku, Rencana, Tulis  # noqa: E402
from xlkinerja.buku.berkas import BukuBerkas  # noqa: E402
from xlkinerja.buku.excel import BukuXlwings  # noqa: E402
from xlkinerja.muka.aksi import hitung_capaian, hitung_efisiensi  # noqa: E402
from xlkinerja.templat.baca import baca, cari_tata, rujukan  # noqa: E402

TOMBOL = (
    ("btnHitungCapaian", "Hitung Capaian"),
    ("btnHitungEfisiensi", "Hitung Efisiensi"),
    ("btnPeriksa", "Periksa"),
    ("btnIsiNarasi", "Isi Narasi"),
    ("btnAuditRumus", "Audit Rumus"),
    ("btnBersihkanTanda", "Bersihkan Tanda"),
)
SISIP = AKAR / "tests" / "uno" / "sisip_baris.py"
PYTHON_UNO = "/usr/bin/python3"  # LibreOffice's uno module lives with the system Python


class BukuSelPerSel(BukuXlwings):
    """The writer before issue 16: one call per cell, fill and note."""

    terapkan = Buku.terapkan


class BukuPersegi(BukuXlwings):
    """Blocks as rectangles only (what desktop Excel and xlwings Lite get)."""

    def __init__(self, book: object) -> None:
        super().__init__(book, berlubang=False)


def _sisipan(u: Ukuran) -> list[str]:
    """LEMBAR:BARIS:N for the rows a size needs beyond the template's prepared rows, inserted
    bottom-up within each sheet (so each row number is still the template's)."""
    jumlah_anggaran = u.program * (1 + u.kegiatan * (1 + u.sub))
    perlu = [
        (S.RENSTRA, u.indikator),
        (S.RKT, u.indikator),
        (S.PK, u.indikator),
        (S.PK_PROGRAM, u.program),
        (S.PENGUKURAN, u.indikator),
        (S.PENGUKURAN_SASARAN, u.sasaran),
        (S.PENGUKURAN_MISI, u.misi),
        (S.ANGGARAN, jumlah_anggaran),
        (S.EFISIENSI, u.sasaran),
    ]
    sisip = [(t.lembar, t.baris_awal + 1, n - t.kapasitas) for t, n in perlu if n > t.kapasitas]
    sisip.sort(key=lambda x: (x[0], -x[1]))
    return [f"{lembar}:{baris}:{n}" for lembar, baris, n in sisip]


def galat_contoh(buku: BukuBerkas, tata: S.Tata) -> Rencana:
    """The two errors every size carries: the third indicator's capaian typed 1 % above its
    formula's value, the second PK program's budget 12.5 million above Anggaran's."""
    capaian = f"{S.PENGUKURAN.huruf('capaian')}{tata.awal(S.PENGUKURAN) + 2}"
    pk = f"{S.PK_PROGRAM.huruf('anggaran')}{tata.awal(S.PK_PROGRAM) + 1}"
    nilai = rujukan(baca(buku))[("Pengukuran", capaian)]
    return Rencana(
        tulis=[
            Tulis("Pengukuran", capaian, round(float(nilai) * 1.01, 2)),
            Tulis("PK", pk, float(buku.nilai("PK", pk)[0][0]) + 12_500_000),
        ]
    )


def buat_buku(skala: float, folder: Path, benih: int = 0) -> Path:
    """The bench workbook of one size (kept in `folder` between runs)."""
    u = Ukuran.kali(skala)
    path = folder / f"pd_{benih:04d}_x{skala:g}.xlsm"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    metode = list(METODE.values())[benih % len(METODE)]
    with tempfile.TemporaryDirectory(prefix="xlk-bench-") as tmp:
        kosong = Path(tmp) / "kosong.xlsm"
        kosong.write_bytes(simpan_xlsm(bangun_workbook(metode)))
        sisip = _sisipan(u)
        if sisip:  # rows inserted by LibreOffice, as a user would
            besar = Path(tmp) / "besar.xlsm"
            profil = Path(tmp) / "profil"
            subprocess.run(
                [PYTHON_UNO, str(SISIP), str(kosong), str(besar), str(profil), *sisip],
                check=True,
                timeout=600,
            )
            kosong = besar
        tata = cari_tata(BukuBerkas(kosong))
        wb = openpyxl.load_workbook(kosong, keep_vba=True)
        modul_isi = sys.modules[isi_workbook.__module__]
        with contextlib.ExitStack() as tumpuk:
            # fill the grown tables: row n of a table is its first row + n, wherever it now is
            tumpuk.enter_context(_ganti(modul_isi, "_baris", lambda t, n: tata.awal(t) + n))
            tumpuk.enter_context(_ganti(S, "BARIS_BELANJA", tata.belanja))
            isi_workbook(wb, instansi_pd(benih, ukuran=u), metode)
        isi = Path(tmp) / "isi.xlsm"
        wb.save(isi)
        buku = BukuBerkas(isi)
        for aksi in (hitung_capaian, hitung_efisiensi):  # formulas for every row, as Hitung does
            buku.terapkan(aksi(buku))
        buku.terapkan(galat_contoh(buku, tata))
        buku.simpan(path)
        buku.tutup()
    return path


@contextlib.contextmanager
def _ganti(obj: object, nama: str, nilai: object) -> Iterator[None]:
    """`obj.nama` set to `nilai` for the duration (a bench-only patch of the filler)."""
    lama = getattr(obj, nama)
    setattr(obj, nama, nilai)
    try:
        yield
    finally:
        setattr(obj, nama, lama)


def sesi(path: Path, kerja: Path) -> list[tuple[str, int, int, int, Counter]]:
    """Click every button in order; per button: label, actions cell by cell, in rectangles,
    in blocks per sheet, and the kinds of the block actions."""
    hasil = []
    for i, (tombol, label) in enumerate(TOMBOL):
        lama = len(aksi_tulis(klik(path, tombol, BukuSelPerSel)))
        persegi = len(aksi_tulis(klik(path, tombol, BukuPersegi)))
        aksi = klik(path, tombol)
        blok = aksi_tulis(aksi)
        hasil.append((label, lama, persegi, len(blok), Counter(a["func"] for a in blok)))
        berikut = kerja / f"{path.stem}_{i + 1}.xlsm"
        simpan_seperti_excel(path, aksi, berikut)
        path = berikut
    return hasil


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--folder", type=Path, default=Path("/tmp/bench_tulis"))
    ap.add_argument("--skala", type=float, nargs="*", default=[1, 2])
    ap.add_argument("--berkas", type=Path, nargs="*", default=[], help="workbooks to click as well")
    a = ap.parse_args()
    buku = []
    for skala in a.skala:
        t = time.perf_counter()
        path = buat_buku(skala, a.folder)
        u = Ukuran.kali(skala)
        buku.append(
            (
                path,
                f"{u.indikator} indikator, {u.sasaran} sasaran, {u.misi} misi, {u.program} "
                f"program, {u.program * (1 + u.kegiatan * (1 + u.sub))} baris anggaran "
                f"(siap dalam {time.perf_counter() - t:.1f} s)",
            )
        )
    buku += [(p, "") for p in a.berkas]
    for path, uraian in buku:
        print(f"\n{path.name}: {uraian}")
        with tempfile.TemporaryDirectory(prefix="xlk-sesi-") as kerja:
            baris = sesi(path, Path(kerja))
        print(f"{'tombol':<18}{'per sel':>9}{'persegi':>9}{'blok':>6}  aksi blok")
        for label, lama, persegi, blok, jenis in baris:
            rincian = ", ".join(f"{k} {v}" for k, v in sorted(jenis.items()))
            print(f"{label:<18}{lama:>9}{persegi:>9}{blok:>6}  {rincian}")


if __name__ == "__main__":
    main()
