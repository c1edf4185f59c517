"""Short differential run: generated workbooks through `xlkinerja hitung`, recalculated by
LibreOffice headless; every formula cell agrees three ways (stored, LibreOffice, Python
reference), and refusals name only questionable cells (`tests/beda.py`; long run:
`bench/beda.py`)."""

from __future__ import annotations

from tests import beda

N = 12  # about a minute on a quiet 2-core machine: one hitung process, one LibreOffice call


def test_buku_acak_nilai_tersimpan_libreoffice_dan_rujukan_sama(tmp_path):
    hasil = beda.jalankan(beda.kumpulkan(N, benih=15), tmp_path)
    assert hasil.buku == N and hasil.dihitung >= N // 2, beda.ringkas(hasil)
    assert hasil.sel > 1000 * hasil.dihitung
    assert not hasil.beda and not hasil.tolak_salah, beda.ringkas(hasil)


def test_pembanding_menangkap_nilai_yang_berbeda():
    assert beda.sama(1.0, 1 + 1e-12) and beda.sama("", None) and beda.sama(3, 3.0)
    assert not beda.sama(1.0, 1.000001) and not beda.sama("1", 1.0) and not beda.sama("a", "A")
    assert not beda.sama(True, 1.0) and not beda.sama(0.0, "")
