"""Jenjang Kinerja and Rencana Aksi (issue 18): the PK of every official down the cascade, computed
with the methodology's own capaian and predikat, budgets looked up from Anggaran, quarterly
figures aggregated to the year, and the cascade's checks at their cells.

A template is filled by hand (as a user types it) with a 40-row cascade over three levels
(Kepala Dinas → 3 eselon III → 6 eselon IV), its Anggaran (3 programs, 6 kegiatan, 12 sub
kegiatan) and a Rencana Aksi; `hitung`, `periksa` and `ekspor` run on it through the CLI.
"""

from __future__ import annotations

import json
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
from xlkinerja.templat.bangun import bangun_templat, isian_pengaturan

T = S.JENJANG
RA = S.RENCANA_AKSI
KEPALA, NIP = "Dra. Uji Kepala, M.Si", "197410232005011010"

_INGGRIS = re.compile(
    r"\b(the|and|of|not|is|error|none|nan|inf|traceback|exception|cannot|invalid|value|"
    r"true|false|key|index|type|found)\b",
    re.I,
)


def _sel(t: S.Tabel, kolom: str, r: int) -> str:
    return f"{t.huruf(kolom)}{r}"


def _anggaran() -> list[dict]:
    """3 programs › 2 kegiatan › 2 sub kegiatan; parents' pagu are the template's sums."""
    rows = []
    for p in range(1, 4):
        kp = f"2.07.{p:02d}"
        rows.append({"tingkat": "Program", "kode": kp, "uraian": f"Program Uji {p}"})
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


def _jenjang() -> list[dict]:
    """40 PK lines: the Kepala Dinas (5 sasaran, 10 indicators, with the programs), 3 eselon III
    (4 each, one with their program), 6 eselon IV (3 each, two with their sub kegiatan)."""
    rows: list[dict] = []
    for j in range(1, 6):
        for i in (1, 2):
            rows.append(
                {
                    "tingkat": "Eselon II",
                    "jabatan": "Kepala Dinas",
                    "nama": KEPALA,
                    "nip": NIP,
                    "kode_sasaran": str(j),
                    "sasaran": f"Sasaran strategis {j}",
                    "kode": f"{j}.{i}",
                    "indikator": f"Persentase layanan {j}.{i}",
                    "satuan": "%",
                    "target": 80 + i,
                    "realisasi": 70 + 5 * i,
                    "kode_anggaran": f"2.07.{j:02d}" if i == 1 and j <= 3 else None,
                    "versi": "murni",
                }
            )
    for j in range(1, 4):
        for i in range(1, 5):
            rows.append(
                {
                    "tingkat": "Eselon III",
                    "jabatan": f"Kepala Bidang {j}",
                    "nama": f"Kabid Uji {j}",
                    "nip": f"19800101200501100{j}",
                    "kode_sasaran": f"III.{j}",
                    "sasaran": f"Sasaran bidang {j}",
                    "kode": f"III.{j}.{i}",
                    "kode_induk": str(j),
                    "indikator": f"Jumlah keluaran bidang {j}.{i}",
                    "satuan": "dokumen",
                    "target": 10 * i,
                    "realisasi": 10 * i + 1,
                    "kode_anggaran": f"2.07.{j:02d}" if i == 1 else None,
                    "versi": "murni",
                }
            )
    for j in range(1, 4):
        for g in (1, 2):
            for i in (1, 2, 3):
                rows.append(
                    {
                        "tingkat": "Eselon IV",
                        "jabatan": f"Kepala Seksi {j}.{g}",
                        "nama": f"Kasi Uji {j}.{g}",
                        "nip": f"1985020220100110{j}{g}",
                        "kode_sasaran": f"IV.{j}.{g}",
                        "sasaran": f"Sasaran seksi {j}.{g}",
                        "kode": f"IV.{j}.{g}.{i}",
                        "kode_induk": f"III.{j}.{g}",
                        "indikator": f"Jumlah kegiatan seksi {j}.{g}.{i}",
                        "satuan": "kegiatan",
                        "polaritas": "positif",
                        "target": 4,
                        "realisasi": i + 2,
                        "kode_anggaran": f"2.07.{j:02d}.1.{g:02d}.{i:04d}" if i < 3 else None,
                        "versi": "murni",
                    }
                )
    return rows


