"""Comparing and formatting cell values, for every check, message and report."""

from __future__ import annotations

import math

from xlkinerja.inti.angka import format_angka
from xlkinerja.inti.rumus import Nilai, is_number


def sama(a: Nilai, b: Nilai) -> bool:
    """A value shown against the reference: blanks alike, numbers within 1e-9, texts without
    case and surrounding spaces (as Excel compares text)."""
    if a in (None, "") and b in (None, ""):
        return True
    if is_number(a) and is_number(b):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().casefold() == b.strip().casefold()
    return a == b


def sama_persis(a: Nilai, b: Nilai) -> bool:
    """A cached value against the recomputed one: numbers within 1e-9, logicals, texts and
    errors exactly."""
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or a == b and type(a) is type(b)
    if is_number(a) and is_number(b):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, str) and isinstance(b, str):
        return str(a) == str(b)
    return a == b


def teks(v: object) -> str:
    """A value in a finding's message (Indonesian numbers, up to 3 decimals when needed)."""
    if isinstance(v, bool):
        return str(v)
    if is_number(v):
        x = float(v)
        if x.is_integer():
            return format_angka(x, 0)
        return format_angka(x, 3) if round(x, 2) != x else format_angka(x, 2)
    if isinstance(v, dict):
        return ", ".join(f"{k} {n}" for k, n in v.items())
    return "kosong" if v in (None, "") else str(v)


def teks_singkat(v: Nilai) -> str:
    """A value in an action's message (0 or 2 decimals)."""
    if is_number(v):
        x = float(v)
        return format_angka(x, 0) if x.is_integer() else format_angka(x, 2)
    return "kosong" if v in (None, "") else str(v)


def teks_audit(v: Nilai) -> str:
    """A stored or recomputed value in an audit message (logicals as Excel shows them)."""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, str) and v == "":
        return "teks kosong"
    return teks_singkat(v)
