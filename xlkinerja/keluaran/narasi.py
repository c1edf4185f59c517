"""Narrative text from the workbook's numbers: Jinja2 templates in a sandbox, Indonesian formatting.

The templates live in the Narasi sheet (columns kunci / templat / teks) so staff can edit them;
defaults ship in ``xlkinerja/data/narasi/<kunci>.j2``. Every figure in the context comes from the
Python reference (`rujukan`), never from the values typed in formula cells, and every count is
derived from the tables.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import traceback
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from jinja2 import (
    FunctionLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    pass_environment,
)
from jinja2 import nodes as jn
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from xlkinerja.buku.antarmuka import Buku
from xlkinerja.inti.angka import format_angka, format_tanggal, terbilang, terbilang_rupiah
from xlkinerja.inti.metode.hasil import TDD
from xlkinerja.inti.rumus import Nilai, cocok_kriteria, is_number
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import Bacaan, rujukan

# Sections in document order; a section with an item variable is rendered once per item.
BAGIAN: dict[str, tuple[str, str | None]] = {
    "ikhtisar": ("Ikhtisar Eksekutif", None),
    "sasaran": ("Capaian per sasaran", "s"),
    "indikator": ("Capaian per indikator", "i"),
    "efisiensi": ("Efisiensi per sasaran", "e"),
    "anggaran": ("Realisasi anggaran", None),
    "jumlah": ("Jumlah program, kegiatan dan sub kegiatan", None),
    "program": ("Kinerja per program", "p"),
}
MAKS_BARIS = 1000  # Narasi rows read
MAKS_TEKS = 32767  # characters an Excel cell holds
MAKS_ULANG = 10_000  # largest repetition a template may ask for ('x' * n)
# The budget of one template run (a limit Excel users feel: the button must come back): time,
# loop iterations, call depth (a macro calling itself), size of any text/list built, output.
MAKS_DETIK = 3.0
MAKS_PUTARAN = 1_000_000
MAKS_KEDALAMAN = 50
MAKS_NILAI = 1_000_000
MAKS_KELUARAN = 1_000_000
TERENDAH = 3  # lowest-absorbing budget lines named in the text


# -- formatting filters ---------------------------------------------------------------------------


def _angka(x: Any) -> float | None:
    return float(x) if is_number(x) else None


def f_angka(x: Any, desimal: int | None = None) -> str:
    """1234.5 -> '1.234,5'; whole numbers without decimals; '-' when there is no number."""
    v = _angka(x)
    if v is None:
        return "-" if x in (None, "") else str(x)
    if desimal is not None:
        return format_angka(v, desimal)
    t = format_angka(v, 2)
    return t.rstrip("0").rstrip(",") if "," in t else t


def f_persen(x: Any, desimal: int = 2) -> str:
    """85.714 -> '85,71%'."""
    v = _angka(x)
    return "-" if v is None else format_angka(v, desimal) + "%"


def f_rupiah(x: Any) -> str:
    """15308539115 -> 'Rp15.308.539.115' (cents only when there are any)."""
    v = _angka(x)
    if v is None:
        return "-"
    return "Rp" + format_angka(v, 0 if round(v, 2).is_integer() else 2)


def f_tanggal(x: Any) -> str:
    """date(2026, 11, 22) or '2026-11-22' -> '22 November 2026'."""
    if isinstance(x, dt.datetime):
        x = x.date()
    if isinstance(x, str):
        try:
            x = dt.date.fromisoformat(x[:10])
        except ValueError:
            return x
    return format_tanggal(x) if isinstance(x, dt.date) else "-"


def f_terbilang(x: Any) -> str:
    v = _angka(x)
    return "-" if v is None else terbilang(int(v) if v.is_integer() else v)


def f_terbilang_rupiah(x: Any) -> str:
    v = _angka(x)
    return "-" if v is None else terbilang_rupiah(v)


def f_hitungan(n: Any) -> str:
    """13 -> '13 (tiga belas)'."""
    v = _angka(n)
    return "-" if v is None else f"{int(v)} ({terbilang(int(v))})"


#: Satuan that name what the number is, not a unit to count in: "82 indeks" and "70 nilai" are
#: not Indonesian; the sentence says "nilai 82" instead (see `tanpa_satuan`).
SATUAN_BUKAN_UNIT = frozenset(
    {"indeks", "nilai", "skor", "angka", "predikat", "huruf", "level", "kategori", "opini"}
)


def tanpa_satuan(satuan: Any) -> bool:
    """Whether the satuan is a kind of value (indeks, nilai, skor, predikat...), not a unit."""
    return str(satuan or "").strip().lower() in SATUAN_BUKAN_UNIT


def f_nilai(x: Any, satuan: Any = None) -> str:
    """A value with its unit: '85,71%', '1.000 orang', 'Rp1.500', or a grade as written; an
    indeks, nilai or skor without a unit word ('82', not '82 indeks')."""
    if isinstance(x, (list, tuple)) and len(x) == 2:
        return f"{f_angka(x[0])}–{f_nilai(x[1], satuan)}"
    s = str(satuan or "").strip()
    if _angka(x) is None:
        return "-" if x in (None, "") else str(x)
    if s.lower() in ("%", "persen"):
        return f_angka(x) + "%"
    if tanpa_satuan(s):
        return f_angka(x)
    if s.lower() in ("rp", "rupiah"):
        return f_rupiah(x)
    return f"{f_angka(x)} {s}" if s else f_angka(x)


def f_kapital(x: Any) -> str:
    """First letter upper case, the rest as written."""
    t = str(x)
    return t[:1].upper() + t[1:]


def f_daftar(xs: Any, kata: str = "dan") -> str:
    """['a', 'b', 'c'] -> 'a, b dan c' (empty items left out)."""
    xs = [str(x) for x in xs if x not in (None, "")]
    if len(xs) <= 1:
        return "".join(xs)
    return ", ".join(xs[:-1]) + f" {kata} " + xs[-1]


FILTER = {
    "angka": f_angka,
    "persen": f_persen,
    "rupiah": f_rupiah,
    "tanggal": f_tanggal,
    "terbilang": f_terbilang,
    "terbilang_rupiah": f_terbilang_rupiah,
    "hitungan": f_hitungan,
    "nilai": f_nilai,
    "kapital": f_kapital,
    "daftar": f_daftar,
}


class AnggaranHabis(SecurityError):
    """A template exceeded its budget (time, loops, depth, size); the message is Indonesian."""


def _ribuan(n: int) -> str:
    return f"{n:,}".replace(",", ".")


#: A width or precision of 100.000 or more in a %-format or str.format spec (a huge string).
_LEBAR_BESAR = re.compile(r"%[^a-zA-Z%]*\d{6,}|\{[^}]*:[^}]*\d{6,}")


def _cek_format(fmt: Any) -> None:
    if isinstance(fmt, str) and _LEBAR_BESAR.search(fmt):
        raise AnggaranHabis("lebar format terlalu besar (100.000 karakter atau lebih)")


def _f_format(nilai: Any, *args: Any, **kwargs: Any) -> str:
    """Jinja's `format` filter with the format's width checked first."""
    from jinja2.filters import do_format

    _cek_format(nilai)
    return do_format(nilai, *args, **kwargs)


def _f_sum(env: Any, isi: Any, attribute: Any = None, start: Any = 0) -> Any:
    """Jinja's `sum` filter for numbers only (a list start would copy lists quadratically)."""
    from jinja2.filters import do_sum

    if not is_number(start):
        raise AnggaranHabis("sum hanya untuk angka")
    return do_sum(env, isi, attribute, start)


