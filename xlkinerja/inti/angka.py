"""Indonesian numbers: reading them as written, formatting them (Babel), terbilang (num2words)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext

from babel.dates import format_date
from babel.numbers import format_decimal
from num2words import num2words

from xlkinerja.inti.rumus import bulat_excel

TIDAK_ADA = {"-", "–", "—", "n/a", "na", "nihil", "tidak ada", "tdk ada"}
_POLA = re.compile(
    r"^\s*(?P<rp>rp\.?|idr)?\s*(?P<neg>[-−(])?\s*(?P<rp2>rp\.?)?\s*"
    r"(?P<num>\d(?:[\d.,]|\s(?=\d)|(?<=[.,])\s)*)\s*\)?\s*(?P<unit>.*?)\s*$",
    re.I,
)


@dataclass(frozen=True)
class Angka:
    """One cell's text read as a number: value, unit, and what was odd about it."""

    nilai: float | None
    satuan: str | None
    masalah: tuple[str, ...]
    teks: str

    @property
    def ok(self) -> bool:
        return self.nilai is not None and not self.masalah


def _masalah(sel: str | None, teks: str) -> str:
    return f"{sel}: {teks}" if sel else teks


def _angka_id(s: str, desimal: str) -> tuple[float, str | None]:
    """Digits with separators -> (value, problem or None)."""
    s = re.sub(r"\s+", "", s)
    ribu, des = (".", ",") if desimal == "id" else (",", ".")
    if ribu in s and des in s:
        if s.rfind(des) > s.rfind(ribu):
            return float(s.replace(ribu, "").replace(des, ".")), None
        # the other convention, e.g. 46,268,300.00 read as Indonesian
        return float(s.replace(des, "").replace(ribu, ".")), (
            f"format ribuan gaya {'AS' if desimal == 'id' else 'Indonesia'} ({s})"
        )
    if des in s:
        if desimal == "id" and re.fullmatch(r"\d{1,3}(,\d{3})+,\d{2}", s):
            # Rp. 293,450,307,00: commas as thousands separators, then cents
            return float(s[:-3].replace(",", "") + "." + s[-2:]), (
                f"koma dipakai sebagai pemisah ribuan ({s})"
            )
        if re.fullmatch(rf"\d{{1,3}}(\{des}\d{{3}}){{2,}}", s):
            return float(s.replace(des, "")), (
                f"format ribuan gaya {'AS' if desimal == 'id' else 'Indonesia'} ({s})"
            )
        return float(s.replace(des, ".")), None
    if ribu in s:
        if re.fullmatch(rf"\d{{1,3}}(\{ribu}\d{{3}})+", s):
            return float(s.replace(ribu, "")), None
        return float(s.replace(ribu, ".")), (
            f"{'titik' if ribu == '.' else 'koma'} dipakai sebagai desimal ({s})"
        )
    return float(s), None


def baca_angka(
    teks: str | int | float | None, *, desimal: str = "id", sel: str | None = None
) -> Angka:
    """Read a number as Indonesians write it ('1.000' = 1000, '85,71' = 85,71); never raises
    except for desimal='auto', which needs a whole column (see `tebak_desimal`)."""
    if desimal == "auto":
        raise ValueError(
            "desimal='auto' tidak berlaku untuk satu sel; tentukan dari seluruh kolom "
            "dengan tebak_desimal()"
        )
    if desimal not in ("id", "en"):
        raise ValueError(f"desimal '{desimal}' tidak dikenal; pilih 'id' atau 'en'")
    if isinstance(teks, bool):
        return Angka(None, None, (_masalah(sel, f"nilai logika, bukan angka: {teks}"),), str(teks))
    if isinstance(teks, (int, float)):
        return Angka(float(teks), None, (), str(teks))
    asli = "" if teks is None else str(teks)
    t = asli.strip()
    if not t:
        return Angka(None, None, (_masalah(sel, "kosong"),), asli)
    if t.lower() in TIDAK_ADA:
        return Angka(None, None, (_masalah(sel, f"tidak ada data (“{t}”)"),), asli)
    m = _POLA.match(t)
    if not m:
        return Angka(None, None, (_masalah(sel, f"bukan angka: '{t}'"),), asli)
    try:
        nilai, soal = _angka_id(m.group("num"), desimal)
    except ValueError:
        return Angka(None, None, (_masalah(sel, f"tidak dapat dibaca: '{t}'"),), asli)
    if m.group("neg"):
        nilai = -nilai
    satuan = m.group("unit").strip() or None
    if m.group("rp") or m.group("rp2"):
        satuan = satuan or "Rp"
        if satuan in (",00", ",-", ".-", "-"):
            satuan = "Rp"
    if satuan and not re.fullmatch(r"[%A-Za-z][\w\s/%.²³-]*", satuan):
        return Angka(None, None, (_masalah(sel, f"tidak dapat dibaca: '{t}'"),), asli)
    masalah = (_masalah(sel, soal),) if soal else ()
    return Angka(nilai, satuan, masalah, asli)


