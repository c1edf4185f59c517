"""Checks on a workbook file before openpyxl parses it, and clean messages when writing fails.

`baca_aman(path)` reads the bytes and refuses, with an Indonesian message naming the file
(`GalatBuku`), what openpyxl should never be handed: files that are not OOXML packages (an `.xls`
or `.csv` renamed, a password-protected workbook, a PDF), truncated or corrupt zips, zip bombs
(total uncompressed size, compression ratio), sheets with more cells than `BATAS_SEL`, and XML
with a DOCTYPE (entity expansion: Excel never writes one). Every member is decompressed once,
as a stream with a cap, so the declared sizes in the zip directory cannot lie.

Links to other workbooks (`xl/externalLinks/`) are listed by `tautan_luar`; they are never
followed: openpyxl keeps the link part as data, and nothing in xlkinerja opens the target.
Macros are never run (openpyxl keeps the VBA project as bytes).
"""

from __future__ import annotations

import errno
import functools
import io
import logging
import posixpath
import re
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ParamSpec, TypeVar
from xml.etree.ElementTree import Element
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from xlkinerja.buku.antarmuka import GalatBuku

log = logging.getLogger("xlkinerja")

# Limits (a real LKjIP workbook: < 5 MB on disk, < 50 000 cells).
BATAS_BERKAS = 200 * 2**20  # bytes on disk
BATAS_TERURAI = 300 * 2**20  # all members together, uncompressed
BATAS_RASIO = 200  # uncompressed / compressed, per member above RASIO_MULAI bytes
RASIO_MULAI = 2**20
BATAS_ANGGOTA = 10_000  # members in the zip
BATAS_SEL = 1_000_000  # cells in all sheets together
BATAS_WAKTU = 60.0  # seconds for these checks

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SEL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_DOCTYPE = (b"<!DOCTYPE", b"<!ENTITY")
_XML = (".xml", ".rels", ".vml")
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB".replace(",", ".")


