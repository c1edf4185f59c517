"""Methodology presets, scales and rules: behaviour one test at a time."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from xlkinerja.inti.metode import (
    METODE,
    NEGATIF_KEMENPAN,
    NEGATIF_RASIO,
    NEGATIF_SELISIH,
    PERMENDAGRI_86_2017_TERTULIS,
    SKALA,
    Batas,
    Metode,
    Pita,
    Skala,
    SkalaTidakSah,
    muat,
)


@pytest.mark.parametrize(
    ("varian", "r8", "r25"),
    [(NEGATIF_KEMENPAN, 120, -50), (NEGATIF_RASIO, 125, 40), (NEGATIF_SELISIH, 20, -150)],
)
def test_contoh_polaritas_negatif_t10(varian, r8, r25):
    m = replace(muat(), negatif=varian)
    assert m.capaian(10, 8, "negatif").nilai == r8
    assert m.capaian(10, 25, "negatif").nilai == r25


def test_batas_bawah_nol_untuk_capaian_negatif():
    m = muat()
    mentah = m.capaian(10, 25, "negatif")
    assert mentah.nilai == -50
    assert m.dibatasi(mentah).nilai == 0
    assert m.predikat(mentah).nilai == "Sangat Rendah"


@pytest.mark.parametrize(
    ("target", "realisasi", "alasan"),
    [
        (0, 5, "target 0"),
        (None, 5, "target kosong"),
        (10, None, "realisasi kosong"),
        (10, "-", "realisasi '-' (tidak ada data)"),
        ("-", 5, "target '-' (tidak ada data)"),
        (10, "85,71", "realisasi bukan angka"),
    ],
)
def test_tidak_dapat_dihitung_dengan_alasan_bukan_nol(target, realisasi, alasan):
    h = muat().capaian(target, realisasi)
    assert h.nilai is None
    assert h.alasan == alasan
    assert "tidak dapat dihitung" in str(h)


def test_rumus_rasio_terbalik_menolak_realisasi_nol():
    m = replace(muat(), negatif=NEGATIF_RASIO)
    assert m.capaian(10, 0, "negatif").alasan.startswith("realisasi 0")


def test_target_huruf_sama_100_naik_satu_110():
    m = muat("pasaman_barat_2022")
    assert m.capaian("B", "B", jenis="huruf").nilai == 100
    assert m.capaian("B", "BB", jenis="huruf").nilai == 110
    assert m.capaian("BB", "B", jenis="huruf").nilai == 90
    assert "nilai huruf" in m.capaian("B", "X", jenis="huruf").alasan


def test_target_huruf_dapat_diatur():
    m = muat()
    m2 = replace(m, huruf=replace(m.huruf, langkah=5.0))
    assert m2.capaian("B", "A", jenis="huruf").nilai == 110


def test_target_rentang_di_dalam_100_di_luar_terhadap_batas_terdekat():
    m = muat()
    assert m.capaian(5.8, 5.9, jenis="rentang", target_atas=6.0).nilai == 100
    assert m.capaian(5.8, 5.8, jenis="rentang", target_atas=6.0).nilai == 100
    assert m.capaian(5.8, 2.9, jenis="rentang", target_atas=6.0).nilai == 50
    assert m.capaian(5.8, 6.6, jenis="rentang", target_atas=6.0).nilai == 110
    assert m.capaian(5.8, 6.6, "negatif", jenis="rentang", target_atas=6.0).nilai == 90
    assert "batas atas" in m.capaian(5.8, 5.9, jenis="rentang").alasan


def test_level_maturitas_dihitung_sebagai_angka():
    assert muat().capaian(3, 3, jenis="level").nilai == 100


def test_pembulatan_potong_dan_setengah_ke_atas():
    # 88,848 → 88,84 truncated (seed 001 Tabel 3.8), 88,85 rounded.
    assert muat("jember_2023").serapan(100000, 88848).nilai == 88.84
    assert muat().serapan(100000, 88848).nilai == 88.85
    # Excel rounds the decimal value: 1,005 → 1,01 (binary rounding would give 1,00).
    assert muat().persen(1.005, 100).nilai == 1.01


def test_skala_harfiah_bilangan_bulat_ditolak_dengan_nama_celah():
    harfiah = PERMENDAGRI_86_2017_TERTULIS.harfiah()
    with pytest.raises(SkalaTidakSah) as e:
        harfiah.validasi()
    teks = str(e.value)
    assert "celah antara 90 dan 91" in teks
    assert "90,5" in teks
    assert "setengah-terbuka" in teks


def test_skala_setengah_terbuka_tanpa_celah():
    s = PERMENDAGRI_86_2017_TERTULIS.harfiah().setengah_terbuka().validasi()
    assert s.predikat(90.5).nilai == "Tinggi"
    assert s.predikat(91).nilai == "Sangat Tinggi"
    assert s.predikat(50.5).nilai == "Sangat Rendah"
    assert s.predikat(51).nilai == "Rendah"


def test_skala_tumpang_tindih_ditolak():
    s = Skala(
        "x", "x", "uji", (Pita("A", "A", 75, None, True, False), Pita("B", "B", 55, 75, True, True))
    )
    with pytest.raises(SkalaTidakSah, match="75 masuk dua pita"):
        s.validasi()


def test_skala_pasaman_barat_tertulis_bisa_dibaca_sebagaimana_diterapkan():
    # as printed, exactly 100 is Sangat Baik; the report counted it as Memuaskan
    assert SKALA["pasaman_barat_2022"].predikat(100).nilai == "Sangat Baik"
    assert SKALA["pasaman_barat_2022_diterapkan"].predikat(100).nilai == "Memuaskan"
    assert SKALA["pasaman_barat_2022"].predikat(100.01).nilai == "Memuaskan"


def test_skala_akip_di_atas_100_diberi_pita_teratas_atau_di_luar_skala():
    s = SKALA["permenpanrb_88_2021"]
    assert s.predikat(389.8).nilai == "AA"
    assert replace(s, di_atas="di_luar_skala").predikat(389.8).nilai == "di luar skala"
    assert s.predikat(0).nilai == "D"
    assert s.predikat(90).nilai == "A"
    assert s.predikat(90.01).nilai == "AA"


@pytest.mark.parametrize("kode", list(SKALA))
def test_setiap_preset_skala_sah(kode):
    SKALA[kode].validasi()


@pytest.mark.parametrize("kode", list(METODE))
def test_preset_metode_bolak_balik_lewat_json(kode):
    m = METODE[kode]
    d = json.loads(json.dumps(m.to_dict()))
    m2 = Metode.from_dict(d)
    assert m2.to_dict() == m.to_dict()
    for a in m.aturan:
        assert m2.aturan[a].rumus({k: "A1" for k in m.aturan[a].masukan}) == m.aturan[a].rumus(
            {k: "A1" for k in m.aturan[a].masukan}
        )


def test_metode_suntingan_pengguna_divalidasi():
    d = muat().to_dict()
    d["skala"]["pita"][0]["bawah"] = 95  # opens a gap below the top band
    with pytest.raises(SkalaTidakSah, match="celah"):
        Metode.from_dict(d)
    d = muat().to_dict()
    d["efisiensi"] = "sembarang"
    with pytest.raises(ValueError, match="metode efisiensi 'sembarang' tidak dikenal"):
        Metode.from_dict(d)


def test_batas_hanya_berlaku_di_tempat_yang_dipilih():
    m = replace(muat("permenpanrb_88_2021"), batas=Batas(100, 0, frozenset({"predikat"})))
    c = m.capaian(1000, 3898)
    assert m.dibatasi(c, "tampilan").nilai == 389.8
    assert m.dibatasi(c, "predikat").nilai == 100
    assert m.rata_rata([c, 100]).nilai == 244.9


def test_pmk_214_menolak_capaian_dalam_persen():
    from xlkinerja.inti.metode import METODE_EFISIENSI

    m = replace(muat(), efisiensi=METODE_EFISIENSI["pmk_214"])
    e, kat = m.efisiensi_dari(capaian=97.03, pagu=1000, realisasi=900)
    assert e.nilai == 7.25  # (970,3 − 900) / 970,3 = 7,245…
    assert kat.nilai == "Efisien"
    a = m.aturan["efisiensi"]
    salah = a.hitung(CF=97.03, PG=1000, RL=900)
    assert "bukan persen" in salah.alasan


def test_setiap_metode_efisiensi():
    from xlkinerja.inti.metode import METODE_EFISIENSI

    hasil = {}
    for kode, ef in METODE_EFISIENSI.items():
        m = replace(muat(), efisiensi=ef)
        e, kat = m.efisiensi_dari(
            capaian=96.3, serapan=90.96, pagu=1958733000, realisasi=1781581859
        )
        hasil[kode] = (e.nilai, kat.nilai if kat else None)
    assert hasil["kualitatif"] == ("Efisien", None)
    assert hasil["selisih"] == (5.34, "Efisien")
    assert hasil["rasio"] == (105.87, "Efisien")
    assert hasil["sisa"] == (9.04, None)
    assert hasil["pmk_214"][1] == "Efisien"
