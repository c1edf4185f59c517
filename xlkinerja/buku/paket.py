"""Packaging: turn an openpyxl workbook into a macro-enabled ``.xlsm`` with VBA and a ribbon.

Everything here is reproducible: the same inputs give the same bytes.

- VBA project: built by pyOpenVBA from its Office-authored template. Its writer adds no
  timestamps or random ids (new CFB entries get zeroed CLSIDs/times, the PROJECT stream keeps the
  template's project id, modules are written in insertion order), so it is deterministic as is.
- Zip packages are written by :func:`_tulis_zip`: fixed timestamp (1980-01-01), fixed
  create_system/attributes, one compression setting, and a canonical part order.
- openpyxl stamps ``docProps/core.xml`` with "now" inside ``save_workbook`` and zip entries with
  the local time; :func:`simpan_openpyxl_deterministik` writes with a fixed time instead.

openpyxl ``load_workbook(keep_vba=True)`` + save keeps ``customUI/`` and ``vbaProject.bin`` but
drops the ribbon relationship from ``_rels/.rels``: :func:`pulihkan_ribbon` puts it back.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.etree import ElementTree

import xlwings
from openpyxl.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter
from pyopenvba import ExcelFile
from pyopenvba._new_project import excel_code_name_edits  # pinned pyopenvba==6.5.0
from pyopenvba.vba import VBAModuleKind

MAKRO_DIR = (
    Path(importlib.util.find_spec("xlkinerja.makro").origin).resolve().parent
)  # macros/, installed as xlkinerja.makro
RIBBON_XML = MAKRO_DIR / "customUI14.xml"

XLWINGS_VERSION: str = xlwings.__version__
XLWINGS_DIR = Path(xlwings.__file__).resolve().parent
#: What ``xlwings quickstart --standalone`` ships (it copies quickstart_standalone.xlsm, which
#: holds exactly these two, unmodified; ``xlwings release`` imports the same two files).
XLWINGS_MODUL: dict[str, Path] = {
    "xlwings": XLWINGS_DIR / "xlwings.bas",
    "Dictionary": XLWINGS_DIR / "addin" / "Dictionary.cls",
}

WAKTU_TETAP = dt.datetime(2000, 1, 1)  # docProps/core.xml created/modified
WAKTU_ZIP = (1980, 1, 1, 0, 0, 0)

CT_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_VBA = "application/vnd.ms-office.vbaProject"
CT_XML = "application/xml"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_RIBBON = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
NS_CUSTOMUI = "http://schemas.microsoft.com/office/2009/07/customui"
NS_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
NS_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

PART_CT = "[Content_Types].xml"
PART_RELS = "_rels/.rels"
PART_WORKBOOK = "xl/workbook.xml"
PART_WB_RELS = "xl/_rels/workbook.xml.rels"
PART_VBA = "xl/vbaProject.bin"
PART_RIBBON = "customUI/customUI14.xml"


# --- zip packages -------------------------------------------------------------------------------


def bagian_zip(path: str | Path | bytes) -> dict[str, bytes]:
    """Part name -> uncompressed bytes, in the zip's order."""
    sumber = io.BytesIO(path) if isinstance(path, bytes) else path
    with zipfile.ZipFile(sumber) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def _urutan(nama: str) -> tuple[int, str]:
    """Canonical order: content types, package rels, then by name."""
    return ({PART_CT: 0, PART_RELS: 1}.get(nama, 2), nama)


