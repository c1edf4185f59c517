"""The template schema, defined once: sheets, tables, columns, settings cells and dropdown lists.

The builder, the readers/writers and the checks all take sheet names, header texts, column letters
and which cells are inputs from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from openpyxl.utils import get_column_letter

from xlkinerja.inti.metode.capaian import JENIS_TARGET, PENGGUNAAN, POLARITAS
from xlkinerja.inti.rumus import (
    COUNTIFS,
    IF,
    IFERROR,
    INDEX,
    ISNUMBER,
    MATCH,
    OR,
    SUMIFS,
    Sel,
)
from xlkinerja.templat.hitungan import (
    Atur,
    BarisTetap,
    Blok,
    Hitungan,
    Induk,
    Menurut,
    Rentang,
    SelTetap,
    Tetap,
    Turunan,
    pakai,
)
from xlkinerja.versi import __version__ as _VERSI

# -- number formats (Excel shows them with the PC's separators: 1.234,56 on an Indonesian PC) ----
F_TEKS = "@"
F_ANGKA = "#,##0.##"
F_PERSEN = "#,##0.00"
F_RUPIAH = "#,##0"
F_TAHUN = "0"

TINGKAT_ANGGARAN = ("Program", "Kegiatan", "Sub Kegiatan")
TINGKAT_RENSTRA = ("Tujuan", "Sasaran", *TINGKAT_ANGGARAN)
VERSI_RENSTRA = ("awal", "perubahan")
# Which pagu the computations use: the perubahan (DPPA) when filled, else the murni (DPA).
VERSI_ANGGARAN = ("perubahan bila ada", "murni", "perubahan")
SUMBER_DANA = (
    "APBD Kabupaten/Kota",
    "APBD Provinsi",
    "APBN/Dekonsentrasi",
    "APBN/Tugas Pembantuan",
    "DAK",
    "Bantuan Luar Negeri",
    "Lainnya",
)
YA_TIDAK = ("Ya", "Tidak")


@dataclass(frozen=True)
class Kolom:
    kunci: str
    judul: str
    lebar: float = 12
    isian: bool = True  # input cell (unlocked); False: formula cell (locked)
    format: str = "General"
    pilihan: tuple[str, ...] | None = None  # dropdown values
    hitung: Hitungan | None = None  # how a formula column is computed
    sembunyi: bool = False
    wajib: bool = False
    # the check reporting a shown value that differs from the recomputed one; None: the cell is
    # compared by a check of its own (PK01, PK02, RKT01), not by recomputation
    cek: str | None = "HIT01"


@dataclass(frozen=True)
class Tabel:
    """A table of rows: a header row, then `kapasitas` prepared rows."""

    kunci: str
    lembar: str
    judul: str
    kolom: tuple[Kolom, ...]
    baris_judul: int
    kapasitas: int
    kunci_baris: str  # the column whose emptiness means "no row here"
    induk: Induk | None = None  # parent rows whose input columns hold sums of their children

    @cached_property
    def _indeks(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for i, k in enumerate(self.kolom, 1):
            out.setdefault(k.kunci, i)
        return out

    @cached_property
    def _huruf(self) -> dict[str, str]:
        return {k: get_column_letter(i) for k, i in self._indeks.items()}

    def indeks(self, kunci: str) -> int:
        try:
            return self._indeks[kunci]
        except KeyError:
            raise KeyError(f"kolom '{kunci}' tidak ada di tabel {self.kunci}") from None

    def huruf(self, kunci: str) -> str:
        try:
            return self._huruf[kunci]
        except KeyError:
            raise KeyError(f"kolom '{kunci}' tidak ada di tabel {self.kunci}") from None

    def k(self, kunci: str) -> Kolom:
        return self.kolom[self.indeks(kunci) - 1]

    @property
    def baris_awal(self) -> int:
        return self.baris_judul + 1

    @property
    def baris_akhir(self) -> int:
        return self.baris_judul + self.kapasitas

    def rentang(self, kunci: str, lembar: bool = False) -> str:
        """Absolute range of one column over the prepared rows, e.g. $L$5:$L$64."""
        c = self.huruf(kunci)
        r = f"${c}${self.baris_awal}:${c}${self.baris_akhir}"
        return f"{ref_lembar(self.lembar)}!{r}" if lembar else r


def ref_lembar(nama: str) -> str:
    return f"'{nama}'" if not nama.replace("_", "").isalnum() else nama


def K(kunci: str, judul: str, lebar: float = 12, **kw) -> Kolom:  # noqa: N802 - short builder
    return Kolom(kunci, judul, lebar, **kw)


def R(kunci: str, judul: str, hitung: Hitungan, lebar: float = 12, **kw) -> Kolom:  # noqa: N802
    """A formula column: its rule and inputs are declared here, once."""
    kw.setdefault("format", F_PERSEN)
    return Kolom(kunci, judul, lebar, isian=False, hitung=hitung, **kw)


# Structural formulas (not methodology): a lookup, a count, a sum.
CARI = IFERROR(INDEX(Sel("V"), MATCH(Sel("k"), Sel("K"), 0)), "")
HITUNG_KODE = COUNTIFS(Sel("K"), Sel("k"))
JUMLAH_KODE = SUMIFS(Sel("V"), Sel("K"), Sel("k"))


# -- Pengaturan ---------------------------------------------------------------------------------


class Ubah:
    """How a settings cell and its value in `Metode.to_dict()` convert into each other."""

    def ke_sel(self, v: Any) -> Any:
        return v

    def dari_sel(self, v: Any) -> Any:
        return v

    def taruh(self, d: dict, jalur: str, v: Any) -> None:
        """Put the cell value `v` at `jalur` ("a.b") of the methodology dict `d`."""
        *atas, akhir = jalur.split(".")
        for k in atas:
            d = d.setdefault(k, {})
        d[akhir] = self.dari_sel(v)

    def ambil(self, d: dict, jalur: str) -> Any:
        for k in jalur.split("."):
            d = d[k]
        return self.ke_sel(d)


@dataclass(frozen=True)
class Teks(Ubah):
    """A text; an empty cell reads as `kosong`."""

    kosong: str = ""

    def dari_sel(self, v: Any) -> Any:
        return v or self.kosong


class Koma(Ubah):
    """A list written as "D,C,CC,B"."""

    def ke_sel(self, v: Any) -> Any:
        return ",".join(v)

    def dari_sel(self, v: Any) -> Any:
        return [x.strip() for x in str(v or "").split(",") if x.strip()]


class Bulat(Ubah):
    """A whole number; an empty cell reads as 0."""

    def dari_sel(self, v: Any) -> Any:
        return int(v or 0)


def ya(v: object) -> bool:
    return str(v).strip().lower() in ("ya", "y", "true", "1")


@dataclass(frozen=True)
class Anggota(Ubah):
    """Ya/Tidak: whether `butir` is in the list at the path."""

    butir: str

    def ambil(self, d: dict, jalur: str) -> Any:
        return "Ya" if self.butir in super().ambil(d, jalur) else "Tidak"

    def taruh(self, d: dict, jalur: str, v: Any) -> None:
        *atas, akhir = jalur.split(".")
        for k in atas:
            d = d.setdefault(k, {})
        daftar = d.setdefault(akhir, [])
        if ya(v):
            daftar.append(self.butir)


@dataclass(frozen=True)
class Isian:
    """One settings cell (Pengaturan or Skala column B), with a defined name `xk_<kunci>`.

    `jalur` is where the value lives in `Metode.to_dict()`; the sheet is written from and read
    back into the methodology through it and `ubah`."""

    kunci: str
    label: str
    bawaan: object = None
    pilihan: tuple[str, ...] | None = None
    format: str = "General"
    keterangan: str = ""
    jalur: str | None = None
    ubah: Ubah = Ubah()
    ketat: bool = True  # the dropdown refuses other values

    @property
    def nama(self) -> str:
        return f"xk_{self.kunci}"


PENGATURAN_UMUM = (
    Isian("instansi", "Nama instansi / perangkat daerah", ""),
    Isian("pemda", "Pemerintah daerah", ""),
    Isian("tahun", "Tahun laporan", 2025, format=F_TAHUN),
    Isian("renstra_awal", "Tahun pertama Renstra", 2021, format=F_TAHUN),
    Isian("kepala", "Nama kepala", ""),
    Isian("nip_kepala", "NIP kepala", "", format=F_TEKS),
    Isian("jabatan_kepala", "Jabatan kepala", "Kepala Dinas"),
    Isian("atasan", "Nama atasan (Bupati/Wali Kota)", ""),
    Isian("jabatan_atasan", "Jabatan atasan", "Bupati"),
    Isian("tempat", "Tempat penandatanganan", ""),
    Isian("tanggal", "Tanggal penandatanganan", None, format="d mmmm yyyy"),
    Isian("jumlah_asn", "Jumlah pegawai ASN", None, format="0", keterangan="Untuk narasi Bab I."),
    Isian("jumlah_non_asn", "Jumlah pegawai Non ASN", None, format="0"),
    Isian(
        "versi_xlkinerja",
        "Templat dibuat dengan xlkinerja",
        _VERSI,
        keterangan="Diisi saat templat dibangun; jangan diubah.",
    ),
    Isian(
        "versi_xlwings",
        "Versi VBA xlwings dalam templat",
        "0.37.8",
        keterangan="Harus sama dengan xlwings yang terpasang (tombol Diagnosa memeriksanya).",
    ),
    # -- issue 17: Renstra and budget versions ------------------------------------------------
    Isian(
        "versi_renstra",
        "Versi Renstra yang berlaku",
        "perubahan",
        VERSI_RENSTRA,
        keterangan="Target dan pagu Renstra tahun ini diambil dari baris versi ini; baris tanpa "
        "versi selalu dipakai, dan indikator yang tidak punya baris versi ini memakai barisnya "
        "yang lain.",
    ),
    Isian(
        "renstra_dasar_awal",
        "Renstra awal ditetapkan dengan",
        "",
        keterangan="Nomor dan tanggal peraturan/keputusan, mis. Peraturan Bupati No. ...",
    ),
    Isian("renstra_dasar_perubahan", "Renstra perubahan ditetapkan dengan", ""),
    Isian(
        "versi_anggaran",
        "Versi pagu yang dipakai perhitungan",
        VERSI_ANGGARAN[0],
        VERSI_ANGGARAN,
        keterangan="Kolom Pagu (Rp) di lembar Anggaran berisi pagu versi ini (Periksa "
        "mencocokkannya dengan kolom Pagu Murni dan Pagu Perubahan).",
    ),
)


def pengaturan_metode(
    daftar_metode: tuple[str, ...],
    daftar_negatif: tuple[str, ...],
    daftar_efisiensi: tuple[str, ...],
) -> tuple[Isian, ...]:
    """Methodology settings; the dropdown lists come from the presets."""
    batas = tuple(
        Isian(
            f"batas_{arah}_{u}",
            f"Batas {arah} berlaku untuk {u.replace('_', '-')}",
            "Ya",
            YA_TIDAK,
            jalur=f"batas.{arah}_untuk",
            ubah=Anggota(u),
        )
        for arah in ("atas", "bawah")
        for u in PENGGUNAAN
    )
    return (
        Isian(
            "metode",
            "Preset metodologi",
            None,
            daftar_metode,
            keterangan="Asal pilihan di bawah; ubah pilihan di bawah untuk menyesuaikan.",
            jalur="kode",
            ubah=Teks("disunting"),
        ),
        Isian("metode_nama", "Nama metodologi", "", jalur="nama", ubah=Teks()),
        Isian("metode_sumber", "Sumber / dasar hukum", "", jalur="sumber", ubah=Teks()),
        Isian("metode_catatan", "Catatan metodologi", "", jalur="catatan", ubah=Teks()),
        Isian(
            "rumus_negatif",
            "Rumus capaian polaritas negatif",
            None,
            daftar_negatif,
            jalur="negatif",
        ),
        Isian(
            "huruf_urutan",
            "Urutan nilai huruf (terendah dulu)",
            "D,C,CC,B,BB,A,AA",
            jalur="huruf.urutan",
            ubah=Koma(),
        ),
        Isian(
            "huruf_sama",
            "Capaian bila nilai huruf sama dengan target",
            100.0,
            jalur="huruf.sama",
        ),
        Isian("huruf_langkah", "Tambahan per tingkat nilai huruf", 10.0, jalur="huruf.langkah"),
        Isian(
            "batas_atas",
            "Batas atas capaian (kosong = tanpa batas)",
            None,
            format=F_ANGKA,
            jalur="batas.atas",
        ),
        *batas[: len(PENGGUNAAN)],
        Isian(
            "batas_bawah",
            "Batas bawah capaian (kosong = tanpa batas)",
            0.0,
            format=F_ANGKA,
            jalur="batas.bawah",
        ),
        *batas[len(PENGGUNAAN) :],
        Isian(
            "misi_dari",
            "Capaian misi dihitung dari",
            "sasaran",
            ("indikator", "sasaran"),
            jalur="agregasi.misi_dari",
        ),
        Isian(
            "keseluruhan_dari",
            "Capaian keseluruhan dihitung dari",
            "sasaran",
            ("indikator", "sasaran"),
            jalur="agregasi.keseluruhan_dari",
        ),
        Isian(
            "kosong",
            "Indikator tak terhitung dalam rata-rata",
            "dikecualikan",
            ("dikecualikan", "nol"),
            jalur="agregasi.kosong",
        ),
        Isian("efisiensi", "Metode efisiensi", None, daftar_efisiensi, jalur="efisiensi"),
        Isian(
            "pembulatan",
            "Pembulatan",
            "setengah_ke_atas",
            ("setengah_ke_atas", "potong"),
            jalur="pembulatan.mode",
        ),
        Isian(
            "desimal",
            "Jumlah desimal",
            2,
            format="0",
            jalur="pembulatan.desimal",
            ubah=Bulat(),
        ),
    )


def pengaturan_skala(daftar_skala: tuple[str, ...]) -> tuple[Isian, ...]:
    """The scale's own settings on the Skala sheet, below the band table."""
    ujung = ("pita_ujung", "di_luar_skala")
    return (
        Isian(
            "skala_kode",
            "Kode skala",
            pilihan=daftar_skala,
            jalur="skala.kode",
            ubah=Teks("skala"),
            ketat=False,
        ),
        Isian("skala_nama", "Nama skala", jalur="skala.nama", ubah=Teks()),
        Isian("skala_sumber", "Sumber", jalur="skala.sumber", ubah=Teks()),
        Isian("skala_di_atas", "Nilai di atas pita teratas", pilihan=ujung, jalur="skala.di_atas"),
        Isian(
            "skala_di_bawah", "Nilai di bawah pita terbawah", pilihan=ujung, jalur="skala.di_bawah"
        ),
        Isian(
            "skala_keluaran",
            "Predikat ditulis sebagai",
            pilihan=("kode", "label"),
            jalur="skala.keluaran",
        ),
        Isian("skala_catatan", "Catatan", jalur="skala.catatan", ubah=Teks()),
    )


