"""The interchange format: lossless round trips, the shipped schema, Indonesian validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.cek.periksa import periksa_berkas
from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import bangun_templat
from xlkinerja.tukar.ekspor import ekspor_buku
from xlkinerja.tukar.format import DataTidakSah, skema_terkirim, teks_skema, validasi
from xlkinerja.tukar.impor import impor

CONTOH = sorted(Path(__file__).resolve().parents[1].glob("workbooks/contoh/*.xlsm"))


def _teks(d: dict) -> str:
    return json.dumps(d, ensure_ascii=False, indent=1, sort_keys=True)


def _ekspor(data: bytes, tmp: Path, nama: str = "x.xlsm") -> dict:
    p = tmp / nama
    p.write_bytes(data)
    return ekspor_buku(BukuBerkas(p))


@pytest.mark.parametrize("p", CONTOH, ids=lambda p: p.stem)
def test_ekspor_impor_ekspor_contoh_identik(p: Path, tmp_path: Path):
    d = ekspor_buku(BukuBerkas(p))
    validasi(d)
    d2 = _ekspor(impor(d), tmp_path)
    assert _teks(d2) == _teks(d)


@pytest.mark.parametrize("p", CONTOH[:2], ids=lambda p: p.stem)
def test_buku_hasil_impor_memberi_temuan_periksa_yang_sama(p: Path, tmp_path: Path):
    """The format carries everything the checks read: the same findings at the same cells."""
    q = tmp_path / p.name
    q.write_bytes(impor(ekspor_buku(BukuBerkas(p))))

    def ringkas(f: Path) -> list[tuple]:
        return sorted((t.kode, t.lembar, t.sel, t.pesan) for t in periksa_berkas(f))

    assert ringkas(q) == ringkas(p)


def test_skema_yang_dikirim_sama_dengan_skema_dari_templat():
    terkirim = Path(__file__).resolve().parents[1] / "xlkinerja/data/xlkinerja-data.schema.json"
    assert terkirim.read_text(encoding="utf-8") == teks_skema(), (
        'jalankan: python -c "from xlkinerja.tukar.format import teks_skema; '
        "open('xlkinerja/data/xlkinerja-data.schema.json','w').write(teks_skema())\""
    )
    assert skema_terkirim()["properties"]["versi"] == {"const": 1}


def test_kunci_tak_dikenal_disebut_dengan_jalur_json():
    with pytest.raises(DataTidakSah) as e:
        validasi(
            {
                "format": "xlkinerja-data",
                "versi": 1,
                "tabel": {"pengukuran": [{"indikatorr": "x", "target": [1]}]},
            }
        )
    pesan = str(e.value)
    assert "$.tabel.pengukuran[0]: kunci 'indikatorr' tidak dikenal" in pesan
    assert "$.tabel.pengukuran[0].target: [1] bukan nilai sel" in pesan


def test_terlalu_banyak_baris_ditolak_dengan_kapasitas_templat():
    baris = [{"indikator": f"I{i}"} for i in range(S.PENGUKURAN.kapasitas + 1)]
    with pytest.raises(
        DataTidakSah, match=r"\$\.tabel\.pengukuran: 61 baris, templat menyediakan 60"
    ):
        validasi({"format": "xlkinerja-data", "versi": 1, "tabel": {"pengukuran": baris}})


def test_data_tulisan_tangan_minimal_menjadi_buku_kerja(tmp_path: Path):
    """A hand-written file: absent settings take the template's values."""
    data = {
        "format": "xlkinerja-data",
        "versi": 1,
        "pengaturan": {"instansi": "Dinas Contoh", "tahun": 2024},
        "tabel": {
            "pengukuran": [
                {
                    "kode_sasaran": "S1",
                    "indikator": "Indeks kepuasan",
                    "target": 80,
                    "realisasi": 84,
                }
            ],
            "pengukuran_sasaran": [{"kode_sasaran": "S1", "sasaran": "Layanan meningkat"}],
        },
    }
    d = _ekspor(impor(data), tmp_path)
    assert d["pengaturan"]["instansi"] == "Dinas Contoh"
    assert d["pengaturan"]["metode"] == "permendagri_86_2017"
    assert d["tabel"]["pengukuran"] == data["tabel"]["pengukuran"]