def _tulis_zip(parts: Mapping[str, bytes]) -> bytes:
    """Write parts as a zip that depends on nothing but the parts."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for nama in sorted(parts, key=_urutan):
            info = zipfile.ZipInfo(nama, date_time=WAKTU_ZIP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # ZipInfo defaults to the host OS
            info.external_attr = 0
            z.writestr(info, parts[nama], compresslevel=6)
    return buf.getvalue()


def simpan_openpyxl_deterministik(wb: Workbook, waktu: dt.datetime = WAKTU_TETAP) -> bytes:
    """Save an openpyxl workbook to bytes with fixed core-property times and zip metadata.

    ``Workbook.save`` cannot be used: ``save_workbook`` overwrites ``modified`` with now.
    """
    wb.properties.created = waktu
    wb.properties.modified = waktu
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return _tulis_zip(bagian_zip(buf.getvalue()))


# --- VBA ----------------------------------------------------------------------------------------


def _crlf(teks: str) -> str:
    return teks.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def _nama_modul(sumber: str, cadangan: str) -> str:
    found = re.search(r'^Attribute VB_Name = "([^"]+)"', sumber, re.MULTILINE)
    return found.group(1) if found else cadangan


def _baca_vba(path: Path) -> str:
    return _crlf(path.read_bytes().decode("utf-8"))


def modul_xlwings() -> dict[str, str]:
    """xlwings' standalone VBA modules from the installed package, checked against its version."""
    modules = {nama: _baca_vba(path) for nama, path in XLWINGS_MODUL.items()}
    tanda = f'Public Const XLWINGS_VERSION As String = "{XLWINGS_VERSION}"'
    if tanda not in modules["xlwings"]:
        raise RuntimeError(f"xlwings.bas does not match the installed xlwings {XLWINGS_VERSION}")
    return modules


def modul_makro(folder: Path = MAKRO_DIR) -> dict[str, str]:
    """Our ``macros/*.bas`` (sorted) followed by xlwings' standalone modules; CRLF sources."""
    modules: dict[str, str] = {}
    for path in sorted(folder.glob("*.bas")):
        sumber = _baca_vba(path)
        modules[_nama_modul(sumber, path.stem)] = sumber
    return modules | modul_xlwings()


def _kelas(sumber: str) -> bool:
    """A class module, in .cls export form or stream form."""
    return sumber.startswith("VERSION ") or "\nAttribute VB_Base = " in sumber


def buat_vba_project(modules: Mapping[str, str], xlsx: bytes | None = None) -> bytes:
    """``vbaProject.bin`` bytes holding ``modules`` (name -> .bas/.cls text).

    The document modules come from ``xlsx`` when given (ThisWorkbook plus one per sheet, named
    as Excel names them), otherwise from pyOpenVBA's template (ThisWorkbook, Sheet1).
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "vba.xlsm"
        if xlsx is None:
            wb = ExcelFile.create_new(path)
            project = wb.vba_project()
            project.delete_module("Module1")  # the template's empty module
        else:
            path.write_bytes(xlsx)
            wb = ExcelFile(path)
            project = wb.add_vba_project()
        with wb:
            for nama, sumber in modules.items():
                kind = VBAModuleKind.other if _kelas(sumber) else VBAModuleKind.standard
                project.add_module(nama, _crlf(sumber), kind=kind)
            wb.save()
        return bagian_zip(path)[PART_VBA]


# --- package edits ------------------------------------------------------------------------------


def _part(folder: str, target: str) -> str:
    """The part a relationship target names, from the source part's folder."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(folder, target))


def _tambah_rel(rels: bytes, jenis: str, target: str, folder: str = "") -> bytes:
    """Add a relationship (next free rId) unless one of that type and target exists."""
    root = ElementTree.fromstring(rels)
    ids = []
    for rel in root.iter(f"{NS_REL}Relationship"):
        sama = _part(folder, rel.get("Target", "")) == _part(folder, target)
        if rel.get("Type") == jenis and sama:
            return rels
        found = re.fullmatch(r"rId(\d+)", rel.get("Id", ""))
        ids.append(int(found.group(1)) if found else 0)
    baru = f'<Relationship Id="rId{max(ids, default=0) + 1}" Type="{jenis}" Target="{target}"/>'
    teks = rels.decode("utf-8")
    if "</Relationships>" in teks:
        teks = teks.replace("</Relationships>", baru + "</Relationships>", 1)
    else:  # an empty <Relationships .../>
        teks = re.sub(
            r"<Relationships\b([^>]*)/>", rf"<Relationships\1>{baru}</Relationships>", teks
        )
    return teks.encode("utf-8")


