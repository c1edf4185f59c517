"""Writing a plan in blocks through xlwings (issue 16): the same cells as the file backend, and a
number of write actions that does not grow with the workbook."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_aksi import _ketik, _xlsm
from tests.xlremote import (
    aksi_tulis,
    isi_sel,
    klik,
    payload,
    simpan_seperti_excel,
    terapkan_aksi,
)
from xlkinerja.buku.antarmuka import Rencana, Tanda, Tulis
from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.buku.excel import BukuXlwings, kotak_berlubang, persegi
from xlkinerja.muka.aksi import AKSI
from xlkinerja.templat import skema as S

TOMBOL = (
    "btnHitungCapaian",
    "btnHitungEfisiensi",
    "btnPeriksa",
    "btnIsiNarasi",
    "btnAuditRumus",
    "btnBersihkanTanda",
)
CATATAN = {"addNote", "setNoteText", "deleteNote"}


@given(st.sets(st.tuples(st.integers(1, 12), st.integers(1, 6)), max_size=40))
@settings(max_examples=200, deadline=None)
def test_persegi_menutup_tepat_sel_yang_diminta(sel):
    kotak = persegi(sel)
    tertutup = [
        (r, c) for r1, c1, r2, c2 in kotak for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
    ]
    assert len(tertutup) == len(set(tertutup)) and set(tertutup) == sel  # no overlap, no extra


def test_persegi_menggabung_kolom_bersebelahan_dengan_baris_sama():
    sel = {(r, c) for r in range(6, 66) for c in (12, 13, 14, 15, 16, 20)}  # L:P and T
    sel |= {(6, 5), (7, 5), (14, 5), (6, 6), (7, 6), (14, 6)}  # parent rows in E:F
    assert persegi(sel) == [(6, 5, 7, 6), (6, 12, 65, 16), (6, 20, 65, 20), (14, 5, 14, 6)]
    assert kotak_berlubang(sel) == [(6, 5, 65, 20)]
    bands = [(r, 5, r + 9, 20) for r in range(6, 66, 10)]  # 16 columns: 10 rows per band
    assert kotak_berlubang(sel, maks=160) == bands


def _klik_berkas(path: Path, tombol: str) -> dict:
    """The cells after one click through the file backend (compared in memory, not saved)."""
    buku = BukuBerkas(path)
    buku.terapkan(AKSI[tombol](buku))
    data = buku.ke_bytes()
    buku.tutup()
    return isi_sel(openpyxl.load_workbook(io.BytesIO(data)))


def _dua_angka_ketik(wb) -> None:
    _ketik(wb)
    t = S.PENGUKURAN
    wb["Pengukuran"][f"{t.huruf('capaian')}{t.baris_awal + 6}"] = 555


class _BukuPersegi(BukuXlwings):
    def __init__(self, book):
        super().__init__(book, berlubang=False)


def test_urutan_tombol_lewat_xlwings_sama_dengan_backend_berkas(tmp_path):
    """Each click, from the state the previous one left (marks, notes, findings present),
    gives the same contents, fills and notes through xlwings, in blocks per sheet and in
    rectangles, as through the file backend."""
    mentah = _xlsm(tmp_path, _dua_angka_ketik, "mentah.xlsm")
    path = tmp_path / "awal.xlsm"
    simpan_seperti_excel(mentah, [], path)  # the values Excel shows
    urutan = ["btnPeriksa", "btnPeriksa", "btnHitungCapaian", "btnIsiNarasi", "btnAuditRumus"]
    for i, tombol in enumerate([*urutan, "btnBersihkanTanda"]):
        harapan = _klik_berkas(path, tombol)
        persegi_ = tmp_path / f"persegi_{i}.xlsm"
        terapkan_aksi(path, klik(path, tombol, _BukuPersegi), persegi_, keep_vba=False)
        aksi = klik(path, tombol)
        blok = tmp_path / f"blok_{i}.xlsm"
        simpan_seperti_excel(path, aksi, blok)
        for nama, hasil in (("blok", blok), ("persegi", persegi_)):
            a = isi_sel(hasil)
            beda = [(k, a.get(k), harapan.get(k)) for k in set(a) | set(harapan)]
            beda = [x for x in beda if x[1] != x[2]]
            assert not beda, (tombol, nama, beda[:5])
        jenis = Counter(x["func"] for x in aksi_tulis(aksi))
        if i == 0:  # the typed numbers and what they feed are marked
            ditandai = jenis["addNote"]
            assert ditandai >= 2 and jenis["setRangeColors"] == 1, jenis
        if i == 1:  # Periksa again: the notes exist, their text is set (not added twice)
            assert jenis["setNoteText"] == ditandai and not jenis["addNote"], jenis
        if tombol == "btnBersihkanTanda":
            assert jenis["deleteNote"] >= 2 and jenis["setRangeColors"] == 1, jenis
            assert not jenis["addNote"] and not jenis["setNoteText"], jenis
        path = blok


def test_blok_berisi_null_hanya_untuk_sel_yang_tidak_direncanakan(tmp_path):
    path = _xlsm(tmp_path)
    book = xw.Book(json=payload(path))
    rencana = Rencana(
        tulis=[
            Tulis("Temuan", "A6", "x"),
            Tulis("Temuan", "C7", None),  # emptied: ""
            Tulis("Temuan", "B6", "=1+1"),
            Tulis("Temuan", "A6", "y"),  # the last write wins
        ],
        tanda=[Tanda("Temuan", "A6", "satu"), Tanda("Temuan", "A6", None, "D9D9D9")],
    )
    BukuXlwings(book).terapkan(rencana)
    aksi = book.json()["actions"]
    assert [(a["func"], a["values"]) for a in aksi[:2]] == [
        ("setValues", [["y", None, None], [None, None, ""]]),
        ("setFormula", [["=1+1"]]),
    ]
    assert [(a["func"], a["args"]) for a in aksi[2:]] == [("setRangeColor", ["#D9D9D9"])]


def test_konversi_xlwings_none_menjadi_kosong_dan_teks_apa_adanya(tmp_path):
    """What xlwings sends for the rectangle path (Range.value / Range.formula with a 2-D
    list): None becomes "" (Excel empties the cell), numbers and texts, "=" included, pass
    unchanged; desktop Excel receives the same list through COM (`_xlwindows` hands
    `Range.Value` / `Range.Formula` the converted list)."""
    book = xw.Book(json=payload(_xlsm(tmp_path)))
    s = book.sheets["Temuan"]
    s.range((6, 1), (6, 4)).value = [[None, 1.5, "=A1", True]]
    s.range((6, 1), (6, 4)).formula = [[None, 1.5, "=A1", "teks"]]
    assert [a["values"] for a in book.json()["actions"]] == [
        [["", 1.5, "=A1", True]],
        [["", 1.5, "=A1", "teks"]],
    ]


def test_mesin_jarak_jauh_tanpa_aksi_pengaturan_aplikasi(tmp_path):
    """The remote engine gets no screen-updating or calculation actions, even when the client
    sends the calculation mode: they run later in Excel, where a failed write would leave
    the calculation manual."""
    path = _xlsm(tmp_path, _ketik)
    aksi = klik(path, "btnHitungCapaian", kalkulasi="Automatic")
    jenis = {a["func"] for a in aksi}
    assert jenis & {"setFormula"} and not jenis & {
        "setCalculation",
        "setScreenUpdating",
        "calculate",
    }


class _App:
    """Stands in for desktop Excel's Application (not available here): records settings."""

    def __init__(self):
        self.engine = type("Engine", (), {"name": "excel"})()
        self.screen_updating, self.enable_events, self.calculation = True, True, "automatic"
        self.log: list[str] = []

    def __setattr__(self, nama, nilai):
        if "log" in self.__dict__:
            self.log.append(f"{nama}={nilai}")
        super().__setattr__(nama, nilai)

    def calculate(self):
        self.log.append("calculate")