class _Anggaran(NodeTransformer):
    """Rewrites a parsed template so the budget is checked where no sandbox hook runs: every
    `for` iterates through `xlk_ulang` (time and iteration count), every filter result and
    `~` concatenation passes `xlk_ukur` (size); including/importing itself is refused."""

    def __init__(self, nama: str | None) -> None:
        self.nama = nama

    def visit_For(self, node: jn.For) -> jn.Node:
        self.generic_visit(node)
        node.iter = jn.Filter(node.iter, "xlk_ulang", [], [], None, None, lineno=node.lineno)
        return node

    def visit_Filter(self, node: jn.Filter) -> jn.Node:
        self.generic_visit(node)
        if node.node is None:  # the filter of a {% filter %} block: its output is counted
            return node
        return jn.Filter(node, "xlk_ukur", [], [], None, None, lineno=node.lineno)

    def visit_Concat(self, node: jn.Concat) -> jn.Node:
        self.generic_visit(node)
        return jn.Filter(node, "xlk_ukur", [], [], None, None, lineno=node.lineno)

    def _sendiri(self, node: jn.Node, templat: jn.Node) -> jn.Node:
        if isinstance(templat, jn.Const) and templat.value == self.nama:
            raise TemplateSyntaxError(
                "templat menyertakan dirinya sendiri (include/import/extends)", node.lineno
            )
        self.generic_visit(node)
        return node

    def visit_Include(self, node: jn.Include) -> jn.Node:
        return self._sendiri(node, node.template)

    def visit_Import(self, node: jn.Import) -> jn.Node:
        return self._sendiri(node, node.template)

    def visit_FromImport(self, node: jn.FromImport) -> jn.Node:
        return self._sendiri(node, node.template)

    def visit_Extends(self, node: jn.Extends) -> jn.Node:
        return self._sendiri(node, node.template)


