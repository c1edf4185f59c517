"""The fast workbook evaluator: same values as the full `formulas` model, groups, problems."""

from __future__ import annotations

import hashlib
import math
import time

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula

from xlkinerja.inti.metode import muat
from xlkinerja.inti.rumus import Galat
from xlkinerja.mesin.evaluasi import hitung, ke_r1c1
from xlkinerja.mesin.koreksi import hitung_buku
from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import bangun_workbook
from xlkinerja.templat.isi import isi_workbook
from xlkinerja.templat.sampel import instansi_sampel


def _sama(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return type(a) is type(b) and a == b


@pytest.fixture(scope="module")
def terisi(tmp_path_factory):
    """A filled template on disk, its fast evaluation and the full model's values."""
    m = muat("permendagri_86_2017")
    wb = bangun_workbook(m)
    isi_workbook(wb, instansi_sampel(), m)
    path = tmp_path_factory.mktemp("evaluasi") / "terisi.xlsx"
    wb.save(path)
    return path, hitung(path), hitung_buku(path)


def _buku(isi: dict[str, object], **lembar_lain: dict[str, object]) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for a, v in isi.items():
        ws[a] = v
    for nama, sel in lembar_lain.items():
        w = wb.create_sheet(nama.replace("_", " "))
        for a, v in sel.items():
            w[a] = v
    return wb


def test_templat_terisi_sama_dengan_model_penuh(terisi):
    path, h, penuh = terisi
    wb = openpyxl.load_workbook(path)
    sel_rumus = {(ws.title, c.coordinate) for ws in wb for r in ws.iter_rows() for c in r}
    sel_rumus = {s for s in sel_rumus if wb[s[0]][s[1]].data_type == "f"}
    assert set(h.nilai) == sel_rumus
    assert not h.galat and not h.tidak_didukung and not h.siklus
    beda = [
        (s, v, penuh[s[0].upper()].get(s[1], "tidak ada"))
        for s, v in h.nilai.items()
        if not _sama(v, penuh[s[0].upper()].get(s[1], "tidak ada"))
    ]
    assert not beda, beda[:10]


def test_kolom_capaian_pengukuran_satu_kelompok_r1c1(terisi):
    _, h, _ = terisi
    t = S.PENGUKURAN
    kol = t.huruf("capaian")
    sel = [("Pengukuran", f"{kol}{t.baris_awal + n}") for n in range(t.kapasitas)]
    assert len({h.kelompok[s] for s in sel}) == 1
    assert "RC" in h.kelompok[sel[0]] and f"{kol}{t.baris_awal}" not in h.kelompok[sel[0]]
    assert set(h.anggota()[h.kelompok[sel[0]]]) == set(sel)


def test_referensi_melingkar_dilaporkan_dengan_selnya():
    wb = _buku({"A1": "=B1+1", "B1": "=A1+1", "C1": "=A1*2", "D1": "=D1", "E1": 5, "E2": "=E1"})
    h = hitung(wb)
    assert sorted(h.siklus) == [[("Data", "A1"), ("Data", "B1")], [("Data", "D1")]]
    assert h.nilai[("Data", "A1")] == Galat("#CIRC!")
    assert "referensi melingkar" in h.galat[("Data", "B1")]
    assert h.nilai[("Data", "C1")] == Galat("#CIRC!")  # the error propagates
    assert h.nilai[("Data", "E2")] == 5.0


def test_fungsi_yang_tidak_ada_di_mesin_dilaporkan():
    wb = _buku({"A1": 1, "A2": 2, "B1": "=SUBTOTAL(9,A1:A2)", "B2": "=OFFSET(A1,1,0)+1"})
    h = hitung(wb)
    assert h.tidak_didukung == {("Data", "B1"): "SUBTOTAL", ("Data", "B2"): "OFFSET"}
    assert h.nilai[("Data", "B1")] == Galat("#NAME?")  # as the full model gives


def test_referensi_lintas_lembar_dan_nama_terdefinisi():
    wb = _buku(
        {
            "A1": "='Data Lain'!B2*2",
            "A2": "=xk_tahun+1",
            "A3": "=xk_ganda",
            "A4": "=SUM(xk_rentang)",
        },
        Data_Lain={"B2": 21, "C1": 1, "C2": 2, "C3": 3},
    )
    wb.defined_names["xk_tahun"] = DefinedName("xk_tahun", attr_text="'Data Lain'!$B$2")
    wb.defined_names["xk_ganda"] = DefinedName("xk_ganda", attr_text="xk_tahun*2")
    wb.defined_names["xk_rentang"] = DefinedName("xk_rentang", attr_text="'Data Lain'!$C$1:$C$3")
    h = hitung(wb)
    assert [h.nilai[("Data", f"A{r}")] for r in range(1, 5)] == [42.0, 22.0, 42.0, 6.0]
    assert h.kelompok[("Data", "A2")] == "='Data Lain'!R2C2+1"


def test_berkas_masukan_tidak_berubah(terisi):
    path = terisi[0]
    sebelum = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
    hitung(path)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == sebelum


def test_buku_kecil_memberi_nilai_seperti_excel():
    wb = _buku(
        {
            "A1": 1.005,
            "A2": 2,
            "A3": "x",
            "A4": True,
            "B1": "2.07.01",
            "B2": "2.07.01.1",
            "B3": "2.07.02.1",
            "C1": 10,
            "C2": 20,
            "C3": 30,
            "D1": "=ROUND(A1,2)",
            "D2": '=IF(A2>0,"ya",1/0)',
            "D3": '=SUMIFS(C1:C3,B1:B3,B1&".*")',
            "D4": '=INDEX(C1:C3,MATCH("2.07.02.1",B1:B3,0))',
            "D5": "=Z99+1",
            "D6": "=A4+1",
            "D7": "=A3&A2",
            "D8": '=IFERROR(A3*2,"bukan angka")',
            "D9": '=MATCH("CC",{"D","C","CC","B"},0)',
            "D10": "=ISNUMBER(A4)",
            "D11": "=ISNUMBER(A2)",
            "D12": "=ROW()+COLUMNS(A1:C1)",
            "D13": "=A2/0",
        }
    )
    h = hitung(wb)
    d = [h.nilai[("Data", f"D{r}")] for r in range(1, 14)]
    assert d == [
        1.01,
        "ya",
        20.0,
        30.0,
        1.0,
        2.0,
        "x2",
        "bukan angka",
        3.0,
        False,
        True,
        15.0,
        Galat("#DIV/0!"),
    ]


def test_rumus_array_mengisi_seluruh_areanya():
    wb = _buku({"A1": 1, "A2": 2, "B1": ArrayFormula("B1:B2", "=A1:A2*10"), "C1": "=SUM(B1:B2)"})
    h = hitung(wb)
    assert h.nilai[("Data", "B2")] == 20.0
    assert h.nilai[("Data", "C1")] == 30.0


def test_bentuk_r1c1():
    assert ke_r1c1("=$A1+B$2+C3+Data!$D$4:E5+SUM(F:F)", "B2") == (
        "=R[-1]C1+R2C+R[1]C[1]+Data!R4C4:R[3]C[3]+SUM(C[4]:C[4])"
    )
    assert ke_r1c1('="A1"&A1', "B1") == '="A1"&RC[-1]'


def test_workbook_terbuka_diterima_dan_tidak_diubah():
    wb = _buku({"A1": 3, "B1": "=A1*2"})
    h = hitung(wb)
    assert h.nilai[("Data", "B1")] == 6.0
    assert wb["Data"]["B1"].value == "=A1*2"


def test_hasil_yang_diingat_membedakan_tipe_nilai():
    # 1 and TRUE are equal (and hash alike) in Python; a reused result must not mix them.
    wb = _buku({"A1": 1, "A2": True, "A3": 1, "B1": "=ISNUMBER(A1)", "B2": "=ISNUMBER(A2)"})
    wb["Data"]["B3"] = "=ISNUMBER(A3)"
    h = hitung(wb)
    assert [h.nilai[("Data", f"B{r}")] for r in (1, 2, 3)] == [True, False, True]
    assert len({h.kelompok[("Data", f"B{r}")] for r in (1, 2, 3)}) == 1


def test_sel_terjauh_tidak_membuat_grid_penuh_dan_rentang_kosong_tetap_benar():
    """One value at XFD1048576 (a dense grid would be 128 GiB): the sheet is held as a dict of
    its cells; whole columns, rows and ranges over empty space evaluate as before, quickly."""
    isi = {
        "A1": 1,
        "A2": 2,
        "B1": "=SUM(A:A)",
        "B2": "=COUNTA(A1:A10)",
        "B3": "=SUM(1:1)",
        "B4": "=XFD1048576*2",
        "B5": "=INDEX(A:A,2)",
        "B6": "=SUM(C1:C2)",
        "B7": "=COUNTBLANK(A1:A5)",
        "B8": "=A20+1",
        "B9": "=SUM(A1:A1048576)+ROWS(A:A)",
        "C1": ArrayFormula("C1:C2", "=A1:A2*10"),
    }
    mulai = time.perf_counter()
    jauh = hitung(_buku({**isi, "XFD1048576": 5}))
    detik = time.perf_counter() - mulai
    dekat = hitung(_buku(isi))  # the same cells, a small dense grid
    nilai = [jauh.nilai[("Data", f"B{r}")] for r in range(1, 10)]
    assert nilai == [3.0, 2.0, 1.0 + 3.0 + 10.0, 10.0, 2.0, 30.0, 3.0, 1.0, 3.0 + 1048576]
    for s, v in dekat.nilai.items():
        if s != ("Data", "B4"):
            assert _sama(jauh.nilai[s], v), s
    assert dekat.nilai[("Data", "B4")] == 0.0
    assert not jauh.galat and detik < 10


def test_lembar_sebagai_dict_memberi_nilai_sama_dengan_grid_padat(terisi, monkeypatch):
    path, cepat, _ = terisi
    monkeypatch.setattr("xlkinerja.mesin.evaluasi.BATAS_PADAT", 0)  # every sheet held as a dict
    jarang = hitung(path)
    assert jarang.nilai.keys() == cepat.nilai.keys()
    beda = [s for s, v in cepat.nilai.items() if not _sama(jarang.nilai[s], v)]
    assert not beda, beda[:5]
