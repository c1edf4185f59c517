"""The fast value reader gives exactly what openpyxl (data_only) gives, cell by cell, and
`BukuBerkas` falls back to openpyxl whenever it cannot or after a write."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.workbook.defined_name import DefinedName

from xlkinerja.buku.baca_cepat import (
    _SEL_BIASA,
    TidakDidukung,
    _Jenis,
    _sel_biasa,
    _sel_umum,
    baca_isi,
    format_persen,
    sel_persen_openpyxl,
)
from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.mesin.libreoffice import konversi, soffice
from xlkinerja.templat.sampel import instansi_sampel

ROOT = Path(__file__).resolve().parents[1]


def _sama_dengan_openpyxl(data: bytes) -> None:
    isi = baca_isi(data)
    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    assert isi.lembar == wb.sheetnames
    for ws in wb.worksheets:
        harus = {k: c.value for k, c in ws._cells.items() if c.value is not None}
        dapat = isi.sel[ws.title]
        assert dapat == harus, ws.title
        for k, v in harus.items():  # 1 and 1.0, True and 1 are equal but not the same
            assert type(dapat[k]) is type(v), (ws.title, k, v, dapat[k])
    nama = {}
    for n, dn in wb.defined_names.items():
        tujuan = list(dn.destinations)
        nama[n] = (tujuan[0][0], tujuan[0][1].replace("$", "")) if tujuan else None
    assert set(isi.nama) == set(nama)
    for n, v in nama.items():
        if isi.nama[n] is not None:  # None: not a plain reference, BukuBerkas asks openpyxl
            # openpyxl leaves the doubled quote of a quoted sheet name ('O''Neil') as it is
            assert isi.nama[n] == (v[0].replace("''", "'"), v[1])
    wbf = openpyxl.load_workbook(io.BytesIO(data))
    for ws in wbf.worksheets:
        berumus = {
            k for k, c in ws._cells.items() if isinstance(c.value, str) and c.value.startswith("=")
        }
        assert isi.rumus[ws.title] == berumus, ws.title
    for ws in wb.worksheets:  # numbers shown with a percent format, as openpyxl sees them
        assert isi.persen[ws.title] == sel_persen_openpyxl(ws, "A1:XFD1048576"), ws.title


def _aneh() -> bytes:
    """Dates, times, booleans, errors, rich and inline text, entities, line breaks, merged
    cells, quoted sheet names and names pointing there, formulas with text results."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data O'Neil & Co"
    ws["A1"] = dt.datetime(2024, 3, 31, 13, 45)
    ws["A2"] = dt.date(2023, 12, 1)
    ws["A2"].number_format = "d mmmm yyyy"
    ws["A3"] = dt.time(7, 30)
    ws["A4"] = dt.timedelta(hours=30)
    ws["B1"], ws["B2"] = True, False
    ws["B3"] = "#DIV/0!"
    ws["B3"].data_type = "e"
    ws["C1"] = CellRichText("Capaian ", TextBlock(InlineFont(b=True), "96,30"), " %")
    ws["C2"] = "a < b & \"c\" 'd'"
    ws["C3"] = "baris satu\nbaris dua\r\nketiga"
    ws["C4"] = "  spasi di tepi  "
    ws["C5"] = "x005F_tetap"
    ws["D1"], ws["D2"], ws["D3"] = 1, 1.0, 1e-12
    ws["D4"], ws["D5"] = -2.5e20, 12345678901234
    for sel, fmt in (("J1", "0%"), ("J2", "0.00%"), ("J3", '0.0"%"'), ("J4", "#,##0.0\\%")):
        ws[sel], ws[sel].number_format = 0.75, fmt  # J3 and J4: a literal % sign, not × 100
    ws["J5"], ws["J5"].number_format = "75%", "0%"  # text in a percent cell stays text
    ws["E1"] = '=IF(D1>0,"ya","tidak")'
    ws["E2"] = "=SUM(D1:D3)"
    ws["F1"] = "judul gabungan"
    ws.merge_cells("F1:H2")
    ws2 = wb.create_sheet("Kedua")
    ws2["B5"] = "isi"
    ws2["Z300"] = 3.5
    wb.defined_names["xk_satu"] = DefinedName("xk_satu", attr_text="'Data O''Neil & Co'!$C$2")
    wb.defined_names["xk_rentang"] = DefinedName("xk_rentang", attr_text="Kedua!$B$5:$B$9")
    wb.defined_names["xk_rumit"] = DefinedName("xk_rumit", attr_text="Kedua!$B$5+1")
    buf = io.BytesIO()
    wb.save(buf)
    # cached values for the formulas, as Excel would store them
    data = buf.getvalue()
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            b = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                t = b.decode()
                t = t.replace(
                    '<c r="E1"><f>IF(D1&gt;0,"ya","tidak")</f><v></v></c>',
                    '<c r="E1" t="str"><f>IF(D1&gt;0,"ya","tidak")</f><v>ya &amp; &#8212;</v></c>',
                )
                t = t.replace("<f>SUM(D1:D3)</f><v></v>", "<f>SUM(D1:D3)</f><v>2.000000000001</v>")
                b = t.encode()
            z.writestr(info, b)
    return out.getvalue()


