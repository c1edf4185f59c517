"""Fast read of a workbook's stored cell values (what `openpyxl.load_workbook(data_only=True)`
gives), for checks that only read: one expat pass per sheet, no Cell objects, no styles beyond
which formats are dates. About four times faster than openpyxl on a filled template.

Anything unexpected raises `TidakDidukung`; the caller then reads the file with openpyxl, so the
values are always those openpyxl would give (`tests/test_baca_cepat.py` compares them cell by cell).
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from openpyxl.styles.numbers import (
    BUILTIN_FORMATS_REVERSE,
    builtin_format_code,
    is_date_format,
    is_timedelta_format,
)
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from xlkinerja.inti.rumus import Nilai

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NAMA = re.compile(
    r"^(?:'((?:[^']|'')+)'|([^'!:]+))!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)$"
)


class TidakDidukung(Exception):
    """Something this reader does not handle; read the file with openpyxl instead."""


@dataclass
class IsiBuku:
    """Sheet names in order, workbook-level defined names, and each sheet's {(row, col): value}."""

    lembar: list[str]
    nama: dict[str, tuple[str, str] | None]  # None: a name this reader cannot resolve
    sel: dict[str, dict[tuple[int, int], Nilai]] = field(default_factory=dict)
    baris_maks: dict[str, int] = field(default_factory=dict)
    rumus: dict[str, set[tuple[int, int]]] = field(default_factory=dict)  # cells with <f>
    # cells holding a number shown with a percent format (Excel stores 75% as 0.75)
    persen: dict[str, set[tuple[int, int]]] = field(default_factory=dict)


def _lokal(nama: str) -> str:
    return nama.rpartition("}")[2]


def _parser(mulai, akhir, teks) -> expat.XMLParserType:
    p = expat.ParserCreate(namespace_separator="}")
    p.buffer_text = True
    p.StartElementHandler = mulai
    p.EndElementHandler = akhir
    p.CharacterDataHandler = teks
    return p


class _Arsip:
    """The zip's parts, taken from `bagian` (already decompressed and checked by
    `berkas_aman.periksa_data`) where present."""

    def __init__(self, z: zipfile.ZipFile, bagian: dict[str, bytes] | None):
        self.z, self.bagian = z, bagian or {}
        self.nama = set(z.namelist())

    def namelist(self) -> set[str]:
        return self.nama

    def read(self, p: str) -> bytes:
        return self.bagian[p] if p in self.bagian else self.z.read(p)

    def utuh(self, p: str, data: bytes) -> None:
        """`_utuh` unless berkas_aman has parsed this part already."""
        if p not in self.bagian:
            _utuh(data)


def _rels(z: _Arsip, bagian: str) -> dict[str, tuple[str, str]]:
    """{Id: (type, absolute part name)} of a part's relationships."""
    folder, nama = posixpath.split(bagian)
    path = posixpath.join(folder, "_rels", nama + ".rels")
    out: dict[str, tuple[str, str]] = {}
    if path not in z.namelist():
        return out

    def mulai(tag: str, a: dict[str, str]) -> None:
        if _lokal(tag) == "Relationship" and a.get("TargetMode") != "External":
            t = a["Target"]
            t = (
                t.lstrip("/")
                if t.startswith("/")
                else posixpath.normpath(posixpath.join(folder, t))
            )
            out[a["Id"]] = (a.get("Type", ""), t)

    _parser(mulai, lambda t: None, lambda s: None).Parse(_tanpa_dtd(z.read(path)), True)
    return out


def _pola(nama: str) -> re.Pattern[str]:
    """An element (any namespace prefix), self-closed or with content (group 2), attributes in
    group 1."""
    return re.compile(rf"<(?:\w+:)?{nama}\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?{nama}>)", re.S)