# -- tables ---------------------------------------------------------------------------------------

CAPAIAN = pakai("capaian", T="target", T2="target_atas", R="realisasi", P="polaritas", J="jenis")
PREDIKAT = pakai("predikat", C="capaian_predikat")
SERAPAN = pakai("serapan", PG="pagu", RL="realisasi")
SISA = pakai("sisa", PG="pagu", RL="realisasi")
TARGET_RENSTRA = pakai(
    IFERROR(INDEX(Sel("B"), MATCH(Sel("k"), Sel("K"), 0), Sel("th") - Sel("aw") + 1), ""),
    B=Blok("renstra", "target_1", "target_5"),
    k="kode",
    K=Rentang("renstra", "kode_berlaku", True),
    th=Atur("tahun"),
    aw=Atur("renstra_awal"),
)

# Last year's target: the Renstra target of the year before `tahun`; "" outside the Renstra's five
# years or for a code the Renstra lacks, 0 where the Renstra cell is empty (INDEX of an empty cell
# shows 0, as "Target Renstra Tahun Ini" does). capaian_lalu then falls back to the typed value.
_TAHUN_LALU = Sel("th") - Sel("aw")  # the Renstra column of last year (1..5)
TARGET_LALU = pakai(
    IFERROR(
        IF(
            OR(_TAHUN_LALU.lt(1), _TAHUN_LALU.gt(5)),
            "",
            INDEX(Sel("B"), MATCH(Sel("k"), Sel("K"), 0), _TAHUN_LALU),
        ),
        "",
    ),
    B=Blok("renstra", "target_1", "target_5"),
    k="kode",
    K=Rentang("renstra", "kode_berlaku", True),
    th=Atur("tahun"),
    aw=Atur("renstra_awal"),
)
# Capaian Tahun Lalu: the capaian rule over last year's target and realisasi where both are
# filled, else the value typed in "Capaian Tahun Lalu (isian)".
CAPAIAN_LALU = pakai(
    "capaian_lalu",
    T="target_lalu",
    T2=Tetap(""),
    R="realisasi_lalu",
    P="polaritas",
    J="jenis",
    L="capaian_lalu_isian",
)