# -- generated data ------------------------------------------------------------------------------

_teks_sel = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12
).filter(lambda s: not s.startswith(("=", "#")) and s.strip() == s and s != "")
_angka = st.one_of(
    st.integers(-(10**9), 10**9),
    # what can be typed in Excel: 15 significant digits (openpyxl writes 16)
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)
    .map(lambda x: float(f"{x:.15g}"))
    .filter(lambda x: not x.is_integer()),
)
_nilai = st.one_of(_teks_sel, _angka, st.booleans(), st.sampled_from([{"galat": "#N/A"}]))
_TABEL = ("renstra", "rkt", "pk", "pengukuran", "pengukuran_sasaran", "anggaran", "efisiensi")


@st.composite
def _data(draw) -> dict:
    tabel = {}
    for kunci in draw(st.lists(st.sampled_from(_TABEL), min_size=1, max_size=3, unique=True)):
        t = S.TABEL[kunci]
        isian = [k.kunci for k in t.kolom if k.isian]
        rumus = [k.kunci for k in t.kolom if not k.isian]
        baris = []
        for _ in range(draw(st.integers(1, 4))):
            b = {
                k: draw(_nilai)
                for k in draw(st.lists(st.sampled_from(isian), min_size=1, max_size=5, unique=True))
            }
            if rumus and draw(st.booleans()):
                b["tercatat"] = {draw(st.sampled_from(rumus)): draw(_angka)}
            baris.append(b)
        tabel[kunci] = baris
    return {"format": "xlkinerja-data", "versi": 1, "tabel": tabel}


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_data())
def test_ekspor_impor_data_acak_tanpa_kehilangan(data: dict, tmp_path: Path):
    validasi(data)
    d = _ekspor(impor(data), tmp_path)
    assert {k: d["tabel"].get(k) for k in data["tabel"]} == data["tabel"]
    # tables the data does not name keep the template's rows
    assert d["tabel"].keys() - data["tabel"].keys() <= {"skala", "skala_efisiensi", "narasi"}


def test_templat_kosong_diekspor_tanpa_baris(tmp_path: Path):
    d = _ekspor(bangun_templat(), tmp_path)
    validasi(d)
    assert d["tabel"].keys() <= {"skala", "skala_efisiensi", "narasi"}


# -- docs/data.md --------------------------------------------------------------------------------

_DOK = Path(__file__).resolve().parents[1] / "docs" / "data.md"


def test_contoh_python_di_dokumen_berjalan(monkeypatch):
    import re

    monkeypatch.chdir(_DOK.parents[1])
    blok = re.findall(r"```python\n(.*?)```", _DOK.read_text(encoding="utf-8"), re.S)
    assert len(blok) >= 2
    for b in blok:
        exec(compile(b, str(_DOK), "exec"), {})  # noqa: S102 - our own documentation


def test_contoh_json_di_dokumen_sah_dan_menjadi_buku_kerja(tmp_path: Path):
    import re

    (teks,) = re.findall(r"```json\n(.*?)```", _DOK.read_text(encoding="utf-8"), re.S)
    data = json.loads(teks)
    d = _ekspor(impor(data), tmp_path)
    assert d["tabel"]["pengukuran"] == data["tabel"]["pengukuran"]
    assert d["tabel"]["anggaran"] == data["tabel"]["anggaran"]


def test_buka_memberi_kolom_terhitung_sama_dengan_rujukan_python():
    import xlkinerja as xk

    lk = xk.buka(CONTOH[0])
    ukur = lk["pengukuran"]
    assert {"capaian", "predikat", "indikator"} <= set(ukur.columns)
    assert ukur["capaian"].notna().all()
    # the as-published example has galat findings, each with its sheet and cell
    galat = lk.temuan[lk.temuan["tingkat"] == "galat"]
    assert len(galat) and galat["sel"].notna().all()


# -- a plain table in a user's own workbook -----------------------------------------------------


