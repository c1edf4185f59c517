"""A finding: the one type every check, the audit and the actions produce.

Findings travel as `Temuan` objects; only the report writers (`keluaran.laporan_temuan`, the
rekap's Temuan sheet, the workbook's Temuan sheet in `muka.aksi`) turn them into rows or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlkinerja.inti.rumus import Nilai

GALAT, PERINGATAN, INFO = "galat", "peringatan", "info"
TIDAK_TERBACA = "tidak terbaca"
TINGKAT = (GALAT, PERINGATAN, INFO)


@dataclass(frozen=True, kw_only=True)
class Temuan:
    """One finding: its code and severity, where (sheet and cell, or neither for the whole
    file), the Indonesian message, the value recorded and the value expected, which action
    found it, and the file (when checked by path)."""

    kode: str
    tingkat: str
    pesan: str
    lembar: str | None = None
    sel: str | None = None  # one cell, or an area ("L6:L20") in the audit
    tercatat: Nilai = None
    seharusnya: Nilai = None
    sumber: str = ""  # "Periksa", "Audit Rumus", "Hitung Capaian", ...
    file: str | None = None


@dataclass(frozen=True, kw_only=True)
class Perubahan(Temuan):
    """A change between two versions of a workbook (`audit.banding`): the old and new content."""

    lama: Nilai = None
    baru: Nilai = None
