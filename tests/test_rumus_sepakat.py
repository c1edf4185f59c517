"""One rule, two renderings: each Excel formula, run by `formulas`, equals the Python rule."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlkinerja.inti.metode import BAWAAN, METODE, METODE_EFISIENSI, RUMUS_POLARITAS, Aturan
from xlkinerja.inti.rumus import Ekspr, Galat, Nilai, Sel
from xlkinerja.mesin import koreksi as mesin

# Realistic cell contents: numbers as typed (4 decimals at most), blanks, and the texts found in
# real workbooks. Edges of every scale are drawn often.
TEPI = sorted(
    {e for m in METODE.values() for p in m.skala.pita for e in (p.bawah, p.atas) if e is not None}
    | {0, 100, 110, 120}
)
angka = st.one_of(
    st.integers(-1000, 10**12).map(float),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 4)),
    st.sampled_from(TEPI).flatmap(lambda e: st.sampled_from([e, e - 0.005, e + 0.005, e - 0.01])),
)
teks = st.sampled_from(
    [
        "-",
        "–",
        "n/a",
        "B",
        "BB",
        "AA",
        "D",
        "x",
        "85,71",
        "1.000 Orang",
        "tidak dapat dihitung: target 0",
    ]
)
sel = st.one_of(angka, angka, st.none(), teks)
KUNCI = ["s1", "s2", "S1", "1.1"]


def strategi(nama: str) -> st.SearchStrategy:
    if nama == "P":
        return st.sampled_from(["positif", "negatif", None, "Negatif", "stabil"])
    if nama == "J":
        return st.sampled_from(["angka", "persen", "level", "huruf", "rentang", None, "HURUF"])
    if nama in ("T", "R"):
        return st.one_of(sel, st.sampled_from(["D", "C", "CC", "B", "BB", "A", "AA"]))
    if nama == "k":
        return st.sampled_from(KUNCI + ["s3"])
    return sel


def refs_untuk(masukan: set[str], n: int) -> dict[str, str]:
    refs = {}
    for i, nama in enumerate(sorted(masukan)):
        col = "ABCDEFGHIJKLMNOP"[i]
        refs[nama] = f"{col}2:{col}{n + 1}" if nama in ("V", "K") else f"{col}1"
    return refs


@st.composite
def lingkungan(draw: st.DrawFn, masukan: set[str]) -> tuple[dict[str, Nilai], int]:
    n = draw(st.integers(1, 8))
    env: dict[str, Nilai] = {}
    for nama in masukan:
        if nama == "V":
            env[nama] = draw(st.lists(sel, min_size=n, max_size=n))
        elif nama == "K":
            env[nama] = draw(st.lists(st.sampled_from(KUNCI), min_size=n, max_size=n))
        else:
            env[nama] = draw(strategi(nama))
    return env, n


def sama(a: Nilai, b: Nilai) -> bool:
    if isinstance(a, Galat) or isinstance(b, Galat):
        return str(a) == str(b) and type(a) is type(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def selisih(aturan: Aturan | Ekspr, env: dict[str, Nilai], n: int) -> str | None:
    """None when both renderings agree, else a description of the difference."""
    e = aturan.ekspr if isinstance(aturan, Aturan) else aturan
    refs = refs_untuk(e.masukan(), n)
    rumus = e.rumus(refs)
    python = e.nilai(env)
    excel = mesin.evaluasi(rumus, {refs[k]: v for k, v in env.items() if k in refs})
    if sama(python, excel):
        return None
    return f"{rumus}\n  masukan {env}\n  python {python!r} != excel {excel!r}"


# Every preset, plus the default with each negative-polarity variant and each efficiency method,
# so that every rule the package can produce is rendered and compared.
UJI = dict(METODE)
for _v in RUMUS_POLARITAS.values():
    if _v.polaritas == "negatif":
        UJI[f"bawaan+{_v.kode}"] = replace(METODE[BAWAAN], negatif=_v)
for _e in METODE_EFISIENSI.values():
    UJI[f"bawaan+efisiensi_{_e.kode}"] = replace(METODE[BAWAAN], efisiensi=_e)
ATURAN = [(k, a) for k, m in UJI.items() for a in m.aturan]


@pytest.mark.parametrize(("metode", "aturan"), ATURAN, ids=[f"{m}-{a}" for m, a in ATURAN])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_rumus_excel_sama_dengan_aturan_python(metode: str, aturan: str, data: st.DataObject):
    a = UJI[metode].aturan[aturan]
    env, n = data.draw(lingkungan(a.masukan))
    beda = selisih(a, env, n)
    assert beda is None, beda


def test_setiap_aturan_dan_varian_diuji():
    kode = {a for _, a in ATURAN}
    ef = {m.efisiensi.kode for m in UJI.values()}
    neg = {m.negatif.kode for m in UJI.values()}
    assert ef == set(METODE_EFISIENSI)
    assert neg == {k for k, v in RUMUS_POLARITAS.items() if v.polaritas == "negatif"}
    assert {m.pembulatan.mode for m in UJI.values()} == {"setengah_ke_atas", "potong"}
    assert {
        "capaian",
        "predikat",
        "rata_rata",
        "rata_rata_per_kunci",
        "serapan",
        "sisa",
        "efisiensi",
        "kategori_efisiensi",
        "dibatasi_predikat",
        "dibatasi_rata_rata",
        "dibatasi_tampilan",
    } <= kode


@dataclass(frozen=True, eq=True)
class RenderinganRusak(Ekspr):
    """Python says R/T×100 while the Excel rendering says T/R×100: the test must notice."""

    def nilai(self, env):
        return (Sel("R") / Sel("T") * 100).nilai(env)

    def excel(self, refs):
        return (Sel("T") / Sel("R") * 100).excel(refs)

    def masukan(self):
        return {"R", "T"}


def test_uji_kesepakatan_gagal_bila_rendering_rusak():
    assert selisih(RenderinganRusak(), {"T": 10.0, "R": 8.0}, 1) is not None
    assert selisih(Sel("R") / Sel("T") * 100, {"T": 10.0, "R": 8.0}, 1) is None


def _setiap_simpul() -> list[Ekspr]:
    """Every kind of node the generated evaluator emits: comparison, &, arithmetic with its
    errors, IF without else, IFERROR, strict and error-aware functions, an array constant."""
    from xlkinerja.inti.rumus import (
        AND,
        COUNTIFS,
        IF,
        IFERROR,
        INDEX,
        ISNUMBER,
        MATCH,
        MAX,
        ROUND,
        SUMIFS,
        Larik,
    )

    a, b = Sel("A"), Sel("B")
    return [
        IF(a.gt(b), a - b),
        IFERROR(ROUND(a / b * 100, 2), "bagi nol"),
        a.gabung("-").gabung(b),
        AND(a.sama(b), ISNUMBER(a * 1)),
        MAX(a * 1, b * 1) + 0,  # values, as the rules pass them (Excel skips blank references)
        IFERROR(MATCH(a, Larik(("D", "C", "B")), 0), -1),
        COUNTIFS(Sel("K"), b),
        IFERROR(INDEX(Sel("V"), MATCH(b, Sel("K"), 0)), "tidak ada"),
        SUMIFS(Sel("V"), Sel("K"), b, Sel("K"), "s1"),
    ]


@pytest.mark.parametrize("i", range(len(_setiap_simpul())))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_setiap_jenis_simpul_sama_dengan_excel(i: int, data: st.DataObject):
    e = _setiap_simpul()[i]
    env, n = data.draw(lingkungan(e.masukan()))
    beda = selisih(e, env, n)
    assert beda is None, beda


def test_if_bersarang_sangat_dalam_tetap_dihitung():
    """A scale of 300 bands nests 300 IFs: past Python's 100 indentation levels the generated
    code calls the deeper part as a function of its own."""
    from xlkinerja.inti.rumus import pilih

    e = pilih(*[(Sel("C").ge(i), f"p{i}") for i in range(300, 0, -1)], lain="di bawah")
    assert [e.nilai({"C": c}) for c in (0.5, 1.0, 3.7, 150.0, 299.9, 1000.0)] == [
        "di bawah",
        "p1",
        "p3",
        "p150",
        "p299",
        "p300",
    ]
    assert e.nilai({"C": Galat("#N/A")}) == "#N/A"


@pytest.mark.parametrize("fungsi", ["SUM", "AVERAGE", "COUNT", "COUNTA"])
def test_fungsi_agregat_membaca_semua_argumen_sama_dengan_mesin(fungsi: str):
    """SUM(A1:A3, B1, C1) adds every argument in Excel; the Python reference read only the
    first one."""
    from xlkinerja.inti import rumus

    nilai = {"A1:A3": [[1.5], [None], ["x"]], "B1": 4.0, "C1": 2.0}
    e = getattr(rumus, fungsi)(Sel("a"), Sel("b"), Sel("c"))
    python = e.nilai({"a": [1.5, None, "x"], "b": 4.0, "c": 2.0})
    excel = mesin.evaluasi(f"={fungsi}(A1:A3,B1,C1)", nilai)
    assert python == excel
    assert python == {"SUM": 7.5, "AVERAGE": 2.5, "COUNT": 3.0, "COUNTA": 4.0}[fungsi]