# This year's indicative pagu of the Renstra funding matrix for the row's code (version in
# force); "" outside the Renstra's five years or for a code the matrix lacks.
PAGU_RENSTRA = pakai(
    IFERROR(INDEX(Sel("B"), MATCH(Sel("k"), Sel("K"), 0), Sel("th") - Sel("aw") + 1), ""),
    B=Blok("renstra_pendanaan", "pagu_1", "pagu_5"),
    k="kode",
    K=Rentang("renstra_pendanaan", "kode_berlaku", True),
    th=Atur("tahun"),
    aw=Atur("renstra_awal"),
)
JENIS_BELANJA_BARIS = ("Belanja Pegawai", "Belanja Barang dan Jasa", "Belanja Modal")


def _batas(untuk: str) -> Hitungan:
    return pakai(f"dibatasi_{untuk}", C="capaian")


def _anggaran_sasaran(kolom: str) -> Hitungan:
    """Σ of the budget rows mapped to this sasaran (column 'Mendukung Sasaran')."""
    return pakai(
        JUMLAH_KODE,
        V=Rentang("anggaran", kolom, True),
        K=Rentang("anggaran", "sasaran", True),
        k="kode_sasaran",
    )


BARIS_JUDUL = 5  # header row of the first table on each sheet


def KODE_BERLAKU(tabel: str) -> Hitungan:  # noqa: N802 - a declaration, like CAPAIAN
    """The row's code when its version is the one in force (Pengaturan "Versi Renstra yang
    berlaku"), its version is empty, or its code has no row of that version; else "". Lookups
    of "this year's Renstra" MATCH on this column, so they take the version in force."""
    return pakai(
        IF(
            OR(
                Sel("v").sama(""),
                Sel("v").sama(Sel("b")),
                COUNTIFS(Sel("K"), Sel("k"), Sel("V"), Sel("b")).sama(0),
            ),
            Sel("k"),
            "",
        ),
        v="versi",
        b=Atur("versi_renstra"),
        k="kode",
        K=Rentang(tabel, "kode"),
        V=Rentang(tabel, "versi"),
    )


_BANTU = {"format": "0;-0;;@", "sembunyi": True}

SKALA = Tabel(
    "skala",
    "Skala",
    "Pita predikat (urut dari tertinggi)",
    (
        K("kode", "Kode", 14, format=F_TEKS),
        K("label", "Label", 24),
        K("bawah", "Batas Bawah", 12, format=F_ANGKA),
        K("bawah_inklusif", "Bawah Inklusif", 10, pilihan=YA_TIDAK),
        K("atas", "Batas Atas", 12, format=F_ANGKA),
        K("atas_inklusif", "Atas Inklusif", 10, pilihan=YA_TIDAK),
        K("warna", "Warna (hex)", 12, format=F_TEKS),
    ),
    BARIS_JUDUL,
    10,
    "kode",
)

RENSTRA = Tabel(
    "renstra",
    "Renstra",
    "Matriks Renstra: tujuan, sasaran, indikator dan target lima tahun",
    (
        K("kode_tujuan", "Kode Tujuan", 10, format=F_TEKS),
        K("tujuan", "Tujuan", 30),
        K("kode_sasaran", "Kode Sasaran", 10, format=F_TEKS),
        K("sasaran", "Sasaran", 30),
        K("kode", "Kode Indikator", 11, format=F_TEKS, wajib=True),
        K("indikator", "Indikator Kinerja", 40, wajib=True),
        K("satuan", "Satuan", 10),
        K("polaritas", "Polaritas", 10, pilihan=POLARITAS),
        K("jenis", "Jenis Target", 10, pilihan=tuple(JENIS_TARGET)),
        K("kondisi_awal", "Kondisi Awal", 11, format=F_ANGKA),
        *[K(f"target_{i}", f"Target Th-{i}", 11, format=F_ANGKA) for i in range(1, 6)],
        K("target_akhir", "Target Akhir", 11, format=F_ANGKA),
        *[K(f"realisasi_{i}", f"Realisasi Th-{i}", 11, format=F_ANGKA) for i in range(1, 6)],
        K("versi", "Versi", 12, pilihan=VERSI_RENSTRA),
        K("keterangan", "Keterangan", 24),
        R("kode_berlaku", "Kode Versi Berlaku (bantu)", KODE_BERLAKU("renstra"), 8, **_BANTU),
    ),
    BARIS_JUDUL,
    60,
    "indikator",
)

