"""Periksa's budget-tree and table-bound checks (xlkinerja.cek.hierarki, issue 15 cases 4-6): each
case is made from the corrected Jember example by editing input cells as a user would, saved with
its recalculated values, and checked by the real `periksa_berkas`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.cek.periksa import periksa_berkas
from xlkinerja.cek.temuan import Temuan
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import baca
from xlkinerja.templat.bangun import simpan_xlsm
from xlkinerja.templat.contoh import bangun_contoh

A, P, E = S.ANGGARAN, S.PENGUKURAN, S.EFISIENSI
CONTOH = Path(__file__).resolve().parent.parent / "workbooks" / "contoh"
KODE_BARU = {"HIR01", "HIR02", "LUAR01", "LUAR02"}


def _baris(ws, kode: str) -> int:
    """The budget row holding `kode`."""
    for r in range(A.baris_awal, A.baris_akhir + 1):
        if ws[f"{A.huruf('kode')}{r}"].value == kode:
            return r
    raise AssertionError(kode)


def _periksa(tmp_path: Path, ubah: Callable[[openpyxl.Workbook], None]) -> tuple[Path, list]:
    wb = bangun_contoh("jember_2023", dikoreksi=True)
    ubah(wb)
    path = tmp_path / "ubah.xlsm"
    path.write_bytes(simpan_xlsm(wb))  # with every formula's value, as Excel saves it
    return path, periksa_berkas(path)


def _dari(temuan: list[Temuan], kode: str) -> list[Temuan]:
    return [x for x in temuan if x.kode == kode]


def _nilai(path: Path, lembar: str, sel: str):
    wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    try:
        return wb[lembar][sel].value
    finally:
        wb.close()


# -- case 4: one sasaran on a program, its kegiatan and its sub kegiatan ---------------------------


def test_sasaran_di_program_kegiatan_dan_sub_kegiatan_dilaporkan_di_sel_tingkat_bawahnya(tmp_path):
    sel: dict[str, str] = {}

    def ubah(wb):
        ws = wb["Anggaran"]
        for kode in ("II.1", "II.1.1"):  # program II already supports sasaran 1
            sel[kode] = f"{A.huruf('sasaran')}{_baris(ws, kode)}"
            ws[sel[kode]] = "1"

    path, temuan = _periksa(tmp_path, ubah)
    ganda = _dari(temuan, "HIR01")
    assert [(x.lembar, x.sel, x.tingkat) for x in ganda] == [
        ("Anggaran", sel["II.1"], "galat"),
        ("Anggaran", sel["II.1.1"], "galat"),
    ]
    assert "dua kali" in ganda[0].pesan and "tiga kali" in ganda[1].pesan
    assert "program II di baris 28" in ganda[0].pesan
    assert "kosongkan sel ini" in ganda[0].pesan
    # the finding is true: the sasaran's pagu in Efisiensi (the template's own formula) exceeds
    # the whole budget, and the message states both figures
    total = _nilai(path, "Anggaran", f"{A.huruf('pagu')}{S.BARIS_TOTAL}")
    pagu = _nilai(path, "Efisiensi", f"{E.huruf('pagu')}{E.baris_awal}")
    assert _nilai(path, "Efisiensi", f"{E.huruf('kode_sasaran')}{E.baris_awal}") == "1"
    assert pagu > total
    assert "Rp23.336.887.100" in ganda[0].pesan and f"{pagu:,.0f}".replace(",", ".") in (
        ganda[0].pesan
    )


def test_sasaran_lain_pada_kegiatan_tidak_dilaporkan(tmp_path):
    """A kegiatan supporting another sasaran than its program's is allowed (module docstring)."""

    def ubah(wb):
        ws = wb["Anggaran"]
        ws[f"{A.huruf('sasaran')}{_baris(ws, 'II.1')}"] = "2"

    _, temuan = _periksa(tmp_path, ubah)
    assert _dari(temuan, "HIR01") == []


