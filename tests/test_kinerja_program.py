"""Kinerja Program (issue 17, part 1): indicators of program, kegiatan and sub kegiatan rows,
computed by the methodology's own rules next to pagu, realisasi and % serapan, and checked.

The Jember example carries Tabel 3.6 of LKIP 2023 Disnaker Kab. Jember as published and corrected;
the research figures (ids C133-C141 of the project's research notes) are recomputed by `hitung`.
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
from xlkinerja.templat.contoh import bandingkan_contoh, bangun_contoh

T = S.KINERJA_PROGRAM
L = T.lembar

# Tabel 3.6 as the research recomputed it: (target, realisasi, pct_recomputed,
# pct_recomputed_capped), in the table's order (C133-C141).
RISET_T36 = [
    (7290242400, 6477257300, 88.8483, 88.8483),
    (100, 100, 100.0, 100.0),
    (100, 100, 100.0, 100.0),
    (1163780000, 1149282500, 98.7543, 98.7543),
    (2, 3, 150.0, 100.0),
    (1000, 3898, 389.8, 100.0),
    (37670000, 18531000, 49.193, 49.193),
    (30, 12, 40.0, 40.0),
    (89, 85.71, 96.3034, 96.3034),
]


def _potong(x: float) -> float:
    """Jember's precision: truncated to 2 decimals (Tabel 3.8 and 3.6 print 88,84)."""
    return int(round(x * 100, 6)) / 100


def _sel(kolom: str, r: int) -> str:
    return f"{T.huruf(kolom)}{r}"


def _hitung(path: Path) -> Path:
    """`xlkinerja hitung` as a user runs it; the computed copy it writes."""
    hasil = CliRunner().invoke(app, ["hitung", str(path)])
    assert hasil.exit_code in (0, 1), hasil.output
    (keluar,) = [p for p in path.parent.glob(f"{path.stem}_dihitung*.xls*")]
    return keluar


@pytest.fixture(scope="module")
def jember(tmp_path_factory) -> dict[bool, Path]:
    tmp = tmp_path_factory.mktemp("jember")
    out = {}
    for dikoreksi in (False, True):
        p = tmp / f"jember_{'dikoreksi' if dikoreksi else 'terbit'}.xlsm"
        p.write_bytes(simpan_xlsm(bangun_contoh("jember_2023", dikoreksi)))
        out[dikoreksi] = p
    return out


# -- one declaration ----------------------------------------------------------------------------


def test_kolom_capaian_program_memakai_deklarasi_yang_sama_dengan_pengukuran():
    for kolom in ("capaian", "capaian_tampil", "capaian_predikat", "predikat"):
        assert T.k(kolom).hitung == S.PENGUKURAN.k(kolom).hitung
    assert {T.k(k).cek for k in ("capaian", "capaian_tampil", "predikat")} == {
        "PRG01",
        "PRG02",
        "PRG03",
    }
    assert {"PRG01", "PRG02", "PRG03", "PRG04"} <= set(S.KODE_CEK)


# -- Jember Tabel 3.6 ---------------------------------------------------------------------------


def test_hitung_versi_koreksi_mengulang_persen_riset_tabel_3_6(jember):
    keluar = _hitung(jember[True])
    ws = openpyxl.load_workbook(keluar, data_only=True)[L]
    rumus = openpyxl.load_workbook(keluar)[L]
    for n, (target, real, pct, dibatasi) in enumerate(RISET_T36):
        r = T.baris_awal + n
        assert (ws[_sel("target", r)].value, ws[_sel("realisasi", r)].value) == (target, real)
        assert str(rumus[_sel("capaian", r)].value).startswith("=")
        assert ws[_sel("capaian", r)].value == pytest.approx(_potong(pct)), r
        assert ws[_sel("capaian_tampil", r)].value == pytest.approx(_potong(dibatasi)), r
    # the budget next to each indicator: the input rows' target is the sub kegiatan's pagu
    for r in (T.baris_awal, T.baris_awal + 3, T.baris_awal + 6):
        assert ws[_sel("pagu", r)].value == ws[_sel("target", r)].value
        assert ws[_sel("serapan", r)].value == ws[_sel("capaian", r)].value
    assert [ws[_sel("tingkat", T.baris_awal + n)].value for n in range(3)] == [
        "Sub Kegiatan",
        "Kegiatan",
        "Program",
    ]
    assert ws[_sel("serapan", T.baris_awal + 2)].value == 88.8  # Program II: 6.493.318.000 / …


def test_angka_tabel_3_6_tercetak_cocok_dengan_mesin():
    tabel = [p for p in bandingkan_contoh("jember_2023") if p.tabel == "kinerja_program"]
    assert len(tabel) == 9 and all(p.cocok for p in tabel)
    assert [p.tercatat for p in tabel][:3] == [88.84, 100, 100]


