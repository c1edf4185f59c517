"""A corpus of bad inputs, generated (no binaries are committed), and the entry points it runs
through.

Every case is built from the filled template (`bangun_workbook` + `isi_workbook` +
`instansi_sampel`, saved by `simpan_xlsm` with cached values), changed the way real workbooks
arrive broken: with openpyxl for what a user does in Excel (text in number cells, sheets renamed,
rows inserted), at the zip/XML level for what a broken or hostile file holds (truncated zip,
zip bomb, entity expansion, cached errors), and with the real tools for foreign formats
(LibreOffice for `.xls`/`.ods`, msoffcrypto-tool for a password-protected workbook).

    python -m tests.korpus FOLDER        # write the corpus into FOLDER
    python -m tests.korpus --tabel       # run it through every entry point, write docs/keandalan.md
"""

from __future__ import annotations

import contextlib
import copy
import ctypes
import datetime as dt
import functools
import html
import io
import os
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.workbook import Workbook

from xlkinerja.templat import skema as S

# xlwings' remote engine is registered when xlwings is imported (tests only; see conftest.py)
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

# -- entry points -----------------------------------------------------------------------------

#: Command line entry points that read workbook files: name -> argv (file, output folder).
#: A command added to the CLI and not listed here or in BUKAN_BERKAS is run as `[name, file]`.
PERINTAH: dict[str, Callable[[Path, Path], list[str]]] = {
    "hitung": lambda f, out: ["hitung", str(f), "-o", str(out)],
    "periksa": lambda f, out: ["periksa", str(f), "-j", "1"],
    "audit": lambda f, out: ["audit", str(f)],
    "narasi": lambda f, out: ["narasi", str(f), "-o", str(out)],
    "laporan": lambda f, out: ["laporan", str(f), "-o", str(out / "LKjIP.docx")],
    "rekap": lambda f, out: ["rekap", str(f), "-o", str(out / "rekap.xlsx"), "-j", "1"],
    "ekspor": lambda f, out: ["ekspor", str(f), "-o", str(out / "data.json")],
    "impor": lambda f, out: ["impor", str(f), "-o", str(out / "lkjip.xlsm"), "--ya"],
    "pasang": lambda f, out: ["pasang", str(f), "--sistem", "win", "-o", str(out), "--ringkas"],
}
#: The same commands writing their report into the output folder (case "folder_ro").
PERINTAH_KELUARAN: dict[str, Callable[[Path, Path], list[str]]] = {
    "periksa": lambda f, out: ["periksa", str(f), "-j", "1", "-o", str(out / "temuan.txt")],
    "audit": lambda f, out: ["audit", str(f), "-o", str(out / "audit.txt")],
}
#: Commands that do not read a user's workbook.
BUKAN_BERKAS = {"metode", "templat", "contoh"}


def perintah_berkas() -> dict[str, Callable[[Path, Path], list[str]]]:
    """Every registered CLI command that reads workbooks, with its argv builder."""
    from xlkinerja.muka.cli import app

    out = {}
    for c in app.registered_commands:
        nama = c.name or c.callback.__name__
        if nama in BUKAN_BERKAS:
            continue
        out[nama] = PERINTAH.get(nama, lambda f, out, n=nama: [n, str(f)])
    return out


def menerima_folder(nama: str) -> bool:
    """Whether a command takes folders (batch mode): its first argument is `paths`."""
    import inspect

    from xlkinerja.muka.cli import app

    for c in app.registered_commands:
        if (c.name or c.callback.__name__) == nama:
            return "paths" in inspect.signature(c.callback).parameters
    return False


# -- the base workbook ------------------------------------------------------------------------

P = S.PENGUKURAN
A = S.ANGGARAN
BARIS = P.baris_awal + 2  # an indicator row of the sample (target 75, realisasi 95)
TARGET = f"{P.huruf('target')}{BARIS}"
REALISASI = f"{P.huruf('realisasi')}{BARIS}"
CAPAIAN = f"{P.huruf('capaian')}{BARIS}"
PAGU = f"{A.huruf('pagu')}{A.baris_awal + 2}"


def _baru() -> Workbook:
    from xlkinerja.inti.metode import muat
    from xlkinerja.templat.bangun import bangun_workbook
    from xlkinerja.templat.isi import isi_workbook
    from xlkinerja.templat.sampel import instansi_sampel

    m = muat("jember_2023")
    wb = bangun_workbook(m)
    isi_workbook(wb, instansi_sampel(), m)
    return wb


@functools.cache
def dasar() -> bytes:
    """The filled template as .xlsm bytes (a good workbook)."""
    from xlkinerja.templat.bangun import simpan_xlsm

    return simpan_xlsm(_baru())


def _ubah(fn: Callable[[Workbook], object]) -> Callable[[], bytes]:
    """A case made in Excel's terms: change the filled workbook, save with the values Excel
    would cache. Built afresh each time: a deep copy of an openpyxl workbook writes a broken
    styles part."""

    def buat() -> bytes:
        from xlkinerja.templat.bangun import simpan_xlsm

        wb = _baru()
        fn(wb)
        return simpan_xlsm(wb)

    return buat


def _isi(lembar: str, sel: str, nilai: object) -> Callable[[Workbook], None]:
    def fn(wb: Workbook) -> None:
        wb[lembar][sel] = nilai

    return fn


# -- zip / XML level ----------------------------------------------------------------------------


def _zip(parts: dict[str, bytes], metode: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", metode) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return buf.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def part_lembar(lembar: str, data: bytes | None = None) -> str:
    from xlkinerja.buku.aman import _lembar_per_part

    with zipfile.ZipFile(io.BytesIO(data or dasar())) as z:
        return {v: k for k, v in _lembar_per_part(z).items()}[lembar]


def _xml(lembar: str, fn: Callable[[bytes], bytes]) -> Callable[[], bytes]:
    """A case made at the XML level of one sheet of the good workbook."""

    def buat() -> bytes:
        parts = _parts(dasar())
        part = part_lembar(lembar)
        baru = fn(parts[part])
        assert baru != parts[part], f"{lembar}: XML tidak berubah"
        parts[part] = baru
        return _zip(parts)

    return buat


def ganti_sel(ref: str, isi: str) -> Callable[[bytes], bytes]:
    """Replace cell `ref` (`<c r="ref" ...>...</c>` or `<c r="ref" .../>`) with raw XML."""
    pola = re.compile(rb'<c r="' + ref.encode() + rb'"(?:[^>]*/>|[^>]*>.*?</c>)', re.S)

    def fn(xml: bytes) -> bytes:
        baru, n = pola.subn(isi.encode(), xml, count=1)
        assert n == 1, ref
        return baru

    return fn


def _doctype(payload: str) -> Callable[[bytes], bytes]:
    def fn(xml: bytes) -> bytes:
        if xml.startswith(b"<?xml"):
            i = xml.index(b"?>") + 2
        else:
            i = 0
        return xml[:i] + payload.encode() + xml[i:]

    return fn


LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">'
    '<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>'
)
XXE = '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def _entitas(payload: str, pakai: str) -> Callable[[], bytes]:
    """A sheet with a DOCTYPE and an entity used in a cell."""

    def fn(xml: bytes) -> bytes:
        xml = _doctype(payload)(xml)
        return ganti_sel(
            f"{P.huruf('keterangan')}{BARIS}",
            f'<c r="{P.huruf("keterangan")}{BARIS}" t="inlineStr"><is><t>{pakai}</t></is></c>',
        )(xml)

    return _xml("Pengukuran", fn)


def _tautan_luar() -> bytes:
    """A workbook whose formula reads another workbook (`[1]Data!A1`, cached 75)."""
    parts = _parts(dasar())
    part = part_lembar("Pengukuran")
    parts[part] = ganti_sel(TARGET, f'<c r="{TARGET}" t="n"><f>[1]Data!A1</f><v>75</v></c>')(
        parts[part]
    )
    ns_r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts["xl/externalLinks/externalLink1.xml"] = (
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="' + ns_r.encode() + b'"><externalBook r:id="rId1"><sheetNames>'
        b'<sheetName val="Data"/></sheetNames><sheetDataSet><sheetData sheetId="0">'
        b'<row r="1"><cell r="A1"><v>75</v></cell></row></sheetData></sheetDataSet>'
        b"</externalBook></externalLink>"
    )
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="' + ns_r.encode() + b'/externalLinkPath" '
        b'Target="' + TAUTAN_LUAR.encode() + b'" TargetMode="External"/></Relationships>'
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Type="' + ns_r.encode() + b'/externalLink" '
        b'Target="externalLinks/externalLink1.xml" Id="rId99"/></Relationships>',
    )
    wb = parts["xl/workbook.xml"]
    sisip = (
        b'<externalReferences><externalReference xmlns:r="'
        + ns_r.encode()
        + b'" r:id="rId99"/></externalReferences>'
    )
    i = wb.index(b"</sheets>") + len(b"</sheets>")
    parts["xl/workbook.xml"] = wb[:i] + sisip + wb[i:]
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>',
    )
    return _zip(parts)


