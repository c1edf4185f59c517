"""`xlkinerja rekap`: one row per workbook from the workbook's own methodology, a chart, the
findings, bad files as rows, inputs untouched."""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.inti.metode import muat
from xlkinerja.keluaran.rekap import KOLOM_REKAP, KOLOM_TEMUAN, rekap
from xlkinerja.muka.cli import app, periksa_berkas
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import baca, rujukan
from xlkinerja.templat.bangun import bangun_workbook, simpan_xlsm
from xlkinerja.templat.contoh import bangun_contoh
from xlkinerja.templat.isi import isi_workbook
from xlkinerja.templat.sampel import instansi_sampel

KOL = {k: i for i, (k, *_) in enumerate(KOLOM_REKAP)}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Three workbooks (a filled sample under another preset, Jember as published with its
    errors, Pasaman Barat corrected), a text file named .xlsx and a foreign Excel file."""
    d = tmp_path_factory.mktemp("rekap")
    inst = instansi_sampel(benih=7)
    inst.nama = "Dinas Sampel Rekap"
    m = muat("permenpanrb_88_2021")
    wb = bangun_workbook(m)
    isi_workbook(wb, inst, m)
    (d / "a_sampel.xlsm").write_bytes(simpan_xlsm(wb))
    (d / "b_jember.xlsm").write_bytes(simpan_xlsm(bangun_contoh("jember_2023", False)))
    sub = d / "sub"
    sub.mkdir()
    (sub / "c_pasaman.xlsm").write_bytes(simpan_xlsm(bangun_contoh("pasaman_barat_2022", True)))
    (d / "rusak.xlsx").write_text("ini bukan buku kerja", encoding="utf-8")
    lain = openpyxl.Workbook()
    lain.active["A1"] = "daftar hadir"
    lain.save(d / "lain.xlsx")
    return d


def _sidik(d: Path) -> dict[str, str]:
    return {
        str(p.relative_to(d)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(d.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def hasil_cli(folder: Path, tmp_path_factory):
    """Run the command once over the folder (all cores); keep the input fingerprints."""
    sebelum = _sidik(folder)
    out = tmp_path_factory.mktemp("keluaran") / "rekap.xlsx"
    res = CliRunner().invoke(app, ["rekap", str(folder), "-o", str(out)])
    return res, out, sebelum


def _baris(out: Path) -> dict[str, dict]:
    ws = openpyxl.load_workbook(out)["Rekap"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    return {r[KOL["file"]]: {k: r[i] for k, i in KOL.items()} for r in rows if r[0]}


def _rujukan(path: Path) -> dict:
    """What the rekap row must say, straight from `baca` + `rujukan`."""
    b = baca(BukuBerkas(path))
    ruj = rujukan(b)
    t, r = S.PENGUKURAN_MISI, b.tata.keseluruhan
    ang, rt = S.ANGGARAN, b.tata.total
    ind = [r2 for r2, _ in b.isi("pengukuran")]
    kol = S.PENGUKURAN.huruf("predikat")
    pred = Counter(str(ruj[("Pengukuran", f"{kol}{r2}")]).split(":")[0] for r2 in ind)
    return {
        "indikator": len(ind),
        "capaian": ruj[(t.lembar, f"{t.huruf('capaian')}{r}")],
        "predikat": ruj[(t.lembar, f"{t.huruf('predikat')}{r}")],
        "pagu": ruj[(ang.lembar, f"{ang.huruf('pagu')}{rt}")],
        "realisasi": ruj[(ang.lembar, f"{ang.huruf('realisasi')}{rt}")],
        "serapan": ruj[(ang.lembar, f"{ang.huruf('serapan')}{rt}")],
        "sebaran": pred,
        "metode": b.metode,
    }


def test_rekap_satu_baris_per_buku_dengan_angka_rujukan_python(folder, hasil_cli):
    res, out, _ = hasil_cli
    assert res.exit_code == 2, res.output  # two inputs could not be read
    rows = _baris(out)
    assert set(rows) == {
        "a_sampel.xlsm",
        "b_jember.xlsm",
        "c_pasaman.xlsm",
        "rusak.xlsx",
        "lain.xlsx",
    }
    for nama, path in (
        ("a_sampel.xlsm", folder / "a_sampel.xlsm"),
        ("b_jember.xlsm", folder / "b_jember.xlsm"),
        ("c_pasaman.xlsm", folder / "sub" / "c_pasaman.xlsm"),
    ):
        row, harus = rows[nama], _rujukan(path)
        assert row["status"] in ("bersih", "ada temuan")
        if nama == "b_jember.xlsm":  # the published report's errors
            assert row["status"] == "ada temuan"
        for k in ("indikator", "capaian", "predikat", "pagu", "realisasi", "serapan"):
            assert (
                row[k] == pytest.approx(harus[k])
                if isinstance(harus[k], float)
                else (row[k] == harus[k])
            ), (nama, k, row[k], harus[k])
        tally = dict(re.findall(r"([^;]+?) (\d+)(?:;|$)", row["sebaran_predikat"]))
        assert {k.strip(): int(v) for k, v in tally.items()} == dict(harus["sebaran"])
        assert sum(int(v) for v in tally.values()) == row["indikator"]
        m = harus["metode"]
        assert row["metode"] == m.kode
        ef = m.aturan["efisiensi"].hitung(
            C=harus["capaian"],
            S=harus["serapan"],
            PG=harus["pagu"],
            RL=harus["realisasi"],
            CF=harus["capaian"] / 100,
        )
        assert ef.ok
        assert ef.nilai in (row["efisiensi"], row["kategori_efisiensi"])
        temuan = Counter(x.tingkat for x in periksa_berkas(path))
        for tingkat in ("galat", "peringatan", "info"):
            assert row[tingkat] == temuan.get(tingkat, 0)
    assert rows["b_jember.xlsm"]["galat"] > 0  # the published report's errors are counted
    assert rows["a_sampel.xlsm"]["instansi"] == "Dinas Sampel Rekap"


def test_rekap_sampel_sama_dengan_model_domain(folder, hasil_cli):
    """The sample workbook's row against the domain model it was filled from."""
    _, out, _ = hasil_cli
    row = _baris(out)["a_sampel.xlsm"]
    inst, m = instansi_sampel(benih=7), muat("permenpanrb_88_2021")
    assert row["capaian"] == pytest.approx(inst.capaian(m).angka)
    assert row["pagu"] == pytest.approx(sum(p.pagu_anak() for p in inst.program))
    assert row["realisasi"] == pytest.approx(sum(p.realisasi_anak() for p in inst.program))
    assert row["indikator"] == len(inst.semua_indikator())
    assert row["tahun"] == inst.tahun


