"""The LKjIP Word document: Bab III tables and the narrative, from a restylable .docx template.

The default template is built here with python-docx (same bytes every time) and rendered with
docxtpl in the same Jinja2 sandbox as the Narasi templates, so a user's own template (restyled,
or with other wording) cannot reach Python internals either. `xlkinerja laporan --templat-bawaan
T.docx` writes the default for users to restyle.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from xlkinerja.buku.antarmuka import GalatBuku
from xlkinerja.inti.lebar_teks import CM_PER_PT, kata_terlebar, lebar
from xlkinerja.inti.metode import Metode
from xlkinerja.keluaran.narasi import BAGIAN, Narasi, baca_lembar, kunci_butir, lingkungan, susun
from xlkinerja.templat.baca import Bacaan

WAKTU_ZIP = (2024, 1, 1, 0, 0, 0)
WARNA_JUDUL = "1F4E78"  # headings and captions: 8.7:1 on white


def _sel(cell, teks: str, tebal: bool = False, kanan: bool = False) -> None:
    p = cell.paragraphs[0]
    p.text = ""
    run = p.add_run(teks)
    run.bold = tebal
    if kanan:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


LEBAR_TEKS = 15.5  # cm between the margins
LEBAR_ANGKA = 2.3  # cm of a number column (the template's; the rendered table is sized again)
HURUF_TABEL = 9.0  # pt
JARAK_SEL = 0.38  # cm: Word's and LibreOffice's default left + right cell margins
# The tables in order; a caption's number is counted over the tables the document holds.
URUTAN_TABEL = (
    "pengukuran",
    "perbandingan",
    "renstra",
    "standar",
    "sasaran",
    "efisiensi",
    "anggaran",
    "kinerja_program",
    "renstra_pendanaan",
)


def _atribut(el, tag: str, **nilai: str) -> None:
    """Append `<w:tag w:k="v"/>` to an element's properties."""
    x = OxmlElement(tag)
    for k, v in nilai.items():
        x.set(qn(f"w:{k}"), v)
    el.append(x)


def _tabel(
    doc, kunci: str, judul: str, kolom: list[tuple[str, str, bool]], ulang: str, akhir=None
) -> None:
    """A caption ("Tabel 3.n", numbered in the document's order), a header row repeated on each
    page, and one docxtpl loop row: `kolom` = (header, cell, right-aligned); `akhir` = cells of
    a closing row (totals). Rows do not split across pages and the caption stays with its table;
    column widths are set from the content once the document is rendered (`atur_lebar_tabel`)."""
    cap = doc.add_paragraph(f"Tabel {{{{ nomor.{kunci} }}}} {judul}", style="Caption")
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.paragraph_format.keep_with_next = True
    t = doc.add_table(rows=4 + (1 if akhir else 0), cols=len(kolom))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    lebar = [
        1.4 if h == "Kode" else 3.2 if "(Rp)" in h else 2.0 if "(%)" in h else LEBAR_ANGKA
        for h, _, _ in kolom
    ]
    utama = next(j for j, (h, _, kanan) in enumerate(kolom) if not kanan and h != "Kode")
    lebar[utama] = 0
    lebar[utama] = max(LEBAR_TEKS - sum(lebar), 3.0)
    for j, col in enumerate(t.columns):
        col.width = Cm(lebar[j])
    for n, row in enumerate(t.rows):
        for j, c in enumerate(row.cells):
            c.width = Cm(lebar[j])
        trpr = row._tr.get_or_add_trPr()
        _atribut(trpr, "w:cantSplit")
        if n == 0:
            _atribut(trpr, "w:tblHeader")
    for j, (h, _, _) in enumerate(kolom):
        _sel(t.rows[0].cells[j], h, tebal=True)
        t.rows[0].cells[j].paragraphs[0].paragraph_format.keep_with_next = True
    _sel(t.rows[1].cells[0], "{%tr for " + ulang + " %}")
    for j, (_, isi, kanan) in enumerate(kolom):
        _sel(t.rows[2].cells[j], isi, kanan=kanan)
    _sel(t.rows[3].cells[0], "{%tr endfor %}")
    if akhir:
        for j, isi in enumerate(akhir):
            _sel(t.rows[4].cells[j], isi, tebal=True, kanan=j > 1)
    doc.add_paragraph()


