"""COUNTIFS/SUMIFS/AVERAGEIFS/MATCH read their criteria as Excel does, alike in the engine (the
patched `formulas`), the Python reference (`inti.rumus`) and LibreOffice on a filled template."""

from __future__ import annotations

import math
import subprocess
import sys

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.buku.paket import simpan_openpyxl_deterministik
from xlkinerja.inti import rumus as R
from xlkinerja.inti.metode import muat
from xlkinerja.mesin.koreksi import evaluasi
from xlkinerja.mesin.libreoffice import hitung_ulang
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import baca, rujukan
from xlkinerja.templat.bangun import bangun_workbook
from xlkinerja.templat.isi import isi_workbook
from xlkinerja.templat.sampel import instansi_sampel

RENTANG = ["M1", "M2", "m1", None, "2.1", 2.1, "2.10", " 2.1", "1.1.1", "", True, R.NA, "B*x"]


def _dua_cara(rumus: str, k: R.Nilai, v: list[R.Nilai] = RENTANG) -> tuple[R.Nilai, R.Nilai]:
    """(engine, Python reference) of COUNTIFS(A1:A13, B1) and friends."""
    mesin = evaluasi(rumus, {"A1:A13": v, "B1": k, "C1:C13": [float(i) for i in range(13)]})
    data = [float(i) for i in range(13)]
    nama = rumus[1 : rumus.index("(")]
    args = [v, k] if nama == "COUNTIFS" else [data, v, k]
    return mesin, R.fungsi_excel(nama, args)


def test_kode_mirip_alamat_sel_dicocokkan_sebagai_teks_bukan_tanggal():
    # formulas 1.3.4 read "M1" and "M2" as dates of the current year: each matched both
    for k, harus in (("M1", 2.0), ("M2", 1.0), ("m1", 2.0)):
        mesin, ruj = _dua_cara("=COUNTIFS(A1:A13,B1)", k)
        assert mesin == ruj == harus


def test_angka_dan_teks_angka_cocok_satu_sama_lain_seperti_excel():
    # Excel compares numbers stored as text as numbers: "2.1", 2.1, "2.10" and " 2.1" are one
    for k in ("2.1", 2.1, "=2.1", "2.10"):
        mesin, ruj = _dua_cara("=COUNTIFS(A1:A13,B1)", k)
        assert mesin == ruj == 4.0


def test_jumlah_hanya_angka_dari_rentang_jumlah():
    mesin, ruj = _dua_cara("=SUMIFS(C1:C13,A1:A13,B1)", "<>M1")
    assert mesin == ruj == sum(range(13)) - 0 - 2  # rows 1 and 3 hold M1/m1; blanks count
    v = [1.0, True, "5", R.NA, None]
    assert evaluasi('=SUMIFS(A1:A5,B1:B5,"x")', {"A1:A5": v, "B1:B5": ["x"] * 5}) == 1.0
    assert evaluasi('=IFERROR(AVERAGEIFS(A1:A2,B1:B2,"y"),"kosong")', {}) == "kosong"


def test_pola_karakter_pengganti_sama_di_mesin_dan_rujukan():
    for k in ("B~*x", "M?", "*.1", "~"):
        mesin, ruj = _dua_cara("=COUNTIFS(A1:A13,B1)", k)
        assert mesin == ruj
    arr = ["x", "BB", "B~", "b"]
    for x in ("B*", "b?", "B~~", "B~"):
        assert evaluasi("=MATCH(B1,A1:A4,0)", {"A1:A4": arr, "B1": x}) == R.cari_persis(x, arr)


KRITERIA = st.one_of(
    st.sampled_from(["M1", "2.1", "<>M1", ">1", "<=2.1", "=", "", "TRUE", "#N/A", "*1", "?2*"]),
    st.sampled_from(RENTANG),
    st.floats(-3, 3, allow_nan=False),
)


@settings(max_examples=150, deadline=None)
@given(k=KRITERIA, v=st.lists(st.sampled_from(RENTANG), min_size=13, max_size=13))
def test_kriteria_mesin_sama_dengan_rujukan(k, v):
    for f in ("=COUNTIFS(A1:A13,B1)", "=SUMIFS(C1:C13,A1:A13,B1)", "=AVERAGEIFS(C1:C13,A1:A13,B1)"):
        mesin, ruj = _dua_cara(f, k, v)
        assert mesin == ruj or (isinstance(mesin, float) and math.isclose(mesin, ruj)), (f, k)


