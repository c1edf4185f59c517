"""Generate N realistic filled LKjIP workbooks the size of a large perangkat daerah.

Run: python bench/buat_buku.py N FOLDER [--benih 0] [--proses K] [--skala S]

Each workbook: 40 indicators under 12 sasaran and 3 misi, 150 budget rows (10 programs ×
2 kegiatan × 6 sub kegiatan, parent rows as SUMIFS formulas), jenis belanja, PK programs (with
`--skala S`: S times the indicators, sasaran, misi and programs, within the template's prepared
rows: at most 60 indicators, 20 sasaran, 6 misi, 200 budget rows, 20 PK programs), saved
as .xlsm with VBA, ribbon and cached values (`simpan_xlsm`). Values vary with a seeded RNG
(workbook i uses seed `benih + i`); the methodology cycles through the presets; about a third of
the workbooks carry the errors found in published reports (a capaian typed over its formula, a
PK program budget that differs from Anggaran), so `periksa` has something to report.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xlkinerja.inti.metode import METODE  # noqa: E402
from xlkinerja.inti.model import (  # noqa: E402
    Indikator,
    Instansi,
    Misi,
    Realisasi,
    Sasaran,
    Target,
    Tujuan,
)
from xlkinerja.templat import skema as S  # noqa: E402
from xlkinerja.templat.bangun import bangun_workbook, simpan_xlsm  # noqa: E402
from xlkinerja.templat.isi import isi_workbook  # noqa: E402
from xlkinerja.templat.sampel import _INDIKATOR, _KATA, _OBJEK, pohon_anggaran  # noqa: E402

N_INDIKATOR = 40
N_SASARAN = 12
N_MISI = 3
N_PROGRAM, N_KEGIATAN, N_SUB = 10, 2, 6  # 10 + 20 + 120 = 150 budget rows


@dataclass(frozen=True)
class Ukuran:
    """How many of each a generated perangkat daerah has (default: the large one above)."""

    indikator: int = N_INDIKATOR
    sasaran: int = N_SASARAN
    misi: int = N_MISI
    program: int = N_PROGRAM
    kegiatan: int = N_KEGIATAN
    sub: int = N_SUB

    @classmethod
    def kali(cls, skala: float) -> Ukuran:
        """`skala` times the indicators, sasaran, misi and programs of the default."""
        d = cls()
        return cls(
            max(1, round(d.indikator * skala)),
            max(1, round(d.sasaran * skala)),
            max(1, round(d.misi * skala)),
            max(1, round(d.program * skala)),
        )


DINAS = (
    "Dinas Tenaga Kerja",
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Sosial",
    "Dinas Perhubungan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Lingkungan Hidup",
    "Dinas Komunikasi dan Informatika",
    "Dinas Pertanian dan Ketahanan Pangan",
    "Dinas Koperasi dan Usaha Mikro",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Inspektorat",
    "Dinas Kependudukan dan Pencatatan Sipil",
)


def _indikator(rnd: random.Random, kode: str, tahun: int) -> Indikator:
    """One indicator drawn from the sample pool, its figures varied."""
    nm, sat, pol, jenis, t, r = rnd.choice(_INDIKATOR)
    if jenis in ("persen", "angka"):
        t = round(t * rnd.uniform(0.7, 1.3), 2 if jenis == "persen" else 0)
        t = max(t, 1.0)
        r = "-" if rnd.random() < 0.02 else round(t * rnd.uniform(0.5, 1.3), 2)
    elif r is None:
        r = t
    target = Target(*t) if isinstance(t, tuple) else Target(t)
    lalu = t[0] if isinstance(t, tuple) else t
    ind = Indikator(
        kode,
        nm,
        sat,
        pol,
        jenis,
        target={tahun: target, tahun - 1: Target(lalu)},
        realisasi={tahun: Realisasi(r)},
        target_akhir=Target(round(lalu * 1.1, 2)) if jenis not in ("huruf", "rentang") else target,
    )
    if jenis in ("persen", "angka") and isinstance(r, float):
        ind.realisasi[tahun - 1] = Realisasi(round(r * rnd.uniform(0.8, 1.05), 2))
    return ind


def instansi_pd(benih: int, tahun: int = 2024, ukuran: Ukuran = Ukuran()) -> Instansi:
    """A large perangkat daerah: 40 indicators, 12 sasaran, 3 misi, 150 budget rows (by
    default; `ukuran` sets other counts)."""
    u = ukuran
    rnd = random.Random(benih)
    misi = []
    sasaran: list[Sasaran] = []
    for mk in range(1, u.misi + 1):
        mi = Misi(str(mk), f"Misi {mk}: {rnd.choice(_KATA)} {rnd.choice(_OBJEK)}")
        tj = Tujuan(str(mk), f"Meningkatnya {rnd.choice(_OBJEK).lower()}")
        mi.tujuan.append(tj)
        misi.append(mi)
    for n in range(u.sasaran):
        mk = n % u.misi + 1
        s = Sasaran(f"{mk}.{n // u.misi + 1}", f"Meningkatnya {rnd.choice(_OBJEK).lower()} ({n})")
        misi[mk - 1].tujuan[0].sasaran.append(s)
        sasaran.append(s)
    for i in range(u.indikator):
        s = sasaran[i % u.sasaran]
        s.indikator.append(_indikator(rnd, f"{s.kode}.{len(s.indikator) + 1}", tahun))

    def spek():  # names drawn as the programs are built (the same sequence as before)
        for p in range(1, u.program + 1):
            sas = None if p == 1 else sasaran[(p - 2) % u.sasaran].kode
            yield (
                f"2.07.{p:02d}",
                f"Program {rnd.choice(_KATA)} {rnd.choice(_OBJEK)}",
                sas,
                (u.kegiatan),
                u.sub,
            )

    program, belanja = pohon_anggaran(rnd, spek())
    nama = f"{DINAS[benih % len(DINAS)]} Kabupaten Contoh {benih // len(DINAS) + 1}"
    return Instansi(
        nama,
        tahun,
        misi,
        program,
        renstra_awal=tahun - 3,
        identitas={
            "pemda": f"Pemerintah Kabupaten Contoh {benih // len(DINAS) + 1}",
            "kepala": "Drs. Contoh Pratama, M.Si",
            "nip_kepala": "19700101 199503 1 001",
            "atasan": "Bupati Contoh",
            "tempat": "Kota Contoh",
        },
        belanja=belanja,
    )


def buat_satu(benih: int, tujuan: Path, ukuran: Ukuran = Ukuran()) -> Path:
    """Build, fill and save one workbook (with a realistic error in about a third of them)."""
    rnd = random.Random(10_000 + benih)
    metode = list(METODE.values())[benih % len(METODE)]
    inst = instansi_pd(benih, ukuran=ukuran)
    wb = bangun_workbook(metode)
    baris = isi_workbook(wb, inst, metode)
    if rnd.random() < 0.35:  # a capaian typed over its formula
        r = rnd.choice(list(baris["pengukuran"].values()))
        wb["Pengukuran"][f"{S.PENGUKURAN.huruf('capaian')}{r}"] = round(rnd.uniform(60, 120), 2)
    if rnd.random() < 0.35:  # PK program budget from an older DPA
        r = rnd.choice(list(baris["pk_program"].values()))
        sel = f"{S.PK_PROGRAM.huruf('anggaran')}{r}"
        wb["PK"][sel] = float(wb["PK"][sel].value) + 12_500_000
    tujuan.write_bytes(simpan_xlsm(wb))
    return tujuan


def buat(
    n: int, folder: Path, benih: int = 0, proses: int | None = None, skala: float = 1
) -> list[Path]:
    """N workbooks `pd_0000.xlsm`… in folder (existing files with the same name are kept)."""
    folder.mkdir(parents=True, exist_ok=True)
    tugas = [(benih + i, folder / f"pd_{benih + i:04d}.xlsm") for i in range(n)]
    baru = [(b, p, Ukuran.kali(skala)) for b, p in tugas if not p.exists()]
    if baru:
        with ProcessPoolExecutor(proses or os.cpu_count()) as ex:
            list(ex.map(buat_satu, *zip(*baru), chunksize=4))
    return [p for _, p in tugas]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("n", type=int)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--benih", type=int, default=0)
    ap.add_argument("--proses", type=int, default=None)
    ap.add_argument("--skala", type=float, default=1)
    a = ap.parse_args()
    t = time.perf_counter()
    paths = buat(a.n, a.folder, a.benih, a.proses, a.skala)
    print(f"{len(paths)} buku kerja di {a.folder} ({time.perf_counter() - t:.1f} s)")


if __name__ == "__main__":
    main()