TAUTAN_LUAR = "file:///xlkinerja-rahasia/anggaran_rahasia.xlsx"


def _bom_zip() -> bytes:
    """A valid workbook plus a 320 MB part of zeros compressed ~1000:1 (0,3 MB on disk)."""
    parts = _parts(dasar())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
        with z.open(zipfile.ZipInfo("xl/media/image1.png"), "w", force_zip64=True) as f:
            nol = bytes(1 << 24)
            for _ in range(20):
                f.write(nol)
    return buf.getvalue()


def _bom_dusta() -> bytes:
    """A zip bomb whose directory lies: the sheet part declares its real size is tiny."""
    parts = _parts(dasar())
    besar = b"<x>" + b" " * (64 << 20) + b"</x>"
    data = bytearray(_zip({**parts, "xl/media/image1.bin": besar}))
    # the declared uncompressed size (central directory and local header) becomes 1000
    z = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = z.getinfo("xl/media/image1.bin")
    nyata = info.file_size.to_bytes(4, "little")
    palsu = (1000).to_bytes(4, "little")
    return bytes(data).replace(
        info.CRC.to_bytes(4, "little") + info.compress_size.to_bytes(4, "little") + nyata,
        info.CRC.to_bytes(4, "little") + info.compress_size.to_bytes(4, "little") + palsu,
    )


def _terpotong() -> bytes:
    d = dasar()
    return d[: len(d) * 2 // 3]


def _crc_rusak() -> bytes:
    """A sheet part whose compressed bytes were damaged (CRC check fails)."""
    parts = _parts(dasar())
    part = part_lembar("Pengukuran")
    data = bytearray(_zip(parts, zipfile.ZIP_STORED))
    i = bytes(data).index(b"<sheetData>") + 50
    data[i] = ord("X") if data[i] != ord("X") else ord("Y")
    assert part
    return bytes(data)


def _besar() -> bytes:
    """About 50 MB on disk: the filled workbook plus a 'Data' sheet of random numbers."""
    import random

    rng = random.Random(0)
    baris = "".join(
        "<row>" + "".join(f"<c><v>{rng.random() * 1e6:.6f}</v></c>" for _ in range(20)) + "</row>"
        for _ in range(4000)
    ).encode()
    parts = _parts(dasar())
    kepala = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    ns_r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Type="' + ns_r.encode() + b'/worksheet" '
        b'Target="/xl/worksheets/sheet99.xml" Id="rId99"/></Relationships>',
    )
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>",
        b'<sheet xmlns:r="' + ns_r.encode() + b'" name="Data" sheetId="99" r:id="rId99"/></sheets>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/worksheets/sheet99.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for n, d in parts.items():
            z.writestr(n, d)
        with z.open("xl/worksheets/sheet99.xml", "w", force_zip64=True) as f:
            f.write(kepala + b"<sheetData>")
            while buf.tell() < 50 * 2**20:
                f.write(baris)
            f.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def _terenkripsi() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    keluar = io.BytesIO()
    OOXMLFile(io.BytesIO(dasar())).encrypt("rahasia", keluar)
    return keluar.getvalue()


@functools.cache
def _libreoffice(ke: str) -> bytes:
    """A small workbook saved by LibreOffice as `ke` (xls, ods)."""
    import openpyxl

    from xlkinerja.mesin.libreoffice import konversi

    with tempfile.TemporaryDirectory(prefix="xlk-korpus-") as tmp:
        wb = openpyxl.Workbook()
        wb.active.title = "Pengukuran"
        wb.active.append(["Indikator", "Target", "Realisasi"])
        wb.active.append(["Persentase temuan BPK", 75, 95])
        src = Path(tmp) / "lkjip.xlsx"
        wb.save(src)
        (out,) = konversi([src], Path(tmp) / "lo", ke=ke, batas_waktu=120)
        return out.read_bytes()


def _docx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b'<w:document xmlns:w="urn:x"/>',
        }
    )


def _tanpa_part(nama: Callable[[], str]) -> Callable[[], bytes]:
    def buat() -> bytes:
        parts = _parts(dasar())
        del parts[nama()]
        return _zip(parts)

    return buat


def _gaya_rusak() -> bytes:
    parts = _parts(dasar())
    parts["xl/styles.xml"] = re.sub(
        rb"<fonts[^>]*>.*?</fonts>", b'<fonts count="0"/>', parts["xl/styles.xml"], flags=re.S
    )
    return _zip(parts)


def _xml_rusak(xml: bytes) -> bytes:
    return xml.replace(b"</sheetData>", b"<row><c r=", 1)


# -- openpyxl level changes -----------------------------------------------------------------------


def _hapus_lembar(nama: str) -> Callable[[Workbook], None]:
    return lambda wb: wb.remove(wb[nama])


def _ganti_nama(wb: Workbook) -> None:
    wb["Pengukuran"].title = "Pengukuran Kinerja"


def _urutan_lembar(wb: Workbook) -> None:
    wb._sheets.reverse()


def _tukar_kolom(wb: Workbook) -> None:
    """Target and realisasi columns swapped (headers and values)."""
    ws = wb["Pengukuran"]
    g, i = P.huruf("target"), P.huruf("realisasi")
    for r in range(1, ws.max_row + 1):
        a, b = ws[f"{g}{r}"], ws[f"{i}{r}"]
        a.value, b.value = b.value, a.value


def _judul_kolom(wb: Workbook) -> None:
    ws = wb["Pengukuran"]
    for r in range(1, P.baris_awal):
        for c in ws[r]:
            if isinstance(c.value, str) and c.value.strip().lower().startswith("target"):
                c.value = "Sasaran angka"


def _sisip_baris(wb: Workbook) -> None:
    wb["Pengukuran"].insert_rows(BARIS, 3)
    wb["Anggaran"].insert_rows(A.baris_awal + 3, 2)


def _gabung(wb: Workbook) -> None:
    ws = wb["Pengukuran"]
    ws.merge_cells(f"{P.huruf('target')}{BARIS}:{P.huruf('realisasi')}{BARIS + 1}")


def _konstanta(wb: Workbook) -> None:
    """Every formula of the capaian column replaced by the number it showed."""
    from xlkinerja.mesin.evaluasi import hitung

    nilai = hitung(wb).nilai
    ws = wb["Pengukuran"]
    k = P.huruf("capaian")
    for r in range(P.baris_awal, P.baris_awal + 40):
        c = ws[f"{k}{r}"]
        if isinstance(c.value, str) and c.value.startswith("="):
            c.value = nilai.get(("Pengukuran", f"{k}{r}"))


def _kosongkan(wb: Workbook) -> None:
    for lembar, t in (("Pengukuran", P), ("Anggaran", A)):
        ws = wb[lembar]
        for r in range(t.baris_awal, t.baris_awal + 40):
            for k in t.kolom:
                if k.isian:
                    ws[f"{t.huruf(k.kunci)}{r}"] = None


def _nama_terhapus(wb: Workbook) -> None:
    for n in list(wb.defined_names):
        del wb.defined_names[n]


def _metode_asing(wb: Workbook) -> None:
    lembar, sel = next(iter(wb.defined_names["xk_metode"].destinations))
    wb[lembar][sel.replace("$", "")] = "metode_tak_dikenal"


def _sirkular(wb: Workbook) -> None:
    wb["Pengukuran"][REALISASI] = f"={CAPAIAN}*2"


def _lindungi(wb: Workbook) -> None:
    for ws in wb.worksheets:
        ws.protection.sheet = True
        ws.protection.password = "rahasia"


def _sembunyi(wb: Workbook) -> None:
    wb["Pengukuran"].sheet_state = "veryHidden"
    wb.active = 0


def _kosong() -> bytes:
    import openpyxl

    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    return buf.getvalue()


# -- hostile text and templates (issue 21) -------------------------------------------------------

