"""Formula expressions: each methodology rule is written once as an `Ekspr` tree.

The same tree is evaluated in Python (with the Excel semantics of the small function subset it
uses) and rendered as an Excel formula over A1 references. Tests evaluate the rendering with the
`formulas` engine and compare it with the Python evaluation.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any


class Galat(str):
    """An Excel error value such as ``#DIV/0!``."""

    def __repr__(self) -> str:
        return f"Galat({str(self)!r})"


DIV0 = Galat("#DIV/0!")
VALUE = Galat("#VALUE!")
NA = Galat("#N/A")
NUM = Galat("#NUM!")
REF = Galat("#REF!")

Nilai = float | str | bool | None | Galat | list


def is_number(v: Any) -> bool:
    """Excel ISNUMBER: a real number, never text, bool or blank."""
    return type(v) is float or (isinstance(v, (int, float)) and not isinstance(v, bool))


def bulat_excel(x: float, digits: int, mode: str = "ROUND") -> float:
    """Excel ROUND (half away from zero) or TRUNC on the 15-significant-digit value Excel keeps."""
    if not math.isfinite(x):
        return x
    d = Decimal(format(x, ".15g"))
    if int(digits) >= 15 - d.adjusted():  # no digit to drop (1e300 to 2 places: 303 digits)
        return float(d)
    q = Decimal(1).scaleb(-int(digits))
    return float(d.quantize(q, rounding=ROUND_HALF_UP if mode == "ROUND" else ROUND_DOWN))


def _num(v: Nilai) -> float | Galat:
    """Coerce a scalar operand of an arithmetic operator as Excel does."""
    if type(v) is float:
        return v
    if isinstance(v, Galat):
        return v
    if v is None:
        return 0.0
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        return _num_teks(v) if len(v) <= 64 else _num_teks.__wrapped__(v)
    return VALUE


# Text Excel reads as a number: spaces around, a sign, digits with a decimal point, an exponent.
# Not read: thousands separators, currency, %, dates and times (these depend on the PC's regional
# settings; the template's inputs never need them). Python's float() also takes "inf", "nan" and
# "1_000", which Excel does not.
_ANGKA_TEKS = re.compile(r" *[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)? *")


def angka_teks(v: str) -> float | None:
    """The number Excel reads in the text `v` (arithmetic, criteria), or None."""
    x = _num_teks(v) if len(v) <= 64 else _num_teks.__wrapped__(v)
    return None if isinstance(x, Galat) else x


@functools.lru_cache(maxsize=4096)
def _num_teks(v: str) -> float | Galat:
    """Text as a number operand (the same few codes and labels recur on every row; only short
    texts are kept)."""
    if _ANGKA_TEKS.fullmatch(v) is None:
        return VALUE
    x = float(v)
    return x if math.isfinite(x) else VALUE


def _bool(v: Nilai) -> bool | Galat:
    if isinstance(v, Galat):
        return v
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return v != 0
    if isinstance(v, str):
        u = v.strip().upper()
        if u in ("TRUE", "FALSE"):
            return u == "TRUE"
    return VALUE


def _rank(v: Nilai) -> int:
    # Excel orders numbers < text < logicals.
    if isinstance(v, bool):
        return 2
    if isinstance(v, str):
        return 1
    return 0


def _compare(op: str, a: Nilai, b: Nilai) -> bool | Galat:
    for v in (a, b):
        if isinstance(v, Galat):
            return v
    # A blank compares as 0 with numbers, "" with text and FALSE with logicals.
    if a is None:
        a = "" if isinstance(b, str) else (False if isinstance(b, bool) else 0.0)
    if b is None:
        b = "" if isinstance(a, str) else (False if isinstance(a, bool) else 0.0)
    ra, rb = _rank(a), _rank(b)
    if ra != rb:
        x, y = ra, rb
    elif ra == 1:
        x, y = str(a).lower(), str(b).lower()
    else:
        x, y = float(a), float(b)
    return _BANDING[op](x, y)


_BANDING = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _text(v: Nilai) -> str | Galat:
    if isinstance(v, Galat):
        return v
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return format(v + 0.0, ".15g")  # + 0.0: Excel has no negative zero
    return str(v)


def _flat(v: Nilai) -> list:
    if isinstance(v, list):
        if not any(map(isinstance, v, itertools.repeat(list))):  # a column (C-speed test)
            return list(v)
        out: list = []
        for x in v:
            out.extend(_flat(x))
        return out
    return [v]