def _teks_sel(cell) -> list[tuple[str, bool]]:
    """Each paragraph of a cell with whether it is bold."""
    return [(p.text, any(r.bold for r in p.runs)) for p in cell.paragraphs]


def _ukur_kolom(t, pt: float) -> tuple[list[float], list[float]]:
    """Per column, in cm: the widest word (narrower breaks it) and the widest paragraph
    (the width that needs no wrapping), cell margins included."""
    n = len(t.columns)
    minimum, ideal = [0.0] * n, [0.0] * n
    for row in t.rows:
        for j, c in enumerate(row.cells[:n]):
            for teks, tebal in _teks_sel(c):
                minimum[j] = max(minimum[j], kata_terlebar(teks, pt, tebal) * CM_PER_PT)
                ideal[j] = max(ideal[j], lebar(teks, pt, tebal) * CM_PER_PT)
    tambah = JARAK_SEL + 0.12  # a little room for rounding in the layout engine
    return [m + tambah for m in minimum], [i + tambah for i in ideal]


def _bagi_lebar(minimum: list[float], ideal: list[float], total: float) -> list[float]:
    """Column widths that fill `total`: every column at least its widest word, the rest shared
    in proportion to how much wrapping each column would otherwise need."""
    if sum(ideal) <= total:
        lebih = total - sum(ideal)
        return [i + lebih * i / sum(ideal) for i in ideal]
    sisa = total - sum(minimum)
    kurang = [i - m for m, i in zip(minimum, ideal, strict=True)]
    return [m + sisa * k / sum(kurang) for m, k in zip(minimum, kurang, strict=True)]


def _tulis_lebar(t, lebar_cm: list[float], pt: float) -> None:
    """Fixed layout with these column widths and font size `pt` on every run (set on the runs:
    Word and LibreOffice let the Normal style's size win over a table style's)."""
    tblpr = t._tbl.tblPr
    for el in tblpr.findall(qn("w:tblLayout")):
        tblpr.remove(el)
    _atribut(tblpr, "w:tblLayout", type="fixed")
    for gc, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), lebar_cm, strict=False):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))
    for row in t.rows:
        for j, c in enumerate(row.cells[: len(lebar_cm)]):
            c.width = Cm(lebar_cm[j])
            for p in c.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(pt)


def atur_lebar_tabel(doc: DocumentObject, total: float = LEBAR_TEKS) -> None:
    """Size every table's columns from what the rendered cells hold, so that no word is broken
    inside a cell ("PEMERINTAH AN"); a table whose words cannot fit at 9 pt is set smaller."""
    for t in doc.tables:
        for pt in (HURUF_TABEL, 8.0, 7.0):
            minimum, ideal = _ukur_kolom(t, pt)
            if sum(minimum) <= total:
                break
        _tulis_lebar(t, _bagi_lebar(minimum, ideal, total), pt)


def _paragraf(doc, daftar: str, gaya: str | None = None) -> None:
    """One paragraph per item of a list of texts."""
    doc.add_paragraph("{%p for par in " + daftar + " %}")
    p = doc.add_paragraph("{{ par }}", style=gaya)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    doc.add_paragraph("{%p endfor %}")


def bangun_templat_docx() -> bytes:
    """The default LKjIP template (.docx with docxtpl tags); the same bytes on every build."""
    doc = Document()
    _atur_halaman(doc)
    _atur_gaya(doc)
    _atur_properti(doc)
    _sampul(doc)
    _ikhtisar(doc)
    _capaian_kinerja(doc)
    _capaian_sasaran(doc)
    _efisiensi(doc)
    _realisasi_anggaran(doc)
    _kinerja_program(doc)
    _renstra_pendanaan(doc)
    _tanda_tangan(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return _zip_tetap(buf.getvalue())


def _atur_halaman(doc: DocumentObject) -> None:
    """A4 portrait; margins 3 cm left, 2.5 cm elsewhere."""
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin, sec.right_margin = Cm(3), Cm(2.5)
    sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.5)