RKT = Tabel(
    "rkt",
    "RKT",
    "Rencana Kinerja Tahunan",
    (
        K("kode_sasaran", "Kode Sasaran", 10, format=F_TEKS),
        K("kode", "Kode Indikator", 11, format=F_TEKS),
        K("indikator", "Indikator Kinerja", 40, wajib=True),
        K("satuan", "Satuan", 10),
        K("target", "Target", 11, format=F_ANGKA, wajib=True),
        R(
            "target_renstra",
            "Target Renstra Tahun Ini",
            TARGET_RENSTRA,
            12,
            format=F_ANGKA,
            cek=None,
        ),
        K("program", "Program", 30),
        K("anggaran", "Anggaran (Rp)", 16, format=F_RUPIAH),
        K("keterangan", "Keterangan", 24),
    ),
    BARIS_JUDUL,
    60,
    "indikator",
)

PK = Tabel(
    "pk",
    "PK",
    "Perjanjian Kinerja: sasaran, indikator dan target",
    (
        K("kode_sasaran", "Kode Sasaran", 10, format=F_TEKS),
        K("sasaran", "Sasaran", 30),
        K("kode", "Kode Indikator", 11, format=F_TEKS),
        K("indikator", "Indikator Kinerja", 40, wajib=True),
        K("satuan", "Satuan", 10),
        K("target", "Target PK", 11, format=F_ANGKA, wajib=True),
        K("target_perubahan", "Target Perubahan PK", 12, format=F_ANGKA),
        R(
            "target_renstra",
            "Target Renstra Tahun Ini",
            TARGET_RENSTRA,
            12,
            format=F_ANGKA,
            cek=None,
        ),
        K("keterangan", "Keterangan", 24),
    ),
    BARIS_JUDUL,
    60,
    "indikator",
)

PK_PROGRAM = Tabel(
    "pk_program",
    "PK",
    "Program dan anggaran dalam Perjanjian Kinerja",
    (
        K("kode", "Kode Program", 14, format=F_TEKS, wajib=True),
        K("program", "Program", 40, wajib=True),
        K("anggaran", "Anggaran PK (Rp)", 18, format=F_RUPIAH, wajib=True),
        K("anggaran_perubahan", "Anggaran Perubahan PK (Rp)", 18, format=F_RUPIAH),
        R(
            "anggaran_dpa",
            "Pagu Lembar Anggaran (Rp)",
            pakai(
                SUMIFS(Sel("V"), Sel("T"), "Program", Sel("K"), Sel("k")),
                V=Rentang("anggaran", "pagu", True),
                T=Rentang("anggaran", "tingkat", True),
                K=Rentang("anggaran", "kode", True),
                k="kode",
            ),
            18,
            format=F_RUPIAH,
            cek=None,
        ),
        R(
            "selisih",
            "Selisih PK − Anggaran (Rp)",
            pakai(IF(ISNUMBER(Sel("A")), Sel("A") - Sel("B"), ""), A="anggaran", B="anggaran_dpa"),
            18,
            format=F_RUPIAH,
            cek=None,
        ),
        R(
            "anggaran_murni",
            "Pagu Murni Lembar Anggaran (Rp)",
            pakai(
                SUMIFS(Sel("V"), Sel("T"), "Program", Sel("K"), Sel("k")),
                V=Rentang("anggaran", "pagu_murni", True),
                T=Rentang("anggaran", "tingkat", True),
                K=Rentang("anggaran", "kode", True),
                k="kode",
            ),
            18,
            format=F_RUPIAH,
        ),
        R("pagu_renstra", "Pagu Renstra Tahun Ini (Rp)", PAGU_RENSTRA, 18, format=F_RUPIAH),
    ),
    PK.baris_akhir + 4,
    20,
    "program",
)

PENGUKURAN = Tabel(
    "pengukuran",
    "Pengukuran",
    "Pengukuran kinerja (Tabel 3.1)",
    (
        K("kode_sasaran", "Kode Sasaran", 10, format=F_TEKS, wajib=True),
        K("kode", "Kode Indikator", 11, format=F_TEKS),
        K("indikator", "Indikator Kinerja", 40, wajib=True),
        K("satuan", "Satuan", 10),
        K("polaritas", "Polaritas", 10, pilihan=POLARITAS),
        K("jenis", "Jenis Target", 10, pilihan=tuple(JENIS_TARGET)),
        K("target", "Target", 11, format=F_ANGKA, wajib=True),
        K("target_atas", "Batas Atas Target (rentang)", 11, format=F_ANGKA),
        K("realisasi", "Realisasi", 11, format=F_ANGKA, wajib=True),
        K("pembilang", "Realisasi: Pembilang", 11, format=F_ANGKA),
        K("penyebut", "Realisasi: Penyebut", 11, format=F_ANGKA),
        R("capaian", "Capaian (%)", CAPAIAN, 12, cek="CAP01"),
        R("capaian_tampil", "Capaian Setelah Batas (%)", _batas("tampilan"), 12, cek="CAP02"),
        R("capaian_predikat", "Capaian untuk Predikat (%)", _batas("predikat"), 10, sembunyi=True),
        R("capaian_rata", "Capaian untuk Rata-rata (%)", _batas("rata_rata"), 10, sembunyi=True),
        R("predikat", "Predikat", PREDIKAT, 14, format="General", cek="PRD01"),
        K("realisasi_lalu", "Realisasi Tahun Lalu", 11, format=F_ANGKA),
        R("capaian_lalu", "Capaian Tahun Lalu (%)", CAPAIAN_LALU, 11, cek="CAP04"),
        K("target_akhir", "Target Akhir Renstra", 11, format=F_ANGKA),
        R(
            "capaian_akhir",
            "Capaian thd Target Akhir (%)",
            pakai(
                "capaian", T="target_akhir", T2=Tetap(""), R="realisasi", P="polaritas", J="jenis"
            ),
            12,
            cek="CAP03",
        ),
        K("standar_nasional", "Standar Nasional", 11, format=F_ANGKA),
        K("keterangan", "Keterangan", 24),
        R(
            "kode_misi",
            "Kode Misi (bantu)",
            pakai(
                CARI,
                V=Rentang("pengukuran_sasaran", "kode_misi"),
                k="kode_sasaran",
                K=Rentang("pengukuran_sasaran", "kode_sasaran"),
            ),
            8,
            format=F_TEKS,
            sembunyi=True,
        ),
        R("target_lalu", "Target Tahun Lalu (Renstra)", TARGET_LALU, 11, format=F_ANGKA),
        K(
            "capaian_lalu_isian",
            "Capaian Tahun Lalu (isian, bila target/realisasi tahun lalu kosong)",
            13,
            format=F_PERSEN,
        ),
    ),
    BARIS_JUDUL,
    60,
    "indikator",
)