_PREC = {"=": 1, "<>": 1, "<": 1, "<=": 1, ">": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4}


def _lift(x: Any) -> Ekspr:
    if isinstance(x, Ekspr):
        return x
    if isinstance(x, (int, float, str, bool)):
        return Konst(x)
    raise TypeError(f"tidak dapat dijadikan ekspresi: {x!r}")


Fungsi = Callable[[Mapping[str, Nilai]], Nilai]


class _Kode:
    """Python source of one expression tree: straight-line statements with a fresh variable
    per node, IF/IFERROR as if-statements (only the branch taken runs), each input read once.
    The semantics stay in the helpers it calls (`_num`, `_compare`, `_bool`, `_STRICT`…)."""

    def __init__(self) -> None:
        self.baris: list[str] = []
        self.ns: dict[str, Any] = {
            "Galat": Galat,
            "_num": _num,
            "_bool": _bool,
            "_text": _text,
            "_compare": _compare,
            "isfinite": math.isfinite,
            "DIV0": DIV0,
            "NUM": NUM,
        }
        self.masukan: dict[str, str] = {}
        self.n = 0

    def baru(self) -> str:
        self.n += 1
        return f"t{self.n}"

    def tetap(self, v: Any) -> str:
        """A name bound to the constant `v` (no repr round trip)."""
        nama = f"k{len(self.ns)}"
        self.ns[nama] = v
        return nama

    def sel(self, nama: str) -> str:
        if nama not in self.masukan:
            self.masukan[nama] = f"s{len(self.masukan)}"
        return self.masukan[nama]

    def tulis(self, ind: int, baris: str) -> None:
        self.baris.append("    " * ind + baris)

    def galat_dulu(self, ind: int, t: str, nilai: list[str]) -> None:
        """`t` = the first error among `nilai`; the caller writes the other case at ind + 1."""
        for i, v in enumerate(nilai):
            self.tulis(ind, f"{'if' if i == 0 else 'elif'} isinstance({v}, Galat):")
            self.tulis(ind + 1, f"{t} = {v}")
        self.tulis(ind, "else:")

    def fungsi(self, akar: Ekspr) -> Fungsi:
        hasil = akar._kode(self, 1)
        kepala = ["def f(env):"]
        for nama, v in self.masukan.items():
            kepala.append(f"    {v} = env.get({self.tetap(nama)})")
            kepala.append(f"    if isinstance({v}, int) and not isinstance({v}, bool):")
            kepala.append(f"        {v} = float({v})")
        src = "\n".join([*kepala, *self.baris, f"    return {hasil}"])
        kode = _TERSUSUN.get(src)
        if kode is None:  # equal trees give equal source: compile once per process
            kode = compile(src, "<xlkinerja.inti.rumus>", "exec")
            if len(_TERSUSUN) < 512:
                _TERSUSUN[src] = kode
        exec(kode, self.ns)  # noqa: S102 - source generated from our own tree
        return self.ns["f"]


_TERSUSUN: dict[str, Any] = {}
_INDENTASI_MAKS = 40  # Python allows 100 levels; deeper subtrees become functions of their own


def _kode_anak(e: Ekspr, k: _Kode, ind: int) -> str:
    """Emit a child node; past `_INDENTASI_MAKS` levels (deeply nested IFs), as a call to the
    child's own generated function."""
    if ind < _INDENTASI_MAKS:
        return e._kode(k, ind)
    t = k.baru()
    k.tulis(ind, f"{t} = {k.tetap(e.fungsi())}(env)")
    return t