def test_berkas_rusak_menjadi_baris_tidak_terbaca_dan_masukan_tidak_berubah(folder, hasil_cli):
    res, out, sebelum = hasil_cli
    rows = _baris(out)
    assert rows["rusak.xlsx"]["status"].startswith("tidak terbaca: rusak.xlsx")
    assert "lembar" in rows["lain.xlsx"]["status"]  # says which sheet is missing
    assert "tidak terbaca" in res.output
    assert _sidik(folder) == sebelum


def test_rekap_xlsx_punya_grafik_format_dan_lembar_temuan(folder, hasil_cli):
    _, out, _ = hasil_cli
    wb = openpyxl.load_workbook(out)
    ws = wb["Rekap"]
    assert [c.value for c in ws[1]] == [j for _, j, _, _ in KOLOM_REKAP]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(KOLOM_REKAP)).column_letter}6"
    pagu = ws.cell(2, KOL["pagu"] + 1)
    assert pagu.number_format == S.F_RUPIAH and isinstance(pagu.value, (int, float))
    assert ws.cell(2, KOL["serapan"] + 1).number_format == S.F_PERSEN
    # readable workbooks first, then the unreadable ones
    status = [ws.cell(r, KOL["status"] + 1).value for r in range(2, 7)]
    assert all(s in ("bersih", "ada temuan") for s in status[:3])
    assert all(s.startswith("tidak") for s in status[3:])
    # the chart: capaian and serapan over the three readable rows, instansi as categories
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as z:
        chart = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(chart) == 1
        xml = z.read(chart[0]).decode()
    huruf = {k: ws.cell(1, KOL[k] + 1).column_letter for k in ("capaian", "serapan", "instansi")}
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    bar = ET.fromstring(xml).find(f"{c}chart/{c}plotArea/{c}barChart")
    assert bar is not None and bar.find(f"{c}barDir").get("val") == "bar"
    seri = bar.findall(f"{c}ser")
    assert [x.find(f"{c}val/{c}numRef/{c}f").text for x in seri] == [
        f"'Rekap'!${huruf[k]}$2:${huruf[k]}$4" for k in ("capaian", "serapan")
    ]
    kategori = {x.find(f"{c}cat//{c}f").text for x in seri}
    assert kategori == {f"'Rekap'!${huruf['instansi']}$2:${huruf['instansi']}$4"}
    # every finding on the second sheet
    wt = wb["Temuan"]
    assert [c.value for c in wt[1]] == [j for _, j, _ in KOLOM_TEMUAN]
    semua = [
        x for p in (folder / "a_sampel.xlsm", folder / "b_jember.xlsm") for x in periksa_berkas(p)
    ]
    kode = [r[1] for r in wt.iter_rows(min_row=2, values_only=True) if r[0] == "b_jember.xlsm"]
    assert kode == [x.kode for x in semua if x.file.endswith("b_jember.xlsm")]
    assert wt.max_row - 1 == sum(
        len(periksa_berkas(p))
        for p in (
            folder / "a_sampel.xlsm",
            folder / "b_jember.xlsm",
            folder / "sub" / "c_pasaman.xlsm",
            folder / "rusak.xlsx",
            folder / "lain.xlsx",
        )
    )


def test_rekap_tanpa_proses_paralel_memberi_baris_yang_sama(folder, hasil_cli):
    _, out, _ = hasil_cli
    rows, _ = rekap(sorted(folder.rglob("*.xls*")), proses=1)
    tertulis = _baris(out)
    for r in rows:
        for k in ("capaian", "pagu", "serapan", "galat"):
            assert r.get(k) == tertulis[r["file"]][k]


def test_rekap_tidak_menimpa_buku_kerja_lain(folder, hasil_cli, tmp_path):
    _, out, _ = hasil_cli
    path = folder / "lain.xlsx"
    data = path.read_bytes()
    res = CliRunner().invoke(app, ["rekap", str(folder), "-o", str(path)])
    assert res.exit_code == 2 and "bukan rekap xlkinerja" in res.output
    assert path.read_bytes() == data
    # a rekap written earlier is replaced only with --timpa (kept as .bak), never read as input
    ulang = tmp_path / "rekap.xlsx"
    ulang.write_bytes(out.read_bytes())
    argv = ["rekap", str(folder / "a_sampel.xlsm"), str(tmp_path), "-o", str(ulang)]
    res = CliRunner().invoke(app, argv)
    assert res.exit_code == 2 and "--timpa" in res.output
    assert ulang.read_bytes() == out.read_bytes()
    res = CliRunner().invoke(app, [*argv, "--timpa"])
    assert res.exit_code == 0, res.output
    assert list(_baris(ulang)) == ["a_sampel.xlsm"]
    assert (tmp_path / "rekap.xlsx.bak").read_bytes() == out.read_bytes()