PENGUKURAN_SASARAN = Tabel(
    "pengukuran_sasaran",
    "Pengukuran",
    "Capaian per sasaran",
    (
        K("kode_sasaran", "Kode Sasaran", 10, format=F_TEKS, wajib=True),
        K("kode_misi", "Kode Misi", 11, format=F_TEKS),
        K("sasaran", "Sasaran", 40, wajib=True),
        R(
            "jumlah",
            "Jumlah Indikator",
            pakai(HITUNG_KODE, K=Rentang("pengukuran", "kode_sasaran"), k="kode_sasaran"),
            10,
            format="0",
        ),
        R(
            "capaian",
            "Rata-rata Capaian (%)",
            pakai(
                "rata_rata_per_kunci",
                V=Rentang("pengukuran", "capaian_rata"),
                K=Rentang("pengukuran", "kode_sasaran"),
                k="kode_sasaran",
            ),
            12,
            cek="RAT01",
        ),
        R("capaian_predikat", "Capaian untuk Predikat (%)", _batas("predikat"), 10, sembunyi=True),
        R("predikat", "Predikat", PREDIKAT, 14, format="General", cek="PRD02"),
        R(
            "jumlah_dirata",
            "Indikator dalam Rata-rata",
            pakai(
                "jumlah_per_kunci",
                V=Rentang("pengukuran", "capaian_rata"),
                K=Rentang("pengukuran", "kode_sasaran"),
                k="kode_sasaran",
            ),
            11,
            format="0",
        ),
    ),
    PENGUKURAN.baris_akhir + 4,
    20,
    "sasaran",
)

PENGUKURAN_MISI = Tabel(
    "pengukuran_misi",
    "Pengukuran",
    "Capaian per misi",
    (
        K("kode_misi", "Kode Misi", 10, format=F_TEKS, wajib=True),
        R(
            "jumlah",
            "Jumlah Sasaran",
            pakai(HITUNG_KODE, K=Rentang("pengukuran_sasaran", "kode_misi"), k="kode_misi"),
            10,
            format="0",
        ),
        K("misi", "Misi", 40, wajib=True),
        R(
            "capaian",
            "Rata-rata Capaian (%)",
            pakai(
                "rata_rata_per_kunci",
                V=Menurut(
                    "agregasi.misi_dari",
                    (
                        ("indikator", Rentang("pengukuran", "capaian_rata")),
                        ("sasaran", Rentang("pengukuran_sasaran", "capaian")),
                    ),
                ),
                K=Menurut(
                    "agregasi.misi_dari",
                    (
                        ("indikator", Rentang("pengukuran", "kode_misi")),
                        ("sasaran", Rentang("pengukuran_sasaran", "kode_misi")),
                    ),
                ),
                k="kode_misi",
            ),
            12,
            cek="RAT02",
        ),
        R("capaian_predikat", "Capaian untuk Predikat (%)", _batas("predikat"), 10),
        R("predikat", "Predikat", PREDIKAT, 14, format="General", cek="PRD03"),
    ),
    PENGUKURAN_SASARAN.baris_akhir + 4,
    6,
    "misi",
)
# The overall row sits two rows below the misi table, in the misi table's columns C to F.
BARIS_KESELURUHAN = PENGUKURAN_MISI.baris_akhir + 2

ANGGARAN = Tabel(
    "anggaran",
    "Anggaran",
    "Realisasi anggaran per program, kegiatan dan sub kegiatan",
    (
        K("tingkat", "Tingkat", 12, pilihan=TINGKAT_ANGGARAN, wajib=True),
        K("kode", "Kode", 18, format=F_TEKS, wajib=True),
        K("uraian", "Program / Kegiatan / Sub Kegiatan", 48, wajib=True),
        K("sasaran", "Mendukung Sasaran (kode)", 11, format=F_TEKS),
        K("pagu", "Pagu (Rp)", 18, format=F_RUPIAH, wajib=True, cek="ANG01"),
        K("realisasi", "Realisasi (Rp)", 18, format=F_RUPIAH, wajib=True, cek="ANG02"),
        R("serapan", "Serapan (%)", SERAPAN, 11, cek="SER01"),
        R("sisa", "Sisa (Rp)", SISA, 17, format=F_RUPIAH, cek="SER02"),
        K("keterangan", "Keterangan / Permasalahan", 30),
        # -- issue 17: budget versions (appended; `pagu` holds the version in force) --------
        K("pagu_murni", "Pagu Murni / DPA (Rp)", 18, format=F_RUPIAH),
        K("no_dpa", "Nomor DPA", 16, format=F_TEKS),
        K("pagu_perubahan", "Pagu Perubahan / DPPA (Rp)", 18, format=F_RUPIAH),
        K("no_dppa", "Nomor DPPA", 16, format=F_TEKS),
        K("sumber_dana", "Sumber Dana", 18, pilihan=SUMBER_DANA),
        K("jenis_belanja", "Jenis Belanja", 18, pilihan=JENIS_BELANJA_BARIS),
        R("pagu_renstra", "Pagu Renstra Tahun Ini (Rp)", PAGU_RENSTRA, 18, format=F_RUPIAH),
        R(
            "selisih_renstra",
            "Selisih Pagu − Renstra (Rp)",
            pakai(IF(ISNUMBER(Sel("B")), Sel("A") - Sel("B"), ""), A="pagu", B="pagu_renstra"),
            18,
            format=F_RUPIAH,
        ),
    ),
    BARIS_JUDUL,
    200,
    "uraian",
    induk=Induk(("pagu", "realisasi"), (("Program", "Kegiatan"), ("Kegiatan", "Sub Kegiatan"))),
)
# Rows below the budget table: totals by level, then jenis belanja.
BARIS_TOTAL = ANGGARAN.baris_akhir + 2  # Jumlah (Σ program)
BARIS_TOTAL_KEGIATAN = BARIS_TOTAL + 1  # Jumlah menurut kegiatan (Σ kegiatan)
BARIS_TOTAL_SUB = BARIS_TOTAL + 2  # Jumlah menurut sub kegiatan
BARIS_BELANJA = BARIS_TOTAL + 5  # header of the jenis belanja block
JENIS_BELANJA = (
    "Belanja Operasi",
    "Belanja Pegawai",
    "Belanja Barang dan Jasa",
    "Belanja Modal",
    "Total Belanja",
)
TOTAL_ANGGARAN = (
    ("Jumlah (Σ program)", "Program"),
    ("Jumlah menurut kegiatan", "Kegiatan"),
    ("Jumlah menurut sub kegiatan", "Sub Kegiatan"),
)