class Ekspr:
    """Base of expression nodes. Arithmetic operators build trees. A tree is evaluated by a
    Python function generated from it once (`fungsi`), not by walking the tree per call."""

    prec = 9

    def nilai(self, env: Mapping[str, Nilai]) -> Nilai:
        return self.fungsi()(env)

    def fungsi(self) -> Fungsi:
        """This tree as a function of the inputs, built on first use and kept."""
        f = self.__dict__.get("_fungsi")
        if f is None:
            f = self.__dict__["_fungsi"] = _Kode().fungsi(self)
        return f

    def _kode(self, k: _Kode, ind: int) -> str:
        """Emit the statements computing this node at indentation `ind`; return the name
        holding its value."""
        raise NotImplementedError

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_fungsi"}  # closures do not pickle

    def excel(self, refs: Mapping[str, str]) -> str:
        raise NotImplementedError

    def masukan(self) -> set[str]:
        return set()

    def rumus(self, refs: Mapping[str, str]) -> str:
        """The Excel formula, with its leading '='. The text depends on `refs` only through the
        inputs (`Sel`), so it is rendered once with placeholders and filled in per call."""
        pola = self.__dict__.get("_pola")
        if pola is None:
            nama = sorted(self.masukan())
            teks = self.excel({n: f"\x00{i}\x00" for i, n in enumerate(nama)})
            bagian = teks.split("\x00")
            pola = self.__dict__["_pola"] = (nama, bagian)
        nama, bagian = pola
        out = ["=", bagian[0]]
        for i in range(1, len(bagian), 2):
            n = nama[int(bagian[i])]
            try:
                out.append(refs[n])
            except KeyError:
                raise KeyError(f"referensi sel untuk '{n}' tidak diberikan") from None
            out.append(bagian[i + 1])
        return "".join(out)

    def __add__(self, o: Any) -> Ekspr:
        return Op("+", self, _lift(o))

    def __radd__(self, o: Any) -> Ekspr:
        return Op("+", _lift(o), self)

    def __sub__(self, o: Any) -> Ekspr:
        return Op("-", self, _lift(o))

    def __rsub__(self, o: Any) -> Ekspr:
        return Op("-", _lift(o), self)

    def __mul__(self, o: Any) -> Ekspr:
        return Op("*", self, _lift(o))

    def __rmul__(self, o: Any) -> Ekspr:
        return Op("*", _lift(o), self)

    def __truediv__(self, o: Any) -> Ekspr:
        return Op("/", self, _lift(o))

    def __rtruediv__(self, o: Any) -> Ekspr:
        return Op("/", _lift(o), self)

    # Comparisons are methods so that == keeps its Python meaning.
    def sama(self, o: Any) -> Ekspr:
        return Op("=", self, _lift(o))

    def beda(self, o: Any) -> Ekspr:
        return Op("<>", self, _lift(o))

    def lt(self, o: Any) -> Ekspr:
        return Op("<", self, _lift(o))

    def le(self, o: Any) -> Ekspr:
        return Op("<=", self, _lift(o))

    def gt(self, o: Any) -> Ekspr:
        return Op(">", self, _lift(o))

    def ge(self, o: Any) -> Ekspr:
        return Op(">=", self, _lift(o))

    def gabung(self, o: Any) -> Ekspr:
        return Op("&", self, _lift(o))


@dataclass(frozen=True, eq=True)
class Konst(Ekspr):
    v: float | int | str | bool

    def _kode(self, k: _Kode, ind: int) -> str:
        return k.tetap(self.v if isinstance(self.v, (bool, str)) else float(self.v))

    def excel(self, refs: Mapping[str, str]) -> str:
        v = self.v
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if isinstance(v, str):
            return '"' + v.replace('"', '""') + '"'
        if float(v).is_integer():
            s = str(int(v))
        else:
            s = repr(float(v))
        return f"({s})" if s.startswith("-") else s


@dataclass(frozen=True, eq=True)
class Sel(Ekspr):
    """A named input: one cell, or a range when the caller binds it to a list."""

    nama: str

    def _kode(self, k: _Kode, ind: int) -> str:
        return k.sel(self.nama)

    def excel(self, refs: Mapping[str, str]) -> str:
        try:
            return refs[self.nama]
        except KeyError:
            raise KeyError(f"referensi sel untuk '{self.nama}' tidak diberikan") from None

    def masukan(self) -> set[str]:
        return {self.nama}


