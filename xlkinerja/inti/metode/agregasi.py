"""Aggregation of capaian: sasaran, misi and overall means, with an explicit missing policy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xlkinerja.inti.metode.hasil import TDD, Hasil, tdd
from xlkinerja.inti.rumus import (
    AVERAGE,
    AVERAGEIFS,
    COUNT,
    COUNTIF,
    COUNTIFS,
    IF,
    IFERROR,
    SUM,
    SUMIFS,
    Ekspr,
    Sel,
)

DASAR = {"indikator": "rata-rata semua indikator", "sasaran": "rata-rata capaian sasaran"}
KOSONG = {
    "dikecualikan": "indikator yang tidak dapat dihitung tidak ikut dirata-rata",
    "nol": "indikator yang tidak dapat dihitung dihitung sebagai 0",
}
TIDAK_ADA = "tidak ada capaian yang dapat dihitung"


@dataclass(frozen=True)
class Agregasi:
    misi_dari: str = "sasaran"
    keseluruhan_dari: str = "sasaran"
    kosong: str = "dikecualikan"

    def __post_init__(self) -> None:
        for k in (self.misi_dari, self.keseluruhan_dari):
            if k not in DASAR:
                raise ValueError(f"dasar agregasi '{k}' tidak dikenal; pilih: {', '.join(DASAR)}")
        if self.kosong not in KOSONG:
            raise ValueError(
                f"kebijakan nilai kosong '{self.kosong}' tidak dikenal; pilih: {', '.join(KOSONG)}"
            )

    def ekspr(self, bulat: Callable[[Ekspr], Ekspr], bersyarat: bool = False) -> Ekspr:
        """Mean of range V, or with `bersyarat` of the V rows whose key in range K equals k."""
        v, kk, k = Sel("V"), Sel("K"), Sel("k")
        if self.kosong == "dikecualikan":
            if bersyarat:
                return IFERROR(bulat(AVERAGEIFS(v, kk, k)), tdd(TIDAK_ADA))
            return IF(COUNT(v).sama(0), tdd(TIDAK_ADA), bulat(AVERAGE(v)))
        if bersyarat:
            n = COUNTIFS(kk, k)
            return IF(n.sama(0), tdd(TIDAK_ADA), bulat(SUMIFS(v, kk, k) / n))
        # Count numbers and 'tidak dapat dihitung' texts; blank and "" rows are not indicators.
        n = COUNT(v) + COUNTIF(v, TDD + "*")
        return IF(n.sama(0), tdd(TIDAK_ADA), bulat(SUM(v) / n))

    def ekspr_jumlah(self) -> Ekspr:
        """How many rows of V whose key in range K equals k the conditional mean
        (`ekspr(bersyarat=True)`) averages: its numbers when the indicators that cannot be
        computed are left out (AVERAGEIFS skips texts), every row of the key when they count
        as 0."""
        v, kk, k = Sel("V"), Sel("K"), Sel("k")
        if self.kosong == "dikecualikan":  # a number is >= 0 or < 0; a text is neither
            return COUNTIFS(kk, k, v, ">=0") + COUNTIFS(kk, k, v, "<0")
        return COUNTIFS(kk, k)

    def rata_rata(
        self, nilai: Sequence[Hasil | float | None], bulat: Callable[[Ekspr], Ekspr]
    ) -> Hasil:
        vals: list = []
        for x in nilai:
            h = x if isinstance(x, Hasil) else Hasil.dari(x)
            # Anything that is not a number is an indicator whose capaian cannot be computed.
            vals.append(h.angka if h.angka is not None else f"{TDD}: {h.alasan or h.nilai}")
        return Hasil.dari(self.ekspr(bulat).nilai({"V": vals}), f"rata-rata ({self.kosong})")

    @property
    def uraian(self) -> str:
        return (
            f"sasaran: rata-rata indikatornya; misi: {DASAR[self.misi_dari]}; "
            f"keseluruhan: {DASAR[self.keseluruhan_dari]}; {KOSONG[self.kosong]}"
        )
