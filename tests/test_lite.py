"""lite/main.py: each xlwings Lite script runs its button's action through xlwings' object model."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import xlwings as xw

from tests.xlremote import payload
from xlkinerja.inti.metode import muat
from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import bangun_workbook, simpan_xlsm
from xlkinerja.templat.isi import isi_workbook
from xlkinerja.templat.sampel import instansi_sampel

LITE = Path(__file__).resolve().parent.parent / "lite" / "main.py"


def _modul():
    spec = importlib.util.spec_from_file_location("lite_main", LITE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _skrip(mod) -> dict:
    return {
        n: f
        for n, f in vars(mod).items()
        if callable(f) and not n.startswith("_") and getattr(f, "__module__", "") == mod.__name__
    }


def test_setiap_tombol_kecuali_audit_punya_skrip_lite():
    label = {f.__doc__.split(":")[0] for f in _skrip(_modul()).values()}
    assert label == {t.label for t in S.TOMBOL} - {"Audit Rumus"}


@pytest.mark.parametrize("skrip", ["hitung_capaian", "periksa", "diagnosa"])
def test_skrip_lite_menjalankan_aksi_lewat_xlwings(skrip, tmp_path):
    m = muat("permendagri_86_2017")
    wb = bangun_workbook(m)
    isi_workbook(wb, instansi_sampel(), m)
    path = tmp_path / "lkjip.xlsm"
    path.write_bytes(simpan_xlsm(wb))
    book = xw.Book(json=payload(path))
    getattr(_modul(), skrip)(book)
    aksi = book.json()["actions"]
    assert aksi  # it wrote to the book or showed a message
    assert not any("tidak terduga" in str(a) for a in aksi)
