"""Byte-preserving writer: cell changes into an existing .xlsx/.xlsm without re-serialising it.

Given the original package bytes and, per sheet, new cell contents (a value, or a formula with
its cached value), fill colours and notes, `tulis` returns a package in which

- only the changed `<c>` elements of the changed sheet parts differ (new cells and rows are
  inserted in row and column order; every other byte of the part is kept),
- `styles.xml` changes only by appended `<fill>`/`<xf>` entries a colour needs (reused when an
  equal one exists),
- the comments part and its VML drawing change only when notes change (created with their
  relationships and content types when the sheet had none),
- `workbook.xml` asks for a full recalculation on load (`fullCalcOnLoad`), and `calcChain.xml`
  is dropped only when a formula cell became a value,
- every other member is copied byte for byte, compressed bytes included, in the original order.

Text is written as inline strings (`t="inlineStr"`; formula results `t="str"`); the shared
string table is never changed. A cell keeps its style index unless its fill changes. A changed
master of a shared formula gives its dependants explicit formulas; a multi-cell array formula
can only be replaced whole.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import io
import math
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, to_excel

from xlkinerja.buku.antarmuka import TANPA_NILAI, GalatBuku, TanpaNilai
from xlkinerja.inti.rumus import Galat, Nilai

NS_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_KOMENTAR = NS_R + "/comments"
REL_VML = NS_R + "/vmlDrawing"
REL_CALCCHAIN = NS_R + "/calcChain"
REL_THREADED = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"
CT_KOMENTAR = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
GALAT_EXCEL = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
)
PENULIS = "xlkinerja"


# --- what to write ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Isi:
    """New content of a cell: `rumus` (formula text without "=") with its cached `nilai`, or a
    plain `nilai` when `rumus` is None (None or "" empties the cell, keeping its style). A
    formula with `TANPA_NILAI` keeps the stored value if the formula is unchanged, else it is
    written without one."""

    nilai: Nilai | TanpaNilai = None
    rumus: str | None = None


@dataclass
class Perubahan:
    """Changes per sheet name and (row, column): content, solid fill (hex "RRGGBB", None = no
    fill) and note text (None removes the note)."""

    isi: dict[str, dict[tuple[int, int], Isi]] = field(default_factory=dict)
    warna: dict[str, dict[tuple[int, int], str | None]] = field(default_factory=dict)
    catatan: dict[str, dict[tuple[int, int], str | None]] = field(default_factory=dict)

    def lembar(self) -> list[str]:
        return list(dict.fromkeys([*self.isi, *self.warna, *self.catatan]))


# --- small helpers ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 14)
def _huruf(c: int) -> str:
    return get_column_letter(c)


@functools.lru_cache(maxsize=1 << 16)
def _posisi(ref: str) -> tuple[int, int]:
    """'L6' -> (6, 12)."""
    huruf = ref.rstrip("0123456789").lstrip("$").replace("$", "")
    return int(ref[len(ref.rstrip("0123456789")) :]), column_index_from_string(huruf.upper())


def alamat(r: int, c: int) -> str:
    return f"{_huruf(c)}{r}"


def _rentang(ref: str) -> tuple[int, int, int, int]:
    """'A1:B3' (or 'A1') -> (r1, c1, r2, c2)."""
    a, _, b = ref.partition(":")
    r1, c1 = _posisi(a)
    r2, c2 = _posisi(b) if b else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


_TAK_SAH = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_X_HEX = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def _esc(s: str) -> bytes:
    """Character data escaped (`str.translate` is several times slower on formula texts)."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if "\r" in s:
        s = s.replace("\r", "&#13;")
    return s.encode("utf-8")


def _esc_teks(s: str) -> bytes:
    """Cell text as Excel stores it: a literal `_xHHHH_` escaped as `_x005F_xHHHH_`,
    characters XML cannot hold as `_xHHHH_`, then XML escapes."""
    if "_x" in s:
        s = _X_HEX.sub(r"_x005F_\1", s)
    if _TAK_SAH.search(s):
        s = _TAK_SAH.sub(lambda m: f"_x{ord(m.group()):04X}_", s)
    return _esc(s)


