"""Rounding: half-up or truncation to a number of decimals, one mode per workbook."""

from __future__ import annotations

from dataclasses import dataclass

from xlkinerja.inti.rumus import ROUND, TRUNC, Ekspr, bulat_excel

MODE = {
    "setengah_ke_atas": "dibulatkan setengah ke atas (ROUND)",
    "potong": "dipotong (TRUNC)",
}


@dataclass(frozen=True)
class Pembulatan:
    mode: str = "setengah_ke_atas"
    desimal: int = 2

    def __post_init__(self) -> None:
        if self.mode not in MODE:
            raise ValueError(
                f"mode pembulatan '{self.mode}' tidak dikenal; pilih salah satu: {', '.join(MODE)}"
            )
        if not 0 <= self.desimal <= 6:
            raise ValueError(f"jumlah desimal {self.desimal} harus antara 0 dan 6")

    def ekspr(self, x: Ekspr) -> Ekspr:
        fn = ROUND if self.mode == "setengah_ke_atas" else TRUNC
        return fn(x, self.desimal)

    def terapkan(self, x: float) -> float:
        return bulat_excel(x, self.desimal, "ROUND" if self.mode == "setengah_ke_atas" else "TRUNC")

    @property
    def uraian(self) -> str:
        return f"{MODE[self.mode]}, {self.desimal} desimal"
