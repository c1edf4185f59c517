"""Test helpers: an xlwings remote-engine payload from a file, and applying returned actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def payload(path: Path, kalkulasi: str | None = None) -> dict:
    """What an Office.js client would send: each sheet's shown values from A1, names, the
    cells holding a note (their text is not sent) and, with `kalkulasi` ("Automatic",
    "Manual"), the calculation mode as newer clients send it."""
    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        values = []
        notes = []
        for row in ws.iter_rows(min_row=1, min_col=1, max_row=ws.max_row, max_col=ws.max_column):
            values.append([_json(c.value) for c in row])
            notes += [{"address": c.coordinate} for c in row if c.comment is not None]
        sheets.append(
            {
                "name": ws.title,
                "values": values,
                "pictures": [],
                "tables": [],
                "notes": notes,
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
    book = {"name": path.name, "active_sheet_index": 0, "selection": "A1"}
    if kalkulasi:
        book["calculation"] = kalkulasi
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": book,
        "names": names,
        "sheets": sheets,
    }


def _isi(ws, r0: int, c0: int, values: list[list]) -> None:
    """Office.js: null leaves a cell unchanged, "" empties it."""
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            if v is not None:
                ws.cell(r0 + i, c0 + j).value = None if v == "" else v


def _isi_warna(c, warna: str | None) -> None:
    c.fill = (
        PatternFill("solid", fgColor=warna.lstrip("#").upper())
        if warna
        else PatternFill(fill_type=None)
    )


def terapkan_aksi(
    path: Path, actions: list[dict], keluar: Path, keep_vba: bool = True
) -> list[str]:
    """Apply remote-engine actions to a copy of `path` (what Excel would do); returns alerts.
    Workbook-level settings (screen updating, calculation) change nothing in the file."""
    wb = openpyxl.load_workbook(path, keep_vba=keep_vba)
    alerts = []
    for a in actions:
        f = a["func"]
        if f == "alert":
            alerts.append(str(a["args"][0]))
            continue
        if f in ("setScreenUpdating", "setCalculation", "calculate"):
            continue
        ws = wb.worksheets[a["sheet_position"]]
        r0, c0 = a["start_row"] + 1, a["start_column"] + 1
        if f in ("setValues", "setFormula"):
            assert len(a["values"]) == a["row_count"], a
            assert all(len(row) == a["column_count"] for row in a["values"]), a
            _isi(ws, r0, c0, a["values"])
        elif f == "setRangeColor":
            for i in range(a["row_count"]):
                for j in range(a["column_count"]):
                    _isi_warna(ws.cell(r0 + i, c0 + j), a["args"][0])
        elif f == "setRangeColors":
            for i, row in enumerate(a["args"][0]):
                for j, warna in enumerate(row):
                    if warna != "keep":
                        _isi_warna(ws.cell(r0 + i, c0 + j), warna)
        elif f in ("addNote", "setNoteText"):
            alamat, teks = a["args"][0], a["args"][1]
            ws[alamat.replace("$", "")].comment = Comment(teks, "xlkinerja", width=300, height=120)
        elif f == "deleteNote":
            ws[a["args"][0].replace("$", "")].comment = None
        else:
            raise AssertionError(f"aksi xlwings tak terduga: {f}")
    wb.save(keluar)
    return alerts


def isi_sel(path: Path | openpyxl.Workbook) -> dict[tuple[str, str], tuple]:
    """Every non-empty cell: (value or formula, solid fill, note text)."""
    wb = path if isinstance(path, openpyxl.Workbook) else openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                fill = c.fill.fgColor.rgb[-6:] if c.fill and c.fill.fill_type == "solid" else None
                note = c.comment.text if c.comment else None
                if c.value is not None or note:
                    out[(ws.title, c.coordinate)] = (c.value, fill, note)
    return out


def aksi_tulis(actions: list[dict]) -> list[dict]:
    """The actions that change the workbook or Excel (alerts left out)."""
    return [a for a in actions if a["func"] != "alert"]


def klik(
    path: Path, tombol: str, buku: Callable[[Any], Any] | None = None, kalkulasi: str | None = None
) -> list[dict]:
    """One ribbon click through xlwings' remote engine on the saved workbook `path`, as the
    ribbon runs it (`muka.tombol.jalankan`); returns the actions xlwings built. The book is
    named by its full path, as desktop Excel names a saved file (Audit Rumus reads it)."""
    from xlkinerja.buku.excel import BukuXlwings
    from xlkinerja.muka.tombol import jalankan

    data = payload(path, kalkulasi)
    data["book"]["name"] = str(path.resolve())
    book = xw.Book(json=data)
    jalankan((buku or BukuXlwings)(book), tombol)
    return book.json()["actions"]


def simpan_seperti_excel(path: Path, actions: list[dict], keluar: Path) -> list[str]:
    """Apply the actions to a copy of `path`, then store the values Excel would show after
    recalculating (xlkinerja's evaluator), so that the next click sees them; returns alerts.
    The VBA project is not kept: openpyxl would write the notes' drawing part twice."""
    from xlkinerja.buku.paket import isi_nilai_tersimpan
    from xlkinerja.mesin.evaluasi import hitung

    alerts = terapkan_aksi(path, actions, keluar, keep_vba=False)
    nilai = hitung(openpyxl.load_workbook(keluar)).nilai
    keluar.write_bytes(isi_nilai_tersimpan(keluar.read_bytes(), nilai))
    return alerts


__all__ = [
    "aksi_tulis",
    "get_column_letter",
    "isi_sel",
    "klik",
    "payload",
    "simpan_seperti_excel",
    "terapkan_aksi",
]
