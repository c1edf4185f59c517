"""`Buku` over an xlwings Book: live Excel (Windows/macOS) or xlwings' remote engine.

A plan is written in blocks, not cell by cell: each cell's last write, fill and note are
collected, then written one range per block (`tata_tulis`). Two ways to form blocks:

- rectangles covering exactly the planned cells (`persegi`): every engine;
- one block per sheet and kind, the unplanned cells inside sent as null (`kotak_berlubang`):
  Office.js leaves a cell given null unchanged (Microsoft, "Blank and null values in Excel
  add-ins"), so it is used only where the actions reach Office.js as JSON: the remote engine
  under CPython (xlwings Server) with an Office.js client. Desktop COM clears a cell given
  None, and xlwings Lite hands actions over with Pyodide's `to_js`, which turns None into
  undefined: both get rectangles.

Formulas go through `Range.formula`, constants through `Range.value`, as the cell-by-cell
writer did, so Excel parses each cell as before. Fills: one range per rectangle of one colour
(desktop), or `Range.set_colors` over the sheet's marked area (remote: one action). Notes have
no bulk API: only notes whose text changes are written where the text can be read (desktop);
the remote engine cannot read a note's text, so it sets every planned note.
"""

from __future__ import annotations

import contextlib
import math
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from xlkinerja.buku.antarmuka import AWALAN_CATATAN, WARNA_TANDA, Buku, Rencana, pisah_sel, sel
from xlkinerja.inti.rumus import Nilai

Sel = tuple[int, int]  # (row, column), 1-based
Persegi = tuple[int, int, int, int]  # first row, first column, last row, last column

MAKS_SEL_WARNA = 10_000  # xlwings' Range.set_colors takes at most this many cells per call
MAKS_SEL_BLOK = 100_000  # xlwings' default write budget; larger blocks are split in row bands

# App settings suspended while writing on engines that apply them at once (desktop Excel):
# (name, value while writing). Restored afterwards in every case, then one recalculation.
_TUNDA = (("screen_updating", False), ("enable_events", False), ("calculation", "manual"))


def _rumus(isi: Nilai) -> bool:
    return isinstance(isi, str) and isi.startswith("=")


def persegi(sel_: Iterable[Sel]) -> list[Persegi]:
    """Rectangles covering exactly the given cells: runs of consecutive rows per column,
    joined across adjacent columns that have the same run. Sorted by sheet position."""
    kolom: dict[int, list[int]] = {}
    for r, c in set(sel_):
        kolom.setdefault(c, []).append(r)
    terbuka: dict[tuple[int, int], list[int]] = {}  # (r1, r2) -> [c1, c2] still growing
    hasil: list[Persegi] = []
    for c in sorted(kolom):
        runs = []
        for r in sorted(kolom[c]):
            if runs and runs[-1][1] == r - 1:
                runs[-1][1] = r
            else:
                runs.append([r, r])
        lanjut = {}
        for r1, r2 in runs:
            k = terbuka.pop((r1, r2), None)
            if k is not None and k[1] == c - 1:
                k[1] = c
            else:
                if k is not None:  # same rows, but a column between: close it
                    hasil.append((r1, k[0], r2, k[1]))
                k = [c, c]
            lanjut[(r1, r2)] = k
        for (r1, r2), k in terbuka.items():  # runs that did not continue into this column
            hasil.append((r1, k[0], r2, k[1]))
        terbuka = lanjut
    hasil += [(r1, k[0], r2, k[1]) for (r1, r2), k in terbuka.items()]
    return sorted(hasil)


def kotak(sel_: Iterable[Sel]) -> Persegi:
    """The smallest rectangle holding all the given cells."""
    rs, cs = zip(*sel_, strict=True)
    return min(rs), min(cs), max(rs), max(cs)


