"""How a formula cell is computed, declared once: a rule and where each of its inputs comes from.

A `Hitungan` names a rule (a methodology rule of `Metode.aturan`, or a structural expression
such as a lookup) and binds each input name of the rule to a `Sumber`: a cell of the same row,
a column of a table, a block, a settings cell, a constant, or an expression over the other
inputs. From that one declaration come both the Excel formula (`rumus`) and the Python
reference value (`nilai`); nothing else says how a column is computed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from xlkinerja.inti.metode.hasil import Hasil
from xlkinerja.inti.rumus import Ekspr, Konst, Nilai


class Letak(Protocol):
    """Where a formula is rendered: the sheet's layout, the row, the methodology."""

    r: int
    metode: Any

    def huruf(self, kolom: str) -> str:
        """Column letter of `kolom` in the table being computed."""

    def rentang(self, tabel: str, kolom: str, lembar: bool) -> str: ...

    def blok(self, tabel: str, awal: str, akhir: str) -> str: ...

    def sel_pengaturan(self, kunci: str) -> str: ...

    def baris_tetap(self, posisi: str, geser: int) -> int: ...


class Isi(Letak, Protocol):
    """Where a reference value is computed: the same, plus the values of the workbook."""

    def sel(self, kolom: str, r: int) -> Nilai: ...

    def kolom(self, tabel: str, kolom: str) -> list[Nilai]: ...

    def isi_blok(self, tabel: str, awal: str, akhir: str) -> list[list[Nilai]]: ...

    def pengaturan(self, kunci: str) -> Nilai: ...


class Sumber(ABC):
    """Where one input of a rule comes from."""

    @abstractmethod
    def excel(self, d: Letak, refs: dict[str, str]) -> str:
        """The A1 text standing for this input in the formula."""

    @abstractmethod
    def nilai(self, d: Isi, env: dict[str, Nilai]) -> Nilai:
        """The value of this input for the Python reference."""

    def dibaca(self, metode: Any) -> set[tuple[str, str]]:
        """(table, column) of other tables this input reads."""
        return set()


@dataclass(frozen=True)
class Baris(Sumber):
    """A cell of the row being computed (for a fixed cell: of its fixed row)."""

    kolom: str

    def excel(self, d: Letak, refs: dict[str, str]) -> str:
        return f"{d.huruf(self.kolom)}{d.r}"

    def nilai(self, d: Isi, env: dict[str, Nilai]) -> Nilai:
        return d.sel(self.kolom, d.r)


@dataclass(frozen=True)
class BarisTetap(Sumber):
    """A cell of a fixed row of the same sheet, e.g. Belanja Pegawai's pagu."""

    kolom: str
    posisi: str  # a `Tata` attribute: "keseluruhan", "total", "belanja"
    geser: int = 0

    def excel(self, d: Letak, refs: dict[str, str]) -> str:
        return f"{d.huruf(self.kolom)}{d.baris_tetap(self.posisi, self.geser)}"

    def nilai(self, d: Isi, env: dict[str, Nilai]) -> Nilai:
        return d.sel(self.kolom, d.baris_tetap(self.posisi, self.geser))


@dataclass(frozen=True)
class Rentang(Sumber):
    """A column of a table over all its rows, e.g. $L$6:$L$65."""

    tabel_: str
    kolom: str
    lembar: bool = False  # with the sheet name (another sheet)

    def excel(self, d: Letak, refs: dict[str, str]) -> str:
        return d.rentang(self.tabel_, self.kolom, self.lembar)

    def nilai(self, d: Isi, env: dict[str, Nilai]) -> Nilai:
        return d.kolom(self.tabel_, self.kolom)

    def dibaca(self, metode: Any) -> set[tuple[str, str]]:
        return {(self.tabel_, self.kolom)}


@dataclass(frozen=True)
class Blok(Sumber):
    """Adjacent columns `awal`..`akhir` of a table over all its rows (a 2-D range)."""

    tabel_: str
    awal: str
    akhir: str

    def excel(self, d: Letak, refs: dict[str, str]) -> str:
        return d.blok(self.tabel_, self.awal, self.akhir)

    def nilai(self, d: Isi, env: dict[str, Nilai]) -> Nilai:
        return d.isi_blok(self.tabel_, self.awal, self.akhir)

    def dibaca(self, metode: Any) -> set[tuple[str, str]]:
        return {(self.tabel_, self.awal), (self.tabel_, self.akhir)}


@dataclass(frozen=True)
class Atur(Sumber):
    """A cell of the Pengaturan sheet."""

    kunci: str

    def excel(self, d: Letak, refs: dict[str, str]) -> str:
        return d.sel_pengaturan(self.kunci)

    def nilai(self, d: Isi, env: dict[str, Nilai]) -> Nilai:
        return d.pengaturan(self.kunci)


@dataclass(frozen=True)
class Tetap(Sumber):
    """A constant."""

    v: str | float

    def excel(self, d: Letak, refs: dict[str, str]) -> str:
        return Konst(self.v).excel({})

    def nilai(self, d: Isi, env: dict[str, Nilai]) -> Nilai:
        return self.v