class _Rentang:
    def __init__(self, app, gagal):
        self.__dict__.update(_app=app, _gagal=gagal)

    def __setattr__(self, nama, nilai):
        self._app.log.append(f"tulis {nama}")
        if self._gagal:
            raise RuntimeError("COM gagal")


class _Lembar:
    name, api = "Pengukuran", None

    def __init__(self, app, gagal):
        self._app, self._gagal = app, gagal

    def range(self, *_):
        return _Rentang(self._app, self._gagal)


class _DaftarLembar:
    def __init__(self, lembar):
        self._lembar = lembar

    def __getitem__(self, _):
        return self._lembar

    def __iter__(self):
        return iter([self._lembar])


class _Buku:
    name = "lkjip.xlsm"

    def __init__(self, gagal=False):
        self.app = _App()
        self.sheets = _DaftarLembar(_Lembar(self.app, gagal))


@pytest.mark.parametrize("gagal", [False, True])
def test_desktop_pengaturan_ditunda_lalu_dipulihkan_dan_satu_hitung_ulang(gagal):
    book = _Buku(gagal)
    rencana = Rencana(tulis=[Tulis("Pengukuran", f"L{r}", f"=K{r}") for r in range(6, 66)])
    if gagal:
        with pytest.raises(RuntimeError):
            BukuXlwings(book).terapkan(rencana)
    else:
        BukuXlwings(book).terapkan(rencana)
    assert book.app.log == [
        "screen_updating=False",
        "enable_events=False",
        "calculation=manual",
        "tulis formula",  # one range for L6:L65
        "calculate",
        "calculation=automatic",
        "enable_events=True",
        "screen_updating=True",
    ]


@pytest.fixture(scope="module")
def dua_ukuran(tmp_path_factory) -> list[Path]:
    """The bench workbook at half and full size (20/40 indicators, 5/10 programs), both with a
    capaian typed over its formula and a PK budget that differs from Anggaran."""
    from bench.bench_tulis_excel import buat_buku

    folder = tmp_path_factory.mktemp("ukuran")
    return [buat_buku(skala, folder) for skala in (0.5, 1)]


def test_jumlah_aksi_tulis_per_tombol_terbatas_dan_tidak_tumbuh(dua_ukuran, tmp_path):
    """Each button on a fresh workbook (Bersihkan Tanda after Periksa): at most 30 write
    actions, of them at most one formula block per sheet Hitung Capaian covers plus 4 blocks
    and fills (the rest: notes of marked cells), and the same actions at both sizes."""
    from xlkinerja.muka.aksi import LEMBAR_CAPAIAN

    jumlah = []
    for path in dua_ukuran:
        per_tombol = {}
        for tombol in TOMBOL:
            sumber = path
            if tombol == "btnBersihkanTanda":
                sumber = tmp_path / f"{path.stem}_diperiksa.xlsm"
                simpan_seperti_excel(path, klik(path, "btnPeriksa"), sumber)
            aksi = aksi_tulis(klik(sumber, tombol))
            per_tombol[tombol] = Counter(a["func"] for a in aksi)
        jumlah.append(per_tombol)
    kecil, besar = jumlah
    for tombol in TOMBOL:
        n = sum(besar[tombol].values())
        catatan = sum(v for k, v in besar[tombol].items() if k in CATATAN)
        assert 0 < n <= 30 and n - catatan <= len(LEMBAR_CAPAIAN) + 4, (tombol, besar[tombol])
        assert kecil[tombol] == besar[tombol], (tombol, kecil[tombol], besar[tombol])
