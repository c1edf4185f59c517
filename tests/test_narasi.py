"""Isi Narasi: text from the Python reference values, Indonesian formatting, editable templates in
the Narasi sheet, sandboxed."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.keluaran.narasi import (
    _arah,
    baca_lembar,
    f_angka,
    f_hitungan,
    f_nilai,
    f_persen,
    f_rupiah,
    f_tanggal,
    f_terbilang_rupiah,
    nama_lengkap,
    render,
)
from xlkinerja.muka.aksi import isi_narasi
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import baca, rujukan
from xlkinerja.templat.bangun import simpan_xlsm
from xlkinerja.templat.contoh import bangun_contoh, data_contoh, instansi_contoh, narasi_mesin

T = S.NARASI
TERBILANG_PAGU = (
    "lima belas miliar tiga ratus delapan juta lima ratus tiga puluh sembilan ribu seratus lima "
    "belas rupiah"
)


def _jember(folder: Path, ubah=None, nama: str = "jember_2023.xlsm") -> Path:
    wb = bangun_contoh("jember_2023", False)  # as published: wrong figures typed in formula cells
    if ubah:
        ubah(wb)
    p = folder / nama
    p.write_bytes(simpan_xlsm(wb))
    return p


@pytest.fixture(scope="module")
def jember(tmp_path_factory) -> Path:
    return _jember(tmp_path_factory.mktemp("jember"))


def _isi(path: Path) -> tuple[BukuBerkas, dict[str, str], object]:
    buku = BukuBerkas(path)
    rencana = isi_narasi(buku)
    buku.terapkan(rencana)
    teks = {x.kunci: x.teks for x in baca_lembar(buku)}
    return buku, teks, rencana


def test_narasi_jember_menyebut_jumlah_dan_terbilang_yang_benar(jember):
    _, teks, _ = _isi(jember)
    # the published report says "4 (empat) program dan 11 (sebelas) kegiatan" (C079)
    data = data_contoh("jember_2023")
    inst, m = instansi_contoh("jember_2023")
    assert narasi_mesin(data, inst, m, "jumlah_kegiatan") == 13
    assert (
        "4 (empat) program, 13 (tiga belas) kegiatan dan 24 (dua puluh empat) sub kegiatan"
        in (teks["jumlah"])
    )
    assert "11 (sebelas) kegiatan" not in teks["jumlah"] + teks["ikhtisar"]
    # Bab I.D says 18 ASN + 10 Non ASN = 30 (C004-C006); the staff tables count 19 + 11
    assert (
        "30 (tiga puluh) orang pegawai, terdiri dari 19 (sembilan belas) ASN dan "
        "11 (sebelas) Non ASN" in teks["jumlah"]
    )
    # the published terbilang leaves out "seratus lima belas" (C087)
    assert f"Rp15.308.539.115 ({TERBILANG_PAGU})" in teks["anggaran"]
    assert f"Rp15.308.539.115 ({TERBILANG_PAGU})" in teks["ikhtisar"]
    # the Ikhtisar printed the pagu as the realisasi (C085)
    assert (
        "Realisasi belanja sampai dengan 31 Desember 2023 sebesar Rp13.359.116.248 atau "
        "87,26% dari pagu anggaran" in teks["ikhtisar"]
    )
    assert "sisa anggaran sebesar Rp1.949.422.867" in teks["ikhtisar"]
    # "2 (dua) indikator capaian diatas target" (C158): only 1.2 is above target
    assert "1 (satu) indikator capaiannya melampaui target" in teks["ikhtisar"]
    # the staff's own rows (here: the figures as published) are left as they were
    assert teks["jumlah_kegiatan"].startswith("[Bab III.C]")


def test_narasi_memakai_rujukan_python_bukan_nilai_yang_diketik(jember):
    buku, teks, _ = _isi(jember)
    b = baca(buku)
    t = S.PENGUKURAN_SASARAN
    ((r, v),) = [(r, v) for r, v in b.isi("pengukuran_sasaran") if v["kode_sasaran"] == "2"]
    assert v["capaian"] == pytest.approx(90.22)  # typed in the as-published workbook (C121)
    assert rujukan(b)[(t.lembar, f"{t.huruf('capaian')}{r}")] == pytest.approx(96.30)
    assert "Rata-rata capaian sasaran ini sebesar 96,30% dengan predikat AA" in teks["sasaran 2"]
    assert "90,22%" not in teks["sasaran 2"]
    i = teks["indikator 2.1"]
    assert "ditargetkan sebesar 89% dan terealisasi sebesar 85,71% (12 dari 14)" in i
    assert "capaian kinerjanya sebesar 96,30%" in i
    assert (
        "Terhadap target akhir Renstra sebesar 95%, realisasi tahun 2023 telah mencapai 90,22%" in i
    )
    assert "1.000 orang dan terealisasi sebesar 3.898 orang" in teks["indikator 1.2"]
    assert "diukur dengan metode Kualitatif (capaian > serapan)" in teks["efisiensi 1"]
    assert "dikategorikan Efisien" in teks["efisiensi 2"]


def test_format_indonesia():
    assert f_angka(1234.56) == "1.234,56"
    assert f_angka(3898) == "3.898"
    assert f_angka(87.5) == "87,5"
    assert f_rupiah(15308539115) == "Rp15.308.539.115"
    assert f_rupiah(1500.5) == "Rp1.500,50"
    assert f_persen(85.714) == "85,71%"
    assert f_persen(100) == "100,00%"
    assert f_tanggal(dt.date(2026, 11, 22)) == "22 November 2026"
    assert f_tanggal("2024-02-05") == "5 Februari 2024"
    assert f_hitungan(13) == "13 (tiga belas)"
    assert f_hitungan(4) == "4 (empat)"
    assert f_terbilang_rupiah(15308539115) == TERBILANG_PAGU
    assert f_nilai(1000, "orang") == "1.000 orang"
    assert f_nilai(85.71, "%") == "85,71%"
    assert f_nilai([5.8, 6], "%") == "5,8–6%"
    assert f_angka(None) == "-"


def test_meningkat_menurun_mengikuti_polaritas():
    assert _arah("positif", 6.33, 5.03) == ("naik", "meningkat")
    assert _arah("negatif", 6.33, 5.03) == ("naik", "menurun")
    assert _arah("negatif", 4.8, 5.2) == ("turun", "meningkat")
    assert _arah("positif", 4.8, 5.2) == ("turun", "menurun")
    assert _arah("negatif", 5.0, 5.0) == ("sama", "tetap")
    assert _arah("positif", 5.0, None) == (None, None)


def test_indikator_polaritas_negatif_realisasi_turun_berarti_kinerja_meningkat(tmp_path, jember):
    def negatif(wb):
        ws, t = wb["Pengukuran"], S.PENGUKURAN
        for r in range(t.baris_awal, t.baris_akhir + 1):
            if ws[f"{t.huruf('kode')}{r}"].value == "2.1":
                ws[f"{t.huruf('polaritas')}{r}"] = "negatif"

    _, positif, _ = _isi(jember)
    _, neg, _ = _isi(_jember(tmp_path, negatif))
    assert (
        "turun sebesar 0,96 poin persen, sehingga kinerja indikator ini menurun"
        in (positif["indikator 2.1"])
    )
    assert (
        "turun sebesar 0,96 poin persen, sehingga kinerja indikator ini meningkat"
        in (neg["indikator 2.1"])
    )
    assert "berpolaritas negatif" in neg["indikator 2.1"]


@pytest.mark.parametrize(
    ("sumber", "baris", "pesan"),
    [
        ("Baik.\n{{ ''.__class__.__mro__ }}", 2, "ditolak oleh sandbox"),
        ("{{ i.__class__ }}", 1, "ditolak oleh sandbox"),
        ("{{ lipsum.__globals__ }}", 1, "ditolak oleh sandbox"),
        ("{{ cycler.__init__.__globals__.os }}", 1, "ditolak oleh sandbox"),
        ("\n{{ jumlah.update(kegiatan=11) }}", 2, "ditolak oleh sandbox"),
        ("a\nb\n{% for x in jumlah %}\n{{ 'x' * 100000000 }}\n{% endfor %}", 4, "sandbox"),
        ("satu\n{% if %}", 2, "kesalahan tata tulis"),
        ("satu\ndua\n{{ jumlah.kegiatn }}", 3, "tidak dikenal"),
    ],
)
def test_templat_salah_atau_jahat_ditolak_dengan_nama_dan_baris(sumber, baris, pesan):
    ktx = {"jumlah": {"kegiatan": 13}, "i": {"kode": "1"}}
    teks, galat = render("jumlah", sumber, ktx, "B9")
    assert teks is None
    assert galat.kunci == "jumlah" and galat.baris == baris and pesan in galat.pesan
    s = str(galat)
    assert s.startswith(f"Templat 'jumlah' (lembar Narasi sel B9), baris {baris}:")
    assert "Teks sebelumnya dibiarkan" in s


def _baris(buku: BukuBerkas, kunci: str) -> int:
    return next(x.baris for x in baca_lembar(buku) if x.kunci == kunci)


def test_templat_jahat_di_lembar_meninggalkan_teks_lama(tmp_path, jember):
    buku, teks, _ = _isi(jember)
    p1 = tmp_path / "terisi.xlsm"
    buku.simpan(p1)
    buku = BukuBerkas(p1)
    r = _baris(buku, "indikator")
    buku.terapkan(isi_narasi(buku))  # nothing changes on a second run
    buku._tulis(
        "Narasi", f"{T.huruf('templat')}{r}", "Indikator {{ i.kode }}:\n{{ ''.__class__.__mro__ }}"
    )
    rencana = isi_narasi(buku)
    assert not [t for t in rencana.tulis if t.lembar == "Narasi"]  # no text changed or lost
    buku.terapkan(rencana)
    sesudah = {x.kunci: x.teks for x in baca_lembar(buku)}
    assert sesudah["indikator 2.1"] == teks["indikator 2.1"]
    pesan = "\n".join(rencana.pesan)
    assert f"Templat 'indikator' (lembar Narasi sel B{r}), baris 2: ditolak oleh sandbox" in pesan
    temuan = buku.nilai("Temuan", f"A{S.TEMUAN.baris_awal}:H{S.TEMUAN.baris_awal + 50}")
    assert any(row[0] == "NAR01" and row[3] == f"B{r}" for row in temuan)
    assert buku.catatan("Narasi", f"B{r}").startswith("xlkinerja: Templat 'indikator'")


def test_templat_suntingan_di_lembar_menggantikan_bawaan(tmp_path, jember):
    buku, teks, _ = _isi(jember)
    r = _baris(buku, "jumlah")
    buku._tulis(
        "Narasi", f"{T.huruf('templat')}{r}", "Ada {{ jumlah.kegiatan|hitungan }} kegiatan."
    )
    r2 = _baris(buku, "indikator 1.2")  # one item's own template
    buku._tulis("Narasi", f"{T.huruf('templat')}{r2}", "{{ i.realisasi|angka }} {{ i.satuan }}")
    rencana = isi_narasi(buku)
    buku.terapkan(rencana)
    sesudah = {x.kunci: x.teks for x in baca_lembar(buku)}
    assert sesudah["jumlah"] == "Ada 13 (tiga belas) kegiatan."
    assert sesudah["indikator 1.2"] == "3.898 orang"
    assert sesudah["indikator 2.1"] == teks["indikator 2.1"]
    # only the teks column is written for rows that exist
    assert {t.sel[0] for t in rencana.tulis if t.lembar == "Narasi"} == {T.huruf("teks")}


def test_isi_narasi_hanya_menulis_lembar_narasi_dan_temuan(jember):
    buku = BukuBerkas(jember)
    rencana = isi_narasi(buku)
    assert {t.lembar for t in rencana.tulis} <= {"Narasi", "Temuan"}
    kolom = {t.sel.rstrip("0123456789") for t in rencana.tulis if t.lembar == "Narasi"}
    assert kolom == {T.huruf("kunci"), T.huruf("templat"), T.huruf("teks")}
    # new rows start below the rows already used (the published figures)
    pertama = min(int(t.sel[1:]) for t in rencana.tulis if t.lembar == "Narasi")
    assert pertama > max(x.baris for x in baca_lembar(buku))


def test_cli_narasi_menulis_salinan_dan_berkas_asli_tetap(tmp_path, jember):
    asli = tmp_path / "lkjip.xlsm"
    asli.write_bytes(jember.read_bytes())
    sebelum = asli.read_bytes()
    keluar = tmp_path / "hasil"
    p = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "narasi", str(asli), "-o", str(keluar)],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stdout + p.stderr
    assert asli.read_bytes() == sebelum
    hasil = BukuBerkas(keluar / "lkjip_narasi.xlsm")
    teks = {x.kunci: x.teks for x in baca_lembar(hasil)}
    assert "13 (tiga belas) kegiatan" in teks["jumlah"]


def test_indikator_tanpa_realisasi_disebut_belum_tersedia_bukan_dilewati(tmp_path):
    """Issue 15, case 7: an indicator whose realisasi is empty keeps its paragraph, which says
    the realisasi is not available yet, and its sasaran's paragraph names it as left out of
    the mean; '-' reads the same."""
    t = S.PENGUKURAN
    r = t.baris_awal + 1  # indicator 1.2 of sasaran 1

    def kosongkan(wb):
        wb["Pengukuran"][f"{t.huruf('realisasi')}{r}"] = None
        wb["Pengukuran"][f"{t.huruf('realisasi')}{r + 1}"] = "-"  # indicator 2.1

    _, teks, _ = _isi(_jember(tmp_path, kosongkan))
    for kode in ("1.2", "2.1"):
        assert "realisasinya belum tersedia" in teks[f"indikator {kode}"], teks[f"indikator {kode}"]
        assert "terealisasi sebesar" not in teks[f"indikator {kode}"]
    assert "indikator (1.2) belum memiliki realisasi" in teks["sasaran 1"]
    assert "indikator (2.1) belum memiliki realisasi" in teks["sasaran 2"]
    assert "realisasinya belum tersedia" not in teks["indikator 1.1"]


# -- natural Indonesian: units, "-", predikat against target, the pemda ---------------------------


def _contoh(folder: Path, nama: str, ubah=None) -> Path:
    wb = bangun_contoh(nama, False)
    if ubah:
        ubah(wb)
    p = folder / f"{nama}.xlsm"
    p.write_bytes(simpan_xlsm(wb))
    return p


def _sel_nama(wb, nama: str):
    lembar, ref = next(iter(wb.defined_names[nama].destinations))
    return wb[lembar][ref.replace("$", "")]


def test_satuan_indeks_dan_nilai_bukan_unit_kalimatnya_nilai_angka():
    assert f_nilai(82, "indeks") == "82" and f_nilai(70, "Nilai") == "70"
    assert f_nilai(85.5, "persen") == "85,5%" and f_nilai(1000, "orang") == "1.000 orang"


def test_indikator_indeks_ditargetkan_memperoleh_nilai_bukan_sebesar_82_indeks(tmp_path):
    _, teks, _ = _isi(_contoh(tmp_path, "tanjabbar_2024"))
    ikm = teks["indikator 1.1"]
    assert "ditargetkan memperoleh nilai 86,5," in ikm, ikm
    assert "indeks," not in ikm and "72 nilai" not in teks["indikator 1.2"]
    semua = "\n".join(teks.values())
    for salah in ("sebesar -", "(serapan -)", "atau -,", "terealisasi sebesar -"):
        assert salah not in semua, salah
    assert "capaian kinerjanya belum dapat dihitung" in teks["efisiensi 1"]


def test_predikat_tidak_bertentangan_dengan_kata_target(jember, tmp_path):
    _, teks, _ = _isi(jember)
    kalimat = teks["indikator 2.1"]  # capaian 96,30%: below target, yet AA on Jember's scale
    assert "belum mencapai target dengan predikat" not in kalimat
    assert "Meskipun belum mencapai target, capaian tersebut tergolong predikat AA" in kalimat
    _, teks, _ = _isi(_contoh(tmp_path, "pasaman_barat_2022"))
    rendah = teks["indikator 2.2.1.1"]  # 29,41%: Kurang Baik
    assert "belum mencapai target, dan tergolong predikat Kurang Baik." in rendah
    assert "Meskipun" not in rendah
    assert "dan mencapai target dengan predikat Sangat Baik." in teks["indikator 1.1.1.3"]


def test_ikhtisar_menyebut_kabupaten_bila_nama_instansi_tanpa_daerah(tmp_path):
    def ubah(wb):
        _sel_nama(wb, "xk_instansi").value = "Dinas Kesehatan"
        _sel_nama(wb, "xk_pemda").value = "Pemerintah Kabupaten Jember"

    _, teks, _ = _isi(_contoh(tmp_path, "jember_2023", ubah))
    assert teks["ikhtisar"].startswith("Laporan Kinerja Dinas Kesehatan Kabupaten Jember Tahun")
    assert "Pada Tahun Anggaran 2023, Dinas Kesehatan Kabupaten Jember" in teks["anggaran"]
    assert nama_lengkap("Dinas Kesehatan Kab. Jember", "Pemerintah Kabupaten Jember") == (
        "Dinas Kesehatan Kab. Jember"
    )