#: Texts harmless in the sender's workbook that a spreadsheet runs as formulas if an output
#: writes them as such (a link that leaks, a DDE call).
INJEKSI = {
    "instansi": '=HYPERLINK("http://contoh.invalid/curi","klik")',
    "indikator": "=cmd|' /c calc'!A0",
    "target": "@SUM(1+1)*cmd|' /c calc'!A0",
    "keterangan": "+1+cmd|' /c calc'!A0",
}
#: Fragments no formula of any output may contain.
MUATAN = ("cmd|", "contoh.invalid", "SUM(1+1)")
TEMPLAT_BERPUTAR = (
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
)
TEMPLAT_REKURSIF = "{% macro m(n) %}{{ m(n+1) }}{% endmacro %}{{ m(0) }}"
TEMPLAT_SENDIRI = '{% include "anggaran" %}'
TEKS_LAMA = "Teks narasi lama yang harus tetap ada."
BARIS_NARASI = S.NARASI.baris_awal


def _teks(ws, sel: str, v: str) -> None:
    """A text cell, even one starting with '=' (openpyxl would make that a formula)."""
    c = ws[sel]
    c.value = v
    c.data_type = "s"


def _injeksi(wb: Workbook) -> None:
    lembar, sel = next(iter(wb.defined_names["xk_instansi"].destinations))
    _teks(wb[lembar], sel.replace("$", ""), INJEKSI["instansi"])
    ws = wb["Pengukuran"]
    _teks(ws, f"C{BARIS}", INJEKSI["indikator"])
    _teks(ws, TARGET, INJEKSI["target"])
    _teks(ws, f"{P.huruf('keterangan')}{BARIS}", INJEKSI["keterangan"])


def _narasi(templat: dict[str, str]) -> Callable[[Workbook], None]:
    """Templates typed in the Narasi sheet (key -> template), each row with an old text."""

    def fn(wb: Workbook) -> None:
        ws = wb["Narasi"]
        for i, (kunci, teks) in enumerate(templat.items()):
            r = BARIS_NARASI + i
            ws[f"A{r}"], ws[f"C{r}"] = kunci, TEKS_LAMA
            _teks(ws, f"B{r}", teks)

    return fn


def rumus_di(data: bytes) -> list[str]:
    """The text of every formula (`<f>`) in the sheets of an .xlsx/.xlsm."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [
            m.decode("utf-8", "replace")
            for n in z.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(".xml")
            for m in re.findall(rb"<(?:\w+:)?f(?:\s[^>]*)?>([^<]*)</(?:\w+:)?f>", z.read(n))
        ]


def _muatan_dalam_rumus(data: bytes, nama: str) -> list[str]:
    jahat = [f for f in rumus_di(data) if any(m in html.unescape(f) for m in MUATAN)]
    return [f"{nama}: teks masukan menjadi rumus: {jahat[0]}"] if jahat else []


def _cek_injeksi(perintah: str, path: Path, keluar: Path, h: Hasil) -> list[str]:
    """Every output built from the workbook carrying `INJEKSI`: no formula holds the payload;
    the rekap and the periksa/audit workbooks hold no formula at all; CSV fields are quoted."""
    masalah: list[str] = []
    for f in keluar.rglob("*.xls[xm]"):
        masalah += _muatan_dalam_rumus(f.read_bytes(), f.name)
    if perintah == "rekap":
        f = keluar / "rekap.xlsx"
        if not f.is_file():
            return [*masalah, "rekap.xlsx tidak ditulis"]
        if rumus_di(f.read_bytes()):
            masalah.append(f"rekap.xlsx memuat rumus: {rumus_di(f.read_bytes())[:3]}")
    if perintah in ("periksa", "audit"):
        tujuan = keluar / f"{perintah}.xlsx"
        kode, teks, exc = jalankan_cli([perintah, str(path), "-f", "xlsx", "-o", str(tujuan)])
        if exc is not None or not tujuan.is_file():
            return [*masalah, f"{perintah} -f xlsx gagal ({kode}): {teks[-300:]}"]
        if rumus_di(tujuan.read_bytes()):
            masalah.append(f"{tujuan.name} memuat rumus: {rumus_di(tujuan.read_bytes())[:3]}")
        kode, teks, exc = jalankan_cli([perintah, str(path), "-f", "csv"])
        import csv

        for baris in csv.reader(io.StringIO(teks)):
            for v in baris:
                if any(m in v for m in MUATAN) and v.startswith(("=", "+", "-", "@")):
                    masalah.append(f"CSV: teks tanpa awalan ': {v}")
    if perintah == "laporan":
        f = keluar / "LKjIP.docx"
        if f.is_file():
            with zipfile.ZipFile(f) as z:
                xml = z.read("word/document.xml").decode("utf-8")
            kode_medan = re.findall(
                r"<w:instrText[^>]*>([^<]*)<|<w:fldSimple[^>]*w:instr=\"([^\"]*)", xml
            )
            if any(m in "".join(map(str, kode_medan)) for m in MUATAN):
                masalah.append("dokumen Word memuat kode medan dari teks masukan")
    return masalah


def _cek_templat(perintah: str, path: Path, keluar: Path, h: Hasil) -> list[str]:
    """A runaway or recursive template: refused quickly, the message names the file and the
    template's cell in the Narasi sheet, and the old text stays."""
    masalah = []
    if h.detik > 30:
        masalah.append(f"berjalan {h.detik:.0f} detik (batas templat tidak bekerja)")
    if perintah in ("narasi", "laporan"):
        sel = f"B{BARIS_NARASI}"
        if "Narasi" not in h.keluaran or sel not in h.keluaran:
            masalah.append(f"pesan tidak menyebut lembar Narasi sel {sel}")
        if path.name not in h.keluaran:
            masalah.append("pesan tidak menyebut nama berkas")
    if perintah == "narasi":
        import openpyxl

        hasil = list(keluar.glob("*_narasi.xlsm"))
        if not hasil:
            return [*masalah, "buku kerja hasil narasi tidak ditulis"]
        ws = openpyxl.load_workbook(hasil[0], read_only=True)["Narasi"]
        if ws[f"C{BARIS_NARASI}"].value != TEKS_LAMA:
            masalah.append("teks lama templat yang gagal tidak dibiarkan")
    return masalah


# -- the cases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kasus:
    nama: str  # file stem
    uraian: str  # what the case is, in Indonesian
    buat: Callable[[], bytes] | None  # the file's bytes (None: made by `khusus`)
    terbaca: bool = True  # False: every entry point must refuse it (exit 2) naming the file
    sel: str | None = None  # "Lembar!A1" a refusal must name, where one exists
    buku: bool = True  # representable as an open workbook (runs through xlwings)
    khusus: str | None = None  # "izin" (unreadable), "folder" (a folder named .xlsm),
    # "folder_ro" (a good file in a read-only folder, output to a read-only folder)
    akhiran: str = ".xlsm"
    sel_di: tuple[str, ...] = ("hitung", "periksa")  # entry points that must name `sel`
    # further checks of one run: (command, input, output folder, result) -> problems
    cek: Callable[[str, Path, Path, Hasil], list[str]] | None = None


def _s(lembar: str, sel: str) -> str:
    return f"{lembar}!{sel}"


