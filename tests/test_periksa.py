"""Periksa: each check finds its planted fault at its cell; reports, exit codes and batches; the
published example reports' discrepancies at their cells and none on the corrected twins."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.test_contoh import TEMUAN
from xlkinerja.buku.paket import buat_xlsm, simpan_openpyxl_deterministik
from xlkinerja.cek.katalog import KATALOG
from xlkinerja.cek.periksa import periksa_berkas
from xlkinerja.cek.temuan import Temuan
from xlkinerja.inti.metode import muat
from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import bangun_workbook, simpan_xlsm
from xlkinerja.templat.contoh import bangun_contoh, entri, instansi_contoh, tercatat_contoh
from xlkinerja.templat.isi import isi_workbook
from xlkinerja.templat.sampel import instansi_sampel

P, A, PK, PKP, R, RKT, N = (
    S.PENGUKURAN,
    S.ANGGARAN,
    S.PK,
    S.PK_PROGRAM,
    S.RENSTRA,
    S.RKT,
    S.NARASI,
)
BELANJA = S.BARIS_BELANJA + 1  # Belanja Operasi


def _isi():
    m = muat("jember_2023")  # truncation, cap 100 everywhere, AA–D
    wb = bangun_workbook(m)
    isi_workbook(wb, instansi_sampel(), m)
    return wb, m


def _tanam(wb, m) -> None:
    """One fault per check, each in its own cell (sample rows: see xlkinerja.templat.sampel)."""
    ws = wb["Pengukuran"]
    ws[f"{P.huruf('capaian')}11"] = 999  # CAP01
    ws[f"{P.huruf('capaian')}14"] = 48.93  # BUL01: (2×4,19−6,33)/4,19 = 48,926 rounded, not cut
    ws[f"{P.huruf('capaian_tampil')}19"] = 127.65  # MET01: 76,59/60 without the cap
    ws[f"{P.huruf('capaian')}12"] = m.capaian(2.12, 1.88).nilai  # HIT02: typed, right value
    ws[f"{P.huruf('predikat')}6"] = "Sangat Tinggi"  # PRD04: another scale's label
    ws[f"{P.huruf('target')}16"] = 25  # PK03: the PK says 20
    ws[f"{P.huruf('pembilang')}13"], ws[f"{P.huruf('penyebut')}13"] = 30, 40  # RLS01: ≠ 76,72
    ws[f"{P.huruf('capaian_lalu')}17"] = 95  # CAP04: 81,07/89 = 91,08
    ws[f"{P.huruf('indikator')}20"] = "Menurunnya jumlah eks transmigrasi terlantar"  # POL01
    ws[f"{P.huruf('target')}21"] = None  # LEN01
    ws[f"{P.huruf('realisasi')}18"] = None  # LEN02
    ws = wb["Anggaran"]
    ws[f"{A.huruf('serapan')}8"] = round(688975790 / 813097000, 4)  # SAT01: a fraction
    ws[f"{A.huruf('pagu')}6"] = 1  # ANG01: a program row ≠ Σ kegiatan
    ws[f"{A.huruf('pagu')}{BELANJA}"] = 5  # ANG04
    ws[f"{A.huruf('sasaran')}9"] = "9.9"  # LEN04
    ws = wb["PK"]
    ws[f"{PKP.huruf('anggaran')}{PKP.baris_awal + 1}"] = 123  # PK01
    ws[f"{PK.huruf('target')}7"] = 4  # PK02: Renstra 3
    ws[f"{PK.huruf('indikator')}9"] = "Indeks kepuasan publik"  # NAM01
    ws = wb["RKT"]
    ws[f"{RKT.huruf('target')}8"] = 70  # RKT01: Renstra 75
    ws[f"{RKT.huruf('target')}12"] = None  # LEN06
    ws = wb["Renstra"]
    for j, v in ((1, 15), (2, 16), (5, 2)):  # REN01: 15, 16, 17, 17, 2
        ws[f"{R.huruf(f'target_{j}')}20"] = v
    ws = wb["Narasi"]
    for r, (kunci, teks) in enumerate(
        [
            (
                "jumlah_kegiatan",
                "[Bab III] mendanai 5 (lima) program dan 99 (sembilan puluh sembilan) kegiatan",
            ),  # NAR01
            ("terbilang_pagu", "sebesar Rp 1.000,- (seribu lima rupiah)"),  # NAR03, NAR04
            ("rekap_predikat", "AA 16"),  # NAR02
            ("jumlah_asn", "terdiri dari 18 ASN"),  # NAR05 with the next row
            ("jumlah_pegawai", "berjumlah 30 orang dengan rincian 11 Non ASN"),
            ("ikhtisar", "didukung 5 (lima) program, 2 (dua) kegiatan"),  # NAR01 (enumeration)
            ("jumlah_program", "[Bab II] 4 (empat) program"),  # NAR01
        ],
        N.baris_awal,
    ):
        ws[f"{N.huruf('kunci')}{r}"], ws[f"{N.huruf('teks')}{r}"] = kunci, teks


DITANAM = {
    "CAP01": ("Pengukuran", f"{P.huruf('capaian')}11"),
    "BUL01": ("Pengukuran", f"{P.huruf('capaian')}14"),
    "MET01": ("Pengukuran", f"{P.huruf('capaian_tampil')}19"),
    "HIT02": ("Pengukuran", f"{P.huruf('capaian')}12"),
    "PRD04": ("Pengukuran", f"{P.huruf('predikat')}6"),
    "PK03": ("Pengukuran", f"{P.huruf('target')}16"),
    "RLS01": ("Pengukuran", f"{P.huruf('realisasi')}13"),
    "CAP04": ("Pengukuran", f"{P.huruf('capaian_lalu')}17"),
    "POL01": ("Pengukuran", f"{P.huruf('polaritas')}20"),
    "LEN01": ("Pengukuran", f"{P.huruf('target')}21"),
    "LEN02": ("Pengukuran", f"{P.huruf('realisasi')}18"),
    "SAT01": ("Anggaran", f"{A.huruf('serapan')}8"),
    "ANG01": ("Anggaran", f"{A.huruf('pagu')}6"),
    "ANG03": ("Anggaran", f"{A.huruf('pagu')}{S.BARIS_TOTAL}"),
    "ANG04": ("Anggaran", f"{A.huruf('pagu')}{BELANJA}"),
    "LEN04": ("Anggaran", f"{A.huruf('sasaran')}9"),
    "PK01": ("PK", f"{PKP.huruf('anggaran')}{PKP.baris_awal + 1}"),
    "PK02": ("PK", f"{PK.huruf('target')}7"),
    "NAM01": ("PK", f"{PK.huruf('indikator')}9"),
    "RKT01": ("RKT", f"{RKT.huruf('target')}8"),
    "LEN06": ("RKT", f"{RKT.huruf('target')}12"),
    "REN01": ("Renstra", f"{R.huruf('target_5')}20"),
    "NAR01": ("Narasi", f"{N.huruf('teks')}{N.baris_awal}"),
    "NAR03": ("Narasi", f"{N.huruf('teks')}{N.baris_awal + 1}"),
    "NAR04": ("Narasi", f"{N.huruf('teks')}{N.baris_awal + 1}"),
    "NAR02": ("Narasi", f"{N.huruf('teks')}{N.baris_awal + 2}"),
    "NAR05": ("Narasi", f"{N.huruf('teks')}{N.baris_awal + 3}"),
}


@pytest.fixture(scope="module")
def berkas(tmp_path_factory) -> dict[str, Path]:
    """A clean filled template and one with every fault planted, both with cached values."""
    tmp = tmp_path_factory.mktemp("periksa")
    out = {}
    for nama, tanam in (("bersih", False), ("rusak", True)):
        wb, m = _isi()
        if tanam:
            _tanam(wb, m)
        out[nama] = tmp / f"{nama}.xlsm"
        out[nama].write_bytes(simpan_xlsm(wb))
    return out


@pytest.fixture(scope="module")
def temuan(berkas) -> list[Temuan]:
    return periksa_berkas(berkas["rusak"])


def test_templat_terisi_yang_benar_tanpa_temuan(berkas):
    assert periksa_berkas(berkas["bersih"]) == []


def test_pesan_periksa_menyebut_sel_rincian_tercatat_dan_seharusnya():
    from xlkinerja.cek.periksa import Catatan

    out = Catatan()
    out.catat("PK01", "PK", "C71", 123, 456, "program 2.07.02")
    pesan = out[0].pesan
    assert (
        pesan.startswith("PK!C71: anggaran program di PK")
        and "(program 2.07.02): tercatat 123, seharusnya 456." in pesan
        and pesan.endswith(KATALOG["PK01"].saran)
    )


@pytest.mark.parametrize("kode", sorted(DITANAM))
def test_setiap_pemeriksaan_menemukan_kesalahan_tertanam_di_selnya(temuan, kode):
    lembar, sel = DITANAM[kode]
    ada = [x for x in temuan if (x.kode, x.lembar, x.sel) == (kode, lembar, sel)]
    assert ada, [(x.kode, x.lembar, x.sel) for x in temuan]
    x = ada[0]
    assert x.tingkat == KATALOG[kode].tingkat
    assert x.pesan.startswith(f"{lembar}!{sel}: ")


def test_pembulatan_lain_dan_batas_disebut_dalam_pesan(temuan):
    pesan = {x.kode: x.pesan for x in temuan if (x.lembar, x.sel) in DITANAM.values()}
    assert "cocok bila dibulatkan" in pesan["BUL01"]
    assert "tanpa batas 100" in pesan["MET01"]
    assert "seribu lima rupiah" in pesan["NAR03"]


def test_skala_bercelah_menjadi_satu_temuan_galat(tmp_path):
    wb, _ = _isi()
    wb["Skala"][f"{S.SKALA.huruf('bawah')}{S.SKALA.baris_awal}"] = 95  # AA from 95: a gap 90–95
    path = tmp_path / "skala.xlsm"
    path.write_bytes(buat_xlsm(simpan_openpyxl_deterministik(wb)))
    (x,) = periksa_berkas(path)
    assert (x.kode, x.tingkat, x.lembar) == ("SKL01", "galat", "Skala")
    assert "celah" in x.pesan


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xlkinerja", "periksa", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def folder(berkas, tmp_path_factory) -> Path:
    f = tmp_path_factory.mktemp("kumpulan")
    (f / "sub").mkdir()
    (f / "sub" / "rusak.xlsm").write_bytes(berkas["rusak"].read_bytes())
    (f / "bersih.xlsm").write_bytes(berkas["bersih"].read_bytes())
    (f / "bukan_excel.xlsx").write_text("bukan excel")
    wb = openpyxl.Workbook()
    wb.save(f / "asing.xlsx")
    return f


def test_folder_rekursif_json_berkas_rusak_jadi_satu_temuan_dan_input_tak_berubah(folder):
    sebelum = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    p = _cli(str(folder), "-f", "json", "--jobs", "2")
    assert p.returncode == 2, p.stderr
    laporan = json.loads(p.stdout)
    hasil = laporan["temuan"]
    status = {Path(b["file"]).name: b["status"] for b in laporan["berkas"]}
    assert status["bersih.xlsm"] == "bersih" and status["asing.xlsx"] == "tidak terbaca"
    per = {}
    for x in hasil:
        assert set(x) == {
            "file",
            "kode",
            "tingkat",
            "lembar",
            "sel",
            "pesan",
            "tercatat",
            "seharusnya",
        }
        per.setdefault(Path(x["file"]).name, []).append(x)
    assert [x["kode"] for x in per["bukan_excel.xlsx"]] == ["BACA01"]
    assert [x["kode"] for x in per["asing.xlsx"]] == ["BACA01"]
    assert "bersih.xlsm" not in per and len(per["rusak.xlsm"]) >= len(DITANAM)
    # the same findings with one process
    assert json.loads(_cli(str(folder), "-f", "json", "-j", "1").stdout) == laporan
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == sebelum


def test_kode_keluar_0_1_2_64_dan_exit_zero(berkas, folder):
    assert _cli(str(berkas["bersih"])).returncode == 0
    p = _cli(str(berkas["rusak"]))
    assert p.returncode == 1 and "galat" in p.stdout and "PK01" in p.stdout
    assert _cli(str(berkas["rusak"]), "--exit-zero").returncode == 0
    assert _cli(str(folder), "--exit-zero").returncode == 2  # a file could not be read
    assert _cli(str(berkas["rusak"]), "-f", "pdf").returncode == 64  # a usage error


@pytest.mark.parametrize("fmt", ["md", "html", "xlsx", "teks"])
def test_format_laporan_ke_berkas(berkas, tmp_path, fmt):
    tujuan = tmp_path / f"temuan.{fmt}"
    p = _cli(str(berkas["rusak"]), str(berkas["bersih"]), "-f", fmt, "-o", str(tujuan))
    assert p.returncode == 1, p.stderr
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(tujuan)
        rows = list(wb["Temuan"].iter_rows(values_only=True))
        assert rows[0] == (
            "file",
            "kode",
            "tingkat",
            "lembar",
            "sel",
            "pesan",
            "tercatat",
            "seharusnya",
        )
        assert any(r[1] == "PK01" and r[4] == DITANAM["PK01"][1] for r in rows[1:])
        assert [r[1] for r in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)][1] == 0
        return
    isi = tujuan.read_text(encoding="utf-8")
    assert "PK01" in isi and "rusak.xlsm" in isi and "bersih.xlsm" in isi
    if fmt == "html":
        assert isi.startswith("<!DOCTYPE html>") and "<table>" in isi
    if fmt == "md":
        assert "| kode | tingkat | sel | pesan |" in isi


# -- the published reports (issue 7): every representable discrepancy at its cell -----------------

# Discrepancies of tests/test_contoh.py::TEMUAN the as-published workbook cannot hold, and why.
# The workbook writes only the first printed copy of each derived figure (bangun_contoh), so a
# later copy that disagrees with the first exists only in the report's text.
TIDAK_TERWAKILI = {
    ("jember_2023", "C163"): "Tabel 3.2 mencetak '-' untuk target 2021; lembar Renstra memuat "
    "target Renstra (100, 1000, 83), tidak ada sel untuk salinan Tabel 3.2",
    ("jember_2023", "C177"): "salinan kedua capaian akhir (uraian Bab III.B.1); sel memuat "
    "salinan pertama (Tabel 3.3), yang benar",
    ("jember_2023", "C121", "pengukuran"): "salinan Tabel 3.5 (90,22) dari capaian 2.1; sel "
    "Capaian Setelah Batas memuat salinan Tabel 3.1 (96,30)",
    ("jember_2023", "C156/C157"): "predikat 'A' di Ikhtisar Eksekutif adalah salinan kedua; sel "
    "predikat memuat 'AA' dari Tabel 3.5",
    ("jember_2023", "C085"): "realisasi total di Ikhtisar Eksekutif adalah salinan ketiga; baris "
    "jumlah memuat Tabel 3.8",
    ("pasaman_barat_2022", "#7"): "capaian 110 hanya di Tabel 3.3.7 (salinan keempat)",
    ("pasaman_barat_2022", "#8"): "Tabel 3.3.7 (realisasi/capaian 2022 bergeser satu kolom) "
    "adalah salinan terakhir; template memuat satu realisasi dan satu capaian per indikator",
    ("pasaman_barat_2022", "#10"): "126,66 hanya di Ikhtisar Eksekutif (salinan keempat)",
    ("pasaman_barat_2022", "#11"): "14,8 hanya di Tabel 3.3.3 (salinan ketiga)",
    ("pasaman_barat_2022", "#12"): "18,08/19,59 hanya di Tabel 3.3.5 dan uraiannya",
    ("pasaman_barat_2022", "#13"): "baris rata-rata Tabel 3.3.8 tidak punya baris di lembar "
    "Efisiensi",
    ("pasaman_barat_2022", "#14"): "target RKT 2023 (tahun berikutnya); lembar RKT memuat RKT "
    "tahun laporan",
    ("pasaman_barat_2022", "#17"): "pagu di Rencana Aksi adalah salinan kedua; sel pagu sub "
    "kegiatan memuat DPA",
    ("pasaman_barat_2022", "#19"): "nama lain di Tabel 3.3.8; template memuat satu nama per "
    "indikator (dari Renstra)",
}


def _tidak_terwakili(nama: str, t: tuple) -> str | None:
    return TIDAK_TERWAKILI.get((nama, t[0], t[1])) or TIDAK_TERWAKILI.get((nama, t[0]))


def _sel_temuan(nama: str, t: tuple, wb) -> tuple[str, str]:
    """The cell of the as-published workbook that holds a discrepancy of TEMUAN."""
    temuan, tabel, kunci, kolom, sumber, tercatat, _ = t
    if tabel == "narasi":
        ws = wb["Narasi"]
        for r in range(N.baris_awal, N.baris_akhir + 1):
            teks = str(ws[f"{N.huruf('teks')}{r}"].value or "")
            if ws[f"{N.huruf('kunci')}{r}"].value == kunci and teks.startswith(f"[{sumber}]"):
                return "Narasi", f"{N.huruf('teks')}{r}"
        raise AssertionError((kunci, sumber))
    inst, m = instansi_contoh(nama)
    baris = isi_workbook(bangun_workbook(m), inst, m, induk_rumus=False)
    if tabel == "renstra":  # an input error: the Renstra cell itself (#15)
        return "Renstra", f"{R.huruf(kolom)}{baris['renstra'][kunci]}"
    t_ = S.TABEL[tabel]
    sel = f"{t_.huruf(kolom)}{baris[tabel][kunci]}"
    pertama = entri(tercatat_contoh(nama)[tabel][kunci][kolom])[0]["nilai"]
    assert pertama == tercatat and wb[t_.lembar][sel].value == tercatat, (tabel, kunci, kolom)
    return t_.lembar, sel


@pytest.fixture(scope="module")
def contoh(tmp_path_factory) -> dict[tuple[str, bool], tuple[object, list[dict]]]:
    tmp = tmp_path_factory.mktemp("contoh")
    out = {}
    for nama in ("jember_2023", "pasaman_barat_2022"):
        for dikoreksi in (False, True):
            wb = bangun_contoh(nama, dikoreksi)
            path = tmp / f"{nama}{'_dikoreksi' if dikoreksi else ''}.xlsm"
            path.write_bytes(simpan_xlsm(wb))
            out[nama, dikoreksi] = (wb, periksa_berkas(path))
    return out


@pytest.mark.parametrize("nama", ["jember_2023", "pasaman_barat_2022"])
def test_contoh_terbit_temuan_riset_di_selnya_dan_kembarannya_bersih(contoh, nama):
    wb, hasil = contoh[nama, False]
    _, koreksi = contoh[nama, True]
    ada = {(x.lembar, x.sel) for x in hasil}
    terwakili = 0
    for t in TEMUAN[nama]:
        if _tidak_terwakili(nama, t):
            continue
        sel = _sel_temuan(nama, t, wb)
        assert sel in ada, (t[:5], sel)
        assert sel not in {(x.lembar, x.sel) for x in koreksi}, (t[:5], sel)
        terwakili += 1
    assert terwakili >= {"jember_2023": 13, "pasaman_barat_2022": 12}[nama]
    assert [x for x in koreksi if x.tingkat == "galat"] == []
    # every exemption names a discrepancy that exists
    kunci = {(t[0], t[1]) for t in TEMUAN[nama]} | {(t[0],) for t in TEMUAN[nama]}
    for k in TIDAK_TERWAKILI:
        if k[0] == nama:
            assert k[1:] in kunci, k


def test_contoh_terbit_jember_kesalahan_pokok_dengan_kodenya(contoh):
    _, hasil = contoh["jember_2023", False]
    kode = {(x.kode, x.lembar, x.sel) for x in hasil}
    assert ("MET01", "Pengukuran", f"{P.huruf('capaian_tampil')}7") in kode  # C110: cap skipped
    assert ("NAR01", "Narasi", f"{N.huruf('teks')}12") in kode  # C079: 11 vs 13 kegiatan
    assert ("NAR03", "Narasi", f"{N.huruf('teks')}14") in kode  # C087: terbilang
    _, hasil = contoh["pasaman_barat_2022", False]
    kode = {(x.kode, x.sel) for x in hasil}
    assert ("NAR02", f"{N.huruf('teks')}20") in kode  # #3 predikat tally
    assert ("PK01", f"{PKP.huruf('anggaran')}{PKP.baris_awal}") in kode  # #6 PK vs Anggaran
    assert ("BUL01", f"{P.huruf('capaian_lalu')}12") in kode  # #9 15,11 = cut, not rounded


def test_sel_rumus_berisi_angka_sama_lewat_pembaca_cepat_dan_openpyxl(monkeypatch):
    from xlkinerja.buku.berkas import BukuBerkas
    from xlkinerja.cek import periksa as P
    from xlkinerja.templat.baca import baca, nilai_tampil, rumus_buku

    path = Path(__file__).resolve().parent.parent / "workbooks" / "contoh" / "jember_2023.xlsm"
    b = baca(BukuBerkas(path))
    sel = set(rumus_buku(b))
    tampil = nilai_tampil(b, sorted(sel))
    cepat = P._konstanta(b, sel, tampil)
    monkeypatch.setattr(P, "_konstanta_cepat", lambda *_: None)  # the openpyxl path
    assert cepat == P._konstanta(b, sel, tampil) and len(cepat) > 50


def test_realisasi_sub_kegiatan_melebihi_pagu_diperingatkan_di_selnya(tmp_path):
    wb, _ = _isi()
    a = S.ANGGARAN
    ws = wb["Anggaran"]
    r = next(  # the first sub kegiatan row of the sample
        r
        for r in range(a.baris_awal, a.baris_awal + 100)
        if str(ws[f"{a.huruf('tingkat')}{r}"].value).lower() == "sub kegiatan"
    )
    pagu = ws[f"{a.huruf('pagu')}{r}"].value
    ws[f"{a.huruf('realisasi')}{r}"] = pagu + 1
    path = tmp_path / "lebih.xlsm"
    path.write_bytes(simpan_xlsm(wb))
    ada = [x for x in periksa_berkas(path) if x.kode == "ANG07"]
    assert [(x.lembar, x.sel, x.tingkat) for x in ada] == [
        ("Anggaran", f"{a.huruf('realisasi')}{r}", "peringatan")
    ]