_ENTITAS = re.compile(rb"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_ENT = {b"amp": "&", b"lt": "<", b"gt": ">", b"quot": '"', b"apos": "'"}
_X_KODE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _urai(b: bytes) -> str:
    """XML character data or attribute value -> text (entities resolved, line ends as an XML
    parser normalises them)."""
    s = b.replace(b"\r\n", b"\n").replace(b"\r", b"\n") if b"\r" in b else b

    def ent(m: re.Match[bytes]) -> bytes:
        k = m.group(1)
        if k.startswith(b"#x"):
            return chr(int(k[2:], 16)).encode("utf-8")
        if k.startswith(b"#"):
            return chr(int(k[1:])).encode("utf-8")
        return _ENT[k].encode("utf-8")

    if b"&" in s:
        s = _ENTITAS.sub(ent, s)
    return s.decode("utf-8")


def _urai_teks(b: bytes) -> str:
    """Cell text: `_urai` then Excel's `_xHHHH_` escapes."""
    s = _urai(b)
    return _X_KODE.sub(lambda m: chr(int(m.group(1), 16)), s) if "_x" in s else s


_ATR = re.compile(rb"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _atribut(teks: bytes) -> list[tuple[bytes, bytes]]:
    """Attributes as (name, value as written between double quotes)."""
    out = []
    for m in _ATR.finditer(teks):
        v = m.group(2)
        if v is None:  # single-quoted: may hold a literal double quote
            v = m.group(3).replace(b'"', b"&quot;")
        out.append((m.group(1), v))
    return out


def _atr(teks: bytes, nama: bytes) -> bytes | None:
    for k, v in _atribut(teks):
        if k == nama:
            return v
    return None


def _tag(awalan: bytes, nama: bytes, atr: Iterable[tuple[bytes, bytes]], tutup: bool) -> bytes:
    isi = b"".join(b" " + k + b'="' + v + b'"' for k, v in atr)
    return b"<" + awalan + nama + isi + (b"/>" if tutup else b">")


def _angka(x: float | int) -> bytes | None:
    """A number as `<v>` text (repr round-trips); None for NaN and infinities."""
    if isinstance(x, int):
        return str(x).encode() if abs(x) < 2**53 else repr(float(x)).encode()
    x = float(x)
    return repr(x).encode() if math.isfinite(x) else None


def _galat(v: object) -> bool:
    return isinstance(v, Galat) or (isinstance(v, str) and v in GALAT_EXCEL)


def _adalah_angka(v: object) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return True
    return type(v).__module__ == "numpy" and hasattr(v, "dtype") and v.dtype.kind in "iuf"


# --- the zip ---------------------------------------------------------------------------------

_LOKAL = struct.Struct("<4s5H3L2H")  # local file header
_PUSAT = struct.Struct("<4s6H3L5H2L")  # central directory record
_AKHIR = struct.Struct("<4s4H2LH")  # end of central directory
_DESKRIPTOR = b"PK\x07\x08"


@dataclass
class _Anggota:
    nama: str
    pusat: bytes  # the central directory record as read (offset patched on write)
    mentah: bytes  # local header + compressed data (+ data descriptor), as read
    metode: int
    flag: int
    waktu: int
    tanggal: int


class _Zip:
    """A zip read once: its members' raw bytes, for copying them unchanged. A zip this reader
    does not follow (zip64, odd headers) is rewritten member by member instead (same names,
    order, contents and compression method)."""

    def __init__(self, data: bytes):
        self.data = data
        self._z = zipfile.ZipFile(io.BytesIO(data))
        self.anggota: list[_Anggota] = []
        self.komentar = b""
        try:
            self._urai(data)
        except (struct.error, zipfile.BadZipFile, UnicodeDecodeError, ValueError):
            self.anggota = []
        self.mentah = [a.nama for a in self.anggota] == self._z.namelist()

    def _urai(self, data: bytes) -> None:
        akhir = data.rfind(b"PK\x05\x06")
        if akhir < 0:
            raise zipfile.BadZipFile("akhir direktori pusat tidak ditemukan")
        (_, _, _, _, jumlah, _, awal, panjang_komentar) = _AKHIR.unpack_from(data, akhir)
        if awal == 0xFFFFFFFF or jumlah == 0xFFFF:
            raise zipfile.BadZipFile("zip64")
        self.komentar = data[akhir + 22 : akhir + 22 + panjang_komentar]
        p = awal
        batas: list[tuple[int, int]] = []
        for _ in range(jumlah):
            f = _PUSAT.unpack_from(data, p)
            if f[0] != b"PK\x01\x02":
                raise zipfile.BadZipFile("catatan direktori pusat rusak")
            flag, metode, waktu, tanggal = f[3], f[4], f[5], f[6]
            ukuran_k, ukuran_u, n, m, k, offset = f[8], f[9], f[10], f[11], f[12], f[16]
            if 0xFFFFFFFF in (ukuran_k, ukuran_u, offset):
                raise zipfile.BadZipFile("zip64")
            nama = data[p + 46 : p + 46 + n].decode("utf-8" if flag & 0x800 else "cp437")
            pusat = data[p : p + 46 + n + m + k]
            p += 46 + n + m + k
            lok = _LOKAL.unpack_from(data, offset)
            if lok[0] != b"PK\x03\x04":
                raise zipfile.BadZipFile(f"header lokal {nama} rusak")
            ekstra = data[offset + 30 + lok[9] : offset + 30 + lok[9] + lok[10]]
            selesai = offset + 30 + lok[9] + lok[10] + ukuran_k
            if flag & 0x08:  # a data descriptor follows: signature?, crc, sizes (8 bytes: zip64)
                zip64 = any(
                    struct.unpack_from("<H", ekstra, i)[0] == 1 for i in _blok_ekstra(ekstra)
                )
                selesai += (4 if data[selesai : selesai + 4] == _DESKRIPTOR else 0) + (
                    20 if zip64 else 12
                )
            self.anggota.append(
                _Anggota(nama, pusat, data[offset:selesai], metode, flag, waktu, tanggal)
            )
            batas.append((offset, selesai))
        batas.sort()
        for (_, z), (a, _) in zip(batas, [*batas[1:], (awal, 0)]):
            if z > a:
                raise zipfile.BadZipFile("anggota zip bertumpuk")

    def baca(self, nama: str) -> bytes:
        return self._z.read(nama)

    def nama(self) -> list[str]:
        return [a.nama for a in self.anggota]

    def tulis(
        self, ganti: Mapping[str, bytes], hapus: set[str], tambah: Mapping[str, bytes]
    ) -> bytes:
        """The zip with `ganti` members rewritten in place, `hapus` left out and `tambah`
        appended; every other member copied as it was (compressed bytes and headers)."""
        if not self.mentah:
            return self._tulis_ulang(ganti, hapus, tambah)
        keluar: list[bytes] = []
        pusat: list[bytes] = []
        posisi = 0
        contoh = self.anggota[0] if self.anggota else None
        for a in self.anggota:
            if a.nama in hapus:
                continue
            if a.nama in ganti:
                lokal, rec = _anggota_baru(a.nama, ganti[a.nama], a, posisi)
            else:
                lokal = a.mentah
                rec = a.pusat[:42] + struct.pack("<L", posisi) + a.pusat[46:]
            keluar.append(lokal)
            pusat.append(rec)
            posisi += len(lokal)
        for nama, isi in tambah.items():
            lokal, rec = _anggota_baru(nama, isi, contoh, posisi, baru=True)
            keluar.append(lokal)
            pusat.append(rec)
            posisi += len(lokal)
        cd = b"".join(pusat)
        akhir = _AKHIR.pack(
            b"PK\x05\x06", 0, 0, len(pusat), len(pusat), len(cd), posisi, len(self.komentar)
        )
        return b"".join(keluar) + cd + akhir + self.komentar

    def _tulis_ulang(
        self, ganti: Mapping[str, bytes], hapus: set[str], tambah: Mapping[str, bytes]
    ) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", allowZip64=True) as z:
            for info in self._z.infolist():
                if info.filename in hapus:
                    continue
                isi = ganti[info.filename] if info.filename in ganti else self._z.read(info)
                z.writestr(info, isi, compress_type=info.compress_type)
            for nama, isi in tambah.items():
                z.writestr(zipfile.ZipInfo(nama, (1980, 1, 1, 0, 0, 0)), isi, zipfile.ZIP_DEFLATED)
            z.comment = self._z.comment
        return buf.getvalue()


def _blok_ekstra(ekstra: bytes) -> Iterable[int]:
    """Offsets of the blocks of a zip extra field (id, size, data)."""
    i = 0
    while i + 4 <= len(ekstra):
        yield i
        i += 4 + struct.unpack_from("<H", ekstra, i + 2)[0]


def _anggota_baru(
    nama: str, isi: bytes, asal: _Anggota | None, posisi: int, baru: bool = False
) -> tuple[bytes, bytes]:
    """Local header + data and central record of a rewritten member: the original's method,
    time and attributes; no data descriptor, no extra field."""
    metode = zipfile.ZIP_DEFLATED if baru or asal is None else asal.metode
    if metode not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        metode = zipfile.ZIP_DEFLATED
    if metode == zipfile.ZIP_DEFLATED:
        kompres = zlib.compressobj(6, zlib.DEFLATED, -15)
        data = kompres.compress(isi) + kompres.flush()
    else:
        data = isi
    nama_b = nama.encode("utf-8")
    flag = 0x800 if not nama.isascii() else 0
    if asal is not None and not baru:
        flag = (asal.flag & ~0x08 & ~0x01) | flag
    waktu, tanggal = (asal.waktu, asal.tanggal) if asal is not None else (0, 0x21)
    versi = 20
    crc = zlib.crc32(isi)
    lokal = _LOKAL.pack(
        b"PK\x03\x04", versi, flag, metode, waktu, tanggal, crc, len(data), len(isi), len(nama_b), 0
    )
    if asal is not None and not baru:
        f = _PUSAT.unpack_from(asal.pusat, 0)
        dibuat, atr_int, atr_ext = f[1], f[14], f[15]
    else:
        dibuat, atr_int, atr_ext = 20, 0, 0
    rec = _PUSAT.pack(
        b"PK\x01\x02",
        dibuat,
        versi,
        flag,
        metode,
        waktu,
        tanggal,
        crc,
        len(data),
        len(isi),
        len(nama_b),
        0,
        0,
        0,
        atr_int,
        atr_ext,
        posisi,
    )
    return lokal + nama_b + data, rec + nama_b


# --- package: parts, relationships, content types --------------------------------------------


def _folder(part: str) -> str:
    return posixpath.dirname(part)


def _rels_dari(part: str) -> str:
    d, n = posixpath.split(part)
    return posixpath.join(d, "_rels", n + ".rels")


def _target(sumber: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(_folder(sumber), target))


_REL = re.compile(rb"<(?:[\w.-]+:)?Relationship\b([^>]*?)/?>")


@dataclass
class _Rel:
    id: str
    jenis: str
    target: str  # absolute part name (external targets as written)
    luar: bool


def _baca_rels(xml: bytes, sumber: str) -> list[_Rel]:
    out = []
    for m in _REL.finditer(xml):
        a = dict(_atribut(m.group(1)))
        t = _urai(a.get(b"Target", b""))
        luar = a.get(b"TargetMode", b"") == b"External"
        out.append(
            _Rel(
                _urai(a.get(b"Id", b"")),
                _urai(a.get(b"Type", b"")),
                t if luar else _target(sumber, t),
                luar,
            )
        )
    return out


def _rel_relatif(sumber: str, part: str) -> str:
    return posixpath.relpath(part, _folder(sumber) or ".")


class Paket:
    """An .xlsx/.xlsm package read for rewriting: parts on demand, sheets by name."""

    def __init__(self, data: bytes, bagian: Mapping[str, bytes] | None = None):
        """`bagian`: parts already decompressed (by `berkas_aman`), used instead of reading."""
        self.zip = _Zip(data)
        self.ada = set(self.zip.nama())
        self._baca: dict[str, bytes] = dict(bagian or {})
        self.ganti: dict[str, bytes] = {}
        self.tambah: dict[str, bytes] = {}
        self.hapus: set[str] = set()
        akar = _baca_rels(self.baca("_rels/.rels"), "")
        wb = next((r.target for r in akar if r.jenis.endswith("/officeDocument")), None)
        if wb is None or wb not in self.ada:
            raise GalatBuku("bagian workbook tidak ditemukan di dalam berkas")
        self.part_buku = wb
        self.rels_buku = _baca_rels(self.baca(_rels_dari(wb)), wb)
        self.lembar: dict[str, str] = {}
        target = {r.id: r.target for r in self.rels_buku}
        for m in re.finditer(rb"<(?:[\w.-]+:)?sheet\b([^>]*?)/?>", self.baca(wb)):
            a = _atribut(m.group(1))
            nama = next((_urai(v) for k, v in a if k == b"name"), None)
            rid = next((_urai(v) for k, v in a if k.endswith(b":id") or k == b"id"), None)
            if nama is not None and rid in target:
                self.lembar[nama] = target[rid]

    # parts
    def baca(self, part: str) -> bytes:
        if part in self.ganti:
            return self.ganti[part]
        if part in self.tambah:
            return self.tambah[part]
        if part not in self._baca:
            self._baca[part] = self.zip.baca(part) if part in self.ada else b""
        return self._baca[part]

    def _asli(self, part: str) -> bytes:
        if part not in self._baca:
            self._baca[part] = self.zip.baca(part)
        return self._baca[part]

    def punya(self, part: str) -> bool:
        return (part in self.ada and part not in self.hapus) or part in self.tambah

    def tulis_part(self, part: str, isi: bytes) -> None:
        if part in self.ada:
            if isi != self.baca(part) or part in self.ganti:
                self.ganti[part] = isi
        else:
            self.tambah[part] = isi

    def hapus_part(self, part: str) -> None:
        if part in self.ada:
            self.hapus.add(part)
        self.tambah.pop(part, None)

    def simpan(self) -> bytes:
        asli = {p: v for p, v in self.ganti.items() if v == self._asli(p)}
        ganti = {p: v for p, v in self.ganti.items() if p not in asli}
        return self.zip.tulis(ganti, self.hapus, self.tambah)

    def part_lembar(self, nama: str) -> str:
        part = self.lembar.get(nama)
        if part is None or not self.punya(part):
            raise GalatBuku(
                f"lembar '{nama}' tidak ada; buku kerja ini bukan templat xlkinerja atau "
                "lembarnya diganti nama"
            )
        return part

    def rels(self, part: str) -> list[_Rel]:
        rp = _rels_dari(part)
        return _baca_rels(self.baca(rp), part) if self.punya(rp) else []

    def tambah_rel(self, part: str, jenis: str, target: str) -> str:
        """Add a relationship from `part` (its rels part created when missing); returns its Id."""
        rp = _rels_dari(part)
        ada = self.rels(part)
        ids = {r.id for r in ada}
        n = len(ids) + 1
        while f"rId{n}" in ids:
            n += 1
        rid = f"rId{n}"
        baru = (
            f'<Relationship Id="{rid}" Type="{jenis}" Target="{_rel_relatif(part, target)}"/>'
        ).encode()
        if self.punya(rp):
            xml = self.baca(rp)
            i = xml.rfind(b"</")
            if i >= 0 and xml[i:].lstrip(b"</").split(b">")[0].endswith(b"Relationships"):
                xml = xml[:i] + baru + xml[i:]
            else:  # <Relationships .../>
                xml = re.sub(rb"/>\s*$", b">" + baru + b"</Relationships>", xml.rstrip())
        else:
            xml = (
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                b'relationships">' + baru + b"</Relationships>"
            )
        self.tulis_part(rp, xml)
        return rid

    def hapus_rel(self, part: str, target: str) -> None:
        rp = _rels_dari(part)
        if not self.punya(rp):
            return
        xml = self.baca(rp)

        def ganti(m: re.Match[bytes]) -> bytes:
            a = dict(_atribut(m.group(1)))
            return b"" if _target(part, _urai(a.get(b"Target", b""))) == target else m.group(0)

        self.tulis_part(rp, _REL.sub(ganti, xml))

    def set_tipe(self, part: str, tipe: str | None, ext: str | None = None) -> None:
        """An Override for `part` (None: remove it), or a Default for extension `ext`."""
        ct = "[Content_Types].xml"
        xml = self.baca(ct)
        if ext is not None:
            if re.search(
                rb'<(?:[\w.-]+:)?Default\b[^>]*Extension="' + re.escape(ext.encode()) + b'"',
                xml,
                re.I,
            ):
                return
            baru = f'<Default Extension="{ext}" ContentType="{tipe}"/>'.encode()
            m = re.search(rb"<(?:[\w.-]+:)?Types\b[^>]*>", xml)
            xml = xml[: m.end()] + baru + xml[m.end() :]
        else:
            pola = re.compile(
                rb'<(?:[\w.-]+:)?Override\b[^>]*PartName="/'
                + re.escape(part.encode())
                + rb'"[^>]*/>',
                re.I,
            )
            xml = pola.sub(b"", xml)
            if tipe is not None:
                baru = f'<Override PartName="/{part}" ContentType="{tipe}"/>'.encode()
                i = xml.rfind(b"</")
                xml = xml[:i] + baru + xml[i:]
        self.tulis_part(ct, xml)

    def nama_baru(self, pola: str) -> str:
        """The first free part name `pola.format(n)`, n = 1, 2, ..."""
        semua = {p.casefold() for p in self.ada | set(self.tambah)}
        n = 1
        while pola.format(n).casefold() in semua:
            n += 1
        return pola.format(n)


# --- a worksheet part ------------------------------------------------------------------------

_ANEH = re.compile(rb"<!--|<!\[CDATA\[|<\?")
_ATR_POLA = rb"""((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*"""


@functools.lru_cache(maxsize=16)
def _pola(p: bytes, nama: bytes) -> re.Pattern[bytes]:
    """Start and end tags of element `nama` (prefix `p`), skipping comments, CDATA and
    processing instructions. Groups: "/" of an end tag, attributes, "/" of an empty element."""
    return re.compile(
        rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(/?)"
        + re.escape(p + nama)
        + rb"(?=[\s/>])"
        + _ATR_POLA
        + rb"(/?)>",
        re.S,
    )


@functools.lru_cache(maxsize=16)
def _pola_anak(p: bytes) -> re.Pattern[bytes]:
    """A child of <c>: name, attributes, content (None when empty)."""
    P = re.escape(p)
    return re.compile(
        rb"<"
        + P
        + rb"(f|v|is|extLst)(?=[\s/>])"
        + _ATR_POLA
        + rb"(?:/>|>(.*?)</"
        + P
        + rb"\1\s*>)",
        re.S,
    )


_R = re.compile(rb"""(?:^|\s)r\s*=\s*["']\$?([A-Za-z]{1,3})""")
_T_ATR = re.compile(rb"""(?:^|\s)t\s*=\s*["']([^"']*)""")
_ISI_BIASA = re.compile(rb"(?:<f>([^<]*)</f>)?(?:<v>([^<]*)</v>)?")


@functools.lru_cache(maxsize=1 << 14)
def _kolom(huruf: bytes) -> int:
    return column_index_from_string(huruf.decode().upper())


class _Unsur:
    """An element of sheetData: start tag [a, b), content [b, z), end [z, z2)."""

    __slots__ = ("a", "atr", "b", "n", "satu", "sel", "tutup", "z", "z2")

    def __init__(self, n: int, a: int, b: int, atr: bytes, tutup: bool):
        self.n, self.a, self.b, self.atr, self.tutup = n, a, b, atr, tutup
        self.z = self.z2 = b
        self.sel: dict[int, _Unsur] | None = None  # rows: their cells by column
        self.satu: dict[int, _Unsur | None] | bool | None = None  # rows: cells found one by one


@dataclass
class _IsiLama:
    """The parts of an existing <c>: type, formula element, value, inline string, the rest."""

    t: bytes | None
    f: tuple[list[tuple[bytes, bytes]], bytes | None, bytes] | None  # attrs, text, element
    v: bytes | None
    is_: bytes | None
    lain: bytes


@dataclass
class _Tulis:
    isi: Isi | None = None  # None: content unchanged
    gaya: int | None = None  # new style index


class _Lembar:
    """One worksheet part, edited by splicing: only changed cells (and what must change with
    them) are rewritten."""

    def __init__(self, xml: bytes, nama: str):
        self.xml, self.nama = xml, nama
        m = re.search(rb"<(?:([A-Za-z_][\w.-]*):)?sheetData(?=[\s/>])" + _ATR_POLA + rb"(/?)>", xml)
        if m is None:
            raise GalatBuku(f"lembar '{nama}': data sel (sheetData) tidak ditemukan; berkas rusak")
        self.p = m.group(1) + b":" if m.group(1) else b""
        self.sd = m
        if m.group(3):
            self.awal = self.akhir = m.end()
        else:
            e = re.compile(rb"</" + re.escape(self.p) + rb"sheetData\s*>").search(xml, m.end())
            if e is None:
                raise GalatBuku(f"lembar '{nama}': sheetData tidak ditutup; berkas rusak")
            self.awal, self.akhir = m.end(), e.start()
        self.sd_akhir = m.end() if m.group(3) else e.end()  # after </sheetData>
        self._aneh = _ANEH.search(xml, self.awal, self.akhir) is not None  # comments, CDATA
        self._baris: list[_Unsur] | None = None
        self._per_r: dict[int, _Unsur] = {}
        self.tulis: dict[tuple[int, int], _Tulis] = {}
        self.sisip: list[tuple[int, int, bytes]] = []  # extra splices outside sheetData
        self.rumus_hilang = False  # a formula cell became a value
        self.epoch: Any = None  # the workbook's date system (None: 1900)

    # reading
    def baris(self) -> list[_Unsur]:
        if self._baris is None:
            out: list[_Unsur] = []
            buka: _Unsur | None = None
            r = 0
            for m in _pola(self.p, b"row").finditer(self.xml, self.awal, self.akhir):
                akhir_tag, atr, kosong = m.group(1, 2, 3)
                if akhir_tag is None:  # comment, CDATA, processing instruction
                    continue
                if akhir_tag:
                    if buka is not None:
                        buka.z, buka.z2 = m.start(), m.end()
                        out.append(buka)
                        buka = None
                    continue
                rv = _atr(atr, b"r")
                r = int(rv) if rv else r + 1
                u = _Unsur(r, m.start(), m.end(), atr, bool(kosong))
                if kosong:
                    out.append(u)
                else:
                    buka = u
            self._baris = out
            self._per_r = {u.n: u for u in out}
        return self._baris

    def sel_baris(self, b: _Unsur) -> dict[int, _Unsur]:
        """The cells of a row by column (all parsed once)."""
        if b.sel is None:
            b.sel = {}
            buka: _Unsur | None = None
            c = 0
            for m in _pola(self.p, b"c").finditer(self.xml, b.b, b.z):
                akhir_tag, atr, kosong = m.group(1, 2, 3)
                if akhir_tag is None:
                    continue
                if akhir_tag:
                    if buka is not None:
                        buka.z, buka.z2 = m.start(), m.end()
                        b.sel[buka.n] = buka
                        buka = None
                    continue
                rv = _R.search(atr)
                c = _kolom(rv.group(1)) if rv else c + 1
                u = _Unsur(c, m.start(), m.end(), atr, bool(kosong))
                if kosong:
                    b.sel[c] = u
                else:
                    buka = u
            b.satu = None
        return b.sel

    def cari(self, r: int, c: int) -> _Unsur | None:
        """The cell at (r, c), None if the file has none there."""
        if self._baris is None:
            self.baris()
        b = self._per_r.get(r)
        if b is None:
            return None
        if b.sel is not None:
            return b.sel.get(c)
        if b.satu is None:  # can cells be found by their r="..." (written first, as usual)?
            semua = self.xml.count(b"<" + self.p + b"c", b.b, b.z)
            b.satu = {} if self.xml.count(b"<" + self.p + b'c r="', b.b, b.z) == semua else False
            if self._aneh:
                b.satu = False
        if b.satu is False:
            return self.sel_baris(b).get(c)
        if c in b.satu:
            return b.satu[c]
        tanda = b"<" + self.p + b'c r="' + alamat(r, c).encode() + b'"'
        i = self.xml.find(tanda, b.b, b.z)
        u = None
        if i >= 0:
            m = _pola(self.p, b"c").match(self.xml, i)
            u = _Unsur(c, i, m.end(), m.group(2), bool(m.group(3)))
            if not u.tutup:
                j = self.xml.find(b"</" + self.p + b"c>", u.b, b.z)
                if j < 0:  # an end tag written otherwise (</c >): parse the row
                    b.satu = False
                    return self.sel_baris(b).get(c)
                u.z, u.z2 = j, j + len(self.p) + 4
        b.satu[c] = u
        return u

    def isi_lama(self, s: _Unsur) -> _IsiLama:
        t = _T_ATR.search(s.atr)
        lama = _IsiLama(t.group(1) if t else None, None, None, None, b"")
        if s.tutup:
            return lama
        if not self.p:  # the usual <f>text</f><v>value</v>
            m = _ISI_BIASA.match(self.xml, s.b, s.z)
            if m is not None and m.end() == s.z:
                if m.group(1) is not None:
                    lama.f = ([], m.group(1), self.xml[s.b : m.end(1) + 4])
                lama.v = m.group(2)
                return lama
        lain = []
        for m in _pola_anak(self.p).finditer(self.xml, s.b, s.z):
            nama, atr, isi = m.group(1), m.group(2), m.group(3)
            if nama == b"f":
                lama.f = (_atribut(atr), isi, m.group(0))
            elif nama == b"v":
                lama.v = isi if isi is not None else b""
            elif nama == b"is":
                lama.is_ = isi or b""
            else:
                lain.append(m.group(0))
        lama.lain = b"".join(lain)
        return lama

    def rumus_sel(self, r: int, c: int, lama: _IsiLama | None = None) -> str | None:
        """The formula text (without "=") a cell computes, shared formulas translated."""
        if lama is None:
            s = self.cari(r, c)
            if s is None:
                return None
            lama = self.isi_lama(s)
        if lama.f is None:
            return None
        atr, teks, _ = lama.f
        a = dict(atr)
        if a.get(b"t") == b"shared" and b"ref" not in a and not teks:
            induk = self.induk_bersama().get(a.get(b"si", b""))
            if induk is None:
                return None
            return induk.teks_di(r, c)
        return _urai(teks or b"")

    def rumus_sama(self, r: int, c: int, teks: str, lama: _IsiLama | None = None) -> bool:
        """Whether the cell computes the formula `teks` (without "=")."""
        if lama is None:
            s = self.cari(r, c)
            if s is None:
                return False
            lama = self.isi_lama(s)
        if lama.f is None:
            return False
        if not lama.f[0] and lama.f[1] is not None:
            e = _esc(teks)
            if lama.f[1] == e:
                return True  # written as we would write it
            if not teks.isascii() and b"&#" in lama.f[1]:  # or as lxml does: &#8211;
                if lama.f[1] == e.decode("utf-8").encode("ascii", "xmlcharrefreplace"):
                    return True
        return self.rumus_sel(r, c, lama) == teks

    @functools.cached_property
    def _induk(self) -> dict[bytes, _Induk]:
        out: dict[bytes, _Induk] = {}
        for b in self.baris():
            if b"shared" not in self.xml[b.b : b.z]:
                continue
            for c, s in self.sel_baris(b).items():
                if s.tutup or b"shared" not in self.xml[s.b : s.z]:
                    continue
                f = self.isi_lama(s).f
                if f is None:
                    continue
                a = dict(f[0])
                if a.get(b"t") == b"shared" and b"ref" in a and f[1]:
                    out[a.get(b"si", b"")] = _Induk(b.n, c, _urai(f[1]), _rentang(_urai(a[b"ref"])))
        return out

    def induk_bersama(self) -> dict[bytes, _Induk]:
        return self._induk

    def semua_rumus(self) -> dict[tuple[int, int], str]:
        """Every formula cell of the sheet: (row, column) -> text without "="."""
        out = {}
        f = b"<" + self.p + b"f"
        for b in self.baris():
            if f not in self.xml[b.b : b.z]:
                continue
            for c, s in self.sel_baris(b).items():
                if not s.tutup and self.xml.find(f, s.b, s.z) >= 0:
                    t = self.rumus_sel(b.n, c)
                    if t is not None:
                        out[(b.n, c)] = t
        return out

    def gaya(self, r: int, c: int) -> int:
        """The style index a cell has (or a new cell would get: its row's, else its column's)."""
        s = self.cari(r, c)
        if s is not None:
            v = _atr(s.atr, b"s")
            return int(v) if v else 0
        b = self._per_r.get(r)
        if b is not None and _atr(b.atr, b"customFormat") in (b"1", b"true"):
            v = _atr(b.atr, b"s")
            if v:
                return int(v)
        for m in re.finditer(
            rb"<" + re.escape(self.p) + rb"col\b" + _ATR_POLA + rb"/?>", self.xml[: self.sd.start()]
        ):
            a = dict(_atribut(m.group(1)))
            if int(a.get(b"min", b"0")) <= c <= int(a.get(b"max", b"0")) and b"style" in a:
                return int(a[b"style"])
        return 0

    # writing
    def rencana(self, r: int, c: int, isi: Isi | None = None, gaya: int | None = None) -> None:
        t = self.tulis.setdefault((r, c), _Tulis())
        if isi is not None:
            t.isi = isi
        if gaya is not None:
            t.gaya = gaya

    def _galat(self, r: int, c: int, pesan: str) -> GalatBuku:
        return GalatBuku(f"{self.nama}!{alamat(r, c)}: {pesan}")

    def _cek_array(self, ditulis: set[tuple[int, int]]) -> None:
        """A write into a multi-cell array formula (or data table) must cover all of it."""
        pola = re.compile(
            rb"""<""" + re.escape(self.p) + rb"""f\b[^>]*?\bt\s*=\s*["'](?:array|dataTable)["']"""
        )
        if not ditulis or pola.search(self.xml, self.awal, self.akhir) is None:
            return
        for b in self.baris():
            if pola.search(self.xml, b.b, b.z) is None:
                continue
            for c, s in self.sel_baris(b).items():
                if s.tutup or pola.search(self.xml, s.b, s.z) is None:
                    continue
                f = self.isi_lama(s).f
                ref = dict(f[0]).get(b"ref") if f else None
                if not ref:
                    continue
                r1, c1, r2, c2 = _rentang(_urai(ref))
                if (r1, c1) == (r2, c2):
                    continue
                area = {(r, k) for r in range(r1, r2 + 1) for k in range(c1, c2 + 1)}
                kena = area & ditulis
                if kena and not area <= ditulis:
                    r, k = min(kena)
                    ref_t = _urai(ref)
                    raise self._galat(
                        r,
                        k,
                        f"sel ini bagian dari rumus array {ref_t} (dimulai di {alamat(b.n, c)}); "
                        "xlkinerja tidak dapat mengganti sebagian rumus array. Hapus rumus array "
                        f"itu (pilih {ref_t}, tekan Delete) lalu ulangi.",
                    )

    def _konten(self, isi: Isi, f_elem: bytes | None) -> tuple[bytes | None, bytes]:
        """(type attribute, children) of new content."""
        p = self.p
        if isi.rumus is not None:
            f = f_elem or b"<" + p + b"f>" + _esc(isi.rumus) + b"</" + p + b"f>"
            t, v = _nilai_v(isi.nilai, self.epoch)
            return t, f + (b"" if v is None else b"<" + p + b"v>" + v + b"</" + p + b"v>")
        n = isi.nilai
        if n is None or n == "" or n is TANPA_NILAI:
            return None, b""
        if isinstance(n, (dt.date, dt.time, dt.timedelta)):  # as text: no date style here
            n = str(n.date() if isinstance(n, dt.datetime) and n.time() == dt.time() else n)
        if not isinstance(n, (str, bool, int, float)) and not _adalah_angka(n):
            n = str(n)
        if isinstance(n, str) and not _galat(n):
            spasi = b' xml:space="preserve"' if n != n.strip() or "\n" in n else b""
            return b"inlineStr", (
                b"<"
                + p
                + b"is><"
                + p
                + b"t"
                + spasi
                + b">"
                + _esc_teks(n)
                + b"</"
                + p
                + b"t></"
                + p
                + b"is>"
            )
        t, v = _nilai_v(n)
        return t, b"<" + p + b"v>" + (v or b"") + b"</" + p + b"v>"

    def _sama_cepat(self, s: _Unsur, t: _Tulis) -> bool:
        """The usual unchanged cell, by one comparison of bytes: the same formula and value as
        we would write them, no new style."""
        isi = t.isi
        if isi is None or isi.rumus is None or self.p or s.tutup:
            return False
        if t.gaya is not None and t.gaya != int(_atr(s.atr, b"s") or 0):
            return False
        f = b"<f>" + _esc(isi.rumus) + b"</f>"
        if not self.xml.startswith(f, s.b):
            if isi.rumus.isascii():
                return False
            f = f.decode("utf-8").encode("ascii", "xmlcharrefreplace")  # as lxml writes
            if not self.xml.startswith(f, s.b):
                return False
        sisa = self.xml[s.b + len(f) : s.z]
        if isi.nilai is TANPA_NILAI:  # the same formula keeps its stored value
            return not sisa or (
                sisa.startswith(b"<v>") and sisa.endswith(b"</v>") and sisa.count(b"<") == 2
            )
        jenis, v = _nilai_v(isi.nilai, self.epoch)
        if v is None or sisa != b"<v>" + v + b"</v>":
            return False
        ada = _T_ATR.search(s.atr)
        return (ada.group(1) if ada else None) == jenis or (
            jenis is None and ada and ada.group(1) == b"n"
        )

    def _sama(self, lama: _IsiLama, t: bytes | None, anak_v: bytes | None, teks: bool, sst) -> bool:
        """Whether the existing value equals the new one (`anak_v`: new <v> text, or the new
        inline text when `teks`)."""
        if teks:
            if lama.t == b"inlineStr" and lama.is_ is not None:
                return _teks_is(lama.is_, self.p) == anak_v
            if lama.t == b"s" and lama.v is not None:
                try:
                    return sst()[int(lama.v)] == anak_v
                except (ValueError, IndexError):
                    return False
            return lama.t == b"str" and lama.v is not None and _urai_teks(lama.v) == anak_v
        if anak_v is None:
            return lama.v is None and lama.is_ is None
        if lama.v is None:
            return False
        if t is None:
            if lama.t not in (None, b"n"):
                return False
            try:
                return float(lama.v) == float(anak_v)
            except ValueError:
                return False
        return lama.t == t and _urai_teks(lama.v) == _urai_teks(anak_v)

    def _sel_xml(
        self,
        s: _Unsur | None,
        r: int,
        c: int,
        gaya: int | None,
        konten: tuple[bytes | None, bytes] | None,
        lain: bytes = b"",
    ) -> bytes:
        """A <c> element: the existing attributes (r first, then s and t) with the new style and
        type; `konten` None keeps the existing children."""
        atr: list[tuple[bytes, bytes]] = [(b"r", alamat(r, c).encode())]
        lama = _atribut(s.atr) if s is not None else []
        s_lama = next((v for k, v in lama if k == b"s"), None)
        s_baru = str(gaya).encode() if gaya is not None else s_lama
        if s_baru is not None and s_baru != b"0" or (s_lama == b"0" and s_baru == b"0"):
            atr.append((b"s", s_baru))
        if konten is None:
            atr += [(k, v) for k, v in lama if k not in (b"r", b"s")]
            isi = b"" if s is None or s.tutup else self.xml[s.b : s.z]
        else:
            t, isi = konten
            if t is not None:
                atr.append((b"t", t))
            atr += [(k, v) for k, v in lama if k not in (b"r", b"s", b"t", b"cm", b"vm")]
            isi += lain
        tag = b"c"
        if not isi:
            return _tag(self.p, tag, atr, True)
        return _tag(self.p, tag, atr, False) + isi + b"</" + self.p + tag + b">"

    def hasil(self, sst) -> bytes:
        """The part with every planned change spliced in (`sst`: the shared strings, read
        only if a comparison needs them)."""
        if not self.tulis and not self.sisip:
            return self.xml
        self.baris()
        ditulis = {k for k, t in self.tulis.items() if t.isi is not None}
        self._cek_array(ditulis)
        ganti: dict[tuple[int, int], bytes] = {}
        baru: dict[int, dict[int, bytes]] = {}
        # 1. shared-formula masters whose formula changes: their dependants get explicit ones
        lama_sel: dict[tuple[int, int], tuple[_Unsur, _IsiLama]] = {}
        berubah: set[bytes] = set()
        bersama = b"shared" in self.xml[self.awal : self.akhir]
        for (r, c), t in self.tulis.items() if bersama else ():
            s = self.cari(r, c)
            if s is None:
                continue
            lama = self.isi_lama(s)
            lama_sel[(r, c)] = (s, lama)
            if t.isi is not None and lama.f is not None:
                a = dict(lama.f[0])
                if a.get(b"t") == b"shared" and b"ref" in a:
                    if t.isi.rumus is None or not self.rumus_sama(r, c, t.isi.rumus, lama):
                        berubah.add(a.get(b"si", b""))
        if berubah:
            for (r, c), (s, t_lama, isi_baru) in self._lepas_bersama(berubah, ditulis).items():
                t = self.tulis.get((r, c))
                ganti[(r, c)] = self._sel_xml(s, r, c, t and t.gaya, (t_lama, isi_baru))
        # 2. the cells written
        for (r, c), t in sorted(self.tulis.items()):
            if bersama:
                s, lama = lama_sel.get((r, c), (None, None))
            else:
                s = self.cari(r, c)
                if s is not None and self._sama_cepat(s, t):
                    continue
                lama = None if s is None else self.isi_lama(s)
            if t.isi is None:  # a style only
                if (r, c) in ganti:  # a shared formula's dependant, rewritten above
                    continue
                if s is None:
                    baru.setdefault(r, {})[c] = self._sel_xml(None, r, c, t.gaya, (None, b""))
                elif t.gaya is not None and t.gaya != int(_atr(s.atr, b"s") or 0):
                    ganti[(r, c)] = self._sel_xml(s, r, c, t.gaya, None)
                continue
            isi = t.isi
            if s is None:
                if isi.rumus is None and (isi.nilai is None or isi.nilai == "") and t.gaya is None:
                    continue
                baru.setdefault(r, {})[c] = self._sel_xml(
                    None, r, c, t.gaya, self._konten(isi, None)
                )
                continue
            f_tetap = None
            if isi.rumus is not None and lama.f is not None:
                a = dict(lama.f[0])
                jenis = a.get(b"t", b"normal")
                if (
                    jenis in (b"normal", b"shared")
                    and (jenis == b"normal" or a.get(b"si", b"") not in berubah)
                    and self.rumus_sama(r, c, isi.rumus, lama)
                ):
                    f_tetap = lama.f[2]
            if isi.rumus is None and lama.f is not None:
                self.rumus_hilang = True
            sama = False
            if isi.rumus is None or f_tetap is not None:
                if isi.rumus is not None and isi.nilai is TANPA_NILAI:
                    sama = True  # the same formula, no new value: keep the cached one
                else:
                    teks = (
                        isi.rumus is None and isinstance(isi.nilai, str) and not _galat(isi.nilai)
                    )
                    if teks:
                        sama = lama.f is None and self._sama(lama, None, isi.nilai, True, sst)
                    elif isi.rumus is None and (isi.nilai is None or isi.nilai == ""):
                        sama = lama.f is None and lama.v is None and lama.is_ is None
                    else:
                        tt, vv = _nilai_v(isi.nilai, self.epoch)
                        sama = (lama.f is None) == (isi.rumus is None) and self._sama(
                            lama, tt, vv, False, sst
                        )
            if sama:
                if t.gaya is not None and t.gaya != int(_atr(s.atr, b"s") or 0):
                    ganti[(r, c)] = self._sel_xml(s, r, c, t.gaya, None)
                continue
            ganti[(r, c)] = self._sel_xml(s, r, c, t.gaya, self._konten(isi, f_tetap), lama.lain)
        return self._sambung(ganti, baru)

    def _lepas_bersama(
        self, si: set[bytes], ditulis: set[tuple[int, int]]
    ) -> dict[tuple[int, int], tuple[_Unsur, bytes | None, bytes]]:
        """Explicit formulas for the dependants of changed shared-formula masters: per cell
        (the element, its type attribute, its new children)."""
        out = {}
        induk = {k: v for k, v in self.induk_bersama().items() if k in si}
        for b in self.baris():
            for i in induk.values():
                r1, c1, r2, c2 = i.area
                if r1 <= b.n <= r2:
                    break
            else:
                continue
            for c, s in self.sel_baris(b).items():
                if (b.n, c) in ditulis or s.tutup:
                    continue
                lama = self.isi_lama(s)
                if lama.f is None:
                    continue
                a = dict(lama.f[0])
                k = a.get(b"si", b"")
                if a.get(b"t") != b"shared" or k not in induk or b"ref" in a:
                    continue
                teks = induk[k].teks_di(b.n, c)
                f = b"<" + self.p + b"f>" + _esc(teks) + b"</" + self.p + b"f>"
                out[(b.n, c)] = (s, lama.t, self.xml[s.b : s.z].replace(lama.f[2], f, 1))
        return out

    def _sambung(
        self, ganti: dict[tuple[int, int], bytes], baru: dict[int, dict[int, bytes]]
    ) -> bytes:
        p = self.p
        ops: list[tuple[int, int, bytes]] = list(self.sisip)
        for (r, c), x in ganti.items():
            s = self.cari(r, c)
            assert s is not None
            ops.append((s.a, s.z2, x))
        tag_baris: dict[int, list[tuple[bytes, bytes]]] = {}
        baris_baru: dict[int, dict[int, bytes]] = {}
        for r, sel in baru.items():
            b = self._per_r.get(r)
            if b is None:
                baris_baru[r] = sel
                continue
            ada = self.sel_baris(b)
            for c, s in ada.items():  # inserting among cells without r: give them theirs
                if _atr(s.atr, b"r") is None and (r, c) not in ganti:
                    atr = [(b"r", alamat(r, c).encode()), *_atribut(s.atr)]
                    ops.append((s.a, s.b, _tag(p, b"c", atr, s.tutup)))
            tag_baris[r] = _atr_baris(_atribut(b.atr), r, sel)
            if b.tutup:
                continue
            urut = sorted(ada.items())
            kolom = [k for k, _ in urut]
            for c in sorted(sel):
                i = bisect.bisect_right(kolom, c)
                pos = urut[i][1].a if i < len(urut) else (urut[-1][1].z2 if urut else b.b)
                ops.append((pos, pos, sel[c]))
        if baris_baru:
            for b in self.baris():
                if _atr(b.atr, b"r") is None:
                    tag_baris.setdefault(b.n, [(b"r", str(b.n).encode()), *_atribut(b.atr)])
        for r, atr in tag_baris.items():
            b = self._per_r[r]
            if b.tutup and r in baru:
                isi = b"".join(baru[r][c] for c in sorted(baru[r]))
                ops.append((b.a, b.z2, _tag(p, b"row", atr, False) + isi + b"</" + p + b"row>"))
            elif atr != _atribut(b.atr):
                ops.append((b.a, b.b, _tag(p, b"row", atr, b.tutup)))
        if baris_baru:
            nomor = [b.n for b in self.baris()]
            kelompok: dict[int, list[bytes]] = {}
            for r in sorted(baris_baru):
                sel = baris_baru[r]
                x = _tag(p, b"row", [(b"r", str(r).encode())], False)
                x += b"".join(sel[c] for c in sorted(sel)) + b"</" + p + b"row>"
                i = bisect.bisect_right(nomor, r)
                pos = self._baris[i].a if i < len(nomor) else self.akhir
                kelompok.setdefault(pos, []).append(x)
            if self.sd.group(3):  # <sheetData/>
                isi = b"".join(b"".join(v) for v in kelompok.values())
                atr = _atribut(self.sd.group(2))
                ops.append(
                    (
                        self.sd.start(),
                        self.sd.end(),
                        _tag(p, b"sheetData", atr, False) + isi + b"</" + p + b"sheetData>",
                    )
                )
            else:
                for pos, xs in kelompok.items():
                    ops.append((pos, pos, b"".join(xs)))
        if baru:
            ops += self._dimensi(baru)
        ops.sort(key=lambda o: (o[0], o[0] != o[1]))
        out: list[bytes] = []
        pos = 0
        for a, z, x in ops:
            if a < pos:
                raise AssertionError(f"{self.nama}: perubahan bertumpuk di posisi {a}")
            out.append(self.xml[pos:a])
            out.append(x)
            pos = z
        out.append(self.xml[pos:])
        return b"".join(out)

    def _dimensi(self, baru: dict[int, dict[int, bytes]]) -> list[tuple[int, int, bytes]]:
        m = re.compile(rb"<" + re.escape(self.p) + rb"dimension\b" + _ATR_POLA + rb"/?>").search(
            self.xml, 0, self.sd.start()
        )
        if m is None:
            return []
        atr = _atribut(m.group(1))
        ref = next((v for k, v in atr if k == b"ref"), None)
        if ref is None:
            return []
        try:
            r1, c1, r2, c2 = _rentang(_urai(ref))
        except ValueError:
            return []
        rr = [r1, r2, *baru]
        cc = [c1, c2, *(c for s in baru.values() for c in s)]
        n = (min(rr), min(cc), max(rr), max(cc))
        if n == (r1, c1, r2, c2):
            return []
        teks = alamat(n[0], n[1]) + (":" + alamat(n[2], n[3]) if n[:2] != n[2:] else "")
        atr = [(k, teks.encode() if k == b"ref" else v) for k, v in atr]
        return [(m.start(), m.end(), _tag(self.p, b"dimension", atr, True))]


def _atr_baris(
    atr: list[tuple[bytes, bytes]], r: int, sel: Mapping[int, bytes]
) -> list[tuple[bytes, bytes]]:
    """A row's attributes with r present and spans covering new cells."""
    out = list(atr)
    if not any(k == b"r" for k, _ in out):
        out.insert(0, (b"r", str(r).encode()))
    for i, (k, v) in enumerate(out):
        if k == b"spans" and sel:
            try:
                bagian = [int(x) for x in re.split(rb"[:\s]+", v.strip()) if x]
            except ValueError:
                break
            lo, hi = min(bagian + list(sel)), max(bagian + list(sel))
            out[i] = (k, f"{lo}:{hi}".encode())
    return out


@dataclass
class _Induk:
    """The master of a shared formula: where it is, its text and its area."""

    r: int
    c: int
    teks: str
    area: tuple[int, int, int, int]
    _penerjemah: Any = None

    def teks_di(self, r: int, c: int) -> str:
        """The master's formula as it reads in (r, c)."""
        if (r, c) == (self.r, self.c):
            return self.teks
        if self._penerjemah is None:
            from openpyxl.formula.translate import Translator

            self._penerjemah = Translator("=" + self.teks, origin=alamat(self.r, self.c))
        return self._penerjemah.translate_formula(alamat(r, c))[1:]


_RPH = re.compile(rb"<(?:[\w.-]+:)?rPh\b.*?</(?:[\w.-]+:)?rPh\s*>", re.S)
_T = re.compile(rb"<(?:[\w.-]+:)?t(?=[\s/>])[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?t\s*>)", re.S)


def _teks_is(isi: bytes, p: bytes = b"") -> str:
    """The text of an <is> (or <si>, <text>): its <t> and its runs' <t>, not phonetic runs."""
    if b"rPh" in isi:
        isi = _RPH.sub(b"", isi)
    return "".join(_urai_teks(m.group(1) or b"") for m in _T.finditer(isi))


def _nilai_v(n: object, epoch: Any = None) -> tuple[bytes | None, bytes | None]:
    """(type attribute, <v> text) of a formula's cached value; (None, None): no value. Dates
    and times are stored as Excel serial numbers (`epoch`: the workbook's date system)."""
    if n is TANPA_NILAI or isinstance(n, list):
        return None, None
    if isinstance(n, (dt.date, dt.time, dt.timedelta)):
        n = to_excel(n, epoch or WINDOWS_EPOCH)
    if n is None:
        return b"str", b""
    if _galat(n):
        return (b"e", str(n).encode()) if str(n) in GALAT_EXCEL else (None, None)
    if isinstance(n, bool):
        return b"b", b"1" if n else b"0"
    if _adalah_angka(n):
        v = _angka(n if isinstance(n, int) else float(n))
        return (None, v) if v is not None else (b"e", b"#NUM!")
    return b"str", _esc_teks(n if isinstance(n, str) else str(n))


# --- styles ----------------------------------------------------------------------------------


def _kunci_fill(x: bytes) -> tuple:
    m = re.search(rb"<(?:[\w.-]+:)?patternFill\b" + _ATR_POLA + rb"/?>", x)
    if m is None:
        return ("lain", x)
    jenis = _atr(m.group(1), b"patternType")
    if jenis in (None, b"none"):
        return ("none",)
    if jenis == b"solid":
        fg = re.search(rb"<(?:[\w.-]+:)?fgColor\b" + _ATR_POLA + rb"/?>", x)
        rgb = _atr(fg.group(1), b"rgb") if fg else None
        if rgb and len(rgb) >= 6:
            return ("solid", rgb[-6:].decode().upper())
    return ("lain", x)


class _Gaya:
    """styles.xml: fills and cell formats, extended only by appending."""

    def __init__(self, xml: bytes):
        self.xml = xml
        m = re.search(rb"<(?:([\w.-]+):)?styleSheet\b", xml)
        self.p = m.group(1) + b":" if m and m.group(1) else b""
        self.fills, self.fills_tag, self.fills_akhir = self._daftar(b"fills", b"fill")
        self.xfs, self.xfs_tag, self.xfs_akhir = self._daftar(b"cellXfs", b"xf")
        self.fill_baru: list[bytes] = []
        self.xf_baru: list[bytes] = []
        self._kunci_fill = [_kunci_fill(f) for f in self.fills]
        self._kunci_xf = [self._kunci(x) for x in self.xfs]

    def _daftar(self, wadah: bytes, unsur: bytes) -> tuple[list[bytes], re.Match[bytes], int]:
        P = re.escape(self.p)
        m = re.search(rb"<" + P + wadah + rb"(?=[\s/>])" + _ATR_POLA + rb"(/?)>", self.xml)
        if m is None or m.group(2):
            raise GalatBuku(
                f"styles.xml tidak memiliki daftar {wadah.decode()}; sel tidak dapat diwarnai. "
                "Simpan ulang buku kerja dengan Excel lalu ulangi"
            )
        e = re.compile(rb"</" + P + wadah + rb"\s*>").search(self.xml, m.end())
        pola = re.compile(
            rb"<"
            + P
            + unsur
            + rb"(?=[\s/>])"
            + _ATR_POLA
            + rb"(?:/>|>.*?</"
            + P
            + unsur
            + rb"\s*>)",
            re.S,
        )
        return [x.group(0) for x in pola.finditer(self.xml, m.end(), e.start())], m, e.start()

    def _kunci(self, x: bytes) -> tuple:
        m = re.match(rb"<(?:[\w.-]+:)?xf" + _ATR_POLA + rb"(/?)>", x)
        atr = frozenset((k, v) for k, v in _atribut(m.group(1)) if k != b"applyFill")
        return atr, x[m.end() :].rsplit(b"</", 1)[0] if not m.group(2) else b""

    def _xf(self, s: int) -> bytes:
        semua = self.xfs + self.xf_baru
        return semua[s] if 0 <= s < len(semua) else semua[0] if semua else b"<xf/>"

    def warna(self, s: int) -> str | None:
        """The solid fill colour (RRGGBB) of cell format `s`, None without a solid fill."""
        fid = _atr(re.match(rb"<(?:[\w.-]+:)?xf" + _ATR_POLA, self._xf(s)).group(1), b"fillId")
        semua = self._kunci_fill + [_kunci_fill(f) for f in self.fill_baru]
        k = semua[int(fid)] if fid and int(fid) < len(semua) else ("none",)
        return k[1] if k[0] == "solid" else None

    def _fill(self, warna: str | None) -> int:
        kunci = ("solid", warna.upper()) if warna else ("none",)
        semua = self._kunci_fill + [_kunci_fill(f) for f in self.fill_baru]
        if kunci in semua:
            return semua.index(kunci)
        p = self.p
        if warna:
            x = (
                b"<"
                + p
                + b"fill><"
                + p
                + b'patternFill patternType="solid"><'
                + p
                + b'fgColor rgb="FF'
                + warna.upper().encode()
                + b'"/><'
                + p
                + b'bgColor indexed="64"/></'
                + p
                + b"patternFill></"
                + p
                + b"fill>"
            )
        else:
            x = b"<" + p + b"fill><" + p + b'patternFill patternType="none"/></' + p + b"fill>"
        self.fill_baru.append(x)
        return len(semua)

    def dengan_warna(self, s: int, warna: str | None) -> int:
        """The index of cell format `s` with its fill set to `warna` (existing one reused)."""
        fid = self._fill(warna)
        x = self._xf(s)
        m = re.match(rb"<(?:[\w.-]+:)?xf" + _ATR_POLA + rb"(/?)>", x)
        atr = [(k, v) for k, v in _atribut(m.group(1)) if k not in (b"fillId", b"applyFill")]
        atr.insert(min(2, len(atr)), (b"fillId", str(fid).encode()))
        atr.append((b"applyFill", b"1"))
        baru = _tag(self.p, b"xf", atr, bool(m.group(2))) + x[m.end() :]
        kunci = self._kunci(baru)
        semua = self._kunci_xf + [self._kunci(y) for y in self.xf_baru]
        if kunci in semua:
            return semua.index(kunci)
        self.xf_baru.append(baru)
        return len(semua)

    def hasil(self) -> bytes:
        if not self.fill_baru and not self.xf_baru:
            return self.xml
        ops = []
        for tag, akhir, lama, tambah in (
            (self.fills_tag, self.fills_akhir, self.fills, self.fill_baru),
            (self.xfs_tag, self.xfs_akhir, self.xfs, self.xf_baru),
        ):
            if not tambah:
                continue
            atr = _atribut(tag.group(1))
            n = str(len(lama) + len(tambah)).encode()
            atr = [(k, n if k == b"count" else v) for k, v in atr]
            if not any(k == b"count" for k, _ in atr):
                atr.append((b"count", n))
            nama = re.match(rb"<([\w.:-]+)", tag.group(0)).group(1)
            ops.append(
                (
                    tag.start(),
                    tag.end(),
                    b"<" + nama + b"".join(b" " + k + b'="' + v + b'"' for k, v in atr) + b">",
                )
            )
            ops.append((akhir, akhir, b"".join(tambah)))
        ops.sort()
        out, pos = [], 0
        for a, z, x in ops:
            out += [self.xml[pos:a], x]
            pos = z
        return b"".join(out) + self.xml[pos:]


# --- notes (legacy comments and their VML shapes) -----------------------------------------------

_NS_VML = {
    "v": b"urn:schemas-microsoft-com:vml",
    "o": b"urn:schemas-microsoft-com:office:office",
    "x": b"urn:schemas-microsoft-com:office:excel",
}
_SETELAH_LEGACY = (
    b"legacyDrawingHF",
    b"drawingHF",
    b"picture",
    b"oleObjects",
    b"controls",
    b"webPublishItems",
    b"tableParts",
    b"extLst",
)
_TAG_UMUM = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(/?)([\w.-]+:)?([\w.-]+)" + _ATR_POLA + rb"(/?)>",
    re.S,
)


def _anak_atas(xml: bytes, mulai: int) -> list[tuple[bytes, int, int]]:
    """Top-level elements of the root from `mulai` (which must be at depth 1): (local name,
    start, end)."""
    out, kedalaman, buka = [], 0, None
    for m in _TAG_UMUM.finditer(xml, mulai):
        tutup, _, nama, _, kosong = m.groups()
        if nama is None:
            continue
        if tutup:
            kedalaman -= 1
            if kedalaman == 0 and buka is not None:
                out.append((buka[0], buka[1], m.end()))
                buka = None
            if kedalaman < 0:
                break
            continue
        if kedalaman == 0:
            if kosong:
                out.append((nama, m.start(), m.end()))
                continue
            buka = (nama, m.start())
        if not kosong:
            kedalaman += 1
    return out


def _awalan_ns(xml: bytes, ns: bytes) -> bytes | None:
    m = re.search(rb'xmlns:([\w.-]+)\s*=\s*["\']' + re.escape(ns) + rb'["\']', xml)
    return m.group(1) if m else None


@dataclass
class _Komentar:
    r: int
    c: int
    a: int
    z: int
    teks: str
    uid: bool  # part of a threaded comment


def _komentar(xml: bytes) -> list[_Komentar]:
    out = []
    for m in re.finditer(
        rb"<(?:[\w.-]+:)?comment(?=[\s/>])"
        + _ATR_POLA
        + rb"(?:/>|>(.*?)</(?:[\w.-]+:)?comment\s*>)",
        xml,
        re.S,
    ):
        a = dict(_atribut(m.group(1)))
        ref = a.get(b"ref")
        if not ref:
            continue
        try:
            r, c = _posisi(_urai(ref))
        except ValueError:
            continue
        teks = _teks_is(m.group(2) or b"")
        out.append(_Komentar(r, c, m.start(), m.end(), teks, any(k.endswith(b"uid") for k in a)))
    return out


def _bentuk(awal: dict[str, bytes], sid: int, r: int, c: int) -> bytes:
    """The VML shape Excel draws a note with, anchored next to (r, c)."""
    v, o, x = awal["v"], awal["o"], awal["x"]
    jangkar = f"{c}, 15, {max(r - 2, 0)}, 10, {c + 2}, 15, {r + 3}, 4".encode()
    return (
        b"<" + v + b':shape id="_x0000_s' + str(sid).encode() + b'" type="#_x0000_t202" '
        b'style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:225pt;'
        b'height:90pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" '
        + o
        + b':insetmode="auto"><'
        + v
        + b':fill color2="#ffffe1"/><'
        + v
        + b':shadow on="t" color="black" obscured="t"/><'
        + v
        + b":path "
        + o
        + b':connecttype="none"/><'
        + v
        + b':textbox style="mso-direction-alt:auto">'
        b'<div style="text-align:left"></div></'
        + v
        + b":textbox><"
        + x
        + b':ClientData ObjectType="Note"><'
        + x
        + b":MoveWithCells/><"
        + x
        + b":SizeWithCells/><"
        + x
        + b":Anchor>"
        + jangkar
        + b"</"
        + x
        + b":Anchor><"
        + x
        + b":AutoFill>False</"
        + x
        + b":AutoFill><"
        + x
        + b":Row>"
        + str(r - 1).encode()
        + b"</"
        + x
        + b":Row><"
        + x
        + b":Column>"
        + str(c - 1).encode()
        + b"</"
        + x
        + b":Column></"
        + x
        + b":ClientData></"
        + v
        + b":shape>"
    )


def _jenis_bentuk(v: bytes, o: bytes) -> bytes:
    return (
        b"<"
        + v
        + b':shapetype id="_x0000_t202" coordsize="21600,21600" '
        + o
        + b':spt="202" path="m,l,21600r21600,l21600,xe"><'
        + v
        + b':stroke joinstyle="miter"/><'
        + v
        + b':path gradientshapeok="t" '
        + o
        + b':connecttype="rect"/></'
        + v
        + b":shapetype>"
    )


def _tulis_catatan(
    pkt: Paket, part: str, ls: _Lembar, ubah: Mapping[tuple[int, int], str | None]
) -> None:
    """Notes of one sheet: replaced, added or removed in its comments part and VML drawing.
    Threaded comments are left as they are."""
    rels = pkt.rels(part)
    kom_part = next((r.target for r in rels if r.jenis == REL_KOMENTAR and not r.luar), None)
    berulir: set[tuple[int, int]] = set()
    for r in rels:
        if r.jenis == REL_THREADED and pkt.punya(r.target):
            for m in re.finditer(
                rb"<(?:[\w.-]+:)?threadedComment\b[^>]*?\bref=\"([^\"]+)\"", pkt.baca(r.target)
            ):
                berulir.add(_posisi(_urai(m.group(1))))
    ubah = {k: v for k, v in ubah.items() if k not in berulir}
    kom_xml = pkt.baca(kom_part) if kom_part and pkt.punya(kom_part) else None
    lama = {(k.r, k.c): k for k in _komentar(kom_xml)} if kom_xml is not None else {}
    ubah = {k: v for k, v in ubah.items() if not (k in lama and lama[k].uid)}
    ubah = {k: v for k, v in ubah.items() if v is not None or k in lama}
    ubah = {k: v for k, v in ubah.items() if k not in lama or lama[k].teks != v}
    if not ubah:
        return
    # comments part
    if kom_xml is None:
        kom_part = kom_part or pkt.nama_baru("xl/comments{}.xml")
        kom_xml = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="'
            + NS_MAIN
            + b'"><authors></authors><commentList></commentList></comments>'
        )
        pkt.tambah_rel(part, REL_KOMENTAR, kom_part)
        pkt.set_tipe(kom_part, CT_KOMENTAR)
    kp = re.search(rb"<(?:([\w.-]+):)?comments\b", kom_xml)
    p = kp.group(1) + b":" if kp and kp.group(1) else b""
    penulis = [
        _urai(m.group(1) or b"")
        for m in re.finditer(
            rb"<(?:[\w.-]+:)?author(?=[\s/>])[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?author\s*>)",
            kom_xml,
            re.S,
        )
    ]
    ops: list[tuple[int, int, bytes]] = []
    if PENULIS in penulis:
        aid = penulis.index(PENULIS)
    else:
        aid = len(penulis)
        m = re.search(rb"</(?:[\w.-]+:)?authors\s*>", kom_xml)
        baru = b"<" + p + b"author>" + PENULIS.encode() + b"</" + p + b"author>"
        if m is not None:
            ops.append((m.start(), m.start(), baru))
        else:
            m = re.search(rb"<(?:[\w.-]+:)?authors\s*/>", kom_xml)
            ops.append(
                (m.start(), m.end(), b"<" + p + b"authors>" + baru + b"</" + p + b"authors>")
            )
    tambah = b""
    for (r, c), teks in sorted(ubah.items()):
        x = b""
        if teks is not None:
            spasi = b' xml:space="preserve"' if teks != teks.strip() or "\n" in teks else b""
            x = (
                b"<"
                + p
                + b'comment ref="'
                + alamat(r, c).encode()
                + b'" authorId="'
                + str(aid).encode()
                + b'" shapeId="0"><'
                + p
                + b"text><"
                + p
                + b"t"
                + spasi
                + b">"
                + _esc_teks(teks)
                + b"</"
                + p
                + b"t></"
                + p
                + b"text></"
                + p
                + b"comment>"
            )
        if (r, c) in lama:
            ops.append((lama[(r, c)].a, lama[(r, c)].z, x))
        else:
            tambah += x
    if tambah:
        m = re.search(rb"</(?:[\w.-]+:)?commentList\s*>", kom_xml)
        if m is not None:
            ops.append((m.start(), m.start(), tambah))
        else:
            m = re.search(rb"<(?:[\w.-]+:)?commentList\s*/>", kom_xml)
            ops.append(
                (
                    m.start(),
                    m.end(),
                    b"<" + p + b"commentList>" + tambah + b"</" + p + b"commentList>",
                )
            )
    ops.sort()
    out, pos = [], 0
    for a, z, x in ops:
        out += [kom_xml[pos:a], x]
        pos = z
    pkt.tulis_part(kom_part, b"".join(out) + kom_xml[pos:])
    _tulis_vml(pkt, part, ls, rels, ubah)


