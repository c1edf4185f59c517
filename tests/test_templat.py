"""The template: structure, methodology settings, and live formulas that agree with Python."""

from __future__ import annotations

import math

import openpyxl
import pytest

from xlkinerja.inti.metode import METODE, Hasil, muat
from xlkinerja.mesin.koreksi import hitung_buku
from xlkinerja.mesin.libreoffice import hitung_ulang
from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import BARIS_SKALA_INFO, bangun_workbook
from xlkinerja.templat.isi import isi_workbook
from xlkinerja.templat.pengaturan import PengaturanTidakSah, baca_metode
from xlkinerja.templat.sampel import instansi_sampel


def _sama(excel, python) -> bool:
    if isinstance(python, Hasil):
        python = python.ke_excel()
    if python == "" and excel is None:  # LibreOffice saves an empty text result as no value
        return True
    if isinstance(python, float) and isinstance(excel, float):
        return math.isclose(excel, python, rel_tol=1e-12, abs_tol=1e-9)
    return excel == python


MESIN = [
    ("permendagri_86_2017", "formulas"),
    ("pasaman_barat_2022", "formulas"),
    ("jember_2023", "libreoffice"),
    ("permendagri_86_2017", "libreoffice"),
]


@pytest.fixture(scope="module", params=MESIN, ids=[f"{m}-{e}" for m, e in MESIN])
def terisi(request, tmp_path_factory):
    """A filled template calculated by an independent engine (the full `formulas` model or
    LibreOffice headless), with its Python reference."""
    kode, mesin = request.param
    m = muat(kode)
    inst = instansi_sampel()
    wb = bangun_workbook(m)
    isi_workbook(wb, inst, m)
    folder = tmp_path_factory.mktemp("templat")
    path = folder / f"terisi_{m.kode}.xlsx"
    wb.save(path)
    if mesin == "formulas":
        return m, inst, hitung_buku(path)
    return m, inst, hitung_ulang(path, folder / "lo")


def test_sampel_cukup_besar_dan_beragam():
    inst = instansi_sampel()
    ind = inst.semua_indikator()
    assert len(ind) >= 15
    assert len(list(inst.baris_anggaran())) >= 40
    assert {"negatif"} <= {i.polaritas for i in ind}
    assert {"huruf", "rentang", "level"} <= {i.jenis for i in ind}


def test_capaian_dan_predikat_tiap_indikator_sama_dengan_python(terisi):
    m, inst, nilai = terisi
    t, ws = S.PENGUKURAN, nilai["PENGUKURAN"]
    beda = []
    for n, i in enumerate(inst.semua_indikator()):
        r = t.baris_awal + n
        c = i.capaian(m, inst.tahun)
        harapan = {
            "capaian": c,
            "capaian_tampil": m.dibatasi(c, "tampilan"),
            "capaian_predikat": m.dibatasi(c, "predikat"),
            "capaian_rata": m.dibatasi(c, "rata_rata"),
            "predikat": m.predikat(c),
        }
        for k, h in harapan.items():
            v = ws.get(f"{t.huruf(k)}{r}")
            if not _sama(v, h):
                beda.append((i.kode, k, v, h.ke_excel()))
    assert not beda
    kosong = ws.get(f"{t.huruf('capaian')}{t.baris_awal + len(inst.semua_indikator())}")
    assert _sama(kosong, "")


def test_rata_rata_sasaran_misi_keseluruhan_sama_dengan_python(terisi):
    m, inst, nilai = terisi
    ws = nilai["PENGUKURAN"]
    t = S.PENGUKURAN_SASARAN
    for n, s in enumerate(inst.semua_sasaran()):
        r = t.baris_awal + n
        c = s.capaian(m, inst.tahun)
        assert _sama(ws[f"{t.huruf('capaian')}{r}"], c), s.kode
        assert _sama(ws[f"{t.huruf('predikat')}{r}"], m.predikat(c)), s.kode
        assert ws[f"{t.huruf('jumlah')}{r}"] == len(s.indikator)
    t = S.PENGUKURAN_MISI
    for n, mi in enumerate(inst.misi):
        r = t.baris_awal + n
        assert _sama(ws[f"{t.huruf('capaian')}{r}"], mi.capaian(m, inst.tahun)), mi.kode
        assert ws[f"{t.huruf('jumlah')}{r}"] == sum(len(tj.sasaran) for tj in mi.tujuan)
    r = S.BARIS_KESELURUHAN
    assert _sama(ws[f"{t.huruf('capaian')}{r}"], inst.capaian(m))
    assert _sama(ws[f"{t.huruf('predikat')}{r}"], m.predikat(inst.capaian(m)))


def test_anggaran_induk_total_serapan_dan_sisa_sama_dengan_python(terisi):
    m, inst, nilai = terisi
    t, ws = S.ANGGARAN, nilai["ANGGARAN"]
    for n, b in enumerate(inst.baris_anggaran()):
        r = t.baris_awal + n
        assert ws[f"{t.huruf('pagu')}{r}"] == b.pagu_anak(), b.kode
        assert ws[f"{t.huruf('realisasi')}{r}"] == b.realisasi_anak(), b.kode
        assert _sama(ws[f"{t.huruf('serapan')}{r}"], m.serapan(b.pagu_anak(), b.realisasi_anak()))
        assert _sama(ws[f"{t.huruf('sisa')}{r}"], m.sisa(b.pagu_anak(), b.realisasi_anak()))
    pagu = sum(p.pagu_anak() for p in inst.program)
    real = sum(p.realisasi_anak() for p in inst.program)
    for baris in (S.BARIS_TOTAL, S.BARIS_TOTAL_KEGIATAN, S.BARIS_TOTAL_SUB):
        assert ws[f"{t.huruf('pagu')}{baris}"] == pagu
        assert ws[f"{t.huruf('realisasi')}{baris}"] == real
    assert _sama(ws[f"{t.huruf('serapan')}{S.BARIS_TOTAL}"], m.serapan(pagu, real))
    total = S.BARIS_BELANJA + len(S.JENIS_BELANJA)
    assert ws[f"{t.huruf('pagu')}{total}"] == pagu