def _rencana_aksi() -> list[dict]:
    """Quarters of three indicators, one per aggregation, each giving its PK figures."""
    return [
        # kumulatif: 2+3+3+3 = 11 = realisasi of III.1.1 (target 10 = 2+3+3+2)
        {"kode": "III.1.1", "agregasi": "kumulatif", "q_t": (2, 3, 3, 2), "q_r": (2, 3, 3, 3)},
        # terakhir: the last quarter filled (IV.1.1.1: realisasi 3, target 4)
        {"kode": "IV.1.1.1", "agregasi": "terakhir", "q_t": (1, 2, 3, 4), "q_r": (1, 2, 3, None)},
        # rata-rata: (70+80+75+75)/4 = 75 = realisasi of 1.1 (target 81)
        {"kode": "1.1", "agregasi": "rata-rata", "q_t": (81, 81, 81, 81), "q_r": (70, 80, 75, 75)},
    ]


def _tulis_ra(rows: list[dict]) -> list[Tulis]:
    tulis = []
    for n, d in enumerate(rows):
        r = RA.baris_awal + n
        tulis += [Tulis(RA.lembar, _sel(RA, "kode", r), d["kode"])]
        tulis += [Tulis(RA.lembar, _sel(RA, "agregasi", r), d["agregasi"])]
        for i in range(4):
            for awal, q in (("target", d["q_t"]), ("realisasi", d["q_r"])):
                if q[i] is not None:
                    tulis.append(Tulis(RA.lembar, _sel(RA, f"{awal}_tw{i + 1}", r), q[i]))
    return tulis


def _isi(path: Path) -> None:
    """Type the inputs through the file backend, as a user does in Excel."""
    tulis = []
    kunci = [i.kunci for i in isian_pengaturan()]
    for k, v in (
        ("instansi", "Dinas Uji Jenjang"),
        ("tahun", 2024),
        ("renstra_awal", 2021),
        ("kepala", KEPALA),
        ("nip_kepala", "19741023 200501 1 010"),
    ):
        tulis.append(Tulis("Pengaturan", f"B{4 + kunci.index(k)}", v))
    a = S.ANGGARAN
    for n, row in enumerate(_anggaran()):
        for k, v in row.items():
            tulis.append(Tulis(a.lembar, f"{a.huruf(k)}{a.baris_awal + n}", v))
    for n, row in enumerate(_jenjang()):
        for k, v in row.items():
            if v is not None:
                tulis.append(Tulis(T.lembar, _sel(T, k, T.baris_awal + n), v))
    tulis += _tulis_ra(_rencana_aksi())
    b = BukuBerkas(path)
    b.terapkan(Rencana(tulis=tulis))
    b.simpan(path, timpa=True)
    for bak in path.parent.glob(f"{path.name}.*.bak"):
        bak.unlink()