class LingkunganNarasi(ImmutableSandboxedEnvironment):
    """The sandbox every narrative template runs in (also the Word template), with a budget:
    `MAKS_DETIK` seconds from `mulai` (or from creation), `MAKS_PUTARAN` loop iterations,
    `MAKS_KEDALAMAN` nested calls, `MAKS_NILAI` characters or items in any value built."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, detik: float = MAKS_DETIK, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = self._range
        self.filters["xlk_ulang"] = self._ulang
        self.filters["xlk_ukur"] = self._ukur
        self.filters["format"] = _f_format
        self.filters["sum"] = pass_environment(_f_sum)
        self.detik = detik
        self.mulai()

    def mulai(self) -> None:
        """Start the budget afresh (time, iterations, depth)."""
        self._batas = time.monotonic() + self.detik
        self._putaran = 0
        self._dalam = 0

    def cek_waktu(self) -> None:
        if time.monotonic() > self._batas:
            raise AnggaranHabis(
                f"berjalan lebih dari {self.detik:g} detik (perulangan terlalu banyak?); dihentikan"
            )

    def _ukur(self, v: Any) -> Any:
        if isinstance(v, (str, list, tuple, dict)) and len(v) > MAKS_NILAI:
            raise AnggaranHabis(
                f"teks atau daftar lebih dari {_ribuan(MAKS_NILAI)} karakter/butir dibuat; "
                "dihentikan"
            )
        return v

    def _range(self, *args: int) -> range:
        r = range(*args)
        if len(r) > MAKS_ULANG:
            raise AnggaranHabis(f"range lebih dari {_ribuan(MAKS_ULANG)} langkah")
        return r

    def _ulang(self, isi: Any) -> Any:
        """Iterate `isi`, counting iterations against the budget."""
        if isi is None or not hasattr(isi, "__iter__"):
            return isi  # the loop reports the error itself
        return self._putar(isi)

    def _putar(self, isi: Any):
        for x in isi:
            self._putaran += 1
            if self._putaran > MAKS_PUTARAN:
                raise AnggaranHabis(
                    f"perulangan lebih dari {_ribuan(MAKS_PUTARAN)} kali; dihentikan"
                )
            if not self._putaran & 255:
                self.cek_waktu()
            yield x

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.cek_waktu()
        for a in (*args, *kwargs.values()):
            __self._ukur(a)
        if getattr(__obj, "__name__", None) in ("format", "format_map"):
            asli = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
            _cek_format(getattr(asli, "__self__", None))
        if __self._dalam >= MAKS_KEDALAMAN:
            raise AnggaranHabis(
                f"panggilan bersarang lebih dari {MAKS_KEDALAMAN} tingkat (makro memanggil "
                "dirinya sendiri?); dihentikan"
            )
        __self._dalam += 1
        try:
            return __self._ukur(super().call(__context, __obj, *args, **kwargs))
        finally:
            __self._dalam -= 1

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.cek_waktu()
        return super().getattr(obj, attribute)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and is_number(right) and abs(float(right)) > 64:
            raise SecurityError("pangkat terlalu besar")
        if operator == "%":
            _cek_format(left)
        if operator == "*":
            for a, b in ((left, right), (right, left)):
                if isinstance(a, (str, list, tuple)) and isinstance(b, int) and b > MAKS_ULANG:
                    raise SecurityError("pengulangan teks/daftar terlalu besar")
        return self._ukur(super().call_binop(context, operator, left, right))

    def _parse(self, source: str, name: str | None, filename: str | None) -> jn.Template:
        return _Anggaran(name).visit(super()._parse(source, name, filename))


def lingkungan(sumber: dict[str, str] | None = None, **kw: Any) -> LingkunganNarasi:
    """A sandboxed environment with the Indonesian filters; `sumber` maps template names to
    their text (the file name of each is '<narasi:NAME>', for error lines). The budget starts
    when it is made (`LingkunganNarasi.mulai` starts it again)."""
    sumber = sumber or {}

    def muat(nama: str):
        if nama not in sumber:
            return None
        return sumber[nama], f"<narasi:{nama}>", lambda: True

    pilihan: dict[str, Any] = {
        "undefined": StrictUndefined,
        "autoescape": False,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": False,
        **kw,
    }
    env = LingkunganNarasi(loader=FunctionLoader(muat), **pilihan)
    env.filters.update(FILTER)
    return env


def templat_bawaan(kunci: str) -> str:
    """The default template of one section, shipped with the package."""
    return (resources.files("xlkinerja") / "data" / "narasi" / f"{kunci}.j2").read_text("utf-8")


# -- errors ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GalatTemplat:
    """A template that could not be rendered: which one, where it is, the line, and why."""

    kunci: str
    baris: int | None
    pesan: str
    sel: str | None = None  # Narasi!Bn holding the template; None for the package default

    def __str__(self) -> str:
        letak = f" (lembar Narasi sel {self.sel})" if self.sel else " (templat bawaan)"
        b = f", baris {self.baris}" if self.baris else ""
        return (
            f"Templat '{self.kunci}'{letak}{b}: {self.pesan}. Teks sebelumnya dibiarkan; "
            "perbaiki templat lalu jalankan Isi Narasi lagi."
        )


def _uraikan(e: Exception, nama_berkas: str) -> tuple[int | None, str]:
    """Line and Indonesian explanation of a template exception."""
    baris = getattr(e, "lineno", None)
    if baris is None:
        for fr in reversed(traceback.extract_tb(e.__traceback__)):
            if fr.filename == nama_berkas:
                baris = fr.lineno
                break
    pesan = getattr(e, "message", None) or str(e)
    if isinstance(e, AnggaranHabis):
        return baris, f"melampaui batas templat: {pesan}"
    if isinstance(e, SecurityError):
        return baris, (
            f"ditolak oleh sandbox: templat mengakses bagian yang tidak diizinkan ({pesan})"
        )
    if isinstance(e, TemplateSyntaxError):
        return baris, f"kesalahan tata tulis Jinja2 ({pesan})"
    if isinstance(e, UndefinedError):
        return baris, f"nama atau kolom tidak dikenal ({pesan})"
    return baris, f"templat gagal dijalankan ({type(e).__name__}: {pesan})"


def _rapikan(teks: str) -> str:
    """Paragraphs separated by one blank line; lines inside a paragraph joined; spaces single."""
    par = []
    for p in re.split(r"\n\s*\n", teks):
        p = re.sub(r"\s+", " ", p).strip()
        p = re.sub(r" ([,.;:)])", r"\1", p)
        if p:
            par.append(p)
    return "\n\n".join(par)


#: Templates that ran out of time, by source: the next item with the same template fails at
#: once instead of spending the budget again (40 indicators x 3 s would freeze Excel).
_KEHABISAN_WAKTU: dict[str, str] = {}


def _jalankan(env: LingkunganNarasi, kunci: str, konteks: dict[str, Any]) -> str:
    """The template's output, generated piece by piece under the output-size budget."""
    bagian, n = [], 0
    for potong in env.get_template(kunci).generate(konteks):
        n += len(potong)
        if n > MAKS_KELUARAN:
            raise AnggaranHabis(
                f"keluaran lebih dari {_ribuan(MAKS_KELUARAN)} karakter; dihentikan"
            )
        bagian.append(potong)
    return "".join(bagian)


def render(
    kunci: str, sumber: str, konteks: dict[str, Any], sel: str | None = None
) -> tuple[str | None, GalatTemplat | None]:
    """Render one template under the sandbox's budget; (text, None) or (None, error)."""
    if sumber in _KEHABISAN_WAKTU:
        return None, GalatTemplat(kunci, None, _KEHABISAN_WAKTU[sumber], sel)
    env = lingkungan({kunci: sumber})
    try:
        teks = _rapikan(_jalankan(env, kunci, konteks))
    except RecursionError:
        return None, GalatTemplat(
            kunci,
            None,
            "templat memanggil atau menyertakan dirinya sendiri tanpa henti (rekursi); dihentikan",
            sel,
        )
    except (TemplateError, ArithmeticError, TypeError, ValueError, KeyError, IndexError) as e:
        baris, pesan = _uraikan(e, f"<narasi:{kunci}>")
        if isinstance(e, AnggaranHabis) and "detik" in str(e):
            if len(_KEHABISAN_WAKTU) > 64:
                _KEHABISAN_WAKTU.clear()
            _KEHABISAN_WAKTU[sumber] = pesan
        return None, GalatTemplat(kunci, baris, pesan, sel)
    if len(teks) > MAKS_TEKS:
        return None, GalatTemplat(
            kunci, None, f"teks hasil {len(teks)} karakter, melebihi {MAKS_TEKS} satu sel", sel
        )
    return teks, None


# -- the context ----------------------------------------------------------------------------------


def _ruj(ruj: dict[tuple[str, str], Nilai], t: S.Tabel, r: int, kolom: str) -> Nilai:
    return ruj.get((t.lembar, f"{t.huruf(kolom)}{r}"))


def _alasan(v: Nilai) -> str | None:
    if isinstance(v, str) and v.startswith(TDD):
        return v[len(TDD) :].lstrip(": ") or "tanpa alasan"
    return None


def _teks(v: Nilai) -> str | None:
    return None if v in (None, "") else str(v).strip()


def _sama_kode(a: Nilai, b: Nilai) -> bool:
    return a not in (None, "") and b not in (None, "") and str(a).strip() == str(b).strip()


