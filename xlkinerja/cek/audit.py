"""Audit Rumus: headless verification of every formula in a workbook, without Excel.

`audit(path)` reads a file (never writes it) and returns `Temuan` objects. Every formula is
recomputed with `evaluasi.hitung` (each distinct R1C1 formula compiled once) and compared with
the value the file stores; copied formulas are reported per group (one finding naming the cell
range). For xlkinerja workbooks each formula cell is also compared with the template's own
rendering under the methodology the Pengaturan sheet selects (`baca.rumus_buku`); other
workbooks get the generic checks only. Each check is one function per code, registered on
`katalog.AUDIT`, over a `KonteksAudit` that computes what the checks share once.

`banding(lama, baru)` lists what changed between two versions of a workbook (`Perubahan`
findings): inputs, formulas, results, rows inserted or removed (rows aligned by the indicator /
budget code where the template has one, elsewhere by the row's labels).
"""

from __future__ import annotations

import difflib
import html
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
    range_boundaries,
)
from openpyxl.workbook.workbook import Workbook

from xlkinerja.buku.aman import baca_aman
from xlkinerja.buku.antarmuka import BukuBaca, GalatBuku
from xlkinerja.buku.memori import tanpa_gc
from xlkinerja.cek.katalog import AUDIT, KATALOG, pastikan_kode, temuan
from xlkinerja.cek.temuan import Perubahan, Temuan
from xlkinerja.inti.nilai import sama_persis, teks_audit
from xlkinerja.inti.rumus import Galat, Nilai, is_number
from xlkinerja.mesin.evaluasi import (
    Pemindai,
    Perhitungan,
    Sel,
    WaktuHabis,
    hitung,
    peta_sel,
    posisi,
)
from xlkinerja.templat import skema as S

log = logging.getLogger("xlkinerja")

BATAS_WAKTU = 300.0  # seconds of recomputation per file (a real LKjIP workbook: a few seconds)

# One finding per cell: when several checks hit a cell, the earlier code here wins.
PRIORITAS = (
    "AUD05",
    "AUD12",
    "AUD15",
    "AUD01",
    "AUD03",
    "AUD06",
    "AUD02",
    "AUD04",
    "AUD10",
    "AUD09",
    "AUD08",
    "AUD07",
    "AUD17",
    "AUD11",
)

_AGREGAT = {
    "SUM",
    "SUMIF",
    "SUMIFS",
    "SUMPRODUCT",
    "AVERAGE",
    "AVERAGEA",
    "AVERAGEIF",
    "AVERAGEIFS",
    "COUNT",
    "COUNTA",
    "COUNTIF",
    "COUNTIFS",
    "MIN",
    "MAX",
    "MINIFS",
    "MAXIFS",
    "PRODUCT",
    "SUBTOTAL",
    "AGGREGATE",
}
_VOLATIL = {
    "NOW",
    "TODAY",
    "RAND",
    "RANDBETWEEN",
    "RANDARRAY",
    "OFFSET",
    "INDIRECT",
    "CELL",
    "INFO",
}
_EKSTERNAL = re.compile(r"\[\d+\]|'[^']*\[[^\]]+\][^']*'!")
_STRING = re.compile(r'"(?:[^"]|"")*"')
_FORMAT_ANGKA = {S.F_ANGKA, S.F_RUPIAH, S.F_PERSEN}


# -- reading a file once ------------------------------------------------------------------------


class BukuAudit(BukuBaca):
    """`BukuBaca` over an already loaded workbook: constants as typed, formula cells with
    their recomputed values (so files without cached values read like files with them)."""

    def __init__(self, nama: str, wb: Workbook, nilai_rumus: dict[Sel, Nilai]):
        self.nama = nama
        self.wb = wb
        self.nilai_rumus = nilai_rumus
        self._cache: dict[str, dict[tuple[int, int], Nilai]] = {}
        self._maks: dict[str, int] = {}

    def lembar(self) -> list[str]:
        return list(self.wb.sheetnames)

    def _grid(self, lembar: str) -> dict[tuple[int, int], Nilai]:
        g = self._cache.get(lembar)
        if g is None:
            g = self._cache[lembar] = {}
            for (r, c), cell in peta_sel(self.wb[lembar]).items():
                v = cell.value
                if cell.data_type == "f":
                    v = self.nilai_rumus.get((lembar, cell.coordinate))
                    v = None if v == "" else v
                if v is not None:
                    g[(r, c)] = v
            self._maks[lembar] = max((r for r, _ in g), default=0)
        return g

    def nilai(self, lembar: str, rentang: str) -> list[list[Nilai]]:
        if lembar not in self.wb.sheetnames:
            raise GalatBuku(f"{self.nama}: lembar '{lembar}' tidak ada")
        g = self._grid(lembar)
        c1, r1, c2, r2 = range_boundaries(rentang)
        kolom = range(c1, c2 + 1)
        akhir = min(r2, self._maks[lembar])  # rows below the last stored cell are empty
        out = [[g.get((r, c)) for c in kolom] for r in range(r1, akhir + 1)]
        kosong = [None] * len(kolom)
        return out + [kosong] * (r2 - max(akhir, r1 - 1))

    def sel_nama(self, nama: str) -> tuple[str, str] | None:
        from xlkinerja.buku.berkas import tujuan_nama

        return tujuan_nama(self.wb, nama)


