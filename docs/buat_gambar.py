"""Renders the filled sample's Pengukuran and Anggaran sheets to PNG: LibreOffice → PDF → PNG.

Run from the repository root: python docs/buat_gambar.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from xlkinerja.inti.metode import muat
from xlkinerja.mesin.libreoffice import konversi
from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import bangun_workbook
from xlkinerja.templat.isi import isi_workbook
from xlkinerja.templat.sampel import instansi_sampel

DOCS = Path(__file__).resolve().parent


def render(
    lembar: str,
    area: str,
    tabel: list[S.Tabel],
    keluar: Path,
    lanskap: bool,
    metode: str = "jember_2023",
) -> Path:
    m = muat(metode)
    wb = bangun_workbook(m)
    isi_workbook(wb, instansi_sampel(), m)
    for ws in wb.worksheets:
        if ws.title != lembar:
            ws.sheet_state = "hidden"
    ws = wb[lembar]
    wb.active = wb.worksheets.index(ws)
    # Show the filled rows only: hide the prepared empty rows of each table.
    for t in tabel:
        kol = t.indeks(t.kunci_baris)
        for r in range(t.baris_awal, t.baris_akhir + 1):
            if ws.cell(r, kol).value in (None, ""):
                ws.row_dimensions[r].hidden = True
        for r in range(t.baris_awal, t.baris_akhir + 1):
            if not ws.row_dimensions[r].hidden:
                baris = max(
                    len(str(ws.cell(r, i).value or "")) / max(k.lebar - 1, 1)
                    for i, k in enumerate(t.kolom, 1)
                    if isinstance(ws.cell(r, i).value, str)
                    and not str(ws.cell(r, i).value).startswith("=")
                )
                ws.row_dimensions[r].height = 15 * max(1, -(-baris // 1))
    ws.print_area = area
    ws.print_title_rows = None
    ws.page_setup.orientation = "landscape" if lanskap else "portrait"
    ws.page_setup.fitToHeight = 1
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{lembar}.xlsx"
        wb.save(src)
        (pdf,) = konversi([src], Path(tmp), ke="pdf")
        prefix = Path(tmp) / "hal"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(prefix)], check=True
        )
        _pangkas(prefix.with_suffix(".png"), keluar)
    return keluar


def _pangkas(src: Path, keluar: Path) -> None:
    """Trim the white page margins."""
    from PIL import Image, ImageChops

    im = Image.open(src).convert("RGB")
    kotak = ImageChops.difference(im, Image.new("RGB", im.size, "white")).getbbox()
    if kotak:
        im = im.crop((max(kotak[0] - 20, 0), max(kotak[1] - 20, 0), kotak[2] + 20, kotak[3] + 20))
    im.save(keluar, optimize=True)


def main() -> int:
    n_ind = len(instansi_sampel().semua_indikator())
    n_ang = len(list(instansi_sampel().baris_anggaran()))
    t = S.PENGUKURAN
    akhir_p = S.BARIS_KESELURUHAN
    render(
        "Pengukuran",
        f"A1:{t.huruf('keterangan')}{akhir_p}",
        [S.PENGUKURAN, S.PENGUKURAN_SASARAN, S.PENGUKURAN_MISI],
        DOCS / "pengukuran.png",
        True,
    )
    a = S.ANGGARAN
    render(
        "Anggaran",
        f"A1:{a.huruf('keterangan')}{S.BARIS_BELANJA + len(S.JENIS_BELANJA)}",
        [S.ANGGARAN],
        DOCS / "anggaran.png",
        False,
    )
    print(f"docs/pengukuran.png ({n_ind} indikator), docs/anggaran.png ({n_ang} baris anggaran)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