def _predikat_teks(b: Bacaan, pred: Nilai) -> str | None:
    """'AA (Sangat Memuaskan)' from the predikat cell's text."""
    t = _teks(pred)
    if t is None or _alasan(pred):
        return None
    p = b.metode.skala.pita_dari(t)
    if p is None or p.kode == p.label:
        return t
    return f"{p.kode} ({p.label})"


def _predikat_baik(b: Bacaan, pred: Nilai) -> bool | None:
    """Whether the predikat is in the upper half of the methodology's scale (a capaian below
    target may still be "Sangat Memuaskan": the sentence then says "meskipun")."""
    t = _teks(pred)
    if t is None or _alasan(pred):
        return None
    urut = b.metode.skala.urut()
    p = b.metode.skala.pita_dari(t)
    if p is None:
        return None
    return urut.index(p) >= len(urut) / 2


def _arah(
    polaritas: Nilai, baru: float | None, lama: float | None
) -> tuple[str | None, str | None]:
    """Direction of the value (naik/turun/sama) and of performance (meningkat/menurun/tetap):
    for a negative-polarity indicator a falling value is better performance."""
    if baru is None or lama is None:
        return None, None
    if abs(baru - lama) < 1e-9:
        return "sama", "tetap"
    naik = baru > lama
    baik = naik if str(polaritas or "positif").lower() != "negatif" else not naik
    return ("naik" if naik else "turun"), ("meningkat" if baik else "menurun")


def _status(c: float | None) -> str | None:
    if c is None:
        return None
    if c > 100 + 1e-9:
        return "melampaui target"
    if c >= 100 - 1e-9:
        return "mencapai target"
    return "belum mencapai target"


def _pengaturan(buku: Buku) -> dict[str, Nilai]:
    out: dict[str, Nilai] = {}
    for isian in S.PENGATURAN_UMUM:
        try:
            out[isian.kunci] = buku.nilai_nama(isian.nama)
        except Exception:  # noqa: BLE001 - an old workbook without the name: no value
            out[isian.kunci] = None
    return out


def _rekap(nilai: list[str | None]) -> list[dict[str, Any]]:
    urutan: dict[str, int] = {}
    for x in nilai:
        if x:
            urutan[x] = urutan.get(x, 0) + 1
    return [{"predikat": k, "jumlah": n} for k, n in urutan.items()]


def _indikator(b: Bacaan, ruj: dict, r: int, v: dict, tahun: int) -> dict[str, Any]:
    t = S.PENGUKURAN
    sat = _teks(v.get("satuan"))
    cap_v = _ruj(ruj, t, r, "capaian")
    cap = _angka(cap_v)
    tampil = _angka(_ruj(ruj, t, r, "capaian_tampil"))
    pred = _ruj(ruj, t, r, "predikat")
    real, lalu = _angka(v.get("realisasi")), _angka(v.get("realisasi_lalu"))
    arah_nilai, arah_kinerja = _arah(v.get("polaritas"), real, lalu)
    cap_lalu = _angka(_ruj(ruj, t, r, "capaian_lalu"))  # a formula column: the reference
    arah_capaian = _arah("positif", cap, cap_lalu)[1]
    sn = _angka(v.get("standar_nasional"))
    negatif = str(v.get("polaritas") or "").lower() == "negatif"
    memenuhi = None
    if sn is not None and real is not None:
        memenuhi = real <= sn if negatif else real >= sn
    target: Any = v.get("target")
    if _angka(v.get("target_atas")) is not None and _angka(target) is not None:
        target = [v["target"], v["target_atas"]]
    return {
        "baris": r,
        "kode": _teks(v.get("kode")) or "",
        "nama": _teks(v.get("indikator")) or "",
        "kode_sasaran": _teks(v.get("kode_sasaran")) or "",
        "satuan": sat or "",
        "polaritas": _teks(v.get("polaritas")) or "positif",
        "negatif": negatif,
        "jenis": _teks(v.get("jenis")) or "",
        "target": v.get("target"),
        "target_atas": v.get("target_atas"),
        "target_teks": f_nilai(target, sat),
        "realisasi": v.get("realisasi"),
        "realisasi_teks": f_nilai(v.get("realisasi"), sat),
        # no realisasi yet: empty, or '-' (no data), the two the capaian formula names
        "realisasi_belum": _teks(v.get("realisasi")) in (None, "", "-", "–"),
        "pembilang": _angka(v.get("pembilang")),
        "penyebut": _angka(v.get("penyebut")),
        "capaian": cap,
        "capaian_tampil": tampil,
        "alasan": _alasan(cap_v),
        "predikat": _teks(pred) if not _alasan(pred) else None,
        "predikat_teks": _predikat_teks(b, pred),
        "predikat_baik": _predikat_baik(b, pred),
        "status_target": _status(cap),
        "tanpa_satuan": tanpa_satuan(sat),
        "realisasi_lalu": lalu,
        "realisasi_lalu_teks": f_nilai(lalu, sat),
        "selisih_lalu": None if real is None or lalu is None else abs(real - lalu),
        "selisih_lalu_teks": (
            None
            if real is None or lalu is None
            else (
                f"{f_angka(abs(real - lalu))} poin persen"
                if sat == "%"
                else f_nilai(abs(real - lalu), sat)
            )
        ),
        "arah_nilai": arah_nilai,
        "arah_kinerja": arah_kinerja,
        "capaian_lalu": cap_lalu,
        "arah_capaian": arah_capaian,
        "target_akhir": _angka(v.get("target_akhir")),
        "target_akhir_teks": f_nilai(v.get("target_akhir"), sat),
        "capaian_akhir": _angka(_ruj(ruj, t, r, "capaian_akhir")),
        "standar_nasional": sn,
        "standar_nasional_teks": f_nilai(sn, sat),
        "memenuhi_standar": memenuhi,
        "keterangan": _teks(v.get("keterangan")) or "",
        "tahun": tahun,
    }


_Rujukan = dict[tuple[str, str], Nilai]


