"""Hitung accepts exactly the inputs the template's formulas accept, and refuses, naming the
cell, the ones Excel would compute from something other than what the user sees or means."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw

from tests.xlremote import payload
from xlkinerja.buku.antarmuka import GalatBuku
from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.buku.excel import BukuXlwings
from xlkinerja.buku.paket import simpan_openpyxl_deterministik
from xlkinerja.cek.masukan import kunci_kode, masukan_salah
from xlkinerja.inti.metode import muat
from xlkinerja.mesin.libreoffice import hitung_ulang
from xlkinerja.muka.aksi import hitung_capaian, hitung_efisiensi
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import baca, rujukan
from xlkinerja.templat.bangun import bangun_workbook
from xlkinerja.templat.isi import isi_workbook
from xlkinerja.templat.sampel import instansi_sampel

P = S.PENGUKURAN
R0 = P.baris_awal  # indicator 1.1.1: grade target BB, realisasi A
R_PERSEN = P.baris_awal + 2  # 1.1.3: target 75 (%), realisasi 95
R_NEG = P.baris_awal + 8  # 2.3.1: negative polarity
SEMUA = ("Pengukuran", "PK", "RKT", "Anggaran", "Efisiensi")


def _sel(kolom: str, r: int) -> str:
    return f"{P.huruf(kolom)}{r}"


def _buku(tmp: Path, ubah, nama: str = "lkjip.xlsx") -> Path:
    m = muat("jember_2023")
    wb = bangun_workbook(m)
    isi_workbook(wb, instansi_sampel(), m)
    ubah(wb)
    path = tmp / nama
    path.write_bytes(simpan_openpyxl_deterministik(wb))
    return path


def _salah(path: Path) -> dict[str, str]:
    return {f"{x.lembar}!{x.sel}": x.uraian for x in masukan_salah(baca(BukuBerkas(path)), SEMUA)}


def _hitung(path: Path) -> None:
    buku = BukuBerkas(path)
    for aksi in (hitung_capaian, hitung_efisiensi):
        buku.terapkan(aksi(buku))


def _huruf_kecil_dan_kapital(wb) -> None:
    ws = wb["Pengukuran"]
    ws[_sel("target", R0)], ws[_sel("realisasi", R0)] = "bb", "a"
    ws[_sel("jenis", R0)] = "Huruf"
    ws[_sel("polaritas", R_NEG)] = "Negatif"


@pytest.fixture(scope="module")
def huruf_kecil(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("huruf")
    src = _buku(tmp, _huruf_kecil_dan_kapital)
    subprocess.run([sys.executable, "-m", "xlkinerja", "hitung", str(src)], check=True)
    out = tmp / "lkjip_dihitung.xlsx"
    return out, hitung_ulang(out, tmp / "lo")


def test_huruf_kecil_dan_polaritas_kapital_diterima_dan_dihitung_seperti_excel(huruf_kecil):
    out, lo = huruf_kecil
    assert _salah(out) == {}
    tersimpan = openpyxl.load_workbook(out, data_only=True)["Pengukuran"]
    ruj = rujukan(baca(BukuBerkas(out)))
    for r, harus in ((R0, 110.0), (R_NEG, 2 * 4.19 - 6.33)):
        sel = _sel("capaian", r)
        assert ruj[("Pengukuran", sel)] == lo["PENGUKURAN"][sel] == tersimpan[sel].value
        assert tersimpan[sel].value == pytest.approx(harus if r == R0 else harus / 4.19 * 100, 0.01)


def test_nilai_huruf_tak_dikenal_ditolak_sebagai_nilai_huruf_bukan_angka(tmp_path):
    def ubah(wb):
        wb["Pengukuran"][_sel("target", R0)] = "X"
        wb["Pengukuran"][_sel("realisasi", R0)] = "B*"
        wb["Pengukuran"][_sel("polaritas", R0 + 4)] = "positif "

    salah = _salah(_buku(tmp_path, ubah))
    target, real = (
        salah[f"Pengukuran!{_sel('target', R0)}"],
        salah[f"Pengukuran!{_sel('realisasi', R0)}"],
    )
    assert "bukan nilai huruf yang dikenal (D, C, CC, B, BB, A, AA" in target
    assert "karakter pengganti" in real
    assert "bukan angka" not in target + real and "angkanya saja" not in target + real
    assert "harus 'positif' atau 'negatif'" in salah[f"Pengukuran!{_sel('polaritas', R0 + 4)}"]


def test_batas_atas_target_hanya_diperiksa_untuk_target_rentang(tmp_path):
    def ubah(wb):  # the formula reads the range end only when the target is a range
        wb["Pengukuran"][_sel("target_atas", R_PERSEN)] = "catatan"

    assert _salah(_buku(tmp_path, ubah)) == {}


def _target_persen(wb) -> None:
    c = wb["Pengukuran"][_sel("target", R_PERSEN)]
    c.value, c.number_format = 0.75, "0%"  # typed "75%" in Excel


def test_target_berformat_persen_ditolak_dengan_sel_dan_angka_yang_dimaksud(tmp_path):
    path = _buku(tmp_path, _target_persen)
    with pytest.raises(GalatBuku) as e:
        _hitung(path)
    pesan = str(e.value)
    assert f"Pengukuran!{_sel('target', R_PERSEN)}: 75% diketik dengan tanda %" in pesan
    assert "ketik 75 tanpa tanda %" in pesan
    r = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "hitung", str(path)], capture_output=True, text=True
    )
    assert r.returncode == 2 and not (tmp_path / "lkjip_dihitung.xlsx").exists()


def test_format_persen_terbaca_sama_lewat_pembaca_cepat_dan_openpyxl(tmp_path):
    buku = BukuBerkas(_buku(tmp_path, _target_persen))
    rentang = f"A{P.baris_awal}:{P.huruf('target_akhir')}{P.baris_akhir}"
    cepat = buku.sel_persen("Pengukuran", rentang)
    buku._nilai  # noqa: B018 - after this the openpyxl copy answers
    assert cepat == buku.sel_persen("Pengukuran", rentang) == {(R_PERSEN, P.indeks("target"))}


def test_mesin_jarak_jauh_xlwings_memberi_075_tanpa_format(tmp_path):
    """What xlwings gives for a percent cell: Office.js sends the value (0.75), not its format,
    and the remote engine cannot read formats synchronously; such a cell is refused by desktop
    Excel and the file backend, not detectable here."""
    buku = BukuXlwings(xw.Book(json=payload(_buku(tmp_path, _target_persen))))
    assert buku.nilai("Pengukuran", _sel("target", R_PERSEN)) == [[0.75]]
    assert buku.sel_persen("Pengukuran", _sel("target", R_PERSEN)) is None


def test_kode_sasaran_tersimpan_sebagai_angka_ditolak(tmp_path):
    def ubah(wb):
        wb["Pengukuran"][_sel("kode_sasaran", R0 + 4)] = 2.1

    salah = _salah(_buku(tmp_path, ubah))
    assert list(salah) == [f"Pengukuran!{_sel('kode_sasaran', R0 + 4)}"]
    assert "tersimpan sebagai angka" in next(iter(salah.values()))


def test_kode_yang_dibaca_excel_sama_ditolak_dengan_kedua_sel_disebut(tmp_path):
    s = S.PENGUKURAN_SASARAN

    def ubah(wb):
        ws = wb["Pengukuran"]
        ws[f"{s.huruf('kode_sasaran')}{s.baris_awal + 5}"] = "2.10"  # next to "2.1"
        ws[f"{s.huruf('kode_misi')}{s.baris_awal + 1}"] = "2 "  # misi "2" with a space
        ws[_sel("kode_sasaran", R0 + 15)] = "2.5*"

    salah = _salah(_buku(tmp_path, ubah))
    tabrak = salah[f"Pengukuran!{s.huruf('kode_sasaran')}{s.baris_awal + 5}"]
    assert "'2.10' dan '2.1' (Pengukuran!" in tabrak and "angka yang sama (2,1)" in tabrak
    assert "spasi" in salah[f"Pengukuran!{s.huruf('kode_misi')}{s.baris_awal + 1}"]
    assert "karakter pengganti" in salah[f"Pengukuran!{_sel('kode_sasaran', R0 + 15)}"]


def test_kunci_kode_menyamakan_yang_disamakan_excel():
    def sama(a: str, b: str) -> bool:
        return bool(set(kunci_kode(a)) & set(kunci_kode(b)))

    assert sama("2.1", "2.10") and sama("1", "01") and sama("M1 ", "M1") and sama("2.1", "2.01")
    assert not sama("2.1", "2.2") and not sama("M1", "M2") and not sama("2.07.01", "2.07.02")


def test_angka_tersimpan_sebagai_teks_dijelaskan_dengan_desimal_yang_diketik(tmp_path):
    def ubah(wb):
        wb["Pengukuran"][_sel("realisasi", R_PERSEN)] = "87,2"  # text: a Text-formatted cell
        wb["Pengukuran"][_sel("target", R_PERSEN)] = "Rp 1.000.000"

    salah = _salah(_buku(tmp_path, ubah))
    real = salah[f"Pengukuran!{_sel('realisasi', R_PERSEN)}"]
    assert "'87,2' tersimpan sebagai teks" in real and "ketik ulang 87,2 sebagai angka" in real
    assert "87,20" not in real and "ketik 87.2" in real
    target = salah[f"Pengukuran!{_sel('target', R_PERSEN)}"]
    assert "mungkin maksudnya 1.000.000: ketik angkanya saja" in target