@dataclass(frozen=True, eq=True)
class Op(Ekspr):
    op: str
    a: Ekspr
    b: Ekspr

    @property
    def prec(self) -> int:  # type: ignore[override]
        return _PREC[self.op]

    def _kode(self, k: _Kode, ind: int) -> str:
        a, b, t = _kode_anak(self.a, k, ind), _kode_anak(self.b, k, ind), k.baru()
        if self.op in ("=", "<>", "<", "<=", ">", ">="):
            k.tulis(ind, f"{t} = _compare({self.op!r}, {a}, {b})")
            return t
        ubah = "_text" if self.op == "&" else "_num"
        k.tulis(ind, f"{t}x = {ubah}({a})")
        k.tulis(ind, f"{t}y = {ubah}({b})")
        k.galat_dulu(ind, t, [f"{t}x", f"{t}y"])
        if self.op == "&":
            k.tulis(ind + 1, f"{t} = {t}x + {t}y")
            return t
        hasil = f"{t}r if isfinite({t}r := {t}x {self.op} {t}y) else NUM"
        if self.op == "/":
            hasil = f"DIV0 if {t}y == 0 else ({hasil})"
        k.tulis(ind + 1, f"{t} = {hasil}")
        return t

    def excel(self, refs: Mapping[str, str]) -> str:
        # Parenthesise so Excel evaluates in exactly the tree's order (floats are not associative).
        p = self.prec
        sa, sb = self.a.excel(refs), self.b.excel(refs)
        if self.a.prec < p or (p == 1 and self.a.prec == 1):
            sa = f"({sa})"
        if self.b.prec <= p:
            sb = f"({sb})"
        return f"{sa}{self.op}{sb}"

    def masukan(self) -> set[str]:
        return self.a.masukan() | self.b.masukan()


@dataclass(frozen=True, eq=True)
class Larik(Ekspr):
    """An array constant such as {"D","C","B"}."""

    isi: tuple[str | float, ...]

    def _kode(self, k: _Kode, ind: int) -> str:
        t = k.baru()
        k.tulis(
            ind, f"{t} = list({k.tetap([v if isinstance(v, str) else float(v) for v in self.isi])})"
        )
        return t

    def excel(self, refs: Mapping[str, str]) -> str:
        return "{" + ",".join(Konst(v).excel(refs) for v in self.isi) + "}"


def _logic(vals: list[Nilai], f: Any) -> Nilai:
    bs = []
    for v in vals:
        b = _bool(v)
        if isinstance(b, Galat):
            return b
        bs.append(b)
    return f(bs)


def _minmax(vals: list[Nilai], f: Any) -> Nilai:
    """MIN/MAX/ABS of values. Excel skips blank and text cells given as references; the rules
    only pass computed numbers (guarded by ISNUMBER), which both treat alike."""
    nums = []
    for v in vals:
        x = _num(v)
        if isinstance(x, Galat):
            return x
        nums.append(x)
    return f(nums)


def _round(vals: list[Nilai], mode: str) -> Nilai:
    x, d = _num(vals[0]), _num(vals[1] if len(vals) > 1 else 0.0)
    if isinstance(x, Galat):
        return x
    if isinstance(d, Galat):
        return d
    return bulat_excel(x, int(d), mode)


def _range_numbers(v: Nilai) -> list[float] | Galat:
    out = []
    for x in _flat(v):
        if isinstance(x, Galat):
            return x
        if is_number(x):
            out.append(float(x))
    return out


def _angka_semua(vals: list[Nilai]) -> list[float] | Galat:
    """The numbers of every argument of SUM/AVERAGE/COUNT, each read as a reference is (text,
    logical values and blanks skipped; the template passes cell references)."""
    out: list[float] = []
    for v in vals:
        nums = _range_numbers(v)
        if isinstance(nums, Galat):
            return nums
        out += nums
    return out


def _average(vals: list[Nilai]) -> Nilai:
    nums = _angka_semua(vals)
    if isinstance(nums, Galat):
        return nums
    if not nums:
        return DIV0
    total = 0.0
    for x in nums:
        total += x
    return total / len(nums)


def _sum(vals: list[Nilai]) -> Nilai:
    nums = _angka_semua(vals)
    if isinstance(nums, Galat):
        return nums
    total = 0.0
    for x in nums:
        total += x
    return total


def _index(vals: list[Nilai]) -> Nilai:
    """INDEX(range, row[, column]) over a column (list) or a block (list of rows)."""
    arr = vals[0]
    for v in vals[1:]:
        if isinstance(v, Galat):
            return v
    idx = [_num(v) for v in vals[1:]]
    for x in idx:
        if isinstance(x, Galat):
            return x
    baris = int(idx[0])
    kol = int(idx[1]) if len(idx) > 1 else 1
    if not isinstance(arr, list):
        arr = [arr]
    rows = arr if arr and isinstance(arr[0], list) else [[x] for x in arr]
    if not (1 <= baris <= len(rows)) or not (1 <= kol <= len(rows[baris - 1])):
        return REF
    return rows[baris - 1][kol - 1]