def _tulis_vml(
    pkt: Paket, part: str, ls: _Lembar, rels: list[_Rel], ubah: Mapping[tuple[int, int], str | None]
) -> None:
    xml = ls.xml
    ld = re.search(
        rb"<" + re.escape(ls.p) + rb"legacyDrawing\b" + _ATR_POLA + rb"/?>",
        xml,
    )
    vml_part = None
    if ld is not None:
        rid = next((_urai(v) for k, v in _atribut(ld.group(1)) if k.endswith(b":id")), None)
        vml_part = next((r.target for r in rels if r.id == rid and not r.luar), None)
    if vml_part is None or not pkt.punya(vml_part):
        vml_part = pkt.nama_baru("xl/drawings/vmlDrawing{}.vml")
        blok = 0
        for p in pkt.ada | set(pkt.tambah):
            if p.lower().endswith(".vml"):
                for m in re.finditer(rb'<(?:[\w.-]+:)?idmap\b[^>]*?data="([^"]*)"', pkt.baca(p)):
                    blok = max([blok, *(int(x) for x in re.findall(rb"\d+", m.group(1)))])
        vml = (
            b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:'
            b'office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout '
            b'v:ext="edit"><o:idmap v:ext="edit" data="'
            + str(blok + 1).encode()
            + b'"/></o:shapelayout></xml>'
        )
        rid = pkt.tambah_rel(part, REL_VML, vml_part)
        pkt.set_tipe(vml_part, CT_VML, ext="vml")
        r_awal = _awalan_ns(xml[: ls.sd.start()], NS_R.encode())
        tag = (
            b"<"
            + ls.p
            + b"legacyDrawing "
            + (r_awal + b':id="' if r_awal else b'xmlns:r="' + NS_R.encode() + b'" r:id="')
            + rid.encode()
            + b'"/>'
        )
        if ld is not None:
            ls.sisip.append((ld.start(), ld.end(), tag))
        else:
            atas = _anak_atas(xml, ls.sd_akhir)
            pos = None
            for nama, a, _z in atas:
                if nama in _SETELAH_LEGACY or (
                    nama == b"AlternateContent" and re.search(rb"oleObjects|controls", xml[a:_z])
                ):
                    pos = a
                    break
            if pos is None:
                pos = xml.rfind(b"</")
            ls.sisip.append((pos, pos, tag))
    else:
        vml = pkt.baca(vml_part)
    awal = {}
    tambah_ns = b""
    for k, ns in _NS_VML.items():
        a = _awalan_ns(vml, ns)
        if a is None:
            a = k.encode()
            tambah_ns += b" xmlns:" + a + b'="' + ns + b'"'
        awal[k] = a
    v = awal["v"]
    ops: list[tuple[int, int, bytes]] = []
    if tambah_ns:
        m = re.search(rb"<xml\b", vml)
        ops.append((m.end(), m.end(), tambah_ns))
    for m in re.finditer(
        rb"<" + re.escape(v) + rb":shape\b[^>]*>.*?</" + re.escape(v) + rb":shape\s*>", vml, re.S
    ):
        isi = m.group(0)
        if b'ObjectType="Note"' not in isi:
            continue
        rr = re.search(rb":Row>\s*(\d+)\s*<", isi)
        cc = re.search(rb":Column>\s*(\d+)\s*<", isi)
        if rr and cc and (int(rr.group(1)) + 1, int(cc.group(1)) + 1) in ubah:
            ops.append((m.start(), m.end(), b""))
    ids = [int(x) for x in re.findall(rb"_x0000_s(\d+)", vml)]
    if ids:
        sid = max(ids)
    else:
        m = re.search(rb'idmap\b[^>]*?data="(\d+)', vml)
        sid = (int(m.group(1)) if m else 1) * 1024
    baru = b""
    if not re.search(rb'shapetype\b[^>]*?id="_x0000_t202"', vml):
        baru += _jenis_bentuk(v, awal["o"])
    for (r, c), teks in sorted(ubah.items()):
        if teks is not None:
            sid += 1
            baru += _bentuk(awal, sid, r, c)
    if baru:
        pos = vml.rfind(b"</xml")
        ops.append((pos, pos, baru))
    ops.sort()
    out, pos = [], 0
    for a, z, x in ops:
        out += [vml[pos:a], x]
        pos = z
    pkt.tulis_part(vml_part, b"".join(out) + vml[pos:])


