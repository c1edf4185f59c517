"""A realistic, deterministic sample agency for tests, renderings and benchmarks."""

from __future__ import annotations

import random
from collections.abc import Iterable

from xlkinerja.inti.model import (
    Indikator,
    Instansi,
    Kegiatan,
    Misi,
    Program,
    Realisasi,
    Sasaran,
    SubKegiatan,
    Target,
    Tujuan,
)

_INDIKATOR = (
    # nama, satuan, polaritas, jenis, target, realisasi (None = from the random draw)
    ("Nilai SAKIP perangkat daerah", "nilai", "positif", "huruf", "BB", "A"),
    ("Level maturitas SPIP", "level", "positif", "level", 3, 3),
    ("Persentase penurunan temuan BPK", "%", "positif", "persen", 75, 95),
    ("Indeks kepuasan masyarakat", "indeks", "positif", "rentang", (82.0, 86.0), 84.1),
    ("Persentase pencari kerja terdaftar yang ditempatkan", "%", "positif", "persen", 17.5, None),
    ("Jumlah pencari kerja yang ditempatkan", "orang", "positif", "angka", 1000, 3898),
    (
        "Persentase pencari kerja yang mendapat pelatihan berbasis kompetensi",
        "%",
        "positif",
        "persen",
        2.12,
        None,
    ),
    ("Persentase lulusan pelatihan bersertifikat kompetensi", "%", "positif", "persen", 80, None),
    ("Tingkat pengangguran terbuka", "%", "negatif", "persen", 4.19, 6.33),
    ("Persentase penurunan kasus kecelakaan kerja", "%", "positif", "persen", 10, None),
    ("Jumlah kasus perselisihan hubungan industrial", "kasus", "negatif", "angka", 20, 14),
    (
        "Persentase penyelesaian kasus perselisihan hubungan industrial",
        "%",
        "positif",
        "persen",
        89,
        85.71,
    ),
    ("Angka tenaga kerja peserta BPJS Ketenagakerjaan", "orang", "positif", "angka", 18088, 19597),
    (
        "Persentase perusahaan yang menerapkan struktur skala upah",
        "%",
        "positif",
        "persen",
        60,
        None,
    ),
    ("Jumlah eks transmigrasi yang difasilitasi", "KK", "positif", "angka", 17, 5),
    ("Persentase kawasan transmigrasi yang berkembang", "%", "positif", "persen", 40, "-"),
)
_SASARAN = (
    ("1.1", "1", "Meningkatnya akuntabilitas kinerja dan tata kelola perangkat daerah", 4),
    ("2.1", "2", "Meningkatnya penempatan tenaga kerja", 2),
    ("2.2", "2", "Meningkatnya kualitas dan kompetensi tenaga kerja", 2),
    ("2.3", "2", "Menurunnya tingkat pengangguran terbuka", 1),
    ("2.4", "2", "Meningkatnya perlindungan tenaga kerja", 5),
    ("2.5", "2", "Meningkatnya kesejahteraan masyarakat eks transmigrasi", 2),
)
_PROGRAM = (
    ("2.07.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", None, 4, 3),
    ("2.07.02", "Program Perencanaan Tenaga Kerja", "2.3", 2, 2),
    ("2.07.03", "Program Pelatihan Kerja dan Produktivitas Tenaga Kerja", "2.2", 3, 3),
    ("2.07.04", "Program Penempatan Tenaga Kerja", "2.1", 3, 2),
    ("2.07.05", "Program Hubungan Industrial", "2.4", 2, 3),
)
_KATA = (
    "Penyusunan",
    "Pelaksanaan",
    "Fasilitasi",
    "Koordinasi",
    "Pembinaan",
    "Pengawasan",
    "Pengembangan",
    "Penyediaan",
    "Pemeliharaan",
    "Sosialisasi",
)
_OBJEK = (
    "Dokumen Perencanaan",
    "Pelatihan Berbasis Kompetensi",
    "Bursa Kerja",
    "Pasar Kerja",
    "Lembaga Kerja Sama Bipartit",
    "Jaminan Sosial Tenaga Kerja",
    "Sarana Gedung Kantor",
    "Administrasi Keuangan",
    "Informasi Ketenagakerjaan",
    "Perselisihan Hubungan Industrial",
)