def test_periksa_versi_terbit_menandai_tabel_3_6_di_selnya(jember):
    temuan = [x for x in periksa_berkas(jember[False]) if x.lembar == L]
    r0 = T.baris_awal
    sel = {(x.kode, x.sel) for x in temuan}
    # outcome (program) indicators printed under the sub kegiatan
    assert {s for k, s in sel if k == "PRG09"} == {
        _sel("jenis_indikator", r0 + n) for n in (2, 5, 8)
    }
    assert ("LEN06", _sel("indikator", r0 + 2)) in sel  # the outcome printed without a name
    # the printed % agree with the methodology (cap 100, truncation): no galat on the sheet
    assert not [x for x in temuan if x.tingkat == "galat"]
    assert all(x.pesan.startswith(f"{L}!") for x in temuan)


def test_versi_koreksi_tanpa_galat_dan_tanpa_temuan_tabel_3_6(jember):
    temuan = periksa_berkas(jember[True])
    assert [x for x in temuan if x.tingkat == "galat"] == []
    assert [x for x in temuan if x.lembar == L] == []


# -- a template filled by hand ------------------------------------------------------------------

_INGGRIS = re.compile(
    r"\b(the|and|of|not|is|error|none|nan|inf|traceback|exception|cannot|invalid|value|"
    r"true|false|key|index|type|found)\b",
    re.I,
)


def _anggaran(n_program: int = 10) -> list[dict]:
    rows = []
    for p in range(1, n_program + 1):
        kp = f"2.07.{p:02d}"
        rows.append({"tingkat": "Program", "kode": kp, "uraian": f"Program Uji {p}"})
        if p <= 3:
            rows[-1]["sasaran"] = f"S{p}"
        for k in (1, 2):
            kk = f"{kp}.1.{k:02d}"
            rows.append({"tingkat": "Kegiatan", "kode": kk, "uraian": f"Kegiatan {p}.{k}"})
            for s in (1, 2):
                pagu = 100_000_000 * p + 10_000_000 * k + 1_000_000 * s
                rows.append(
                    {
                        "tingkat": "Sub Kegiatan",
                        "kode": f"{kk}.{s:04d}",
                        "uraian": f"Sub Kegiatan {p}.{k}.{s}",
                        "pagu": pagu,
                        "realisasi": pagu * 9 // 10,
                    }
                )
    return rows


def _indikator(anggaran: list[dict]) -> list[dict]:
    """Indicators on each level: outcome on programs, output on kegiatan, input and output on
    sub kegiatan."""
    out = []
    for a in anggaran:
        if a["tingkat"] == "Program":
            out.append(
                {
                    "kode": a["kode"],
                    "jenis_indikator": "Outcome",
                    "indikator": f"Persentase layanan {a['uraian']}",
                    "satuan": "%",
                    "polaritas": "positif",
                    "target": 90,
                    "realisasi": 81,
                }
            )
        elif a["tingkat"] == "Kegiatan":
            out.append(
                {
                    "kode": a["kode"],
                    "jenis_indikator": "Output",
                    "indikator": f"Jumlah dokumen {a['uraian']}",
                    "satuan": "dokumen",
                    "target": 12,
                    "realisasi": 14,
                }
            )
        else:
            out.append(
                {
                    "kode": a["kode"],
                    "jenis_indikator": "Input",
                    "indikator": "Anggaran",
                    "satuan": "Rp",
                    "target": a["pagu"],
                    "realisasi": a["realisasi"],
                }
            )
            out.append(
                {
                    "kode": a["kode"],
                    "jenis_indikator": "Output",
                    "indikator": f"Jumlah peserta {a['uraian']}",
                    "satuan": "orang",
                    "polaritas": "positif",
                    "target": 40,
                    "realisasi": 30,
                    "pembilang": None,
                }
            )
    return out


def _isi_tangan(path: Path, anggaran: list[dict], indikator: list[dict]) -> None:
    """Type the inputs into the template through the file backend, as a user does in Excel."""
    tulis = []
    kunci = [i.kunci for i in isian_pengaturan()]
    for k, v in (("instansi", "Dinas Uji Program"), ("tahun", 2024), ("renstra_awal", 2021)):
        tulis.append(Tulis("Pengaturan", f"B{4 + kunci.index(k)}", v))
    a = S.ANGGARAN
    for n, row in enumerate(anggaran):
        for k, v in row.items():
            tulis.append(Tulis(a.lembar, f"{a.huruf(k)}{a.baris_awal + n}", v))
    for n, row in enumerate(indikator):
        for k, v in row.items():
            if v is not None:
                tulis.append(Tulis(L, f"{T.huruf(k)}{T.baris_awal + n}", v))
    b = BukuBerkas(path)
    b.terapkan(Rencana(tulis=tulis))
    b.simpan(path, timpa=True)
    for bak in path.parent.glob(f"{path.name}.*.bak"):
        bak.unlink()


@pytest.fixture(scope="module")
def tangan(tmp_path_factory) -> tuple[Path, list[dict], list[dict]]:
    tmp = tmp_path_factory.mktemp("tangan")
    path = tmp / "isian.xlsm"
    path.write_bytes(bangun_templat(muat("permendagri_86_2017")))
    anggaran = _anggaran()
    indikator = _indikator(anggaran)
    _isi_tangan(path, anggaran, indikator)
    return path, anggaran, indikator