_V, _IS, _T, _SI = map(_pola, ("v", "is", "t", "si"))
_SHEETDATA_AWAL = re.compile(r"<((?:\w+:)?)sheetData\b[^>]*?(/?)>")
_C_AWAL = re.compile(r"<((?:\w+:)?)c\b([^>]*?)(/?)>")
_F = re.compile(r"<(?:\w+:)?f\b")
_RPH = re.compile(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_MERGE = re.compile(r"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([^\"]*)\"")
_ATR = re.compile(r"([\w:]+)\s*=\s*\"([^\"]*)\"")
_ANEH = re.compile(r"<!--|<!\[CDATA\[|<\?")
# A cell as Excel, openpyxl and LibreOffice write it: r, s, t attributes in that order, then
# <f>, <v>, <is> in schema order. Groups: column, row, style, type, formula tag, value, <is>
# tag, plain inline text (a lone <t>), other inline content. Used only when its matches start
# at every "<c" of the sheet data.
_SEL_BIASA = re.compile(
    r'<c r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?'
    r"(?:/>|>(?:(<f)\b[^>]*?(?:/>|>[^<]*</f>))?(?:<v>([^<]*)</v>)?"
    r"(?:(<is>)(?:<t>([^<]*)</t>|(.*?))</is>)?</c>)",
    re.S,
)


def _xml(s: str) -> str:
    """Character data as an XML parser gives it: entities resolved, line ends normalised."""
    if "\r" in s:  # literal line ends only: a &#13; stays a carriage return
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in s:
        s = html.unescape(s)
    return s


def _teks_kaya(isi: str) -> str:
    """The text of an <si> or <is>: its own <t> and its runs' <t>, not phonetic runs (as
    openpyxl's `Text.content`)."""
    if "rPh" in isi:
        isi = _RPH.sub("", isi)
    return "".join(_xml(m.group(2) or "") for m in _T.finditer(isi))


def _tanpa_dtd(data: bytes) -> bytes:
    """openpyxl reads through defusedxml, which refuses DTDs and entity declarations."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise TidakDidukung("DTD atau entitas dalam XML")
    return data


def _utuh(data: bytes) -> None:
    """Refuse what openpyxl's parser would refuse: DTDs, and malformed XML (expat without
    handlers: a few ms per workbook)."""
    expat.ParserCreate().Parse(_tanpa_dtd(data), True)


def _string_bersama(data: bytes) -> list[str]:
    teks = data.decode("utf-8")
    if _ANEH.search(teks, teks.find("<sst") if "<sst" in teks else 0):
        raise TidakDidukung("komentar atau CDATA dalam sharedStrings")
    return [_teks_kaya(m.group(2) or "").replace("x005F_", "") for m in _SI.finditer(teks)]


_KUTIP = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def format_persen(kode: str | None) -> bool:
    """Does the number format `kode` show the value × 100 with a % sign ("0%", "0.00%",
    "#,##0.0%")? A % in quotes, escaped with \\ or inside [...] is only a character."""
    return bool(kode) and "%" in _KUTIP.sub("", str(kode))


def sel_persen_openpyxl(ws: Any, rentang: str) -> set[tuple[int, int]]:
    """(row, col) of the cells of `rentang` holding a number with a percent format, through
    openpyxl's cells (without creating the empty ones)."""
    c1, r1, c2, r2 = range_boundaries(rentang.replace("$", ""))
    out = set()
    for (r, c), cell in ws._cells.items():  # openpyxl < 3.2: {(row, col): Cell}
        if r1 <= r <= r2 and c1 <= c <= c2:
            v = cell.value
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                if format_persen(cell.number_format):
                    out.add((r, c))
    return out


def _format_tanggal(data: bytes) -> tuple[set[int], set[int], set[int]]:
    """Indices of cell styles (cellXfs) whose number format is a date, a duration, and a
    percentage."""
    custom: dict[int, str] = {}
    xf: list[int] = []
    st = {"cellxfs": False}

    def mulai(tag: str, a: dict[str, str]) -> None:
        n = _lokal(tag)
        if n == "numFmt":
            custom[int(a["numFmtId"])] = a.get("formatCode", "")
        elif n == "cellXfs":
            st["cellxfs"] = True
        elif n == "xf" and st["cellxfs"]:
            xf.append(int(a.get("numFmtId", 0)))

    def akhir(tag: str) -> None:
        if _lokal(tag) == "cellXfs":
            st["cellxfs"] = False

    _parser(mulai, akhir, lambda s: None).Parse(data, True)
    tanggal, durasi, persen = set(), set(), set()
    for i, fid in enumerate(xf):
        fmt = custom[fid] if fid in custom else builtin_format_code(fid)
        if fid in custom and fmt in BUILTIN_FORMATS_REVERSE:
            fmt = builtin_format_code(BUILTIN_FORMATS_REVERSE[fmt])
        if fmt is None:
            continue
        if is_date_format(fmt):
            tanggal.add(i)
        if is_timedelta_format(fmt):
            durasi.add(i)
        if format_persen(fmt):
            persen.add(i)
    return tanggal, durasi, persen


def _angka(v: str) -> int | float:
    return float(v) if ("." in v or "E" in v or "e" in v) else int(v)