def test_induk_tanpa_uraian_tetap_diperiksa_tanpa_galat_internal(tmp_path):
    """A parent row whose uraian was cleared still sums its rows (its formula does): the double
    link is reported, and the file is not refused with an internal error."""

    def ubah(wb):
        ws = wb["Anggaran"]
        ws[f"{A.huruf('uraian')}{_baris(ws, 'II')}"] = None
        ws[f"{A.huruf('sasaran')}{_baris(ws, 'II.1')}"] = "1"

    _, temuan = _periksa(tmp_path, ubah)
    assert not _dari(temuan, "BACA02")
    assert [x.sel for x in _dari(temuan, "HIR01")] == [f"{A.huruf('sasaran')}29"]
    assert "program II di baris 28" in _dari(temuan, "HIR01")[0].pesan


# -- case 5: a code that belongs to another parent -------------------------------------------------


def test_sub_kegiatan_berkode_kegiatan_lain_dilaporkan_di_sel_kodenya(tmp_path):
    r: dict[str, int] = {}

    def ubah(wb):
        ws = wb["Anggaran"]
        r.update(sub=_baris(ws, "I.4.1"), induk=_baris(ws, "I.4"), lain=_baris(ws, "I.3"))
        ws[f"{A.huruf('kode')}{r['sub']}"] = "I.3.6"  # typed under I.4

    path, temuan = _periksa(tmp_path, ubah)
    salah = _dari(temuan, "HIR02")
    assert [(x.lembar, x.sel, x.tingkat) for x in salah] == [
        ("Anggaran", f"{A.huruf('kode')}{r['sub']}", "galat")
    ]
    pesan = salah[0].pesan
    assert f"kegiatan I.4 di baris {r['induk']}" in pesan
    assert f"dijumlahkan ke kegiatan I.3 di baris {r['lain']}" in pesan
    # the money did move: kegiatan I.3 now holds the sub kegiatan's pagu, I.4 none
    pg = A.huruf("pagu")
    assert _nilai(path, "Anggaran", f"{pg}{r['induk']}") == 0
    i3 = sum(_nilai(path, "Anggaran", f"{pg}{x}") for x in range(r["lain"] + 1, r["induk"]))
    assert _nilai(path, "Anggaran", f"{pg}{r['lain']}") == i3 + _nilai(
        path, "Anggaran", f"{pg}{r['sub']}"
    )


def test_kegiatan_di_bawah_program_lain_dilaporkan_di_sel_kodenya(tmp_path):
    r: dict[str, int] = {}

    def ubah(wb):
        ws = wb["Anggaran"]
        r.update(keg=_baris(ws, "IV.1"), prog=_baris(ws, "IV"), lain=_baris(ws, "III"))
        # a kegiatan block of program III pasted under program IV, its codes kept
        for n, kode in enumerate(("III.4", "III.4.1", "III.4.2", "III.4.3")):
            ws[f"{A.huruf('kode')}{r['keg'] + n}"] = kode

    _, temuan = _periksa(tmp_path, ubah)
    salah = _dari(temuan, "HIR02")
    assert [x.sel for x in salah] == [f"{A.huruf('kode')}{r['keg']}"]  # its sub kegiatan fit it
    assert f"program IV di baris {r['prog']}" in salah[0].pesan
    assert f"dijumlahkan ke program III di baris {r['lain']}" in salah[0].pesan


def test_kode_milik_kegiatan_di_bawahnya_dilaporkan_tidak_dijumlahkan(tmp_path):
    r: dict[str, int] = {}

    def ubah(wb):
        ws = wb["Anggaran"]
        r.update(sub=_baris(ws, "I.2.2"), pemilik=_baris(ws, "I.3"))
        ws[f"{A.huruf('kode')}{r['sub']}"] = "I.3.9"

    _, temuan = _periksa(tmp_path, ubah)
    salah = _dari(temuan, "HIR02")
    assert [x.sel for x in salah] == [f"{A.huruf('kode')}{r['sub']}"]
    assert "tidak dijumlahkan ke baris induk mana pun" in salah[0].pesan
    assert f"kegiatan I.3 di baris {r['pemilik']}" in salah[0].pesan
    # and the program total no longer holds it
    assert _dari(temuan, "PK01")