def test_efisiensi_per_sasaran_sama_dengan_python(terisi):
    m, inst, nilai = terisi
    t, ws = S.EFISIENSI, nilai["EFISIENSI"]
    for n, s in enumerate(inst.semua_sasaran()):
        r = t.baris_awal + n
        baris = [b for b in inst.baris_anggaran() if b.sasaran == s.kode]
        pagu = sum(b.pagu_anak() for b in baris)
        real = sum(b.realisasi_anak() for b in baris)
        cap = s.capaian(m, inst.tahun)
        ser = m.serapan(pagu, real)
        e, kat = m.efisiensi_dari(capaian=cap, serapan=ser, pagu=pagu, realisasi=real)
        assert ws[f"{t.huruf('pagu')}{r}"] == pagu, s.kode
        assert _sama(ws[f"{t.huruf('capaian')}{r}"], cap), s.kode
        assert _sama(ws[f"{t.huruf('serapan')}{r}"], ser), s.kode
        assert _sama(ws[f"{t.huruf('efisiensi')}{r}"], e), s.kode
        assert _sama(ws.get(f"{t.huruf('kategori')}{r}"), kat if kat else "")


def test_pk_membaca_target_renstra_dan_pagu_program(terisi):
    m, inst, nilai = terisi
    ws = nilai["PK"]
    for n, i in enumerate(inst.semua_indikator()):
        r = S.PK.baris_awal + n
        assert ws[f"{S.PK.huruf('target_renstra')}{r}"] == i.target[inst.tahun].nilai, i.kode
    t = S.PK_PROGRAM
    for n, p in enumerate(inst.program):
        r = t.baris_awal + n
        assert ws[f"{t.huruf('anggaran_dpa')}{r}"] == p.pagu_anak()
        assert ws[f"{t.huruf('selisih')}{r}"] == 0


@pytest.mark.parametrize("kode", list(METODE))
def test_metodologi_tersimpan_di_pengaturan_dan_terbaca_kembali(kode, tmp_path):
    wb = bangun_workbook(METODE[kode])
    wb.save(tmp_path / "t.xlsx")
    m2 = baca_metode(openpyxl.load_workbook(tmp_path / "t.xlsx"))
    assert m2.to_dict() == METODE[kode].to_dict()


def test_skala_bercelah_di_lembar_skala_ditolak_dengan_nama_sel(tmp_path):
    wb = bangun_workbook(muat())
    ws = wb["Skala"]
    ws[f"C{S.SKALA.baris_awal}"] = 95  # top band now starts at 95: a gap from 91 to 95
    wb.save(tmp_path / "t.xlsx")
    with pytest.raises(PengaturanTidakSah, match="celah") as e:
        baca_metode(openpyxl.load_workbook(tmp_path / "t.xlsx"))
    assert "Skala!A6:G15" in str(e.value)


def test_sel_isian_terbuka_sel_rumus_terkunci_dan_lembar_terlindungi():
    wb = bangun_workbook(muat())
    ws = wb["Pengukuran"]
    t = S.PENGUKURAN
    r = t.baris_awal
    assert ws.protection.sheet and not ws.protection.password
    assert not ws.protection.insertRows  # inserting rows stays allowed
    assert ws[f"{t.huruf('target')}{r}"].protection.locked is False
    assert ws[f"{t.huruf('capaian')}{r}"].protection.locked is True
    assert str(ws[f"{t.huruf('capaian')}{r}"].value).startswith("=IF(")


def test_lembar_validasi_beku_dan_cetak_a4():
    wb = bangun_workbook(muat())
    assert tuple(wb.sheetnames) == S.LEMBAR
    ws = wb["Pengukuran"]
    assert ws.freeze_panes == "D6"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    daftar = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"positif,negatif"' in daftar
    pengaturan = {dv.formula1 for dv in wb["Pengaturan"].data_validations.dataValidation}
    assert any("pasaman_barat_2022" in f for f in pengaturan)
    assert ws.conditional_formatting  # predikat colours
    tersembunyi = {c for c, d in ws.column_dimensions.items() if d.hidden}
    assert tersembunyi == {S.PENGUKURAN.huruf(k.kunci) for k in S.PENGUKURAN.kolom if k.sembunyi}
    assert "xk_tahun" in wb.defined_names
    assert wb["xlwings.conf"]["A1"].value == "Interpreter_Win"


def test_tabel_pita_dikosongkan_dengan_kode_preset_memuat_pita_preset(tmp_path):
    wb = bangun_workbook(muat())
    ws = wb["Skala"]
    for r in range(S.SKALA.baris_awal, S.SKALA.baris_akhir + 1):
        for c in range(1, len(S.SKALA.kolom) + 1):
            ws.cell(r, c).value = None
    ws[f"B{BARIS_SKALA_INFO}"] = "permenpanrb_88_2021"
    wb.save(tmp_path / "t.xlsx")
    m = baca_metode(openpyxl.load_workbook(tmp_path / "t.xlsx"))
    assert m.skala.to_dict()["pita"] == METODE["permenpanrb_88_2021"].skala.to_dict()["pita"]
    assert m.predikat(95).nilai == "AA"