def konteks(b: Bacaan, ruj: _Rujukan | None = None) -> dict[str, Any]:
    """Everything a template may use, from the Python reference and the input cells."""
    ruj = rujukan(b) if ruj is None else ruj
    peng = _pengaturan(b.buku)
    tahun = int(_angka(peng.get("tahun")) or dt.date.today().year)
    indikator = [_indikator(b, ruj, r, v, tahun) for r, v in b.isi("pengukuran")]
    sasaran = _daftar_sasaran(b, ruj, indikator)
    misi = _daftar_misi(b, ruj, sasaran)
    keseluruhan = _keseluruhan(b, ruj)
    baris_ang = _baris_anggaran(b, ruj)
    program = _program(baris_ang)
    anggaran = _anggaran(b, ruj, baris_ang, program)
    efisiensi = _daftar_efisiensi(b, ruj, baris_ang)
    jumlah = _jumlah(b, indikator, sasaran, misi, baris_ang, program, efisiensi)
    kinerja_program = _kinerja_program(b, ruj, program, sasaran)
    ra = _angka(peng.get("renstra_awal"))
    return {
        "instansi": _instansi(peng),
        "tahun": tahun,
        "tahun_lalu": tahun - 1,
        "renstra_awal": int(ra) if ra is not None else None,
        "metode": _metode(b),
        "indikator": indikator,
        "sasaran": sasaran,
        "misi": misi,
        "keseluruhan": keseluruhan,
        "efisiensi": efisiensi,
        "anggaran": anggaran,
        "jumlah": jumlah,
        "program": program,
        "kinerja_program": kinerja_program,
        "renstra_pendanaan": _renstra_pendanaan(b, ruj),
    }


def _jumlah_status(indikator: list[dict[str, Any]], status: str) -> int:
    """How many of the indicators have `status_target` equal to `status`."""
    return sum(1 for i in indikator if i["status_target"] == status)


