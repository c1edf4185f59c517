"""Rebuild the print screenshots in docs/: pages of the Jember example workbook as printed
(Pengaturan, Pengukuran, Anggaran), of the rekap over workbooks/contoh, and of the Word LKjIP
(Bab III tables, budget table), each LibreOffice → PDF → PNG (pdftoppm -r 60).

Run from the repository root: python docs/buat_gambar_cetak.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
DOCS = AKAR / "docs"
CONTOH = AKAR / "workbooks" / "contoh"


def _halaman(pdf: Path, penanda: str) -> int:
    """The first page whose text holds `penanda`."""
    n = 1
    while True:
        p = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
        )
        if p.returncode != 0 or not p.stdout.strip() and n > 60:
            raise SystemExit(f"{pdf.name}: '{penanda}' tidak ditemukan")
        if penanda in p.stdout:
            return n
        n += 1


def _png(pdf: Path, penanda: str, keluar: Path) -> Path:
    n = _halaman(pdf, penanda)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", str(n), "-l", str(n), "-singlefile", str(pdf)]
        + [str(keluar.with_suffix(""))],
        check=True,
    )
    return keluar


def _jalankan(*arg: str) -> None:
    subprocess.run([sys.executable, "-m", "xlkinerja", *arg], check=True, cwd=AKAR)


def main() -> int:
    from xlkinerja.keluaran.word import ke_pdf
    from xlkinerja.mesin.libreoffice import konversi

    dibuat = []
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (buku,) = konversi([CONTOH / "jember_2023.xlsm"], t, ke="pdf")
        for penanda, nama in (
            ("Tahun laporan", "cetak_pengaturan.png"),
            ("Pengukuran kinerja (Tabel 3.1)", "cetak_pengukuran.png"),
            ("Realisasi anggaran per program", "cetak_anggaran.png"),
        ):
            dibuat.append(_png(buku, penanda, DOCS / nama))
        _jalankan("rekap", str(CONTOH), "-o", str(t / "rekap.xlsx"))
        (rekap,) = konversi([t / "rekap.xlsx"], t, ke="pdf")
        dibuat.append(_png(rekap, "Capaian kinerja dan serapan", DOCS / "cetak_rekap.png"))
        _jalankan("laporan", str(CONTOH / "jember_2023.xlsm"), "-o", str(t / "LKjIP.docx"))
        word = ke_pdf(t / "LKjIP.docx", t)
        dibuat.append(_png(word, "BAB III AKUNTABILITAS KINERJA", DOCS / "laporan.png"))
        dibuat.append(_png(word, "Realisasi Anggaran per Program", DOCS / "laporan_anggaran.png"))
    for p in dibuat:
        print(p.relative_to(AKAR))
    return 0


if __name__ == "__main__":
    sys.exit(main())