# -- case 6: values typed just below a table -------------------------------------------------------


def test_indikator_di_baris_pertama_di_bawah_tabel_dilaporkan_di_selnya(tmp_path):
    r = P.baris_akhir + 1

    def ubah(wb):
        ws = wb["Pengukuran"]
        for c in P.kolom:
            if c.isian:  # a copy of the second indicator, typed below the last row
                ws[f"{P.huruf(c.kunci)}{r}"] = ws[f"{P.huruf(c.kunci)}{P.baris_awal + 1}"].value

    path, temuan = _periksa(tmp_path, ubah)
    luar = _dari(temuan, "LUAR01")
    assert [(x.lembar, x.sel, x.tingkat) for x in luar] == [("Pengukuran", f"A{r}", "galat")]
    assert "klik kanan" in luar[0].pesan and "Sisipkan" in luar[0].pesan
    assert f"berakhir di baris {P.baris_akhir}" in luar[0].pesan
    # the finding is true: the reader, and so every command, counts the indicators without it
    sebelum = baca(BukuBerkas(CONTOH / "jember_2023_dikoreksi.xlsm")).isi("pengukuran")
    sesudah = baca(BukuBerkas(path)).isi("pengukuran")
    assert len(sesudah) == len(sebelum) and r not in dict(sesudah)


def test_saran_sisipkan_baris_lalu_pindahkan_menghapus_temuan(tmp_path):
    """The message's advice, followed as a user would (a row inserted inside the table by
    LibreOffice, the content moved into it): the finding goes, the indicator is read. The table's
    new end is followed: the row below it is checked, not the old one."""
    import subprocess

    asli = P.baris_akhir + 1
    isian = [c.kunci for c in P.kolom if c.isian]

    def ubah(wb):
        ws = wb["Pengukuran"]
        for k in isian:
            ws[f"{P.huruf(k)}{asli}"] = ws[f"{P.huruf(k)}{P.baris_awal + 1}"].value
        ws[f"{P.huruf('kode')}{asli}"] = "1.9"

    path, temuan = _periksa(tmp_path, ubah)
    assert [x.sel for x in _dari(temuan, "LUAR01")] == [f"A{asli}"]
    sebelum = len(baca(BukuBerkas(path)).isi("pengukuran"))
    sisip = tmp_path / "sisip.xlsm"
    skrip = Path(__file__).parent / "uno" / "sisip_baris.py"
    baris = P.baris_awal + 2  # inside the table
    subprocess.run(
        [
            "/usr/bin/python3",
            str(skrip),
            str(path),
            str(sisip),
            str(tmp_path / "profil"),
            f"Pengukuran:{baris}:1",
        ],
        check=True,
        timeout=300,
    )
    wb = openpyxl.load_workbook(sisip, keep_vba=True)
    ws = wb["Pengukuran"]
    for k in isian:  # cut the row (now one lower) and paste it into the inserted row
        ws[f"{P.huruf(k)}{baris}"] = ws[f"{P.huruf(k)}{asli + 1}"].value
        ws[f"{P.huruf(k)}{asli + 1}"] = None
    ws[f"{P.huruf('keterangan')}{asli + 2}"] = 7  # and a number in the gap's second row
    wb.save(sisip)
    temuan = periksa_berkas(sisip)
    # only the value typed below the table's new end remains
    assert [x.sel for x in _dari(temuan, "LUAR01")] == [f"{P.huruf('keterangan')}{asli + 2}"]
    b = baca(BukuBerkas(sisip))
    assert b.tata.akhir(P) == P.baris_akhir + 1
    assert len(b.isi("pengukuran")) == sebelum + 1