def _match(vals: list[Nilai]) -> Nilai:
    """MATCH(x, array, 0): the first equal value of the same type, without case; a text `x`
    with * ? ~ is a wildcard pattern (Excel's MATCH with match_type 0)."""
    x, arr = vals[0], _flat(vals[1])
    if isinstance(x, Galat):
        return x
    if x is None:  # an empty lookup cell finds nothing, not the first empty cell (Excel, Calc)
        return NA
    if isinstance(x, str) and _POLA_KARAKTER.search(x):
        pola = _pola(x)
        for i, v in enumerate(arr, 1):
            if isinstance(v, str) and not isinstance(v, Galat) and pola(v):
                return float(i)
        return NA
    if isinstance(x, str):  # the loop below for a text, faster: texts equal without case
        xl = x.lower()
        for i, v in enumerate(arr, 1):
            if isinstance(v, str) and not isinstance(v, Galat) and v.lower() == xl:
                return float(i)
        return NA
    for i, v in enumerate(arr, 1):
        if _rank(v) == _rank(x) and _compare("=", x, v) is True:
            return float(i)
    return NA


_POLA_KARAKTER = re.compile(r"[*?~]")
_OPERATOR_KRITERIA = ("<=", ">=", "<>", "<", ">", "=")
_LOGIKA = {"TRUE": True, "FALSE": False}
GALAT_EXCEL = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")


@functools.lru_cache(maxsize=1024)
def _pola(teks: str) -> Callable[[str], bool]:
    """Excel's wildcard pattern as a test of a text: * any run, ? one character, ~ makes the
    next * ? or ~ literal; whole text, without case."""
    bagian, i = [], 0
    while i < len(teks):
        c = teks[i]
        if c == "~" and i + 1 < len(teks) and teks[i + 1] in "*?~":
            bagian.append(re.escape(teks[i + 1]))
            i += 2
            continue
        bagian.append(".*" if c == "*" else "." if c == "?" else re.escape(c))
        i += 1
    cocok = re.compile("".join(bagian), re.I | re.S).fullmatch
    return lambda v: cocok(v) is not None


def _teks_biasa(v: Nilai) -> bool:
    return isinstance(v, str) and not isinstance(v, Galat)


def _sama_angka(x: float) -> Callable[[Nilai], bool]:
    """Equal to the number `x`: a number, or a text Excel reads as that number."""

    def cocok(v: Nilai) -> bool:
        if type(v) is float or (isinstance(v, int) and not isinstance(v, bool)):
            return v == x
        return _teks_biasa(v) and angka_teks(v) == x  # type: ignore[arg-type]

    return cocok


def _kriteria_sama(isi: str, dengan_op: bool) -> Callable[[Nilai], bool]:
    """The '=' test of a criterion's text `isi`: a number, a logical, an error, a wildcard
    pattern, or a text compared without case."""
    if isi == "":
        if dengan_op:  # "=": empty cells only
            return lambda v: v is None
        return lambda v: v is None or v == ""  # "": empty cells and empty texts
    x = angka_teks(isi)
    if x is not None:
        return _sama_angka(x)
    u = isi.upper()
    if u in _LOGIKA:
        b = _LOGIKA[u]
        return lambda v: isinstance(v, bool) and v == b
    if u in GALAT_EXCEL:
        return lambda v: isinstance(v, Galat) and str(v) == u
    if _POLA_KARAKTER.search(isi):
        pola = _pola(isi)
        return lambda v: _teks_biasa(v) and pola(v)  # type: ignore[arg-type]
    teks = isi.lower()
    return lambda v: _teks_biasa(v) and v.lower() == teks  # type: ignore[union-attr]