def test_templat_diisi_tangan_10_program_3_tingkat_dihitung_dan_diperiksa(tangan):
    path, anggaran, indikator = tangan
    assert len(anggaran) == 70 and len(indikator) == 110
    hasil = CliRunner().invoke(app, ["hitung", str(path)])
    assert hasil.exit_code in (0, 1), hasil.output
    assert not _INGGRIS.search(re.sub(r"\S*/\S*", "", hasil.output)), hasil.output
    keluar = next(path.parent.glob("isian_dihitung*.xlsm"))
    ws = openpyxl.load_workbook(keluar, data_only=True)[L]
    r0 = T.baris_awal
    program = ws[_sel("pagu", r0)].value  # Program 2.07.01: Σ of its 4 sub kegiatan
    assert program == sum(x.get("pagu", 0) for x in anggaran[1:7])
    assert ws[_sel("capaian", r0)].value == 90  # 81 / 90
    assert ws[_sel("capaian", r0 + 1)].value == pytest.approx(116.67)  # 14 / 12
    assert ws[_sel("serapan", r0 + 2)].value == 90
    assert ws[_sel("predikat", r0)].value  # a band of the workbook's scale
    assert ws[_sel("sasaran", r0)].value == "S1"
    temuan = periksa_berkas(keluar)
    assert [x for x in temuan if x.tingkat == "galat"] == []
    assert [x for x in temuan if x.lembar == L] == []
    for x in temuan:
        assert not _INGGRIS.search(x.pesan), x.pesan


def test_kesalahan_tabel_program_dilaporkan_di_selnya(tangan, tmp_path):
    path, anggaran, indikator = tangan
    rusak = tmp_path / "rusak.xlsm"
    rusak.write_bytes(path.read_bytes())
    r0 = T.baris_awal
    # row 0: Program 2.07.01 outcome; row 2: its first sub kegiatan's input (Anggaran)
    sub = indikator[2]
    tulis = [
        Tulis(L, _sel("capaian", r0 + 1), 50),  # a capaian typed over the formula
        Tulis(L, _sel("capaian_tampil", r0 + 3), 90),  # the sub kegiatan's % serapan
        Tulis(L, _sel("kode", r0 + 5), "9.99.99"),  # a code the Anggaran sheet lacks
        Tulis(L, _sel("target", r0 + 7), 1),  # input indicator ≠ pagu
        Tulis(L, _sel("target", r0 + 9), "90 %"),  # text in a number cell
    ]
    # a sub kegiatan's figures copied onto its program row (an input indicator)
    tulis += [
        Tulis(L, _sel(k, r0 + len(indikator)), v)
        for k, v in (
            ("kode", "2.07.01"),
            ("jenis_indikator", "Input"),
            ("indikator", "Anggaran"),
            ("satuan", "Rp"),
            ("target", sub["target"]),
            ("realisasi", sub["realisasi"]),
        )
    ]
    b = BukuBerkas(rusak)
    b.terapkan(Rencana(tulis=tulis))
    b.simpan(rusak, timpa=True)
    temuan = {(x.kode, x.sel): x for x in periksa_berkas(rusak) if x.lembar == L}
    assert ("PRG01", _sel("capaian", r0 + 1)) in temuan
    assert ("PRG02", _sel("capaian_tampil", r0 + 3)) in temuan
    assert ("PRG05", _sel("capaian_tampil", r0 + 3)) in temuan
    assert "serapan Anggaran!" in temuan[("PRG05", _sel("capaian_tampil", r0 + 3))].pesan
    assert ("PRG07", _sel("kode", r0 + 5)) in temuan
    assert ("PRG08", _sel("target", r0 + 7)) in temuan
    assert ("ISI01", _sel("target", r0 + 9)) in temuan
    salin = temuan[("PRG06", _sel("target", r0 + len(indikator)))]
    assert "sub kegiatan 2.07.01.1.01.0001" in salin.pesan and "4 sub kegiatan" in salin.pesan
    assert ("PRG08", _sel("target", r0 + len(indikator))) not in temuan  # said once, as the copy
    for x in temuan.values():
        assert not _INGGRIS.search(x.pesan), x.pesan
    # Hitung refuses the text it cannot compute with, naming its cell; the file is unchanged
    sebelum = rusak.read_bytes()
    hasil = CliRunner().invoke(app, ["hitung", str(rusak)])
    assert f"{L}!{_sel('target', r0 + 9)}" in hasil.output
    assert rusak.read_bytes() == sebelum


def test_buku_kerja_lama_tanpa_lembar_kinerja_program_tetap_terbaca(tmp_path):
    wb = bangun_contoh("jember_2023", True)
    del wb[L]
    path = tmp_path / "lama.xlsm"
    path.write_bytes(simpan_xlsm(wb))
    temuan = periksa_berkas(path)
    assert not [x for x in temuan if x.kode.startswith("BACA")]
    assert [x for x in temuan if x.tingkat == "galat"] == []
