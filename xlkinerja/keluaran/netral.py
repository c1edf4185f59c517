"""Text taken from a user's workbook, written into our outputs as text and never as a formula
(CSV/Excel formula injection, OWASP), and the marker our own report workbooks carry.

A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what Excel,
LibreOffice and Google Sheets may run as a formula (``=HYPERLINK(...)``, ``=cmd|' /c calc'!A0``):

- in an .xlsx written by openpyxl (`isi_sel`) it is a string cell with Excel's quote prefix (the
  cell stays text even when edited); openpyxl would otherwise store ``=...`` as a formula;
- in CSV (`netral_csv`) it gets a leading ``'``, as OWASP recommends;
- in a workbook written through a `Rencana` (`netral_tulis`), where a text starting with ``=``
  means a formula, it gets a leading space (shown, not entered).

Numbers stay numbers: only text is neutralised.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

AWALAN_RUMUS = ("=", "+", "-", "@", "\t", "\r")

#: Custom document property our report workbooks (rekap, periksa/audit -f xlsx) carry; its
#: value says which report. Recognised by `jenis_keluaran` so a report is never read as input.
PENANDA = "xlkinerja_keluaran"
_PENANDA = re.compile(
    rb'<property[^>]*name="' + PENANDA.encode() + rb'"[^>]*>\s*<vt:lpwstr[^>]*>([^<]*)<'
)
_MAKS_PROPERTI = 1 << 20  # a docProps/custom.xml larger than this is not ours


def berbahaya(v: object) -> bool:
    """Whether `v` is a text a spreadsheet may run as a formula."""
    return isinstance(v, str) and v.startswith(AWALAN_RUMUS)


def netral_csv(v: object) -> object:
    """A CSV field: a dangerous text with a leading ``'``; anything else unchanged."""
    return "'" + v if berbahaya(v) else v


def netral_tulis(v: object) -> object:
    """A value for a `Tulis` of text read from a workbook: a leading space before a dangerous
    text (a `Tulis` of ``=...`` would be a formula; Excel runs ``+``/``-``/``@`` typed through
    xlwings as one too). Numbers, and the lone ``-`` LKjIP uses for "none", unchanged."""
    return " " + v if berbahaya(v) and v != "-" else v


def isi_sel(ws: Any, baris: int, kolom: int, v: object) -> Any:
    """Set an openpyxl cell to `v`: numbers, dates and empties as they are, every text as a
    string cell (never a formula), a dangerous one with the quote prefix. Returns the cell."""
    c = ws.cell(baris, kolom)
    c.value = v
    if isinstance(v, str):
        c.data_type = "s"  # openpyxl stores a str starting with "=" as a formula
        if berbahaya(v):
            c.quotePrefix = True
    return c


def beri_penanda(wb: Any, jenis: str) -> None:
    """Mark an openpyxl workbook as an xlkinerja report of kind `jenis` (custom property)."""
    from openpyxl.packaging.custom import StringProperty

    wb.custom_doc_props.append(StringProperty(name=PENANDA, value=jenis))


def jenis_keluaran(path: Path) -> str | None:
    """The kind of xlkinerja report `path` is (its `PENANDA`), or None: not one, or not a
    readable zip. Reads only docProps/custom.xml (at most 1 MB); never raises."""
    try:
        with zipfile.ZipFile(path) as z:  # the central directory only
            info = z.getinfo("docProps/custom.xml")
            if info.file_size > _MAKS_PROPERTI:
                return None
            with z.open(info) as f:
                xml = f.read(_MAKS_PROPERTI + 1)
    except Exception:  # noqa: BLE001 - any unreadable file is simply not one of ours
        return None
    m = _PENANDA.search(xml)
    return m.group(1).decode("utf-8", "replace") if m else None


__all__ = [
    "AWALAN_RUMUS",
    "PENANDA",
    "berbahaya",
    "beri_penanda",
    "isi_sel",
    "jenis_keluaran",
    "netral_csv",
    "netral_tulis",
]
