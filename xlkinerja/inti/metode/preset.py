"""Named presets. Each scale and methodology cites the regulation or report it comes from."""

from __future__ import annotations

from xlkinerja.inti.metode.agregasi import Agregasi
from xlkinerja.inti.metode.capaian import NEGATIF_KEMENPAN, PENGGUNAAN, POSITIF, SAKIP_AA_D, Batas
from xlkinerja.inti.metode.efisiensi import KUALITATIF, SISA
from xlkinerja.inti.metode.gabungan import Metode
from xlkinerja.inti.metode.pembulatan import Pembulatan
from xlkinerja.inti.metode.skala import Pita, Skala, SkalaTertulis

# Predikat fills; text on them is black or white, whichever contrasts more (WCAG AA, `inti.warna`).
HIJAU_TUA, HIJAU, KUNING, JINGGA, MERAH = "196F3D", "82E0AA", "F9E79F", "F5B041", "EC7063"

# -- scales ----------------------------------------------------------------------------------

PERMENDAGRI_86_2017_TERTULIS = SkalaTertulis(
    "permendagri_86_2017",
    "Permendagri 86/2017",
    "Permendagri 86/2017 tentang Tata Cara Perencanaan, Pengendalian dan Evaluasi Pembangunan "
    "Daerah, Lampiran: kriteria tingkat capaian kinerja evaluasi RKPD/Renja",
    (
        ("Sangat Tinggi", 91, None),
        ("Tinggi", 76, 90),
        ("Sedang", 66, 75),
        ("Rendah", 51, 65),
        ("Sangat Rendah", None, 50),
    ),
    "Dicetak dengan batas bilangan bulat; dibaca setengah-terbuka (>= 76 dan < 91).",
)
_pd = PERMENDAGRI_86_2017_TERTULIS.harfiah().setengah_terbuka()
PERMENDAGRI_86_2017 = Skala(
    "permendagri_86_2017",
    "Permendagri 86/2017 (5 kriteria)",
    PERMENDAGRI_86_2017_TERTULIS.sumber,
    tuple(
        Pita(p.kode, p.label, p.bawah, p.atas, p.bawah_inklusif, p.atas_inklusif, w)
        for p, w in zip(_pd.pita, (HIJAU_TUA, HIJAU, KUNING, JINGGA, MERAH))
    ),
    keluaran="label",
    catatan="Tercetak ≥91, 76–90, 66–75, 51–65, ≤50; dibaca setengah-terbuka sehingga 90,5 "
    "termasuk Tinggi dan tidak ada celah.",
)

PERMENPANRB_88_2021 = Skala(
    "permenpanrb_88_2021",
    "PermenPAN-RB 88/2021 (AA–D)",
    "PermenPAN-RB 88/2021 tentang Evaluasi Akuntabilitas Kinerja Instansi Pemerintah, Lampiran: "
    "kategori nilai AA–D; dipakai untuk capaian oleh LKIP Disnaker Kab. Jember 2023 Bab III.A",
    (
        Pita("AA", "Sangat Memuaskan", 90, 100, False, True, HIJAU_TUA),
        Pita("A", "Memuaskan", 80, 90, False, True, HIJAU),
        Pita("BB", "Sangat Baik", 70, 80, False, True, HIJAU),
        Pita("B", "Baik", 60, 70, False, True, KUNING),
        Pita("CC", "Cukup", 50, 60, False, True, KUNING),
        Pita("C", "Kurang", 30, 50, False, True, JINGGA),
        Pita("D", "Sangat Kurang", 0, 30, True, True, MERAH),
    ),
    catatan="Tercetak '>90–100' dsb.: batas bawah tidak inklusif, batas atas inklusif; D memuat 0. "
    "Nilai di atas 100 diberi AA, di bawah 0 diberi D.",
)

ATRIBUT_LAN_2003 = Skala(
    "atribut_capaian_lan",
    "Atribut capaian 4 tingkat",
    "Keputusan Kepala LAN 239/IX/6/8/2003 tentang Perbaikan Pedoman Penyusunan Pelaporan AKIP "
    "(skala ordinal); ambang berbeda antar-instansi",
    (
        Pita("Sangat Berhasil", "Sangat Berhasil", 85, 100, True, True, HIJAU_TUA),
        Pita("Berhasil", "Berhasil", 70, 85, True, False, HIJAU),
        Pita("Cukup Berhasil", "Cukup Berhasil", 55, 70, True, False, KUNING),
        Pita("Tidak Berhasil", "Tidak Berhasil", None, 55, False, False, MERAH),
    ),
    keluaran="label",
    catatan="85–100, 70–<85, 55–<70, <55; nilai di atas 100 diberi 'Sangat Berhasil'.",
)

PASAMAN_BARAT_2022 = Skala(
    "pasaman_barat_2022",
    "Lima pita dengan pita di atas 100 (Pasaman Barat 2022)",
    "LKjIP Disnaker Kab. Pasaman Barat 2022, Bab III 3.1 Metodologi Pengukuran Kinerja",
    (
        Pita("Memuaskan", "Memuaskan", 100, None, False, False, HIJAU_TUA),
        Pita("Sangat Baik", "Sangat Baik", 85, 100, False, True, HIJAU),
        Pita("Baik", "Baik", 75, 85, False, True, KUNING),
        Pita("Cukup", "Cukup", 55, 75, False, True, JINGGA),
        Pita("Kurang Baik", "Kurang Baik", None, 55, False, True, MERAH),
    ),
    keluaran="label",
    catatan="Sebagaimana tertulis: tepat 100 termasuk Sangat Baik.",
)