def tebak_desimal(teks: Iterable[object]) -> str:
    """Decide 'id' or 'en' from a whole column; 'id' when the cells do not tell."""
    id_, en = 0, 0
    for x in teks:
        if not isinstance(x, str):
            continue
        s = re.sub(r"\s+", "", x)
        if re.search(r"\d,\d{1,2}(?!\d)", s) or re.search(r"\d\.\d{3}[.,]", s) and "," in s:
            id_ += 1
        if re.search(r"\d\.\d{1,2}(?!\d)", s) or re.search(r"\d,\d{3}\.", s):
            en += 1
    return "en" if en > id_ else "id"


# -- formatting ------------------------------------------------------------------------------------


def format_angka(x: float, desimal: int = 2) -> str:
    """1234.56 -> '1.234,56' (half-up on the decimal value, like Excel's ROUND)."""
    pola = "#,##0" + ("." + "0" * desimal if desimal > 0 else "")
    d = Decimal(repr(bulat_excel(float(x), desimal, "ROUND")))
    with localcontext() as ctx:
        ctx.prec = 400  # Babel quantizes in the current context: 1e300 has 301 digits
        return format_decimal(d, format=pola, locale="id_ID", decimal_quantization=False)


def format_persen(x: float, desimal: int = 2) -> str:
    """85.71 (already in percent) -> '85,71%'."""
    return format_angka(x, desimal) + "%"


def format_rupiah(x: float, desimal: int = 0) -> str:
    """15308539115 -> 'Rp15.308.539.115'."""
    return "Rp" + format_angka(x, desimal)


def format_tanggal(d: dt.date) -> str:
    """date(2026, 11, 22) -> '22 November 2026'."""
    return format_date(d, "d MMMM y", locale="id_ID")


# -- terbilang -------------------------------------------------------------------------------------


def terbilang(x: int | float) -> str:
    """15308539115 -> 'lima belas miliar tiga ratus delapan juta ... seratus lima belas'."""
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    teks = num2words(x, lang="id")
    return re.sub(r"\s+", " ", teks.replace("milyar", "miliar")).strip()


def terbilang_rupiah(x: int | float) -> str:
    """Amount in words with 'rupiah'; cents, if any, as '... sen'."""
    rp = int(abs(x))
    sen = round((abs(x) - rp) * 100)
    if sen == 100:
        rp, sen = rp + 1, 0
    teks = ("minus " if x < 0 else "") + terbilang(rp) + " rupiah"
    return teks + (f" {terbilang(sen)} sen" if sen else "")


def terbilang_hitungan(n: int) -> str:
    """13 -> '13 (tiga belas)', as in '4 (empat) program'."""
    return f"{n} ({terbilang(n)})"


def _normal(teks: str) -> str:
    t = teks.lower().replace("milyar", "miliar")
    t = re.sub(r"[^a-z ]", " ", t)
    t = re.sub(r"\brupiah\b|\bsen\b", " ", t)
    for a, b in (
        ("satu ribu", "seribu"),
        ("satu ratus", "seratus"),
        ("satu belas", "sebelas"),
        ("sejuta", "satu juta"),
        ("semiliar", "satu miliar"),
    ):
        t = re.sub(rf"\b{a}\b", b, t)
    return re.sub(r"\s+", " ", t).strip()


def cocok_terbilang(teks: str, x: int | float) -> bool:
    """Whether hand-written words say the figure (case, spacing, 'rupiah' and '.' ignored)."""
    return _normal(teks) == _normal(
        terbilang_rupiah(x) if not float(x).is_integer() else terbilang(x)
    )
