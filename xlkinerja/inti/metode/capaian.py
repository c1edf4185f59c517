"""Capaian rules: one formula per polarity, grade targets, range targets, cap and floor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from xlkinerja.inti.metode.hasil import tdd
from xlkinerja.inti.rumus import (
    IF,
    ISNA,
    ISNUMBER,
    MATCH,
    MAX,
    MIN,
    OR,
    Ekspr,
    Fn,
    Konst,
    Larik,
    Sel,
)

POLARITAS = ("positif", "negatif")
JENIS_TARGET = {
    "angka": "angka (jumlah, indeks, nilai)",
    "persen": "persentase",
    "level": "tingkat/level (mis. maturitas SPIP 1–5)",
    "huruf": "nilai huruf (mis. SAKIP AA–D)",
    "rentang": "rentang (mis. 5,80–6,00)",
}
PENGGUNAAN = ("predikat", "rata_rata", "tampilan")


@dataclass(frozen=True)
class RumusPolaritas:
    """Capaian of one polarity; `rumus(T, R)` builds the expression, `penyebut` must not be 0."""

    kode: str
    polaritas: str
    tulisan: str
    sumber: str
    rumus: Callable[[Ekspr, Ekspr], Ekspr] = field(compare=False)
    penyebut: str = "T"

    def ekspr(self, t: Ekspr, r: Ekspr) -> Ekspr:
        nol = t if self.penyebut == "T" else r
        alasan = "target 0" if self.penyebut == "T" else f"realisasi 0 (rumus {self.tulisan})"
        return IF(nol.sama(0), tdd(alasan), self.rumus(t, r))


POSITIF = RumusPolaritas(
    "positif_standar",
    "positif",
    "R / T × 100",
    "PermenPAN-RB 53/2014 (format LKjIP); rumus polaritas positif modul KemenPAN-RB",
    lambda t, r: r / t * 100,
)
NEGATIF_KEMENPAN = RumusPolaritas(
    "negatif_kemenpan",
    "negatif",
    "(2T − R) / T × 100",
    "Modul penyusunan LKjIP KemenPAN-RB: (T − (R − T)) / T × 100; dinyatakan di LKIP Disnaker "
    "Kab. Jember 2023 Bab III.A dan LKjIP Disnaker Kab. Pasaman Barat 2022 Bab 3.1",
    lambda t, r: (2 * t - r) / t * 100,
)
NEGATIF_RASIO = RumusPolaritas(
    "negatif_rasio_terbalik",
    "negatif",
    "T / R × 100",
    "varian yang dijumpai pada aplikasi dan laporan daerah; tak terdefinisi pada R = 0",
    lambda t, r: t / r * 100,
    penyebut="R",
)
NEGATIF_SELISIH = RumusPolaritas(
    "negatif_selisih",
    "negatif",
    "(T − R) / T × 100",
    "varian yang dijumpai pada aplikasi dan laporan daerah; mengukur penurunan relatif",
    lambda t, r: (t - r) / t * 100,
)
RUMUS_POLARITAS = {r.kode: r for r in (POSITIF, NEGATIF_KEMENPAN, NEGATIF_RASIO, NEGATIF_SELISIH)}


@dataclass(frozen=True)
class SkorHuruf:
    """Grade targets: the same grade scores `sama`, each grade of difference adds `langkah`."""

    kode: str
    urutan: tuple[str, ...]  # lowest first
    sama: float
    langkah: float
    sumber: str

    def ekspr(self, t: Ekspr, r: Ekspr) -> Ekspr:
        arr = Larik(self.urutan)
        pt, pr = MATCH(t, arr, 0), MATCH(r, arr, 0)
        daftar = ", ".join(self.urutan)
        return IF(
            ISNA(pt),
            tdd(f"target bukan nilai huruf yang dikenal ({daftar})"),
            IF(
                ISNA(pr),
                tdd(f"realisasi bukan nilai huruf yang dikenal ({daftar})"),
                self.sama + self.langkah * (pr - pt),
            ),
        )


SAKIP_AA_D = SkorHuruf(
    "sakip_langkah_10",
    ("D", "C", "CC", "B", "BB", "A", "AA"),
    100.0,
    10.0,
    "Urutan nilai SAKIP PermenPAN-RB 88/2021; skor sama = 100 dan naik satu tingkat = 110 seperti "
    "diterapkan LKjIP Disnaker Kab. Pasaman Barat 2022 (Tabel 3.3.7; tabel pemetaan tidak dicetak)",
)


def _teks_kosong(x: Ekspr, nama: str, lanjut: Ekspr) -> Ekspr:
    """Guard for an input that must be filled: blank and '-' get their own reason."""
    return IF(
        x.sama(""),
        tdd(f"{nama} kosong"),
        IF(OR(x.sama("-"), x.sama("–")), tdd(f"{nama} '-' (tidak ada data)"), lanjut),
    )


def ekspr_angka(x: Ekspr, nama: str, lanjut: Ekspr) -> Ekspr:
    """Guard for a numeric input."""
    return IF(ISNUMBER(x), lanjut, _teks_kosong(x, nama, tdd(f"{nama} bukan angka")))


def ekspr_persen(
    pembilang: Ekspr, penyebut: Ekspr, nama: tuple[str, str], bulat: Callable[[Ekspr], Ekspr]
) -> Ekspr:
    """pembilang / penyebut × 100, rounded; `nama` names both inputs in the reasons."""
    return ekspr_angka(
        penyebut,
        nama[1],
        ekspr_angka(
            pembilang,
            nama[0],
            IF(penyebut.sama(0), tdd(f"{nama[1]} 0"), bulat(pembilang / penyebut * 100)),
        ),
    )


def ekspr_capaian(
    positif: RumusPolaritas,
    negatif: RumusPolaritas,
    huruf: SkorHuruf,
    bulat: Callable[[Ekspr], Ekspr],
) -> Ekspr:
    """Capaian from inputs T, T2 (upper end of a range), R, P (polaritas) and J (jenis target)."""
    t, t2, r, p, j = Sel("T"), Sel("T2"), Sel("R"), Sel("P"), Sel("J")

    def menurut_polaritas(tt: Ekspr) -> Ekspr:
        pos = positif.ekspr(tt, r)
        neg = negatif.ekspr(tt, r)
        return IF(
            OR(p.sama("positif"), p.sama("")),
            _hasil(pos, bulat),
            IF(
                p.sama("negatif"),
                _hasil(neg, bulat),
                tdd("polaritas harus 'positif' atau 'negatif'"),
            ),
        )

    rentang = ekspr_angka(
        t2,
        "batas atas target",
        IF(
            t2.lt(t),
            tdd("batas atas rentang target lebih kecil dari batas bawah"),
            IF(r.lt(t), menurut_polaritas(t), IF(r.gt(t2), menurut_polaritas(t2), Konst(100))),
        ),
    )
    numerik = ekspr_angka(
        t,
        "target",
        ekspr_angka(r, "realisasi", IF(j.sama("rentang"), rentang, menurut_polaritas(t))),
    )
    grade = _teks_kosong(
        t, "target", _teks_kosong(r, "realisasi", _hasil(huruf.ekspr(t, r), bulat))
    )
    return IF(j.sama("huruf"), grade, numerik)


def _hasil(e: Ekspr, bulat: Callable[[Ekspr], Ekspr]) -> Ekspr:
    """Round the numeric leaves of `e`; the 'tidak dapat dihitung' texts stay as they are."""
    if isinstance(e, Fn) and e.nama == "IF" and len(e.args) == 3:
        return IF(e.args[0], _hasil(e.args[1], bulat), _hasil(e.args[2], bulat))
    if isinstance(e, Konst) and isinstance(e.v, str):
        return e
    return bulat(e)


@dataclass(frozen=True)
class Batas:
    """Cap (batas atas) and floor (batas bawah), and the uses each applies to."""

    atas: float | None = None
    bawah: float | None = 0.0
    atas_untuk: frozenset[str] = frozenset(PENGGUNAAN)
    bawah_untuk: frozenset[str] = frozenset(PENGGUNAAN)

    def __post_init__(self) -> None:
        for k in (*self.atas_untuk, *self.bawah_untuk):
            if k not in PENGGUNAAN:
                raise ValueError(
                    f"penggunaan batas '{k}' tidak dikenal; pilih: {', '.join(PENGGUNAAN)}"
                )
        if self.atas is not None and self.bawah is not None and self.atas < self.bawah:
            raise ValueError(f"batas atas {self.atas} lebih kecil dari batas bawah {self.bawah}")

    def ekspr(self, untuk: str, c: Ekspr | None = None) -> Ekspr:
        """Capaian C as used for `untuk`; text passes through."""
        c = c or Sel("C")
        x: Ekspr = c
        if self.bawah is not None and untuk in self.bawah_untuk:
            x = MAX(self.bawah, x)
        if self.atas is not None and untuk in self.atas_untuk:
            x = MIN(self.atas, x)
        if x is c:
            return IF(c.sama(""), "", c)
        return IF(ISNUMBER(c), x, IF(c.sama(""), "", c))

    @property
    def uraian(self) -> str:
        bag = []
        if self.atas is not None:
            bag.append(
                f"batas atas {self.atas:g}% untuk {', '.join(sorted(self.atas_untuk)) or '-'}"
            )
        else:
            bag.append("tanpa batas atas")
        if self.bawah is not None:
            bag.append(
                f"batas bawah {self.bawah:g}% untuk {', '.join(sorted(self.bawah_untuk)) or '-'}"
            )
        else:
            bag.append("tanpa batas bawah")
        return "; ".join(bag)