def kriteria(k: Nilai) -> Callable[[Nilai], bool]:
    """The criterion `k` of SUMIFS/COUNTIFS/AVERAGEIFS as a test of one cell value, as Excel
    reads it (decided once per criterion, so a loop over a range does not parse `k` per row):

    * a number, or a text that reads as one ("2.1", "=2.1"): cells holding that number or a text
      that reads as it (Excel compares numbers stored as text as numbers);
    * "TRUE"/"FALSE", an error text such as "#N/A": logical and error cells;
    * other text: text cells equal without case, * ? ~ as wildcards;
    * "<>x": every cell "=x" does not match, blanks included; "<x", ">=x"…: numbers with a
      number, texts (without case) with a text;
    * a blank criterion counts as 0; "" matches blank cells and empty texts, "=" blank cells.

    Texts are read as numbers by `angka_teks` (no dates, no thousands separators: those depend
    on the PC's regional settings); `cek.masukan` refuses codes whose match would depend on it.
    """
    if isinstance(k, Galat):
        return lambda v: isinstance(v, Galat) and str(v) == str(k)
    if k is None:
        return _sama_angka(0.0)
    if isinstance(k, bool):
        return lambda v: isinstance(v, bool) and v == k
    if is_number(k):
        return _sama_angka(float(k))  # type: ignore[arg-type]
    k = str(k)
    op, isi = "=", k
    for o in _OPERATOR_KRITERIA:
        if k.startswith(o):
            op, isi = o, k[len(o) :]
            break
    sama = _kriteria_sama(isi, dengan_op=k.startswith("="))
    if op == "=":
        return sama
    if op == "<>":
        return lambda v: not sama(v)
    banding = _BANDING[op]
    x = angka_teks(isi)
    if x is not None:
        return lambda v: is_number(v) and banding(float(v), x)  # type: ignore[arg-type]
    u = isi.upper()
    if u in _LOGIKA:
        b = _LOGIKA[u]
        return lambda v: isinstance(v, bool) and banding(v, b)
    teks = isi.lower()
    return lambda v: _teks_biasa(v) and banding(v.lower(), teks)  # type: ignore[union-attr]


def sama_excel(a: Nilai, b: Nilai) -> bool:
    """Excel's `a = b` is TRUE: texts without case, a blank equal to "" and 0."""
    return _compare("=", a, b) is True


def cari_persis(x: Nilai, daftar: list[Nilai]) -> Nilai:
    """MATCH(x; daftar; 0): the 1-based position, or #N/A."""
    return _match([x, daftar])


def teks_excel(v: Nilai) -> str:
    """A value as Excel writes it in text (`v & ""`); an error as its name."""
    return str(v) if isinstance(v, Galat) else _text(v)  # type: ignore[return-value]


def fungsi_excel(nama: str, args: list[Nilai]) -> Nilai:
    """The Python value of the Excel function `nama` (one of those the rules use) on `args`."""
    return _STRICT[nama](args)


def cocok_kriteria(k: Nilai, v: Nilai) -> bool:
    """`kriteria(k)(v)`: does `v` meet the criterion `k`."""
    return kriteria(k)(v)


def _ifs(vals: list[Nilai], fn: str) -> Nilai:
    """COUNTIFS(range, crit, ...), SUMIFS/AVERAGEIFS(values, range, crit, ...): every
    (range, criterion) pair must hold."""
    if fn == "COUNTIFS":
        pasangan, data = vals, None
    else:
        pasangan, data = vals[1:], _flat(vals[0])
    syarat = [(_flat(pasangan[i]), kriteria(pasangan[i + 1])) for i in range(0, len(pasangan), 2)]
    n = len(syarat[0][0])
    if any(len(r) != n for r, _ in syarat) or (data is not None and len(data) != n):
        return VALUE  # Excel: every range of the same size
    pilih: Sequence[int] = range(n)
    for r, cocok in syarat:  # one pass per criterion over the rows still in (as `all`, faster)
        pilih = [i for i in pilih if cocok(r[i])]
    if data is None:
        return float(len(pilih))
    nums = [data[i] for i in pilih if is_number(data[i])]
    if fn == "SUMIFS":
        return _sum([nums])
    return _average([nums])