def test_nilai_cepat_sama_dengan_openpyxl_pada_templat_dan_contoh():
    paths = [ROOT / "workbooks" / "template_lkjip.xlsm"]
    paths += sorted((ROOT / "workbooks" / "contoh").glob("*.xlsm"))
    assert len(paths) >= 4
    for p in paths:
        _sama_dengan_openpyxl(p.read_bytes())


def test_nilai_cepat_sama_dengan_openpyxl_pada_sel_aneh():
    data = _aneh()
    assert (
        "ya &amp; &#8212;"
        in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    )
    _sama_dengan_openpyxl(data)
    isi = baca_isi(data)
    assert isi.sel["Data O'Neil & Co"][(1, 5)] == "ya & —"
    assert isi.nama["xk_satu"] == ("Data O'Neil & Co", "C2")
    assert isi.nama["xk_rumit"] is None  # not a plain reference: BukuBerkas asks openpyxl
    assert isi.persen["Data O'Neil & Co"] == {(1, 10), (2, 10)}


def test_format_persen_hanya_yang_mengalikan_seratus():
    assert format_persen("0%") and format_persen("0.00%") and format_persen("#,##0.0%;[Red]-0%")
    assert not format_persen('0.0"%"') and not format_persen("0\\%")
    assert not format_persen("General")
    assert not format_persen("[$%-421]0") and not format_persen(None)


def _lembar_lembar(data: bytes) -> list[str]:
    """The sheetData contents of each sheet of a workbook."""
    z = zipfile.ZipFile(io.BytesIO(data))
    out = []
    for n in sorted(z.namelist()):
        if n.startswith("xl/worksheets/sheet"):
            teks = z.read(n).decode()
            awal = re.search(r"<sheetData>", teks)
            if awal:
                out.append(teks[awal.end() : teks.index("</sheetData>")])
    return out


def test_jalur_cepat_dan_jalur_umum_membaca_sel_yang_sama():
    """Where the one-regex path (`_sel_biasa`) applies it gives what the per-tag path gives;
    it applies to every sheet of the template and of the examples."""
    paths = [ROOT / "workbooks" / "template_lkjip.xlsm"]
    paths += sorted((ROOT / "workbooks" / "contoh").glob("*.xlsm"))
    sst = [f"teks {i}" for i in range(1000)]
    for p in paths:
        for isi in _lembar_lembar(p.read_bytes()):
            biasa = _SEL_BIASA.findall(isi)
            assert len(biasa) == isi.count("<c"), p.name
            umum = _sel_umum(isi, _Jenis(sst, set(), set(), None))
            assert _sel_biasa(biasa, _Jenis(sst, set(), set(), None)) == umum


def test_atribut_sel_dalam_urutan_lain_dibaca_jalur_umum_sama_dengan_openpyxl():
    """A writer that orders a cell's attributes differently (t before s, extra attributes)
    makes the one-regex path decline the sheet; the values stay openpyxl's."""
    data = _aneh()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            b = zin.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                b = re.sub(rb'<c r="(\w+)" s="(\d+)" t="(\w+)"', rb'<c t="\3" r="\1" s="\2"', b)
                b = b.replace(b"<c r=", b'<c cm="1" r=', 1)
            zout.writestr(info, b)
    ubah = out.getvalue()
    assert any(len(_SEL_BIASA.findall(x)) != x.count("<c") for x in _lembar_lembar(ubah))
    _sama_dengan_openpyxl(ubah)
    assert baca_isi(ubah).sel == baca_isi(data).sel