# --- the workbook ------------------------------------------------------------------------------

_URUTAN_BUKU = (b"sheets", b"functionGroups", b"externalReferences", b"definedNames")


def _hitung_saat_buka(xml: bytes) -> bytes:
    """workbook.xml with `<calcPr fullCalcOnLoad="1">` (the rest unchanged)."""
    m = re.search(rb"<(?:([\w.-]+):)?calcPr(?=[\s/>])" + _ATR_POLA + rb"(/?)>", xml)
    if m is not None:
        atr = _atribut(m.group(2))
        if (b"fullCalcOnLoad", b"1") in atr:
            return xml
        atr = [(k, v) for k, v in atr if k != b"fullCalcOnLoad"] + [(b"fullCalcOnLoad", b"1")]
        p = m.group(1) + b":" if m.group(1) else b""
        return (
            xml[: m.start()]
            + _tag(p, b"calcPr", atr, bool(m.group(3)))[: -2 if m.group(3) else -1]
            + (b"/>" if m.group(3) else b">")
            + xml[m.end() :]
        )
    akar = re.search(rb"<(?:([\w.-]+):)?workbook\b" + _ATR_POLA + rb">", xml)
    p = akar.group(1) + b":" if akar.group(1) else b""
    pos = None
    for nama, _a, z in _anak_atas(xml, akar.end()):
        if nama in _URUTAN_BUKU:
            pos = z
    if pos is None:
        pos = xml.rfind(b"</")
    return xml[:pos] + b"<" + p + b'calcPr fullCalcOnLoad="1"/>' + xml[pos:]


