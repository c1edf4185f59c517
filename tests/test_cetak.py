"""What users print: the Word report's tables break no word, workbooks print on few pages with
their settings, and every colour pair xlkinerja draws reads at WCAG AA contrast."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm
from openpyxl import load_workbook

from xlkinerja.inti.metode import METODE, SKALA
from xlkinerja.inti.warna import AA, HITAM, kontras, teks_untuk
from xlkinerja.keluaran.word import (
    WARNA_JUDUL,
    bangun_templat_docx,
    ke_pdf,
    metodologi_laporan,
)
from xlkinerja.mesin.libreoffice import konversi
from xlkinerja.templat.bangun import BARIS_PENGATURAN, isian_pengaturan

AKAR = Path(__file__).resolve().parents[1]
CONTOH = AKAR / "workbooks" / "contoh"
perlu_lo = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice/poppler tidak terpasang",
)


def _laporan(xlsm: Path, keluar: Path) -> Path:
    p = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "laporan", str(xlsm), "-o", str(keluar)],
        capture_output=True,
        text=True,
        cwd=AKAR,
    )
    assert p.returncode == 0, p.stdout + p.stderr
    return keluar


def _kata_pdf(pdf: Path) -> Counter[str]:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return Counter(out.stdout.split())


def kata_terpotong(docx: Path, pdf: Path) -> list[str]:
    """Words of the document's table cells that the PDF does not hold whole as often as the
    document does: each is broken across lines somewhere ("PEMERINTAH AN")."""
    doc = Document(str(docx))
    semua = Counter(w for p in doc.paragraphs for w in p.text.split())
    di_tabel: set[str] = set()
    for t in doc.tables:
        for row in t.rows:
            for c in row.cells:
                kata = c.text.split()
                di_tabel.update(kata)
                semua.update(kata)
    pdf_kata = _kata_pdf(pdf)
    return sorted(w for w in di_tabel if pdf_kata[w] < semua[w])


@perlu_lo
@pytest.mark.parametrize("contoh", ["jember_2023", "pasaman_barat_2022"])
def test_laporan_word_tidak_memotong_kata_di_tabel(tmp_path, contoh):
    docx = _laporan(CONTOH / f"{contoh}.xlsm", tmp_path / "LKjIP.docx")
    pdf = ke_pdf(docx, tmp_path)
    assert kata_terpotong(docx, pdf) == []


@perlu_lo
def test_pemeriksa_kata_terpotong_menemukan_kolom_sempit(tmp_path):
    docx = _laporan(CONTOH / "jember_2023.xlsm", tmp_path / "LKjIP.docx")
    doc = Document(str(docx))
    t = doc.tables[-1]  # realisasi anggaran: "Kabupaten/Kota", "15.308.539.115"
    for row in t.rows:
        for c in row.cells:
            c.width = Cm(1.2)
    for gc in t._tbl.tblGrid.gridCol_lst:
        gc.w = Cm(1.2)
    sempit = tmp_path / "sempit.docx"
    doc.save(str(sempit))
    assert kata_terpotong(sempit, ke_pdf(sempit, tmp_path / "pdf")) != []


def test_laporan_word_judul_tabel_menempel_dan_baris_judul_berulang():
    doc = Document(io.BytesIO(bangun_templat_docx()))
    cap = [p for p in doc.paragraphs if p.text.startswith("Tabel {{ nomor.")]
    assert len(cap) == len(doc.tables) and all(p.paragraph_format.keep_with_next for p in cap)
    for t in doc.tables:
        trpr = t.rows[0]._tr.trPr
        assert (
            trpr is not None
            and trpr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
            is not None
        )


def test_metodologi_laporan_tanpa_kunci_internal_dan_sumber_instansi_lain():
    for m in METODE.values():
        d = metodologi_laporan(m, "Dinas Kesehatan Kabupaten Contoh")
        teks = d["capaian"] + d["efisiensi"]
        for bocor in ("rata_rata", "(bawaan)", "sebagaimana dinyatakan", "Jember", "Pasaman"):
            if bocor in ("Pasaman",) and "Pasaman" in m.skala.nama:
                continue  # the agency's own scale is named after its report
            assert bocor not in teks, (m.kode, bocor)
    pmk = metodologi_laporan(METODE["permendagri_86_2017"], "X")
    assert "ditetapkan oleh X" in pmk["efisiensi"]


@perlu_lo
def test_contoh_enam_indikator_dicetak_ringkas(tmp_path):
    """tanjabbar_2024 (6 indicators, 34 budget rows) printed 26 pages before, without the
    cascade it holds now (Jenjang Kinerja, 70 rows: 3 pages)."""
    (pdf,) = konversi([CONTOH / "tanjabbar_2024.xlsm"], tmp_path, ke="pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    halaman = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])
    assert halaman <= 20
    teks = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # Pengaturan: each label on the same line as its value
    assert any("Tahun laporan" in b and "2024" in b for b in teks.splitlines())
    # the sheet title once per sheet, not twice
    assert teks.count("Pengukuran kinerja (Tabel 3.1)") == 1


def test_templat_siap_cetak():
    wb = load_workbook(AKAR / "workbooks" / "template_lkjip.xlsm")
    for nama in ("Renstra", "RKT", "PK", "Pengukuran", "Anggaran", "Efisiensi", "Narasi"):
        ws = wb[nama]
        assert ws.page_setup.orientation == "landscape", nama
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$5:$5", nama
        assert ws.print_area, nama
        assert ws["A1"].value != ws["A4"].value  # the title is printed once
    ws = wb["Pengaturan"]
    akhir = BARIS_PENGATURAN + len(isian_pengaturan()) - 1  # every settings row, labels and values
    assert ws.page_setup.fitToWidth == 1 and ws.print_area == f"'Pengaturan'!$A$1:$C${akhir}"
    # the template keeps every prepared row visible for typing
    assert not any(d.hidden for d in wb["Anggaran"].row_dimensions.values())


def test_contoh_menyembunyikan_baris_kosong_dan_tinggi_baris_cukup():
    wb = load_workbook(CONTOH / "jember_2023.xlsm")
    ws = wb["Anggaran"]
    tersembunyi = [r for r, d in ws.row_dimensions.items() if d.hidden]
    assert len(tersembunyi) > 150 and all(ws.cell(r, 2).value in (None, "") for r in tersembunyi)
    ef = wb["Efisiensi"]
    assert ef.row_dimensions[6].height and ef.row_dimensions[6].height >= 30  # 2-line sasaran


def _pasangan_xlsx(path: Path) -> list[tuple[str, str, str]]:
    """(where, text colour, fill) of every filled cell and every conditional format."""
    wb = load_workbook(path)
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.fill is not None and c.fill.fill_type == "solid":
                    isi = c.fill.fgColor.rgb
                    teks = c.font.color.rgb if c.font and c.font.color else HITAM
                    if isinstance(isi, str) and isinstance(teks, str):
                        out.append((f"{ws.title}!{c.coordinate}", teks, isi))
        for rng in ws.conditional_formatting:
            for rule in rng.rules:
                dxf = rule.dxf
                if dxf is None or dxf.fill is None or dxf.fill.bgColor is None:
                    continue
                teks = dxf.font.color.rgb if dxf.font and dxf.font.color else HITAM
                out.append((f"{ws.title}!{rng.sqref} CF", teks, dxf.fill.bgColor.rgb))
    return out


def test_kontras_warna_templat_contoh_dan_rekap_memenuhi_wcag_aa(tmp_path):
    from xlkinerja.keluaran.rekap import tulis_rekap

    rekap = tulis_rekap(
        [{"file": "a.xlsm", "status": "terbaca", "instansi": "A", "capaian": 90, "serapan": 80}],
        [],
        tmp_path / "rekap.xlsx",
    )
    pasangan = []
    for p in (AKAR / "workbooks" / "template_lkjip.xlsm", CONTOH / "jember_2023.xlsm", rekap):
        pasangan += _pasangan_xlsx(p)
    assert len(pasangan) > 100
    buruk = [(w, t, f, round(kontras(t, f), 2)) for w, t, f in pasangan if kontras(t, f) < AA]
    assert buruk == []


def test_kontras_warna_predikat_setiap_skala_dan_judul_word():
    for s in SKALA.values():
        for p in s.pita:
            if p.warna:
                assert kontras(teks_untuk(p.warna), p.warna) >= AA, (s.kode, p.kode)
    assert kontras(WARNA_JUDUL, "FFFFFF") >= AA
    doc = Document(io.BytesIO(bangun_templat_docx()))
    for gaya in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        assert kontras(str(doc.styles[gaya].font.color.rgb), "FFFFFF") >= AA, gaya


def test_kontras_menolak_teks_gelap_di_hijau_tua():
    assert kontras(HITAM, "1E8449") < AA  # the old "Sangat Tinggi" fill with black text
    assert teks_untuk("196F3D") == "FFFFFF"
