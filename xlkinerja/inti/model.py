"""Domain model: the planning hierarchy, targets and realisasi per year, and the budget tree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from xlkinerja.inti.metode import Hasil, Metode
from xlkinerja.inti.metode.capaian import JENIS_TARGET, POLARITAS

Isi = float | str | None  # what a target/realisasi cell holds: number, grade text, or nothing

_RENTANG = re.compile(r"^\s*([0-9.,]+)\s*[-–—]\s*([0-9.,]+)\s*$")


@dataclass
class Target:
    """A target: a number, a grade ("B"), or a range (`nilai`..`atas`)."""

    nilai: Isi
    atas: float | None = None

    @classmethod
    def dari_teks(cls, teks: str) -> Target:
        """Read "5,80–6,00" as a range and "B" as a grade; numbers in Indonesian notation."""
        from xlkinerja.inti.angka import baca_angka

        m = _RENTANG.match(teks)
        if m:
            a, b = baca_angka(m.group(1)), baca_angka(m.group(2))
            if a.nilai is not None and b.nilai is not None:
                return cls(a.nilai, b.nilai)
        x = baca_angka(teks)
        return cls(x.nilai if x.nilai is not None else teks.strip())


@dataclass
class Realisasi:
    """A realisasi, optionally as numerator/denominator (12 of 14 cases)."""

    nilai: Isi
    pembilang: float | None = None
    penyebut: float | None = None

    def dari_pecahan(self, metode: Metode) -> Hasil:
        """numerator / denominator × 100, rounded as the methodology says."""
        if self.pembilang is None or self.penyebut is None:
            return Hasil(None, "pembilang/penyebut tidak diisi")
        return metode.persen(self.pembilang, self.penyebut)


@dataclass
class Indikator:
    kode: str
    nama: str
    satuan: str = ""
    polaritas: str = "positif"
    jenis: str = "angka"
    target: dict[int, Target] = field(default_factory=dict)
    realisasi: dict[int, Realisasi] = field(default_factory=dict)
    kondisi_awal: Isi = None
    target_akhir: Target | None = None
    standar_nasional: Isi = None
    target_perubahan: Isi = None  # Perubahan PK for the report year
    alias: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.polaritas not in POLARITAS:
            raise ValueError(
                f"indikator {self.kode}: polaritas '{self.polaritas}' harus salah satu "
                f"dari {', '.join(POLARITAS)}"
            )
        if self.jenis not in JENIS_TARGET:
            raise ValueError(
                f"indikator {self.kode}: jenis target '{self.jenis}' harus salah satu "
                f"dari {', '.join(JENIS_TARGET)}"
            )

    def capaian(self, metode: Metode, tahun: int) -> Hasil:
        t = self.target.get(tahun)
        r = self.realisasi.get(tahun)
        return metode.capaian(
            t.nilai if t else None,
            r.nilai if r else None,
            self.polaritas,
            self.jenis,
            t.atas if t else None,
        )

    def capaian_akhir(self, metode: Metode, tahun: int) -> Hasil:
        """Capaian of this year's realisasi against the Renstra end target."""
        t = self.target_akhir
        r = self.realisasi.get(tahun)
        return metode.capaian(
            t.nilai if t else None,
            r.nilai if r else None,
            self.polaritas,
            self.jenis,
            t.atas if t else None,
        )


@dataclass
class Sasaran:
    kode: str
    nama: str
    indikator: list[Indikator] = field(default_factory=list)

    def capaian(self, metode: Metode, tahun: int) -> Hasil:
        """Mean of its indicators (limited for averages as the methodology says)."""
        return metode.rata_rata([i.capaian(metode, tahun) for i in self.indikator])


@dataclass
class Tujuan:
    kode: str
    nama: str
    sasaran: list[Sasaran] = field(default_factory=list)
    indikator: list[Indikator] = field(default_factory=list)  # indicators of the tujuan itself


@dataclass
class Misi:
    kode: str
    nama: str
    tujuan: list[Tujuan] = field(default_factory=list)

    def semua_sasaran(self) -> list[Sasaran]:
        return [s for t in self.tujuan for s in t.sasaran]

    def capaian(self, metode: Metode, tahun: int) -> Hasil:
        return _rata_bertingkat(metode, self.semua_sasaran(), tahun, metode.agregasi.misi_dari)


def _rata_bertingkat(metode: Metode, sasaran: list[Sasaran], tahun: int, dasar: str) -> Hasil:
    if dasar == "indikator":
        return metode.rata_rata([i.capaian(metode, tahun) for s in sasaran for i in s.indikator])
    # Sasaran means are already limited and rounded; average them as they are.
    return metode.agregasi.rata_rata(
        [s.capaian(metode, tahun) for s in sasaran], metode.pembulatan.ekspr
    )


@dataclass
class BarisAnggaran:
    """A budget row: Program, Kegiatan or Sub Kegiatan. `pagu`/`realisasi` are as typed."""

    kode: str
    nama: str
    pagu: float | None = None
    realisasi: float | None = None
    sasaran: str | None = None  # kode of the sasaran it supports, None if it supports none
    anak: list[BarisAnggaran] = field(default_factory=list)
    pagu_pk: float | None = None  # programs: the budget in the Perjanjian Kinerja
    keterangan: str = ""

    def pagu_anak(self) -> float | None:
        """Sum of the children's pagu (recursively from their own typed or summed values)."""
        if not self.anak:
            return self.pagu
        return sum((a.pagu_anak() or 0.0) for a in self.anak)

    def realisasi_anak(self) -> float | None:
        if not self.anak:
            return self.realisasi
        return sum((a.realisasi_anak() or 0.0) for a in self.anak)

    def telusuri(self) -> Iterator[BarisAnggaran]:
        yield self
        for a in self.anak:
            yield from a.telusuri()


class Program(BarisAnggaran):
    pass


class Kegiatan(BarisAnggaran):
    pass


class SubKegiatan(BarisAnggaran):
    pass


@dataclass
class Instansi:
    nama: str
    tahun: int
    misi: list[Misi] = field(default_factory=list)
    program: list[BarisAnggaran] = field(default_factory=list)  # top rows, usually Program
    renstra_awal: int | None = None
    identitas: dict[str, object] = field(default_factory=dict)  # Pengaturan: kepala, nip, ...
    belanja: dict[str, tuple[float, float]] = field(default_factory=dict)  # jenis: (pagu, real.)

    def semua_sasaran(self) -> list[Sasaran]:
        return [s for m in self.misi for s in m.semua_sasaran()]

    def semua_indikator(self) -> list[Indikator]:
        return [i for s in self.semua_sasaran() for i in s.indikator]

    def capaian(self, metode: Metode, tahun: int | None = None) -> Hasil:
        """Overall capaian, from indicators or sasaran as the methodology says."""
        return _rata_bertingkat(
            metode, self.semua_sasaran(), tahun or self.tahun, metode.agregasi.keseluruhan_dari
        )

    def baris_anggaran(self) -> Iterator[BarisAnggaran]:
        for p in self.program:
            yield from p.telusuri()