def _sst(pkt: Paket) -> list[str]:
    part = next((r.target for r in pkt.rels_buku if r.jenis.endswith("/sharedStrings")), None)
    if part is None or not pkt.punya(part):
        return []
    xml = pkt.baca(part)
    return [
        _teks_is(m.group(1) or b"")
        for m in re.finditer(
            rb"<(?:[\w.-]+:)?si(?=[\s/>])[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?si\s*>)", xml, re.S
        )
    ]


def _part_gaya(pkt: Paket) -> str | None:
    part = next((r.target for r in pkt.rels_buku if r.jenis.endswith("/styles")), None)
    return part if part is not None and pkt.punya(part) else None


class Penulis:
    """One package: what it stores (formulas, fills, notes), and `tulis` to write changes."""

    def __init__(self, data: bytes, bagian: Mapping[str, bytes] | None = None):
        self.data = data
        self.bagian = bagian
        self.pkt = Paket(data, bagian)
        self._lembar: dict[str, _Lembar] = {}
        self._gaya: _Gaya | None = None
        self._catatan: dict[str, dict[tuple[int, int], str]] = {}

    def lembar(self, nama: str) -> _Lembar:
        if nama not in self._lembar:
            ls = self._lembar[nama] = _Lembar(self.pkt.baca(self.pkt.part_lembar(nama)), nama)
            ls.epoch = self.epoch
        return self._lembar[nama]

    @functools.cached_property
    def epoch(self) -> Any:
        """The workbook's date system: 1904 when workbookPr says so, else None (1900)."""
        m = re.search(
            rb"<(?:[\w.-]+:)?workbookPr\b[^>]*?\bdate1904\s*=\s*[\"'](1|true)[\"']",
            self.pkt.baca(self.pkt.part_buku),
        )
        return CALENDAR_MAC_1904 if m else None

    def rumus(self, nama: str, r: int | None = None, c: int | None = None):
        """The stored formula (text without "=", shared formulas translated) of a cell, or of
        every formula cell of the sheet as {(row, col): text} when no cell is given."""
        ls = self.lembar(nama)
        return ls.semua_rumus() if r is None else ls.rumus_sel(r, c)

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one Penulis per workbook read
    def teks_rumus(self, nama: str, urai: bool = False) -> bytes | str:
        """The formula texts of a sheet (shared masters included) joined: as stored and
        lower-cased (ASCII), or with `urai` resolved and case-folded. A cheap test of what the
        sheet's formulas may name."""
        xml = self.lembar(nama).xml
        teks = b"\n".join(re.findall(rb"<(?:[\w.-]+:)?f(?:\s[^>]*)?>([^<]*)</(?:[\w.-]+:)?f>", xml))
        return _urai(teks).casefold() if urai else teks.lower()

    def rumus_tetap(self, nama: str, r: int, c: int, teks: str) -> bool:
        """Whether the cell stores the formula `teks` (without "=") and a value for it."""
        ls = self.lembar(nama)
        s = ls.cari(r, c)
        if s is None:
            return False
        lama = ls.isi_lama(s)
        return lama.v is not None and ls.rumus_sama(r, c, teks, lama)

    def nama(self) -> dict[str | None, dict[str, str]]:
        """Defined names per scope (a sheet name, or None for the workbook): name -> text."""
        judul = list(self.pkt.lembar)
        out: dict[str | None, dict[str, str]] = {None: {}}
        pola = (
            rb"<(?:[\w.-]+:)?definedName\b" + _ATR_POLA + rb">(.*?)</(?:[\w.-]+:)?definedName\s*>"
        )
        for m in re.finditer(pola, self.pkt.baca(self.pkt.part_buku), re.S):
            a = dict(_atribut(m.group(1)))
            lokal = a.get(b"localSheetId")
            lingkup = None
            if lokal is not None:
                i = int(lokal)
                lingkup = judul[i] if 0 <= i < len(judul) else "?"
            out.setdefault(lingkup, {})[_urai(a.get(b"name", b""))] = _urai(m.group(2))
        return out

    def warna(self, nama: str, r: int, c: int) -> str | None:
        """The solid fill colour (RRGGBB) of a cell, None without one."""
        if self._gaya is None:
            gp = _part_gaya(self.pkt)
            if gp is None:
                return None
            self._gaya = _Gaya(self.pkt.baca(gp))
        return self._gaya.warna(self.lembar(nama).gaya(r, c))

    def catatan(self, nama: str) -> dict[tuple[int, int], str]:
        """The notes of a sheet: (row, col) -> text."""
        if nama not in self._catatan:
            part = self.pkt.part_lembar(nama)
            kom = next((r.target for r in self.pkt.rels(part) if r.jenis == REL_KOMENTAR), None)
            isi = self.pkt.baca(kom) if kom and self.pkt.punya(kom) else b""
            self._catatan[nama] = {(k.r, k.c): k.teks for k in _komentar(isi)}
        return self._catatan[nama]

    def tulis(self, perubahan: Perubahan, hitung_saat_buka: bool = True) -> bytes:
        """The package with `perubahan` applied (see the module docstring). Raises `GalatBuku`
        (in Indonesian, naming sheet and cell) when a change cannot be written."""
        pkt = Paket(self.data, self.pkt._baca)  # the parts read so far, as read
        gaya: _Gaya | None = None
        sst_: list[str] | None = None

        def sst() -> list[str]:
            nonlocal sst_
            if sst_ is None:
                sst_ = _sst(pkt)
            return sst_

        rumus_hilang = False
        for nama in perubahan.lembar():
            part = pkt.part_lembar(nama)
            ls = self.lembar(nama)
            ls.sisip, ls.rumus_hilang = [], False
            ls.tulis = {rc: _Tulis(isi) for rc, isi in perubahan.isi.get(nama, {}).items()}
            warna = perubahan.warna.get(nama)
            if warna:
                if gaya is None:
                    gp = _part_gaya(pkt)
                    if gp is None:
                        raise GalatBuku(
                            f"{nama}: buku kerja ini tidak memiliki styles.xml; sel tidak dapat "
                            "diwarnai. Simpan ulang buku kerja dengan Excel lalu ulangi"
                        )
                    gaya = _Gaya(pkt.baca(gp))
                for (r, c), w in warna.items():
                    ls.rencana(r, c, gaya=gaya.dengan_warna(ls.gaya(r, c), w))
            if perubahan.catatan.get(nama):
                _tulis_catatan(pkt, part, ls, perubahan.catatan[nama])
            pkt.tulis_part(part, ls.hasil(sst))
            rumus_hilang |= ls.rumus_hilang
        if gaya is not None:
            pkt.tulis_part(_part_gaya(pkt), gaya.hasil())
        if hitung_saat_buka:
            pkt.tulis_part(pkt.part_buku, _hitung_saat_buka(pkt.baca(pkt.part_buku)))
        if rumus_hilang:  # the calculation chain would name a cell without a formula
            for r in pkt.rels_buku:
                if r.jenis == REL_CALCCHAIN and pkt.punya(r.target):
                    pkt.hapus_part(r.target)
                    pkt.hapus_rel(pkt.part_buku, r.target)
                    pkt.set_tipe(r.target, None)
        return pkt.simpan()