EFISIENSI = Tabel(
    "efisiensi",
    "Efisiensi",
    "Efisiensi penggunaan sumber daya per sasaran",
    (
        K("kode_sasaran", "Kode Sasaran", 10, format=F_TEKS, wajib=True),
        K("sasaran", "Sasaran", 40, wajib=True),
        R(
            "capaian",
            "Capaian Kinerja (%)",
            pakai(
                IFERROR(
                    INDEX(Sel("V"), MATCH(Sel("k"), Sel("K"), 0)),
                    "tidak dapat dihitung: sasaran tidak ada di lembar Pengukuran",
                ),
                V=Rentang("pengukuran_sasaran", "capaian", True),
                k="kode_sasaran",
                K=Rentang("pengukuran_sasaran", "kode_sasaran", True),
            ),
            12,
            cek="EFI01",
        ),
        R("pagu", "Pagu (Rp)", _anggaran_sasaran("pagu"), 18, format=F_RUPIAH),
        R("realisasi", "Realisasi (Rp)", _anggaran_sasaran("realisasi"), 18, format=F_RUPIAH),
        R("serapan", "Serapan (%)", SERAPAN, 11, cek="EFI02"),
        R("sisa", "Sisa (Rp)", SISA, 17, format=F_RUPIAH),
        R(
            "efisiensi",
            "Efisiensi",
            pakai(
                "efisiensi",
                C="capaian",
                S="serapan",
                PG="pagu",
                RL="realisasi",
                CF=Turunan(IF(ISNUMBER(Sel("C")), Sel("C") / 100, Sel("C"))),
            ),
            13,
            cek="EFI03",
        ),
        R(
            "kategori",
            "Kategori",
            pakai("kategori_efisiensi", E="efisiensi"),
            14,
            format="General",
            cek="EFI04",
        ),
        K("keterangan", "Keterangan", 30),
    ),
    BARIS_JUDUL,
    20,
    "sasaran",
)


def _tetap_keseluruhan() -> tuple[SelTetap, ...]:
    """The overall capaian row, in the misi table's columns."""
    v = Menurut(
        "agregasi.keseluruhan_dari",
        (
            ("indikator", Rentang("pengukuran", "capaian_rata")),
            ("sasaran", Rentang("pengukuran_sasaran", "capaian")),
        ),
    )
    t, p = "pengukuran_misi", "keseluruhan"
    return (
        SelTetap(t, "capaian", p, 0, pakai("rata_rata", V=v), F_PERSEN, "RAT03"),
        SelTetap(t, "capaian_predikat", p, 0, _batas("predikat"), F_PERSEN, "RAT03"),
        SelTetap(t, "predikat", p, 0, PREDIKAT, "General", "PRD03"),
    )


def _tetap_anggaran() -> tuple[SelTetap, ...]:
    """Totals by level below the budget table, then the jenis belanja block (its sums are
    compared by ANG04/ANG05)."""
    out: list[SelTetap] = []
    for n, (_, tingkat) in enumerate(TOTAL_ANGGARAN):
        for kol in ("pagu", "realisasi"):
            h = pakai(
                JUMLAH_KODE,
                V=Rentang("anggaran", kol),
                K=Rentang("anggaran", "tingkat"),
                k=Tetap(tingkat),
            )
            out.append(SelTetap("anggaran", kol, "total", n, h, cek="ANG03"))
        out.append(SelTetap("anggaran", "serapan", "total", n, SERAPAN, cek="SER01"))
        out.append(SelTetap("anggaran", "sisa", "total", n, SISA, cek="SER02"))
    baris = {nama: 1 + n for n, nama in enumerate(JENIS_BELANJA)}
    jumlah = (
        ("Belanja Operasi", "Belanja Pegawai", "Belanja Barang dan Jasa"),
        ("Total Belanja", "Belanja Operasi", "Belanja Modal"),
    )
    for kol in ("pagu", "realisasi"):
        for hasil, a, b in jumlah:
            h = pakai(
                Sel("A") + Sel("B"),
                A=BarisTetap(kol, "belanja", baris[a]),
                B=BarisTetap(kol, "belanja", baris[b]),
            )
            out.append(SelTetap("anggaran", kol, "belanja", baris[hasil], h, cek=None))
    for g in baris.values():
        out.append(SelTetap("anggaran", "serapan", "belanja", g, SERAPAN, cek=None))
        out.append(SelTetap("anggaran", "sisa", "belanja", g, SISA, cek=None))
    return tuple(out)


SEL_TETAP = _tetap_keseluruhan() + _tetap_anggaran()


NARASI = Tabel(
    "narasi",
    "Narasi",
    "Narasi: templat yang dapat disunting dan teks yang dihasilkan",
    (
        K("kunci", "Bagian", 18, format=F_TEKS),
        K("templat", "Templat (Jinja2)", 70),
        K("teks", "Teks yang dihasilkan", 90),
    ),
    BARIS_JUDUL,
    60,
    "kunci",
)

TEMUAN = Tabel(
    "temuan",
    "Temuan",
    "Temuan pemeriksaan dan audit rumus",
    (
        K("kode", "Kode", 10),
        K("tingkat", "Tingkat", 11),
        K("lembar", "Lembar", 14),
        K("sel", "Sel", 9),
        K("pesan", "Pesan", 80),
        K("tercatat", "Tercatat", 16),
        K("seharusnya", "Seharusnya", 16),
        K("sumber", "Sumber", 10),
    ),
    BARIS_JUDUL,
    0,
    "pesan",
)

# -- Kinerja Program (issue 17): indicators of program, kegiatan and sub kegiatan rows ------------

JENIS_INDIKATOR = ("Input", "Output", "Outcome")
# Text lookups show only text: INDEX of an empty cell gives 0 in every engine, hidden here.
F_TEKS_RUMUS = "0;-0;;@"


def _dari_anggaran(kolom: str) -> Hitungan:
    """A value of the Anggaran row with this row's code ("" when the code is not there)."""
    return pakai(
        CARI,
        V=Rentang("anggaran", kolom, True),
        k="kode",
        K=Rentang("anggaran", "kode", True),
    )


KINERJA_PROGRAM = Tabel(
    "kinerja_program",
    "Kinerja Program",
    "Kinerja dan anggaran program, kegiatan dan sub kegiatan",
    (
        K("kode", "Kode Program / Kegiatan / Sub Kegiatan", 18, format=F_TEKS, wajib=True),
        R("tingkat", "Tingkat", _dari_anggaran("tingkat"), 12, format=F_TEKS_RUMUS),
        R(
            "uraian",
            "Program / Kegiatan / Sub Kegiatan",
            _dari_anggaran("uraian"),
            36,
            format=F_TEKS_RUMUS,
        ),
        K("jenis_indikator", "Jenis Indikator", 10, pilihan=JENIS_INDIKATOR, wajib=True),
        K("indikator", "Indikator", 40, wajib=True),
        K("satuan", "Satuan", 10),
        K("polaritas", "Polaritas", 10, pilihan=POLARITAS),
        K("jenis", "Jenis Target", 10, pilihan=tuple(JENIS_TARGET)),
        K("target", "Target", 14, format=F_ANGKA, wajib=True),
        K("target_atas", "Batas Atas Target (rentang)", 11, format=F_ANGKA),
        K("realisasi", "Realisasi", 14, format=F_ANGKA, wajib=True),
        K("pembilang", "Realisasi: Pembilang", 11, format=F_ANGKA),
        K("penyebut", "Realisasi: Penyebut", 11, format=F_ANGKA),
        R("capaian", "Capaian (%)", CAPAIAN, 12, cek="PRG01"),
        R("capaian_tampil", "Capaian Setelah Batas (%)", _batas("tampilan"), 12, cek="PRG02"),
        R("capaian_predikat", "Capaian untuk Predikat (%)", _batas("predikat"), 10, sembunyi=True),
        R("predikat", "Predikat", PREDIKAT, 14, format="General", cek="PRG03"),
        R("pagu", "Pagu (Rp)", _dari_anggaran("pagu"), 18, format=F_RUPIAH, cek="PRG04"),
        R(
            "realisasi_anggaran",
            "Realisasi Anggaran (Rp)",
            _dari_anggaran("realisasi"),
            18,
            format=F_RUPIAH,
            cek="PRG04",
        ),
        R(
            "serapan",
            "Serapan (%)",
            pakai("serapan", PG="pagu", RL="realisasi_anggaran"),
            11,
            cek="PRG04",
        ),
        R(
            "sasaran",
            "Mendukung Sasaran (kode)",
            _dari_anggaran("sasaran"),
            11,
            format=F_TEKS_RUMUS,
        ),
        K("keterangan", "Keterangan", 30),
    ),
    BARIS_JUDUL,
    120,
    "kode",  # a row is an indicator of the budget row this code names
)