def instansi_sampel(benih: int = 0, tahun: int = 2024) -> Instansi:
    """16 indicators (negative, grade, level and range targets, one '-'), 5 programs, 49 rows."""
    rnd = random.Random(benih)
    it = iter(_INDIKATOR)
    misi = {
        "1": Misi("1", "Mewujudkan tata kelola pemerintahan yang profesional dan inovatif"),
        "2": Misi("2", "Mewujudkan perekonomian yang tangguh, berdaya saing dan inklusif"),
    }
    tujuan = {
        "1": Tujuan("1", "Meningkatnya akuntabilitas kinerja perangkat daerah"),
        "2": Tujuan("2", "Meningkatnya perluasan kesempatan kerja dan perlindungan tenaga kerja"),
    }
    misi["1"].tujuan.append(tujuan["1"])
    misi["2"].tujuan.append(tujuan["2"])
    for kode, kode_misi, nama, n in _SASARAN:
        s = Sasaran(kode, nama)
        for j in range(1, n + 1):
            nm, sat, pol, jenis, t, r = next(it)
            if r is None:
                r = round(t * rnd.uniform(0.55, 1.35), 2)
            target = Target(*t) if isinstance(t, tuple) else Target(t)
            lalu = t[0] if isinstance(t, tuple) else t
            ind = Indikator(
                f"{kode}.{j}",
                nm,
                sat,
                pol,
                jenis,
                target={tahun: target, tahun - 1: Target(lalu)},
                realisasi={tahun: Realisasi(r)},
                target_akhir=Target(round(lalu * 1.1, 2))
                if jenis not in ("huruf", "rentang")
                else target,
            )
            if jenis in ("persen", "angka") and isinstance(r, float):
                ind.realisasi[tahun - 1] = Realisasi(round(r * rnd.uniform(0.8, 1.05), 2))
            s.indikator.append(ind)
        tujuan[kode_misi].sasaran.append(s)

    program, belanja = pohon_anggaran(rnd, _PROGRAM)
    return Instansi(
        "Dinas Tenaga Kerja Kabupaten Contoh",
        tahun,
        list(misi.values()),
        program,
        renstra_awal=tahun - 3,
        identitas={
            "pemda": "Pemerintah Kabupaten Contoh",
            "kepala": "Drs. Contoh Pratama, M.Si",
            "nip_kepala": "19700101 199503 1 001",
            "atasan": "Bupati Contoh",
            "tempat": "Kota Contoh",
        },
        belanja=belanja,
    )


def pohon_anggaran(
    rnd: random.Random, spek: Iterable[tuple[str, str, str | None, int, int]]
) -> tuple[list[Program], dict[str, tuple[float, float]]]:
    """Programs (kode, nama, sasaran, number of kegiatan, sub kegiatan per kegiatan) with random
    sub kegiatan budgets, parents summed, and a jenis belanja split of the total (pagu, realisasi).
    `spek` is consumed lazily, so a caller may draw a program's name from `rnd` as it goes."""
    program = []
    for kode, nama, sasaran, n_keg, n_sub in spek:
        p = Program(kode, nama, sasaran=sasaran)
        for k in range(1, n_keg + 1):
            kg = Kegiatan(f"{kode}.{k}.{k:02d}", f"{rnd.choice(_KATA)} {rnd.choice(_OBJEK)}")
            for s in range(1, n_sub + 1):
                pagu = float(rnd.randrange(40, 900) * 1_000_000 + rnd.randrange(0, 999) * 1000)
                real = float(round(pagu * rnd.uniform(0.6, 1.0)))
                kg.anak.append(
                    SubKegiatan(
                        f"{kg.kode}.{s:04d}",
                        f"{rnd.choice(_KATA)} {rnd.choice(_OBJEK)}",
                        pagu,
                        real,
                    )
                )
            kg.pagu, kg.realisasi = kg.pagu_anak(), kg.realisasi_anak()
            p.anak.append(kg)
        p.pagu, p.realisasi = p.pagu_anak(), p.realisasi_anak()
        p.pagu_pk = p.pagu
        program.append(p)
    total_pagu = sum(p.pagu or 0 for p in program)
    total_real = sum(p.realisasi or 0 for p in program)
    modal = (round(total_pagu * 0.04), round(total_real * 0.04))
    pegawai = (round(total_pagu * 0.35), round(total_real * 0.36))
    barang = (total_pagu - modal[0] - pegawai[0], total_real - modal[1] - pegawai[1])
    belanja = {
        "Belanja Pegawai": pegawai,
        "Belanja Barang dan Jasa": barang,
        "Belanja Modal": modal,
    }
    return program, belanja
