"""Hasil: one computed number or label, or the reason it cannot be computed."""

from __future__ import annotations

from dataclasses import dataclass

from xlkinerja.inti.rumus import Galat, Konst, Nilai, is_number

TDD = "tidak dapat dihitung"


def tdd(alasan: str) -> Konst:
    """The text a formula shows when a value cannot be computed."""
    return Konst(f"{TDD}: {alasan}")


@dataclass(frozen=True)
class Hasil:
    """A number or a label; `nilai` None means *tidak dapat dihitung* (see `alasan`)."""

    nilai: float | str | None
    alasan: str | None = None
    rumus: str = ""

    @property
    def ok(self) -> bool:
        return self.nilai is not None

    @property
    def angka(self) -> float | None:
        return self.nilai if is_number(self.nilai) else None  # type: ignore[return-value]

    @classmethod
    def dari(cls, v: Nilai, rumus: str = "") -> Hasil:
        """Interpret what a rule (or its Excel formula) returned."""
        if isinstance(v, Galat):
            return cls(None, f"galat Excel {v}", rumus)
        if isinstance(v, str) and v.startswith(TDD):
            return cls(None, v[len(TDD) :].lstrip(": ") or "tanpa alasan", rumus)
        if v is None or v == "":
            return cls(None, "kosong", rumus)
        if isinstance(v, bool):
            return cls(None, f"nilai logika {v}", rumus)
        if is_number(v):
            return cls(float(v), None, rumus)
        return cls(str(v), None, rumus)

    def ke_excel(self) -> Nilai:
        """The value a formula cell holding this result shows."""
        if self.nilai is None:
            return None if self.alasan == "kosong" else f"{TDD}: {self.alasan}"
        return self.nilai

    def __str__(self) -> str:
        if self.nilai is None:
            return f"{TDD} ({self.alasan})"
        if is_number(self.nilai):
            from xlkinerja.inti.angka import format_angka

            return format_angka(float(self.nilai), 2)
        return str(self.nilai)
