"""Outputs that never destroy and never attack (issue 21): one test per case, the input's sha256
unchanged; injected text never a formula in rekap.xlsx and periksa -f xlsx; templates under a
budget; every file listed with its status in machine-readable reports."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests import korpus as K
from xlkinerja.keluaran.narasi import MAKS_DETIK, render
from xlkinerja.keluaran.netral import isi_sel, jenis_keluaran, netral_csv
from xlkinerja.muka.cli import app


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _cli(*argv: str) -> tuple[int, str]:
    r = CliRunner().invoke(app, list(argv))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "Traceback" not in r.output and "tidak terduga" not in r.output, r.output
    return r.exit_code, r.output


@pytest.fixture(scope="module")
def baik(tmp_path_factory) -> bytes:
    return K.dasar()


@pytest.fixture
def lap(tmp_path: Path, baik: bytes) -> Path:
    f = tmp_path / "lap.xlsm"
    f.write_bytes(baik)
    return f


def test_keluaran_yang_menunjuk_masukan_ditolak_dan_masukan_tetap(lap: Path):
    sha = _sha(lap)
    for argv in (
        ["periksa", str(lap), "-j", "1", "-o", str(lap)],
        ["periksa", str(lap), "-j", "1", "-f", "xlsx", "-o", str(lap), "--timpa"],
        ["audit", str(lap), "-o", str(lap)],
        ["audit", str(lap), "-f", "xlsx", "-o", str(lap), "--timpa"],
    ):
        kode, out = _cli(*argv)
        assert kode == 2 and "sama dengan berkas masukan" in out, (argv, out)
        assert _sha(lap) == sha
    tautan = lap.with_name("tautan.xlsm")  # the same file under another name
    tautan.hardlink_to(lap)
    kode, out = _cli("periksa", str(lap), "-j", "1", "-f", "json", "-o", str(tautan), "--timpa")
    assert kode == 2 and _sha(lap) == sha


def test_nama_kembar_di_subfolder_menjadi_dua_hasil_dan_ringkasan_menyebutnya(
    tmp_path: Path, baik: bytes
):
    for sub in ("a", "b"):
        (tmp_path / "d" / sub).mkdir(parents=True)
        (tmp_path / "d" / sub / "lap.xlsm").write_bytes(baik)
    sha = {p: _sha(p) for p in (tmp_path / "d").rglob("*.xlsm")}
    kode, out = _cli("hitung", str(tmp_path / "d"), "-o", str(tmp_path / "out"))
    assert kode == 0, out
    hasil = sorted((tmp_path / "out").rglob("*.xlsm"))
    assert [p.relative_to(tmp_path / "out").as_posix() for p in hasil] == [
        "a/lap_dihitung.xlsm",
        "b/lap_dihitung.xlsm",
    ]
    assert "subfolder" in out
    assert {p: _sha(p) for p in (tmp_path / "d").rglob("*.xlsm")} == sha


def test_keluaran_ada_ditolak_tanpa_timpa_lalu_dicadangkan_dengan_timpa(lap: Path):
    sha = _sha(lap)
    docx = lap.with_name("LKjIP.docx")
    docx.write_bytes(b"dokumen yang sudah disunting")
    kode, out = _cli("laporan", str(lap), "-o", str(docx))
    assert kode == 2 and "--timpa" in out and "LKjIP.docx" in out
    assert docx.read_bytes() == b"dokumen yang sudah disunting"
    kode, out = _cli("laporan", str(lap), "-o", str(docx), "--timpa")
    assert kode == 0, out
    assert docx.read_bytes()[:2] == b"PK"
    assert docx.with_name("LKjIP.docx.bak").read_bytes() == b"dokumen yang sudah disunting"
    kode, _ = _cli("laporan", str(lap), "-o", str(docx), "--timpa")  # a backup is never lost
    assert kode == 0 and len(list(lap.parent.glob("LKjIP.docx*.bak"))) == 2
    assert _sha(lap) == sha


def test_hasil_xlkinerja_di_folder_dilewati_kecuali_disebut_langsung(tmp_path: Path, baik: bytes):
    d = tmp_path / "d"
    d.mkdir()
    for n in ("a", "b", "c"):
        (d / f"{n}.xlsm").write_bytes(baik)
    assert _cli("hitung", str(d))[0] == 0
    kode, out = _cli("hitung", str(d), "--timpa")  # run twice: no x_dihitung_dihitung
    assert kode == 0 and "dilewati" in out
    assert not list(d.glob("*_dihitung_dihitung*"))
    sha = {p: _sha(p) for p in d.iterdir()}
    kode, out = _cli("rekap", str(d), "-o", str(d / "rekap.xlsx"), "-j", "1")
    assert kode == 0, out
    assert jenis_keluaran(d / "rekap.xlsx") == "rekap"
    ws = openpyxl.load_workbook(d / "rekap.xlsx", read_only=True)["Rekap"]
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]] == [
        "a.xlsm",
        "b.xlsm",
        "c.xlsm",
    ]  # 3 agencies, 3 rows
    kode, out = _cli("periksa", str(d / "a_dihitung.xlsm"), "-j", "1", "-f", "json")
    assert kode in (0, 1) and json.loads(out)["berkas"][0]["file"].endswith("a_dihitung.xlsm")
    assert {p: _sha(p) for p in d.iterdir() if p.name != "rekap.xlsx"} == sha


@pytest.fixture(scope="module")
def injeksi(tmp_path_factory) -> Path:
    f = tmp_path_factory.mktemp("injeksi") / "injeksi.xlsm"
    f.write_bytes(K._ubah(K._injeksi)())
    return f


def test_rekap_dan_periksa_xlsx_dari_teks_injeksi_tanpa_rumus(injeksi: Path, tmp_path: Path):
    sha = _sha(injeksi)
    rekap = tmp_path / "rekap.xlsx"
    assert _cli("rekap", str(injeksi), "-o", str(rekap), "-j", "1")[0] == 0
    temuan = tmp_path / "temuan.xlsx"
    assert _cli("periksa", str(injeksi), "-j", "1", "-f", "xlsx", "-o", str(temuan))[0] == 1
    for f in (rekap, temuan):
        assert K.rumus_di(f.read_bytes()) == [], f.name
    ws = openpyxl.load_workbook(rekap)["Rekap"]
    assert ws["B2"].value == K.INJEKSI["instansi"] and ws["B2"].data_type == "s"
    assert ws["B2"].quotePrefix  # Excel keeps it text even when the cell is edited
    teks = [c.value for r in openpyxl.load_workbook(temuan)["Temuan"].iter_rows() for c in r]
    assert K.INJEKSI["target"] in teks
    assert _sha(injeksi) == sha


def test_csv_memberi_awalan_kutip_dan_angka_negatif_tetap_angka(injeksi: Path, tmp_path: Path):
    kode, out = _cli("periksa", str(injeksi), "-j", "1", "-f", "csv")
    assert kode == 1
    isi = [v for baris in csv.reader(io.StringIO(out)) for v in baris]
    assert "'" + K.INJEKSI["target"] in isi and K.INJEKSI["target"] not in isi
    assert netral_csv(-5) == -5 and netral_csv("-5") == "'-5" and netral_csv("biasa") == "biasa"
    ws = openpyxl.Workbook().active
    assert isi_sel(ws, 1, 1, -5).data_type == "n" and ws["A1"].value == -5
    assert isi_sel(ws, 2, 1, "=1+1").data_type == "s"


def test_json_dan_xlsx_mencantumkan_setiap_berkas_dengan_status(tmp_path: Path, baik: bytes):
    d = tmp_path / "d"
    d.mkdir()
    (d / "baik.xlsm").write_bytes(baik)
    (d / "rusak.xlsx").write_bytes(b"bukan zip")
    kode, out = _cli("audit", str(d), "-f", "json")
    assert kode == 2
    status = {Path(b["file"]).name: b["status"] for b in json.loads(out)["berkas"]}
    assert status == {"baik.xlsm": "bersih", "rusak.xlsx": "tidak terbaca"}
    tujuan = tmp_path / "audit.xlsx"
    assert _cli("audit", str(d), "-f", "xlsx", "-o", str(tujuan))[0] == 2
    ws = openpyxl.load_workbook(tujuan)["Ringkasan"]
    assert [r[-1] for r in ws.iter_rows(min_row=2, values_only=True)] == [
        "bersih",
        "tidak terbaca",
    ]
    assert jenis_keluaran(tujuan) == "audit"


@pytest.mark.parametrize(
    ("templat", "pesan"),
    [
        (K.TEMPLAT_BERPUTAR, "range lebih dari"),
        (
            "{% for a in range(10000) %}{{ range(10000)|list|sort|sum }}{% endfor %}",
            f"berjalan lebih dari {MAKS_DETIK:g} detik",
        ),
        ("{% for a in range(9999) %}{% for b in range(9999) %}{% endfor %}{% endfor %}", "kali"),
        ("{% for a in range(10000) %}{{ 'x' * 10000 }}{% endfor %}", "keluaran lebih dari"),
        ("{% set s = 'xx' %}" + "{% set s = s ~ s %}" * 40, "karakter/butir"),
        ('{{ "%0999999999d"|format(1) }}', "lebar format"),
        (K.TEMPLAT_REKURSIF, "panggilan bersarang"),
        ('{% include "ikhtisar" %}', "menyertakan dirinya sendiri"),
        ('{% set k = "ikh" ~ "tisar" %}{% include k %}', "rekursi"),
    ],
)
def test_templat_berbahaya_dihentikan_dalam_anggaran_dengan_sel(templat: str, pesan: str):
    mulai = time.monotonic()
    teks, galat = render("ikhtisar", templat, {}, "B6")
    assert time.monotonic() - mulai < MAKS_DETIK + 2
    assert teks is None and galat is not None
    assert pesan in str(galat) and "lembar Narasi sel B6" in str(galat)
    assert "Teks sebelumnya dibiarkan" in str(galat)


def test_templat_rekursif_dari_laporan_menyebut_berkas_dan_sel(tmp_path: Path):
    f = tmp_path / "rekursif.xlsm"
    f.write_bytes(
        K._ubah(K._narasi({"ikhtisar": K.TEMPLAT_REKURSIF, "anggaran": K.TEMPLAT_SENDIRI}))()
    )
    sha = _sha(f)
    kode, out = _cli("laporan", str(f), "-o", str(tmp_path / "L.docx"))
    assert kode == 0
    assert "rekursif.xlsm: Templat 'ikhtisar' (lembar Narasi sel B6)" in out
    assert "rekursif.xlsm: Templat 'anggaran' (lembar Narasi sel B7)" in out
    kode, out = _cli("narasi", str(f), "-o", str(tmp_path / "hasil"))
    assert kode == 1
    ws = openpyxl.load_workbook(tmp_path / "hasil" / "rekursif_narasi.xlsm")["Narasi"]
    assert ws["C6"].value == K.TEKS_LAMA and ws["C7"].value == K.TEKS_LAMA
    assert _sha(f) == sha
