"""Fast evaluation of every formula in a workbook with the patched `formulas` engine.

Copied formulas share one R1C1 form (a "group"). Each group is compiled once with
`mesin.kompilasi`, on its A1 text with every distinct reference replaced by a placeholder cell
(so groups differing only in their references, e.g. the same rule in two columns, share one
compilation); every cell of the group then feeds the compiled function its own references, found
from the R1C1 offsets. Cells are evaluated in dependency order (Tarjan's algorithm, which also
finds circular references).

The compiled function is not run through `schedula`: its graph becomes plain closures calling the
same engine functions, IF / IFERROR / IFNA evaluate only the branch they return (as Excel does),
and a group's result is reused for cells whose inputs are equal (e.g. empty template rows).
Results are finished as the full `formulas` model finishes a cell (blank -> 0, a multi-cell
result reduced to the cell), so values equal `mesin.hitung_buku`.

Conventions: a cell in a circular reference gets the error value ``#CIRC!`` (it propagates to its
dependants like any Excel error); a cell using a function the engine lacks gets ``#NAME?`` (as the
full model gives); a cell that could not be parsed or whose evaluation raised gets ``#VALUE!``.
Not supported (reported in `galat`): the intersection / union operators on ranges, 3-D and
external references, structured references (`Tabel[@Kolom]`).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import re
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import schedula as sh
from formulas.functions import get_functions, not_implemented, replace_empty
from formulas.ranges import Ranges, _reshape_array_as_excel
from formulas.tokens.operand import Error, XlError
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
)
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.workbook import Workbook

from xlkinerja.inti.rumus import Nilai
from xlkinerja.mesin import koreksi as mesin

MAKS_BARIS = 1_048_576
MAKS_KOLOM = 16_384
BATAS_PADAT = 4_000_000  # cells of one sheet's dense value grid (else a dict of the cells)
BATAS_RENTANG = 20_000_000  # cells of one range read by a formula (A:A is 1 048 576)

CIRC = XlError("#CIRC!")
_VALUE = Error.errors["#VALUE!"]
_NAME = Error.errors["#NAME?"]
_REF = Error.errors["#REF!"]

Sel = tuple[str, str]  # (sheet title, "L6")

# --- A1 scanning ----------------------------------------------------------------------------

_SEL = r"\$?[A-Za-z]{1,3}\$?\d+"
_KOL = r"\$?[A-Za-z]{1,3}"
_BRS = r"\$?\d+"
_LEMBAR = r"'(?:[^']|'')+'|[A-Za-z_\\][\w.]*"
_TOKEN = re.compile(
    rf"""
    (?P<str>"(?:[^"]|"")*")
  | (?P<err>\#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA))
  | (?P<ref>(?:(?P<sheet>{_LEMBAR})!)?
        (?P<a>{_SEL}(?::{_SEL})?|{_KOL}:{_KOL}|{_BRS}:{_BRS})(?![\w.(!$]))
  | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_\\][\w.]*)(?P<call>\s*\()?
    """,
    re.X,
)
_UJUNG = re.compile(r"(\$?)([A-Za-z]{1,3})?(\$?)(\d+)?$")
_TANPA_ARG = re.compile(r"\b(?:ROW|COLUMN)\(\s*\)", re.I)
_FUNGSI_VOLATIL = {"NOW", "TODAY", "RAND", "RANDBETWEEN", "RANDARRAY", "OFFSET", "INDIRECT", "CELL"}
# Functions that need the reference itself, not only its values.
_FUNGSI_REFERENSI = {
    "ROW",
    "COLUMN",
    "ROWS",
    "COLUMNS",
    "ISREF",
    "CELL",
    "OFFSET",
    "INDIRECT",
    "AREAS",
    "FORMULATEXT",
    "ISFORMULA",
    "SHEET",
    "SHEETS",
}

# A reference in R1C1 terms: (sheet title or None, sheet as written (upper, unquoted, "" if
# none), endpoint a, endpoint b, written as a range). An endpoint is (row, row absolute, column,
# column absolute); relative parts are offsets from the formula's cell; row (column) is None in
# whole-column (whole-row) ranges.
Ujung = tuple[int | None, bool, int | None, bool]
Spek = tuple[str | None, str, Ujung, Ujung, bool]

_UJUNG_ABS: dict[str, Ujung] = {}


def _ujung_abs(teks: str) -> Ujung:
    u = _UJUNG_ABS.get(teks)
    if u is None:
        cabs, huruf, rabs, angka = _UJUNG.match(teks).groups()
        r = int(angka) if angka is not None else None
        c = column_index_from_string(huruf.upper()) if huruf is not None else None
        u = _UJUNG_ABS[teks] = (r, bool(rabs), c, bool(cabs))
    return u


def _ujung(teks: str, r0: int, c0: int) -> Ujung:
    r, rabs, c, cabs = _ujung_abs(teks)
    if r is not None and not rabs:
        r -= r0
    if c is not None and not cabs:
        c -= c0
    return r, rabs, c, cabs


def posisi(spek: Spek, r0: int, c0: int) -> tuple[int, int, int, int]:
    """(r1, c1, r2, c2) of a reference at the cell (r0, c0); whole columns / rows span the sheet."""
    ra, rabs, ca, cabs = spek[2]
    rb, rbabs, cb, cbabs = spek[3]
    r1 = 1 if ra is None else (ra if rabs else r0 + ra)
    r2 = MAKS_BARIS if rb is None else (rb if rbabs else r0 + rb)
    c1 = 1 if ca is None else (ca if cabs else c0 + ca)
    c2 = MAKS_KOLOM if cb is None else (cb if cbabs else c0 + cb)
    if r1 > r2:
        r1, r2 = r2, r1
    if c1 > c2:
        c1, c2 = c2, c1
    return r1, c1, r2, c2


_R1C1: dict[Ujung, str] = {}


def _r1c1_ujung(u: Ujung) -> str:
    out = _R1C1.get(u)
    if out is None:
        r, rabs, c, cabs = u
        out = ""
        if r is not None:
            out += f"R{r}" if rabs else ("R" if r == 0 else f"R[{r}]")
        if c is not None:
            out += f"C{c}" if cabs else ("C" if c == 0 else f"C[{c}]")
        _R1C1[u] = out
    return out


def _kutip(judul: str) -> str:
    if re.fullmatch(r"[A-Za-z_][\w.]*", judul) and not re.fullmatch(_SEL, judul):
        return judul
    return "'" + judul.replace("'", "''") + "'"


def _pengganti(k: int, rentang: bool) -> str:
    """Placeholder of the k-th distinct reference in the compiled text."""
    return f"B{k + 1}:C{k + 1}" if rentang else f"A{k + 1}"


@dataclass
class _Pindaian:
    kunci: str  # R1C1 form
    struktur: str  # A1 text with each distinct reference replaced by a placeholder
    spek: list[Spek]  # distinct references, in placeholder order
    fungsi: set[str]
    # To re-render the A1 text at another cell: the text between references, and per
    # reference (sheet prefix as written, spec index). None when defined names were replaced.
    antara: list[str] | None = None
    ref_tulis: list[tuple[str, int]] | None = None

    _pola: str | None = None

    def cetak(self, r0: int, c0: int) -> str | None:
        """The A1 text this formula has when copied to (r0, c0)."""
        if self._pola is None:
            bagian = [self.antara[0].replace("{", "{{").replace("}", "}}")]
            for (awalan, j), teks in zip(self.ref_tulis, self.antara[1:]):
                bagian.append(awalan.replace("{", "{{").replace("}", "}}"))
                bagian.append(f"{{{j}}}")
                bagian.append(teks.replace("{", "{{").replace("}", "}}"))
            self._pola = "".join(bagian)
        teks_ref = []
        for s in self.spek:
            a = _a1(s[2], r0, c0)
            if a is None:
                return None
            if s[4]:
                b = _a1(s[3], r0, c0)
                if b is None:
                    return None
                a = f"{a}:{b}"
            teks_ref.append(a)
        return self._pola.format(*teks_ref)


def _a1(u: Ujung, r0: int, c0: int) -> str | None:
    r, rabs, c, cabs = u
    out = ""
    if c is not None:
        c = c if cabs else c0 + c
        if c < 1:
            return None
        out = ("$" if cabs else "") + get_column_letter(c)
    if r is not None:
        r = r if rabs else r0 + r
        if r < 1:
            return None
        out += ("$" if rabs else "") + str(r)
    return out


class Pemindai:
    """Converts A1 formulas to R1C1 in the terms of one workbook (sheets, defined names)."""

    def __init__(self, wb: Workbook | None = None, judul: list[str] | None = None, nama=None):
        """From an openpyxl workbook, or from sheet titles and {sheet or None: {name: text}}."""
        if wb is not None:
            judul = [ws.title for ws in wb.worksheets]
            nama = {None: dict(_nama_buku(wb))}
            for ws in wb.worksheets:
                lokal = getattr(ws, "defined_names", None) or {}
                nama[ws.title] = {n: d.attr_text for n, d in lokal.items()}
        self.lembar = {t.upper(): t for t in judul or []}
        self.nama: dict[str | None, dict[str, str]] = {None: {}}
        for lingkup, isi in (nama or {}).items():
            self.nama.setdefault(lingkup, {}).update({n.upper(): d for n, d in isi.items()})
        self.ada_nama = any(self.nama.values())
        self._awalan: dict[str, tuple[str | None, str, str]] = {}

    def _cari_nama(self, nama: str, lembar: str) -> str | None:
        u = nama.upper()
        return self.nama.get(lembar, {}).get(u) or self.nama[None].get(u)

    def pindai(self, teks: str, r0: int, c0: int, lembar: str) -> _Pindaian:
        for putaran in range(8):  # defined names may refer to other names
            hasil = self._pindai(teks, r0, c0, lembar)
            if isinstance(hasil, _Pindaian):
                if putaran:
                    hasil.antara = hasil.ref_tulis = None
                return hasil
            teks = hasil
        raise ValueError("nama terdefinisi bertingkat terlalu dalam")

    def _lembar(self, ditulis: str) -> tuple[str | None, str, str]:
        """(title, written upper unquoted, R1C1 prefix) of a sheet prefix as written."""
        out = self._awalan.get(ditulis)
        if out is None:
            tulis = ditulis
            if tulis.startswith("'"):
                tulis = tulis[1:-1].replace("''", "'")
            tulis = tulis.upper()
            judul = self.lembar.get(tulis)
            out = (judul, tulis, (_kutip(judul) if judul else ditulis) + "!")
            self._awalan[ditulis] = out
        return out

    def _pindai(self, teks: str, r0: int, c0: int, lembar: str) -> _Pindaian | str:
        kunci: list[str] = []
        struktur: list[str] = []
        nomor: dict[Spek, int] = {}
        spek: list[Spek] = []
        fungsi: set[str] = set()
        antara_semua: list[str] = []
        ref_tulis: list[tuple[str, int]] = []
        akhir = 0
        for m in _TOKEN.finditer(teks):
            g = m.lastgroup
            if g == "ref":
                ditulis, a_teks = m.group("sheet", "a")
                if ditulis is None:
                    judul, tulis, awalan = None, "", ""
                else:
                    judul, tulis, awalan = self._lembar(ditulis)
                bagian = a_teks.split(":")
                a = _ujung(bagian[0], r0, c0)
                rentang = len(bagian) == 2
                b = _ujung(bagian[1], r0, c0) if rentang else a
                s = (judul, tulis, a, b, rentang)
                k = nomor.get(s)
                if k is None:
                    k = nomor[s] = len(spek)
                    spek.append(s)
                mulai, akhir_ref = m.span()
                antara = teks[akhir:mulai]
                r1c1 = _r1c1_ujung(a)
                if rentang:
                    r1c1 = f"{r1c1}:{_r1c1_ujung(b)}"
                antara_semua.append(antara)
                ref_tulis.append(("" if ditulis is None else ditulis + "!", k))
                kunci.append(antara)
                kunci.append(awalan + r1c1)
                struktur.append(antara)
                struktur.append(_pengganti(k, rentang))
                akhir = akhir_ref
            elif g == "call":
                fungsi.add(m.group("name").upper())
            elif g == "name" and self.ada_nama:
                target = self._cari_nama(m.group("name"), lembar)
                if target is None:
                    continue
                target = target.lstrip("=")
                if not re.fullmatch(rf"(?:{_LEMBAR})!(?:{_SEL}(?::{_SEL})?)", target):
                    target = f"({target})"
                return teks[: m.start()] + target + teks[m.end() :]
        kunci.append(teks[akhir:])
        struktur.append(teks[akhir:])
        antara_semua.append(teks[akhir:])
        return _Pindaian("".join(kunci), "".join(struktur), spek, fungsi, antara_semua, ref_tulis)


def _nama_buku(wb: Workbook) -> list[tuple[str, str]]:
    dn = wb.defined_names
    if hasattr(dn, "items"):  # openpyxl >= 3.1
        return [(n, d.attr_text) for n, d in dn.items() if d.attr_text]
    return [(d.name, d.attr_text) for d in dn.definedName if d.localSheetId is None]


def ke_r1c1(rumus: str, sel: str, wb: Workbook | None = None, lembar: str = "") -> str:
    """The R1C1 form of an A1 formula written in `sel` (defined names of `wb` resolved)."""
    c, r = coordinate_from_string(sel)
    pemindai = Pemindai(wb if wb is not None else Workbook())
    return pemindai.pindai(rumus, r, column_index_from_string(c), lembar).kunci


# --- Fast runner of a compiled formula -------------------------------------------------------

_FUNGSI = get_functions()
_IF = _FUNGSI["IF"]["function"]
_IFERROR = _FUNGSI["IFERROR"]["function"]
_IFNA = _FUNGSI["IFNA"]["function"]
_PALSU = np.array([[False]], dtype=object)


def _skalar(v: Any) -> tuple[bool, Any]:
    """(True, element) when `v` holds one value."""
    if isinstance(v, np.ndarray):
        if v.size != 1:
            return False, None
        v = v.ravel()[0]
    elif isinstance(v, Ranges):
        return False, None
    return True, (0 if v is sh.EMPTY else v)


class TidakDidukung(Exception):
    """A function the engine lacks was called."""


class _Program:
    """A compiled formula (DispatchPipe) turned into closures over the same engine functions."""

    def __init__(self, fn: Any):
        dsp = fn.dsp
        self.masukan = list(fn.inputs)
        self.tidak_didukung = sorted(
            {
                str(k).split("<")[0]
                for k, n in dsp.function_nodes.items()
                if n.get("function") is not_implemented
            }
        )
        posisi = {k: i for i, k in enumerate(self.masukan)}
        bawaan = dsp.default_values
        pred = dsp.dmap.pred
        succ = dsp.dmap.succ
        dibuat: dict[str, Callable] = {}

        def buat(d: str) -> Callable:
            if d in dibuat:
                return dibuat[d]
            filters = dsp.nodes[d].get("filters") or ()
            if d in posisi:
                i = posisi[d]

                def f(a, m, i=i):
                    return a[i]

            elif d in bawaan:
                v = bawaan[d]["value"]

                def f(a, m, v=v):
                    return v

            else:
                (fid,) = pred[d]
                node = dsp.nodes[fid]
                func = node["function"]
                outs = node["outputs"]
                ke = outs.index(d) if len(outs) > 1 else None
                anak = [buat(x) for x in node.get("inputs") or ()]
                nama = str(fid).split("<")[0]
                f = _simpul(func, anak, ke, nama)
            if filters:
                dasar = f

                def f(a, m, dasar=dasar, filters=filters):
                    v = dasar(a, m)
                    for flt in filters:
                        v = flt(v)
                    return v

            if len(succ.get(d, ())) > 1:  # shared sub-expression: evaluate once per call
                murni = f

                def f(a, m, murni=murni, d=d):
                    try:
                        return m[d]
                    except KeyError:
                        v = m[d] = murni(a, m)
                        return v

            dibuat[d] = f
            return f

        self._f = buat(fn.outputs[0])

    def __call__(self, args: list) -> Any:
        return self._f(args, {})


def _simpul(func: Callable, anak: list[Callable], ke: int | None, nama: str) -> Callable:
    def panggil(*v):
        try:
            r = func(*v)
        except NotImplementedError as e:
            raise TidakDidukung(nama) from e
        if r is sh.NONE:
            raise ValueError(f"{nama}: tidak menghasilkan nilai")
        return r if ke is None else r[ke]

    if func is _IF and len(anak) in (2, 3):
        syarat, ya = anak[0], anak[1]
        tidak = anak[2] if len(anak) == 3 else None

        def f(a, m):
            c = syarat(a, m)
            ok, e = _skalar(c)
            if not ok:
                return panggil(c, *(x(a, m) for x in anak[1:]))
            if isinstance(e, (XlError, str)):
                return panggil(c, *([_PALSU] * (len(anak) - 1)))
            if tidak is None:
                return panggil(c, ya(a, m) if e else _PALSU)
            v = ya(a, m) if e else tidak(a, m)
            return panggil(c, v, v)

        return f
    if func in (_IFERROR, _IFNA) and len(anak) == 2:
        nilai, ganti = anak
        na = func is _IFNA

        def f(a, m):
            v = nilai(a, m)
            ok, e = _skalar(v)
            if ok:
                salah = isinstance(e, XlError) and (not na or str(e) == "#N/A")
                return panggil(v, ganti(a, m) if salah else v)
            return panggil(v, ganti(a, m))

        return f

    def f(a, m):
        return panggil(*(x(a, m) for x in anak))

    return f


def _selesaikan(r: Any) -> Any:
    """Finish a result as the full model stores a one-cell formula: blank -> 0, 1x1 shape."""
    r = replace_empty(r)
    if isinstance(r, Ranges):
        r = r.value
    if not isinstance(r, np.ndarray):
        r = np.asarray([[r]] if not np.ndim(r) else r, object)
    if r.shape != (1, 1):
        r = _reshape_array_as_excel(r, (1, 1))
    return r[0, 0]


# --- The workbook ------------------------------------------------------------------------------


@dataclass
class Perhitungan:
    """Every formula cell of a workbook: value, text, R1C1 group and problems found."""

    nilai: dict[Sel, Nilai] = field(default_factory=dict)
    rumus: dict[Sel, str] = field(default_factory=dict)
    kelompok: dict[Sel, str] = field(default_factory=dict)
    galat: dict[Sel, str] = field(default_factory=dict)
    tidak_didukung: dict[Sel, str] = field(default_factory=dict)
    siklus: list[list[Sel]] = field(default_factory=list)

    def beda(self, rujukan: Mapping[Sel, Nilai]) -> list[tuple[Sel, Nilai, Nilai]]:
        """(cell, computed, reference) of the cells of `rujukan` whose computed value differs
        from it (numbers within 1e-9, texts, logicals and errors exactly; a blank and "" alike).
        What a writer storing these values checks before saying they match the reference."""
        from xlkinerja.inti.nilai import sama_persis

        return [
            (s, self.nilai.get(s), v)
            for s, v in rujukan.items()
            if not sama_persis(self.nilai.get(s), v)
        ]

    def anggota(self) -> dict[str, list[Sel]]:
        """R1C1 form -> its cells."""
        out: dict[str, list[Sel]] = {}
        for s, k in self.kelompok.items():
            out.setdefault(k, []).append(s)
        return out

    @staticmethod
    def ke_r1c1(rumus: str, sel: str, wb: Workbook | None = None, lembar: str = "") -> str:
        return ke_r1c1(rumus, sel, wb, lembar)


def _konstanta(c: Any) -> Any:
    """A constant cell as the full `formulas` model reads it."""
    v = c.value
    if v is None:
        return sh.EMPTY
    t = c.data_type
    if t == "e":
        return Error.errors.get(str(v).upper(), v)
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        return round(v, 15)
    if isinstance(v, (_dt.datetime, _dt.date, _dt.time)):
        return to_excel(v)
    if isinstance(v, _dt.timedelta):
        return v.total_seconds() / 86400
    return v


def peta_sel(ws: Any) -> dict[tuple[int, int], Any]:
    """{(row, column): Cell} of the cells an openpyxl worksheet holds, without creating any
    (openpyxl < 3.2 keeps them in `_cells`; other versions are read through `iter_rows`).
    The one place xlkinerja reaches into openpyxl's cell store."""
    cells = getattr(ws, "_cells", None)
    if cells is not None:
        return cells
    return {(c.row, c.column): c for row in ws.iter_rows() for c in row}


def _sel_lembar(ws: Any):
    return peta_sel(ws).items()


@dataclass
class _Terkompilasi:
    """A compiled structure: the runner and, per compiled input, its placeholder (spec index)."""

    program: _Program | None = None
    peta: list[int] = field(default_factory=list)  # input -> spec index, -1: fixed value
    tetap: dict[int, Any] = field(default_factory=dict)  # input -> fixed value
    alasan: str | None = None  # why it cannot be evaluated
    kurang: list[str] = field(default_factory=list)  # functions the engine lacks
    memo: dict[tuple, Any] = field(default_factory=dict)  # inputs -> result


@dataclass
class _Kelompok:
    pindaian: _Pindaian
    referensi: bool  # pass Ranges objects (ROW, COLUMNS, OFFSET ...) instead of arrays
    per_sel: bool  # the value depends on the cell's own position (ROW() ...)
    memo: bool  # results may be reused for equal inputs (no volatile function)

    @property
    def kunci(self) -> str:
        return self.pindaian.kunci

    @property
    def struktur(self) -> str:
        return self.pindaian.struktur

    @property
    def spek(self) -> list[Spek]:
        return self.pindaian.spek


_PENGGANTI = re.compile(r"A(\d+)|B(\d+):C\2")


def _kompilasi(struktur: str, n_spek: int, sel: str | None = None) -> _Terkompilasi:
    """Compile a structure text once; `sel` ("'SHEET'!A1") for position-dependent formulas."""
    hasil = _Terkompilasi()
    log = logging.getLogger("schedula")
    tingkat = log.level
    log.setLevel(logging.CRITICAL)  # schedula logs functions that fail while folding constants
    try:
        if sel is None:
            fn = mesin.kompilasi(struktur)
        else:
            import formulas
            from formulas.cell import CELL

            fn = formulas.Parser().ast(struktur)[1].compile(**{CELL: Ranges().push(sel)})
    except Exception as e:  # noqa: BLE001
        hasil.alasan = f"rumus tidak dapat diurai oleh mesin formulas: {type(e).__name__} {e}"
        return hasil
    finally:
        log.setLevel(tingkat)
    prog = _Program(fn)
    hasil.program = prog
    if prog.tidak_didukung:
        hasil.kurang = prog.tidak_didukung
        return hasil
    dipakai = set()
    for key in prog.masukan:
        m = _PENGGANTI.fullmatch(key)
        if m and int(m.group(1) or m.group(2)) <= n_spek:
            j = int(m.group(1) or m.group(2)) - 1
            hasil.peta.append(j)
            dipakai.add(j)
        elif fn.inputs[key] is None:  # a name that is not defined
            hasil.tetap[len(hasil.peta)] = np.array([[_NAME]], dtype=object)
            hasil.peta.append(-1)
        else:
            hasil.alasan = (
                f"referensi {key} tidak dapat dipetakan (operator irisan/gabungan rentang "
                "tidak didukung)"
            )
            return hasil
    if len(dipakai) < n_spek:
        hasil.alasan = "sebagian referensi tidak terbaca oleh mesin (operator irisan/gabungan?)"
    return hasil


def _kosong(r: int, c: int) -> np.ndarray:
    a = np.empty((r, c), dtype=object)
    a.fill(sh.EMPTY)  # np.full would store a plain str copy of the EMPTY token
    return a


class _Lembar:
    """The values of one sheet: a dense object grid over rows 1..baris, columns 1..kolom, or,
    when that grid would exceed `BATAS_PADAT` cells (e.g. one value at XFD1048576), a dict of
    the cells present."""

    __slots__ = ("baris", "grid", "isi", "kolom")

    def __init__(self, sel: tuple[int, int], rujukan: tuple[int, int]):
        baris, kolom = max(sel[0], rujukan[0], 1), max(sel[1], rujukan[1], 1)
        if baris * kolom > BATAS_PADAT:  # referenced ranges beyond the cells: padded on read
            baris, kolom = max(sel[0], 1), max(sel[1], 1)
        self.baris, self.kolom = baris, kolom
        self.grid: np.ndarray | None = None
        self.isi: dict[tuple[int, int], Any] | None = None
        if baris * kolom <= BATAS_PADAT:
            self.grid = _kosong(baris, kolom)
        else:
            self.isi = {}


class _Buku:
    """Values of all cells as the engine holds them, per sheet a dense grid or a dict."""

    def __init__(self, ukuran: dict[str, tuple[tuple[int, int], tuple[int, int]]]):
        self.lembar = {t: _Lembar(sel, rujukan) for t, (sel, rujukan) in ukuran.items()}
        self._cache: dict[tuple, np.ndarray] = {}

    def taruh(self, lembar: str, r: int, c: int, v: Any) -> None:
        ls = self.lembar[lembar]
        if ls.grid is not None:
            ls.grid[r - 1, c - 1] = v
        else:
            ls.isi[(r, c)] = v

    def taruh_area(self, lembar: str, r1: int, c1: int, arr: np.ndarray) -> None:
        """An array formula's result, spread from (r1, c1)."""
        ls = self.lembar[lembar]
        h, w = arr.shape
        if ls.grid is not None:
            ls.grid[r1 - 1 : r1 - 1 + h, c1 - 1 : c1 - 1 + w] = arr
            return
        for i in range(h):
            for j in range(w):
                ls.isi[(r1 + i, c1 + j)] = arr[i, j]

    def sel(self, lembar: str, r: int, c: int) -> np.ndarray:
        ls = self.lembar[lembar]
        a = np.empty((1, 1), dtype=object)
        if ls.grid is not None:
            a[0, 0] = ls.grid[r - 1, c - 1] if r <= ls.baris and c <= ls.kolom else sh.EMPTY
        else:
            a[0, 0] = ls.isi.get((r, c), sh.EMPTY)
        return a

    def rentang(self, lembar: str, r1: int, c1: int, r2: int, c2: int) -> np.ndarray:
        # Only called once every formula cell inside is final, so arrays can be cached.
        key = (lembar, r1, c1, r2, c2)
        a = self._cache.get(key)
        if a is not None:
            return a
        ls = self.lembar[lembar]
        h, w = r2 - r1 + 1, c2 - c1 + 1
        if ls.grid is not None and r2 <= ls.baris and c2 <= ls.kolom:
            a = ls.grid[r1 - 1 : r2, c1 - 1 : c2]
        elif h * w > BATAS_RENTANG:
            raise ValueError(
                f"rentang {get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2} terlalu besar "
                f"({h * w:,} sel; batas {BATAS_RENTANG:,})".replace(",", ".")
            )
        else:
            a = _kosong(h, w)
            if ls.grid is not None:
                rr, cc = min(r2, ls.baris), min(c2, ls.kolom)
                if rr >= r1 and cc >= c1:
                    a[: rr - r1 + 1, : cc - c1 + 1] = ls.grid[r1 - 1 : rr, c1 - 1 : cc]
            elif h * w <= len(ls.isi):
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        v = ls.isi.get((r, c))
                        if v is not None:
                            a[r - r1, c - c1] = v
            else:
                for (r, c), v in ls.isi.items():
                    if r1 <= r <= r2 and c1 <= c <= c2:
                        a[r - r1, c - c1] = v
        self._cache[key] = a
        return a


def _baca(wb: Workbook) -> tuple[dict, list, list]:
    """Sheet extents, constants (sheet, r, c, value) and formulas (sheet, r, c, text, spill)."""
    ukuran: dict[str, list[int]] = {}
    konstanta: list[tuple[str, int, int, Any]] = []
    sel_rumus: list[tuple[str, int, int, str, tuple | None]] = []
    for ws in wb.worksheets:
        t = ws.title
        uk = ukuran.setdefault(t, [0, 0])
        array_ref = dict(getattr(ws, "array_formulae", None) or {})
        for (r, c), cell in _sel_lembar(ws):
            if cell.data_type == "f":
                v = cell.value
                teks = v if isinstance(v, str) else getattr(v, "text", None)
                sebar = None
                if not isinstance(v, str):
                    ref = getattr(v, "ref", None) or array_ref.get(cell.coordinate)
                    if ref and ":" in ref:
                        a, b = ref.split(":")
                        ca, ra = coordinate_from_string(a)
                        cb, rb = coordinate_from_string(b)
                        sebar = (ra, column_index_from_string(ca), rb, column_index_from_string(cb))
                        uk[0], uk[1] = max(uk[0], rb), max(uk[1], sebar[3])
                if teks is None:  # a data table or an unknown formula object
                    teks = "=TABLE()"
                if teks.startswith("=="):
                    teks = teks[1:]
                if not teks.startswith("="):
                    teks = "=" + teks
                sel_rumus.append((t, r, c, teks, sebar))
            else:
                v = _konstanta(cell)
                if v is sh.EMPTY:
                    continue
                konstanta.append((t, r, c, v))
            if r > uk[0]:
                uk[0] = r
            if c > uk[1]:
                uk[1] = c
    return ukuran, konstanta, sel_rumus


@contextlib.contextmanager
def _teks_ke_tanggal_diingat() -> Iterator[None]:
    """Remember the engine's text -> date parses (failures too) for the duration of one run.

    SUMIFS/COUNTIFS try every text of their ranges as a date with dateutil; `formulas` caches only
    128 successes, so codes such as "2.07.01.1.01" are parsed again on every call.
    """
    import formulas.functions.date as fdate

    asli = fdate._text2datetime
    ingat: dict[str, tuple[bool, Any]] = {}

    def cepat(teks):
        try:
            ok, v = ingat[teks]
        except KeyError:
            try:
                ok, v = True, asli(teks)
            except Exception as e:  # noqa: BLE001
                ok, v = False, e
            ingat[teks] = ok, v
        except TypeError:  # unhashable
            return asli(teks)
        if ok:
            return v
        raise v.with_traceback(None)

    fdate._text2datetime = cepat
    try:
        yield
    finally:
        fdate._text2datetime = asli


class WaktuHabis(Exception):
    """`hitung` ran longer than its `batas_waktu`."""


def hitung(sumber: str | Path | Workbook, batas_waktu: float | None = None) -> Perhitungan:
    """Evaluate every formula of a workbook (a path or a loaded openpyxl Workbook; not modified).
    With `batas_waktu`, raise `WaktuHabis` once evaluating takes longer than that many seconds."""
    wb = sumber if isinstance(sumber, Workbook) else openpyxl.load_workbook(sumber)
    tenggat = None if batas_waktu is None else time.monotonic() + batas_waktu
    with _teks_ke_tanggal_diingat():
        return _hitung(wb, tenggat)


def _lewat(tenggat: float | None) -> None:
    if tenggat is not None and time.monotonic() > tenggat:
        raise WaktuHabis


def hitung_sel(
    lembar: list[str],
    konstanta: Iterable[tuple[str, int, int, Nilai]],
    rumus: Iterable[tuple[str, int, int, str]],
    nama: dict[str | None, dict[str, str]] | None = None,
) -> Perhitungan:
    """Evaluate the formulas `rumus` (sheet, row, column, "=..." text) over the values
    `konstanta` (sheet, row, column, value as read: float, str, bool, datetime, error text);
    `nama`: defined names per scope (None: the workbook). Cells not given are empty."""
    ukuran: dict[str, list[int]] = {t: [0, 0] for t in lembar}
    tetap: list[tuple[str, int, int, Any]] = []
    for t, r, c, v in konstanta:
        v = _nilai_tetap(v)
        if v is sh.EMPTY:
            continue
        tetap.append((t, r, c, v))
        uk = ukuran[t]
        if r > uk[0]:
            uk[0] = r
        if c > uk[1]:
            uk[1] = c
    sel_rumus = []
    for t, r, c, teks in rumus:
        sel_rumus.append((t, r, c, teks if teks.startswith("=") else "=" + teks, None))
        uk = ukuran[t]
        uk[0], uk[1] = max(uk[0], r), max(uk[1], c)
    with _teks_ke_tanggal_diingat():
        return _hitung_data(Pemindai(judul=lembar, nama=nama), ukuran, tetap, sel_rumus, None)


def _nilai_tetap(v: Any) -> Any:
    """A stored value as the engine holds it (as `_konstanta` does for openpyxl cells)."""
    if v is None:
        return sh.EMPTY
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        return round(v, 15)
    if isinstance(v, str):
        return Error.errors.get(v, v) if v.startswith("#") else v
    if isinstance(v, (_dt.datetime, _dt.date, _dt.time)):
        return to_excel(v)
    if isinstance(v, _dt.timedelta):
        return v.total_seconds() / 86400
    return v


def _hitung(wb: Workbook, tenggat: float | None = None) -> Perhitungan:
    ukuran, konstanta, sel_rumus = _baca(wb)
    return _hitung_data(Pemindai(wb), ukuran, konstanta, sel_rumus, tenggat)


def _pindai_semua(
    pemindai: Pemindai,
    sel_rumus: list,
    hasil: Perhitungan,
    jangkauan: dict[str, list[int]],
    tenggat: float | None,
) -> tuple[list[_Kelompok | None], list[list[tuple | None]], list[Sel], dict]:
    """Step 1: R1C1 forms, groups and the position of each reference; returns each formula's
    group, reference positions and address, and the node of every formula cell."""
    kelompok: dict[str, _Kelompok] = {}
    n = len(sel_rumus)
    kel_sel: list[_Kelompok | None] = [None] * n
    posisi_sel: list[list[tuple | None]] = [[] for _ in range(n)]
    alamat: list[Sel] = []
    indeks: dict[tuple[str, int, int], int] = {}  # formula cell (and array area) -> node
    sebelah: dict[tuple[str, int], _Kelompok] = {}
    for i, (t, r, c, teks, sebar) in enumerate(sel_rumus):
        if not i & 1023:
            _lewat(tenggat)
        s = (t, f"{get_column_letter(c)}{r}")
        alamat.append(s)
        hasil.rumus[s] = teks
        indeks[(t, r, c)] = i
        if sebar:
            for rr in range(sebar[0], sebar[2] + 1):
                for cc in range(sebar[1], sebar[3] + 1):
                    indeks.setdefault((t, rr, cc), i)
        k = sebelah.get((t, c))  # the formula above, usually copied down
        if k is None or k.pindaian.antara is None or k.pindaian.cetak(r, c) != teks:
            try:
                p = pemindai.pindai(teks, r, c, t)
            except Exception as e:  # noqa: BLE001
                hasil.galat[s] = f"rumus tidak dapat dibaca: {e}"
                continue
            k = kelompok.get(p.kunci)
            if k is None:
                k = kelompok[p.kunci] = _Kelompok(
                    p,
                    bool(p.fungsi & _FUNGSI_REFERENSI),
                    bool(_TANPA_ARG.search(teks)),
                    not (p.fungsi & _FUNGSI_VOLATIL),
                )
        sebelah[(t, c)] = k
        hasil.kelompok[s] = k.kunci
        kel_sel[i] = k
        pos: list[tuple | None] = []
        for sp in k.spek:
            lembar = sp[0] if sp[1] else t
            if lembar is None:
                pos.append(None)  # a sheet that does not exist
                continue
            r1, c1, r2, c2 = posisi(sp, r, c)
            if r1 < 1 or c1 < 1 or r2 > MAKS_BARIS or c2 > MAKS_KOLOM:
                pos.append(None)
                continue
            pos.append((lembar, r1, c1, r2, c2))
            if r2 < MAKS_BARIS and c2 < MAKS_KOLOM:
                uk = jangkauan[lembar]
                if r2 > uk[0]:
                    uk[0] = r2
                if c2 > uk[1]:
                    uk[1] = c2
        posisi_sel[i] = pos

    return kel_sel, posisi_sel, alamat, indeks


def _ketergantungan(indeks: dict, posisi_sel: list[list[tuple | None]]) -> list[list[int]]:
    """Step 2: the formula cells each formula reads (ranges expanded to the formula cells
    inside)."""
    n = len(posisi_sel)
    kolom_rumus: dict[tuple[str, int], list[int]] = {}
    for t, r, c in indeks:
        kolom_rumus.setdefault((t, c), []).append(r)
    for v in kolom_rumus.values():
        v.sort()
    kolom_lembar: dict[str, list[int]] = {}
    for t, c in kolom_rumus:
        kolom_lembar.setdefault(t, []).append(c)
    for v in kolom_lembar.values():
        v.sort()
    cache_dep: dict[tuple, list[int]] = {}

    def isi_rentang(key: tuple) -> list[int]:
        d = cache_dep.get(key)
        if d is None:
            t, r1, c1, r2, c2 = key
            d = []
            cols = kolom_lembar.get(t, [])
            for c in cols[bisect_left(cols, c1) : bisect_right(cols, c2)]:
                rows = kolom_rumus[(t, c)]
                for r in rows[bisect_left(rows, r1) : bisect_right(rows, r2)]:
                    d.append(indeks[(t, r, c)])
            cache_dep[key] = d
        return d

    dep: list[list[int]] = []
    for i in range(n):
        d: set[int] = set()
        for p in posisi_sel[i]:
            if p is None:
                continue
            if p[1] == p[3] and p[2] == p[4]:
                j = indeks.get((p[0], p[1], p[2]))
                if j is not None:
                    d.add(j)
            else:
                d.update(isi_rentang(p))
        dep.append(list(d))

    return dep


def _hitung_data(
    pemindai: Pemindai, ukuran: dict, konstanta: list, sel_rumus: list, tenggat: float | None
) -> Perhitungan:
    hasil = Perhitungan()
    jangkauan = {t: [0, 0] for t in ukuran}  # extent of the ranges formulas read

    kel_sel, posisi_sel, alamat, indeks = _pindai_semua(
        pemindai, sel_rumus, hasil, jangkauan, tenggat
    )
    n = len(sel_rumus)
    dep = _ketergantungan(indeks, posisi_sel)

    # 3. Values: constants, then formulas in dependency order.
    buku = _Buku({t: (tuple(uk), tuple(jangkauan[t])) for t, uk in ukuran.items()})
    for t, r, c, v in konstanta:
        buku.taruh(t, r, c, v)
    terkompilasi: dict[tuple, _Terkompilasi] = {}

    def tulis(i: int, v: Any) -> None:
        t, r, c, teks, sebar = sel_rumus[i]
        if sebar:  # an array formula: spread over its area
            r1, c1, r2, c2 = sebar
            arr = v if isinstance(v, np.ndarray) else np.asarray([[v]], dtype=object)
            arr = _reshape_array_as_excel(arr, (r2 - r1 + 1, c2 - c1 + 1))
            buku.taruh_area(t, r1, c1, arr)
            for rr in range(r1, r2 + 1):
                for cc in range(c1, c2 + 1):
                    s = (t, f"{get_column_letter(cc)}{rr}")
                    hasil.nilai[s] = mesin.dari_engine(arr[rr - r1, cc - c1])
                    hasil.rumus.setdefault(s, teks)
                    hasil.kelompok.setdefault(s, hasil.kelompok.get(alamat[i], ""))
            return
        buku.taruh(t, r, c, v)
        hasil.nilai[alamat[i]] = mesin.dari_engine(v)

    for nomor, komponen in enumerate(_tarjan(n, dep)):
        if not nomor & 255:
            _lewat(tenggat)
        if len(komponen) > 1 or komponen[0] in dep[komponen[0]]:
            sel_siklus = [alamat[i] for i in sorted(komponen)]
            hasil.siklus.append(sel_siklus)
            daftar = ", ".join(f"{t}!{a}" for t, a in sel_siklus[:6])
            if len(sel_siklus) > 6:
                daftar += ", ..."
            for i in komponen:
                hasil.galat[alamat[i]] = f"referensi melingkar: {daftar}"
                tulis(i, CIRC)
            continue
        i = komponen[0]
        if alamat[i] in hasil.galat:
            tulis(i, _VALUE)
            continue
        tulis(i, _hitung_sel(kel_sel[i], sel_rumus[i], posisi_sel[i], buku, hasil, terkompilasi))
    return hasil


def _hitung_sel(
    k: _Kelompok,
    info: tuple,
    pos: list[tuple | None],
    buku: _Buku,
    hasil: Perhitungan,
    terkompilasi: dict[tuple, _Terkompilasi],
) -> Any:
    t, r, c, teks, sebar = info
    s = (t, f"{get_column_letter(c)}{r}")
    kunci = (k.struktur, t, r, c) if k.per_sel else (k.struktur,)
    tk = terkompilasi.get(kunci)
    if tk is None:
        sel = f"'{t.upper()}'!{s[1]}" if k.per_sel else None
        tk = terkompilasi[kunci] = _kompilasi(k.struktur, len(k.spek), sel)
    if tk.kurang:
        hasil.tidak_didukung[s] = ", ".join(tk.kurang)
        return _NAME
    if tk.alasan:
        hasil.galat[s] = tk.alasan
        return _VALUE
    args = []
    kunci_memo: list | None = [] if k.memo and not k.referensi and not sebar else None
    for i, j in enumerate(tk.peta):
        if j < 0:
            a = tk.tetap[i]
        elif pos[j] is None:
            a = np.array([[_REF]], dtype=object)
        else:
            lembar, r1, c1, r2, c2 = pos[j]
            if r1 == r2 and c1 == c2:
                a = buku.sel(lembar, r1, c1)
                if kunci_memo is not None:
                    x = a[0, 0]
                    kunci_memo.append((type(x), x))
            else:
                a = buku.rentang(lembar, r1, c1, r2, c2)
                if kunci_memo is not None:
                    kunci_memo.append(id(a))  # cached: one object per range
            if k.referensi:
                ref = f"{get_column_letter(c1)}{r1}"
                if (r1, c1) != (r2, c2):
                    ref += f":{get_column_letter(c2)}{r2}"
                a = Ranges().push(f"'{lembar.upper()}'!{ref}", a)
            args.append(a)
            continue
        if kunci_memo is not None:
            kunci_memo.append((i, "tetap"))
        args.append(a)
    if kunci_memo is not None:
        kunci_memo = tuple(kunci_memo)
        try:
            return tk.memo[kunci_memo]
        except KeyError:
            pass
        except TypeError:  # an unhashable value
            kunci_memo = None
    try:
        v = tk.program(args)
    except TidakDidukung as e:
        hasil.tidak_didukung[s] = str(e)
        return _NAME
    except Exception as e:  # noqa: BLE001
        hasil.galat[s] = f"gagal dihitung: {type(e).__name__}: {e}"
        return _VALUE
    if sebar:
        v = replace_empty(v)
        v = v.value if isinstance(v, Ranges) else v
        return v if isinstance(v, np.ndarray) else _selesaikan(v)
    v = _selesaikan(v)
    if kunci_memo is not None:
        tk.memo[kunci_memo] = v
    return v


def _tarjan(n: int, dep: list[list[int]]) -> list[list[int]]:
    """Strongly connected components, dependencies before their dependants."""
    indeks = [-1] * n
    rendah = [0] * n
    di_tumpuk = [False] * n
    tumpuk: list[int] = []
    hasil: list[list[int]] = []
    nomor = 0
    for awal in range(n):
        if indeks[awal] >= 0:
            continue
        kerja = [(awal, 0)]
        while kerja:
            v, i = kerja.pop()
            if i == 0:
                indeks[v] = rendah[v] = nomor
                nomor += 1
                tumpuk.append(v)
                di_tumpuk[v] = True
            lanjut = False
            tetangga = dep[v]
            while i < len(tetangga):
                w = tetangga[i]
                i += 1
                if indeks[w] < 0:
                    kerja.append((v, i))
                    kerja.append((w, 0))
                    lanjut = True
                    break
                if di_tumpuk[w]:
                    rendah[v] = min(rendah[v], indeks[w])
            if lanjut:
                continue
            if rendah[v] == indeks[v]:
                komp = []
                while True:
                    w = tumpuk.pop()
                    di_tumpuk[w] = False
                    komp.append(w)
                    if w == v:
                        break
                hasil.append(komp)
            if kerja:
                u = kerja[-1][0]
                rendah[u] = min(rendah[u], rendah[v])
    return hasil