_KOLOM: dict[str, int] = {}


def _posisi(ref: str) -> tuple[int, int]:
    huruf = ref.rstrip("0123456789")
    c = _KOLOM.get(huruf)
    if c is None:
        c = _KOLOM[huruf] = column_index_from_string(huruf)
    return int(ref[len(huruf) :]), c


@dataclass
class _Jenis:
    """What turns a cell's <v> text into its value: shared strings, date and duration styles,
    the workbook's date system."""

    sst: list[str]
    tanggal: set[int]
    durasi: set[int]
    epoch: Any
    persen: frozenset[str] = frozenset()  # style indices (as written in s="") of percentages

    def nilai(self, t: str, v: str, st: str | None) -> Nilai:
        """The value of <v>`v`</v> in a cell of type `t` and style `st`, as openpyxl gives it."""
        if t == "n":
            x = _angka(v)
            if st and int(st) in self.tanggal:
                try:
                    return from_excel(x, self.epoch, timedelta=int(st) in self.durasi)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return x
        if t == "s":
            return self.sst[int(v)]
        if t == "b":
            return bool(int(v))
        if t == "d":
            raise TidakDidukung("sel bertipe tanggal ISO")
        return _xml(v)


Sel = dict[tuple[int, int], Nilai]
Posisi = set[tuple[int, int]]


def _sel_umum(isi: str, kt: _Jenis) -> tuple[Sel, Posisi, Posisi]:
    """Cells of a sheetData in any serialisation: each start tag, its attributes, its content;
    with the cells holding a formula and the numbers with a percent format."""
    sel: Sel = {}
    berumus: Posisi = set()
    persen: Posisi = set()
    for c in _C_AWAL.finditer(isi):  # start tags; the content runs to the next </c>
        awalan, atr_teks, tutup = c.groups()
        if tutup:
            continue  # <c .../>: an empty (styled) cell, no value, no formula
        akhir = isi.find(f"</{awalan}c>", c.end())
        if akhir < 0:
            raise TidakDidukung("sel tanpa tag penutup")
        dalam = isi[c.end() : akhir]
        if not dalam:
            continue
        atr = dict(_ATR.findall(atr_teks))
        ref = atr.get("r")
        if not ref:
            raise TidakDidukung("sel tanpa alamat")
        t = atr.get("t", "n")
        pos = _posisi(ref)
        if "f" in dalam and _F.search(dalam):
            berumus.add(pos)
        if t == "inlineStr":
            i = _IS.search(dalam)
            if i is None:
                continue
            sel[pos] = _teks_kaya(i.group(2) or "")
            continue
        v = _V.search(dalam)
        if v is None or not v.group(2):
            continue
        st = atr.get("s")
        sel[pos] = kt.nilai(t, v.group(2), st)
        if t == "n" and st in kt.persen:
            persen.add(pos)
    return sel, berumus, persen


def _sel_biasa(cocok: list[tuple[str, ...]], kt: _Jenis) -> tuple[Sel, Posisi, Posisi]:
    """The same as `_sel_umum` from `_SEL_BIASA` matches (a third of the time)."""
    sel: Sel = {}
    berumus: Posisi = set()
    persen: Posisi = set()
    gaya_persen = kt.persen
    kolom = _KOLOM
    for huruf, baris, st, t, f, v, is_, polos, teks in cocok:
        if not (f or v or is_):  # an empty (styled) cell: nothing to record
            continue
        c = kolom.get(huruf)
        if c is None:
            c = kolom[huruf] = column_index_from_string(huruf)
        pos = (int(baris), c)
        if f:
            berumus.add(pos)
        if t == "inlineStr":
            if is_:
                sel[pos] = _teks_kaya(teks) if teks or not polos else _xml(polos)
            continue
        if not v:
            continue
        sel[pos] = kt.nilai(t or "n", v, st)
        if st in gaya_persen and (t or "n") == "n":
            persen.add(pos)
    return sel, berumus, persen


