"""The `formulas` engine with the corrections xlkinerja needs to agree with Excel.

`formulas` 1.3.4 differs from Excel in functions our rules use:

* ``ROUND(1.005, 2)`` gives 1.0 (it rounds the binary value); Excel gives 1.01.
* ``TRUNC(0.29*100, 2)`` gives 28.99; Excel works on 15 significant digits and gives 29.
* ``ISNUMBER("5")`` gives TRUE for text that looks numeric; Excel gives FALSE.
* COUNTIF(S)/SUMIF(S)/AVERAGEIF(S) read a criterion text as a date with dateutil, so "M1"
  and "M2" both become the serial of some date of the current year and match each other (and the
  answer changes with the year); they also sum TRUE and numeric texts of the sum range. They are
  replaced by `inti.rumus`'s criteria (`kriteria`): Excel's reading of a criterion, one
  implementation for the engine and the Python reference.
* ``MATCH("B~~", …, 0)`` does not read ``~~`` as a literal ``~``; an exact MATCH of one text
  goes through `inti.rumus` too.

`pasang()` replaces them before any formula is compiled (compiled formulas are cached by text).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import formulas
import numpy as np
import schedula as sh
from formulas.functions import (
    FUNCTIONS,
    parse_ranges,
    wrap_func,
    wrap_ranges_func,
    wrap_ufunc,
)
from formulas.functions.info import FalseArray, iserror
from formulas.tokens.operand import Error, XlError

from xlkinerja.inti import rumus as R
from xlkinerja.inti.rumus import Galat, Nilai, bulat_excel, is_number

_PASANG = False


def _is_number(x: Any) -> bool:
    if isinstance(x, (bool, np.bool_, XlError)) or x is sh.EMPTY:
        return False
    return isinstance(x, (int, float, np.integer, np.floating))


def pasang() -> None:
    """Install Excel-faithful ROUND, TRUNC, ROUNDDOWN, ISNUMBER, and HYPERLINK (idempotent)."""
    global _PASANG
    if _PASANG:
        return
    FUNCTIONS["ROUND"] = wrap_ufunc(lambda x, d: bulat_excel(float(x), int(d), "ROUND"))
    FUNCTIONS["TRUNC"] = wrap_ufunc(lambda x, d=0: bulat_excel(float(x), int(d), "TRUNC"))
    FUNCTIONS["ROUNDDOWN"] = FUNCTIONS["TRUNC"]
    FUNCTIONS["ISNUMBER"] = wrap_ranges_func(
        functools.partial(iserror, check=_is_number, array=FalseArray)
    )
    FUNCTIONS["HYPERLINK"] = wrap_func(_hyperlink)  # shows its name (Temuan's links to cells)
    for nama in ("COUNTIF", "COUNTIFS", "SUMIF", "SUMIFS", "AVERAGEIF", "AVERAGEIFS"):
        FUNCTIONS[nama] = wrap_func(functools.partial(_fungsi_ifs, nama))
    # MINIFS/MAXIFS keep `formulas`' own code; only the criterion test is ours (an empty cell
    # reaches it as "").
    import formulas.functions.look as look

    FUNCTIONS["MATCH"] = _match_dengan(look.FUNCTIONS["MATCH"])
    look._index = _index_dengan(look._index)  # noqa: SLF001 - the element step of xindex
    import formulas.functions as ff

    setattr(ff, "__xfilter", _saring)  # noqa: B010 - the module-level name _xfilter calls
    _PASANG = True


class _Tampil(np.ndarray):
    """A view whose elements read an empty cell as `_VIDE`, so that `formulas`' INDEX (which
    turns an empty cell into 0) passes it through."""

    def __getitem__(self, k: Any) -> Any:
        v = super().__getitem__(k)
        return _VIDE if v is sh.EMPTY else v


_VIDE = object()


def _index_dengan(asli: Any) -> Any:
    """INDEX of an empty cell is that empty cell, as in Excel (a reference): `INDEX(…)=""` is
    TRUE, `INDEX(…)&""` is "", ISNUMBER is FALSE; a formula showing it alone shows 0."""

    def index(arrays: list, *args: Any) -> Any:
        arrays = [a.view(_Tampil) if type(a) is np.ndarray else a for a in arrays]
        v = asli(arrays, *args)
        if v is _VIDE:
            return sh.EMPTY
        return v.view(np.ndarray) if isinstance(v, _Tampil) else v

    return index


def _match_dengan(asli: Any) -> Any:
    """MATCH: an exact match (type 0) of one text through `inti.rumus.cari_persis` (Excel's
    wildcards, ~ escapes included); everything else by `formulas`."""

    def match(*args: Any) -> Any:
        nilai, _ = parse_ranges(*args)
        if len(nilai) == 3 and not isinstance(nilai[0], XlError):
            x, arr, jenis = (np.asarray(v, dtype=object) for v in nilai)
            if x.size == 1 and jenis.size == 1 and arr.ndim <= 2:
                if x.ravel()[0] is sh.EMPTY and dari_engine(jenis) == 0:
                    return Error.errors["#N/A"]  # an empty lookup cell finds nothing
                x0, j = dari_engine(x), dari_engine(jenis)
                if isinstance(x0, str) and not isinstance(x0, Galat) and j == 0:
                    if arr.ndim == 2 and min(arr.shape) > 1:
                        return Error.errors["#N/A"]  # not one row or one column
                    return _ke_galat(R.cari_persis(x0, [dari_engine(v) for v in arr.ravel()]))
        return asli(*args)

    return functools.update_wrapper(match, asli)


def _ke_galat(v: Nilai) -> Any:
    return Error.errors.get(str(v), Error.errors["#VALUE!"]) if isinstance(v, Galat) else v


def _saring(test_range: dict, condition: Any) -> np.ndarray:
    """`formulas`' per-criterion filter (for MINIFS/MAXIFS), with Excel's criteria."""
    cocok = R.kriteria(dari_engine(condition))
    raw = np.asarray(test_range["raw"], dtype=object)
    return np.vectorize(lambda v: cocok(dari_engine(v)), otypes=[bool])(raw)


def _ukuran(a: Any) -> tuple[int, ...]:
    return np.shape(a) if isinstance(a, np.ndarray) else ()


def _fungsi_ifs(nama: str, *args: Any) -> Any:
    """COUNTIF(S), SUMIF(S), AVERAGEIF(S) through `inti.rumus` (criteria as Excel reads them;
    only numbers of the sum/average range count). A criterion given as a range gives an array,
    one result per criterion cell, as in Excel."""
    if nama == "COUNTIF":
        nama, args = "COUNTIFS", args[:2]
    elif nama in ("SUMIF", "AVERAGEIF"):
        rentang, krit = args[0], args[1]
        data = args[2] if len(args) > 2 else rentang
        if _ukuran(data) != _ukuran(rentang) and _ukuran(data) and _ukuran(rentang):
            r, c = _ukuran(rentang)
            data = np.asarray(data, dtype=object)[:r, :c]  # Excel takes sum_range's top left
        nama, args = nama + "S", (data, rentang, krit)
    posisi = range(1 if nama == "COUNTIFS" else 2, len(args), 2)  # the criteria
    nilai = [dari_engine(a) if i not in posisi else None for i, a in enumerate(args)]
    krit = {i: np.asarray(args[i], dtype=object) for i in posisi}
    bentuk = np.broadcast_shapes(*(k.shape for k in krit.values())) if krit else ()
    hasil = np.empty(bentuk, dtype=object)
    for idx in np.ndindex(*bentuk) if bentuk else [()]:
        for i, k in krit.items():
            x = k[tuple(j if n > 1 else 0 for j, n in zip(idx, k.shape))] if k.ndim else k[()]
            nilai[i] = dari_engine(x)
        hasil[idx] = _ke_galat(R.fungsi_excel(nama, nilai))
    return hasil[()] if hasil.size == 1 else hasil


def _hyperlink(tautan: Any, nama: Any = None) -> Any:
    """HYPERLINK(link; [name]) shows `name`, or the link when there is none."""
    v = np.asarray(tautan if nama is None else nama, dtype=object).ravel()[0]
    return "" if v is sh.EMPTY else v


pasang()


@functools.lru_cache(maxsize=4096)
def kompilasi(rumus: str) -> Any:
    """Compile one formula once; the result is called with its inputs in `.inputs` order."""
    return formulas.Parser().ast(rumus)[1].compile()


def _ke_engine(v: Nilai) -> Any:
    """Cell values as the engine holds them: 2-D object arrays, blanks as EMPTY."""
    rows = [r if isinstance(r, list) else [r] for r in v] if isinstance(v, list) else [[v]]
    return np.array([[sh.EMPTY if x is None else x for x in r] for r in rows], dtype=object)


def dari_engine(v: Any) -> Nilai:
    """Convert an engine result to a plain Python value (float, str, bool, None or Galat)."""
    while isinstance(v, np.ndarray):
        if v.size != 1:
            return [dari_engine(x) for x in v.ravel().tolist()]
        v = v.ravel()[0]
    if isinstance(v, XlError):
        return Galat(str(v))
    if v is sh.EMPTY:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if is_number(v) or isinstance(v, (np.integer, np.floating)):
        return float(v)
    return v


def evaluasi(rumus: str, nilai: Mapping[str, Nilai]) -> Nilai:
    """Evaluate one formula; `nilai` maps each reference as written (e.g. "E5", "A1:A8")."""
    fn = kompilasi(rumus)
    norm = {_norm(k): v for k, v in nilai.items()}
    args = []
    for ref in fn.inputs:
        v = norm.get(_norm(ref))
        if isinstance(v, list) and len(v) == 1 and ":" not in ref:
            v = v[0]  # the engine reads a one-cell range such as A2:A2 as the cell A2
        args.append(_ke_engine(v))
    return dari_engine(fn(*args))


def _norm(ref: str) -> str:
    ref = ref.replace("$", "").upper()
    if ":" in ref:
        a, b = ref.split(":", 1)
        if a == b or a.split("!")[-1] == b:
            return a
    return ref


def hitung_buku(path: str) -> dict[str, dict[str, Nilai]]:
    """Load a workbook in the full `formulas` model and calculate it: {sheet: {cell: value}}.

    Slow (seconds); used as the independent second opinion in tests and benchmarks.
    """
    import os

    xm = formulas.ExcelModel().loads(str(path)).finish()
    sol = xm.calculate()
    nama = os.path.basename(str(path)).upper()
    out: dict[str, dict[str, Nilai]] = {}
    for key, val in sol.items():
        k = str(key)
        if "!" not in k or ":" in k.split("!")[1]:
            continue
        lembar, sel = k.rsplit("!", 1)
        lembar = lembar.strip("'")
        if lembar.upper().startswith(f"[{nama}]"):
            lembar = lembar[len(nama) + 2 :]
        v = getattr(val, "value", val)
        out.setdefault(lembar.upper(), {})[sel] = dari_engine(v)
    return out