KASUS: list[Kasus] = [
    # text and odd values in input cells
    Kasus(
        "teks_satuan_di_target",
        "teks '1.000 Orang' di sel target",
        _ubah(_isi("Pengukuran", TARGET, "1.000 Orang")),
        sel=_s("Pengukuran", TARGET),
    ),
    Kasus(
        "teks_persen_di_realisasi",
        "teks '85,71 %' di sel realisasi",
        _ubah(_isi("Pengukuran", REALISASI, "85,71 %")),
        sel=_s("Pengukuran", REALISASI),
    ),
    Kasus("strip_di_realisasi", "'-' di sel realisasi", _ubah(_isi("Pengukuran", REALISASI, "-"))),
    Kasus(
        "na_di_target",
        "'n/a' di sel target",
        _ubah(_isi("Pengukuran", TARGET, "n/a")),
        sel=_s("Pengukuran", TARGET),
    ),
    Kasus(
        "rupiah_teks_di_pagu",
        "teks 'Rp 1.000.000,00' di sel pagu",
        _ubah(_isi("Anggaran", PAGU, "Rp 1.000.000,00")),
        sel=_s("Anggaran", PAGU),
    ),
    Kasus("target_nol", "target 0 (pembagian dengan nol)", _ubah(_isi("Pengukuran", TARGET, 0))),
    Kasus("realisasi_negatif", "realisasi -95", _ubah(_isi("Pengukuran", REALISASI, -95))),
    Kasus("nilai_raksasa", "realisasi 1e300", _ubah(_isi("Pengukuran", REALISASI, 1e300))),
    Kasus("pagu_negatif", "pagu -1 miliar", _ubah(_isi("Anggaran", PAGU, -1e9))),
    Kasus(
        "tanggal_di_target",
        "tanggal di sel target",
        _ubah(_isi("Pengukuran", TARGET, dt.datetime(2024, 1, 31))),
    ),
    Kasus(
        "logika_di_realisasi", "TRUE di sel realisasi", _ubah(_isi("Pengukuran", REALISASI, True))
    ),
    Kasus(
        "rumus_di_sel_isian",
        "rumus =1/0 diketik di sel realisasi",
        _ubah(_isi("Pengukuran", REALISASI, "=1/0")),
    ),
    Kasus(
        "teks_panjang_dan_kendali",
        "teks 32.000 karakter, emoji dan karakter arah/tak tampak di nama indikator",
        _ubah(_isi("Pengukuran", f"C{BARIS}", "Indikator 🚀\u200b\u202e" + "x" * 32000)),
    ),
    Kasus(
        "injeksi_rumus_teks",
        "teks '=cmd|' /c calc'!A0' di keterangan (injeksi rumus)",
        _ubah(_isi("Pengukuran", f"{P.huruf('keterangan')}{BARIS}", "'=cmd|' /c calc'!A0")),
    ),
    Kasus("isian_kosong", "semua sel isian Pengukuran dan Anggaran kosong", _ubah(_kosongkan)),
    # structure
    Kasus("lembar_anggaran_hilang", "lembar Anggaran dihapus", _ubah(_hapus_lembar("Anggaran"))),
    Kasus(
        "lembar_pengaturan_hilang", "lembar Pengaturan dihapus", _ubah(_hapus_lembar("Pengaturan"))
    ),
    Kasus("lembar_diganti_nama", "lembar Pengukuran diganti nama", _ubah(_ganti_nama)),
    Kasus("lembar_diurutkan_ulang", "urutan lembar dibalik", _ubah(_urutan_lembar)),
    Kasus("kolom_ditukar", "kolom target dan realisasi ditukar", _ubah(_tukar_kolom)),
    Kasus("judul_kolom_diganti", "judul kolom target diganti", _ubah(_judul_kolom)),
    Kasus(
        "baris_kosong_disisipkan", "baris kosong disisipkan di tengah tabel", _ubah(_sisip_baris)
    ),
    Kasus("sel_digabung", "sel target dan realisasi digabung (merge)", _ubah(_gabung)),
    Kasus("rumus_jadi_konstanta", "rumus capaian diganti angka", _ubah(_konstanta)),
    Kasus("nama_terhapus", "semua nama (defined names) dihapus", _ubah(_nama_terhapus)),
    Kasus("metode_tak_dikenal", "kode metode tidak dikenal di Pengaturan", _ubah(_metode_asing)),
    Kasus("rumus_sirkular", "realisasi merujuk capaiannya sendiri", _ubah(_sirkular)),
    Kasus("lembar_dilindungi", "semua lembar dilindungi kata sandi", _ubah(_lindungi)),
    Kasus("lembar_tersembunyi", "lembar Pengukuran sangat tersembunyi", _ubah(_sembunyi)),
    Kasus(
        "sel_terjauh",
        "isi di sel terakhir XFD1048576",
        _xml(
            "Pengukuran",
            lambda x: x.replace(
                b"</sheetData>",
                b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>',
            ),
        ),
        buku=False,  # a client would send 1048576 x 16384 values
    ),
    Kasus("buku_kosong", "buku kerja kosong (bukan templat)", _kosong, akhiran=".xlsx"),
    # cached values and XML oddities
    Kasus(
        "galat_div0_tersimpan",
        "#DIV/0! tersimpan sebagai nilai rumus capaian",
        _xml(
            "Pengukuran",
            lambda x: re.sub(
                rb'(<c r="' + CAPAIAN.encode() + rb'"[^>]*)>(<f>.*?</f>)<v>[^<]*</v>',
                rb'\1 t="e">\2<v>#DIV/0!</v>',
                x,
                count=1,
                flags=re.S,
            ),
        ),
    ),
    Kasus(
        "galat_ref",
        "rumus #REF! dengan nilai #REF!",
        _xml(
            "Pengukuran",
            ganti_sel(CAPAIAN, f'<c r="{CAPAIAN}" t="e"><f>#REF!/2</f><v>#REF!</v></c>'),
        ),
    ),
    Kasus(
        "angka_tak_hingga",
        "nilai INF dan NaN di sel angka",
        _xml(
            "Pengukuran",
            lambda x: ganti_sel(REALISASI, f'<c r="{REALISASI}" t="n"><v>INF</v></c>')(
                ganti_sel(TARGET, f'<c r="{TARGET}" t="n"><v>NaN</v></c>')(x)
            ),
        ),
        terbaca=False,
        buku=False,
    ),
    Kasus(
        "angka_bukan_angka",
        "sel bertipe angka berisi 'abc'",
        _xml("Pengukuran", ganti_sel(TARGET, f'<c r="{TARGET}" t="n"><v>abc</v></c>')),
        terbaca=False,
    ),
    Kasus(
        "indeks_teks_bersama_salah",
        "sel teks bersama menunjuk indeks yang tidak ada",
        _xml("Pengukuran", ganti_sel(TARGET, f'<c r="{TARGET}" t="s"><v>99999</v></c>')),
        terbaca=False,
    ),
    Kasus(
        "xml_rusak",
        "XML lembar Pengukuran rusak",
        _xml("Pengukuran", _xml_rusak),
        terbaca=False,
        buku=False,
    ),
    Kasus(
        "bagian_lembar_hilang",
        "bagian XML lembar Pengukuran hilang dari zip",
        _tanpa_part(lambda: part_lembar("Pengukuran")),
        terbaca=False,
        buku=False,
    ),
    Kasus(
        "gaya_rusak",
        "styles.xml rusak (font yang dirujuk tidak ada): nilai terbaca, gaya tidak",
        _gaya_rusak,
        buku=False,
    ),
    Kasus(
        "tautan_luar",
        "rumus merujuk buku kerja lain ([1]Data!A1)",
        _tautan_luar,
    ),
    # hostile or foreign files
    Kasus(
        "entitas_berlipat",
        "XML dengan perluasan entitas ('billion laughs')",
        _entitas(LAUGHS, "&i;"),
        terbaca=False,
        buku=False,
    ),
    Kasus(
        "entitas_luar_xxe",
        "XML dengan entitas luar (XXE file:///etc/passwd)",
        _entitas(XXE, "&x;"),
        terbaca=False,
        buku=False,
    ),
    Kasus("bom_zip", "bom zip (320 MB nol, rasio ~1000:1)", _bom_zip, terbaca=False, buku=False),
    Kasus(
        "bom_zip_ukuran_palsu",
        "bom zip dengan ukuran terurai palsu di direktori zip",
        _bom_dusta,
        terbaca=False,
        buku=False,
    ),
    Kasus("zip_terpotong", "zip terpotong (2/3 berkas)", _terpotong, terbaca=False, buku=False),
    Kasus("zip_crc_rusak", "isi zip rusak (CRC salah)", _crc_rusak, terbaca=False, buku=False),
    Kasus(
        "terenkripsi",
        "buku kerja dilindungi kata sandi (msoffcrypto-tool)",
        _terenkripsi,
        terbaca=False,
        buku=False,
    ),
    Kasus(
        "xls_dinamai_xlsx",
        ".xls (LibreOffice) dinamai .xlsx",
        lambda: _libreoffice("xls"),
        terbaca=False,
        buku=False,
        akhiran=".xlsx",
    ),
    Kasus(
        "ods_dinamai_xlsx",
        ".ods (LibreOffice) dinamai .xlsx",
        lambda: _libreoffice("ods"),
        terbaca=False,
        buku=False,
        akhiran=".xlsx",
    ),
    Kasus(
        "csv_dinamai_xlsx",
        ".csv dinamai .xlsx",
        lambda: b"Indikator;Target;Realisasi\nTemuan BPK;75;95\n",
        terbaca=False,
        buku=False,
        akhiran=".xlsx",
    ),
    Kasus("docx_dinamai_xlsx", ".docx dinamai .xlsx", _docx, terbaca=False, buku=False),
    Kasus("berkas_kosong", "berkas 0 byte", lambda: b"", terbaca=False, buku=False),
    Kasus(
        "besar_50mb",
        "buku kerja 50 MB (lembar Data berjuta sel)",
        _besar,
        terbaca=False,
        buku=False,
    ),
    Kasus(
        "tak_terbaca",
        "berkas tanpa izin baca (dibuka sebagai pengguna lain bila dijalankan sebagai root)",
        dasar,
        terbaca=False,
        buku=False,
        khusus="izin",
    ),
    Kasus(
        "folder_hanya_baca",
        "berkas baik di folder hanya-baca, hasil ke folder hanya-baca",
        dasar,
        buku=False,
        khusus="folder_ro",
    ),
    Kasus(
        "terkunci_fcntl",
        "berkas baik yang dikunci (flock) proses lain selama dijalankan",
        dasar,
        buku=False,
        khusus="kunci",
    ),
    Kasus(
        "folder_bernama_xlsm",
        "folder tanpa buku kerja, bernama .xlsm (dalam mode folder: dianggap berkas)",
        None,
        terbaca=False,
        buku=False,
        khusus="folder",
    ),
    # outputs that never destroy and never attack (issue 21)
    Kasus(
        "keluaran_sama_dengan_masukan",
        "-o menunjuk berkas masukan (juga -f xlsx, --timpa, templat .docx): ditolak",
        dasar,
        buku=False,
        khusus="keluaran_masukan",
    ),
    Kasus(
        "nama_kembar_di_subfolder",
        "dua lap.xlsm di subfolder a/ dan b/: hasil tidak saling menimpa",
        dasar,
        buku=False,
        khusus="kembar",
    ),
    Kasus(
        "keluaran_sudah_ada",
        "berkas hasil sudah ada: ditolak tanpa --timpa, dengan --timpa cadangan .bak",
        dasar,
        buku=False,
        khusus="ada",
    ),
    Kasus(
        "keluaran_lama_sebagai_masukan",
        "folder berisi hasil xlkinerja (_dihitung, _narasi, rekap, laporan xlsx): dilewati",
        dasar,
        buku=False,
        khusus="keluaran_lama",
    ),
    Kasus(
        "injeksi_rumus_ke_keluaran",
        "teks =HYPERLINK(…), =cmd (DDE), @… dan +… di instansi, indikator, target: tetap teks",
        _ubah(_injeksi),
        sel=_s("Pengukuran", TARGET),
        cek=_cek_injeksi,
    ),
    Kasus(
        "templat_berputar",
        "templat Narasi dengan dua range(100000) bersarang: dihentikan, teks lama tetap",
        _ubah(_narasi({"ikhtisar": TEMPLAT_BERPUTAR})),
        cek=_cek_templat,
    ),
    Kasus(
        "templat_rekursif",
        "templat Narasi: makro memanggil dirinya sendiri dan include dirinya sendiri",
        _ubah(_narasi({"ikhtisar": TEMPLAT_REKURSIF, "anggaran": TEMPLAT_SENDIRI})),
        cek=_cek_templat,
    ),
]