def _tipe(ct: bytes, part: str) -> str | None:
    """The content type ``[Content_Types].xml`` gives a part."""
    root = ElementTree.fromstring(ct)
    for el in root.iter(f"{NS_CT}Override"):
        if el.get("PartName", "").casefold() == f"/{part}".casefold():
            return el.get("ContentType")
    ext = part.rsplit(".", 1)[-1].casefold()
    for el in root.iter(f"{NS_CT}Default"):
        if el.get("Extension", "").casefold() == ext:
            return el.get("ContentType")
    return None


def _set_tipe(ct: bytes, part: str, tipe: str) -> bytes:
    """Make ``part`` resolve to ``tipe``: rewrite its Override, else add one."""
    if _tipe(ct, part) == tipe:
        return ct
    teks = ct.decode("utf-8")
    pola = re.compile(rf'<Override\b[^>]*PartName="/{re.escape(part)}"[^>]*>', re.IGNORECASE)
    found = pola.search(teks)
    if found:
        tag = re.sub(r'ContentType="[^"]*"', f'ContentType="{tipe}"', found.group())
        teks = teks[: found.start()] + tag + teks[found.end() :]
    else:
        baru = f'<Override PartName="/{part}" ContentType="{tipe}"/>'
        teks = teks.replace("</Types>", baru + "</Types>", 1)
    return teks.encode("utf-8")


def _cek_ribbon(ribbon_xml: str) -> bytes:
    root = ElementTree.fromstring(ribbon_xml)
    if root.tag != f"{{{NS_CUSTOMUI}}}customUI":
        raise ValueError(f"ribbon XML root must be customUI in {NS_CUSTOMUI}, got {root.tag}")
    return ribbon_xml.encode("utf-8")


def _pasang_ribbon(parts: dict[str, bytes], ribbon_xml: str) -> dict[str, bytes]:
    """Parts with the ribbon part, its relationship and its content type in place."""
    parts = dict(parts)
    parts[PART_RIBBON] = _cek_ribbon(ribbon_xml)
    parts[PART_RELS] = _tambah_rel(parts[PART_RELS], REL_RIBBON, PART_RIBBON)
    parts[PART_CT] = _set_tipe(parts[PART_CT], PART_RIBBON, CT_XML)
    return parts


def jadikan_xlsm(xlsx: bytes, vba_bin: bytes, ribbon_xml: str) -> bytes:
    """Rewrite an .xlsx package as an .xlsm with ``vba_bin`` as its project and a ribbon.

    Adds ``xl/vbaProject.bin`` (related from the workbook), the macro-enabled workbook content
    type, the code names Excel links document modules by, and ``customUI/customUI14.xml``.
    Idempotent; part order, timestamps and ids are fixed.
    """
    parts = bagian_zip(xlsx)
    parts.update(excel_code_name_edits(list(parts), parts.__getitem__))
    parts[PART_VBA] = vba_bin
    parts[PART_WB_RELS] = _tambah_rel(parts[PART_WB_RELS], REL_VBA, "vbaProject.bin", "xl")
    ct = _set_tipe(parts[PART_CT], PART_WORKBOOK, CT_XLSM)
    parts[PART_CT] = _set_tipe(ct, PART_VBA, CT_VBA)
    return _tulis_zip(_pasang_ribbon(parts, ribbon_xml))


def buat_xlsm(
    xlsx: bytes, modules: Mapping[str, str] | None = None, ribbon_xml: str | None = None
) -> bytes:
    """The whole pipeline: our macros + xlwings VBA + the LKjIP ribbon around ``xlsx``."""
    modules = modul_makro() if modules is None else modules
    ribbon_xml = RIBBON_XML.read_text(encoding="utf-8") if ribbon_xml is None else ribbon_xml
    return jadikan_xlsm(xlsx, buat_vba_project(modules, xlsx), ribbon_xml)


def pulihkan_ribbon(path_or_bytes: str | Path | bytes, ribbon_xml: str) -> bytes:
    """Put the ribbon back into an .xlsm that openpyxl re-saved; returns the package bytes.

    Only the ribbon part, ``_rels/.rels`` and ``[Content_Types].xml`` can change. When nothing
    is missing the input bytes come back untouched; a path is rewritten only if it changed.
    """
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    parts = bagian_zip(data)
    baru = _pasang_ribbon(parts, ribbon_xml)
    if baru == parts:
        return data
    data = _tulis_zip(baru)
    if not isinstance(path_or_bytes, bytes):
        Path(path_or_bytes).write_bytes(data)
    return data