@pytest.fixture(scope="module")
def tangan(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("jenjang")
    path = tmp / "jenjang.xlsm"
    path.write_bytes(bangun_templat(muat("permendagri_86_2017")))
    _isi(path)
    return path


def _baris(kode: str) -> int:
    return T.baris_awal + [x["kode"] for x in _jenjang()].index(kode)


def test_40_baris_tiga_tingkat_dihitung_diperiksa_dan_diekspor(tangan, tmp_path):
    assert len(_jenjang()) == 40
    assert {x["tingkat"] for x in _jenjang()} == {"Eselon II", "Eselon III", "Eselon IV"}
    hasil = CliRunner().invoke(app, ["hitung", str(tangan)])
    assert hasil.exit_code in (0, 1), hasil.output
    assert not _INGGRIS.search(re.sub(r"\S*/\S*", "", hasil.output)), hasil.output
    keluar = next(tangan.parent.glob("jenjang_dihitung*.xlsm"))
    wb = openpyxl.load_workbook(keluar, data_only=True)
    ws = wb[T.lembar]
    r = _baris("1.1")
    assert ws[_sel(T, "capaian", r)].value == pytest.approx(92.59)  # 75 / 81
    assert ws[_sel(T, "predikat", r)].value == "Sangat Tinggi"  # ≥ 91 (Permendagri 86)
    # the program of the Kepala Dinas: Σ of its 4 sub kegiatan, from the Anggaran sheet
    assert ws[_sel(T, "pagu", r)].value == 111_000_000 + 112_000_000 + 121_000_000 + 122_000_000
    assert ws[_sel(T, "pagu", _baris("IV.2.1.1"))].value == 211_000_000
    assert ws[_sel(T, "capaian", _baris("IV.2.1.1"))].value == 75
    wr = wb[RA.lembar]
    r0 = RA.baris_awal
    assert [wr[_sel(RA, "realisasi_tahun", r0 + n)].value for n in range(3)] == [11, 3, 75]
    assert [wr[_sel(RA, "target_tahun", r0 + n)].value for n in range(3)] == [10, 4, 81]
    assert wr[_sel(RA, "realisasi_pk", r0)].value == 11
    temuan = periksa_berkas(keluar)
    di_sini = [x for x in temuan if x.lembar in (T.lembar, RA.lembar)]
    assert di_sini == []
    assert [x for x in temuan if x.tingkat == "galat"] == []
    for x in temuan:
        assert not _INGGRIS.search(x.pesan), x.pesan
    # export: the data format carries both tables
    data = tmp_path / "x.json"
    hasil = CliRunner().invoke(app, ["ekspor", str(keluar), "-o", str(data)])
    assert hasil.exit_code == 0, hasil.output
    isi = json.loads(data.read_text())
    teks = json.dumps(isi)
    assert "IV.3.2.3" in teks and "rata-rata" in teks


def test_kesalahan_jenjang_dilaporkan_di_selnya(tangan, tmp_path):
    rusak = tmp_path / "rusak.xlsm"
    rusak.write_bytes(tangan.read_bytes())
    L, n = T.lembar, len(_jenjang())
    akhir = T.baris_awal + n
    tulis = [
        Tulis(L, _sel(T, "kode_induk", _baris("IV.1.1.1")), None),  # no parent
        Tulis(L, _sel(T, "kode_induk", _baris("IV.1.1.2")), "III.9.9"),  # a parent nowhere
        Tulis(L, _sel(T, "kode_anggaran", _baris("IV.1.2.1")), "9.99.99"),  # not in Anggaran
        # 2.07.02.1.01.0002 also given to Kepala Seksi 2.2 (same level): two officials
        Tulis(L, _sel(T, "kode_anggaran", _baris("IV.2.2.3")), "2.07.02.1.01.0002"),
        Tulis(L, _sel(T, "nip", _baris("1.2")), "19741022 2005011 010"),  # ≠ other rows
        Tulis(L, _sel(T, "realisasi", _baris("III.1.1")), 12),  # quarters give 11
        Tulis(L, _sel(T, "capaian", _baris("III.2.1")), 50),  # typed over the formula
    ]
    # PK perubahan of Kepala Seksi 3.1: target of IV.3.1.1 raised, dated
    for k, v in _jenjang()[_baris("IV.3.1.1") - T.baris_awal].items():
        if v is not None:
            tulis.append(Tulis(L, _sel(T, k, akhir), v))
    tulis += [
        Tulis(L, _sel(T, "target", akhir), 6),
        Tulis(L, _sel(T, "versi", akhir), "perubahan"),
        Tulis(L, _sel(T, "tanggal", akhir), "1 Agustus 2024"),
    ]
    b = BukuBerkas(rusak)
    b.terapkan(Rencana(tulis=tulis))
    b.simpan(rusak, timpa=True)
    semua = periksa_berkas(rusak)
    temuan = {(x.kode, x.lembar, x.sel): x for x in semua}

    def ada(kode: str, kolom: str, r: int, t: S.Tabel = T) -> str:
        key = (kode, t.lembar, _sel(t, kolom, r))
        assert key in temuan, (key, sorted(k for k in temuan if k[0].startswith("JEN")))
        return temuan[key].pesan

    ada("JEN05", "kode_induk", _baris("IV.1.1.1"))
    ada("JEN06", "kode_induk", _baris("IV.1.1.2"))
    ada("JEN07", "kode_anggaran", _baris("IV.1.2.1"))
    assert "Kepala Seksi 2.1" in ada("JEN09", "kode_anggaran", _baris("IV.2.2.3"))
    # 2.07.01.1.02.0001 lost its official: Anggaran names it, Kepala Bidang 1's budget no longer
    # equals the Σ of the sections below
    a = S.ANGGARAN
    r_sub = a.baris_awal + [x["kode"] for x in _anggaran()].index("2.07.01.1.02.0001")
    assert ("JEN10", a.lembar, f"{a.huruf('kode')}{r_sub}") in temuan
    assert "Kepala Seksi 1.1" in ada("JEN08", "pagu", _baris("III.1.1"))
    assert "19741023 200501 1 010" in ada("JEN13", "nip", _baris("1.2"))  # the signature NIP
    assert "Rencana Aksi!" in ada("JEN12", "realisasi", _baris("III.1.1"))
    ada("JEN01", "capaian", _baris("III.2.1"))
    ubah = ada("JEN11", "target", akhir)
    assert "1 Agustus 2024" in ubah and "Kepala Seksi 3.1" in ubah
    assert temuan[("JEN11", L, _sel(T, "target", akhir))].tingkat == "info"
    for x in semua:
        assert not _INGGRIS.search(x.pesan), x.pesan


def test_nama_dan_nip_kepala_dibanding_blok_tanda_tangan(tangan, tmp_path):
    """The Kepala Dinas rows against Pengaturan (nama kepala, NIP kepala): NIP digits compared
    without spaces; another NIP is named at the row's cell."""
    temuan = [x for x in periksa_berkas(tangan) if x.kode == "JEN13"]
    assert temuan == []  # '19741023 200501 1 010' is the same NIP as '197410232005011010'
    lain = tmp_path / "nip.xlsm"
    lain.write_bytes(tangan.read_bytes())
    b = BukuBerkas(lain)
    kunci = [i.kunci for i in isian_pengaturan()]
    b.terapkan(Rencana(tulis=[Tulis("Pengaturan", f"B{4 + kunci.index('nip_kepala')}", "1974")]))
    b.simpan(lain, timpa=True)
    temuan = [x for x in periksa_berkas(lain) if x.kode == "JEN13"]
    kepala = [x["kode"] for x in _jenjang() if x["tingkat"] == "Eselon II"]
    assert {x.sel for x in temuan} == {_sel(T, "nip", _baris(k)) for k in kepala}
    assert all("Pengaturan" in x.pesan for x in temuan)


# -- the Tanjung Jabung Barat cascade (seed 000) ------------------------------------------------

RISET = json.loads(Path("/work/shared/research/000_tanjabbar.json").read_text())


@pytest.fixture(scope="module")
def tanjabbar(tmp_path_factory) -> dict[bool, Path]:
    from xlkinerja.templat.bangun import simpan_xlsm
    from xlkinerja.templat.contoh import bangun_contoh

    tmp = tmp_path_factory.mktemp("tanjabbar")
    out = {}
    for dikoreksi in (False, True):
        path = tmp / f"tanjabbar_{int(dikoreksi)}.xlsm"
        path.write_bytes(simpan_xlsm(bangun_contoh("tanjabbar_2024", dikoreksi)))
        out[dikoreksi] = path
    return out


def _isi_jenjang(path: Path) -> list[dict]:
    ws = openpyxl.load_workbook(path)[T.lembar]
    rows = []
    for r in range(T.baris_awal, T.baris_akhir + 1):
        v = {k.kunci: ws[_sel(T, k.kunci, r)].value for k in T.kolom if k.isian}
        if v["indikator"]:
            rows.append(v | {"r": r})
    return rows


def test_tanjabbar_memuat_seluruh_jenjang_seed_000(tanjabbar):
    rows = _isi_jenjang(tanjabbar[False])
    indikator = {x["indikator"] for x in rows}
    sasaran = {x["sasaran"] for x in rows}
    for u in RISET["eselon_iii"]:
        for blok in u.get("sasaran_indikator", [u]):
            assert set(blok["indikator"]) <= indikator
            if "OCR" not in blok["sasaran"]:
                assert blok["sasaran"] in sasaran
    for u in RISET["eselon_iv"]:
        assert set(u["indikator"]) <= indikator
        assert u["sasaran"] is None or u["sasaran"] in sasaran
        assert u["unit"] in {x["jabatan"] for x in rows}
    kartu = {x["kode_anggaran"]: x for x in rows if x["kode_anggaran"]}
    assert len(kartu) == len(RISET["sub_kegiatan"]) == 34
    for sk in RISET["sub_kegiatan"]:
        x = kartu[f"{sk['no']:02d}"]
        assert x["target"] == sk["target_value"] and x["satuan"] == sk["target_unit"]
        assert sk["sub_kegiatan"] in x["keterangan"]
    assert {x["tingkat"] for x in rows} == {"Eselon II", "Eselon III", "Eselon IV"}


def test_tanjabbar_anggaran_jenjang_mengulang_angka_riset(tanjabbar):
    """T001 (Σ of the 33 legible cards) and T002 (by inferred program), from the pagu the
    cascade looks up in Anggaran, summed per official."""
    hasil = CliRunner().invoke(app, ["hitung", str(tanjabbar[True])])
    assert hasil.exit_code in (0, 1), hasil.output
    keluar = next(tanjabbar[True].parent.glob("tanjabbar_1_dihitung*.xlsm"))
    ws = openpyxl.load_workbook(keluar, data_only=True)[T.lembar]
    per_jabatan: dict[str, float] = {}
    for x in _isi_jenjang(tanjabbar[True]):
        pg = ws[_sel(T, "pagu", x["r"])].value
        if x["kode_anggaran"]:
            per_jabatan[x["jabatan"]] = per_jabatan.get(x["jabatan"], 0) + (pg or 0)
    assert sum(per_jabatan.values()) == RISET["anggaran_total_computed_not_reported"]
    program = RISET["anggaran_by_inferred_program"]
    e4 = [u["unit"] for u in RISET["eselon_iv"]]
    assert (
        per_jabatan[e4[0]] + per_jabatan[e4[1]]
        == program["Penunjang Urusan Pemerintahan Daerah Kab/Kota"]
    )
    kabid = "Kepala Bidang Pelatihan dan Penempatan Tenaga Kerja"
    assert per_jabatan[kabid] == program["Pelatihan Kerja dan Produktivitas Tenaga Kerja"]
    assert per_jabatan[e4[2]] == (
        program["Penempatan Tenaga Kerja"] + program["Perencanaan Tenaga Kerja"]
    )
    assert sum(per_jabatan[u] for u in e4[3:]) == program["Hubungan Industrial"]


def test_tanjabbar_periksa_menandai_nip_kop_berbeda_dengan_tanda_tangan(tanjabbar):
    """T005: the NIP of the Kepala Dinas's PK rows (as printed in the header) against the
    signature block's, at each row's NIP cell; eselon III/IV indicators carry no target (the
    document prints none); the cascade itself (parents, budget lines) is whole."""
    temuan = periksa_berkas(tanjabbar[False])
    nip = [x for x in temuan if x.kode == "JEN13"]
    kepala = [x["r"] for x in _isi_jenjang(tanjabbar[False]) if x["tingkat"] == "Eselon II"]
    assert {x.sel for x in nip} == {_sel(T, "nip", r) for r in kepala} and len(kepala) == 6
    sig = RISET["signatory"]
    assert all(
        sig["nip_header_raw"] in x.pesan and sig["nip_signature_raw"] in x.pesan for x in nip
    )
    target = [x for x in temuan if x.kode == "LEN06" and x.lembar == T.lembar]
    assert len(target) == 1 and "Target, 32 sel" in target[0].pesan
    lain = {x.kode for x in temuan if x.kode.startswith("JEN")} - {"JEN13"}
    assert lain == set()
    koreksi = periksa_berkas(tanjabbar[True])
    assert not [x for x in koreksi if x.kode == "JEN13"]
