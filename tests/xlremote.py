"""Test helpers: an xlwings remote-engine payload from a file, and applying returned actions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import xlwings as xw
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter


def _json(v):
    if v is None:
        return ""
    if isinstance(v, (dt.date, dt.datetime)):  # as Office.js sends dates: ISO, ms, UTC
        if not isinstance(v, dt.datetime):
            v = dt.datetime(v.year, v.month, v.day)
        return v.isoformat(timespec="milliseconds") + "Z"
    return v


def payload(path: Path) -> dict:
    """What an Office.js client would send: each sheet's shown values from A1, names, notes."""
    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        values = [
            [_json(c.value) for c in row]
            for row in ws.iter_rows(min_row=1, min_col=1, max_row=ws.max_row, max_col=ws.max_column)
        ]
        sheets.append(
            {
                "name": ws.title,
                "values": values,
                "pictures": [],
                "tables": [],
                "notes": [],
                "visibility": "Visible",
            }
        )
    idx = {ws.title: i for i, ws in enumerate(wb.worksheets)}
    names = []
    for n, dn in wb.defined_names.items():
        for lembar, ref in dn.destinations:
            if lembar not in idx:  # the sheet was deleted: Excel shows the name as #REF!
                continue
            names.append(
                {
                    "name": n,
                    "sheet_index": idx[lembar],
                    "address": ref,
                    "book_scope": True,
                    "scope_sheet_name": None,
                    "scope_sheet_index": None,
                    "refers_to": f"={lembar}!{ref}",
                }
            )
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"},
        "names": names,
        "sheets": sheets,
    }


def terapkan_aksi(path: Path, actions: list[dict], keluar: Path) -> list[str]:
    """Apply remote-engine actions to a copy of `path` (what Excel would do); returns alerts."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    alerts = []
    for a in actions:
        f = a["func"]
        if f == "alert":
            alerts.append(str(a["args"][0]))
            continue
        ws = wb.worksheets[a["sheet_position"]]
        r0, c0 = a["start_row"] + 1, a["start_column"] + 1
        if f in ("setValues", "setFormula"):
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    ws.cell(r0 + i, c0 + j).value = None if v == "" else v
        elif f == "setRangeColor":
            warna = a["args"][0]
            for i in range(a["row_count"]):
                for j in range(a["column_count"]):
                    ws.cell(r0 + i, c0 + j).fill = (
                        PatternFill("solid", fgColor=warna.lstrip("#").upper())
                        if warna
                        else PatternFill(fill_type=None)
                    )
        elif f in ("addNote", "setNoteText"):
            alamat, teks = a["args"][0], a["args"][1]
            ws[alamat.replace("$", "")].comment = Comment(teks, "xlkinerja", width=300, height=120)
        elif f == "deleteNote":
            ws[a["args"][0].replace("$", "")].comment = None
        else:
            raise AssertionError(f"aksi xlwings tak terduga: {f}")
    wb.save(keluar)
    return alerts


def isi_sel(path: Path) -> dict[tuple[str, str], tuple]:
    """Every non-empty cell: (value or formula, solid fill, note text)."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                fill = c.fill.fgColor.rgb[-6:] if c.fill and c.fill.fill_type == "solid" else None
                note = c.comment.text if c.comment else None
                if c.value is not None or note:
                    out[(ws.title, c.coordinate)] = (c.value, fill, note)
    return out


__all__ = ["get_column_letter", "isi_sel", "payload", "terapkan_aksi"]
