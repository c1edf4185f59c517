"""Methodology as data: capaian, batas, predikat, agregasi, efisiensi, pembulatan."""

from .agregasi import Agregasi
from .capaian import (
    NEGATIF_KEMENPAN,
    NEGATIF_RASIO,
    NEGATIF_SELISIH,
    POSITIF,
    RUMUS_POLARITAS,
    SAKIP_AA_D,
    Batas,
    RumusPolaritas,
    SkorHuruf,
)
from .efisiensi import METODE_EFISIENSI, MetodeEfisiensi
from .gabungan import Aturan, Metode
from .hasil import TDD, Hasil
from .pembulatan import Pembulatan
from .preset import BAWAAN, METODE, PERMENDAGRI_86_2017_TERTULIS, SKALA
from .skala import Pita, Skala, SkalaTertulis, SkalaTidakSah


def muat(kode: str = BAWAAN) -> Metode:
    """A methodology preset by its code."""
    try:
        return METODE[kode]
    except KeyError:
        raise KeyError(
            f"metode '{kode}' tidak dikenal; pilih salah satu: {', '.join(METODE)}"
        ) from None


__all__ = [
    "Agregasi",
    "Aturan",
    "BAWAAN",
    "Batas",
    "Hasil",
    "METODE",
    "METODE_EFISIENSI",
    "Metode",
    "MetodeEfisiensi",
    "NEGATIF_KEMENPAN",
    "NEGATIF_RASIO",
    "NEGATIF_SELISIH",
    "POSITIF",
    "PERMENDAGRI_86_2017_TERTULIS",
    "Pembulatan",
    "Pita",
    "RUMUS_POLARITAS",
    "RumusPolaritas",
    "SAKIP_AA_D",
    "SKALA",
    "Skala",
    "SkalaTertulis",
    "SkalaTidakSah",
    "SkorHuruf",
    "TDD",
    "muat",
]