def test_isian_di_bawah_setiap_tabel_isian_dilaporkan(tmp_path):
    """Every input table of the schema: a value in a non-key input column of the first row below
    it (the key column would extend the tables whose end the reader finds by content)."""
    harus: set[tuple[str, str]] = set()

    def ubah(wb):
        for t in S.TABEL.values():
            kol = next((c for c in t.kolom if c.isian and c.kunci != t.kunci_baris), None)
            if not t.kapasitas or kol is None:
                continue
            sel = f"{t.huruf(kol.kunci)}{t.baris_akhir + 1}"
            wb[t.lembar][sel] = 12
            harus.add((t.lembar, sel))
        wb["Pengukuran"][f"{P.huruf('target')}{P.baris_akhir + 2}"] = 5  # the gap's second row

    _, temuan = _periksa(tmp_path, ubah)
    harus.add(("Pengukuran", f"{P.huruf('target')}{P.baris_akhir + 2}"))
    assert len(harus) >= 12
    assert {(x.lembar, x.sel) for x in _dari(temuan, "LUAR01")} == harus


def test_catatan_teks_di_bawah_tabel_hanya_peringatan(tmp_path):
    """Text alone outside the key column reads as a note under the table: a warning, not an
    error; the same row with a number is data left out, an error."""
    r = P.baris_akhir + 1

    def ubah(wb):
        ws = wb["Pengukuran"]
        ws[f"A{r}"] = "*) data sementara, menunggu rilis BPS"
        ws[f"{P.huruf('target')}{r + 1}"] = "-"
        ws[f"{P.huruf('realisasi')}{r + 1}"] = 81.5

    _, temuan = _periksa(tmp_path, ubah)
    assert [(x.kode, x.sel, x.tingkat) for x in temuan if x.kode in KODE_BARU] == [
        ("LUAR02", f"A{r}", "peringatan"),
        ("LUAR01", f"{P.huruf('target')}{r + 1}", "galat"),
    ]


def test_excel_dan_berkas_memberi_temuan_hierarki_yang_sama(tmp_path):
    """One action layer over two backends: the workbook opened in Excel (xlwings' object model,
    as the ribbon's Periksa reads it) gives the same new findings as the saved file."""
    import xlwings as xw

    from tests.xlremote import payload
    from xlkinerja.buku.excel import BukuXlwings
    from xlkinerja.cek.periksa import temukan

    def ubah(wb):
        ws = wb["Anggaran"]
        ws[f"{A.huruf('sasaran')}{_baris(ws, 'II.1')}"] = "1"
        ws[f"{A.huruf('kode')}{_baris(ws, 'I.4.1')}"] = "I.3.6"
        ws[f"{A.huruf('uraian')}{A.baris_akhir + 1}"] = "Sub kegiatan yang terlewat"
        wb["Pengukuran"][f"{P.huruf('indikator')}{P.baris_akhir + 1}"] = "Indikator ke-4"

    path, temuan = _periksa(tmp_path, ubah)
    berkas = {(x.kode, x.lembar, x.sel, x.pesan) for x in temuan if x.kode in KODE_BARU}
    book = xw.Book(json=payload(path))
    excel = {
        (x.kode, x.lembar, x.sel, x.pesan)
        for x in temukan(baca(BukuXlwings(book)))
        if x.kode in KODE_BARU
    }
    assert {x[0] for x in berkas} == {"HIR01", "HIR02", "LUAR01"} and len(berkas) == 4
    assert excel == berkas


# -- the bundled examples -------------------------------------------------------------------------


@pytest.mark.parametrize("berkas", sorted(CONTOH.glob("*.xlsm")), ids=lambda p: p.stem)
def test_contoh_terbit_dan_kembarannya_tanpa_temuan_hierarki(berkas):
    """The five bundled workbooks (one has sub kegiatan rows only) are well-formed trees with
    nothing below their tables."""
    assert [x for x in periksa_berkas(berkas) if x.kode in KODE_BARU] == []
