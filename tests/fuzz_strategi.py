"""Hypothesis strategies and properties shared by the short fuzz run (`tests/test_fuzz.py`)
and the long one (`bench/fuzz.py`)."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from hypothesis import strategies as st

from tests import korpus as K
from xlkinerja.inti.angka import baca_angka, format_angka
from xlkinerja.inti.metode import METODE
from xlkinerja.inti.rumus import bulat_excel

angka = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.integers(-(10**15), 10**15),
    st.sampled_from([0, -0.0, 1e300, -1e300, 5e-324, 100, 75, 120.5]),
)
teks_angka = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"-?(Rp\.? ?)?[0-9.,]{1,18}( ?(%|Orang|Dokumen|Rp|,-))?", fullmatch=True),
    st.sampled_from(["1.000 Orang", "85,71 %", "-", "n/a", "Rp 1.000.000,00", "1,234.5", "–"]),
)
nilai_sel = st.one_of(angka, st.none(), teks_angka, st.booleans())
KUNCI = ["s1", "s2", "S1", "1.1"]


def masukan_aturan(nama: str) -> st.SearchStrategy:
    if nama == "P":
        return st.sampled_from(["positif", "negatif", None, "Negatif", "stabil", ""])
    if nama == "J":
        return st.sampled_from(["angka", "persen", "level", "huruf", "rentang", None, "x"])
    if nama == "V":
        return st.lists(nilai_sel, max_size=6)
    if nama == "K":
        return st.lists(st.sampled_from([*KUNCI, None]), max_size=6)
    if nama == "k":
        return st.sampled_from([*KUNCI, "s3", None])
    return st.one_of(nilai_sel, st.sampled_from(["D", "C", "CC", "B", "BB", "A", "AA"]))


ATURAN = [(m.kode, a.kode, a) for m in METODE.values() for a in m.aturan.values()]


@st.composite
def aturan_dan_masukan(draw) -> tuple[str, str, object, dict]:
    kode_m, kode_a, a = draw(st.sampled_from(ATURAN))
    nilai = {n: draw(masukan_aturan(n)) for n in sorted(a.masukan)}
    if "V" in nilai and "K" in nilai:  # the two ranges of one rule have the same length
        n = min(len(nilai["V"]), len(nilai["K"]))
        nilai["V"], nilai["K"] = nilai["V"][:n], nilai["K"][:n]
    return kode_m, kode_a, a, nilai


def sifat_baca_angka(teks: object, desimal: str) -> None:
    """Never raises; a number read back from our own formatting is the rounded number."""
    h = baca_angka(teks, desimal=desimal)
    assert h.nilai is None or isinstance(h.nilai, float)
    if isinstance(teks, (int, float)) and not isinstance(teks, bool) and math.isfinite(teks):
        if abs(teks) < 1e12:
            tulisan = format_angka(teks, 2)
            kembali = baca_angka(tulisan)
            assert kembali.nilai == bulat_excel(float(teks), 2), (teks, tulisan, kembali)


def sifat_aturan(a, nilai: dict) -> None:
    """A rule computes any input without raising: a number, a label, or None with a reason."""
    h = a.hitung(**nilai)
    if getattr(h, "nilai", None) is None and getattr(h, "label", None) is None:
        assert getattr(h, "alasan", None) is not None or h is not None


# -- workbook readers --------------------------------------------------------------------------

SEL_ISIAN = [
    ("Pengukuran", K.TARGET),
    ("Pengukuran", K.REALISASI),
    ("Pengukuran", f"{K.P.huruf('polaritas')}{K.BARIS}"),
    ("Pengukuran", f"{K.P.huruf('jenis')}{K.BARIS + 1}"),
    ("Anggaran", K.PAGU),
    ("Anggaran", f"{K.A.huruf('realisasi')}{K.A.baris_awal + 3}"),
    ("Pengaturan", None),  # the methodology cell (xk_metode)
]


def _xml_sel(ref: str, v: object) -> str:
    from xml.sax.saxutils import escape

    if v is None:
        return f'<c r="{ref}"/>'
    if isinstance(v, bool):
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, (int, float)):
        return f'<c r="{ref}" t="n"><v>{float(v)!r}</v></c>'
    teks = "".join(ch for ch in str(v) if ch in "\t\n" or (ch >= " " and ch not in "\ufffe\uffff"))
    teks = "".join(ch for ch in teks if not 0xD800 <= ord(ch) <= 0xDFFF)
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(teks)}</t></is></c>'


def buku_acak(isi: dict[tuple[str, str], object]) -> bytes:
    """The filled template with `isi` written into its input cells (XML level, cached values
    of the formulas left as they were, as after typing without recalculation)."""
    parts = K._parts(K.dasar())
    for (lembar, sel), v in isi.items():
        if sel is None:
            lembar, sel = "Pengaturan", _sel_metode()
        part = K.part_lembar(lembar)
        parts[part] = K.ganti_sel(sel, _xml_sel(sel, v))(parts[part])
    return K._zip(parts)


def _sel_metode() -> str:
    import io
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(K.dasar())) as z:
        wb = z.read("xl/workbook.xml").decode()
    m = re.search(r'name="xk_metode"[^>]*>[^!]*!\$?([A-Z]+)\$?(\d+)<', wb)
    return f"{m.group(1)}{m.group(2)}"


isi_acak = st.dictionaries(st.sampled_from(SEL_ISIAN), nilai_sel, min_size=1, max_size=5)


def sifat_pembaca(isi: dict) -> None:
    """Reading, checking and Hitung on any input cell contents raise nothing but the two
    Indonesian errors (GalatBuku, PengaturanTidakSah)."""
    from xlkinerja.buku.antarmuka import GalatBuku
    from xlkinerja.buku.berkas import BukuBerkas
    from xlkinerja.cek.periksa import temukan
    from xlkinerja.muka.aksi import hitung_capaian, hitung_efisiensi
    from xlkinerja.templat.baca import baca, rujukan
    from xlkinerja.templat.pengaturan import PengaturanTidakSah

    with tempfile.TemporaryDirectory(prefix="xlk-fuzz-") as tmp:
        path = Path(tmp) / "acak.xlsm"
        path.write_bytes(buku_acak(isi))
        try:
            buku = BukuBerkas(path)
            b = baca(buku)
            rujukan(b)
            temukan(b)
            for aksi in (hitung_capaian, hitung_efisiensi):
                buku.terapkan(aksi(buku))
            buku.ke_bytes()  # and the writer saves whatever the actions wrote
        except (GalatBuku, PengaturanTidakSah) as e:
            assert str(e).strip()