def _baca_lembar(data: bytes, kt: _Jenis) -> tuple[Sel, Posisi, Posisi]:
    """{(row, col): value} of one sheet, the cells that hold a formula, and the numbers with a
    percent format (`data` is well-formed: `_utuh`)."""
    teks = data.decode("utf-8")
    m = _SHEETDATA_AWAL.search(teks)
    if m is None:
        raise TidakDidukung("sheetData tidak ditemukan")
    if m.group(2):
        isi = ""  # <sheetData/>
    else:
        akhir = teks.find(f"</{m.group(1)}sheetData>", m.end())
        if akhir < 0:
            raise TidakDidukung("sheetData tanpa tag penutup")
        isi = teks[m.end() : akhir]
    if _ANEH.search(isi):
        raise TidakDidukung("komentar, CDATA atau instruksi dalam sheetData")
    biasa = _SEL_BIASA.findall(isi) if not m.group(1) else None
    if biasa is not None and len(biasa) == isi.count("<c"):  # no other "<c": all cells matched
        sel, berumus, persen = _sel_biasa(biasa, kt)
    else:
        sel, berumus, persen = _sel_umum(isi, kt)
    # mergeCells lie outside sheetData (whose text cannot hold a tag): search around it
    gabung = _MERGE.findall(teks, 0, m.start()) + _MERGE.findall(teks, m.end() + len(isi))
    for ref in gabung:  # openpyxl keeps only the top-left value of a merged range
        c1, r1, c2, r2 = range_boundaries(ref)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    sel.pop((r, c), None)
                    persen.discard((r, c))
    return sel, berumus, persen


def baca_isi(data: bytes, bagian: dict[str, bytes] | None = None) -> IsiBuku:
    """The stored values of an .xlsx/.xlsm given as bytes (`bagian`: parts already read by
    `berkas_aman.periksa_data`)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return _baca_isi(_Arsip(z, bagian))
    except TidakDidukung:
        raise
    except Exception as e:  # noqa: BLE001 - any surprise: openpyxl decides
        raise TidakDidukung(f"{type(e).__name__}: {e}") from e


def _baca_isi(z: _Arsip) -> IsiBuku:
    akar = _rels(z, "")
    wb_part = next((p for t, p in akar.values() if t.endswith("/officeDocument")), None)
    if wb_part is None or wb_part not in z.namelist():
        raise TidakDidukung("bagian workbook tidak ditemukan")
    rels = _rels(z, wb_part)
    lembar: list[tuple[str, str]] = []
    nama_mentah: list[tuple[str, bool, str]] = []
    st: dict = {"nama": None, "lokal": False, "buf": [], "1904": False}

    def mulai(tag: str, a: dict[str, str]) -> None:
        n = _lokal(tag)
        if n == "sheet":
            lembar.append((a["name"], a.get(f"{_REL}}}id", "")))
        elif n == "definedName":
            st["nama"], st["lokal"] = a["name"], "localSheetId" in a
            st["buf"] = []
        elif n == "workbookPr":
            st["1904"] = a.get("date1904", "0").lower() in ("1", "true")

    def akhir(tag: str) -> None:
        if _lokal(tag) == "definedName":
            nama_mentah.append((st["nama"], st["lokal"], "".join(st["buf"])))
            st["nama"] = None

    def teks(s: str) -> None:
        if st["nama"] is not None:
            st["buf"].append(s)

    _parser(mulai, akhir, teks).Parse(_tanpa_dtd(z.read(wb_part)), True)
    epoch = CALENDAR_MAC_1904 if st["1904"] else CALENDAR_WINDOWS_1900

    sst: list[str] = []
    tanggal: set[int] = set()
    durasi: set[int] = set()
    persen: set[int] = set()
    for t, p in rels.values():
        if t.endswith("/sharedStrings") and p in z.namelist():
            data = z.read(p)
            z.utuh(p, data)
            sst = _string_bersama(data)
        elif t.endswith("/styles") and p in z.namelist():
            tanggal, durasi, persen = _format_tanggal(_tanpa_dtd(z.read(p)))

    kt = _Jenis(sst, tanggal, durasi, epoch, frozenset(str(i) for i in persen))
    out = IsiBuku([], {})
    for nama, rid in lembar:
        t, p = rels.get(rid, ("", ""))
        if p not in z.namelist():
            continue  # openpyxl skips sheets whose part is missing
        out.lembar.append(nama)
        if "chartsheet" in t:
            out.sel[nama] = {}
            continue
        data = z.read(p)
        z.utuh(p, data)
        sel, out.rumus[nama], out.persen[nama] = _baca_lembar(data, kt)
        out.sel[nama] = sel
        out.baris_maks[nama] = max((r for r, _ in sel), default=1)
    for nama, lokal, teks_ in nama_mentah:
        if lokal:
            continue
        m = _NAMA.match(teks_.strip())
        if m:
            judul = m.group(1).replace("''", "'") if m.group(1) else m.group(2)
            out.nama[nama] = (judul, m.group(3).replace("$", ""))
        else:
            out.nama[nama] = None
    return out
