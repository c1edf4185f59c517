"""Cell values in the interchange format: JSON scalars as they are; dates, Excel errors and
formulas as one-key objects."""

from __future__ import annotations

import datetime as dt

from xlkinerja.inti.rumus import Galat, Nilai

GALAT = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!")
)
JUMLAH_ANAK = "jumlah_anak"  # a parent budget row's sum of its children (the template's formula)


class NilaiTidakSah(ValueError):
    """A value the format cannot hold or read; the message names the JSON path."""


def ke_json(v: object) -> object:
    """A cell value (or a formula text '=...') as JSON."""
    if isinstance(v, Galat) or (isinstance(v, str) and v in GALAT):
        # readers give Excel's error values as their text (as openpyxl does)
        return {"galat": str(v)}
    if isinstance(v, dt.datetime):
        if v.time() == dt.time(0):
            return {"tanggal": v.date().isoformat()}
        return {"tanggal": v.isoformat(timespec="seconds")}
    if isinstance(v, dt.date):
        return {"tanggal": v.isoformat()}
    if isinstance(v, dt.time):
        return {"jam": v.isoformat(timespec="seconds")}
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


def dari_json(v: object, jalur: str) -> Nilai | dt.date | dt.datetime | dt.time:
    """The cell value a JSON value stands for ('=...' text for a formula)."""
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, dict) and len(v) == 1:
        ((k, x),) = v.items()
        if k == "galat" and isinstance(x, str) and x in GALAT:
            return Galat(x)
        if k == "tanggal" and isinstance(x, str):
            try:
                return dt.datetime.fromisoformat(x)
            except ValueError:
                pass
        if k == "jam" and isinstance(x, str):
            try:
                return dt.time.fromisoformat(x)
            except ValueError:
                pass
        if k == "rumus" and isinstance(x, str) and x.startswith("="):
            return x
    raise NilaiTidakSah(
        f"{jalur}: {v!r} bukan nilai sel; tulis angka, teks, true/false, null, "
        '{"tanggal": "2024-01-31"}, {"galat": "#N/A"} atau {"rumus": "=..."}'
    )