def _ribuan(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def pesan_os(path: Path | str, e: OSError, tindakan: str = "dibaca") -> str:
    """An OSError as an Indonesian sentence naming the file (or folder) and what to do."""
    p = Path(e.filename) if getattr(e, "filename", None) else Path(path)
    baca = tindakan == "dibaca"
    if not baca and p.name.startswith(".xlk-"):  # the temporary file of an atomic save
        subjek, tempat = f"folder {p.parent}", ""
    else:
        subjek, tempat = p.name, "" if baca else f" di folder {p.parent}"
    lanjut = "" if baca else "; berkas masukan tidak diubah"
    if isinstance(e, FileNotFoundError):
        if baca:
            return f"{subjek}: berkas tidak ditemukan; periksa nama dan foldernya"
        return f"{subjek}: folder {p.parent} tidak ada dan tidak dapat dibuat{lanjut}"
    if isinstance(e, IsADirectoryError):
        return f"{subjek}: ini folder, bukan berkas buku kerja"
    if isinstance(e, PermissionError) or e.errno in (errno.EACCES, errno.EPERM):
        if baca:
            return (
                f"{subjek}: tidak dapat dibaca (izin ditolak, atau berkas sedang dikunci program "
                "lain seperti Excel). Tutup berkas itu di Excel, periksa izin aksesnya, lalu ulangi"
            )
        return (
            f"{subjek}: tidak dapat ditulis{tempat} (izin ditolak, folder hanya-baca, atau "
            "berkas tujuan sedang dibuka di Excel). Tutup berkas itu atau pilih folder lain "
            f"dengan -o{lanjut}"
        )
    if e.errno == errno.EROFS:
        return f"{subjek}: media hanya-baca; pilih folder lain dengan -o{lanjut}"
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{subjek}: ruang disk penuh; kosongkan ruang lalu ulangi{lanjut}"
    alasan = e.strerror or type(e).__name__
    return f"{subjek}: tidak dapat {tindakan} ({alasan}); periksa berkas dan foldernya{lanjut}"


def _bukan_zip(nama: str, data: bytes) -> str:
    """Why bytes that are not a zip are not a workbook, and what to do."""
    if not data:
        return f"{nama}: berkas kosong (0 byte); salin ulang atau simpan ulang dari Excel"
    if data.startswith(OLE):
        if "EncryptedPackage".encode("utf-16-le") in data or (
            "EncryptionInfo".encode("utf-16-le") in data
        ):
            return (
                f"{nama}: buku kerja dilindungi kata sandi: buka di Excel, hapus kata sandi "
                "(File > Info > Protect Workbook > Encrypt with Password, kosongkan), simpan "
                "ulang, lalu ulangi"
            )
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return (
                f"{nama}: berformat Excel 97-2003 (.xls), bukan .xlsx/.xlsm: buka di Excel lalu "
                "Simpan Sebagai 'Excel Macro-Enabled Workbook (.xlsm)', lalu ulangi"
            )
        return (
            f"{nama}: berkas Office lama (OLE), bukan buku kerja .xlsx/.xlsm: buka di Excel "
            "lalu Simpan Sebagai .xlsm"
        )
    awal = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if awal.startswith(b"%pdf"):
        return f"{nama}: berkas PDF, bukan buku kerja Excel; minta berkas Excel aslinya"
    if awal.startswith((b"<?xml", b"<html", b"<!doctype", b"<table")):
        return (
            f"{nama}: berkas XML/HTML (mis. 'XML Spreadsheet 2003' atau tabel web) yang dinamai "
            ".xlsx: buka di Excel lalu Simpan Sebagai .xlsm, lalu ulangi"
        )
    try:
        teks = data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        teks = ""
    if teks and all(ch.isprintable() or ch in "\t\r\n" for ch in teks[:-4]):
        return (
            f"{nama}: berkas teks (mis. CSV) yang dinamai .xlsx, bukan buku kerja Excel: buka "
            "di Excel lalu Simpan Sebagai .xlsm, lalu ulangi"
        )
    return (
        f"{nama}: bukan buku kerja Excel (.xlsx/.xlsm) atau berkasnya rusak/terpotong "
        "(mis. unduhan atau salinan yang belum selesai): salin ulang dari sumbernya lalu ulangi"
    )


def _lembar_per_part(z: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name -> sheet name (from workbook.xml and its relationships)."""
    try:
        wb = fromstring(z.read("xl/workbook.xml"))
        rels = fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, zipfile.BadZipFile, zlib.error, SyntaxError, DefusedXmlException):
        return {}
    target = {}
    for r in rels.iter(f"{{{NS_REL}}}Relationship"):
        t = r.get("Target", "")
        t = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join("xl", t))
        target[r.get("Id")] = t
    out = {}
    for s in wb.iter(f"{{{NS_MAIN}}}sheet"):
        part = target.get(s.get(f"{{{NS_R}}}id"))
        if part:
            out[part] = s.get("name", part)
    return out


def periksa_data(data: bytes, nama: str, bagian: dict[str, bytes] | None = None) -> None:
    """Raise `GalatBuku` when `data` is not a workbook openpyxl may safely parse. With `bagian`,
    the XML parts read on the way are kept there (checked: no DTD, well-formed), so that a
    reader need not decompress and check them again."""
    mulai = time.monotonic()
    _periksa_berkas(data, nama)
    z = _buka_zip(data, nama)
    with z:
        anggota = z.infolist()
        lembar = _periksa_daftar(z, anggota, nama)
        periksa = _Pemeriksaan(z, nama, lembar, bagian, mulai)
        for i in anggota:
            if not i.is_dir():
                periksa.anggota(i)
        luar = _tautan_luar_zip(z)
    if luar:
        log.warning("%s: tautan ke buku kerja lain (tidak diikuti): %s", nama, ", ".join(luar))


def _periksa_berkas(data: bytes, nama: str) -> None:
    """Refuse a file over `BATAS_BERKAS`, or one that is not a zip."""
    if len(data) > BATAS_BERKAS:
        raise GalatBuku(
            f"{nama}: berkas terlalu besar ({_mb(len(data))}; batas {_mb(BATAS_BERKAS)}). "
            "Buku kerja LKjIP biasanya di bawah 5 MB: hapus lembar data mentah, gambar besar, "
            "atau baris kosong berformat, simpan ulang, lalu ulangi"
        )
    if not data.startswith(b"PK"):
        raise GalatBuku(_bukan_zip(nama, data))


def _buka_zip(data: bytes, nama: str) -> zipfile.ZipFile:
    """The zip's directory, or `GalatBuku` when it is corrupt or truncated."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise GalatBuku(
            f"{nama}: berkas zip rusak atau terpotong (mis. unduhan, lampiran surel atau "
            "salinan yang belum selesai): salin ulang dari sumbernya lalu ulangi"
        ) from None


def _jenis_zip(nama_anggota: set[str]) -> str:
    """What a zip without `xl/workbook.xml` is (Word, PowerPoint, LibreOffice, plain zip)."""
    if "word/document.xml" in nama_anggota:
        return "dokumen Word (.docx)"
    if "ppt/presentation.xml" in nama_anggota:
        return "presentasi PowerPoint (.pptx)"
    if "content.xml" in nama_anggota:
        return "lembar kerja LibreOffice (.ods)"
    return "berkas zip biasa"


def _pesan_bom(nama: str) -> str:
    """The message for a zip that decompresses to more than `BATAS_TERURAI`."""
    return (
        f"{nama}: isi terurai terlalu besar (bom zip?): lebih dari {_mb(BATAS_TERURAI)} "
        "setelah diurai. Berkas ditolak; simpan ulang dari Excel tanpa data mentah besar"
    )


def _periksa_daftar(
    z: zipfile.ZipFile, anggota: list[zipfile.ZipInfo], nama: str
) -> dict[str, str]:
    """Checks on the zip's directory alone: a workbook, not too many members, a declared size
    under `BATAS_TERURAI`, every sheet present. Returns worksheet part -> sheet name."""
    nama_anggota = {i.filename for i in anggota}
    if "xl/workbook.xml" not in nama_anggota:
        raise GalatBuku(
            f"{nama}: {_jenis_zip(nama_anggota)}, bukan buku kerja Excel (.xlsx/.xlsm); buka di "
            "Excel atau LibreOffice lalu Simpan Sebagai .xlsm, lalu ulangi"
        )
    if len(anggota) > BATAS_ANGGOTA:
        raise GalatBuku(
            f"{nama}: berisi {_ribuan(len(anggota))} bagian (batas "
            f"{_ribuan(BATAS_ANGGOTA)}); ini bukan buku kerja LKjIP yang wajar"
        )
    if sum(i.file_size for i in anggota) > BATAS_TERURAI:
        raise GalatBuku(_pesan_bom(nama))
    lembar = _lembar_per_part(z)
    for part, nama_lembar in lembar.items():
        if part not in nama_anggota:
            raise GalatBuku(
                f"{nama}: berkas rusak: isi lembar '{nama_lembar}' ({part}) tidak ada di "
                "dalam berkas; salin ulang dari sumbernya, atau buka di Excel yang akan "
                "menawarkan perbaikan, simpan ulang, lalu ulangi"
            )
    return lembar


@dataclass
class _Pemeriksaan:
    """One pass over the zip's members: each decompressed once, as a stream, with the totals
    kept across members.

    Cells are counted only once the sheets read so far are long enough to hold `BATAS_SEL` of
    them (a cell takes at least 3 bytes): most workbooks never are."""

    z: zipfile.ZipFile
    nama: str
    lembar: dict[str, str]  # worksheet part -> sheet name
    bagian: dict[str, bytes] | None  # XML parts kept for the reader
    mulai: float  # time.monotonic() at the start
    total: int = 0  # bytes decompressed, all members
    sel_total: int = 0  # cells counted in the sheets finished
    byte_lembar: int = 0  # bytes decompressed, sheets only
    tepat: bool = False  # whether cells are being counted
    lembar_selesai: list[str] = field(default_factory=list)  # sheets read before counting

    def anggota(self, i: zipfile.ZipInfo) -> None:
        """Decompress and check member `i`; errors become `GalatBuku` naming the part."""
        part_lembar = self.lembar.get(i.filename)
        try:
            sel = self._urai(i, part_lembar)
        except expat.ExpatError as e:
            letak = f"lembar '{part_lembar}'" if part_lembar else f"bagian {i.filename}"
            raise GalatBuku(
                f"{self.nama}: berkas rusak: XML {letak} tidak sah "
                f"({expat.ErrorString(e.code)}, baris {e.lineno} kolom {e.offset}); salin ulang "
                "dari sumbernya, atau buka di Excel yang akan menawarkan perbaikan, simpan "
                "ulang, lalu ulangi"
            ) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
            raise GalatBuku(
                f"{self.nama}: berkas rusak (isi bagian {i.filename} tidak dapat diurai); "
                "salin ulang dari sumbernya, atau buka di Excel yang akan menawarkan "
                "perbaikan, simpan ulang, lalu ulangi"
            ) from None
        except NotImplementedError:
            raise GalatBuku(
                f"{self.nama}: bagian {i.filename} memakai pemampatan yang tidak dikenal; "
                "simpan ulang dari Excel lalu ulangi"
            ) from None
        self.sel_total += sel
        if part_lembar is not None and not self.tepat:
            self.lembar_selesai.append(i.filename)

    def _urai(self, i: zipfile.ZipInfo, part_lembar: str | None) -> int:
        """Stream member `i` in 1 MB blocks through the checks (and the XML parser); returns
        the cells counted in it."""
        xml = i.filename.lower().endswith(_XML)
        sel = 0
        ekor = b""
        ukuran = 0
        blok_lembar: list[bytes] = []  # this sheet's blocks before counting began
        pengurai = expat.ParserCreate() if xml else None
        blok_blok: list[bytes] = []
        with self.z.open(i) as f:
            while True:
                blok = f.read(1 << 20)
                if not blok:
                    break
                ukuran += len(blok)
                self._periksa_terurai(i, len(blok), ukuran)
                if pengurai is not None:
                    potong = ekor + blok
                    self._periksa_doctype(i, potong)
                    if part_lembar is not None:
                        sel = self._hitung_sel(part_lembar, blok, potong, ekor, sel, blok_lembar)
                    ekor = potong[-16:]
                    pengurai.Parse(blok, False)
                    if self.bagian is not None:
                        blok_blok.append(blok)
                self._periksa_waktu()
        if pengurai is not None:
            pengurai.Parse(b"", True)
            if self.bagian is not None:
                self.bagian[i.filename] = b"".join(blok_blok)
        return sel

    def _periksa_terurai(self, i: zipfile.ZipInfo, n: int, ukuran: int) -> None:
        """Count `n` more bytes decompressed; refuse past `BATAS_TERURAI`, or a member `i`
        (`ukuran` bytes so far) compressed more than `BATAS_RASIO`:1."""
        self.total += n
        if self.total > BATAS_TERURAI:
            raise GalatBuku(_pesan_bom(self.nama))
        if ukuran > RASIO_MULAI and ukuran > BATAS_RASIO * max(i.compress_size, 1):
            raise GalatBuku(
                f"{self.nama}: bagian {i.filename} memampat lebih dari "
                f"{BATAS_RASIO}:1 (bom zip?); berkas ditolak. Simpan ulang "
                "dari Excel lalu ulangi"
            )

    def _periksa_doctype(self, i: zipfile.ZipInfo, potong: bytes) -> None:
        """Refuse a DOCTYPE or ENTITY declaration in `potong` (a block with the previous tail)."""
        if b"<!" in potong and any(t in potong for t in _DOCTYPE):
            raise GalatBuku(
                f"{self.nama}: bagian {i.filename} berisi deklarasi DOCTYPE/"
                "ENTITY XML, yang tidak pernah ditulis Excel (bisa berupa "
                "serangan perluasan entitas); berkas ditolak. Simpan ulang "
                "dari Excel lalu ulangi"
            )

    def _hitung_sel(
        self,
        part_lembar: str,
        blok: bytes,
        potong: bytes,
        ekor: bytes,
        sel: int,
        blok_lembar: list[bytes],
    ) -> int:
        """The sheet's cell count `sel` after `blok`; refuse past `BATAS_SEL` in all sheets."""
        self.byte_lembar += len(blok)
        if not self.tepat and self.byte_lembar > 3 * BATAS_SEL:
            self.tepat = True  # count what came before, then go on
            self.sel_total = sum(len(_SEL.findall(self.z.read(p))) for p in self.lembar_selesai)
            sel = len(_SEL.findall(b"".join(blok_lembar)))
        if not self.tepat:
            blok_lembar.append(blok)
        else:  # cells starting in this block (the tail completes tags)
            sel += len(_SEL.findall(potong)) - len(_SEL.findall(ekor))
        if self.sel_total + sel > BATAS_SEL:
            raise GalatBuku(
                f"{self.nama}: lembar '{part_lembar}' terlalu besar: lebih "
                f"dari {_ribuan(BATAS_SEL)} sel terisi (batas seluruh "
                "buku kerja). Pindahkan data mentah ke berkas lain, "
                "hapus baris kosong berformat, simpan ulang, lalu ulangi"
            )
        return sel

    def _periksa_waktu(self) -> None:
        """Refuse when the checks have taken more than `BATAS_WAKTU` seconds."""
        if time.monotonic() - self.mulai > BATAS_WAKTU:
            raise GalatBuku(
                f"{self.nama}: pemeriksaan berkas melebihi {BATAS_WAKTU:g} detik; "
                "berkas terlalu besar untuk dibaca"
            )


def _tautan_luar_zip(z: zipfile.ZipFile) -> list[str]:
    out = []
    for n in sorted(z.namelist()):
        if n.startswith("xl/externalLinks/_rels/") and n.endswith(".rels"):
            try:
                rels: Element = fromstring(z.read(n))
            except (SyntaxError, DefusedXmlException, zipfile.BadZipFile, zlib.error):
                continue
            out += [r.get("Target", "") for r in rels.iter(f"{{{NS_REL}}}Relationship")]
    return out


def tautan_luar(data: bytes) -> list[str]:
    """Targets of the workbook's links to other workbooks (never opened by xlkinerja)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return _tautan_luar_zip(z)
    except zipfile.BadZipFile:
        return []


def baca_aman(path: str | Path, bagian: dict[str, bytes] | None = None) -> bytes:
    """The file's bytes, after `periksa_data` (which fills `bagian` when given); OSError becomes
    a `GalatBuku` in Indonesian."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise GalatBuku(pesan_os(path, e, "dibaca")) from None
    periksa_data(data, path.name, bagian)
    return data


P = ParamSpec("P")
T = TypeVar("T")


def galat_tulis(fn: Callable[P, T]) -> Callable[P, T]:
    """Decorator for a save: an OSError (read-only folder, file open in Excel, disk full)
    becomes a `GalatBuku` naming the file and what to do."""

    @functools.wraps(fn)
    def bungkus(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return fn(*args, **kwargs)
        except OSError as e:
            raise GalatBuku(pesan_os(getattr(e, "filename", None) or "", e, "ditulis")) from None

    return bungkus
