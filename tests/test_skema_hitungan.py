"""A formula column is one declaration: the template's formula, the Python reference, the
Hitung action, Periksa and the audit all follow it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.inti.metode import muat
from xlkinerja.inti.rumus import IF, Sel
from xlkinerja.muka.cli import app
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import baca, rujukan
from xlkinerja.templat.bangun import bangun_workbook, rumus_kolom, simpan_xlsm
from xlkinerja.templat.hitungan import pakai
from xlkinerja.templat.isi import isi_workbook
from xlkinerja.templat.sampel import instansi_sampel

# The example: PK gains "Target yang Berlaku" (the amended target when there is one). This one
# declaration is the whole change.
TARGET_BERLAKU = S.R(
    "target_berlaku",
    "Target yang Berlaku",
    pakai(IF(Sel("P").sama(""), Sel("T"), Sel("P")), P="target_perubahan", T="target"),
    12,
    format=S.F_ANGKA,
)


@pytest.fixture
def pk_baru(monkeypatch) -> S.Tabel:
    pk = replace(S.PK, kolom=(*S.PK.kolom, TARGET_BERLAKU))
    monkeypatch.setattr(S, "PK", pk)
    monkeypatch.setitem(S.TABEL, "pk", pk)
    return pk


def _jalankan(*args: str) -> None:
    hasil = CliRunner().invoke(app, list(args))
    assert hasil.exit_code in (0, 1), hasil.output


def test_kolom_rumus_baru_cukup_satu_deklarasi(pk_baru: S.Tabel, tmp_path: Path):
    m = muat("jember_2023")
    wb = bangun_workbook(m)
    isi_workbook(wb, instansi_sampel(), m)
    r, c = pk_baru.baris_awal, pk_baru.huruf("target_berlaku")
    t, p, kunci = (pk_baru.huruf(k) for k in ("target", "target_perubahan", "indikator"))

    # the template's formula
    rumus = f'=IF(${kunci}{r}="","",IF({p}{r}="",{t}{r},{p}{r}))'
    assert wb["PK"][f"{c}{r}"].value == rumus == rumus_kolom(m, "pk", "target_berlaku", r)
    wb["PK"][f"{p}{r + 2}"] = 77  # an amended target
    wb["PK"][f"{c}{r + 1}"] = 12345  # a number typed over the formula
    path = tmp_path / "pk.xlsm"
    path.write_bytes(simpan_xlsm(wb))

    # the Python reference
    b = baca(BukuBerkas(path))
    ruj = rujukan(b)
    baris = dict(b.baris["pk"])
    assert ruj[("PK", f"{c}{r}")] == baris[r]["target"]
    assert ruj[("PK", f"{c}{r + 2}")] == 77
    assert ruj[("PK", f"{c}{r + 1}")] == baris[r + 1]["target"] != 12345

    # Periksa and the audit find the typed number at its cell
    _jalankan("periksa", str(path), "-f", "json", "-o", str(tmp_path / "p.json"), "-j", "1")
    _jalankan("audit", str(path), "-f", "json", "-o", str(tmp_path / "a.json"))
    periksa = json.loads((tmp_path / "p.json").read_text("utf-8"))["temuan"]
    audit = json.loads((tmp_path / "a.json").read_text("utf-8"))["temuan"]
    di_kolom = {(x["kode"], x["sel"]) for x in periksa if str(x["sel"]).startswith(c)}
    assert di_kolom == {("HIT01", f"{c}{r + 1}")}
    assert any(x["kode"] == "AUD01" and str(x["sel"]).startswith(f"{c}{r + 1}") for x in audit)

    # Hitung puts the formula back
    _jalankan("hitung", str(path))
    buku = BukuBerkas(tmp_path / "pk_dihitung.xlsm")
    assert buku.nilai("PK", f"{c}{r + 1}")[0][0] == baris[r + 1]["target"]


CONTOH = Path(__file__).resolve().parents[1] / "workbooks" / "contoh"


def _hitung_contoh(tmp_path: Path, ubah) -> tuple[openpyxl.Workbook, object]:
    """jember_2023_dikoreksi edited as a user would, through Hitung Capaian; the written copy
    read back as values (the cached values Hitung stores)."""
    from xlkinerja.muka.aksi import hitung_capaian

    wb = openpyxl.load_workbook(CONTOH / "jember_2023_dikoreksi.xlsm", keep_vba=True)
    ubah(wb)
    wb.save(tmp_path / "ubah.xlsm")
    buku = BukuBerkas(tmp_path / "ubah.xlsm")
    rencana = hitung_capaian(buku)
    buku.terapkan(rencana)
    out = buku.simpan(tmp_path / "dihitung.xlsm")
    return openpyxl.load_workbook(out, data_only=True), rencana


def test_capaian_tahun_lalu_dihitung_dari_target_renstra_dan_realisasi_tahun_lalu(tmp_path):
    """Issue 15, case 10: a wrong figure typed over Capaian Tahun Lalu is replaced by the
    capaian rule over last year's Renstra target and Realisasi Tahun Lalu (2.1: 86,67 / 86 =
    100,77, the research's figure); where last year's target is missing, the value typed in
    'Capaian Tahun Lalu (isian …)' is kept."""
    P, r11, r21 = S.PENGUKURAN, S.PENGUKURAN.baris_awal, S.PENGUKURAN.baris_awal + 2
    lalu, isian = P.huruf("capaian_lalu"), P.huruf("capaian_lalu_isian")

    def ubah(wb):
        wb["Pengukuran"][f"{lalu}{r21}"] = 55  # typed over the formula
        wb["Renstra"][f"{S.RENSTRA.huruf('target_2')}{S.RENSTRA.baris_awal}"] = None  # 1.1, 2022
        wb["Pengukuran"][f"{isian}{r11}"] = 97.5

    nilai, rencana = _hitung_contoh(tmp_path, ubah)
    ws = nilai["Pengukuran"]
    assert ws[f"{lalu}{r21}"].value == 100.77
    assert ws[f"{P.huruf('target_lalu')}{r21}"].value == 86
    assert ws[f"{lalu}{r11}"].value == 97.5
    assert any(t.sel == f"{lalu}{r21}" for t in rencana.tanda)  # the typed 55 is marked
    assert "sesuai perhitungan Python" not in rencana.pesan[-1]


def test_jumlah_indikator_dalam_rata_rata_sesuai_yang_dirata_rata(tmp_path):
    """Issue 15, case 7: a sasaran with 2 indicators, one without realisasi, averages 1; the
    sasaran table says so next to 'Jumlah Indikator'."""
    P, T = S.PENGUKURAN, S.PENGUKURAN_SASARAN

    def ubah(wb):
        wb["Pengukuran"][f"{P.huruf('realisasi')}{P.baris_awal + 1}"] = None  # 1.2

    nilai, _ = _hitung_contoh(tmp_path, ubah)
    ws, r = nilai["Pengukuran"], T.baris_awal
    assert ws[f"{T.huruf('jumlah')}{r}"].value == 2
    assert ws[f"{T.huruf('jumlah_dirata')}{r}"].value == 1
    assert (
        ws[f"{T.huruf('capaian')}{r}"].value == ws[f"{P.huruf('capaian_rata')}{P.baris_awal}"].value
    )
    assert ws[f"{T.huruf('jumlah_dirata')}{r + 1}"].value == ws[f"{T.huruf('jumlah')}{r + 1}"].value