def _buat(nama: str) -> bytes:
    return {k.nama: k for k in KASUS}[nama].buat()


def tulis(
    folder: Path, kasus: list[Kasus] | None = None, proses: int | None = None
) -> dict[str, Path]:
    """Write every case into `folder` (in a process pool); returns case name -> path."""
    from concurrent.futures import ProcessPoolExecutor

    folder.mkdir(parents=True, exist_ok=True)
    kasus = kasus or KASUS
    berkas = [k for k in kasus if k.buat is not None]
    proses = proses or min(4, os.cpu_count() or 1)
    if proses > 1 and len(berkas) > 2:
        dasar()  # warm the cache before forking: every worker starts with the base workbook
        with ProcessPoolExecutor(proses) as pool:
            isi = dict(zip([k.nama for k in berkas], pool.map(_buat, [k.nama for k in berkas])))
    else:
        isi = {k.nama: k.buat() for k in berkas}
    out = {}
    for k in kasus:
        path = folder / f"{k.nama}{k.akhiran}"
        if k.khusus == "folder":
            path.mkdir(exist_ok=True)
        else:
            path.write_bytes(isi[k.nama])
        out[k.nama] = path
    return out


# -- running a case through an entry point --------------------------------------------------------

#: What a clean Indonesian message never holds: a traceback, an exception's class name (an
#: unexpected failure passed on as text), click's English usage errors, OS error texts.
BUKAN_PESAN = re.compile(
    r"Traceback|\b[A-Z]\w*(?:Error|Exception|Warning)\b|BadZipFile|Invalid value|Usage:|"
    r"No such file|Permission denied|Is a directory|not a zip file|Errno"
)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


@contextlib.contextmanager
def tanpa_hak_root() -> Iterator[bool]:
    """Inside, root is held to file permissions like any user: CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH are lifted from this thread's effective capabilities (and restored
    after). Yields whether permissions are enforced (True for non-root users)."""
    if os.name != "posix" or os.geteuid() != 0:
        yield os.name == "posix"
        return
    libc = ctypes.CDLL(None, use_errno=True)
    hdr, data = _CapHeader(0x20080522, 0), (_CapData * 2)()
    if libc.capget(ctypes.byref(hdr), data) != 0:
        yield False
        return
    asli = data[0].effective
    data[0].effective &= ~((1 << 1) | (1 << 2))
    ok = libc.capset(ctypes.byref(hdr), data) == 0
    try:
        yield ok
    finally:
        data[0].effective = asli
        libc.capset(ctypes.byref(hdr), data)


@dataclass
class Hasil:
    kasus: str
    perintah: str
    kode: int
    keluaran: str
    masalah: list[str] = field(default_factory=list)
    detik: float = 0.0
    masukan: Path | None = None  # a scenario's input folder (sha256 checked around each run)

    @property
    def lulus(self) -> bool:
        return not self.masalah


def jalankan_cli(argv: list[str]) -> tuple[int, str, BaseException | None]:
    """Run the CLI in-process: (exit status, output, exception other than SystemExit)."""
    from typer.testing import CliRunner

    from xlkinerja.muka.cli import app

    r = CliRunner().invoke(app, argv)
    exc = (
        r.exception if r.exception is not None and not isinstance(r.exception, SystemExit) else None
    )
    return r.exit_code, r.output, exc


