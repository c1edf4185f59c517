"""Renders what `xlkinerja pasang` does to a workbook for docs/pasang.md: the xlwings.conf
sheet before and after, as LibreOffice prints it (LibreOffice → PDF → PNG).

Run from the repository root: python docs/buat_gambar_pasang.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

from xlkinerja.mesin.libreoffice import konversi
from xlkinerja.muka.pasang import pasang_berkas

DOCS = Path(__file__).resolve().parent
TEMPLAT = DOCS.parent / "workbooks" / "template_lkjip.xlsm"
CONTOH_PY = r"C:\Users\staf\AppData\Local\xlkinerja\0.1.0\venv\Scripts\pythonw.exe"


def render_conf(xlsm: Path, keluar: Path) -> Path:
    """The xlwings.conf sheet of `xlsm` alone, printed, trimmed to its content."""
    from PIL import Image, ImageChops

    wb = openpyxl.load_workbook(xlsm)  # a copy for the picture only
    for ws in list(wb.worksheets):
        if ws.title != "xlwings.conf":
            wb.remove(ws)
    ws = wb["xlwings.conf"]
    ws.print_area = "A1:B9"
    ws.print_options.gridLines = True
    ws.print_options.headings = True
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "conf.xlsx"
        wb.save(src)
        (pdf,) = konversi([src], Path(tmp), ke="pdf")
        prefix = Path(tmp) / "hal"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(prefix)], check=True
        )
        im = Image.open(prefix.with_suffix(".png")).convert("RGB")
    im = im.crop((0, 0, im.width, im.height // 3))  # the table, not the page footer
    kotak = ImageChops.difference(im, Image.new("RGB", im.size, "white")).getbbox()
    if kotak:
        im = im.crop((max(kotak[0] - 15, 0), max(kotak[1] - 15, 0), kotak[2] + 15, kotak[3] + 15))
    im.save(keluar, optimize=True)
    return keluar


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        buku = Path(tmp) / "template_lkjip.xlsm"
        shutil.copy(TEMPLAT, buku)
        render_conf(buku, DOCS / "pasang_conf_sebelum.png")
        pasang_berkas(buku, "win", CONTOH_PY)
        render_conf(buku, DOCS / "pasang_conf_sesudah.png")
    print("docs/pasang_conf_sebelum.png, docs/pasang_conf_sesudah.png")


if __name__ == "__main__":
    main()