@dataclass(frozen=True)
class Turunan(Sumber):
    """An expression over inputs bound before it, e.g. capaian as a fraction."""

    ekspr: Ekspr

    def excel(self, d: Letak, refs: dict[str, str]) -> str:
        return self.ekspr.excel(refs)

    def nilai(self, d: Isi, env: dict[str, Nilai]) -> Nilai:
        return self.ekspr.nilai(env)


@dataclass(frozen=True)
class Menurut(Sumber):
    """One of several sources, chosen by a methodology setting (e.g. agregasi.misi_dari)."""

    pilihan: str  # attribute path on Metode
    cabang: tuple[tuple[str, Sumber], ...]

    def pilih(self, metode: Any) -> Sumber:
        v: Any = metode
        for bagian in self.pilihan.split("."):
            v = getattr(v, bagian)
        return dict(self.cabang)[v]

    def excel(self, d: Letak, refs: dict[str, str]) -> str:
        return self.pilih(d.metode).excel(d, refs)

    def nilai(self, d: Isi, env: dict[str, Nilai]) -> Nilai:
        return self.pilih(d.metode).nilai(d, env)

    def dibaca(self, metode: Any) -> set[tuple[str, str]]:
        return self.pilih(metode).dibaca(metode)


def _hasil(v: Nilai) -> Nilai:
    """A methodology rule's value as its cell shows it (errors and logicals become the
    'tidak dapat dihitung' text the rules use)."""
    x = Hasil.dari(v).ke_excel()
    return x if x is not None else ""


@dataclass(frozen=True)
class Hitungan:
    """A rule and the source of each of its inputs.

    `aturan` is the key of a methodology rule (`Metode.aturan`), or an `Ekspr` for structural
    formulas (lookups, counts, sums). A methodology rule's value is read as `Hasil` (errors as
    'tidak dapat dihitung'); when the methodology lacks the rule, the cell shows `""`.
    """

    aturan: str | Ekspr
    masukan: tuple[tuple[str, Sumber], ...] = ()

    def ekspr(self, metode: Any) -> Ekspr | None:
        if isinstance(self.aturan, Ekspr):
            return self.aturan
        a = metode.aturan.get(self.aturan)
        return a.ekspr if a is not None else None

    def dibaca(self, metode: Any) -> set[tuple[str, str]]:
        """(table, column) of other tables the inputs read."""
        out: set[tuple[str, str]] = set()
        for _, s in self.masukan:
            out |= s.dibaca(metode)
        return out

    def excel(self, d: Letak) -> str:
        """The formula without its leading '='."""
        e = self.ekspr(d.metode)
        if e is None:
            return '""'
        refs: dict[str, str] = {}
        for nama, s in self.masukan:
            refs[nama] = s.excel(d, refs)
        return e.excel(refs)

    def nilai(self, d: Isi) -> Nilai:
        e = self.ekspr(d.metode)
        if e is None:
            return ""
        env: dict[str, Nilai] = {}
        for nama, s in self.masukan:
            env[nama] = s.nilai(d, env)
        v = e.nilai(env)
        if isinstance(self.aturan, str):
            return _hasil(v)
        return 0.0 if v is None else v  # a formula showing an empty cell shows 0


def pakai(aturan: str | Ekspr, **masukan: Sumber | str) -> Hitungan:
    """`Hitungan` with keyword inputs; a plain string names a cell of the same row."""
    return Hitungan(
        aturan, tuple((k, Baris(v) if isinstance(v, str) else v) for k, v in masukan.items())
    )


@dataclass(frozen=True)
class SelTetap:
    """A formula cell outside the table rows: the overall row, budget totals, jenis belanja.

    Its row is `posisi` (a `Tata` attribute) + `geser`; its column letter comes from `tabel`.
    """

    tabel: str
    kolom: str
    posisi: str
    geser: int
    hitung: Hitungan
    format: str | None = None  # None: the column's format
    cek: str | None = "HIT01"  # as `Kolom.cek`


@dataclass(frozen=True)
class Induk:
    """Parent budget rows: pagu and realisasi are the sum of the next level's rows below whose
    code starts with this row's code (SUMIFS over the rows below, so no cell refers to itself)."""

    kolom: tuple[str, ...]
    anak: tuple[tuple[str, str], ...]  # level -> the level of its children
    tingkat: str = "tingkat"
    kode: str = "kode"

    def rumus(self, huruf: Callable[[str], str], kolom: str, r: int, akhir: int, tingkat: str):
        anak = dict(self.anak).get(tingkat)
        if anak is None:
            return None

        def rng(k: str) -> str:
            c = huruf(k)
            return f"{c}{r + 1}:${c}${akhir}"

        kode = f'${huruf(self.kode)}{r}&".*"'
        return f'=SUMIFS({rng(kolom)},{rng(self.tingkat)},"{anak}",{rng(self.kode)},{kode})'
