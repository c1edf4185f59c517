"""The action layer: the same actions through the file backend and xlwings' own object model."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw
from oletools.olevba import VBA_Parser

from tests.xlremote import isi_sel, payload, terapkan_aksi
from xlkinerja.buku.antarmuka import AWALAN_CATATAN, WARNA_TANDA
from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.buku.excel import BukuXlwings
from xlkinerja.buku.paket import buat_xlsm, simpan_openpyxl_deterministik
from xlkinerja.inti.metode import muat
from xlkinerja.mesin.libreoffice import konversi
from xlkinerja.muka.aksi import AKSI, bersihkan_tanda, hitung_capaian
from xlkinerja.muka.tombol import jalankan
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import baca, rujukan
from xlkinerja.templat.bangun import ABU, bangun_workbook
from xlkinerja.templat.isi import isi_workbook
from xlkinerja.templat.sampel import instansi_sampel

CAPAIAN = f"{S.PENGUKURAN.huruf('capaian')}{S.PENGUKURAN.baris_awal + 2}"  # 126,67 in the sample
TARGET = f"{S.PENGUKURAN.huruf('target')}{S.PENGUKURAN.baris_awal + 2}"


def _xlsm(tmp: Path, ubah=None, nama: str = "lkjip.xlsm") -> Path:
    m = muat("jember_2023")
    wb = bangun_workbook(m)
    isi_workbook(wb, instansi_sampel(), m)
    if ubah:
        ubah(wb)
    path = tmp / nama
    path.write_bytes(buat_xlsm(simpan_openpyxl_deterministik(wb)))
    return path


def _ketik(wb, lembar=None, sel=None, nilai=None):
    wb["Pengukuran"][CAPAIAN] = 999  # a typed number where the template holds a formula


@pytest.fixture(scope="module")
def dihitung(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("aksi")
    src = _xlsm(tmp)
    data = src.read_bytes()
    subprocess.run(
        [sys.executable, "-m", "xlkinerja", "hitung", str(src)], check=True, capture_output=True
    )
    assert src.read_bytes() == data  # the input is never modified
    return src, tmp / "lkjip_dihitung.xlsm"


def test_hitung_menulis_salinan_tanpa_mengubah_masukan(dihitung):
    src, out = dihitung
    assert out.exists() and out.stat().st_mode & 0o777 == src.stat().st_mode & 0o777


def test_hitung_menjaga_vba_ribbon_validasi_format_dan_nama(dihitung):
    src, out = dihitung
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        assert set(a.namelist()) <= set(b.namelist())
        for bagian in ("xl/vbaProject.bin", "customUI/customUI14.xml"):
            assert a.read(bagian) == b.read(bagian)
        assert b"ui/extensibility" in b.read("_rels/.rels")

    def modul(p):
        vp = VBA_Parser(str(p))
        try:
            return {n: k for _, _, n, k in vp.extract_macros()}
        finally:
            vp.close()

    assert modul(src) == modul(out)
    wa, wb = openpyxl.load_workbook(src), openpyxl.load_workbook(out)
    assert set(wa.defined_names) == set(wb.defined_names)
    for ws in wa.worksheets:
        w2 = wb[ws.title]
        assert len(ws.data_validations.dataValidation) == len(w2.data_validations.dataValidation)
        assert len(ws.conditional_formatting) == len(w2.conditional_formatting)
        assert ws.protection.sheet == w2.protection.sheet
    assert wb.calculation.fullCalcOnLoad  # Excel recalculates on open


def test_hitung_memasang_rumus_di_sel_rumus_saja(dihitung):
    src, out = dihitung
    a, b = isi_sel(src), isi_sel(out)
    berubah = {k for k in set(a) | set(b) if a.get(k, (None,))[0] != b.get(k, (None,))[0]}
    assert not berubah  # the same formulas: nothing differed, inputs untouched


def test_salinan_hitung_menyimpan_nilai_untuk_pembaca_tanpa_hitung_ulang(dihitung):
    _, out = dihitung
    nilai = openpyxl.load_workbook(out, data_only=True)
    assert nilai["Pengukuran"][CAPAIAN].value == 126.66  # jember_2023 truncates 126,666…
    harapan = rujukan(baca(BukuBerkas(out)))
    beda = {
        k: (nilai[k[0]][k[1]].value, v)
        for k, v in harapan.items()
        if isinstance(v, (int, float)) and nilai[k[0]][k[1]].value != pytest.approx(v, abs=1e-9)
    }
    assert len(harapan) > 100 and not beda


def test_angka_diketik_di_sel_rumus_ditandai_lalu_dibersihkan(tmp_path):
    path = _xlsm(tmp_path, _ketik)
    buku = BukuBerkas(path)
    r = hitung_capaian(buku)
    buku.terapkan(r)
    assert buku.rumus("Pengukuran", CAPAIAN)[0][0].startswith("=IF(")
    assert buku.warna("Pengukuran", CAPAIAN) == WARNA_TANDA
    assert buku.catatan("Pengukuran", CAPAIAN).startswith(AWALAN_CATATAN)
    assert "999" in buku.catatan("Pengukuran", CAPAIAN) and "126,66" in buku.catatan(  # potong
        "Pengukuran", CAPAIAN
    )
    sel = f"D{S.TEMUAN.baris_awal}"
    tautan = f'=HYPERLINK("#\'Pengukuran\'!{CAPAIAN}","{CAPAIAN}")'
    assert buku.rumus("Temuan", sel)[0][0] == tautan  # a link
    assert buku.nilai("Temuan", sel) == [[CAPAIAN]]  # showing the address
    buku.terapkan(bersihkan_tanda(buku))
    assert buku.warna("Pengukuran", CAPAIAN) == ABU
    assert buku.catatan("Pengukuran", CAPAIAN) is None
    assert buku.rumus("Pengukuran", CAPAIAN)[0][0].startswith("=IF(")  # content untouched


def test_teks_di_sel_target_ditolak_tanpa_mengubah_buku_kerja(tmp_path):
    def rusak(wb):
        wb["Pengukuran"][TARGET] = "75 %"

    path = _xlsm(tmp_path, rusak)
    data = path.read_bytes()
    buku = BukuBerkas(path)
    assert jalankan(buku, "btnHitungCapaian") is False
    pesan = "\n".join(buku.pesan_pesan)
    assert f"Pengukuran!{TARGET}" in pesan and "bukan angka" in pesan
    assert "tidak diubah" in pesan and "Traceback" not in pesan
    p = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "hitung", str(path)], capture_output=True, text=True
    )
    assert p.returncode == 2 and f"Pengukuran!{TARGET}" in p.stdout
    assert path.read_bytes() == data
    assert not (tmp_path / "lkjip_dihitung.xlsm").exists()


def test_tulis_di_tempat_membuat_cadangan(tmp_path):
    path = _xlsm(tmp_path)
    data = path.read_bytes()
    subprocess.run(
        [sys.executable, "-m", "xlkinerja", "hitung", str(path), "--tulis"],
        check=True,
        capture_output=True,
    )
    cadangan = list(tmp_path.glob("lkjip.xlsm.*.bak"))
    assert len(cadangan) == 1 and cadangan[0].read_bytes() == data


@pytest.fixture(scope="module")
def terhitung_lo(tmp_path_factory) -> Path:
    """A filled workbook with a typed number in a formula cell, as Excel would show it: values
    computed (here by LibreOffice) and stored."""
    tmp = tmp_path_factory.mktemp("remote")
    src = _xlsm(tmp, _ketik, "mentah.xlsm")
    (xlsx,) = konversi([src], tmp / "lo", ke="xlsx")
    # keep the .xlsm package (VBA, ribbon), take LibreOffice's computed values
    wb = openpyxl.load_workbook(src, keep_vba=True)
    path = tmp / "lkjip.xlsm"
    wb.save(path)
    return path, xlsx


# Audit Rumus reads the saved file, not the open book: the same file code path in both backends.
@pytest.mark.parametrize("aksi", [a for k, a in AKSI.items() if k != "btnAuditRumus"])
def test_xlwings_menulis_sel_nilai_dan_warna_yang_sama_dengan_backend_berkas(
    aksi, terhitung_lo, tmp_path
):
    path, xlsx = terhitung_lo
    nilai = openpyxl.load_workbook(xlsx, data_only=True)
    data = payload(path)
    # the client shows computed values: take them from LibreOffice's recalculation
    for s in data["sheets"]:
        ws = nilai[s["name"]]
        for i, row in enumerate(s["values"]):
            for j, _ in enumerate(row):
                v = ws.cell(i + 1, j + 1).value
                row[j] = "" if v is None else v
    book = xw.Book(json=data)
    rencana = aksi(BukuXlwings(book))
    BukuXlwings(book).terapkan(rencana)
    lewat_xlwings = tmp_path / "xlwings.xlsm"
    terapkan_aksi(path, book.json()["actions"], lewat_xlwings)

    berkas = BukuBerkas(path)
    berkas._nilai = openpyxl.load_workbook(xlsx, data_only=True)  # the values the client sent
    berkas.terapkan(aksi(berkas))
    lewat_berkas = tmp_path / "berkas.xlsm"
    berkas.simpan(lewat_berkas)
    a, b = isi_sel(lewat_xlwings), isi_sel(lewat_berkas)
    beda = [(k, a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)]
    assert not beda, beda[:5]
    if aksi is hitung_capaian:
        assert b[("Pengukuran", CAPAIAN)][1] == WARNA_TANDA  # the typed 999 was marked


def test_tombol_tak_dikenal_pesan_indonesia(tmp_path):
    buku = BukuBerkas(_xlsm(tmp_path))
    assert jalankan(buku, "btnTidakAda") is False
    assert "tidak dikenal" in buku.pesan_pesan[0]


def test_diagnosa_melaporkan_versi_dan_metodologi(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    buku = BukuBerkas(_xlsm(tmp_path))
    assert jalankan(buku, "btnDiagnosa")
    teks = buku.pesan_pesan[-1]
    assert "xlwings 0.37.8" in teks and "cocok" in teks and "jember_2023" in teks


def test_bukan_templat_pesan_jelas(tmp_path):
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "lain.xlsx")
    buku = BukuBerkas(tmp_path / "lain.xlsx")
    assert jalankan(buku, "btnHitungCapaian") is False
    assert "bukan templat xlkinerja" in buku.pesan_pesan[0]


if os.environ.get("CI") and not shutil.which("soffice"):  # pragma: no cover
    raise RuntimeError("LibreOffice harus terpasang di CI")


def _kode_temuan(buku: BukuBerkas) -> dict[str, str]:
    t = S.TEMUAN
    baris = buku.nilai(t.lembar, f"A{t.baris_awal}:D{t.baris_awal + 200}")  # as Excel shows
    return {f"{lembar}!{sel}": kode for kode, _, lembar, sel in baris if kode}


def test_periksa_menemukan_angka_ketik_induk_salah_dan_pk_berbeda(tmp_path):
    t, pk = S.ANGGARAN, S.PK_PROGRAM

    def rusak(wb):
        _ketik(wb)
        wb["Anggaran"][f"{t.huruf('pagu')}{t.baris_awal}"] = 1  # program row typed, ≠ Σ kegiatan
        wb["PK"][f"{pk.huruf('anggaran')}{pk.baris_awal + 1}"] = 123  # PK ≠ Anggaran

    path = _xlsm(tmp_path, rusak)
    data = path.read_bytes()
    buku = BukuBerkas(path)
    assert jalankan(buku, "btnPeriksa")
    kode = _kode_temuan(buku)
    assert kode == {
        f"Pengukuran!{CAPAIAN}": "CAP01",
        f"Anggaran!{t.huruf('pagu')}{t.baris_awal}": "ANG01",
        f"PK!{pk.huruf('anggaran')}{pk.baris_awal + 1}": "PK01",
    }
    assert buku.rumus("Pengukuran", CAPAIAN) == [[999]]  # Periksa changes no content
    assert path.read_bytes() == data


def test_teks_berawalan_sama_dengan_ditulis_di_temuan_sebagai_teks(tmp_path):
    """A text input such as '=5+ is reported (ISI01) with its content; Temuan shows it as text,
    not as a formula Excel would refuse."""

    def teks(wb):
        c = wb["Pengukuran"][TARGET]
        c.value, c.data_type = "=5+", "s"

    path = _xlsm(tmp_path, teks)
    buku = BukuBerkas(path)
    assert jalankan(buku, "btnPeriksa")
    t = S.TEMUAN
    baris = buku.nilai(t.lembar, f"A{t.baris_awal}:G{t.baris_awal + 20}")
    (isi01,) = [r for r in baris if r[0] == "ISI01"]
    assert isi01[5] == " =5+"
    buku.simpan(tmp_path / "tersimpan.xlsm")
    ws = openpyxl.load_workbook(tmp_path / "tersimpan.xlsm")[t.lembar]
    assert not any(
        c.data_type == "f" and str(c.value).startswith("=5+") for r in ws.iter_rows() for c in r
    )


def test_audit_rumus_menemukan_rumus_berbeda_dan_angka_ketik(tmp_path):
    sel2 = f"{S.PENGUKURAN.huruf('capaian')}{S.PENGUKURAN.baris_awal + 3}"

    def rusak(wb):
        _ketik(wb)
        wb["Pengukuran"][sel2] = "=I9/G9*100"

    buku = BukuBerkas(_xlsm(tmp_path, rusak))
    assert jalankan(buku, "btnAuditRumus")
    assert _kode_temuan(buku) == {f"Pengukuran!{CAPAIAN}": "AUD01", f"Pengukuran!{sel2}": "AUD02"}


def test_audit_rumus_templat_bersih_tanpa_temuan(tmp_path):
    buku = BukuBerkas(_xlsm(tmp_path))
    assert jalankan(buku, "btnAuditRumus")
    assert _kode_temuan(buku) == {}
    assert "0 temuan" in buku.pesan_pesan[-1]


def test_isi_narasi_satu_paragraf_per_indikator(tmp_path):
    buku = BukuBerkas(_xlsm(tmp_path))
    assert jalankan(buku, "btnIsiNarasi")
    t = S.NARASI
    kunci = buku.rumus("Narasi", f"{t.huruf('kunci')}1:{t.huruf('kunci')}{t.baris_akhir}")
    baris = {k[0]: r for r, k in enumerate(kunci, 1) if r >= t.baris_awal}
    teks = buku.rumus("Narasi", f"{t.huruf('teks')}{baris['indikator 1.1.3']}")[0][0]
    assert teks.startswith(
        'Indikator 1.1.3 "Persentase penurunan temuan BPK" pada tahun 2024 ditargetkan sebesar '
        "75% dan terealisasi sebesar 95%, sehingga capaian kinerjanya sebesar 126,66%"
    )
    assert "predikat AA" in teks


def test_setiap_tombol_ribbon_punya_aksi():
    from xlkinerja.muka.aksi import AKSI

    assert set(AKSI) == {t.id for t in S.TOMBOL}


def test_rencana_yang_menulis_sel_isian_ditolak(tmp_path):
    from xlkinerja.buku.antarmuka import GalatBuku, Rencana, Tulis
    from xlkinerja.muka.aksi import pastikan_milik
    from xlkinerja.templat.baca import baca

    b = baca(BukuBerkas(_xlsm(tmp_path)))
    with pytest.raises(GalatBuku, match=f"Pengukuran!{TARGET} adalah sel isian"):
        pastikan_milik(Rencana(tulis=[Tulis("Pengukuran", TARGET, 1)]), b)
    pastikan_milik(Rencana(tulis=[Tulis("Pengukuran", CAPAIAN, "=1")]), b)


def test_periksa_folder_json_kode_keluar_dan_berkas_tak_berubah(tmp_path):
    import json

    folder = tmp_path / "kumpulan"
    folder.mkdir()
    _xlsm(folder, _ketik, "a.xlsm")
    _xlsm(folder, None, "b.xlsm")
    (folder / "rusak.xlsx").write_text("bukan excel")
    sebelum = {p.name: p.read_bytes() for p in folder.iterdir()}
    p = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "periksa", str(folder), "-f", "json"],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 2  # one file could not be read; the others were still checked
    laporan = json.loads(p.stdout)
    hasil = laporan["temuan"]
    assert {(Path(b["file"]).name, b["status"]) for b in laporan["berkas"]} == {
        ("a.xlsm", "ada temuan"),
        ("b.xlsm", "bersih"),
        ("rusak.xlsx", "tidak terbaca"),
    }
    assert {(Path(x["file"]).name, x["kode"], x["sel"]) for x in hasil} == {
        ("a.xlsm", "CAP01", CAPAIAN),
        ("rusak.xlsx", "BACA01", None),
    }
    assert set(hasil[0]) == {
        "file",
        "kode",
        "tingkat",
        "lembar",
        "sel",
        "pesan",
        "tercatat",
        "seharusnya",
    }
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == sebelum
    p = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "periksa", str(folder / "b.xlsm")],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0 and "0 temuan" in p.stdout


def test_hitung_dengan_narasi_mengisi_lembar_narasi(tmp_path):
    src = _xlsm(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "xlkinerja", "hitung", str(src), "--narasi"],
        check=True,
        capture_output=True,
    )
    out = tmp_path / "lkjip_dihitung.xlsm"
    t = S.NARASI
    teks = [
        r[t.kolom.index(t.k("teks"))]
        for r in openpyxl.load_workbook(out)["Narasi"].iter_rows(values_only=True)
    ]
    assert any(isinstance(x, str) and "sasaran" in x for x in teks)


def test_hitung_serentak_di_tempat_tidak_merusak_berkas_dan_tiap_cadangan_asli(tmp_path):
    src = _xlsm(tmp_path)
    asli = src.read_bytes()
    proses = [
        subprocess.Popen(
            [sys.executable, "-m", "xlkinerja", "hitung", str(src), "--tulis"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(3)
    ]
    hasil = [(p.wait(timeout=300), p.stdout.read()) for p in proses]
    assert all(kode in (0, 2) for kode, _ in hasil) and any(kode == 0 for kode, _ in hasil)
    for kode, teks in hasil:  # a run that lost the race says so and writes nothing
        assert kode == 0 or "berubah sejak dibaca" in teks, teks
    wb = openpyxl.load_workbook(src, keep_vba=True)  # a whole workbook, not a torn write
    assert wb["Pengukuran"][CAPAIAN].value.startswith("=IF(")
    with zipfile.ZipFile(src) as z:
        assert "xl/vbaProject.bin" in z.namelist()
    cadangan = sorted(tmp_path.glob("lkjip.xlsm.*.bak"))
    assert cadangan and all(c.read_bytes() in (asli, src.read_bytes()) for c in cadangan)
    assert any(c.read_bytes() == asli for c in cadangan)  # the original is kept
    assert len(cadangan) == sum(1 for kode, _ in hasil if kode == 0)  # one per write, none lost


def test_hitung_folder_tanpa_pesan_sampah_dan_vba_utuh(tmp_path):
    """A folder run pauses the garbage collector per file and releases openpyxl's in-memory
    VBA zip after each save: every copy keeps its VBA and nothing is printed on stderr."""
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    for i in range(4):
        _xlsm(masuk, nama=f"pd_{i}.xlsm")
    r = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "hitung", str(masuk), "-o", str(tmp_path / "hasil")],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Exception" not in r.stderr and "Traceback" not in r.stderr, r.stderr
    keluar = sorted((tmp_path / "hasil").glob("*.xlsm"))
    assert len(keluar) == 4
    vba = zipfile.ZipFile(masuk / "pd_0.xlsm").read("xl/vbaProject.bin")
    for f in keluar:
        assert zipfile.ZipFile(f).read("xl/vbaProject.bin") == vba


CONTOH = Path(__file__).resolve().parents[1] / "workbooks" / "contoh"


def test_hitung_tidak_menyebut_sesuai_bila_nilai_sel_rumus_berbeda_dari_rumusnya(tmp_path):
    """A cached value that differs from its formula, in a cell no recomputation check covers
    (PK 'Target Renstra Tahun Ini'): Hitung puts the right value and says so instead of
    "semua nilai sesuai"."""
    from xlkinerja.buku.antarmuka import Rencana, Tulis

    asal = BukuBerkas(CONTOH / "jember_2023_dikoreksi.xlsm")
    assert hitung_capaian(asal).pesan[-1].endswith("semua nilai sesuai perhitungan Python.")
    sel = f"{S.PK.huruf('target_renstra')}{S.PK.baris_awal}"
    rumus = asal.rumus("PK", sel)[0][0]
    asal.terapkan(Rencana(tulis=[Tulis("PK", sel, rumus, 12345.0)]))  # a stale cached value
    basi = asal.simpan(tmp_path / "basi.xlsm")
    buku = BukuBerkas(basi)
    assert buku.nilai("PK", sel)[0][0] == 12345.0
    pesan = hitung_capaian(buku).pesan[-1]
    assert "sesuai perhitungan Python" not in pesan
    assert "1 sel lain menampilkan nilai yang berbeda dari rumusnya" in pesan


def test_hitung_tidak_menyebut_sesuai_bila_berkas_tanpa_nilai_tersimpan(tmp_path):
    wb = openpyxl.load_workbook(CONTOH / "jember_2023_dikoreksi.xlsm", keep_vba=True)
    wb.save(tmp_path / "tanpa_nilai.xlsm")  # openpyxl keeps formulas, drops their values
    pesan = hitung_capaian(BukuBerkas(tmp_path / "tanpa_nilai.xlsm")).pesan[-1]
    assert "sesuai perhitungan Python" not in pesan and "belum menyimpan nilai" in pesan


def test_realisasi_kosong_disebut_hitung_dan_periksa_di_selnya(tmp_path):
    """Issue 15, case 7: an empty realisasi is named, with its indicator, by Hitung (message,
    Temuan, marked cell) and by Periksa, at the same cell."""
    from xlkinerja.cek.periksa import periksa_berkas

    sel = f"{S.PENGUKURAN.huruf('realisasi')}{S.PENGUKURAN.baris_awal + 1}"  # indicator 1.2
    wb = openpyxl.load_workbook(CONTOH / "jember_2023_dikoreksi.xlsm", keep_vba=True)
    wb["Pengukuran"][sel] = None
    path = tmp_path / "kosong.xlsm"
    wb.save(path)
    buku = BukuBerkas(path)
    r = hitung_capaian(buku)
    assert f"Pengukuran!{sel}: realisasi belum diisi" in r.pesan[-1]
    assert "(indikator 1.2)" in r.pesan[-1] and "tulis '-'" in r.pesan[-1]
    assert any(t.lembar == "Pengukuran" and t.sel == sel and t.pesan for t in r.tanda)
    buku.terapkan(r)
    assert _kode_temuan(buku).get(f"Pengukuran!{sel}") == "LEN02"
    temuan = [(x.kode, x.sel) for x in periksa_berkas(path) if x.lembar == "Pengukuran"]
    assert ("LEN02", sel) in temuan