PASAMAN_BARAT_2022_DITERAPKAN = Skala(
    "pasaman_barat_2022_diterapkan",
    "Pasaman Barat 2022 sebagaimana diterapkan (100 = Memuaskan)",
    "LKjIP Disnaker Kab. Pasaman Barat 2022, rekapitulasi kategori dan Kesimpulan d: hitungan "
    "6 Memuaskan / 1 Sangat Baik / 1 Kurang Baik hanya keluar bila 100 termasuk Memuaskan",
    (
        Pita("Memuaskan", "Memuaskan", 100, None, True, False, HIJAU_TUA),
        Pita("Sangat Baik", "Sangat Baik", 85, 100, False, False, HIJAU),
        Pita("Baik", "Baik", 75, 85, False, True, KUNING),
        Pita("Cukup", "Cukup", 55, 75, False, True, JINGGA),
        Pita("Kurang Baik", "Kurang Baik", None, 55, False, True, MERAH),
    ),
    keluaran="label",
)

SKALA = {
    s.kode: s
    for s in (
        PERMENDAGRI_86_2017,
        PERMENPANRB_88_2021,
        ATRIBUT_LAN_2003,
        PASAMAN_BARAT_2022,
        PASAMAN_BARAT_2022_DITERAPKAN,
    )
}

# -- methodologies ---------------------------------------------------------------------------

SEMUA = frozenset(PENGGUNAAN)

PERMENDAGRI = Metode(
    "permendagri_86_2017",
    "Permendagri 86/2017 (bawaan)",
    "Capaian: PermenPAN-RB 53/2014 dan modul KemenPAN-RB; predikat: Permendagri 86/2017",
    PERMENDAGRI_86_2017,
    POSITIF,
    NEGATIF_KEMENPAN,
    SAKIP_AA_D,
    Batas(atas=None, bawah=0.0),
    Agregasi("sasaran", "sasaran", "dikecualikan"),
    KUALITATIF,
    Pembulatan("setengah_ke_atas", 2),
    "Tanpa batas atas; capaian negatif dibaca 0; rata-rata berjenjang indikator → sasaran → misi.",
)

PERMENPANRB = Metode(
    "permenpanrb_88_2021",
    "PermenPAN-RB 88/2021 (AA–D)",
    "Capaian: PermenPAN-RB 53/2014 dan modul KemenPAN-RB; predikat: PermenPAN-RB 88/2021",
    PERMENPANRB_88_2021,
    batas=Batas(atas=100.0, bawah=0.0, atas_untuk=frozenset({"predikat"})),
    catatan="Skala berhenti di 100: capaian dibatasi 100 hanya untuk menentukan predikat.",
)

ATRIBUT_LAN = Metode(
    "atribut_capaian_lan",
    "Atribut capaian 4 tingkat",
    "Capaian: modul KemenPAN-RB; predikat: skala ordinal Pedoman LAN 2003",
    ATRIBUT_LAN_2003,
)

JEMBER_2023 = Metode(
    "jember_2023",
    "Disnaker Kab. Jember 2023 (sebagaimana dinyatakan)",
    "LKIP Disnaker Kab. Jember 2023 Bab III.A: capaian > 100% dihitung 100%, < 0 dihitung 0; "
    "skala AA–D; Tabel 3.8 memotong (bukan membulatkan) ke 2 desimal",
    PERMENPANRB_88_2021,
    batas=Batas(atas=100.0, bawah=0.0, atas_untuk=SEMUA, bawah_untuk=SEMUA),
    agregasi=Agregasi("indikator", "indikator", "dikecualikan"),
    efisiensi=KUALITATIF,
    pembulatan=Pembulatan("potong", 2),
    catatan="Laporan menyatakan batas 100 tetapi hanya menerapkannya di sebagian tabel.",
)

PASAMAN_BARAT = Metode(
    "pasaman_barat_2022",
    "Disnaker Kab. Pasaman Barat 2022 (sebagaimana dinyatakan)",
    "LKjIP Disnaker Kab. Pasaman Barat 2022 Bab 3.1 dan Tabel 3.2.1, 3.3.7, 3.3.8",
    PASAMAN_BARAT_2022,
    batas=Batas(atas=None, bawah=None),
    agregasi=Agregasi("indikator", "indikator", "nol"),
    efisiensi=SISA,
    pembulatan=Pembulatan("setengah_ke_atas", 2),
    catatan="Tanpa batas; misi dan keseluruhan = rata-rata indikator; nilai '-' dihitung 0 "
    "(rata-rata 2021 = 134,89); efisiensi = 100 − % serapan.",
)

METODE = {m.kode: m for m in (PERMENDAGRI, PERMENPANRB, ATRIBUT_LAN, JEMBER_2023, PASAMAN_BARAT)}
BAWAAN = PERMENDAGRI.kode