def _atur_gaya(doc: DocumentObject) -> None:
    """Arial everywhere: 11 pt body, 18 pt title, 9 pt tables; headings and captions dark blue."""
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for gaya in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        doc.styles[gaya].font.name = "Arial"
        # the default light blue (4F81BD) reads 4.0:1 on white; WCAG AA needs 4.5:1
        doc.styles[gaya].font.color.rgb = RGBColor.from_string(WARNA_JUDUL)
    doc.styles["Title"].font.size = Pt(18)
    doc.styles["Table Grid"].font.size = Pt(9)


def _atur_properti(doc: DocumentObject) -> None:
    """Fixed document properties (author, title, dates), so every build is the same."""
    props = doc.core_properties
    props.author = "xlkinerja"
    props.title = "Laporan Kinerja Instansi Pemerintah"
    props.revision = 1
    props.created = props.modified = dt.datetime(2024, 1, 1)
    props.last_modified_by = "xlkinerja"


def _sampul(doc: DocumentObject) -> None:
    """The title page."""
    for teks in (
        "LAPORAN KINERJA INSTANSI PEMERINTAH",
        "(LKjIP) TAHUN {{ tahun }}",
        "{{ instansi.nama|upper }}",
        "{{ instansi.pemda|upper }}",
    ):
        p = doc.add_paragraph(teks, style="Title")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_page_break()


def _ikhtisar(doc: DocumentObject) -> None:
    """The executive summary."""
    doc.add_heading("IKHTISAR EKSEKUTIF", level=1)
    _paragraf(doc, "ikhtisar")
    doc.add_page_break()


def _capaian_kinerja(doc: DocumentObject) -> None:
    """Bab III A: the methodology, then tables 3.1 to 3.4 (per indicator)."""
    doc.add_heading("BAB III AKUNTABILITAS KINERJA", level=1)
    doc.add_heading("A. Capaian Kinerja Organisasi", level=2)
    p = doc.add_paragraph("{{ metodologi.capaian }}")
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _tabel(
        doc,
        "pengukuran",
        "Pengukuran Kinerja Tahun {{ tahun }}",
        [
            ("Kode", "{{ i.kode }}", False),
            ("Indikator Kinerja", "{{ i.nama }}", False),
            ("Target", "{{ i.target_teks }}", True),
            ("Realisasi", "{{ i.realisasi_teks }}", True),
            ("Capaian (%)", "{{ i.capaian|angka(2) if i.capaian is not none else '-' }}", True),
            ("Predikat", "{{ i.predikat or '-' }}", False),
        ],
        "i in indikator",
    )
    _tabel(
        doc,
        "perbandingan",
        "Perbandingan Realisasi dan Capaian Tahun {{ tahun_lalu }} dan {{ tahun }}",
        [
            ("Indikator Kinerja", "{{ i.kode }} {{ i.nama }}", False),
            ("Realisasi {{ tahun_lalu }}", "{{ i.realisasi_lalu_teks }}", True),
            ("Realisasi {{ tahun }}", "{{ i.realisasi_teks }}", True),
            ("Capaian {{ tahun_lalu }} (%)", "{{ i.capaian_lalu|angka(2) }}", True),
            ("Capaian {{ tahun }} (%)", "{{ i.capaian|angka(2) }}", True),
            ("Kinerja", "{{ i.arah_kinerja or '-' }}", False),
        ],
        "i in indikator",
    )
    _tabel(
        doc,
        "renstra",
        "Realisasi Tahun {{ tahun }} terhadap Target Akhir Renstra",
        [
            ("Indikator Kinerja", "{{ i.kode }} {{ i.nama }}", False),
            ("Target Akhir Renstra", "{{ i.target_akhir_teks }}", True),
            ("Realisasi {{ tahun }}", "{{ i.realisasi_teks }}", True),
            ("Capaian (%)", "{{ i.capaian_akhir|angka(2) }}", True),
        ],
        "i in indikator",
    )
    _standar_nasional(doc)


