"""Print setup of the LKjIP workbook: every sheet fits the page width (landscape where wide), the
table header repeats on each page, the print area holds the sheet's tables, rows are tall enough
for their wrapped text, and a filled workbook built here prints its filled rows only.

Excel and LibreOffice print hidden rows as nothing and ignore a print area given as a formula
(LibreOffice) — so a workbook filled by code (the examples, samples) hides the prepared rows it
left empty; the blank template keeps every row visible for typing.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlkinerja.inti.lebar_teks import jumlah_baris
from xlkinerja.templat import skema as S

TINGGI_BARIS = 15.0  # points per line of 11 pt text
HURUF = 10.5  # pt: the Calibri 11 of the cells measured with Arial's narrower size
_POTRET = {"Petunjuk", "Pengaturan", "Skala", "xlwings.conf"}


def _lebar_pt(ws: Worksheet, kolom: int) -> float:
    """A column's width in points (Excel: width × 7 px + 5 px of padding, at 96 dpi)."""
    d = ws.column_dimensions.get(get_column_letter(kolom))
    w = d.width if d is not None and d.width else 8.43
    return (w * 7 + 5) * 0.75 - 4


def atur_tinggi_baris(ws: Worksheet, dari: int = 1) -> None:
    """Rows whose wrapped text needs more than one line get the height of that many lines
    (LibreOffice does not fit rows to their text when it opens a file, Excel not until edited)."""
    for row in ws.iter_rows(min_row=dari):
        garis = 1
        for c in row:
            v = c.value
            if not isinstance(v, str) or v.startswith("=") or not c.alignment.wrap_text:
                continue
            tebal = bool(c.font and c.font.b)
            pt = HURUF * ((c.font.sz or 11) / 11 if c.font else 1)
            garis = max(garis, jumlah_baris(v, _lebar_pt(ws, c.column), pt, tebal))
        r = row[0].row
        if garis > 1 and (ws.row_dimensions[r].height or 0) < garis * TINGGI_BARIS:
            ws.row_dimensions[r].height = garis * TINGGI_BARIS


def _sembunyikan_kosong(ws: Worksheet, tabel: list[S.Tabel]) -> None:
    """Hide the prepared rows of each table that hold nothing in the key column (and show
    again a row filled since an earlier call)."""
    for t in tabel:
        kol = t.indeks(t.kunci_baris)
        for r in range(t.baris_awal, t.baris_akhir + 1):
            kosong = ws.cell(r, kol).value in (None, "")
            if kosong or ws.row_dimensions[r].hidden:
                ws.row_dimensions[r].hidden = kosong


def _akhir(nama: str, ws: Worksheet) -> int:
    """Last row to print on a data sheet: below the last table or the fixed rows under it."""
    if nama == "Anggaran":
        return S.BARIS_BELANJA + len(S.JENIS_BELANJA)
    if nama == "Pengukuran":
        return S.BARIS_KESELURUHAN
    tabel = [t for t in S.TABEL.values() if t.lembar == nama]
    return max([t.baris_akhir for t in tabel] + [ws.max_row])


def atur_halaman(ws: Worksheet, lanskap: bool, baris_judul: int | None, area: str | None) -> None:
    """A4, fit to one page wide, header row repeated, print area (None: what the sheet holds,
    for sheets that grow such as Temuan), page number in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if lanskap else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    if baris_judul:
        ws.print_title_rows = f"{baris_judul}:{baris_judul}"
    if area:
        ws.print_area = area
    ws.oddFooter.center.text = "&A — halaman &P dari &N"


def atur_cetak(wb: Workbook, terisi: bool = False) -> None:
    """Page setup of every sheet; `terisi`: a workbook filled by code, whose empty prepared rows
    are hidden so that it prints what it holds."""
    for ws in wb.worksheets:
        nama = ws.title
        tabel = [t for t in S.TABEL.values() if t.lembar == nama]
        if tabel:
            akhir_kol = max(len(t.kolom) for t in tabel)
            area = (
                f"A1:{get_column_letter(akhir_kol)}{_akhir(nama, ws)}" if nama != "Temuan" else None
            )
            judul = tabel[0].baris_judul if nama != "Skala" else None
        else:
            area = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
            judul = 3 if nama == "Pengaturan" else None
        atur_halaman(ws, nama not in _POTRET, judul, area)
        if nama == "Petunjuk":
            # one column of wrapped text: LibreOffice does not shrink it to the page width, so
            # the column is narrower than an A4 page (95 = 17.7 cm) at a fixed scale
            ws.sheet_properties.pageSetUpPr.fitToPage = False
            ws.page_setup.scale = 90
            ws.print_options.horizontalCentered = False
        if terisi and tabel and nama != "Skala":
            _sembunyikan_kosong(ws, tabel)
        atur_tinggi_baris(ws)


__all__ = ["atur_cetak", "atur_halaman", "atur_tinggi_baris"]