def _daftar_sasaran(
    b: Bacaan, ruj: _Rujukan, indikator: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """One item per row of the Pengukuran sasaran table, with its indicators."""
    ts = S.PENGUKURAN_SASARAN
    sasaran = []
    for r, v in b.isi("pengukuran_sasaran"):
        kode = _teks(v.get("kode_sasaran")) or ""
        anggota = [i for i in indikator if _sama_kode(i["kode_sasaran"], kode)]
        cap_v = _ruj(ruj, ts, r, "capaian")
        pred = _ruj(ruj, ts, r, "predikat")
        sasaran.append(
            {
                "baris": r,
                "kode": kode,
                "nama": _teks(v.get("sasaran")) or "",
                "kode_misi": _teks(v.get("kode_misi")) or "",
                "indikator": anggota,
                "jumlah": len(anggota),
                "capaian": _angka(cap_v),
                "alasan": _alasan(cap_v),
                "predikat": _teks(pred) if not _alasan(pred) else None,
                "predikat_teks": _predikat_teks(b, pred),
                "rekap_predikat": _rekap([i["predikat_teks"] for i in anggota]),
                "di_atas_target": _jumlah_status(anggota, "melampaui target"),
                "sesuai_target": _jumlah_status(anggota, "mencapai target"),
                "di_bawah_target": _jumlah_status(anggota, "belum mencapai target"),
            }
        )
    return sasaran


def _daftar_misi(b: Bacaan, ruj: _Rujukan, sasaran: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One item per row of the Pengukuran misi table."""
    tm = S.PENGUKURAN_MISI
    misi = []
    for r, v in b.isi("pengukuran_misi"):
        pred = _ruj(ruj, tm, r, "predikat")
        misi.append(
            {
                "kode": _teks(v.get("kode_misi")) or "",
                "nama": _teks(v.get("misi")) or "",
                "capaian": _angka(_ruj(ruj, tm, r, "capaian")),
                "predikat_teks": _predikat_teks(b, pred),
                "jumlah": sum(1 for s in sasaran if _sama_kode(s["kode_misi"], v.get("kode_misi"))),
            }
        )
    return misi


def _keseluruhan(b: Bacaan, ruj: _Rujukan) -> dict[str, Any]:
    """The overall achievement and predicate (the row under the misi table)."""
    tm = S.PENGUKURAN_MISI
    rk = b.tata.keseluruhan
    pred_k = ruj.get(("Pengukuran", f"{tm.huruf('predikat')}{rk}"))
    return {
        "capaian": _angka(ruj.get(("Pengukuran", f"{tm.huruf('capaian')}{rk}"))),
        "predikat_teks": _predikat_teks(b, pred_k),
        "dari": b.metode.agregasi.keseluruhan_dari,
    }


def _baris_anggaran(b: Bacaan, ruj: _Rujukan) -> list[dict[str, Any]]:
    """Every Anggaran row with its reference values; parents are sums of children."""
    ta = S.ANGGARAN
    baris_ang = []
    for r, v in b.isi("anggaran"):
        baris_ang.append(
            {
                "baris": r,
                "tingkat": _teks(v.get("tingkat")) or "",
                "kode": _teks(v.get("kode")) or "",
                "nama": _teks(v.get("uraian")) or "",
                "sasaran": _teks(v.get("sasaran")) or "",
                "pagu": _angka(_ruj(ruj, ta, r, "pagu") if b.anak[r] else v.get("pagu")),
                "realisasi": _angka(
                    _ruj(ruj, ta, r, "realisasi") if b.anak[r] else v.get("realisasi")
                ),
                "serapan": _angka(_ruj(ruj, ta, r, "serapan")),
                "sisa": _angka(_ruj(ruj, ta, r, "sisa")),
                "rincian": bool(b.anak[r]),
                "keterangan": _teks(v.get("keterangan")) or "",
            }
        )
    return baris_ang


def _jumlah_tingkat(baris_ang: list[dict[str, Any]], tingkat: str) -> int:
    """How many budget rows are at `tingkat` (Program, Kegiatan, Sub Kegiatan)."""
    return sum(1 for x in baris_ang if cocok_kriteria(tingkat, x["tingkat"]))


def _program(baris_ang: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The program rows (the same dicts as in `baris_ang`), each given the sasaran it supports
    and its number of activities and sub-activities."""
    program = [x for x in baris_ang if cocok_kriteria("Program", x["tingkat"])]
    for p in program:
        kode = p["kode"]
        turunan = [x for x in baris_ang if x["kode"] == kode or x["kode"].startswith(kode + ".")]
        p["mendukung"] = sorted({x["sasaran"] for x in turunan if x["sasaran"]})
        p["kegiatan"] = _jumlah_tingkat(turunan, "Kegiatan")
        p["sub_kegiatan"] = _jumlah_tingkat(turunan, "Sub Kegiatan")
    return program


def _kinerja_program(
    b: Bacaan, ruj: _Rujukan, program: list[dict[str, Any]], sasaran: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every Kinerja Program row (indicator, target, realisasi, capaian, predikat, the budget
    row's pagu, realisasi and serapan); each program is given its own indicators and the names
    of the sasaran it supports."""
    semua: list[dict[str, Any]] = []
    t = S.KINERJA_PROGRAM
    nama_sasaran = {x["kode"]: x["nama"] for x in sasaran}
    for p in program:
        p["indikator"] = []
        p["sasaran_didukung"] = [
            {"kode": k, "nama": nama_sasaran.get(k, "")} for k in p.get("mendukung", [])
        ]
        p["sasaran_teks"] = f_daftar([x["nama"] or x["kode"] for x in p["sasaran_didukung"]])
    per_kode = {p["kode"].casefold(): p for p in program if p["kode"]}
    for r, v in b.isi("kinerja_program"):
        sat = _teks(v.get("satuan"))
        cap = _ruj(ruj, t, r, "capaian")
        x = {
            "kode": _teks(v.get("kode")) or "",
            "tingkat": _teks(_ruj(ruj, t, r, "tingkat")) or "",
            "uraian": _teks(_ruj(ruj, t, r, "uraian")) or "",
            "nama": _teks(v.get("indikator")) or "",
            "jenis": _teks(v.get("jenis_indikator")) or "",
            "satuan": sat or "",
            "target_teks": f_nilai(v.get("target"), sat),
            "realisasi_teks": f_nilai(v.get("realisasi"), sat),
            "capaian": _angka(cap),
            "alasan": _alasan(cap),
            "predikat_teks": _predikat_teks(b, _ruj(ruj, t, r, "predikat")),
            "pagu": _angka(_ruj(ruj, t, r, "pagu")),
            "realisasi_anggaran": _angka(_ruj(ruj, t, r, "realisasi_anggaran")),
            "serapan": _angka(_ruj(ruj, t, r, "serapan")),
        }
        semua.append(x)
        p = per_kode.get(x["kode"].casefold())
        if p is not None:
            p["indikator"].append(x)
    return semua


def _renstra_pendanaan(b: Bacaan, ruj: _Rujukan) -> dict[str, Any]:
    """The Renstra funding matrix: its rows (targets and pagu of the five years, the sum of the
    years) and the Σ program per year."""
    t = S.RENSTRA_PENDANAAN
    baris = []
    for r, v in b.isi(t.kunci):
        sat = _teks(v.get("satuan"))
        baris.append(
            {
                "tingkat": _teks(v.get("tingkat")) or "",
                "kode": _teks(v.get("kode")) or "",
                "uraian": _teks(v.get("uraian")) or "",
                "indikator": _teks(v.get("indikator")) or "",
                "satuan": sat or "",
                "kondisi_awal": f_nilai(v.get("kondisi_awal"), sat)
                if v.get("kondisi_awal") is not None
                else "",
                "target": [
                    f_nilai(v.get(f"target_{i}"), sat) if v.get(f"target_{i}") is not None else ""
                    for i in range(1, 6)
                ],
                "pagu": [_angka(v.get(f"pagu_{i}")) for i in range(1, 6)],
                "target_akhir": f_nilai(v.get("target_akhir"), sat)
                if v.get("target_akhir") is not None
                else "",
                "pagu_jumlah": _angka(_ruj(ruj, t, r, "pagu_jumlah"))
                if any(is_number(v.get(f"pagu_{i}")) for i in range(1, 6))
                else None,
                "versi": _teks(v.get("versi")) or "",
            }
        )
    rt = b.tata.total_renstra if baris else None
    total = [
        _angka(ruj.get((t.lembar, f"{t.huruf(k)}{rt}"))) if rt else None
        for k in S.KOLOM_PAGU_RENSTRA
    ]
    return {"baris": baris, "total": total[:5], "total_jumlah": total[5]}


def _total_anggaran(b: Bacaan, ruj: _Rujukan, kol: str) -> float | None:
    """The reference value of column `kol` in the Anggaran total row."""
    ta = S.ANGGARAN
    return _angka(ruj.get((ta.lembar, f"{ta.huruf(kol)}{b.tata.total}")))


def _anggaran(
    b: Bacaan, ruj: _Rujukan, baris_ang: list[dict[str, Any]], program: list[dict[str, Any]]
) -> dict[str, Any]:
    """Budget totals, programs, rows, the lowest-absorbing lines and the jenis belanja."""
    rinci = [x for x in baris_ang if not x["rincian"] and x["serapan"] is not None]
    terendah = sorted(rinci, key=lambda x: (x["serapan"], -(x["sisa"] or 0)))[:TERENDAH]
    belanja = _belanja(b, _total_anggaran(b, ruj, "pagu"))
    return {
        "pagu": _total_anggaran(b, ruj, "pagu"),
        "realisasi": _total_anggaran(b, ruj, "realisasi"),
        "serapan": _total_anggaran(b, ruj, "serapan"),
        "sisa": _total_anggaran(b, ruj, "sisa"),
        "program": program,
        "baris": baris_ang,
        "terendah": terendah,
        "di_bawah_80": sum(1 for x in rinci if x["serapan"] < 80),
        "belanja": belanja,
    }


def _daftar_efisiensi(
    b: Bacaan, ruj: _Rujukan, baris_ang: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """One item per row of the Efisiensi table, with the budget lines supporting the sasaran."""
    te = S.EFISIENSI
    efisiensi = []
    for r, v in b.isi("efisiensi"):
        kode = _teks(v.get("kode_sasaran")) or ""
        ef_v = _ruj(ruj, te, r, "efisiensi")
        kat = _teks(_ruj(ruj, te, r, "kategori"))
        if kat is None and isinstance(ef_v, str) and not _alasan(ef_v):
            kat = ef_v
        efisiensi.append(
            {
                "baris": r,
                "kode": kode,
                "nama": _teks(v.get("sasaran")) or "",
                "capaian": _angka(_ruj(ruj, te, r, "capaian")),
                "pagu": _angka(_ruj(ruj, te, r, "pagu")),
                "realisasi": _angka(_ruj(ruj, te, r, "realisasi")),
                "serapan": _angka(_ruj(ruj, te, r, "serapan")),
                "sisa": _angka(_ruj(ruj, te, r, "sisa")),
                "efisiensi": _angka(ef_v),
                "alasan": _alasan(ef_v),
                "kategori": kat if kat and not _alasan(kat) else None,
                "pendukung": [_sebut(x) for x in baris_ang if _sama_kode(x["sasaran"], kode)],
            }
        )
    return efisiensi


def _jumlah(
    b: Bacaan,
    indikator: list[dict[str, Any]],
    sasaran: list[dict[str, Any]],
    misi: list[dict[str, Any]],
    baris_ang: list[dict[str, Any]],
    program: list[dict[str, Any]],
    efisiensi: list[dict[str, Any]],
) -> dict[str, Any]:
    """The counts the narrative cites (programs, indicators, targets met, predicates, ...)."""
    kode_tujuan = {
        str(v["kode_tujuan"]).strip()
        for _, v in b.isi("renstra")
        if v.get("kode_tujuan") not in (None, "")
    }
    pendukung = sum(1 for p in program if p["mendukung"])
    return {
        "program": len(program),
        "kegiatan": _jumlah_tingkat(baris_ang, "Kegiatan"),
        "sub_kegiatan": _jumlah_tingkat(baris_ang, "Sub Kegiatan"),
        "program_pendukung": pendukung,
        "program_penunjang": len(program) - pendukung,
        "indikator": len(indikator),
        "sasaran": len(sasaran),
        "misi": len(misi),
        "tujuan": len(kode_tujuan),
        "di_atas_target": _jumlah_status(indikator, "melampaui target"),
        "sesuai_target": _jumlah_status(indikator, "mencapai target"),
        "di_bawah_target": _jumlah_status(indikator, "belum mencapai target"),
        "tidak_terhitung": sum(1 for i in indikator if i["capaian"] is None),
        "rekap_predikat": _rekap([i["predikat_teks"] for i in indikator]),
        "efisien": sum(1 for e in efisiensi if (e["kategori"] or "").lower() == "efisien"),
    }


def nama_lengkap(nama: str, pemda: str) -> str:
    """'Dinas Kesehatan' of 'Pemerintah Kabupaten Jember' -> 'Dinas Kesehatan Kabupaten
    Jember'; a name that already says its region is kept."""
    daerah = re.sub(r"^\s*pemerintah\s+", "", pemda, flags=re.I).strip()
    if not daerah or daerah.lower() in nama.lower():
        return nama
    inti = re.sub(r"^(kabupaten|kab\.?|kota|provinsi)\s+", "", daerah, flags=re.I)
    if inti and re.search(rf"\b{re.escape(inti)}\b", nama, re.I):
        return nama  # "Dinas Kesehatan Kab. Jember"
    return f"{nama} {daerah}".strip()


def _instansi(peng: dict[str, Nilai]) -> dict[str, Any]:
    """The agency's identity from the Pengaturan sheet."""
    tanggal = peng.get("tanggal")
    nama, pemda = _teks(peng.get("instansi")) or "", _teks(peng.get("pemda")) or ""
    return {
        "nama": nama,
        "nama_lengkap": nama_lengkap(nama, pemda),
        "pemda": pemda,
        "kepala": _teks(peng.get("kepala")) or "",
        "nip_kepala": _teks(peng.get("nip_kepala")) or "",
        "jabatan_kepala": _teks(peng.get("jabatan_kepala")) or "",
        "atasan": _teks(peng.get("atasan")) or "",
        "jabatan_atasan": _teks(peng.get("jabatan_atasan")) or "",
        "tempat": _teks(peng.get("tempat")) or "",
        "asn": _angka(peng.get("jumlah_asn")),
        "non_asn": _angka(peng.get("jumlah_non_asn")),
        "tanggal": tanggal if isinstance(tanggal, (dt.date, dt.datetime)) else None,
    }


def _metode(b: Bacaan) -> dict[str, Any]:
    """The methodology's names: predicate scale, bounds, rounding and efficiency method."""
    m = b.metode
    ef = m.efisiensi
    return {
        "kode": m.kode,
        "nama": m.nama,
        "skala": m.skala.nama,
        "batas": m.batas.uraian,
        "pembulatan": m.pembulatan.uraian,
        "efisiensi": {
            "kode": ef.kode,
            "nama": ef.nama,
            "rumus": ef.tulisan,
            "sumber": ef.sumber,
        },
    }


def _sebut(x: dict[str, Any]) -> str:
    """'sub kegiatan Penyelesaian ...', or the name alone when it starts with its level."""
    t = x["tingkat"]
    return x["nama"] if x["nama"].lower().startswith(t.lower()) else f"{t.lower()} {x['nama']}"


def _belanja(b: Bacaan, total_pagu: float | None) -> list[dict[str, Any]]:
    """Jenis belanja rows that hold numbers (operasi = pegawai + barang dan jasa)."""
    t = S.ANGGARAN
    r0 = b.tata.belanja
    isi = b.buku.nilai(t.lembar, f"{t.huruf('uraian')}{r0 + 1}:{t.huruf('realisasi')}{r0 + 5}")
    ip, ir = t.indeks("pagu") - t.indeks("uraian"), t.indeks("realisasi") - t.indeks("uraian")
    masuk = {str(row[0]): (_angka(row[ip]), _angka(row[ir])) for row in isi if row and row[0]}

    def jml(*nama: str) -> tuple[float | None, float | None]:
        ps = [masuk.get(n, (None, None)) for n in nama]
        if any(p[0] is None for p in ps):
            return None, None
        return sum(p[0] for p in ps), sum(p[1] or 0 for p in ps)  # type: ignore[misc]

    nilai = {
        "Belanja Pegawai": masuk.get("Belanja Pegawai", (None, None)),
        "Belanja Barang dan Jasa": masuk.get("Belanja Barang dan Jasa", (None, None)),
        "Belanja Modal": masuk.get("Belanja Modal", (None, None)),
    }
    nilai["Belanja Operasi"] = jml("Belanja Pegawai", "Belanja Barang dan Jasa")
    out = []
    for jenis in ("Belanja Operasi", "Belanja Pegawai", "Belanja Barang dan Jasa", "Belanja Modal"):
        pg, rl = nilai[jenis]
        if pg is None:
            continue
        out.append(
            {
                "jenis": jenis,
                "pagu": pg,
                "realisasi": rl,
                "serapan": b.metode.serapan(pg, rl).angka,
                "porsi": b.metode.persen(pg, total_pagu).angka if total_pagu else None,
            }
        )
    return out


# -- the Narasi sheet -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisNarasi:
    baris: int
    kunci: str
    templat: str | None
    teks: str | None


def baca_lembar(buku: Buku) -> list[BarisNarasi]:
    """The rows of the Narasi sheet that have a key."""
    t = S.NARASI
    awal = t.baris_awal
    isi = buku.nilai(t.lembar, f"A{awal}:{t.huruf('teks')}{awal + MAKS_BARIS - 1}")
    out = []
    for n, row in enumerate(isi):
        row = list(row) + [None] * (3 - len(row))
        k = _teks(row[0])
        if k:
            out.append(BarisNarasi(awal + n, k, _teks(row[1]), row[2]))
    return out


def _akhir_terpakai(buku: Buku) -> int:
    t = S.NARASI
    awal = t.baris_awal
    isi = buku.nilai(t.lembar, f"A{awal}:{t.huruf('teks')}{awal + MAKS_BARIS - 1}")
    akhir = awal - 1
    for n, row in enumerate(isi):
        if any(x not in (None, "") for x in row):
            akhir = awal + n
    return akhir


def kunci_butir(bagian: str, item: dict[str, Any], n: int) -> str:
    """The Narasi key of one item's paragraph, e.g. 'indikator 1.2'."""
    return f"{bagian} {item.get('kode') or n}"


@dataclass
class Narasi:
    """Rendered sections: for each section the (key, text) of its rows, and template errors."""

    konteks: dict[str, Any]
    bagian: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    galat: list[GalatTemplat] = field(default_factory=list)
    templat: dict[str, str] = field(default_factory=dict)  # templates used, by key

    def teks(self, kunci: str) -> str | None:
        for bag in self.bagian.values():
            for k, t in bag:
                if k == kunci:
                    return t
        return None


def _butir(ktx: dict[str, Any], bagian: str) -> list[dict[str, Any]]:
    return {
        "indikator": ktx["indikator"],
        "sasaran": ktx["sasaran"],
        "efisiensi": ktx["efisiensi"],
        "program": ktx["program"],
    }[bagian]


def susun(b: Bacaan, lembar: list[BarisNarasi] | None = None) -> Narasi:
    """Render every section with the sheet's templates where given, else the defaults."""
    lembar = baca_lembar(b.buku) if lembar is None else lembar
    di_lembar = {x.kunci: x for x in lembar}
    ktx = konteks(b)
    hasil = Narasi(ktx)
    for kunci, (_, var) in BAGIAN.items():
        baris = di_lembar.get(kunci)
        sumber = baris.templat if baris and baris.templat else templat_bawaan(kunci)
        sel = f"{S.NARASI.huruf('templat')}{baris.baris}" if baris and baris.templat else None
        hasil.templat[kunci] = sumber
        if var is None:
            teks, g = render(kunci, sumber, ktx, sel)
            if g:
                hasil.galat.append(g)
            else:
                hasil.bagian[kunci] = [(kunci, teks or "")]
            continue
        out: list[tuple[str, str]] = []
        gagal = False
        for n, item in enumerate(_butir(ktx, kunci), 1):
            kb = kunci_butir(kunci, item, n)
            sendiri = di_lembar.get(kb)
            if sendiri and sendiri.templat:  # one item's own template
                src, sel_i, nama = (
                    sendiri.templat,
                    f"{S.NARASI.huruf('templat')}{sendiri.baris}",
                    kb,
                )
            else:
                src, sel_i, nama = sumber, sel, kunci
            teks, g = render(nama, src, {**ktx, var: item}, sel_i)
            if g:
                if nama == kunci:
                    if not gagal:
                        hasil.galat.append(g)
                    gagal = True
                else:
                    hasil.galat.append(g)
                continue
            out.append((kb, teks or ""))
        if not gagal:
            hasil.bagian[kunci] = out
        else:
            hasil.bagian[kunci] = [
                x for x in out if di_lembar.get(x[0]) and di_lembar[x[0]].templat
            ]
    return hasil


CATATAN_BAGIAN = "(templat untuk setiap {0}; teksnya ada di baris '{0} …')"


def tulisan_narasi(b: Bacaan) -> tuple[list[tuple[str, str, Nilai]], Narasi]:
    """The cells Isi Narasi writes: (column key, cell, value) for the teks column of rows that
    exist, and kunci/templat/teks for rows that do not exist yet. Rows of a template that failed
    are not touched."""
    lembar = baca_lembar(b.buku)
    di_lembar = {x.kunci: x for x in lembar}
    hasil = susun(b, lembar)
    t = S.NARASI
    hk, ht, hx = t.huruf("kunci"), t.huruf("templat"), t.huruf("teks")
    tulis: list[tuple[str, str, Nilai]] = []
    berikut = max(_akhir_terpakai(b.buku) + 1, t.baris_awal)

    def taruh(kunci: str, teks: str, templat: str | None) -> None:
        nonlocal berikut
        ada = di_lembar.get(kunci)
        if ada is not None:
            if templat is not None and not ada.templat:
                tulis.append(("templat", f"{ht}{ada.baris}", templat))
            if ada.teks != teks:
                tulis.append(("teks", f"{hx}{ada.baris}", teks))
            return
        tulis.append(("kunci", f"{hk}{berikut}", kunci))
        if templat is not None:
            tulis.append(("templat", f"{ht}{berikut}", templat))
        tulis.append(("teks", f"{hx}{berikut}", teks))
        berikut += 1

    for kunci, (_, var) in BAGIAN.items():
        if kunci not in hasil.bagian:
            continue
        if var is None:
            taruh(kunci, hasil.bagian[kunci][0][1], hasil.templat[kunci])
            continue
        taruh(kunci, CATATAN_BAGIAN.format(kunci), hasil.templat[kunci])
        for kb, teks in hasil.bagian[kunci]:
            taruh(kb, teks, None)
    return tulis, hasil


__all__ = [
    "BAGIAN",
    "AnggaranHabis",
    "FILTER",
    "BarisNarasi",
    "GalatTemplat",
    "Narasi",
    "baca_lembar",
    "konteks",
    "lingkungan",
    "render",
    "susun",
    "templat_bawaan",
    "tulisan_narasi",
]