def _standar_nasional(doc: DocumentObject) -> None:
    """Table 3.4 (against national standards), or a sentence when no indicator has one."""
    doc.add_paragraph("{%p if standar %}")
    _tabel(
        doc,
        "standar",
        "Realisasi Tahun {{ tahun }} terhadap Standar Nasional",
        [
            ("Indikator Kinerja", "{{ i.kode }} {{ i.nama }}", False),
            ("Realisasi {{ tahun }}", "{{ i.realisasi_teks }}", True),
            ("Standar Nasional", "{{ i.standar_nasional_teks }}", True),
            ("Keterangan", "{{ 'memenuhi' if i.memenuhi_standar else 'belum memenuhi' }}", False),
        ],
        "i in standar",
    )
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Tidak ada indikator yang memiliki standar nasional pembanding.")
    doc.add_paragraph("{%p endif %}")


def _capaian_sasaran(doc: DocumentObject) -> None:
    """Table 3.5 (per sasaran), then each sasaran's text and its indicators' texts."""
    _tabel(
        doc,
        "sasaran",
        "Capaian Kinerja per Sasaran",
        [
            ("Kode", "{{ s.kode }}", False),
            ("Sasaran", "{{ s.nama }}", False),
            ("Jumlah Indikator", "{{ s.jumlah }}", True),
            ("Rata-rata Capaian (%)", "{{ s.capaian|angka(2) }}", True),
            ("Predikat", "{{ s.predikat or '-' }}", False),
        ],
        "s in sasaran",
    )
    doc.add_paragraph("{%p for s in sasaran %}")
    doc.add_heading("Sasaran {{ s.kode }}: {{ s.nama }}", level=3)
    _paragraf(doc, "s.teks")
    doc.add_paragraph("{%p for i in s.indikator %}")
    _paragraf(doc, "i.teks")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")


def _efisiensi(doc: DocumentObject) -> None:
    """The efficiency method, table 3.6 and each sasaran's efficiency text."""
    doc.add_heading("Efisiensi Penggunaan Sumber Daya", level=2)
    doc.add_paragraph("{{ metodologi.efisiensi }}")
    _tabel(
        doc,
        "efisiensi",
        "Efisiensi Penggunaan Sumber Daya per Sasaran",
        [
            ("Sasaran", "{{ e.kode }} {{ e.nama }}", False),
            ("Capaian (%)", "{{ e.capaian|angka(2) }}", True),
            ("Pagu (Rp)", "{{ e.pagu|angka(0) }}", True),
            ("Realisasi (Rp)", "{{ e.realisasi|angka(0) }}", True),
            ("Serapan (%)", "{{ e.serapan|angka(2) }}", True),
            (
                "Efisiensi",
                "{{ e.efisiensi|angka(2) ~ ' ' if e.efisiensi is not none else '' }}"
                "{{ e.kategori or '' }}",
                False,
            ),
        ],
        "e in efisiensi",
    )
    doc.add_paragraph("{%p for e in efisiensi %}")
    _paragraf(doc, "e.teks")
    doc.add_paragraph("{%p endfor %}")


def _realisasi_anggaran(doc: DocumentObject) -> None:
    """Bab III B: table 3.7 (per program, with totals) and the budget texts."""
    doc.add_heading("B. Realisasi Anggaran", level=2)
    _tabel(
        doc,
        "anggaran",
        "Realisasi Anggaran per Program Tahun {{ tahun }}",
        [
            ("Kode", "{{ p.kode }}", False),
            ("Program", "{{ p.nama }}", False),
            ("Pagu (Rp)", "{{ p.pagu|angka(0) }}", True),
            ("Realisasi (Rp)", "{{ p.realisasi|angka(0) }}", True),
            ("Serapan (%)", "{{ p.serapan|angka(2) }}", True),
            ("Sisa (Rp)", "{{ p.sisa|angka(0) }}", True),
        ],
        "p in anggaran.program",
        akhir=[
            "",
            "Jumlah",
            "{{ anggaran.pagu|angka(0) }}",
            "{{ anggaran.realisasi|angka(0) }}",
            "{{ anggaran.serapan|angka(2) }}",
            "{{ anggaran.sisa|angka(0) }}",
        ],
    )
    _paragraf(doc, "teks_anggaran")
    _paragraf(doc, "teks_jumlah")