@pytest.fixture(scope="module")
def misi_m1_m2(tmp_path_factory):
    """The sample with misi codes "M1"/"M2", through `xlkinerja hitung`, recalculated by
    LibreOffice."""
    tmp = tmp_path_factory.mktemp("misi")
    m = muat("jember_2023")
    inst = instansi_sampel()
    for mi in inst.misi:
        mi.kode = "M" + mi.kode
    wb = bangun_workbook(m)
    isi_workbook(wb, inst, m)
    src = tmp / "misi.xlsx"
    src.write_bytes(simpan_openpyxl_deterministik(wb))
    subprocess.run([sys.executable, "-m", "xlkinerja", "hitung", str(src)], check=True)
    out = tmp / "misi_dihitung.xlsx"
    return out, hitung_ulang(out, tmp / "lo")


def test_misi_m1_m2_dihitung_sama_oleh_xlkinerja_libreoffice_dan_rujukan(misi_m1_m2):
    out, lo = misi_m1_m2
    tersimpan = openpyxl.load_workbook(out, data_only=True)
    ruj = rujukan(baca(BukuBerkas(out)), semua=True)
    r = S.PENGUKURAN_MISI.baris_awal
    jumlah = f"{S.PENGUKURAN_MISI.huruf('jumlah')}"
    assert [tersimpan["Pengukuran"][f"{jumlah}{r + i}"].value for i in (0, 1)] == [1, 5]
    beda = []
    for (lembar, sel), v in ruj.items():
        x, e = tersimpan[lembar][sel].value, lo[lembar.upper()].get(sel)
        x = float(x) if isinstance(x, int) and not isinstance(x, bool) else x
        if v == "" and x in (None, "") and e in (None, ""):
            continue
        if isinstance(v, float) and math.isclose(v, x, rel_tol=1e-9) and math.isclose(v, e):
            continue
        if not (v == x == e):
            beda.append((lembar, sel, x, e, v))
    assert not beda, beda[:5]


@pytest.fixture(scope="module")
def kasus_libreoffice(tmp_path_factory):
    """Cases where LibreOffice 7.4 is known to differ from Excel, recalculated by both engines."""
    from xlkinerja.mesin.evaluasi import hitung

    tmp = tmp_path_factory.mktemp("lo")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A3"] = 5, "x"  # A2 empty
    ws["C1"], ws["C2"], ws["C3"] = "2.1", 2.1, "2.10"
    rumus = {
        "B1": "=INDEX(A1:A3,2)",  # all: 0 (a formula showing an empty cell shows 0)
        "B2": "=TRUNC(199.9999999998,3)",  # Excel 199.999; LibreOffice 200
        "B3": "=ROUND(1.4999999999999984,0)",  # Excel 2 (shown 1,5); LibreOffice 1
        "B4": "=COUNTIFS(C1:C3,C1)",  # Excel 3 (numbers stored as text); LibreOffice 1
        "B5": '=MATCH("B*",{"D","C","BB","B"},0)',  # Excel 3 (wildcard); LibreOffice #N/A
        "B6": '=COUNTIFS(A1:A3,"<>x")',  # all: 2 (blanks count)
    }
    for sel, f in rumus.items():
        ws[sel] = f
    path = tmp / "lo.xlsx"
    wb.save(path)
    return hitung(path).nilai, hitung_ulang(path, tmp / "keluar")["SHEET"]


def test_libreoffice_berbeda_dari_excel_hanya_pada_kasus_yang_terdokumentasi(kasus_libreoffice):
    mesin, lo = kasus_libreoffice
    excel = {"B1": 0.0, "B2": 199.999, "B3": 2.0, "B4": 3.0, "B5": 3.0, "B6": 2.0}
    libreoffice = {**excel, "B2": 200.0, "B3": 1.0, "B4": 1.0, "B5": "#N/A"}
    assert {k: mesin[("Sheet", k)] for k in excel} == excel
    assert {k: lo[k] for k in excel} == libreoffice
    # the template's inputs that would reach B4/B5 are refused (test_masukan); B2/B3 need a value
    # within 1e-12 of a rounding boundary, counted apart by the differential run (tests/beda.py)


def test_nilai_yang_disimpan_hitung_dibandingkan_dengan_rujukan_setiap_sel(misi_m1_m2):
    """`Perhitungan.beda`: what Hitung must check before saying 'sesuai' (issue 15, case 1: the
    engine stored 6 and 89,23 for both misi while the reference said 1/100 and 5/85,31)."""
    from xlkinerja.mesin.evaluasi import hitung

    out, _ = misi_m1_m2
    ruj = rujukan(baca(BukuBerkas(out)), semua=True)
    p = hitung(openpyxl.load_workbook(out))
    assert p.beda(ruj) == []
    sel = ("Pengukuran", f"{S.PENGUKURAN_MISI.huruf('jumlah')}{S.PENGUKURAN_MISI.baris_awal}")
    assert p.beda({**ruj, sel: 6.0}) == [(sel, 1.0, 6.0)]
