"""The Renstra matrix with indicative funding (sheet Renstra Pendanaan), Renstra and budget
versions, and their checks (issue 17, items 2-4).

A template is filled by hand through the file backend (as a user types), computed by `hitung`
and checked by `periksa`; planted errors are reported at their cells.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from xlkinerja.buku.antarmuka import Rencana, Tulis
from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.cek.periksa import periksa_berkas
from xlkinerja.inti.metode import muat
from xlkinerja.muka.cli import app
from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import bangun_templat, isian_pengaturan, simpan_xlsm
from xlkinerja.templat.contoh import bangun_contoh

T = S.RENSTRA_PENDANAAN
L = T.lembar
A = S.ANGGARAN
TAHUN, AWAL = 2024, 2021  # the report year is the Renstra's fourth
_INGGRIS = re.compile(
    r"\b(the|and|of|not|is|error|none|nan|inf|traceback|exception|cannot|invalid|value|"
    r"true|false|key|index|type|found)\b",
    re.I,
)


def _pagu_sub(p: int, k: int, s: int, tahun: int) -> int:
    return 10_000_000 * tahun + 1_000_000 * p + 100_000 * k + 10_000 * s


def _matriks() -> list[dict]:
    """Tujuan, sasaran, 2 programs x 2 kegiatan x 2 sub kegiatan, pagu for five years; parents
    hold the sums of their children, the end-of-period pagu the sum of the years."""
    rows: list[dict] = [
        {"tingkat": "Tujuan", "kode": "T1", "uraian": "Meningkatnya layanan"},
        {"tingkat": "Sasaran", "kode": "S1", "uraian": "Meningkatnya mutu layanan"},
    ]
    for p in (1, 2):
        prog = {"tingkat": "Program", "kode": f"1.0{p}", "uraian": f"Program {p}"}
        rows.append(prog)
        for k in (1, 2):
            keg = {"tingkat": "Kegiatan", "kode": f"1.0{p}.{k}", "uraian": f"Kegiatan {p}.{k}"}
            rows.append(keg)
            for s in (1, 2):
                sub = {
                    "tingkat": "Sub Kegiatan",
                    "kode": f"1.0{p}.{k}.0{s}",
                    "uraian": f"Sub Kegiatan {p}.{k}.{s}",
                    "indikator": "Jumlah dokumen",
                    "satuan": "dokumen",
                    "target_1": 10,
                    "target_4": 12,
                }
                for th in range(1, 6):
                    sub[f"pagu_{th}"] = _pagu_sub(p, k, s, th)
                rows.append(sub)
                for induk in (prog, keg):
                    for th in range(1, 6):
                        induk[f"pagu_{th}"] = induk.get(f"pagu_{th}", 0) + sub[f"pagu_{th}"]
    for r in rows:
        if "pagu_1" in r:
            r["pagu_akhir"] = sum(r[f"pagu_{i}"] for i in range(1, 6))
            r["versi"] = "perubahan"
    # the Renstra awal of program 1.02 had another pagu; the perubahan is in force
    awal = {**rows[-7], "versi": "awal", "pagu_4": 1, "pagu_akhir": None}
    return [*rows, {k: v for k, v in awal.items() if v is not None}]


def _anggaran() -> list[dict]:
    """This year's budget (the Renstra's fourth year): sub kegiatan at the Renstra pagu, the
    perubahan 5 % below the murni for program 1.01."""
    rows: list[dict] = []
    for p in (1, 2):
        rows.append({"tingkat": "Program", "kode": f"1.0{p}", "uraian": f"Program {p}"})
        for k in (1, 2):
            rows.append({"tingkat": "Kegiatan", "kode": f"1.0{p}.{k}", "uraian": f"Keg {p}.{k}"})
            for s in (1, 2):
                murni = _pagu_sub(p, k, s, 4)
                ubah = murni * 95 // 100 if p == 1 else murni
                rows.append(
                    {
                        "tingkat": "Sub Kegiatan",
                        "kode": f"1.0{p}.{k}.0{s}",
                        "uraian": f"Sub {p}.{k}.{s}",
                        "pagu": ubah,
                        "realisasi": ubah * 9 // 10,
                        "pagu_murni": murni,
                        "no_dpa": "DPA/1/2024",
                        "pagu_perubahan": ubah,
                        "no_dppa": "DPPA/1/2024",
                        "sumber_dana": "APBD Kabupaten/Kota",
                        "jenis_belanja": "Belanja Barang dan Jasa",
                    }
                )
    for prog in (r for r in rows if r["tingkat"] == "Program"):
        subs = [r for r in rows if r.get("pagu") and r["kode"].startswith(prog["kode"] + ".")]
        prog["pagu_murni"] = sum(r["pagu_murni"] for r in subs)
    return rows


def _renstra_iku() -> list[dict]:
    """One indicator in both Renstra versions: target 2024 is 70 (awal) and 75 (perubahan)."""
    umum = {"kode_sasaran": "S1", "kode": "IK1", "indikator": "Indeks kepuasan", "satuan": "%"}
    return [
        {**umum, "target_4": 70, "versi": "awal"},
        {**umum, "target_4": 75, "versi": "perubahan"},
    ]


def _tulis_tabel(t: S.Tabel, rows: list[dict]) -> list[Tulis]:
    return [
        Tulis(t.lembar, f"{t.huruf(k)}{t.baris_awal + n}", v)
        for n, row in enumerate(rows)
        for k, v in row.items()
        if v is not None
    ]


def _atur(**isi: object) -> list[Tulis]:
    kunci = [i.kunci for i in isian_pengaturan()]
    return [Tulis("Pengaturan", f"B{4 + kunci.index(k)}", v) for k, v in isi.items()]


def _terapkan(path: Path, tulis: list[Tulis]) -> None:
    b = BukuBerkas(path)
    b.terapkan(Rencana(tulis=tulis))
    b.simpan(path, timpa=True)
    for bak in path.parent.glob(f"{path.name}.*.bak"):
        bak.unlink()


def _hitung(path: Path) -> Path:
    hasil = CliRunner().invoke(app, ["hitung", str(path)])
    assert hasil.exit_code in (0, 1), hasil.output
    assert not _INGGRIS.search(re.sub(r"\S*/\S*", "", hasil.output)), hasil.output
    return next(path.parent.glob(f"{path.stem}_dihitung*.xls*"))


@pytest.fixture(scope="module")
def dihitung(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("renstra")
    path = tmp / "isian.xlsm"
    path.write_bytes(bangun_templat(muat("permendagri_86_2017")))
    tulis = _atur(
        instansi="Dinas Uji Renstra",
        tahun=TAHUN,
        renstra_awal=AWAL,
        renstra_dasar_awal="Perbup No. 10 Tahun 2021",
        renstra_dasar_perubahan="Perbup No. 5 Tahun 2023",
    )
    tulis += _tulis_tabel(T, _matriks())
    tulis += _tulis_tabel(A, _anggaran())
    tulis += _tulis_tabel(S.RENSTRA, _renstra_iku())
    pk = {"kode_sasaran": "S1", "kode": "IK1", "indikator": "Indeks kepuasan", "target": 75}
    tulis += _tulis_tabel(S.PK, [pk])
    tulis += _tulis_tabel(S.RKT, [{k: pk[k] for k in ("kode", "indikator", "target")}])
    program = [
        {"kode": "1.01", "program": "Program 1", "anggaran": _anggaran()[0]["pagu_murni"]},
        {"kode": "1.02", "program": "Program 2", "anggaran": _anggaran()[7]["pagu_murni"]},
    ]
    tulis += _tulis_tabel(S.PK_PROGRAM, program)
    _terapkan(path, tulis)
    return _hitung(path)


def _sel(t: S.Tabel, kolom: str, n: int) -> str:
    return f"{t.huruf(kolom)}{t.baris_awal + n}"


def _salin_ubah(sumber: Path, tujuan: Path, tulis: list[Tulis]) -> list:
    tujuan.write_bytes(sumber.read_bytes())
    _terapkan(tujuan, tulis)
    return periksa_berkas(tujuan)


# -- computed by hitung -------------------------------------------------------------------------


def test_hitung_menjumlah_pagu_renstra_per_baris_dan_per_tahun(dihitung):
    ws = openpyxl.load_workbook(dihitung, data_only=True)[L]
    rumus = openpyxl.load_workbook(dihitung)[L]
    rows = _matriks()
    for n, row in enumerate(rows):
        if "pagu_1" in row:
            harus = sum(row[f"pagu_{i}"] for i in range(1, 6))
            assert ws[_sel(T, "pagu_jumlah", n)].value == harus, row["kode"]
            assert str(rumus[_sel(T, "pagu_jumlah", n)].value).startswith("=")
    r = S.BARIS_TOTAL_RENSTRA
    # the program rows of the version in force: not the Renstra awal's row of 1.02
    program = [x for x in rows if x["tingkat"] == "Program" and x["versi"] == "perubahan"]
    for i in range(1, 6):
        harus = sum(x[f"pagu_{i}"] for x in program)
        assert ws[f"{T.huruf(f'pagu_{i}')}{r}"].value == harus
    assert ws[f"{T.huruf('uraian')}{r}"].value == "Jumlah (Σ program)"


def test_anggaran_menampilkan_pagu_renstra_versi_berlaku_dan_selisihnya(dihitung):
    ws = openpyxl.load_workbook(dihitung, data_only=True)[A.lembar]
    ang = _anggaran()
    for n, row in enumerate(ang):
        ren = next(x for x in _matriks() if x["kode"] == row["kode"])  # perubahan comes first
        assert ws[_sel(A, "pagu_renstra", n)].value == ren["pagu_4"], row["kode"]
        pagu = ws[_sel(A, "pagu", n)].value
        assert ws[_sel(A, "selisih_renstra", n)].value == pytest.approx(pagu - ren["pagu_4"])
    # program 1.02's pagu is the perubahan row's, not the awal's (1)
    assert ws[_sel(A, "pagu_renstra", 7)].value > 1


def test_target_renstra_rkt_pk_dari_versi_yang_berlaku(dihitung):
    wb = openpyxl.load_workbook(dihitung, data_only=True)
    # the PK's programs: this year's Renstra pagu next to the PK and Anggaran amounts
    pk = S.PK_PROGRAM
    ren = {x["kode"]: x["pagu_4"] for x in _matriks() if x.get("versi") == "perubahan"}
    assert wb["PK"][_sel(pk, "pagu_renstra", 0)].value == ren["1.01"]
    assert wb["PK"][_sel(pk, "pagu_renstra", 1)].value == ren["1.02"]
    assert wb["PK"][_sel(S.PK, "target_renstra", 0)].value == 75
    assert wb["RKT"][_sel(S.RKT, "target_renstra", 0)].value == 75


def test_templat_diisi_tangan_tanpa_galat_dan_beda_versi_pk_sebagai_info(dihitung):
    temuan = periksa_berkas(dihitung)
    assert [x for x in temuan if x.tingkat == "galat"] == []
    # the PK was signed on the murni budget: a version difference with both amounts, not PK01
    ver = [x for x in temuan if x.kode == "VER01"]
    assert [x.sel for x in ver] == [_sel(S.PK_PROGRAM, "anggaran", 0)]
    assert ver[0].tingkat == "info" and "pagu murni" in ver[0].pesan
    assert "pagu perubahan" in ver[0].pesan
    # program 1.01's perubahan is below the Renstra pagu: shown as information, with the version
    ren = [x for x in temuan if x.kode == "REN04"]
    assert _sel(A, "pagu", 0) in {x.sel for x in ren}
    assert all("Renstra perubahan, Perbup No. 5 Tahun 2023" in x.pesan for x in ren)
    for x in temuan:
        assert not _INGGRIS.search(x.pesan), x.pesan


# -- planted errors -----------------------------------------------------------------------------


def test_kesalahan_renstra_dan_versi_dilaporkan_di_selnya(dihitung, tmp_path):
    tulis = [
        Tulis(L, _sel(T, "pagu_2", 3), 1),  # kegiatan 1.01.1 in year 2 ≠ Σ its sub kegiatan
        Tulis(L, _sel(T, "pagu_akhir", 4), 5),  # sub kegiatan 1.01.1.01: total ≠ Σ years
        Tulis(A.lembar, _sel(A, "pagu", 2), _anggaran()[2]["pagu_murni"]),  # murni, not perubahan
        Tulis("PK", _sel(S.PK, "target", 0), 70),  # the Renstra awal's target
        Tulis("RKT", _sel(S.RKT, "target", 0), 70),
    ]
    temuan = {
        (x.kode, x.lembar, x.sel): x for x in _salin_ubah(dihitung, tmp_path / "r.xlsm", tulis)
    }
    assert ("REN02", L, _sel(T, "pagu_2", 3)) in temuan
    # the program's year 2 is the sum of the kegiatan as typed: it is reported too
    assert ("REN02", L, _sel(T, "pagu_2", 2)) in temuan
    assert "tahun ke-2" in temuan[("REN02", L, _sel(T, "pagu_2", 3))].pesan
    assert ("REN03", L, _sel(T, "pagu_akhir", 4)) in temuan
    ver = temuan[("VER02", A.lembar, _sel(A, "pagu", 2))]
    assert "pagu perubahan" in ver.pesan and ver.tingkat == "galat"
    pk = temuan[("PK02", "PK", _sel(S.PK, "target", 0))]
    assert "Renstra perubahan, Perbup No. 5 Tahun 2023" in pk.pesan
    assert ("RKT01", "RKT", _sel(S.RKT, "target", 0)) in temuan
    for x in temuan.values():
        assert not _INGGRIS.search(x.pesan), x.pesan


def test_pengaturan_versi_renstra_awal_mengubah_pembanding(dihitung, tmp_path):
    path = tmp_path / "awal.xlsm"
    path.write_bytes(dihitung.read_bytes())
    _terapkan(path, _atur(versi_renstra="awal"))
    keluar = _hitung(path)
    wb = openpyxl.load_workbook(keluar, data_only=True)
    assert wb["PK"][_sel(S.PK, "target_renstra", 0)].value == 70
    # program 1.02 now takes the awal row's pagu; the others have no awal row: their own
    assert wb[A.lembar][_sel(A, "pagu_renstra", 7)].value == 1
    assert wb[A.lembar][_sel(A, "pagu_renstra", 0)].value == _matriks()[2]["pagu_4"]
    temuan = periksa_berkas(keluar)
    pk = [x for x in temuan if x.kode == "PK02"]
    assert [x.sel for x in pk] == [_sel(S.PK, "target", 0)]
    assert "Renstra awal, Perbup No. 10 Tahun 2021" in pk[0].pesan
    assert not [x for x in temuan if x.kode.startswith("HIT") or x.kode.startswith("AUD")]


def test_pengaturan_versi_pagu_murni(dihitung, tmp_path):
    temuan = _salin_ubah(dihitung, tmp_path / "m.xlsm", _atur(versi_anggaran="murni"))
    ver = {x.sel for x in temuan if x.kode == "VER02"}
    # the sub kegiatan of program 1.01 hold the perubahan, which is not the murni
    assert ver == {_sel(A, "pagu", n) for n in (0, 2, 3, 5, 6)}


def test_buku_kerja_lama_tanpa_lembar_renstra_pendanaan_tetap_terbaca(tmp_path):
    wb = bangun_contoh("jember_2023", True)
    del wb[L]
    path = tmp_path / "lama.xlsm"
    path.write_bytes(simpan_xlsm(wb))
    temuan = periksa_berkas(path)
    assert not [x for x in temuan if x.kode.startswith("BACA")]
    assert [x for x in temuan if x.tingkat == "galat"] == []


# -- Pasaman Barat: budget versions and sumber dana as published --------------------------------


@pytest.fixture(scope="module")
def pasbar(tmp_path_factory) -> dict[bool, Path]:
    tmp = tmp_path_factory.mktemp("pasbar")
    out = {}
    for dikoreksi in (False, True):
        p = tmp / f"pasbar_{'dikoreksi' if dikoreksi else 'terbit'}.xlsm"
        p.write_bytes(simpan_xlsm(bangun_contoh("pasaman_barat_2022", dikoreksi)))
        out[dikoreksi] = p
    return out


def _baris_anggaran(path: Path) -> list[dict]:
    ws = openpyxl.load_workbook(path)[A.lembar]
    kolom = [k.kunci for k in A.kolom]
    out = []
    for r in range(A.baris_awal, A.baris_akhir + 1):
        v = {k: ws[f"{A.huruf(k)}{r}"].value for k in kolom}
        if v["uraian"]:
            out.append(v)
    return out


def test_pasbar_tabel_3_4_2_sumber_dana_dihitung_ulang(pasbar):
    """Tabel 3.4.2: the whole budget from 'APBD Pemerintah Kabupaten PASBAR', 5.197.839.192 /
    4.904.388.885 / 94,35 %; every sub kegiatan's pagu is the APBD perubahan's."""
    m = muat("permendagri_86_2017")
    for path in pasbar.values():
        sub = [v for v in _baris_anggaran(path) if v["tingkat"] == "Sub Kegiatan"]
        assert len(sub) == 28
        assert {v["sumber_dana"] for v in sub} == {"APBD Kabupaten/Kota"}
        assert all(v["pagu_perubahan"] == v["pagu"] for v in sub)
        pagu = sum(v["pagu"] for v in sub if v["sumber_dana"] == "APBD Kabupaten/Kota")
        real = sum(v["realisasi"] for v in sub if v["sumber_dana"] == "APBD Kabupaten/Kota")
        assert (pagu, real) == (5_197_839_192, 4_904_388_885)
        assert m.aturan["serapan"].hitung(PG=pagu, RL=real).ke_excel() == 94.35


def test_pasbar_anggaran_pk_tabel_2_5_tetap_galat_bukan_beda_versi(pasbar):
    """#6: the PK budget (Tabel 2.5) shifts money between programs with the same total; the
    report prints no pagu murni, so it is not a version difference: PK01 at each program."""
    terbit = periksa_berkas(pasbar[False])
    pk = S.PK_PROGRAM
    assert {x.sel for x in terbit if x.kode == "PK01"} == {
        _sel(pk, "anggaran", n) for n in range(4)
    }
    assert not [x for x in terbit if x.kode in ("VER01", "VER02")]
    # the version of the budget is named only where the workbook records Renstra versions
    rkt = next(x for x in terbit if x.kode == "RKT01")
    assert "(indikator 2.1.1.1; Renstra)" in rkt.pesan
    koreksi = periksa_berkas(pasbar[True])
    assert not [x for x in koreksi if x.kode in ("PK01", "VER01", "VER02", "REN02", "REN03")]
    assert [x for x in koreksi if x.tingkat == "galat"] == []


# -- narrative and Word ---------------------------------------------------------------------------


def _dokumen(path: Path):
    import io

    from docx import Document

    from xlkinerja.buku.berkas import BukuBerkas
    from xlkinerja.keluaran.word import buat_laporan
    from xlkinerja.templat.baca import baca

    data, narasi = buat_laporan(baca(BukuBerkas(path)))
    return Document(io.BytesIO(data)), narasi


def test_narasi_per_program_dan_tabel_kinerja_program_di_word(tmp_path):
    """Jember (Tabel 3.6): one paragraph per program with its outcome indicator, capaian and
    serapan; the Word report prints the Kinerja Program table."""
    path = tmp_path / "jember.xlsm"
    path.write_bytes(simpan_xlsm(bangun_contoh("jember_2023", True)))
    doc, narasi = _dokumen(path)
    assert narasi.galat == []
    teks = narasi.teks("program II")
    assert teks.startswith("Program Pelatihan Kerja dan Produktivitas Tenaga Kerja (II) mendukung")
    assert "indikator outcome" in teks and "capaian 100,00%" in teks
    assert "pagu Rp7.311.991.300 yang terealisasi Rp6.493.318.000 atau serapan 88,80%" in teks
    judul = [p.text for p in doc.paragraphs if p.text.startswith("Tabel 3.")]
    assert "Tabel 3.7 Kinerja dan Anggaran Program, Kegiatan dan Sub Kegiatan Tahun 2023" in judul
    assert not [j for j in judul if "Matriks Renstra" in j]  # no funding matrix in this report
    tabel = doc.tables[-1]
    baris = [" | ".join(c.text for c in r.cells) for r in tabel.rows]
    assert baris[0].startswith("Kode | Program / Kegiatan / Sub Kegiatan | Indikator")
    assert any(b.startswith("II | Program: ") and "| 88,80" in b for b in baris)
    assert any(teks in p.text for p in doc.paragraphs)


def test_matriks_renstra_di_word_dengan_jumlah_per_tahun(dihitung):
    doc, _ = _dokumen(dihitung)
    judul = [p.text for p in doc.paragraphs if "Matriks Renstra" in p.text]
    assert judul and judul[-1].endswith("Matriks Renstra: Target / Pagu Indikatif (Rp) per Tahun")
    tabel = doc.tables[-1]
    kepala = [c.text for c in tabel.rows[0].cells]
    assert kepala[3:8] == ["2021", "2022", "2023", "2024", "2025"]
    program = [x for x in _matriks() if x["tingkat"] == "Program" and x["versi"] == "perubahan"]
    jumlah = [c.text for c in tabel.rows[-1].cells]
    assert jumlah[1] == "Jumlah (Σ program)"
    harus = sum(x["pagu_4"] for x in program)
    assert jumlah[6] == f"{harus:,}".replace(",", ".")
    sub = next(r for r in tabel.rows if r.cells[0].text == "1.01.1.01")
    assert sub.cells[3].text == "10 dokumen / 11.110.000"
