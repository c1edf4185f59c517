"""Rebuild docs/laporan.png: the Bab III page of the Word LKjIP for the Jember example
(xlkinerja laporan → LibreOffice PDF → pdftoppm). Run: python docs/buat_gambar_laporan.py"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.keluaran.word import buat_laporan, ke_pdf
from xlkinerja.templat.baca import baca
from xlkinerja.templat.bangun import simpan_xlsm
from xlkinerja.templat.contoh import bangun_contoh

HALAMAN = 3  # Bab III, Tabel 3.1 and 3.2

if __name__ == "__main__":
    docs = Path(__file__).parent
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        xlsm = t / "jember_2023.xlsm"
        xlsm.write_bytes(simpan_xlsm(bangun_contoh("jember_2023", False)))
        data, _ = buat_laporan(baca(BukuBerkas(xlsm)))
        docx = t / "LKjIP.docx"
        docx.write_bytes(data)
        pdf = ke_pdf(docx, t)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                str(HALAMAN),
                "-l",
                str(HALAMAN),
                "-singlefile",
                str(pdf),
                str(docs / "laporan"),
            ],
            check=True,
        )
    print(docs / "laporan.png")
