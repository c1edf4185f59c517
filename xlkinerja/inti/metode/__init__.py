"""Methodology as data: capaian, batas, predikat, agregasi, efisiensi, pembulatan."""

from xlkinerja.inti.metode.agregasi import Agregasi
from xlkinerja.inti.metode.capaian import (
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
from xlkinerja.inti.metode.efisiensi import METODE_EFISIENSI, MetodeEfisiensi
from xlkinerja.inti.metode.gabungan import Aturan, Metode
from xlkinerja.inti.metode.hasil import TDD, Hasil
from xlkinerja.inti.metode.pembulatan import Pembulatan
from xlkinerja.inti.metode.preset import BAWAAN, METODE, PERMENDAGRI_86_2017_TERTULIS, SKALA
from xlkinerja.inti.metode.skala import Pita, Skala, SkalaTertulis, SkalaTidakSah


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