_C = re.compile(rb"<c\s([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATR_R = re.compile(rb'\br="\$?([A-Z]+)\$?([0-9]+)"')
_ATR_T = re.compile(rb'\bt="(\w+)"')
_V = re.compile(rb"<v>(.*?)</v>|<v\s*/>", re.S)


def nilai_tersimpan(data: bytes) -> dict[Sel, Nilai]:
    """The cached value of every formula cell that has one, read from the sheet XML (openpyxl
    cannot tell a cached empty text from no cached value)."""
    from xlkinerja.buku.paket import PART_WB_RELS, PART_WORKBOOK, bagian_lembar

    out: dict[Sel, Nilai] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        nama = set(z.namelist())
        parts = {p: z.read(p) for p in (PART_WORKBOOK, PART_WB_RELS)}
        for lembar, part in bagian_lembar(parts).items():
            if part not in nama:
                continue
            for m in _C.finditer(z.read(part)):
                isi = m.group(2)
                if not isi or b"<f" not in isi:
                    continue
                mr = _ATR_R.search(m.group(1))
                mv = _V.search(isi)
                if mr is None or mv is None:
                    continue
                sel = (lembar, (mr.group(1) + mr.group(2)).decode())
                mt = _ATR_T.search(m.group(1))
                t = mt.group(1) if mt else b"n"
                teks = html.unescape((mv.group(1) or b"").decode("utf-8"))
                if t == b"e":
                    out[sel] = Galat(teks)
                elif t == b"b":
                    out[sel] = teks.strip() == "1"
                elif t in (b"str", b"inlineStr"):
                    out[sel] = teks
                elif t == b"n":
                    try:
                        out[sel] = float(teks)
                    except ValueError:
                        continue
    return out


@dataclass
class Berkas:
    """A workbook read once for auditing."""

    path: Path
    wb: Workbook
    hitungan: Perhitungan
    tersimpan: dict[Sel, Nilai]
    bacaan: Any = None  # baca.Bacaan for xlkinerja workbooks
    masalah_templat: str | None = None
    konstanta: dict[Sel, Any] = field(default_factory=dict)

    def isi(self, lembar: str, r: int, c: int) -> Any:
        cell = peta_sel(self.wb[lembar]).get((r, c))
        return None if cell is None else cell.value


def muat(path: str | Path, batas_waktu: float | None = BATAS_WAKTU) -> Berkas:
    """Load a workbook (read-only) and recompute every formula. A file that cannot be read
    raises `GalatBuku` with an Indonesian message naming the file (limits and format checks of
    `berkas_aman`); recomputing stops after `batas_waktu` seconds."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        folder = f" di folder {path.parent}" if path.parent != Path() else ""
        raise GalatBuku(
            f"{path.name}: berkas tersimpan tidak ditemukan{folder} (Audit Rumus membaca berkas "
            "yang tersimpan di disk): simpan buku kerja dulu (Ctrl+S), lalu jalankan Audit Rumus "
            "lagi"
        )
    with tanpa_gc():
        data = baca_aman(path)  # size, zip bomb, encryption, .xls/.csv, DOCTYPE: clean messages
        return _muat(path, data, batas_waktu)


def _muat(path: Path, data: bytes, batas_waktu: float | None) -> Berkas:
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data))
        tersimpan = nilai_tersimpan(data)
    except Exception:  # noqa: BLE001 - a damaged part fails in many ways
        log.debug("%s: openpyxl tidak dapat membaca berkas", path, exc_info=True)
        raise GalatBuku(
            f"{path.name}: tidak dapat dibuka sebagai buku kerja Excel (.xlsx/.xlsm): isinya "
            "rusak atau tidak sesuai format Excel. Buka di Excel (yang akan menawarkan "
            "perbaikan) atau salin ulang dari sumbernya, simpan ulang, lalu ulangi"
        ) from None
    try:
        h = hitung(wb, batas_waktu=batas_waktu)
    except WaktuHabis:
        raise GalatBuku(
            f"{path.name}: hitung ulang rumus melebihi {batas_waktu:g} detik; buku kerja terlalu "
            "besar untuk diaudit. Pindahkan data mentah ke berkas lain, simpan ulang, lalu ulangi"
        ) from None
    b = Berkas(path, wb, h, tersimpan)
    if "Pengaturan" in wb.sheetnames and wb.defined_names.get("xk_metode") is not None:
        from xlkinerja.templat.baca import baca
        from xlkinerja.templat.pengaturan import PengaturanTidakSah

        try:
            b.bacaan = baca(BukuAudit(path.name, wb, h.nilai))
        except (GalatBuku, PengaturanTidakSah, KeyError, ValueError) as e:
            b.masalah_templat = str(e)
        except Exception:  # noqa: BLE001 - any other problem: the generic checks only
            log.debug("%s: templat tidak terbaca", path, exc_info=True)
            b.masalah_templat = "lembar Pengaturan atau tabel templat tidak terbaca"
    return b


# -- helpers --------------------------------------------------------------------------------------


def _rc(sel: str) -> tuple[int, int]:
    c, r = coordinate_from_string(sel)
    return r, column_index_from_string(c)


def _a1(r: int, c: int) -> str:
    return f"{get_column_letter(c)}{r}"


def ringkas(sel_sel: Iterable[str]) -> list[str]:
    """Cells of one sheet as areas: ["L6:L20", "L25", ...] (runs down a column)."""
    per_kolom: dict[int, list[int]] = {}
    for s in sel_sel:
        r, c = _rc(s)
        per_kolom.setdefault(c, []).append(r)
    out = []
    for c in sorted(per_kolom):
        rows = sorted(set(per_kolom[c]))
        awal = akhir = rows[0]
        for r in [*rows[1:], None]:
            if r is not None and r == akhir + 1:
                akhir = r
                continue
            out.append(_a1(awal, c) if awal == akhir else f"{_a1(awal, c)}:{_a1(akhir, c)}")
            if r is not None:
                awal = akhir = r
    return out


def _daftar(areas: list[str], maks: int = 6) -> str:
    teks = ", ".join(areas[:maks])
    return teks + (f" dan {len(areas) - maks} area lain" if len(areas) > maks else "")


@dataclass
class Calon:
    """A finding before cells are shared out: its code (and variant), the cells of one sheet,
    or no sheet for the whole file, the fields of its message, the values."""

    kode: str
    lembar: str | None
    sel: list[str] = field(default_factory=list)
    isi: dict[str, object] = field(default_factory=dict)
    tercatat: Nilai = None
    seharusnya: Nilai = None
    varian: str | None = None


@dataclass(frozen=True)
class _HitungUlang:
    """Formula cells compared with their stored values: groups of differing cells per key
    (code, sheet, group, reason), an example pair per AUD08 key, and the cells not compared."""

    per: dict[tuple, list[str]]
    contoh: dict[tuple, tuple[Nilai, Nilai]]
    tanpa_tersimpan: int
    volatil: int


@dataclass
class KonteksAudit:
    """One loaded workbook and what the audit's checks share, each computed once when a check
    first asks: the template's formulas and inputs, each formula group's scan, the cells in
    cycles, the recomputation against the stored values."""

    b: Berkas

    @property
    def h(self) -> Perhitungan:
        return self.b.hitungan

    @property
    def wb(self) -> Workbook:
        return self.b.wb

    @cached_property
    def urut_lembar(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.wb.sheetnames)}

    @cached_property
    def pemindai(self) -> Pemindai:
        return Pemindai(self.wb)

    @cached_property
    def templat(self) -> dict[Sel, Any]:
        """The template's formula of each formula cell (xlkinerja workbooks only)."""
        return {} if self.b.bacaan is None else rumus_templat(self.b.bacaan, self.pemindai)

    @cached_property
    def harus(self) -> dict[Sel, str]:
        """The R1C1 form of the template's formula of each formula cell."""
        return {s: p.kunci for s, p in self.templat.items()}

    @cached_property
    def isian(self) -> tuple[set[Sel], set[Sel]]:
        """The template's input cells, and those of them holding numbers."""
        isian: set[Sel] = set()
        angka: set[Sel] = set()
        if self.b.bacaan is None:
            return isian, angka
        harus, tata = self.harus, self.b.bacaan.tata
        for t in S.TABEL.values():
            if t.kunci in ("narasi", "temuan"):
                continue
            kolom = [(get_column_letter(i), k) for i, k in enumerate(t.kolom, 1) if k.isian]
            for r in range(tata.awal(t), tata.akhir(t) + 1):
                for huruf, k in kolom:
                    s = (t.lembar, f"{huruf}{r}")
                    if s not in harus:
                        isian.add(s)
                        if k.format in _FORMAT_ANGKA:
                            angka.add(s)
        for nama in self.wb.defined_names:  # the settings cells of Pengaturan
            if nama.startswith("xk_"):
                tujuan = self.b.bacaan.buku.sel_nama(nama)
                if tujuan is not None:
                    isian.add(tujuan)
        ang = S.ANGGARAN
        for n in range(1, len(S.JENIS_BELANJA) + 1):
            for kol in ("pagu", "realisasi"):
                s = (ang.lembar, f"{ang.huruf(kol)}{tata.belanja + n}")
                if s not in harus:
                    isian.add(s)
                    angka.add(s)
        return isian, angka

    @cached_property
    def anggota(self) -> dict[str, list[Sel]]:
        """The cells of each formula group (same R1C1 formula)."""
        return self.h.anggota()

    @cached_property
    def pindaian(self) -> dict[str, Any]:
        """Each group's formula scanned: how each reference is written, to find its cells."""
        out: dict[str, Any] = {}
        for kunci, sel_sel in self.anggota.items():
            t, a = sel_sel[0]
            r, c = _rc(a)
            try:
                out[kunci] = self.pemindai.pindai(self.h.rumus[sel_sel[0]], r, c, t)
            except Exception:  # noqa: BLE001 - reported through h.galat
                out[kunci] = None
        return out

    def isi(self, lembar: str, r: int, c: int) -> Any:
        return self.b.isi(lembar, r, c)

    def jenis(self, lembar: str, r: int, c: int) -> tuple | None:
        """What a cell holds, for pattern checks: ("n",) a typed number, ("f", group) a formula
        giving a number, ("ft", group) another formula, ("b",) a logical, ("t",) text, None
        empty."""
        v = self.b.isi(lembar, r, c)
        if v is None:
            return None
        s = (lembar, _a1(r, c))
        h = self.h
        if s in h.kelompok:
            return ("f", h.kelompok[s]) if is_number(h.nilai.get(s)) else ("ft", h.kelompok[s])
        if isinstance(v, bool):
            return ("b",)
        if is_number(v):
            return ("n",)
        return ("t",)

    @cached_property
    def di_siklus(self) -> set[Sel]:
        return {s for siklus in self.h.siklus for s in siklus}

    @cached_property
    def beda_templat(self) -> tuple[dict[tuple, list[str]], dict[tuple, tuple[Any, str]]]:
        """Template cells whose content is not the template's formula, grouped per key
        (code, sheet, column[, group]); an example (content, template formula) per key."""
        h = self.h
        per: dict[tuple, list[str]] = {}
        contoh: dict[tuple, tuple[Any, str]] = {}
        for (lembar, sel_), p in self.templat.items():
            r, c = _rc(sel_)
            ada = self.b.isi(lembar, r, c)
            if isinstance(ada, str) and ada.startswith("="):
                kunci = h.kelompok.get((lembar, sel_), ada)
                if kunci.replace(" ", "") == p.kunci.replace(" ", ""):
                    continue
                key = ("AUD02", lembar, c, kunci)
            elif ada in (None, ""):
                key = ("AUD03", lembar, c)
            elif isinstance(ada, str) or is_number(ada) or isinstance(ada, bool):
                key = ("AUD01", lembar, c)
            else:  # an array formula or other formula object
                key = ("AUD02", lembar, c, h.kelompok.get((lembar, sel_), str(ada)))
            per.setdefault(key, []).append(sel_)
            contoh.setdefault(key, (ada, _cetak(p, r, c) or p.kunci))
        return per, contoh

    @cached_property
    def hitung_ulang(self) -> _HitungUlang:
        """Every formula cell outside a cycle: unsupported (AUD09), failed (AUD10), or its
        recomputed value against the stored one (AUD08); volatile groups and cells without a
        stored value are counted, not compared."""
        h, tersimpan_ = self.h, self.b.tersimpan
        tanpa = volatil = 0
        per: dict[tuple, list[str]] = {}
        contoh: dict[tuple, tuple[Nilai, Nilai]] = {}
        for kunci, sel_sel in self.anggota.items():
            p = self.pindaian.get(kunci)
            berubah = p is not None and bool(p.fungsi & _VOLATIL)
            for s in sel_sel:
                if s in self.di_siklus or s not in h.rumus:
                    continue
                if s in h.tidak_didukung:
                    key = ("AUD09", s[0], kunci, h.tidak_didukung[s])
                elif s in h.galat:
                    key = ("AUD10", s[0], kunci, h.galat[s])
                else:
                    if s not in tersimpan_:
                        tanpa += 1
                        continue
                    v, tersimpan = h.nilai.get(s), tersimpan_[s]
                    if berubah:
                        volatil += 1
                        continue
                    if str(v) == "#CIRC!" or sama_persis(tersimpan, v):
                        continue
                    key = ("AUD08", s[0], kunci)
                    contoh.setdefault(key, (tersimpan, v))
                per.setdefault(key, []).append(s[1])
        return _HitungUlang(per, contoh, tanpa, volatil)

    def kolom_templat(self, lembar: str, sel: str) -> str:
        """ " (<column title>)" of a template table cell, else ""."""
        return _judul_kolom(lembar, sel, self.b)


# -- the checks, one function per code; whole-file findings are reported in this order ----------

Hasil = Iterator[Calon]


@AUDIT.cek("AUD13")
def perhitungan_manual(k: KonteksAudit) -> Hasil:
    """The workbook's calculation mode is Manual."""
    calc = getattr(k.wb, "calculation", None)
    if calc is not None and str(getattr(calc, "calcMode", "") or "").lower() == "manual":
        yield Calon("AUD13", None)


@AUDIT.cek("AUD12")
def tautan_berkas_lain(k: KonteksAudit) -> Hasil:
    """Links to other workbooks: the workbook's, then each formula group referring to one."""
    tautan = []
    for link in getattr(k.wb, "_external_links", []) or []:
        fl = getattr(link, "file_link", None)
        tautan.append(str(getattr(fl, "Target", None) or "?"))
    if tautan:
        yield Calon("AUD12", None, isi={"tautan": ", ".join(tautan)}, varian="berkas")
    h = k.h
    for sel_sel in k.anggota.values():
        if _EKSTERNAL.search(_STRING.sub('""', h.rumus[sel_sel[0]])):
            for lembar, daftar in _per_lembar(sel_sel).items():
                yield Calon("AUD12", lembar, daftar, tercatat=h.rumus[sel_sel[0]][:200])


@AUDIT.cek("AUD02")
def rumus_beda_templat(k: KonteksAudit) -> Hasil:
    """A workbook that looks like the template but cannot be read as one; then template formula
    cells holding another formula, per column and group."""
    if k.b.masalah_templat:
        yield Calon("AUD02", None, isi={"masalah": k.b.masalah_templat}, varian="berkas")
    per, contoh = k.beda_templat
    for key, daftar in per.items():
        if key[0] != "AUD02":
            continue
        _, lembar, _, _ = key
        ada, f = contoh[key]
        tetangga = _tetangga_sama(k.h, lembar, daftar[0]) and len(daftar) == 1
        yield Calon(
            "AUD02",
            lembar,
            daftar,
            {
                "kolom": k.kolom_templat(lembar, daftar[0]),
                "metode": k.b.bacaan.metode.kode,
                "tetangga": " dan dari rumus baris di atas dan di bawahnya" if tetangga else "",
            },
            ada if not isinstance(ada, str) else ada[:200],
            f[:200],
        )


@AUDIT.cek("AUD05")
def referensi_melingkar(k: KonteksAudit) -> Hasil:
    """One finding per cycle of formulas depending on themselves."""
    for siklus in k.h.siklus:
        lembar = siklus[0][0]
        nama = ", ".join(f"{t}!{a}" for t, a in siklus[:8]) + (" ..." if len(siklus) > 8 else "")
        yield Calon(
            "AUD05",
            lembar,
            [a for t, a in siklus if t == lembar],
            {"siklus": nama},
            k.h.rumus.get(siklus[0]),
        )


@AUDIT.cek("AUD15")
def rujukan_terhapus(k: KonteksAudit) -> Hasil:
    """Formula groups holding #REF! (outside text literals)."""
    h = k.h
    for sel_sel in k.anggota.values():
        if "#REF!" in _STRING.sub('""', h.rumus[sel_sel[0]]):
            for lembar, daftar in _per_lembar(sel_sel).items():
                yield Calon("AUD15", lembar, daftar, tercatat=h.rumus[sel_sel[0]][:200])


@AUDIT.cek("AUD01")
def angka_diketik(k: KonteksAudit) -> Hasil:
    """A value typed over a template formula, per column; then, anywhere, a number typed inside
    a column of identical formulas."""
    per, contoh = k.beda_templat
    for key, daftar in per.items():
        if key[0] == "AUD01":
            ada, f = contoh[key]
            kolom = k.kolom_templat(key[1], daftar[0])
            yield Calon(
                "AUD01",
                key[1],
                daftar,
                {"kolom": kolom},
                ada if not isinstance(ada, str) else ada[:200],
                f[:200],
            )
    h = k.h
    isian, _ = k.isian
    for ws in k.wb.worksheets:
        t = ws.title
        for (r, c), cell in peta_sel(ws).items():
            if cell.data_type == "f" or not is_number(cell.value) or isinstance(cell.value, bool):
                continue
            s = (t, _a1(r, c))
            if s in isian or s in k.harus:
                continue
            atas, bawah = h.kelompok.get((t, _a1(r - 1, c))), h.kelompok.get((t, _a1(r + 1, c)))
            if atas is not None and atas == bawah:
                yield Calon(
                    "AUD01",
                    t,
                    [s[1]],
                    {"sumber": f"{t}!{_a1(r - 1, c)}"},
                    cell.value,
                    h.rumus.get((t, _a1(r - 1, c)), "")[:200],
                    varian="kolom",
                )


@AUDIT.cek("AUD03")
def rumus_hilang(k: KonteksAudit) -> Hasil:
    """Template formula cells left empty, per column."""
    per, contoh = k.beda_templat
    for key, daftar in per.items():
        if key[0] == "AUD03":
            ada, f = contoh[key]
            kolom = k.kolom_templat(key[1], daftar[0])
            yield Calon("AUD03", key[1], daftar, {"kolom": kolom}, ada, f[:200])


@AUDIT.cek("AUD04")
def rumus_tidak_konsisten(k: KonteksAudit) -> Hasil:
    """A formula breaking a column (or row) of identical formulas; template cells are judged
    against the template's rendering instead (AUD02)."""
    h = k.h
    for s, kel in h.kelompok.items():
        if s in k.harus:
            continue
        lembar, a = s
        r, c = _rc(a)
        for d1, d2 in (((-1, 0), (1, 0)), ((0, -1), (0, 1))):
            if r + d1[0] < 1 or c + d1[1] < 1:
                continue
            p = h.kelompok.get((lembar, _a1(r + d1[0], c + d1[1])))
            q = h.kelompok.get((lembar, _a1(r + d2[0], c + d2[1])))
            if p is not None and p == q and p != kel:
                ref = (lembar, _a1(r + d1[0], c + d1[1]))
                yield Calon(
                    "AUD04",
                    lembar,
                    [a],
                    {"arah": "kolom" if d1[1] == 0 else "baris", "rujukan": f"{lembar}!{ref[1]}"},
                    h.rumus[s][:200],
                    (_cetak(k.pindaian.get(p), r, c) or h.rumus[ref])[:200],
                )
                break


@AUDIT.cek("AUD06")
def rentang_pendek(k: KonteksAudit) -> Hasil:
    """An aggregate's range stopping one row before the end of its block, per group and sheet."""
    for kunci, sel_sel in k.anggota.items():
        p = k.pindaian.get(kunci)
        if p is None or not (p.fungsi & _AGREGAT):
            continue
        pendek: dict[str, list[tuple[str, str, str]]] = {}
        for lembar, a in sel_sel:
            for rng, lewat in _rentang_pendek(k, p, lembar, a):
                pendek.setdefault(lembar, []).append((a, rng, lewat))
        for lembar, daftar in pendek.items():
            a, rng, lewat = daftar[0]
            yield Calon(
                "AUD06",
                lembar,
                sorted({x[0] for x in daftar}, key=_rc),
                {"rentang": rng, "lewat": lewat},
                k.h.rumus[(lembar, a)][:200],
            )


def _rentang_pendek(k: KonteksAudit, p: Any, lembar: str, a: str) -> Iterator[tuple[str, str]]:
    """The ranges of one formula cell that stop a row short of their block: (range, the cell
    left out)."""
    r0, c0 = _rc(a)
    for sp in p.spek:
        if not sp[4]:
            continue
        ra, rb = sp[2], sp[3]
        if ra[0] is None or rb[0] is None or (ra[1] and not rb[1]):
            continue  # whole columns; running totals ($A$1:A5)
        target = sp[0] if sp[1] else lembar
        if target is None:
            continue
        r1, c1, r2, c2 = posisi(sp, r0, c0)
        if c1 != c2 or r2 <= r1 or r2 >= 1_048_575:
            continue
        if (target, r2 + 1, c1) == (lembar, r0, c0):
            continue
        akhir = k.jenis(target, r2, c1)
        lewat = k.jenis(target, r2 + 1, c1)
        if akhir is None or akhir[0] not in ("n", "f") or lewat != akhir:
            continue
        if (target, r2 + 2, c1) != (lembar, r0, c0) and k.jenis(target, r2 + 2, c1) == akhir:
            continue  # the block goes on: a deliberate part of a longer column
        yield f"{_a1(r1, c1)}:{_a1(r2, c1)}", f"{target}!{_a1(r2 + 1, c1)}"


@AUDIT.cek("AUD08")
def nilai_tersimpan_beda(k: KonteksAudit) -> Hasil:
    """Stored values differing from the recomputed ones, per group."""
    hu = k.hitung_ulang
    for key, daftar in hu.per.items():
        if key[0] == "AUD08":
            tersimpan, v = hu.contoh[key]
            isi = {"tersimpan": teks_audit(tersimpan), "hitung": teks_audit(v)}
            yield Calon("AUD08", key[1], daftar, isi, tersimpan, v)


@AUDIT.cek("AUD09")
def fungsi_tidak_didukung(k: KonteksAudit) -> Hasil:
    """Formulas using a function the recomputation engine does not know, per group."""
    for key, daftar in k.hitung_ulang.per.items():
        if key[0] == "AUD09":
            rumus = k.h.rumus[(key[1], daftar[0])][:200]
            yield Calon("AUD09", key[1], daftar, {"fungsi": key[3]}, rumus)


@AUDIT.cek("AUD10")
def tidak_dapat_dihitung(k: KonteksAudit) -> Hasil:
    """Formulas the engine could not recompute, per group and reason."""
    for key, daftar in k.hitung_ulang.per.items():
        if key[0] == "AUD10":
            rumus = k.h.rumus[(key[1], daftar[0])][:200]
            yield Calon("AUD10", key[1], daftar, {"galat": key[3]}, rumus)


@AUDIT.cek("AUD14")
def tanpa_nilai_tersimpan(k: KonteksAudit) -> Hasil:
    """Formula cells the file stores no value for (saved by a program that does not compute)."""
    tanpa = k.hitung_ulang.tanpa_tersimpan
    if k.h.rumus and tanpa:
        yield Calon("AUD14", None, isi={"tanpa": tanpa, "semua": len(k.h.rumus)})


@AUDIT.cek("AUD16")
def fungsi_volatil(k: KonteksAudit) -> Hasil:
    """Cells of volatile functions (NOW, RAND, OFFSET ...): counted, their values not compared."""
    if k.hitung_ulang.volatil:
        yield Calon("AUD16", None, isi={"n": k.hitung_ulang.volatil})


@AUDIT.cek("AUD07")
def angka_sebagai_teks(k: KonteksAudit) -> Hasil:
    """Numbers stored as text: in the template's number inputs (galat), or among numbers."""
    isian, isian_angka = k.isian
    for ws in k.wb.worksheets:
        t = ws.title
        for (r, c), cell in peta_sel(ws).items():
            v = cell.value
            if cell.data_type != "s" or not isinstance(v, str) or not v.strip():
                continue
            s = (t, _a1(r, c))
            if s in isian_angka:
                angka = _angka_teks(v, longgar=True)
                varian = "isian"
            elif s in isian or s in k.harus:
                continue
            else:
                angka = _angka_teks(v, longgar=False)
                varian = None
                if angka is not None and not any(
                    (j := k.jenis(t, r + d, c)) is not None and j[0] in ("n", "f") for d in (-1, 1)
                ):
                    angka = None  # text among texts (codes, labels): not a number column
            if angka is None:
                continue
            isi = {"teks": v, "angka": teks_audit(angka)}
            yield Calon("AUD07", t, [s[1]], isi, v, angka, varian)


@AUDIT.cek("AUD17")
def galat_diketik(k: KonteksAudit) -> Hasil:
    """Error values typed as constants (#N/A, #DIV/0! …) outside formulas, per sheet: the
    formulas reading them show the same error when recomputed, so the recomputation alone
    cannot see them. The Temuan and Narasi sheets hold xlkinerja's own text and are skipped."""
    lewati = {S.TEMUAN.lembar, S.NARASI.lembar}
    for ws in k.wb.worksheets:
        t = ws.title
        if t in lewati:
            continue
        per: dict[str, list[str]] = {}
        for (r, c), cell in sorted(peta_sel(ws).items()):
            if cell.data_type == "e" and isinstance(cell.value, str):
                per.setdefault(cell.value.strip().upper(), []).append(_a1(r, c))
        for galat, daftar in per.items():
            kolom = k.kolom_templat(t, daftar[0])
            yield Calon("AUD17", t, daftar, {"galat": galat, "kolom": kolom}, Galat(galat))


@AUDIT.cek("AUD11")
def rujukan_kosong(k: KonteksAudit) -> Hasil:
    """Formulas (outside the template's own) referring to an empty cell that is not an input."""
    isian, _ = k.isian
    for kunci, sel_sel in k.anggota.items():
        p = k.pindaian.get(kunci)
        if p is None:
            continue
        kosong: dict[str, list[tuple[str, str]]] = {}
        for lembar, a in sel_sel:
            if (lembar, a) in k.harus:
                continue
            r0, c0 = _rc(a)
            for sp in p.spek:
                if sp[4]:
                    continue
                target = sp[0] if sp[1] else lembar
                if target is None:
                    continue
                r1, c1, _, _ = posisi(sp, r0, c0)
                if (target, _a1(r1, c1)) in isian or k.isi(target, r1, c1) is not None:
                    continue
                kosong.setdefault(lembar, []).append((a, f"{target}!{_a1(r1, c1)}"))
                break
        for lembar, daftar in kosong.items():
            yield Calon(
                "AUD11",
                lembar,
                [x[0] for x in daftar],
                {"rujukan": daftar[0][1]},
                k.h.rumus[(lembar, daftar[0][0])][:200],
            )


# -- running the audit ----------------------------------------------------------------------------


def audit(path: str | Path, batas_waktu: float | None = BATAS_WAKTU) -> list[Temuan]:
    """Findings of one file (read-only); a file that cannot be read is one finding (BACA01,
    tingkat "tidak terbaca"), with the reason in Indonesian."""
    path = Path(path)
    try:
        b = muat(path, batas_waktu)
    except Exception as e:  # noqa: BLE001 - any unreadable file is one finding
        return [_tidak_terbaca(path, e)]
    try:
        with tanpa_gc():
            return temuan_audit(b)
    except Exception:  # noqa: BLE001 - an internal failure: this file only, others go on
        log.exception("%s: audit gagal", path)
        return [temuan("BACA01", AUDIT.sumber, varian="internal", tempat=path.name, file=str(path))]


def _tidak_terbaca(path: Path, e: Exception) -> Temuan:
    if isinstance(e, GalatBuku):
        alasan = str(e)
    else:  # not expected: muat turns failures into GalatBuku
        log.debug("%s: tidak terbaca", path, exc_info=e)
        alasan = (
            f"{path.name}: tidak dapat dibuka sebagai buku kerja Excel (.xlsx/.xlsm). Periksa "
            "bahwa berkas tidak rusak dan memang berkas Excel, simpan ulang dari Excel, lalu ulangi"
        )
    return temuan("BACA01", AUDIT.sumber, isi={"alasan": alasan}, file=str(path))


def temuan_audit(b: Berkas) -> list[Temuan]:
    """Every registered check on a loaded workbook: findings about the whole file first, in
    check order, then one finding per cell (see `PRIORITAS`), in sheet and cell order."""
    k = KonteksAudit(b)
    berkas: list[Temuan] = []
    calon: list[Calon] = []
    for cek in AUDIT:
        for x in cek.fungsi(k):
            pastikan_kode(cek, x.kode)
            if x.lembar is None:
                berkas.append(
                    temuan(
                        x.kode,
                        AUDIT.sumber,
                        tempat=b.path.name,
                        varian=x.varian,
                        isi=x.isi,
                        file=str(b.path),
                    )
                )
            else:
                calon.append(x)
    return berkas + _satukan(b, calon, k.urut_lembar)


def rumus_templat(bacaan: Any, pemindai: Pemindai) -> dict[Sel, Any]:
    """The template's formula of every formula cell (as `baca.rumus_buku`), as the scan of its
    text (`.kunci` = R1C1 form, `.cetak(r, c)` = A1 text). A table column's formula is copied
    down, so it is rendered at the column's first and last rows and, when both have one R1C1
    form, shared by the rows between; otherwise every row is rendered."""
    from xlkinerja.templat.baca import TABEL_RUMUS
    from xlkinerja.templat.bangun import rumus_induk, rumus_kolom, rumus_tetap

    m, tata = bacaan.metode, bacaan.tata
    out: dict[Sel, Any] = {}

    def taruh(lembar: str, r: int, c: int, f: str) -> None:
        out[(lembar, _a1(r, c))] = pemindai.pindai(f, r, c, lembar)

    for kunci in TABEL_RUMUS:
        t = S.TABEL[kunci]
        r1, r2 = tata.awal(t), tata.akhir(t)
        for c, k in enumerate(t.kolom, 1):
            if k.isian:
                continue
            f1 = rumus_kolom(m, kunci, k.kunci, r1, tata)
            if not f1:
                continue
            p1 = pemindai.pindai(f1, r1, c, t.lembar)
            p2 = pemindai.pindai(rumus_kolom(m, kunci, k.kunci, r2, tata), r2, c, t.lembar)
            if p1.kunci == p2.kunci and p1.antara is not None:
                for r in range(r1, r2 + 1):
                    out[(t.lembar, _a1(r, c))] = p1
            else:
                for r in range(r1, r2 + 1):
                    f = rumus_kolom(m, kunci, k.kunci, r, tata)
                    if f:
                        taruh(t.lembar, r, c, f)
    rows = bacaan.baris["anggaran"]
    t = S.ANGGARAN
    for r, v in rows:
        if bacaan.anak[r]:
            for kol in ("pagu", "realisasi"):
                taruh(t.lembar, r, t.indeks(kol), rumus_induk(kol, r, str(v["tingkat"]), tata))
    for (lembar, sel), f in rumus_tetap(m, tata).items():
        taruh(lembar, *_rc(sel), f)
    return out


def _judul_kolom(lembar: str, sel: str, b: Berkas) -> str:
    if b.bacaan is None:
        return ""
    r, c = _rc(sel)
    tata = b.bacaan.tata
    for t in S.TABEL.values():
        if t.lembar == lembar and tata.awal(t) <= r <= tata.akhir(t) and c <= len(t.kolom):
            return f" ({t.kolom[c - 1].judul})"
    return ""


def _tetangga_sama(h: Perhitungan, lembar: str, sel: str) -> bool:
    r, c = _rc(sel)
    if r < 2:
        return False
    p, q = h.kelompok.get((lembar, _a1(r - 1, c))), h.kelompok.get((lembar, _a1(r + 1, c)))
    return p is not None and p == q and p != h.kelompok.get((lembar, sel))


def _cetak(p: Any, r: int, c: int) -> str | None:
    if p is None or p.antara is None:
        return None
    try:
        return p.cetak(r, c)
    except Exception:  # noqa: BLE001
        return None


def _per_lembar(sel_sel: list[Sel]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for t, a in sel_sel:
        out.setdefault(t, []).append(a)
    return out


_ANGKA_KETAT = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?|[+-]?\d+\.\d+")


def _angka_teks(v: str, longgar: bool) -> float | None:
    """The number a text holds: in a template number column any readable number ('85,71',
    '75 %', 'Rp 1.000'); elsewhere only plain digits."""
    t = v.strip()
    if t in ("-", "–"):
        return None
    if longgar:
        from xlkinerja.inti.angka import baca_angka

        a = baca_angka(t)
        return a.nilai
    if not _ANGKA_KETAT.fullmatch(t):
        return None
    try:
        if "," in t or re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+", t):
            return float(t.replace(".", "").replace(",", "."))
        return float(t)
    except ValueError:
        return None


def _satukan(b: Berkas, calon: list[Calon], urut_lembar: dict[str, int]) -> list[Temuan]:
    """One finding per cell (highest priority wins); groups keep the cells left to them. The
    message opens with the cells ("Pengukuran!L6:L20 (15 sel)")."""
    prioritas = {k: i for i, k in enumerate(PRIORITAS)}
    calon.sort(key=lambda x: prioritas[x.kode])
    dipakai: set[Sel] = set()
    out: list[tuple[tuple, Temuan]] = []
    for x in calon:
        sisa = [a for a in x.sel if (x.lembar, a) not in dipakai]
        if not sisa:
            continue
        dipakai.update((x.lembar, a) for a in sisa)
        areas = ringkas(sisa)
        n = len(sisa)
        letak = f"{x.lembar}!{_daftar(areas)}" + (f" ({n} sel)" if n > 1 else "")
        r, c = _rc(sisa[0]) if len(areas) > 1 else _rc(areas[0].split(":")[0])
        t = temuan(
            x.kode,
            AUDIT.sumber,
            tempat=letak,
            varian=x.varian,
            isi=x.isi,
            lembar=x.lembar,
            sel=areas[0] if len(areas) == 1 else min(sisa, key=_rc_urut),
            tercatat=x.tercatat,
            seharusnya=x.seharusnya,
            file=str(b.path),
        )
        out.append(((urut_lembar.get(x.lembar, 999), r, c, x.kode), t))
    out.sort(key=lambda x: x[0])
    return [t for _, t in out]


def _rc_urut(a: str) -> tuple[int, int]:
    r, c = _rc(a)
    return c, r


def sel_pertama(sel: str | None) -> str | None:
    """The first cell of a finding's `sel` ("L6:L20" -> "L6")."""
    return sel.split(":")[0] if sel else sel


# -- comparing two versions -----------------------------------------------------------------------


def _tanda_baris(b: Berkas, lembar: str, r: int, maks_kolom: int) -> tuple:
    """What identifies a row: the template's key (table, code) in template tables, else the
    texts typed in the row and the formula groups it holds."""
    if b.bacaan is not None:
        tata = b.bacaan.tata
        for t in S.TABEL.values():
            if t.lembar != lembar or not tata.awal(t) <= r <= tata.akhir(t):
                continue
            kolom = [k.kunci for k in t.kolom]
            for kunci in ("kode", "kode_sasaran", "kode_misi", t.kunci_baris):
                if kunci in kolom:
                    v = b.isi(lembar, r, t.indeks(kunci))
                    if v not in (None, ""):
                        return ("tabel", t.kunci, str(v).strip())
            break
    cells = peta_sel(b.wb[lembar])
    teks, rumus = [], []
    for c in range(1, maks_kolom + 1):
        cell = cells.get((r, c))
        if cell is None or cell.value is None:
            continue
        if cell.data_type == "f":
            rumus.append((c, b.hitungan.kelompok.get((lembar, _a1(r, c)))))
        elif isinstance(cell.value, str):
            teks.append((c, cell.value.strip()))
    return ("baris", tuple(teks), tuple(rumus))


def _berisi(b: Berkas, lembar: str, r: int, maks_kolom: int) -> bool:
    """A row worth reporting as inserted or removed: something typed in it, or (outside the
    template's prepared table rows) a formula."""
    cells = peta_sel(b.wb[lembar])
    isi = [cells.get((r, c)) for c in range(1, maks_kolom + 1)]
    isi = [x for x in isi if x is not None and x.value not in (None, "")]
    if any(x.data_type != "f" for x in isi):
        return True
    if not isi or b.bacaan is None:
        return bool(isi)
    tata = b.bacaan.tata
    return not any(
        t.lembar == lembar and tata.awal(t) <= r <= tata.akhir(t) for t in S.TABEL.values()
    )


def _label(b: Berkas, lembar: str, r: int, maks_kolom: int) -> str:
    tanda = _tanda_baris(b, lembar, r, maks_kolom)
    cells = peta_sel(b.wb[lembar])
    teks = [f"kode {tanda[2]}"] if tanda[0] == "tabel" else []
    for c in range(1, maks_kolom + 1):
        cell = cells.get((r, c))
        if cell is not None and isinstance(cell.value, str) and not cell.value.startswith("="):
            teks.append(cell.value.strip())
        if len(teks) == 4:
            break
    return " | ".join(teks)[:160]


def _pasangan(
    lama: Berkas, baru: Berkas, lembar: str
) -> tuple[list[tuple[int, int]], list[int], list[int], int]:
    """Matched rows (old, new), rows only in the old file, rows only in the new file."""
    wl, wn = lama.wb[lembar], baru.wb[lembar]
    kol = max(wl.max_column, wn.max_column)
    nl = max(wl.max_row, 1)
    nn = max(wn.max_row, 1)
    tl = [_tanda_baris(lama, lembar, r, kol) for r in range(1, nl + 1)]
    tn = [_tanda_baris(baru, lembar, r, kol) for r in range(1, nn + 1)]
    sm = difflib.SequenceMatcher(None, tl, tn, autojunk=False)
    pasang: list[tuple[int, int]] = []
    hapus: list[int] = []
    tambah: list[int] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            pasang += [(i + 1, j + 1) for i, j in zip(range(i1, i2), range(j1, j2))]
        elif op == "replace":
            n = min(i2 - i1, j2 - j1)
            # rows with a template key only pair with the same key
            for k in range(n):
                a, c = tl[i1 + k], tn[j1 + k]
                if a[0] == "tabel" or c[0] == "tabel":
                    hapus.append(i1 + k + 1)
                    tambah.append(j1 + k + 1)
                else:
                    pasang.append((i1 + k + 1, j1 + k + 1))
            hapus += [i + 1 for i in range(i1 + n, i2)]
            tambah += [j + 1 for j in range(j1 + n, j2)]
        elif op == "delete":
            hapus += [i + 1 for i in range(i1, i2)]
        else:
            tambah += [j + 1 for j in range(j1, j2)]
    return pasang, hapus, tambah, kol


def _blok(rows: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for r in sorted(rows):
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def _isi_teks(v: Nilai, maks: int = 80) -> str:
    """A cell's content for a message: formulas shortened, texts quoted."""
    if isinstance(v, str) and not isinstance(v, Galat):
        v = v if len(v) <= maks else v[: maks - 1] + "…"
        return v if v.startswith("=") else f"'{v}'"
    return teks_audit(v)


class _Perubahan(list[Temuan]):
    """The changes found, appended through `catat` (severity and message from the catalogue)."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file

    def catat(
        self,
        kode: str,
        lembar: str | None,
        sel: str | None,
        tempat: str,
        isi: dict[str, object],
        lama: Nilai = None,
        baru: Nilai = None,
    ) -> None:
        k = KATALOG[kode]
        self.append(
            Perubahan(
                kode=kode,
                tingkat=k.tingkat,
                pesan=k.pesan(tempat, **isi),
                lembar=lembar,
                sel=sel,
                sumber="Banding",
                file=self.file,
                lama=lama,
                baru=baru,
            )
        )


def banding(path_lama: str | Path, path_baru: str | Path) -> list[Temuan]:
    """What changed from `path_lama` to `path_baru` (neither file is modified): sheets added or
    removed, then per sheet rows removed and added, inputs, formulas and results changed."""
    path_lama, path_baru = Path(path_lama), Path(path_baru)
    berkas, gagal = [], []
    for p in (path_lama, path_baru):
        try:
            berkas.append(muat(p))
        except Exception as e:  # noqa: BLE001
            gagal.append(_tidak_terbaca(p, e))
    if gagal:
        return gagal
    lama, baru = berkas
    out = _Perubahan(f"{path_lama} → {path_baru}")
    for t in lama.wb.sheetnames:
        if t not in baru.wb.sheetnames:
            out.catat("BND06", t, None, "", {"lembar": t, "arah": "dihapus"})
    for t in baru.wb.sheetnames:
        if t not in lama.wb.sheetnames:
            out.catat("BND06", t, None, "", {"lembar": t, "arah": "ditambahkan"})
    abaikan = {S.TEMUAN.lembar} if baru.bacaan is not None else set()
    for lembar in baru.wb.sheetnames:
        if lembar in lama.wb.sheetnames and lembar not in abaikan:
            _banding_lembar(lama, baru, lembar, out)
    return list(out)


def _banding_lembar(lama: Berkas, baru: Berkas, lembar: str, out: _Perubahan) -> None:
    """One sheet present in both versions: rows removed and added, then its cells."""
    pasang, hapus, tambah, kol = _pasangan(lama, baru, lembar)
    hapus = [r for r in hapus if _berisi(lama, lembar, r, kol)]
    tambah = [r for r in tambah if _berisi(baru, lembar, r, kol)]
    for kode, versi, rows in (("BND05", lama, hapus), ("BND04", baru, tambah)):
        for r1, r2 in _blok(rows):
            isi = {
                "n": r2 - r1 + 1,
                "baris": f"{r1}–{r2}" if r2 > r1 else f"{r1}",
                "label": _label(versi, lembar, r1, kol),
            }
            out.catat(kode, lembar, f"A{r1}", lembar, isi)
    _banding_sel(lama, baru, lembar, pasang, kol, out)


def _banding_sel(
    lama: Berkas,
    baru: Berkas,
    lembar: str,
    pasang: list[tuple[int, int]],
    kol: int,
    out: _Perubahan,
) -> None:
    """The cells of matched rows: each changed input (BND01), then formulas changed per
    column and formula pair (BND02), then results changed per column (BND03)."""
    hasil_berubah: dict[int, list[tuple[str, Nilai, Nilai]]] = {}
    rumus_berubah: dict[tuple, list[str]] = {}
    contoh: dict[tuple, tuple[Nilai, Nilai]] = {}
    cl, cn = peta_sel(lama.wb[lembar]), peta_sel(baru.wb[lembar])
    for ro, rn in pasang:
        for c in range(1, kol + 1):
            a, z = cl.get((ro, c)), cn.get((rn, c))
            va = None if a is None else a.value
            vz = None if z is None else z.value
            if va is None and vz is None:
                continue
            so, sn = (lembar, _a1(ro, c)), (lembar, _a1(rn, c))
            fa = a is not None and a.data_type == "f"
            fz = z is not None and z.data_type == "f"
            if not fa and not fz:
                if not sama_persis(va, vz):
                    isi = {"lama": _isi_teks(va), "baru": _isi_teks(vz)}
                    out.catat("BND01", lembar, sn[1], f"{lembar}!{sn[1]}", isi, va, vz)
                continue
            ka = lama.hitungan.kelompok.get(so) if fa else None
            kz = baru.hitungan.kelompok.get(sn) if fz else None
            if ka != kz:
                key = (c, ka, kz)
                rumus_berubah.setdefault(key, []).append(sn[1])
                contoh.setdefault(key, (va, vz))
                continue
            na, nz = lama.hitungan.nilai.get(so), baru.hitungan.nilai.get(sn)
            if not sama_persis(na, nz):
                hasil_berubah.setdefault(c, []).append((sn[1], na, nz))
    for key, daftar in rumus_berubah.items():
        va, vz = contoh[key]
        areas = ringkas(daftar)
        out.catat(
            "BND02",
            lembar,
            areas[0],
            f"{lembar}!{_daftar(areas)}",
            {"lama": _isi_teks(va), "baru": _isi_teks(vz)},
            str(va)[:200] if va is not None else None,
            str(vz)[:200] if vz is not None else None,
        )
    for _c, daftar in sorted(hasil_berubah.items()):
        areas = ringkas([x[0] for x in daftar])
        n = len(daftar)
        sel0, na, nz = daftar[0]
        isi = {
            "jumlah": f" di {n} sel" if n > 1 else "",
            "contoh": sel0,
            "lama": _isi_teks(na),
            "baru": _isi_teks(nz),
        }
        out.catat("BND03", lembar, areas[0], f"{lembar}!{_daftar(areas)}", isi, na, nz)