def _pita(p: Persegi, maks: int) -> Iterator[Persegi]:
    """`p` cut into bands of whole rows of at most `maks` cells."""
    r1, c1, r2, c2 = p
    tinggi = max(1, maks // (c2 - c1 + 1))
    for r in range(r1, r2 + 1, tinggi):
        yield r, c1, min(r2, r + tinggi - 1), c2


def kotak_berlubang(sel_: Iterable[Sel], maks: int = MAKS_SEL_BLOK) -> list[Persegi]:
    """The given cells' bounding box (in row bands of at most `maks` cells), to be written with
    the cells outside `sel_` left unchanged."""
    sel_ = list(sel_)
    return list(_pita(kotak(sel_), maks)) if sel_ else []


@dataclass
class Blok:
    """One range to write: sheet, rectangle, and the contents row by row."""

    lembar: str
    persegi: Persegi
    isi: list[list[Any]]
    rumus: bool  # written through Range.formula (else Range.value)


@dataclass
class TataTulis:
    """A plan grouped for writing: content blocks, fills per sheet, notes per cell."""

    blok: list[Blok] = field(default_factory=list)
    warna: dict[str, dict[Sel, str | None]] = field(default_factory=dict)  # hex or None
    catatan: dict[tuple[str, Sel], str | None] = field(default_factory=dict)


_LUBANG = object()  # a cell inside a block that is not to be changed


def tata_tulis(rencana: Rencana, berlubang: bool) -> TataTulis:
    """Group a plan: each cell's last write, fill and note (as the cell-by-cell order leaves
    them), content in blocks of formulas and of constants. An empty cell (None) joins the
    formula blocks of its column when that column has formulas on the sheet."""
    isi: dict[str, dict[Sel, Nilai]] = {}
    for t in rencana.tulis:
        isi.setdefault(t.lembar, {})[pisah_sel(t.sel)] = t.isi
    tata = TataTulis()
    for lembar, sel_isi in isi.items():
        kolom_rumus = {c for (_, c), v in sel_isi.items() if _rumus(v)}
        rumus = {s for s, v in sel_isi.items() if _rumus(v) or (v is None and s[1] in kolom_rumus)}
        for jenis, kumpulan in ((False, set(sel_isi) - rumus), (True, rumus)):
            if not kumpulan:
                continue
            bentuk = kotak_berlubang(kumpulan) if berlubang else persegi(kumpulan)
            for p in bentuk:
                r1, c1, r2, c2 = p
                baris = [
                    [sel_isi[(r, c)] if (r, c) in kumpulan else _LUBANG for c in range(c1, c2 + 1)]
                    for r in range(r1, r2 + 1)
                ]
                tata.blok.append(Blok(lembar, p, baris, jenis))
    for m in rencana.tanda:
        s = pisah_sel(m.sel)
        warna = m.warna_asal if m.pesan is None else WARNA_TANDA
        tata.warna.setdefault(m.lembar, {})[s] = f"#{warna}" if warna else None
        tata.catatan[(m.lembar, s)] = None if m.pesan is None else AWALAN_CATATAN + m.pesan
    return tata


def _siapkan_xlwings(book: Any) -> Callable[[Any], Any]:
    """The engine's own conversion of one value for writing (what `Range.value` applies:
    None -> "", NaN -> "", dates as the engine wants them)."""
    try:
        siapkan = book.app.engine.impl.prepare_xl_data_element
    except AttributeError:
        siapkan = None
    if siapkan is None:
        return lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else v
    return lambda v: siapkan(v, {})


class BukuXlwings(Buku):
    def __init__(self, book: Any, berlubang: bool | None = None):
        """`berlubang`: write one block per sheet with unchanged cells as null; by default
        only where the actions reach Office.js as JSON (see the module docstring)."""
        self.book = book
        self.nama = book.name
        self._terkunci: list[Any] = []
        self._jauh = _mesin(book) == "remote"
        if berlubang is None:
            berlubang = self._jauh and _klien(book) == "Office.js" and sys.platform != "emscripten"
        self.berlubang = berlubang

    def lembar(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def nilai(self, lembar: str, rentang: str) -> list[list[Nilai]]:
        v = self.book.sheets[lembar][rentang].options(ndim=2).value
        return [[_ke_nilai(x) for x in baris] for baris in v]

    def sel_persen(self, lembar: str, rentang: str) -> set[tuple[int, int]] | None:
        """Desktop Excel gives each cell's number format; xlwings' remote engine (Lite, Server)
        does not send formats and cannot read them synchronously: None (unknown)."""
        from xlkinerja.buku.baca_cepat import format_persen

        rng = self.book.sheets[lembar][rentang]
        try:
            semua = rng.number_format  # one format for the whole range, or None when mixed
        except NotImplementedError:
            return None
        sel = [rng] if rng.count == 1 else list(rng)
        if semua is not None and not format_persen(semua):
            return set()
        return {
            (c.row, c.column)
            for c in sel
            if (semua is not None or format_persen(c.number_format))
            and isinstance(c.value, (int, float))
            and not isinstance(c.value, bool)
        }

    def sel_nama(self, nama: str) -> tuple[str, str] | None:
        for n in self.book.names:
            if n.name == nama:
                r = n.refers_to_range
                return r.sheet.name, r.address.replace("$", "")
        return None

    # One cell at a time: kept for the `Buku` interface; `terapkan` writes in blocks.
    def _tulis(self, lembar: str, sel: str, isi: Nilai) -> None:
        r = self.book.sheets[lembar][sel]
        if _rumus(isi):
            r.formula = isi
        else:
            r.value = isi

    def _warnai(self, lembar: str, sel: str, warna: str | None) -> None:
        self.book.sheets[lembar][sel].color = f"#{warna}" if warna else None

    def _catatan(self, lembar: str, sel: str, teks: str | None) -> None:
        r = self.book.sheets[lembar][sel]
        ada = r.note
        if teks is None:
            if ada is not None:
                ada.delete()
        elif ada is not None:
            ada.text = teks
        else:
            r.add_note(teks)

    def terapkan(self, rencana: Rencana) -> None:
        """Apply a plan in blocks (see the module docstring): the same cells end with the same
        contents, fills and notes as writing it cell by cell."""
        if not rencana:
            return
        tata = tata_tulis(rencana, self.berlubang)
        lembar = {b.lembar for b in tata.blok} | set(tata.warna)
        with self._tertunda():
            self._mulai(lembar)
            try:
                for b in tata.blok:
                    self._tulis_blok(b)
                for lembar, warna in tata.warna.items():
                    self._warnai_lembar(lembar, warna)
                for (lembar, s), teks in tata.catatan.items():
                    self._catatan_berubah(lembar, s, teks)
            finally:
                self._selesai()

    def _rentang(self, lembar: str, p: Persegi) -> Any:
        r1, c1, r2, c2 = p
        return self.book.sheets[lembar].range((r1, c1), (r2, c2))

    def _tulis_blok(self, b: Blok) -> None:
        rng = self._rentang(b.lembar, b.persegi)
        if self.berlubang:  # raw, so that null reaches the client; cells converted as usual
            siapkan = _siapkan_xlwings(self.book)
            isi = [[None if v is _LUBANG else siapkan(v) for v in baris] for baris in b.isi]
            if b.rumus:
                rng.options("raw").formula = isi
            else:
                rng.raw_value = isi
        elif b.rumus:
            rng.formula = b.isi
        else:
            rng.value = b.isi

    def _warnai_lembar(self, lembar: str, warna: dict[Sel, str | None]) -> None:
        per_warna: dict[str | None, list[Sel]] = {}
        for s, w in warna.items():
            per_warna.setdefault(w, []).append(s)
        bentuk = {w: persegi(s) for w, s in per_warna.items()}
        if not self._jauh or sum(len(p) for p in bentuk.values()) == 1:
            # desktop: Range.set_colors colours cell by cell there; a rectangle is one call
            for w, daftar in bentuk.items():
                for p in daftar:
                    self._rentang(lembar, p).color = w
            return
        for p in _pita(kotak(warna), MAKS_SEL_WARNA):  # remote: one action per band
            r1, c1, r2, c2 = p
            matriks = [
                [warna.get((r, c), ...) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)
            ]
            if any(w is not ... for baris in matriks for w in baris):
                self._rentang(lembar, p).set_colors(matriks)

    def _catatan_berubah(self, lembar: str, s: Sel, teks: str | None) -> None:
        r = self.book.sheets[lembar][sel(*s)]
        ada = r.note
        if ada is None:
            if teks is not None:
                r.add_note(teks)
        elif teks is None:
            ada.delete()
        elif _teks_catatan(ada) != teks:
            ada.text = teks

    @contextlib.contextmanager
    def _tertunda(self) -> Iterator[None]:
        """Screen updating, events and automatic calculation off while writing, restored in
        every case, then one recalculation. Only where a setting can be read and is applied
        at once: the remote engine (Office.js) turns settings into actions that run later in
        Excel, where a failed write would leave the calculation mode manual, so it gets none
        (it reads none of them either: `App.screen_updating` and `enable_events` are not
        supported there, `calculation` only when the client sends it)."""
        with contextlib.ExitStack() as pulihkan:
            if not self._jauh:
                app = self.book.app
                for nama, nilai in _TUNDA:
                    try:
                        sekarang = getattr(app, nama)
                    except (NotImplementedError, AttributeError):  # not on this engine
                        continue
                    if sekarang == nilai:
                        continue
                    setattr(app, nama, nilai)
                    pulihkan.callback(setattr, app, nama, sekarang)
                    if nama == "calculation":
                        pulihkan.callback(app.calculate)  # runs first: before the restores
            yield

    def path_tersimpan(self) -> str:
        try:
            path = self.book.fullname
        except Exception:  # noqa: BLE001 - remote clients have no file
            path = None
        if not path or not str(path).lower().endswith((".xlsx", ".xlsm")):
            return super().path_tersimpan()
        return str(path)

    def pesan(self, teks: str) -> None:
        self.book.app.alert(teks, title="xlkinerja")

    def _mulai(self, lembar: set[str] | None = None) -> None:
        """Live Excel: lift the template's password-less sheet protection while writing (on
        the sheets in `lembar`, or all)."""
        daftar = self.book.sheets if lembar is None else [self.book.sheets[n] for n in lembar]
        for s in daftar:
            api = getattr(s, "api", None)
            if api is not None and hasattr(api, "ProtectContents") and api.ProtectContents:
                api.Unprotect()
                self._terkunci.append(api)

    def _selesai(self) -> None:
        for api in self._terkunci:
            api.Protect(
                DrawingObjects=False,
                Contents=True,
                Scenarios=False,
                AllowInsertingRows=True,
                AllowDeletingRows=True,
                AllowFormattingCells=True,
                AllowFormattingColumns=True,
                AllowFormattingRows=True,
            )
        self._terkunci.clear()


def _mesin(book: Any) -> str | None:
    try:
        return book.app.engine.name
    except Exception:  # noqa: BLE001 - an engine without a name
        return None


def _klien(book: Any) -> str | None:
    """The remote engine's client ("Office.js", "Microsoft Office Scripts", ...)."""
    api = getattr(book, "api", None)
    return api.get("client") if isinstance(api, dict) else None


def _teks_catatan(note: Any) -> str | None:
    """A note's text, or None where the engine cannot read it (the remote engine)."""
    try:
        return note.text
    except NotImplementedError:
        return None


def _ke_nilai(x: Any) -> Nilai:
    if isinstance(x, int) and not isinstance(x, bool):
        return float(x)
    return x