def tulis(data: bytes, perubahan: Perubahan, hitung_saat_buka: bool = True) -> bytes:
    """`data` (an .xlsx/.xlsm package) with `perubahan` applied (`Penulis.tulis`)."""
    return Penulis(data).tulis(perubahan, hitung_saat_buka)


# --- references a formula may read (conservative) ---------------------------------------------

_REF_TOKEN = re.compile(
    r"""
    (?P<str>"(?:[^"]|"")*")
  | (?P<kurung>\[)
  | (?P<ref>(?:(?P<sheet>'(?:[^']|'')+'|[A-Za-z_\\][\w.]*)!)?
        (?P<a>\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?
             |\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)(?![\w.(!\[]))
  | (?P<name>[A-Za-z_\\][\w.]*)(?P<call>\s*\()?
    """,
    re.X,
)
_STR = re.compile(r'"(?:[^"]|"")*"')
_LEMBAR_TOKEN = r"(?:[A-Za-z_][\w.]*|'(?:[^']|'')+')"
_TIGA_D = re.compile(rf"(?<![\w.$]){_LEMBAR_TOKEN}:{_LEMBAR_TOKEN}!")
_SEMUA_REF = {"INDIRECT", "OFFSET"}
MAKS_BARIS, MAKS_KOLOM = 1_048_576, 16_384