# -- Jenjang Kinerja and Rencana Aksi (issue 18): the PK of every official, quarterly plans --

TINGKAT_JENJANG = ("Eselon II", "Eselon III", "Eselon IV", "Fungsional")
VERSI_PK = ("murni", "perubahan")
# How four quarterly figures give the year's: Σ, the last one filled, or their average.
AGREGASI_TW = ("kumulatif", "terakhir", "rata-rata")
_TW = ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))
F_TANGGAL = "d mmmm yyyy"

JENJANG = Tabel(
    "jenjang",
    "Jenjang Kinerja",
    "Jenjang kinerja: Perjanjian Kinerja setiap pejabat",
    (
        K("tingkat", "Tingkat Jabatan", 11, pilihan=TINGKAT_JENJANG, wajib=True),
        K("jabatan", "Jabatan", 28, wajib=True),
        K("nama", "Nama Pejabat", 22),
        K("nip", "NIP", 20, format=F_TEKS),
        K("kode_sasaran", "Kode Sasaran", 10, format=F_TEKS),
        K("sasaran", "Sasaran", 30),
        K("kode", "Kode Indikator", 11, format=F_TEKS, wajib=True),
        K("kode_induk", "Kode Induk (sasaran/indikator atasan)", 11, format=F_TEKS),
        K("indikator", "Indikator Kinerja", 40, wajib=True),
        K("satuan", "Satuan", 10),
        K("polaritas", "Polaritas", 10, pilihan=POLARITAS),
        K("jenis", "Jenis Target", 10, pilihan=tuple(JENIS_TARGET)),
        K("target", "Target", 11, format=F_ANGKA, wajib=True),
        K("target_atas", "Batas Atas Target (rentang)", 11, format=F_ANGKA),
        K("realisasi", "Realisasi", 11, format=F_ANGKA),
        R("capaian", "Capaian (%)", CAPAIAN, 12, cek="JEN01"),
        R("capaian_predikat", "Capaian untuk Predikat (%)", _batas("predikat"), 10, sembunyi=True),
        R("predikat", "Predikat", PREDIKAT, 14, format="General", cek="JEN02"),
        K("kode_anggaran", "Kode Program / Kegiatan / Sub Kegiatan", 18, format=F_TEKS),
        R(
            "pagu",
            "Pagu (Rp)",
            pakai(
                CARI,
                V=Rentang("anggaran", "pagu", True),
                k="kode_anggaran",
                K=Rentang("anggaran", "kode", True),
            ),
            18,
            format=F_RUPIAH,
            cek="JEN03",
        ),
        K("versi", "Versi PK", 10, pilihan=VERSI_PK),
        K("tanggal", "Tanggal PK", 13, format=F_TANGGAL),
        K("keterangan", "Keterangan", 30),
    ),
    BARIS_JUDUL,
    200,
    "indikator",
)


def _tahunan(awal: str) -> Hitungan:
    """The year's figure from the four quarters `<awal>_tw1..4` under the row's aggregation:
    kumulatif Σ, terakhir = the last quarter filled, rata-rata = the average of those filled;
    "" when no quarter holds a number or the aggregation is not one of `AGREGASI_TW`."""
    q = [Sel(f"Q{i}") for i in range(1, 5)]
    terakhir: Any = ""
    for x in q:
        terakhir = IF(ISNUMBER(x), x, terakhir)
    jumlah = sum((IF(ISNUMBER(x), x, 0) for x in q[1:]), IF(ISNUMBER(q[0]), q[0], 0))
    banyak = sum((IF(ISNUMBER(x), 1, 0) for x in q[1:]), IF(ISNUMBER(q[0]), 1, 0))
    e = IF(
        banyak.gt(0),
        IF(
            Sel("A").sama("kumulatif"),
            jumlah,
            IF(
                Sel("A").sama("terakhir"),
                terakhir,
                IF(Sel("A").sama("rata-rata"), jumlah / banyak, ""),
            ),
        ),
        "",
    )
    return pakai(e, A="agregasi", **{f"Q{i}": f"{awal}_tw{i}" for i in range(1, 5)})


RENCANA_AKSI = Tabel(
    "rencana_aksi",
    "Rencana Aksi",
    "Rencana aksi: target dan realisasi triwulan per indikator",
    (
        K("kode", "Kode Indikator (Jenjang Kinerja)", 11, format=F_TEKS, wajib=True),
        K("indikator", "Indikator Kinerja", 40),
        K("agregasi", "Cara Menjumlah Triwulan", 12, pilihan=AGREGASI_TW, wajib=True),
        *[K(f"target_tw{i}", f"Target TW {r}", 10, format=F_ANGKA) for i, r in _TW],
        R(
            "target_tahun",
            "Target Tahunan (dari TW)",
            _tahunan("target"),
            11,
            format=F_ANGKA,
            cek="JEN04",
        ),
        *[K(f"realisasi_tw{i}", f"Realisasi TW {r}", 10, format=F_ANGKA) for i, r in _TW],
        R(
            "realisasi_tahun",
            "Realisasi Tahunan (dari TW)",
            _tahunan("realisasi"),
            11,
            format=F_ANGKA,
            cek="JEN04",
        ),
        R(
            "realisasi_pk",
            "Realisasi di Jenjang Kinerja",
            pakai(
                CARI,
                V=Rentang("jenjang", "realisasi", True),
                k="kode",
                K=Rentang("jenjang", "kode", True),
            ),
            11,
            format=F_ANGKA,
            cek=None,
        ),
        K("keterangan", "Keterangan", 30),
    ),
    BARIS_JUDUL,
    200,
    "kode",
)
# -- Renstra Pendanaan (issue 17): the Renstra matrix with indicative funding --------------------