def _kinerja_program(doc: DocumentObject) -> None:
    """The Kinerja Program sheet ("Kinerja dan Anggaran Program") and one paragraph per
    program; left out when the workbook has no such rows."""
    doc.add_paragraph("{%p if kinerja_program %}")
    doc.add_heading("C. Kinerja dan Anggaran Program", level=2)
    _tabel(
        doc,
        "kinerja_program",
        "Kinerja dan Anggaran Program, Kegiatan dan Sub Kegiatan Tahun {{ tahun }}",
        [
            ("Kode", "{{ k.kode }}", False),
            ("Program / Kegiatan / Sub Kegiatan", "{{ k.tingkat }}: {{ k.uraian }}", False),
            ("Indikator", "{{ k.jenis }}: {{ k.nama }}", False),
            ("Target", "{{ k.target_teks }}", True),
            ("Realisasi", "{{ k.realisasi_teks }}", True),
            ("Capaian (%)", "{{ k.capaian|angka(2) }}", True),
            # pagu and realisasi in rupiah are in the budget table: here the % serapan only,
            # so that the table fits a portrait page without breaking a word
            ("Serapan Anggaran (%)", "{{ k.serapan|angka(2) }}", True),
        ],
        "k in kinerja_program",
    )
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for p in program %}")
    _paragraf(doc, "p.teks")
    doc.add_paragraph("{%p endfor %}")


def _renstra_pendanaan(doc: DocumentObject) -> None:
    """The Renstra matrix with indicative funding: per row the target and pagu of each of the
    five years, with the Σ program per year; left out when the sheet is empty."""
    doc.add_paragraph("{%p if renstra_pendanaan.baris %}")
    doc.add_heading("D. Matriks Renstra dan Pendanaan Indikatif", level=2)
    tahun = [
        (
            f"{{{{ renstra_awal + {i} if renstra_awal else 'Th-{i + 1}' }}}}",
            f"{{{{ x.target[{i}] }}}}{{{{ ' / ' if x.target[{i}] and x.pagu[{i}] is not none "
            f"else '' }}}}{{{{ x.pagu[{i}]|angka(0) if x.pagu[{i}] is not none else '' }}}}",
            True,
        )
        for i in range(5)
    ]
    _tabel(
        doc,
        "renstra_pendanaan",
        "Matriks Renstra: Target / Pagu Indikatif (Rp) per Tahun",
        [
            ("Kode", "{{ x.kode }}", False),
            (
                "Uraian dan Indikator",
                "{{ x.tingkat }}: {{ x.uraian }}{{ ' — ' ~ x.indikator if x.indikator else '' }}",
                False,
            ),
            ("Kondisi Awal", "{{ x.kondisi_awal }}", True),
            *tahun,
            (
                "Akhir / Jumlah Pagu (Rp)",
                "{{ x.target_akhir }}{{ ' / ' if x.target_akhir "
                "else '' }}{{ x.pagu_jumlah|angka(0) }}",
                True,
            ),
        ],
        "x in renstra_pendanaan.baris",
        akhir=[
            "",
            "Jumlah (Σ program)",
            "",
            *[f"{{{{ renstra_pendanaan.total[{i}]|angka(0) }}}}" for i in range(5)],
            "{{ renstra_pendanaan.total_jumlah|angka(0) }}",
        ],
    )
    doc.add_paragraph("{%p endif %}")