Kotak = tuple[str, int, int, int, int]  # sheet, r1, c1, r2, c2


def rujukan_rumus(
    teks: str, lembar: str, judul: Iterable[str], nama: Mapping[str | None, Mapping[str, str]]
) -> list[Kotak] | None:
    """The cells a formula (text without "=") in sheet `lembar` may read, as boxes; None when it
    may read anything (INDIRECT, OFFSET, 3-D, external or structured references, names that
    are not plain references). Over-approximates: text inside strings is skipped, every
    reference and defined name is counted whether or not it is evaluated."""
    peta = {t.upper(): t for t in judul}
    kamus: dict[str, str] = {}
    for lingkup in (None, lembar):
        kamus.update({k.upper(): v for k, v in (nama.get(lingkup) or {}).items()})
    out: list[Kotak] = []

    def pindai(t: str, lembar: str, dalam: int) -> bool:
        if _TIGA_D.search(_STR.sub('""', t)) or dalam > 8:
            return False
        for m in _REF_TOKEN.finditer(t):
            g = m.lastgroup
            if g == "kurung":
                return False
            if g == "ref" or m.group("a"):
                sh = m.group("sheet")
                if sh is None:
                    judul_ = lembar
                else:
                    sh = sh[1:-1].replace("''", "'") if sh.startswith("'") else sh
                    judul_ = peta.get(sh.upper())
                    if judul_ is None:
                        continue  # no such sheet: #REF!
                a, _, b = m.group("a").replace("$", "").partition(":")
                r1, c1, r2, c2 = _ujung(a, b)
                out.append((judul_, r1, c1, r2, c2))
            elif g == "name" or m.group("name"):
                n = m.group("name").upper()
                if m.group("call"):
                    if n in _SEMUA_REF:
                        return False
                    continue
                if n in kamus:
                    if not pindai(kamus[n].lstrip("="), lembar, dalam + 1):
                        return False
        return True

    return out if pindai(teks, lembar, 0) else None


def _ujung(a: str, b: str) -> tuple[int, int, int, int]:
    def satu(x: str) -> tuple[int | None, int | None]:
        huruf = x.rstrip("0123456789")
        angka = x[len(huruf) :]
        return (int(angka) if angka else None), (
            column_index_from_string(huruf.upper()) if huruf else None
        )

    ra, ca = satu(a)
    rb, cb = satu(b) if b else (ra, ca)
    r1, r2 = (ra or 1, rb or MAKS_BARIS) if ra is None or rb is None else (min(ra, rb), max(ra, rb))
    c1, c2 = (ca or 1, cb or MAKS_KOLOM) if ca is None or cb is None else (min(ca, cb), max(ca, cb))
    return r1, c1, r2, c2
