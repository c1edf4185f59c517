"""Users insert rows in the middle of a table; Hitung gives the new rows their formulas and every
range grows with the table (rows inserted by LibreOffice, as Excel would)."""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import openpyxl
import pytest

from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.buku.paket import buat_xlsm, simpan_openpyxl_deterministik
from xlkinerja.inti.metode import muat
from xlkinerja.mesin.libreoffice import hitung_ulang
from xlkinerja.muka.aksi import hitung_capaian, hitung_efisiensi
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import baca, rujukan
from xlkinerja.templat.bangun import bangun_workbook
from xlkinerja.templat.isi import isi_workbook
from xlkinerja.templat.sampel import instansi_sampel

SISIP = Path(__file__).parent / "uno" / "sisip_baris.py"


@pytest.fixture(scope="module")
def disisipi(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sisip")
    m = muat()
    wb = bangun_workbook(m)
    isi_workbook(wb, instansi_sampel(), m)
    src = tmp / "asli.xlsm"
    src.write_bytes(buat_xlsm(simpan_openpyxl_deterministik(wb)))
    dst = tmp / "sisip.xlsm"
    # two rows between indicators 1.1.2 and 1.1.3; one between sub kegiatan 2 and 3 of 2.07.01.1.01
    subprocess.run(
        [
            "/usr/bin/python3",
            str(SISIP),
            str(src),
            str(dst),
            str(tmp / "profil"),
            "Pengukuran:8:2",
            "Anggaran:10:1",
        ],
        check=True,
        timeout=300,
    )
    wb = openpyxl.load_workbook(dst, keep_vba=True)
    ws = wb["Pengukuran"]
    for kol, v in (
        ("A", "1.1"),
        ("B", "1.1.9"),
        ("C", "Indikator sisipan"),
        ("D", "%"),
        ("E", "positif"),
        ("F", "persen"),
        ("G", 50),
        ("I", 40),
    ):
        ws[f"{kol}8"] = v
    ws = wb["Anggaran"]
    for kol, v in (
        ("A", "Sub Kegiatan"),
        ("B", "2.07.01.1.01.0009"),
        ("C", "Sub kegiatan sisipan"),
        ("E", 1_000_000),
        ("F", 500_000),
    ):
        ws[f"{kol}10"] = v
    wb.save(dst)
    buku = BukuBerkas(dst)
    for aksi in (hitung_capaian, hitung_efisiensi):
        buku.terapkan(aksi(buku))
    hasil = buku.simpan(tmp / "dihitung.xlsm")
    return hasil, hitung_ulang(hasil, tmp / "lo")


def test_tabel_ditemukan_di_tempat_barunya(disisipi):
    path, _ = disisipi
    tata = baca(BukuBerkas(path)).tata
    assert tata.akhir(S.PENGUKURAN) == S.PENGUKURAN.baris_akhir + 2
    assert tata.awal(S.PENGUKURAN_SASARAN) == S.PENGUKURAN_SASARAN.baris_awal + 2
    assert tata.akhir(S.ANGGARAN) == S.ANGGARAN.baris_akhir + 1
    assert tata.total == S.BARIS_TOTAL + 1


def test_baris_sisipan_mendapat_rumus_dan_masuk_rata_rata(disisipi):
    path, lo = disisipi
    p = lo["PENGUKURAN"]
    assert p["L8"] == 80.0  # 40 / 50 × 100
    assert p.get("L9") in (None, "")  # the second inserted row is empty: shows nothing
    sas = S.PENGUKURAN_SASARAN.baris_awal + 2
    assert p[f"D{sas}"] == 5  # sasaran 1.1 now counts five indicators


def test_setiap_sel_rumus_libreoffice_sama_dengan_rujukan_python(disisipi):
    path, lo = disisipi
    ruj = rujukan(baca(BukuBerkas(path)), semua=True)  # every formula cell, PK and RKT too
    beda = []
    for (lembar, sel), v in ruj.items():
        e = lo.get(lembar.upper(), {}).get(sel)
        if v == "" and e is None:
            continue
        if isinstance(v, float) and isinstance(e, float) and math.isclose(v, e, abs_tol=1e-9):
            continue
        if v != e:
            beda.append((lembar, sel, v, e))
    assert not beda, beda[:5]
    ang = lo["ANGGARAN"]
    assert ang["E6"] == instansi_sampel().program[0].pagu + 1_000_000  # program sums the new row