def _tanda_tangan(doc: DocumentObject) -> None:
    """Place, date and the head of the agency's signature block, right-aligned."""
    doc.add_paragraph()
    for teks in (
        "{{ instansi.tempat }}{{ ', ' ~ (instansi.tanggal|tanggal) if instansi.tanggal else '' }}",
        "{{ instansi.jabatan_kepala }}",
        "",
        "",
        "{{ instansi.kepala }}",
        "NIP. {{ instansi.nip_kepala }}",
    ):
        p = doc.add_paragraph(teks)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _zip_tetap(data: bytes) -> bytes:
    """The same zip with fixed timestamps and order, so equal content gives equal bytes."""
    keluar = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(keluar, "w") as zout:
        for nama in sorted(zin.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(nama, WAKTU_ZIP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, zin.read(nama))
    return keluar.getvalue()


_PENGGUNAAN = {
    "predikat": "penentuan predikat",
    "rata_rata": "perhitungan rata-rata",
    "tampilan": "penyajian angka capaian",
}
_PERATURAN = ("Peraturan", "Permen", "PMK", "Undang", "Keputusan", "Surat Edaran")


def _daftar(xs: list[str]) -> str:
    """'a', 'a dan b', 'a, b dan c'."""
    return xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + " dan " + xs[-1]


def _batas_kalimat(m: Metode) -> str:
    """The bounds on capaian in words, without the methodology's internal keys."""
    bag = []
    for nilai, untuk, arah, lewat in (
        (m.batas.atas, m.batas.atas_untuk, "di atas", "paling tinggi"),
        (m.batas.bawah, m.batas.bawah_untuk, "di bawah", "paling rendah"),
    ):
        if nilai is None or not untuk:
            continue
        guna = [v for k, v in _PENGGUNAAN.items() if k in untuk]
        bag.append(
            f"capaian {arah} {nilai:g}% diperhitungkan {lewat} {nilai:g}% dalam {_daftar(guna)}"
        )
    return "; ".join(bag)


def _rumus_kata(rumus: str) -> str:
    """'(2T − R) / T × 100' → '(2 × target − realisasi) / target × 100'."""
    rumus = re.sub(r"\b2T\b", "2 × target", rumus)
    return re.sub(r"\bR\b", "realisasi", re.sub(r"\bT\b", "target", rumus))


def metodologi_laporan(m: Metode, instansi: str) -> dict[str, str]:
    """The methodology as a signed report states it: what the rules are and the regulation
    behind them, never a preset's internal name ("(bawaan)") or another agency's report as
    the source of this agency's choice."""
    if m.pembulatan.mode == "potong":
        bulat = f"angka capaian dipotong (tidak dibulatkan) pada {m.pembulatan.desimal} desimal"
    else:
        bulat = f"angka capaian dibulatkan pada {m.pembulatan.desimal} desimal"
    batas = _batas_kalimat(m)
    capaian = (
        "Capaian kinerja setiap indikator dihitung dengan membandingkan realisasi terhadap "
        f"target ({_rumus_kata(m.positif.tulisan)} untuk indikator yang makin tinggi makin "
        f"baik; {_rumus_kata(m.negatif.tulisan)} untuk indikator yang makin rendah makin baik) "
        "sesuai PermenPAN-RB 53/2014 dan modul penyusunan LKjIP KemenPAN-RB, dan predikatnya "
        f"ditetapkan menurut skala {m.skala.nama}. "
        + (batas[0].upper() + batas[1:] + "; " if batas else "")
        + bulat
        + "."
    )
    ef = m.efisiensi
    dasar = (
        f"Dasar: {ef.sumber}."
        if ef.sumber.startswith(_PERATURAN)
        else f"Metode ini ditetapkan oleh {instansi or 'instansi'} untuk menilai efisiensi."
    )
    efisiensi = f"Metode: {ef.nama}, yaitu {ef.tulisan[0].lower() + ef.tulisan[1:]}. {dasar}"
    return {"capaian": capaian, "efisiensi": efisiensi}


def nomor_tabel(ada: set[str]) -> dict[str, str]:
    """'3.1', '3.2', ... over the tables the document holds, in their order."""
    return {k: f"3.{n}" for n, k in enumerate((k for k in URUTAN_TABEL if k in ada), 1)}


def _paragraf_teks(teks: str | None) -> list[str]:
    return [p for p in (teks or "").split("\n\n") if p.strip()]


def konteks_laporan(b: Bacaan, narasi: Narasi | None = None) -> tuple[dict[str, Any], Narasi]:
    """The document's context: the narrative context with each item's paragraphs added. Where a
    template of the Narasi sheet fails, the text already in the sheet is used."""
    lembar = baca_lembar(b.buku)
    narasi = susun(b, lembar) if narasi is None else narasi
    di_lembar = {x.kunci: x.teks for x in lembar}
    ktx = copy.deepcopy(narasi.konteks)

    def teks(kunci: str) -> list[str]:
        t = narasi.teks(kunci)
        return _paragraf_teks(t if t is not None else di_lembar.get(kunci))

    for bag, (_, var) in BAGIAN.items():
        if var is None:
            continue
        for n, item in enumerate(ktx[bag], 1):
            item["teks"] = teks(kunci_butir(bag, item, n))
    # sasaran[].indikator holds copies of the indicators: give them their text too
    per_kode = {i["baris"]: i["teks"] for i in ktx["indikator"]}
    for s in ktx["sasaran"]:
        for i in s["indikator"]:
            i["teks"] = per_kode.get(i["baris"], [])
    ktx["ikhtisar"] = teks("ikhtisar")
    ktx["teks_anggaran"] = teks("anggaran")
    ktx["teks_jumlah"] = teks("jumlah")
    ktx["standar"] = [i for i in ktx["indikator"] if i["memenuhi_standar"] is not None]
    kosong = {"standar"} if not ktx["standar"] else set()
    kosong |= {"kinerja_program"} if not ktx["kinerja_program"] else set()
    kosong |= {"renstra_pendanaan"} if not ktx["renstra_pendanaan"]["baris"] else set()
    ktx["nomor"] = nomor_tabel(set(URUTAN_TABEL) - kosong)
    ktx["metodologi"] = metodologi_laporan(b.metode, ktx["instansi"]["nama"])
    return ktx, narasi


MAKS_DETIK_WORD = 20.0


def buat_laporan(b: Bacaan, templat: str | Path | None = None) -> tuple[bytes, Narasi]:
    """The rendered .docx bytes (and the narrative, with any template errors)."""
    ktx, narasi = konteks_laporan(b)
    sumber = Path(templat) if templat else io.BytesIO(bangun_templat_docx())
    try:
        tpl = DocxTemplate(sumber)
        # the whole document is one template: a larger time budget than one Narasi cell
        env = lingkungan(trim_blocks=False, lstrip_blocks=False, detik=MAKS_DETIK_WORD)
        tpl.render(ktx, jinja_env=env, autoescape=True)
    except RecursionError:
        raise GalatBuku(
            f"templat Word {templat or '(bawaan)'}: templat memanggil atau menyertakan dirinya "
            "sendiri tanpa henti (rekursi); periksa tanda {% %} di templat."
        ) from None
    except TemplateError as e:
        baris = getattr(e, "lineno", None)
        raise GalatBuku(
            f"templat Word {templat or '(bawaan)'}: {getattr(e, 'message', None) or e}"
            + (f" (sekitar baris XML {baris})" if baris else "")
            + "; periksa tanda {{ }} dan {% %} di templat."
        ) from None
    if templat is None:
        atur_lebar_tabel(tpl.docx)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue(), narasi


def ke_pdf(docx: Path, folder: Path, batas_waktu: float = 300) -> Path:
    """The document converted to PDF by LibreOffice Writer (headless, own profile)."""
    from xlkinerja.mesin.libreoffice import konversi

    (out,) = konversi(
        [docx],
        folder,
        ke="pdf",
        batas_waktu=batas_waktu,
        filter="pdf:writer_pdf_Export",
        paket="libreoffice-writer-nogui",
    )
    return out


__all__ = [
    "atur_lebar_tabel",
    "bangun_templat_docx",
    "buat_laporan",
    "ke_pdf",
    "konteks_laporan",
    "metodologi_laporan",
    "nomor_tabel",
]
