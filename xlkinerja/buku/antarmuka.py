"""The small workbook interface the actions use, and the plan of writes they hand to it.

`BukuBaca` reads (sheets, values shown, names); `Buku` adds the writes. Two backends implement
`Buku`: `buku.berkas.BukuBerkas` (files, written by `buku.tulis_xml`) and `buku.excel.BukuXlwings`
(live Excel or xlwings' remote engine); `BukuOpenpyxl` below reads an openpyxl workbook in
memory. Actions never ask which one they run on.
"""

from __future__ import annotations

import functools
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from xlkinerja.inti.rumus import Nilai

_TAUTAN = re.compile(r'^=HYPERLINK\("#[^"]*"\s*[,;]\s*"((?:[^"]|"")*)"\)$', re.IGNORECASE)


def tautan_sel(lembar: str, sel: str) -> str:
    """A formula linking to a cell and showing its address: =HYPERLINK("#'Lembar'!L7","L7")."""
    tujuan = "'" + lembar.replace("'", "''") + "'!" + sel
    return f'=HYPERLINK("#{tujuan.replace(chr(34), chr(34) * 2)}","{sel}")'


def tampilan_tautan(isi: Nilai) -> Nilai:
    """What a `tautan_sel` formula shows ("L7"); other values unchanged, other formulas None."""
    if isinstance(isi, str) and isi.startswith("="):
        m = _TAUTAN.match(isi)
        return m.group(1).replace('""', '"') if m else None
    return isi


WARNA_TANDA = "FFC7CE"  # light red: a cell xlkinerja marked
AWALAN_CATATAN = "xlkinerja: "  # every note xlkinerja writes starts with this


class GalatBuku(Exception):
    """A problem with the workbook, in Indonesian, naming sheet and cell and what to do."""


@functools.lru_cache(maxsize=1 << 16)  # the same addresses recur in every workbook
def pisah_sel(sel: str) -> tuple[int, int]:
    """'L6' -> (6, 12)."""
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)", sel.upper())
    if not m:
        raise ValueError(f"alamat sel tidak sah: {sel}")
    return int(m.group(2)), column_index_from_string(m.group(1))


def sel(baris: int, kolom: int) -> str:
    return f"{get_column_letter(kolom)}{baris}"


class TanpaNilai:
    """No value known (see `Tulis.nilai`)."""

    def __repr__(self) -> str:
        return "TANPA_NILAI"


TANPA_NILAI: Any = TanpaNilai()


@dataclass(frozen=True)
class Tulis:
    lembar: str
    sel: str
    isi: Nilai  # a value, or a formula text starting with "="
    # The value the formula gives, when the action computed it (the Python reference): a file
    # backend stores it as the formula's cached value instead of computing it again.
    nilai: Any = TANPA_NILAI


@dataclass(frozen=True)
class Tanda:
    lembar: str
    sel: str
    pesan: str | None  # None removes the mark
    warna_asal: str | None = None  # fill to restore when the mark is removed


@dataclass
class Rencana:
    """Everything an action will change, computed before anything is written."""

    tulis: list[Tulis] = field(default_factory=list)
    tanda: list[Tanda] = field(default_factory=list)
    pesan: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.tulis or self.tanda)


class BukuBaca(ABC):
    """What reading a workbook needs: sheets, values shown, defined names. The audit and the
    checks read through this; only `Buku` writes."""

    nama: str

    @abstractmethod
    def lembar(self) -> list[str]: ...

    @abstractmethod
    def nilai(self, lembar: str, rentang: str) -> list[list[Nilai]]:
        """Values as shown (for files: the cached values; None where none is stored)."""

    def sel_persen(self, lembar: str, rentang: str) -> set[tuple[int, int]] | None:
        """(row, col) of the cells of `rentang` holding a number shown with a percent format
        (typed "75%": Excel stores 0.75); None when the backend cannot read number formats."""
        return None

    @abstractmethod
    def sel_nama(self, nama: str) -> tuple[str, str] | None:
        """Where a defined name points: (sheet, 'B5'), or None if the name does not exist."""

    def path_tersimpan(self) -> str:
        """The saved file behind this workbook, for actions that read the file itself."""
        raise GalatBuku(
            f"{self.nama}: buku kerja ini belum tersimpan sebagai berkas; simpan "
            "dulu (Ctrl+S) lalu ulangi"
        )

    def baris_akhir(self, lembar: str) -> int | None:
        """The last row of a sheet holding a value, when the backend knows it without reading
        (None: unknown)."""
        return None

    def kolom(self, lembar: str, kolom: str, akhir: int) -> list[Nilai]:
        """One column from row 1 to `akhir`, padded with None."""
        v = self.nilai(lembar, f"{kolom}1:{kolom}{akhir}")
        out = [r[0] if r else None for r in v]
        return out + [None] * (akhir - len(out))

    def nilai_nama(self, nama: str) -> Nilai:
        t = self.sel_nama(nama)
        if t is None:
            raise GalatBuku(
                f"nama '{nama}' tidak ada di buku kerja {self.nama}; buku kerja ini bukan "
                "templat xlkinerja atau namanya terhapus: salin lembar Pengaturan dari templat baru"
            )
        return self.nilai(t[0], t[1])[0][0]


class BukuOpenpyxl(BukuBaca):
    """`BukuBaca` over an openpyxl Workbook in memory (cell values as held, formulas as text)."""

    def __init__(self, wb, nama: str = "buku kerja"):
        self.wb, self.nama = wb, nama

    def lembar(self) -> list[str]:
        return list(self.wb.sheetnames)

    def sel_nama(self, nama: str) -> tuple[str, str] | None:
        dn = self.wb.defined_names.get(nama)
        if dn is None:
            return None
        lembar, ref = next(iter(dn.destinations))
        return lembar, ref.replace("$", "")

    def nilai(self, lembar: str, rentang: str) -> list[list[Nilai]]:
        hasil = self.wb[lembar][rentang]
        if not isinstance(hasil, tuple):
            return [[hasil.value]]
        return [[c.value for c in baris] for baris in hasil]


class Buku(BukuBaca):
    """A workbook the actions read and write; one implementation per backend."""

    @abstractmethod
    def _tulis(self, lembar: str, sel: str, isi: Nilai) -> None: ...

    @abstractmethod
    def _warnai(self, lembar: str, sel: str, warna: str | None) -> None: ...

    @abstractmethod
    def _catatan(self, lembar: str, sel: str, teks: str | None) -> None: ...

    @abstractmethod
    def pesan(self, teks: str) -> None:
        """Tell the user something (a dialog in Excel, a line on the command line)."""

    def _mulai(self) -> None:
        """Before writes: e.g. lift sheet protection."""
        return None

    def _selesai(self) -> None:
        """After writes: e.g. restore sheet protection."""
        return None

    def terapkan(self, rencana: Rencana) -> None:
        """Apply a plan: writes first, then marks; protection lifted and restored."""
        if not rencana:
            return
        self._mulai()
        try:
            for t in rencana.tulis:
                self._tulis(t.lembar, t.sel, t.isi)
            for m in rencana.tanda:
                if m.pesan is None:
                    self._warnai(m.lembar, m.sel, m.warna_asal)
                    self._catatan(m.lembar, m.sel, None)
                else:
                    self._warnai(m.lembar, m.sel, WARNA_TANDA)
                    self._catatan(m.lembar, m.sel, AWALAN_CATATAN + m.pesan)
        finally:
            self._selesai()