_STRICT = {
    "AND": lambda v: _logic(v, all),
    "OR": lambda v: _logic(v, any),
    "NOT": lambda v: _logic(v, lambda b: not b[0]),
    "MIN": lambda v: _minmax(v, min),
    "MAX": lambda v: _minmax(v, max),
    "ABS": lambda v: _minmax(v, lambda n: abs(n[0])),
    "ROUND": lambda v: _round(v, "ROUND"),
    "TRUNC": lambda v: _round(v, "TRUNC"),
    "ISNUMBER": lambda v: is_number(v[0]),
    "ISNA": lambda v: v[0] == NA and isinstance(v[0], Galat),
    "ISERROR": lambda v: isinstance(v[0], Galat),
    "AVERAGE": _average,
    "SUM": _sum,
    "COUNT": lambda v: float(sum(1 for a in v for x in _flat(a) if is_number(x))),
    "COUNTA": lambda v: float(sum(1 for a in v for x in _flat(a) if x is not None)),
    "COUNTBLANK": lambda v: float(len([x for x in _flat(v[0]) if x is None or x == ""])),
    "COUNTIF": lambda v: _ifs(v, "COUNTIFS"),
    "MATCH": _match,
    "INDEX": _index,
    "SUMIFS": lambda v: _ifs(v, "SUMIFS"),
    "AVERAGEIFS": lambda v: _ifs(v, "AVERAGEIFS"),
    "COUNTIFS": lambda v: _ifs(v, "COUNTIFS"),
}
# Functions that see error arguments instead of propagating them.
_ERROR_AWARE = {
    "ISNUMBER",
    "ISNA",
    "ISERROR",
    "AVERAGE",
    "SUM",
    "COUNT",
    "COUNTA",
    "MATCH",
    "INDEX",
    "SUMIFS",
    "AVERAGEIFS",
    "COUNTIFS",
}


@dataclass(frozen=True, eq=True)
class Fn(Ekspr):
    nama: str
    args: tuple[Ekspr, ...]

    def _kode(self, k: _Kode, ind: int) -> str:
        if self.nama == "IF":
            c, t = _kode_anak(self.args[0], k, ind), k.baru()
            k.tulis(ind, f"{t}c = _bool({c})")
            k.tulis(ind, f"if isinstance({t}c, Galat):")
            k.tulis(ind + 1, f"{t} = {t}c")
            k.tulis(ind, f"elif {t}c:")
            k.tulis(ind + 1, f"{t} = {_kode_anak(self.args[1], k, ind + 1)}")
            k.tulis(ind, "else:")
            tidak = _kode_anak(self.args[2], k, ind + 1) if len(self.args) > 2 else "False"
            k.tulis(ind + 1, f"{t} = {tidak}")
            return t
        if self.nama == "IFERROR":
            v, t = _kode_anak(self.args[0], k, ind), k.baru()
            k.tulis(ind, f"if isinstance({v}, Galat):")
            k.tulis(ind + 1, f"{t} = {_kode_anak(self.args[1], k, ind + 1)}")
            k.tulis(ind, "else:")
            k.tulis(ind + 1, f"{t} = {v}")
            return t
        args = [_kode_anak(a, k, ind) for a in self.args]
        fn, t = k.tetap(_STRICT[self.nama]), k.baru()
        panggil = f"{fn}([{', '.join(args)}])"
        if self.nama in _ERROR_AWARE or not args:
            k.tulis(ind, f"{t} = {panggil}")
            return t
        k.galat_dulu(ind, t, args)
        k.tulis(ind + 1, f"{t} = {panggil}")
        return t

    def excel(self, refs: Mapping[str, str]) -> str:
        return f"{self.nama}(" + ",".join(a.excel(refs) for a in self.args) + ")"

    def masukan(self) -> set[str]:
        out: set[str] = set()
        for a in self.args:
            out |= a.masukan()
        return out


def _fn(nama: str) -> Any:
    def build(*args: Any) -> Fn:
        return Fn(nama, tuple(_lift(a) for a in args))

    build.__name__ = nama
    return build


IF = _fn("IF")
IFERROR = _fn("IFERROR")
AND = _fn("AND")
OR = _fn("OR")
NOT = _fn("NOT")
MIN = _fn("MIN")
MAX = _fn("MAX")
ABS = _fn("ABS")
ROUND = _fn("ROUND")
TRUNC = _fn("TRUNC")
ISNUMBER = _fn("ISNUMBER")
ISNA = _fn("ISNA")
ISERROR = _fn("ISERROR")
AVERAGE = _fn("AVERAGE")
SUM = _fn("SUM")
COUNT = _fn("COUNT")
COUNTA = _fn("COUNTA")
COUNTBLANK = _fn("COUNTBLANK")
COUNTIF = _fn("COUNTIF")
MATCH = _fn("MATCH")
INDEX = _fn("INDEX")
SUMIFS = _fn("SUMIFS")
AVERAGEIFS = _fn("AVERAGEIFS")
COUNTIFS = _fn("COUNTIFS")


def pilih(*cabang: tuple[Ekspr, Any], lain: Any) -> Ekspr:
    """Nested IF from (condition, value) pairs, first match wins."""
    out = _lift(lain)
    for cond, val in reversed(cabang):
        out = IF(cond, val, out)
    return out
