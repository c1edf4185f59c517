"""Efisiensi penggunaan sumber daya: the methods real reports use, and budget absorption."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from xlkinerja.inti.metode.capaian import ekspr_angka, ekspr_persen
from xlkinerja.inti.metode.hasil import tdd
from xlkinerja.inti.metode.skala import Pita, Skala
from xlkinerja.inti.rumus import IF, Ekspr, Sel

C, S, CF, PG, RL = Sel("C"), Sel("S"), Sel("CF"), Sel("PG"), Sel("RL")
CF_MAKS = 10.0  # a capaian fraction above this (1.000%) is taken to be a percentage


def ekspr_serapan(bulat: Callable[[Ekspr], Ekspr]) -> Ekspr:
    """% serapan = realisasi / pagu × 100 (inputs PG, RL)."""
    return ekspr_persen(RL, PG, ("realisasi anggaran", "pagu"), bulat)


def ekspr_sisa() -> Ekspr:
    """Sisa anggaran = pagu − realisasi, in rupiah (inputs PG, RL)."""
    return ekspr_angka(PG, "pagu", ekspr_angka(RL, "realisasi anggaran", PG - RL))


def _kategori(kode: str, ambang: float, sumber: str) -> Skala:
    return Skala(
        kode,
        f"Kategori efisiensi ({kode})",
        sumber,
        (
            Pita("Efisien", "Efisien", ambang, None, False, False),
            Pita("Tidak Efisien", "Tidak Efisien", None, ambang, False, True),
        ),
        keluaran="label",
    )


_TANPA_DASAR = "kategori bawaan xlkinerja; tidak ada ambang nasional, dapat diubah"


@dataclass(frozen=True)
class MetodeEfisiensi:
    kode: str
    nama: str
    tulisan: str
    sumber: str
    rumus: Callable[[Callable[[Ekspr], Ekspr]], Ekspr] = field(compare=False)
    kategori: Skala | None = None
    masukan: tuple[str, ...] = ("C", "S")

    def ekspr(self, bulat: Callable[[Ekspr], Ekspr]) -> Ekspr:
        return self.rumus(bulat)

    def ekspr_kategori(self, bulat: Callable[[Ekspr], Ekspr]) -> Ekspr | None:
        if self.kategori is None:
            return None
        return self.kategori.ekspr(Sel("E"))


KUALITATIF = MetodeEfisiensi(
    "kualitatif",
    "Kualitatif (capaian > serapan)",
    "Efisien jika % capaian kinerja > % serapan anggaran",
    "LKIP Disnaker Kab. Jember 2023 Bab III.A.6: 'ada efisiensi dari perbandingan antara capaian "
    "kinerja dan capaian penyerapan anggaran'",
    lambda b: ekspr_angka(
        C, "capaian", ekspr_angka(S, "serapan", IF(C.gt(S), "Efisien", "Tidak Efisien"))
    ),
)
SELISIH = MetodeEfisiensi(
    "selisih",
    "Selisih",
    "% capaian − % serapan",
    "dijumpai pada LKjIP perangkat daerah",
    lambda b: ekspr_angka(C, "capaian", ekspr_angka(S, "serapan", b(C - S))),
    _kategori("efisiensi_selisih", 0, _TANPA_DASAR),
)
RASIO = MetodeEfisiensi(
    "rasio",
    "Rasio",
    "% capaian / % serapan × 100",
    "dijumpai pada LKjIP perangkat daerah",
    lambda b: ekspr_angka(
        C, "capaian", ekspr_angka(S, "serapan", IF(S.sama(0), tdd("serapan 0"), b(C / S * 100)))
    ),
    _kategori("efisiensi_rasio", 100, _TANPA_DASAR),
)
SISA = MetodeEfisiensi(
    "sisa",
    "Anggaran tidak terserap",
    "100 − % serapan (dan sisa anggaran dalam rupiah)",
    "LKjIP Disnaker Kab. Pasaman Barat 2022 Tabel 3.3.8 (efisiensi = sisa anggaran 5,65%)",
    lambda b: ekspr_angka(S, "serapan", b(100 - S)),
    None,
    ("S",),
)
PMK_214 = MetodeEfisiensi(
    "pmk_214",
    "PMK 214/PMK.02/2017",
    "E = (pagu × capaian − realisasi) / (pagu × capaian) × 100, capaian sebagai pecahan",
    "Peraturan Menteri Keuangan 214/PMK.02/2017 tentang Pengukuran dan Evaluasi Kinerja Anggaran "
    "atas Pelaksanaan Rencana Kerja dan Anggaran Kementerian Negara/Lembaga",
    lambda b: ekspr_angka(
        PG,
        "pagu",
        ekspr_angka(
            RL,
            "realisasi anggaran",
            ekspr_angka(
                CF,
                "capaian (pecahan)",
                IF(
                    CF.gt(CF_MAKS),
                    tdd("capaian harus berupa pecahan (mis. 0,9703), bukan persen (97,03)"),
                    IF(
                        (PG * CF).sama(0),
                        tdd("pagu × capaian = 0"),
                        b((PG * CF - RL) / (PG * CF) * 100),
                    ),
                ),
            ),
        ),
    ),
    _kategori("efisiensi_pmk_214", 0, _TANPA_DASAR),
    ("PG", "RL", "CF"),
)
METODE_EFISIENSI = {m.kode: m for m in (KUALITATIF, SELISIH, RASIO, SISA, PMK_214)}