def _tabel_iku(p: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "IKU"
    ws["A1"] = "Capaian IKU Dinas X Tahun 2024"
    ws.append([])
    ws.append(["No", "Indikator Kinerja", "Satuan", "Target 2024", "Realisasi 2024", "Capaian"])
    ws.append([1, "Indeks kepuasan masyarakat", "indeks", "82", "84,5", None])
    ws.append([2, "Persentase layanan tepat waktu", "%", "90%", "1.087,25", None])
    ws.append([3, "Jumlah desa mandiri", "desa", 12, "n.a", None])
    ws.append([4, "Cakupan layanan", "%", 0.75, "-", None])
    ws["D7"].number_format = "0%"
    wb.save(p)
    return p


def test_tabel_pengguna_dipetakan_dari_judul_berbahasa_indonesia(tmp_path: Path):
    from xlkinerja.tukar.petakan import petakan

    pm = petakan(_tabel_iku(tmp_path / "iku.xlsx"))
    assert (pm.tabel, pm.lembar, pm.baris_judul) == ("pengukuran", "IKU", 3)
    assert pm.kolom["target"] == ("D", "Target 2024")
    assert [b.get("realisasi") for b in pm.baris] == [84.5, 1087.25, None, "-"]
    assert pm.baris[0]["kode"] == "1"  # codes stay text
    assert pm.baris[3]["target"] == 75  # a percent-formatted 0,75
    # every cell that could not be read is named, and the preview says so
    assert pm.masalah == [
        "IKU!E6: bukan angka: 'n.a'",
        "IKU!D7: diketik sebagai persen (0.75); dibaca 75",
    ]
    assert "kolom F “Capaian”: tidak dipakai" in pm.pratinjau()


def test_anggaran_pengguna_mendapat_tingkat_dari_kode_permendagri_90(tmp_path: Path):
    from openpyxl import Workbook

    from xlkinerja.tukar.petakan import petakan

    wb = Workbook()
    ws = wb.active
    ws.append(["Kode Rekening", "Program / Kegiatan / Sub Kegiatan", "Anggaran (Rp)", "Realisasi"])
    ws.append(["1.02.01", "PROGRAM PENUNJANG", "1.000.000.000", "950.000.000"])
    ws.append(["1.02.01.2.01", "Perencanaan", "Rp 400.000.000,00", "390.000.000"])
    ws.append(["1.02.01.2.01.0001", "Penyusunan Dokumen", 400000000, 390000000])
    ws.append(["1.02.01.2.02.0001", "Gaji", "6OO.000.000", "560.000.000"])
    wb.save(tmp_path / "dpa.xlsx")
    pm = petakan(tmp_path / "dpa.xlsx")
    assert [b["tingkat"] for b in pm.baris] == ["Program", "Kegiatan", "Sub Kegiatan"] * 1 + [
        "Sub Kegiatan"
    ]
    assert pm.baris[1]["pagu"] == {"rumus": "jumlah_anak"}  # typed total = its children
    assert pm.masalah[0] == "Sheet!C5: bukan angka: '6OO.000.000'"
    # the program's typed total is not the sum of the kegiatan listed: kept, and named
    assert pm.masalah[1].startswith(
        "Sheet: Program 1.02.01: pagu tertulis 1.000.000.000, jumlah rinciannya 400.000.000"
    )
    d = _ekspor(impor(pm.data()), tmp_path)
    assert d["tabel"]["anggaran"][0]["kode"] == "1.02.01"


# -- the commands ---------------------------------------------------------------------------------


def test_perintah_ekspor_impor_ekspor_identik_dan_masukan_utuh(tmp_path: Path):
    import hashlib

    from typer.testing import CliRunner

    from xlkinerja.muka.cli import app

    sumber = CONTOH[0]
    sidik = hashlib.sha256(sumber.read_bytes()).hexdigest()
    r = CliRunner()
    j1, x, j2 = tmp_path / "a.json", tmp_path / "a.xlsm", tmp_path / "b.json"
    assert r.invoke(app, ["ekspor", str(sumber), "-o", str(j1)]).exit_code == 0
    assert r.invoke(app, ["impor", str(j1), "-o", str(x)]).exit_code == 0
    assert r.invoke(app, ["ekspor", str(x), "-o", str(j2)]).exit_code == 0
    assert j1.read_bytes() == j2.read_bytes()
    assert hashlib.sha256(sumber.read_bytes()).hexdigest() == sidik
    # an existing output is kept unless --timpa
    hasil = r.invoke(app, ["impor", str(j1), "-o", str(x)])
    assert hasil.exit_code == 2 and "--timpa" in hasil.output


def test_perintah_impor_data_tidak_sah_menyebut_jalur_dan_tidak_menulis(tmp_path: Path):
    from typer.testing import CliRunner

    from xlkinerja.muka.cli import app

    j = tmp_path / "x.json"
    j.write_text('{"format": "xlkinerja-data", "versi": 1, "tabel": {"anggaran": [{"pagu": []}]}}')
    hasil = CliRunner().invoke(app, ["impor", str(j), "-o", str(tmp_path / "x.xlsm")])
    assert hasil.exit_code == 2
    assert "$.tabel.anggaran[0].pagu: [] bukan nilai sel" in hasil.output
    assert not (tmp_path / "x.xlsm").exists()


def test_anggaran_gaya_pengguna_dengan_judul_gabungan_menjadi_pohon_yang_benar(tmp_path: Path):
    """Columns in another order, "Rp 1.234.567,00" texts, a two-row merged header, a JUMLAH
    row: the tree comes out with parents summing their children."""
    from openpyxl import Workbook

    import xlkinerja as xk
    from xlkinerja.tukar.petakan import petakan

    wb = Workbook()
    ws = wb.active
    ws.title = "Realisasi"
    ws["A1"] = "LAPORAN REALISASI ANGGARAN"
    ws.merge_cells("A1:E1")
    for sel, teks, gabung in (
        ("A3", "Uraian", "A3:A4"),
        ("B3", "Kode Rekening", "B3:B4"),
        ("C3", "Anggaran (Rp)", "C3:D3"),
        ("E3", "%", "E3:E4"),
    ):
        ws[sel] = teks
        ws.merge_cells(gabung)
    ws["C4"], ws["D4"] = "Realisasi", "Pagu"
    baris = [
        ("PROGRAM PENUNJANG", "1.02.01", "Rp 950.000.000,00", "Rp 1.000.000.000,00"),
        ("Perencanaan", "1.02.01.2.01", "Rp 390.000.000,00", "Rp 400.000.000,00"),
        ("Penyusunan Dokumen", "1.02.01.2.01.0001", "Rp 390.000.000,00", "Rp 400.000.000,00"),
        ("Administrasi Keuangan", "1.02.01.2.02", "Rp 560.000.000,00", "Rp 600.000.000,00"),
        ("Gaji", "1.02.01.2.02.0001", "Rp 300.000.000,00", "Rp 350.000.000,00"),
        ("Honor", "1.02.01.2.02.0002", "Rp 260.000.000,00", "Rp 250.000.000,00"),
        ("JUMLAH", None, "Rp 950.000.000,00", "Rp 1.000.000.000,00"),
    ]
    for r in baris:
        ws.append(r)
    wb.save(tmp_path / "lra.xlsx")
    pm = petakan(tmp_path / "lra.xlsx")
    assert pm.kolom["pagu"] == ("D", "Pagu") and pm.kolom["realisasi"] == ("C", "Realisasi")
    assert [b["tingkat"] for b in pm.baris] == ["Program", "Kegiatan", "Sub Kegiatan"] + [
        "Kegiatan",
        "Sub Kegiatan",
        "Sub Kegiatan",
    ]
    assert pm.masalah == ["Realisasi!A11: baris jumlah “JUMLAH” dilewati"]
    tujuan = tmp_path / "lkjip.xlsm"
    tujuan.write_bytes(impor(pm.data()))
    ang = xk.buka(tujuan)["anggaran"].set_index("kode")
    assert ang.loc["1.02.01", "pagu"] == 1_000_000_000
    assert ang.loc["1.02.01.2.02", "realisasi"] == 560_000_000
    assert ang.loc["1.02.01", "serapan"] == 95