@pytest.mark.skipif(soffice() is None, reason="LibreOffice tidak terpasang")
def test_nilai_cepat_sama_dengan_openpyxl_pada_berkas_libreoffice(tmp_path):
    """LibreOffice writes shared strings, other attributes and its own styles."""
    from xlkinerja.inti.metode import muat
    from xlkinerja.templat.bangun import bangun_workbook, simpan_xlsm
    from xlkinerja.templat.isi import isi_workbook

    m = muat("jember_2023")
    wb = bangun_workbook(m)
    isi_workbook(wb, instansi_sampel(), m)
    src = tmp_path / "sampel.xlsm"
    src.write_bytes(simpan_xlsm(wb))
    (hasil,) = konversi([src], tmp_path / "lo")
    data = hasil.read_bytes()
    assert "sharedStrings" in " ".join(zipfile.ZipFile(io.BytesIO(data)).namelist())
    _sama_dengan_openpyxl(data)


def test_buku_berkas_membaca_sama_dengan_atau_tanpa_pembaca_cepat(tmp_path):
    path = ROOT / "workbooks" / "contoh" / "jember_2023.xlsm"
    cepat, lambat = BukuBerkas(path), BukuBerkas(path)
    lambat._isi = None  # as when the fast reader declines a file
    assert cepat._cepat() is not None and lambat._cepat() is None
    assert cepat.lembar() == lambat.lembar()
    for lembar in cepat.lembar():
        for rentang in ("A1:Z120", "B4", "C1:C5000", "$A$5:$W$5"):
            assert cepat.nilai(lembar, rentang) == lambat.nilai(lembar, rentang), (lembar, rentang)
        for kolom in ("A", "C", "AB"):
            assert cepat.kolom(lembar, kolom, 5000) == lambat.kolom(lembar, kolom, 5000)
    for nama in ("xk_instansi", "xk_tahun", "xk_metode", "tidak_ada"):
        assert cepat.sel_nama(nama) == lambat.sel_nama(nama)
    assert "_nilai" not in cepat.__dict__ and "_penulis" not in cepat.__dict__  # nothing else


def test_setelah_menulis_nilai_dibaca_beserta_tulisannya():
    buku = BukuBerkas(ROOT / "workbooks" / "contoh" / "jember_2023.xlsm")
    sebelum = buku.nilai("Pengaturan", "B4")[0][0]
    buku._tulis("Pengaturan", "B4", "Dinas Baru")
    buku._tulis("Pengaturan", "C40", "=B4")
    assert buku._cepat() is not None and "_nilai" not in buku.__dict__  # no openpyxl load
    assert buku.nilai("Pengaturan", "B4") == [["Dinas Baru"]] != [[sebelum]]
    assert buku.nilai("Pengaturan", "C40") == [[None]]  # a formula written shows no value yet
    assert (40, 3) in buku.sel_berumus("Pengaturan")
    assert buku.baris_akhir("Pengaturan") >= 40


def test_berkas_yang_tidak_didukung_dibaca_openpyxl(tmp_path):
    data = _aneh()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as z:
        for info in zin.infolist():
            b = zin.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                b = b.replace(b'<c r="B5" t="inlineStr">', b'<c r="B5" t="d"><v>2024-01-02</v>')
                b = b.replace(b"<is><t>isi</t></is>", b"")
            z.writestr(info, b)
    with pytest.raises(TidakDidukung):
        baca_isi(out.getvalue())
    path = tmp_path / "tanggal_iso.xlsx"
    path.write_bytes(out.getvalue())
    buku = BukuBerkas(path)
    assert buku._cepat() is None
    assert buku.nilai("Kedua", "B5") == [[dt.date(2024, 1, 2)]]
    assert buku.sel_nama("xk_rentang") == ("Kedua", "B5:B9")


def _ganti_lembar2(data: bytes, fn) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as z:
        for info in zin.infolist():
            b = zin.read(info)
            z.writestr(info, fn(b) if info.filename == "xl/worksheets/sheet2.xml" else b)
    return out.getvalue()


@pytest.mark.parametrize(
    "ubah",
    [
        lambda b: b.replace(b'<row r="5">', b'<row r="5"></x>', 1),  # not well-formed
        lambda b: (
            b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "b">]>'
            + b[b.index(b"<worksheet") :]
        ),
    ],
    ids=["xml_rusak", "dtd"],
)
def test_xml_rusak_atau_dtd_tidak_dibaca_diam_diam(tmp_path, ubah):
    """The fast reader would find the cells anyway; it declines, so the file fails as it does
    with openpyxl instead of being read."""
    data = _ganti_lembar2(_aneh(), ubah)
    with pytest.raises(TidakDidukung):
        baca_isi(data)
    with pytest.raises(Exception):  # noqa: B017 - whatever openpyxl raises
        openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(data)
    with pytest.raises(Exception):  # noqa: B017
        BukuBerkas(path)