# --- cached values ------------------------------------------------------------------------------

_SEL_RUMUS = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]+)"((?: (?!t=)[a-zA-Z:]+="[^"]*")*)(?: t="[^"]*")?'
    rb'((?: [a-zA-Z:]+="[^"]*")*)>(<f(?: [^>]*)?(?:/>|>.*?</f>))(?:<v ?/>|<v>.*?</v>)?</c>',
    re.S,
)


def _xml_teks(s: str) -> bytes:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


def _v(nilai: object) -> tuple[bytes, bytes]:
    """(type attribute, <v> element) for a cached value."""
    from formulas.tokens.operand import XlError

    from xlkinerja.inti.rumus import Galat, is_number

    if isinstance(nilai, (Galat, XlError)):
        return b' t="e"', b"<v>" + _xml_teks(str(nilai)) + b"</v>"
    if isinstance(nilai, bool):
        return b' t="b"', b"<v>1</v>" if nilai else b"<v>0</v>"
    if is_number(nilai):
        return b"", b"<v>" + repr(float(nilai)).encode() + b"</v>"
    return b' t="str"', b"<v>" + _xml_teks("" if nilai is None else str(nilai)) + b"</v>"


def bagian_lembar(parts: Mapping[str, bytes]) -> dict[str, str]:
    """Sheet name -> its worksheet part, from workbook.xml and its relationships."""
    wb = ElementTree.fromstring(parts[PART_WORKBOOK])
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    }
    rels = ElementTree.fromstring(parts[PART_WB_RELS])
    target = {r.get("Id"): r.get("Target") for r in rels}
    out = {}
    for s in wb.find("m:sheets", ns):
        rid = s.get(f"{{{ns['r']}}}id")
        out[s.get("name")] = _part("xl", target[rid])
    return out


def isi_nilai_tersimpan(xlsx: bytes, nilai: Mapping[tuple[str, str], object]) -> bytes:
    """Store computed values as the cached values of formula cells (the `<v>` Excel writes), so
    that a file written headlessly shows its numbers to readers that do not recalculate."""
    parts = bagian_zip(xlsx)
    per_lembar: dict[str, dict[bytes, object]] = {}
    for (lembar, sel), v in nilai.items():
        if str(v) == "#CIRC!":  # not an Excel value: leave the cell's cached value as it is
            continue
        per_lembar.setdefault(lembar, {})[sel.encode()] = v
    for lembar, part in bagian_lembar(parts).items():
        isi = per_lembar.get(lembar)
        if not isi:
            continue

        def ganti(m: re.Match[bytes], isi: dict[bytes, object] = isi) -> bytes:
            if m.group(1) not in isi:
                return m.group(0)
            t, v = _v(isi[m.group(1)])
            return (
                b'<c r="'
                + m.group(1)
                + b'"'
                + m.group(2)
                + t
                + m.group(3)
                + b">"
                + m.group(4)
                + v
                + b"</c>"
            )

        parts[part] = _SEL_RUMUS.sub(ganti, parts[part])
    return _tulis_zip(parts)


# --- installed VBA ------------------------------------------------------------------------------

_VERSI_VBA = re.compile(r'XLWINGS_VERSION As String = "([^"]+)"')


def versi_xlwings_vba(path: str | Path) -> str | None:
    """The xlwings version of the VBA module a workbook embeds (`XLWINGS_VERSION` of its
    ``xlwings`` module), or None when it has no VBA project or no such module (an .xlsx)."""
    from pyopenvba.exceptions import UnsupportedFormatError

    try:
        wb = ExcelFile(Path(path))
    except UnsupportedFormatError:
        return None
    try:
        if not wb.has_vba_project() or "xlwings" not in wb.module_names():
            return None
        cocok = _VERSI_VBA.search(wb.get_module("xlwings"))
        return cocok.group(1) if cocok else None
    finally:
        wb.close()
