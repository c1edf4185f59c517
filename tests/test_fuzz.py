"""Short property-based fuzz run (hypothesis): the number parser, every methodology rule, and
the workbook readers with random cell contents. The long run: `python bench/fuzz.py`."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import fuzz_strategi as F

CEPAT = settings(max_examples=300, deadline=None, derandomize=True)


@CEPAT
@given(
    teks=st.one_of(F.teks_angka, F.angka, st.none(), st.booleans()),
    desimal=st.sampled_from(["id", "en"]),
)
def test_baca_angka_tidak_pernah_galat_dan_membaca_ulang_format_sendiri(teks, desimal):
    F.sifat_baca_angka(teks, desimal)


@CEPAT
@given(x=F.aturan_dan_masukan())
def test_setiap_aturan_metode_menghitung_masukan_apa_pun_tanpa_galat(x):
    _, _, a, nilai = x
    F.sifat_aturan(a, nilai)


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(isi=F.isi_acak)
def test_pembaca_buku_hanya_galat_berbahasa_indonesia_untuk_isi_acak(isi):
    F.sifat_pembaca(isi)