def _isi_folder(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def uji(k: Kasus, perintah: str, path: Path, kerja: Path) -> Hasil:
    """Run case `k` (written at `path`) through CLI command `perintah`; judge the result."""
    argv = perintah_berkas()[perintah]
    if k.khusus == "folder_ro":
        argv = PERINTAH_KELUARAN.get(perintah, argv)
    keluar = kerja / f"{k.nama}-{perintah}"
    keluar.mkdir(parents=True, exist_ok=True)
    if k.khusus in SKENARIO:
        return uji_skenario(k, perintah, path, keluar)
    if k.khusus == "izin":  # a copy of its own: runs in parallel must not restore each other's
        salinan = keluar / "masukan" / path.name
        salinan.parent.mkdir(exist_ok=True)
        salinan.write_bytes(path.read_bytes())
        path = salinan
    sebelum = path.read_bytes() if path.is_file() else None
    sekitar = _isi_folder(path.parent) if k.khusus == "folder_ro" else None
    if k.khusus == "izin":
        path.chmod(0)
    if k.khusus == "folder_ro":
        keluar.chmod(0o555)
        path.parent.chmod(0o555)
    kunci = path.open("rb") if k.khusus == "kunci" else None
    try:
        if kunci is not None:
            import fcntl

            fcntl.flock(kunci, fcntl.LOCK_EX)  # advisory on Linux: readers are not blocked
        mulai = time.monotonic()
        with tanpa_hak_root():
            kode, teks, exc = jalankan_cli(argv(path, keluar))
        detik = time.monotonic() - mulai
    finally:
        if kunci is not None:
            kunci.close()
        if k.khusus == "izin":
            path.chmod(0o644)
        if k.khusus == "folder_ro":
            keluar.chmod(0o755)
            path.parent.chmod(0o755)
    h = Hasil(k.nama, perintah, kode, teks, detik=detik)
    _nilai_pesan(h, exc)
    if kode not in (0, 1, 2):
        h.masalah.append(f"kode keluar {kode}")
    if (not k.terbaca or k.khusus == "folder_ro") and kode != 2:
        h.masalah.append(f"kode keluar {kode}; berkas yang tak terbaca/tak tertulis harus 2")
    if (
        (kode != 0 or not k.terbaca)
        and path.name not in teks
        and (k.khusus != "folder_ro" or str(keluar) not in teks)
    ):
        h.masalah.append("pesan tidak menyebut nama berkas")
    if k.sel and kode != 0 and perintah in k.sel_di:
        lembar, sel = k.sel.split("!")
        if sel not in teks or lembar not in teks:
            h.masalah.append(f"pesan tidak menyebut lembar dan sel {k.sel}")
    if sebelum is not None and path.read_bytes() != sebelum:
        h.masalah.append("berkas masukan berubah")
    if sekitar is not None and _isi_folder(path.parent) != sekitar:
        h.masalah.append("folder hanya-baca berubah")
    if k.cek is not None and not h.masalah:
        h.masalah += k.cek(perintah, path, keluar, h)
    return h


def _nilai_pesan(h: Hasil, exc: BaseException | None) -> None:
    """No unhandled exception, no traceback or English error text in the output."""
    if exc is not None:
        h.masalah.append(f"galat Python tak tertangani: {type(exc).__name__}: {exc}")
    m = BUKAN_PESAN.search(h.keluaran)
    if m:
        h.masalah.append(f"keluaran memuat '{m.group(0)}' (bukan pesan bersih berbahasa Indonesia)")


# -- output policy scenarios (issue 21): several runs of one command over a prepared folder ------

MILIK_PENGGUNA = b"berkas milik pengguna: tidak boleh hilang"
AKHIRAN = {"hitung": "_dihitung", "narasi": "_narasi"}


def _berkas_hasil(perintah: str, folder: Path) -> list[Path]:
    return sorted(folder.rglob(f"*{AKHIRAN[perintah]}.xlsm"))


def _jalankan(h: Hasil, argv: list[str], kode: tuple[int, ...]) -> str:
    """One run inside a scenario: judged like a case run (message, status), output returned."""
    sebelum_ = sidik(h.masukan) if h.masukan else {}
    kode_, teks, exc = jalankan_cli(argv)
    if h.masukan and sidik(h.masukan) != sebelum_:
        h.masalah.append(f"{' '.join(argv)}: berkas di folder masukan berubah (sha256)")
    h.kode = max(h.kode, kode_)
    sebelum = len(h.masalah)
    _nilai_pesan(Hasil(h.kasus, h.perintah, kode_, teks, h.masalah), exc)
    if kode_ not in kode:
        h.masalah.append(f"{' '.join(argv)}: kode keluar {kode_}, diharapkan {kode}")
    if len(h.masalah) > sebelum:
        h.masalah.append(teks[-500:])
    h.keluaran += f"$ {' '.join(argv)} → {kode_}\n{teks}"
    return teks


def _skenario_keluaran_masukan(perintah: str, f: Path, keluar: Path, h: Hasil) -> None:
    """Every way of pointing the output at an input: refused (2), naming the file."""
    docx = keluar / "masukan" / "templat.docx"
    hasil_nama = f.with_name(f"{f.stem}{AKHIRAN.get(perintah, '')}{f.suffix}")
    ragam = {
        "periksa": [
            ["periksa", str(f), "-j", "1", "-o", str(f)],
            ["periksa", str(f), "-j", "1", "-f", "xlsx", "-o", str(f), "--timpa"],
            ["periksa", str(f.parent), "-j", "1", "-f", "json", "-o", str(f), "--timpa"],
        ],
        "audit": [
            ["audit", str(f), "-o", str(f), "--timpa"],
            ["audit", str(f), "-f", "xlsx", "-o", str(f)],
            ["audit", "--banding", str(f), str(hasil_nama), "-o", str(f), "--timpa"],
        ],
        "rekap": [["rekap", str(f.parent), "-o", str(f.with_suffix(".xlsx")), "--timpa"]],
        "laporan": [
            ["laporan", str(f), "-t", str(docx), "-o", str(docx), "--timpa"],
            ["laporan", str(f), "--templat-bawaan", str(f), "--timpa"],
        ],
        "hitung": [
            ["hitung", str(f), str(hasil_nama), "--timpa"],
            ["hitung", str(f), "-o", str(f)],
        ],
        "narasi": [
            ["narasi", str(f), str(hasil_nama), "--timpa"],
            ["narasi", str(f), "-o", str(f)],
        ],
        "ekspor": [["ekspor", str(f), "-o", str(f), "--timpa"]],
        "impor": [["impor", str(f), "-o", str(f), "--ya", "--timpa"]],
    }[perintah]
    if perintah == "rekap":
        f.with_suffix(".xlsx").write_bytes(f.read_bytes())
    if perintah == "laporan":
        from xlkinerja.keluaran.word import bangun_templat_docx

        docx.write_bytes(bangun_templat_docx())
    hasil_nama.write_bytes(f.read_bytes())
    for argv in ragam:
        # 2: refused output; 64: a usage error (-o naming a file where a folder is expected)
        teks = _jalankan(h, argv, (2, 64))
        if "masukan" not in teks and "sudah ada" not in teks and "menunjuk berkas" not in teks:
            h.masalah.append(f"{' '.join(argv)}: pesan tidak menjelaskan penolakan: {teks[-300:]}")


def _skenario_kembar(perintah: str, f: Path, keluar: Path, h: Hasil) -> None:
    """Two lap.xlsm in a/ and b/: two outputs, the summary says the folders are kept."""
    import json

    masukan, hasil = f.parent.parent, keluar / "hasil"
    (masukan / "b").mkdir(exist_ok=True)
    (masukan / "b" / f.name).write_bytes(f.read_bytes())
    if perintah in AKHIRAN:
        teks = _jalankan(h, [perintah, str(masukan), "-o", str(hasil)], (0,))
        keluaran = _berkas_hasil(perintah, hasil)
        if [p.parent.name for p in keluaran] != ["a", "b"]:
            h.masalah.append(f"hasil bukan a/ dan b/: {keluaran}")
        if "subfolder" not in teks:
            h.masalah.append("ringkasan tidak menyebut subfolder yang dipertahankan")
    elif perintah == "rekap":
        _jalankan(h, ["rekap", str(masukan), "-o", str(hasil / "rekap.xlsx"), "-j", "1"], (0,))
        import openpyxl

        ws = openpyxl.load_workbook(hasil / "rekap.xlsx", read_only=True)["Rekap"]
        jalur = [r[0] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
        if len(jalur) != 2:
            h.masalah.append(f"rekap memuat {len(jalur)} baris, bukan 2")
    elif perintah in ("periksa", "audit"):
        tujuan = hasil / "hasil.json"
        argv = [perintah, str(masukan), "-f", "json", "-o", str(tujuan)]
        _jalankan(h, argv + (["-j", "1"] if perintah == "periksa" else []), (0, 1))
        berkas = [b["file"] for b in json.loads(tujuan.read_text("utf-8"))["berkas"]]
        if len(set(berkas)) != 2:
            h.masalah.append(f"laporan JSON tidak memuat kedua berkas: {berkas}")
    else:  # laporan: one workbook per run; the second run may not replace the first document
        tujuan = hasil / "LKjIP.docx"
        _jalankan(h, ["laporan", str(masukan / "a" / f.name), "-o", str(tujuan)], (0,))
        pertama = tujuan.read_bytes()
        _jalankan(h, ["laporan", str(masukan / "b" / f.name), "-o", str(tujuan)], (2,))
        if tujuan.read_bytes() != pertama:
            h.masalah.append("dokumen pertama ditimpa oleh buku kerja kedua")


def _skenario_ada(perintah: str, f: Path, keluar: Path, h: Hasil) -> None:
    """An existing output: refused without --timpa (unchanged); replaced with --timpa, the old
    one kept as <nama>.bak."""
    hasil = keluar / "hasil"
    hasil.mkdir(exist_ok=True)
    tujuan = {
        "hitung": hasil / f"{f.stem}_dihitung{f.suffix}",
        "narasi": hasil / f"{f.stem}_narasi{f.suffix}",
        "laporan": hasil / "LKjIP.docx",
        "rekap": hasil / "rekap.xlsx",
        "periksa": hasil / "temuan.txt",
        "audit": hasil / "audit.txt",
        "ekspor": hasil / "data.json",
        "impor": hasil / "lkjip.xlsm",
    }[perintah]
    if perintah == "rekap":
        from xlkinerja.keluaran.rekap import tulis_rekap

        tulis_rekap([], [], tujuan)  # an earlier rekap
    else:
        tujuan.write_bytes(MILIK_PENGGUNA)
    lama = tujuan.read_bytes()
    argv = {
        "hitung": ["hitung", str(f), "-o", str(hasil)],
        "narasi": ["narasi", str(f), "-o", str(hasil)],
        "laporan": ["laporan", str(f), "-o", str(tujuan)],
        "rekap": ["rekap", str(f), "-o", str(tujuan), "-j", "1"],
        "periksa": ["periksa", str(f), "-j", "1", "-o", str(tujuan)],
        "audit": ["audit", str(f), "-o", str(tujuan)],
        "ekspor": ["ekspor", str(f), "-o", str(tujuan)],
        "impor": ["impor", str(f), "-o", str(tujuan), "--ya"],
    }[perintah]
    teks = _jalankan(h, argv, (2,))
    if tujuan.read_bytes() != lama:
        h.masalah.append("berkas hasil yang sudah ada ditimpa tanpa --timpa")
    if "--timpa" not in teks or tujuan.name not in teks:
        h.masalah.append("penolakan tidak menyebut berkasnya dan --timpa")
    _jalankan(h, [*argv, "--timpa"], (0, 1))
    cadangan = tujuan.with_name(tujuan.name + ".bak")
    if tujuan.read_bytes() == lama:
        h.masalah.append("--timpa tidak menimpa")
    if not cadangan.is_file() or cadangan.read_bytes() != lama:
        h.masalah.append(f"cadangan {cadangan.name} tidak memuat berkas lama")


def _skenario_keluaran_lama(perintah: str, f: Path, keluar: Path, h: Hasil) -> None:
    """A folder holding xlkinerja's own outputs next to one workbook: only the workbook is
    processed (a note names the others); a file named explicitly is processed."""
    import json

    from xlkinerja.keluaran.laporan_temuan import buku_xlsx
    from xlkinerja.keluaran.rekap import tulis_rekap

    masukan, hasil = f.parent, keluar / "hasil"
    for akhiran in AKHIRAN.values():
        (masukan / f"{f.stem}{akhiran}{f.suffix}").write_bytes(f.read_bytes())
    tulis_rekap([], [], masukan / "rekap.xlsx")
    buku_xlsx([(f, [])], masukan / "temuan.xlsx")
    if perintah in AKHIRAN:
        teks = _jalankan(h, [perintah, str(masukan), "-o", str(hasil)], (0,))
        nama = [p.name for p in _berkas_hasil(perintah, hasil)]
        if nama != [f"{f.stem}{AKHIRAN[perintah]}{f.suffix}"]:
            h.masalah.append(f"hasil: {nama} (hasil lama dibaca sebagai masukan)")
        if "dilewati" not in teks:
            h.masalah.append("tidak ada catatan berkas yang dilewati")
    elif perintah == "rekap":
        _jalankan(h, ["rekap", str(masukan), "-o", str(hasil / "rekap.xlsx"), "-j", "1"], (0,))
        import openpyxl

        ws = openpyxl.load_workbook(hasil / "rekap.xlsx", read_only=True)["Rekap"]
        jalur = [r[0] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
        if jalur != [f.name]:
            h.masalah.append(f"rekap memuat {jalur}, bukan hanya {f.name}")
    elif perintah in ("periksa", "audit"):
        tujuan = hasil / "hasil.json"
        argv = [perintah, str(masukan), "-f", "json", "-o", str(tujuan)]
        _jalankan(h, argv + (["-j", "1"] if perintah == "periksa" else []), (0, 1))
        berkas = [Path(b["file"]).name for b in json.loads(tujuan.read_text("utf-8"))["berkas"]]
        if berkas != [f.name]:
            h.masalah.append(f"laporan memuat {berkas}, bukan hanya {f.name}")
    else:  # named explicitly, an output is processed
        lama = masukan / f"{f.stem}_dihitung{f.suffix}"
        _jalankan(h, ["laporan", str(lama), "-o", str(hasil / "LKjIP.docx")], (0,))


SKENARIO = {
    "keluaran_masukan": _skenario_keluaran_masukan,
    "kembar": _skenario_kembar,
    "ada": _skenario_ada,
    "keluaran_lama": _skenario_keluaran_lama,
}


def uji_skenario(k: Kasus, perintah: str, path: Path, keluar: Path) -> Hasil:
    """Run scenario `k.khusus` for `perintah` on a copy of the case's workbook in its own
    folder; every input's bytes are unchanged afterwards."""
    sub = "a" if k.khusus == "kembar" else ""
    f = keluar / "masukan" / sub / "lap.xlsm"
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_bytes(path.read_bytes())
    h = Hasil(k.nama, perintah, 0, "", masukan=keluar / "masukan")
    mulai = time.monotonic()
    with tanpa_hak_root():
        try:
            SKENARIO[k.khusus](perintah, f, keluar, h)  # prepares its inputs, then runs
        finally:
            h.detik = time.monotonic() - mulai
    if f.read_bytes() != path.read_bytes():
        h.masalah.append("berkas masukan berubah")
    return h


def sidik(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (relative name -> hex)."""
    import hashlib

    return {n: hashlib.sha256(d).hexdigest() for n, d in _isi_folder(folder).items()}


#: Known failures, (case, entry point) -> what fails and whose module must change. The test
#: marks them xfail(strict): fixing one makes the test fail until it is removed here. `lambat`:
#: not run by the test (minutes), still run by `--tabel`.
DIKETAHUI: dict[tuple[str, str], str] = {
    (
        "keluaran_sama_dengan_masukan",
        "pasang",
    ): "pasang: skenario kebijakan keluaran belum dirangkai",
    ("keluaran_sudah_ada", "pasang"): "pasang: skenario kebijakan keluaran belum dirangkai",
    ("batch", "pasang"): "pasang pada folder berhenti pada berkas rusak pertama",
}
LAMBAT: set[tuple[str, str]] = set()


def uji_xlwings(k: Kasus, path: Path) -> Hasil:
    """Every ribbon action on the workbook opened in xlwings' remote engine (what an Office.js
    client sends): no unexpected error, refusals name the workbook or a sheet."""
    import xlwings as xw

    from tests.xlremote import payload
    from xlkinerja.buku.excel import BukuXlwings
    from xlkinerja.muka.aksi import AKSI
    from xlkinerja.muka.tombol import jalankan

    sebelum = path.read_bytes()
    data = payload(path)
    h = Hasil(k.nama, "xlwings", 0, "")
    lembar = [s["name"] for s in data["sheets"]]
    for tombol in AKSI:
        book = xw.Book(json=copy.deepcopy(data))
        ok = jalankan(BukuXlwings(book), tombol)
        teks = "\n".join(str(a["args"][0]) for a in book.json()["actions"] if a["func"] == "alert")
        h.keluaran += f"[{tombol}] {'selesai' if ok else 'ditolak'}: {teks}\n"
        if "tidak terduga" in teks or "gagal; rincian" in teks:
            h.masalah.append(f"{tombol}: galat tak terduga")
        m = BUKAN_PESAN.search(teks)
        if m:
            h.masalah.append(f"{tombol}: pesan memuat '{m.group(0)}'")
        if (
            not ok
            and path.name not in teks
            and not any(f"'{s}'" in teks or f"{s}!" in teks for s in lembar)
        ):
            h.masalah.append(f"{tombol}: penolakan tidak menyebut buku kerja atau lembar")
    if path.read_bytes() != sebelum:
        h.masalah.append("berkas masukan berubah")
    return h


BAIK = "zz_baik.xlsm"  # sorts after every case: processed last in a batch


def _baik_diproses(perintah: str, keluar: Path, teks: str) -> bool:
    stem = Path(BAIK).stem
    if perintah == "hitung":
        return (keluar / f"{stem}_dihitung.xlsm").is_file()
    if perintah == "narasi":
        return (keluar / f"{stem}_narasi.xlsm").is_file()
    if perintah == "rekap":
        import openpyxl

        f = keluar / "rekap.xlsx"
        if not f.is_file():
            return False
        wb = openpyxl.load_workbook(f, read_only=True)
        return any(
            stem in str(v)
            for ws in wb.worksheets
            for r in ws.iter_rows(values_only=True)
            for v in r
            if v
        )
    return re.search(re.escape(BAIK) + r": \d+ temuan", teks) is not None


def uji_batch(perintah: str, folder: Path, kerja: Path) -> Hasil:
    """A folder holding every case and one good workbook (last): the good one is processed,
    every file unchanged, exit status 2 (some files are unreadable)."""
    argv = perintah_berkas()[perintah]
    keluar = kerja / f"batch-{perintah}"
    keluar.mkdir(parents=True, exist_ok=True)
    sebelum = _isi_folder(folder)
    izin = [folder / f"{k.nama}{k.akhiran}" for k in KASUS if k.khusus == "izin"]
    for f in izin:
        f.chmod(0)
    try:
        with tanpa_hak_root():
            kode, teks, exc = jalankan_cli(argv(folder, keluar))
    finally:
        for f in izin:
            f.chmod(0o644)
    h = Hasil("(folder)", perintah, kode, teks)
    if exc is not None:
        h.masalah.append(f"galat Python tak tertangani: {type(exc).__name__}: {exc}")
    m = BUKAN_PESAN.search(teks)
    if m:
        h.masalah.append(f"keluaran memuat '{m.group(0)}'")
    if kode != 2:
        h.masalah.append(f"kode keluar {kode}; ada berkas tak terbaca, harus 2")
    if not _baik_diproses(perintah, keluar, teks):
        h.masalah.append(f"{BAIK} tidak diproses")
    if _isi_folder(folder) != sebelum:
        h.masalah.append("berkas di folder masukan berubah")
    return h


def siapkan(folder: Path) -> dict[str, Path]:
    """The corpus plus the good workbook, written into `folder`."""
    paths = tulis(folder)
    (folder / BAIK).write_bytes(dasar())
    return paths


def _satu(arg: tuple[str, str, str, str]) -> Hasil:
    try:
        return _satu_(arg)
    except Exception as e:  # noqa: BLE001 - a harness failure is one failed run, not all
        import traceback

        return Hasil(arg[1], arg[2], -1, traceback.format_exc(), [f"uji gagal: {e!r}"])


def _satu_(arg: tuple[str, str, str, str]) -> Hasil:
    jenis, nama, perintah, kerja = arg
    kasus = {k.nama: k for k in KASUS}
    if jenis == "batch":
        return uji_batch(perintah, Path(nama), Path(kerja))
    k = kasus[nama]
    path = Path(kerja).parent / "korpus" / f"{k.nama}{k.akhiran}"
    if jenis == "xlwings":
        return uji_xlwings(k, path)
    return uji(k, perintah, path, Path(kerja))


def daftar_uji(lambat: bool = True) -> list[tuple[str, str, str]]:
    """(jenis, kasus, perintah) of every run: each case through each entry point, the batch
    per folder-taking command, the xlwings actions per workbook case."""
    perintah = list(perintah_berkas())
    out = [
        ("cli", k.nama, p) for k in KASUS for p in perintah if lambat or (k.nama, p) not in LAMBAT
    ]
    out += [("xlwings", k.nama, "xlwings") for k in KASUS if k.terbaca and k.buku]
    out += [
        ("batch", "(folder)", p)
        for p in perintah
        if menerima_folder(p) and (lambat or ("batch", p) not in LAMBAT)
    ]
    return out


def jalankan_semua(
    akar: Path, uji_uji: list[tuple[str, str, str]], proses: int | None = None
) -> dict[tuple[str, str], Hasil]:
    """Run `uji_uji` (from `daftar_uji`) over the corpus written under `akar`, in a process
    pool (each run in-process through typer's runner)."""
    from concurrent.futures import ProcessPoolExecutor

    folder = akar / "korpus"
    kerja = akar / "kerja"
    kerja.mkdir(parents=True, exist_ok=True)
    arg = [(j, str(folder) if j == "batch" else n, p, str(kerja)) for j, n, p in uji_uji]
    proses = proses or min(4, os.cpu_count() or 1)
    with ProcessPoolExecutor(proses) as pool:
        hasil = list(pool.map(_satu, arg, chunksize=1))
    return {(j if j == "batch" else n, p): h for (j, n, p), h in zip(uji_uji, hasil)}


def tabel(hasil: dict[tuple[str, str], Hasil]) -> str:
    """docs/keandalan.md: figures per entry point, then one row per case."""
    perintah = sorted({p for _, p in hasil}, key=lambda p: (p == "xlwings", p))
    kasus = [k.nama for k in KASUS]
    baris = [
        "# Keandalan: korpus berkas rusak dan berbahaya",
        "",
        "Dibuat oleh `python -m tests.korpus --tabel` (jangan disunting tangan). Setiap kasus "
        "dibangkitkan oleh `tests/korpus.py` (tanpa berkas biner di repositori) lalu dijalankan "
        "melalui setiap pintu masuk: no crash, tanpa traceback, pesan berbahasa Indonesia yang "
        "menyebut berkas (dan lembar/sel bila ada), kode keluar wajar (2 = tak terbaca), berkas "
        "masukan tidak berubah; mode folder: berkas baik tetap diproses. `xlwings` = ketujuh "
        "tombol melalui mesin jarak jauh xlwings (kasus yang dapat dibuka sebagai buku kerja).",
        "",
        f"Kasus: **{len(kasus)}**; pintu masuk: **{len(perintah)}** "
        f"({', '.join(perintah)}); uji: **{len(hasil)}**, lulus: "
        f"**{sum(h.lulus for h in hasil.values())}**.",
        "",
        "| pintu masuk | uji | lulus |",
        "|---|---:|---:|",
    ]
    for p in perintah:
        hs = [h for (n, q), h in hasil.items() if q == p]
        baris.append(f"| {p} | {len(hs)} | {sum(h.lulus for h in hs)} |")
    baris += ["", "| kasus | uraian | " + " | ".join(perintah) + " |"]
    baris.append("|---|---|" + "---|" * len(perintah))
    uraian = {k.nama: k.uraian for k in KASUS} | {
        "batch": "folder berisi semua kasus + 1 berkas baik"
    }
    for n in [*kasus, "batch"]:
        sel = []
        for p in perintah:
            h = hasil.get((n, p))
            sel.append("–" if h is None else (f"✓ {h.kode}" if h.lulus else f"✗ {h.kode}"))
        baris.append(f"| `{n}` | {uraian[n]} | " + " | ".join(sel) + " |")
    gagal = [h for h in hasil.values() if not h.lulus]
    if gagal:
        baris += ["", "## Belum lulus", ""]
        for h in gagal:
            baris.append(f"- `{h.kasus}` × `{h.perintah}` (kode {h.kode}): {'; '.join(h.masalah)}")
    baris += [
        "",
        "Catatan: sebagai root, izin berkas diabaikan kernel; kasus `tak_terbaca` dan "
        "`folder_hanya_baca` melepas CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH selama uji sehingga "
        "izin berlaku. Kunci `flock` di Linux bersifat anjuran (pembaca tidak terhalang); di "
        "Windows, berkas yang dibuka Excel memberi galat izin yang sama dengan `tak_terbaca`.",
        "",
    ]
    return "\n".join(baris)


def tulis_tabel(tujuan: Path | None = None) -> int:
    import time

    tujuan = tujuan or Path(__file__).resolve().parent.parent / "docs" / "keandalan.md"
    with tempfile.TemporaryDirectory(prefix="xlk-korpus-") as tmp:
        akar = Path(tmp)
        mulai = time.monotonic()
        siapkan(akar / "korpus")
        hasil = jalankan_semua(akar, daftar_uji(lambat=True))
        teks = tabel(hasil)
        teks += f"Waktu: {time.monotonic() - mulai:,.0f} detik.\n"
    tujuan.write_text(teks, encoding="utf-8")
    lulus = sum(h.lulus for h in hasil.values())
    print(f"{tujuan}: {len(hasil)} uji, {lulus} lulus")
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m tests.korpus", description=__doc__)
    ap.add_argument("folder", nargs="?", type=Path, help="tulis korpus ke folder ini")
    ap.add_argument("--tabel", action="store_true", help="jalankan korpus, tulis docs/keandalan.md")
    a = ap.parse_args(argv)
    if a.tabel:
        return tulis_tabel()
    if a.folder is None:
        ap.error("sebutkan folder tujuan atau --tabel")
    for nama, p in tulis(a.folder).items():
        print(f"{nama}: {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

__all__ = ["KASUS", "Kasus", "PERINTAH", "dasar", "shutil", "tulis"]
