"""xlkinerja laporan: the Word LKjIP renders, opens in LibreOffice and states the right figures."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from xlkinerja.buku.antarmuka import GalatBuku
from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.keluaran.word import bangun_templat_docx, buat_laporan, ke_pdf
from xlkinerja.templat.baca import baca
from xlkinerja.templat.bangun import simpan_xlsm
from xlkinerja.templat.contoh import bangun_contoh

TERBILANG_PAGU = (
    "lima belas miliar tiga ratus delapan juta lima ratus tiga puluh sembilan ribu seratus lima "
    "belas rupiah"
)
perlu_lo = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice/poppler tidak terpasang",
)


@pytest.fixture(scope="module")
def jember(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("jember") / "jember_2023.xlsm"
    p.write_bytes(simpan_xlsm(bangun_contoh("jember_2023", False)))
    return p


def _teks_pdf(pdf: Path, *opsi: str) -> str:
    out = subprocess.run(
        ["pdftotext", *opsi, str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout


@perlu_lo
def test_laporan_jember_terbuka_di_libreoffice_dan_memuat_angka_yang_benar(tmp_path, jember):
    sebelum = jember.read_bytes()
    docx = tmp_path / "LKjIP.docx"
    p = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "laporan", str(jember), "-o", str(docx)],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stdout + p.stderr
    assert jember.read_bytes() == sebelum
    pdf = ke_pdf(docx, tmp_path / "pdf")
    teks = " ".join(_teks_pdf(pdf).split())
    baris = [" ".join(b.split()) for b in _teks_pdf(pdf, "-layout").splitlines()]
    # table rows, read line by line from the page layout
    assert "1.2 Pencari kerja yang ditempatkan 1.000 3.898 389,80 AA" in baris  # Tabel 3.1
    assert "Jumlah 15.308.539.115 13.359.116.248 87,26 1.949.422.867" in baris  # Tabel 3.6
    for harus in (
        "IKHTISAR EKSEKUTIF",
        "BAB III AKUNTABILITAS KINERJA",
        "Tabel 3.1 Pengukuran Kinerja Tahun 2023",
        # no national standard in this report: no Tabel 3.4 of it, the next tables move up
        "Tabel 3.6 Realisasi Anggaran per Program Tahun 2023",
        "4 (empat) program, 13 (tiga belas) kegiatan dan 24 (dua puluh empat) sub kegiatan",
        f"Rp15.308.539.115 ({TERBILANG_PAGU})",
        "sebesar Rp13.359.116.248 atau 87,26% dari pagu anggaran",
        "Rata-rata capaian sasaran ini sebesar 96,30% dengan predikat AA",
        "Kualitatif (capaian > serapan)",
        "kinerja indikator ini menurun",
        "Drs. SUPRIHANDOKO, MM",
    ):
        assert harus in teks, harus
    assert "11 (sebelas) kegiatan" not in teks


def test_templat_docx_bawaan_selalu_sama_dan_berisi_tanda_docxtpl():
    a, b = bangun_templat_docx(), bangun_templat_docx()
    assert a == b
    isi = "\n".join(p.text for p in Document(io.BytesIO(a)).paragraphs)
    assert "{%p for par in ikhtisar %}" in isi and "{{ instansi.nama|upper }}" in isi


def _templat_sendiri(path: Path, *paragraf: str) -> Path:
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    for p in paragraf:
        doc.add_paragraph(p)
    doc.save(path)
    return path


def test_templat_docx_pengguna_dipakai(tmp_path, jember):
    t = _templat_sendiri(
        tmp_path / "gaya.docx",
        "Laporan {{ instansi.nama }} {{ tahun }}",
        "Kegiatan: {{ jumlah.kegiatan|hitungan }}; pagu {{ anggaran.pagu|rupiah }}",
    )
    data, _ = buat_laporan(baca(BukuBerkas(jember)), t)
    isi = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert isi == [
        "Laporan Dinas Tenaga Kerja Kabupaten Jember 2023",
        "Kegiatan: 13 (tiga belas); pagu Rp15.308.539.115",
    ]


def test_templat_docx_jahat_ditolak(tmp_path, jember):
    t = _templat_sendiri(tmp_path / "jahat.docx", "{{ ''.__class__.__mro__ }}")
    with pytest.raises(GalatBuku, match="templat Word .*jahat.docx.*unsafe"):
        buat_laporan(baca(BukuBerkas(jember)), t)