RENSTRA_PENDANAAN = Tabel(
    "renstra_pendanaan",
    "Renstra Pendanaan",
    "Matriks Renstra dengan pendanaan indikatif: tujuan, sasaran, program, kegiatan, sub kegiatan",
    (
        K("tingkat", "Tingkat", 12, pilihan=TINGKAT_RENSTRA, wajib=True),
        K("kode", "Kode", 14, format=F_TEKS, wajib=True),
        K("uraian", "Tujuan / Sasaran / Program / Kegiatan / Sub Kegiatan", 40, wajib=True),
        K("indikator", "Indikator", 36),
        K("satuan", "Satuan", 10),
        K("kondisi_awal", "Kondisi Awal", 11, format=F_ANGKA),
        *[K(f"target_{i}", f"Target Th-{i}", 11, format=F_ANGKA) for i in range(1, 6)],
        *[K(f"pagu_{i}", f"Pagu Th-{i} (Rp)", 16, format=F_RUPIAH) for i in range(1, 6)],
        K("target_akhir", "Kondisi Akhir: Target", 11, format=F_ANGKA),
        K("pagu_akhir", "Kondisi Akhir: Pagu (Rp, tercetak)", 17, format=F_RUPIAH),
        R(
            "pagu_jumlah",
            "Jumlah Pagu Lima Tahun (Rp)",
            pakai(
                Sel("a") + Sel("b") + Sel("c") + Sel("d") + Sel("e"),
                a="pagu_1",
                b="pagu_2",
                c="pagu_3",
                d="pagu_4",
                e="pagu_5",
            ),
            17,
            format=F_RUPIAH,
        ),
        K("versi", "Versi", 11, pilihan=VERSI_RENSTRA),
        K("keterangan", "Keterangan", 24),
        R(
            "kode_berlaku",
            "Kode Versi Berlaku (bantu)",
            KODE_BERLAKU("renstra_pendanaan"),
            8,
            **_BANTU,
        ),
    ),
    BARIS_JUDUL,
    150,
    "uraian",
)
# The row below the matrix: Σ of the program rows of the Renstra version in force (their
# "Kode Versi Berlaku" is not empty) for each year and the five years.
BARIS_TOTAL_RENSTRA = RENSTRA_PENDANAAN.baris_akhir + 2
KOLOM_PAGU_RENSTRA = (*[f"pagu_{i}" for i in range(1, 6)], "pagu_jumlah")


def _tetap_renstra() -> tuple[SelTetap, ...]:
    return tuple(
        SelTetap(
            "renstra_pendanaan",
            kol,
            "total_renstra",
            0,
            pakai(
                SUMIFS(Sel("V"), Sel("K"), Sel("k"), Sel("B"), "?*"),
                V=Rentang("renstra_pendanaan", kol),
                K=Rentang("renstra_pendanaan", "tingkat"),
                k=Tetap("Program"),
                B=Rentang("renstra_pendanaan", "kode_berlaku"),
            ),
        )
        for kol in KOLOM_PAGU_RENSTRA
    )


SEL_TETAP = SEL_TETAP + _tetap_renstra()

TABEL = {
    t.kunci: t
    for t in (
        SKALA,
        RENSTRA,
        RKT,
        PK,
        PK_PROGRAM,
        PENGUKURAN,
        PENGUKURAN_SASARAN,
        PENGUKURAN_MISI,
        ANGGARAN,
        EFISIENSI,
        NARASI,
        TEMUAN,
        KINERJA_PROGRAM,
        JENJANG,
        RENCANA_AKSI,
        RENSTRA_PENDANAAN,
    )
}

LEMBAR = (
    "Petunjuk",
    "Pengaturan",
    "Skala",
    "Renstra",
    "RKT",
    "PK",
    "Pengukuran",
    "Anggaran",
    "Kinerja Program",
    "Jenjang Kinerja",
    "Rencana Aksi",
    "Renstra Pendanaan",
    "Efisiensi",
    "Narasi",
    "Temuan",
    "xlwings.conf",
)

XLWINGS_CONF = (
    ("Interpreter_Win", "pythonw"),
    ("Interpreter_Mac", None),
    ("PYTHONPATH", None),
    ("Conda Path", None),
    ("Conda Env", None),
    ("UDF Modules", None),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
)


@dataclass(frozen=True)
class Tombol:
    id: str
    label: str
    keterangan: str


TOMBOL = (
    Tombol(
        "btnHitungCapaian",
        "Hitung Capaian",
        "Menerapkan ulang rumus capaian, predikat dan rata-rata sesuai Pengaturan, lalu "
        "mencocokkan nilai yang tampil dengan perhitungan Python.",
    ),
    Tombol(
        "btnHitungEfisiensi",
        "Hitung Efisiensi",
        "Menghitung serapan per program dan per sasaran serta efisiensi sesuai metode terpilih.",
    ),
    Tombol(
        "btnPeriksa",
        "Periksa",
        "Memeriksa konsistensi (jumlah induk = jumlah rincian, PK = Anggaran, capaian dan "
        "predikat) dan menulis temuan ke lembar Temuan.",
    ),
    Tombol("btnIsiNarasi", "Isi Narasi", "Mengisi lembar Narasi dari angka-angka tabel."),
    Tombol(
        "btnAuditRumus",
        "Audit Rumus",
        "Memeriksa rumus berkas yang tersimpan dan menulis temuannya ke lembar Temuan.",
    ),
    Tombol(
        "btnBersihkanTanda",
        "Bersihkan Tanda",
        "Menghapus warna dan catatan yang dibuat xlkinerja, dan hanya itu.",
    ),
    Tombol(
        "btnDiagnosa",
        "Diagnosa",
        "Menampilkan versi Python, xlkinerja dan xlwings, kecocokannya dengan makro, "
        "metodologi buku kerja, dan letak berkas log.",
    ),
)


@dataclass(frozen=True)
class Tata:
    """Where each table's rows are in one workbook (users insert and delete rows).

    `baris` maps a table key to its first and last prepared row; rows placed relative to a table
    (the overall row, budget totals, jenis belanja) keep their offset from it.
    """

    baris: tuple[tuple[str, int, int], ...]

    @classmethod
    def bawaan(cls) -> Tata:
        return cls(tuple((k, t.baris_awal, t.baris_akhir) for k, t in TABEL.items()))

    def _b(self, t: Tabel | str) -> tuple[int, int]:
        kunci = t if isinstance(t, str) else t.kunci
        for k, a, b in self.baris:
            if k == kunci:
                return a, b
        raise KeyError(kunci)

    def awal(self, t: Tabel | str) -> int:
        return self._b(t)[0]

    def akhir(self, t: Tabel | str) -> int:
        return self._b(t)[1]

    def rentang(self, t: Tabel, kolom: str, lembar: bool = False) -> str:
        c = t.huruf(kolom)
        r = f"${c}${self.awal(t)}:${c}${self.akhir(t)}"
        return f"{ref_lembar(t.lembar)}!{r}" if lembar else r

    @property
    def keseluruhan(self) -> int:
        return self.akhir(PENGUKURAN_MISI) + (BARIS_KESELURUHAN - PENGUKURAN_MISI.baris_akhir)

    @property
    def total(self) -> int:
        return self.akhir(ANGGARAN) + (BARIS_TOTAL - ANGGARAN.baris_akhir)

    @property
    def total_renstra(self) -> int:
        """The row of the Renstra funding totals (Σ program per year)."""
        return self.akhir(RENSTRA_PENDANAAN) + (BARIS_TOTAL_RENSTRA - RENSTRA_PENDANAAN.baris_akhir)

    @property
    def belanja(self) -> int:
        """Header row of the jenis belanja block."""
        return self.akhir(ANGGARAN) + (BARIS_BELANJA - ANGGARAN.baris_akhir)


# Every check code the formula cells declare, in schema order.
KODE_CEK = tuple(
    dict.fromkeys(
        [k.cek for t in TABEL.values() for k in t.kolom if k.cek and (k.hitung or t.induk)]
        + [st.cek for st in SEL_TETAP if st.cek]
    )
)
