"""The committed example workbooks equal a fresh build from the data kept in the package."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from xlkinerja.templat.contoh import bangun_contoh
from xlkinerja.tukar.berkas import buku_contoh

FOLDER = Path(__file__).resolve().parent.parent / "workbooks" / "contoh"
BERKAS = {
    "jember_2023.xlsm": ("jember_2023", False),
    "jember_2023_dikoreksi.xlsm": ("jember_2023", True),
    "pasaman_barat_2022.xlsm": ("pasaman_barat_2022", False),
    "pasaman_barat_2022_dikoreksi.xlsm": ("pasaman_barat_2022", True),
    "tanjabbar_2024.xlsm": ("tanjabbar_2024", False),
}


def test_folder_contoh_berisi_tepat_lima_buku_kerja():
    assert sorted(p.name for p in FOLDER.iterdir()) == sorted(BERKAS)


@pytest.mark.parametrize("berkas", sorted(BERKAS))
def test_contoh_tersimpan_sama_dengan_hasil_bangun_ulang(berkas):
    nama, dikoreksi = BERKAS[berkas]
    assert (FOLDER / berkas).read_bytes() == buku_contoh(nama, dikoreksi), (
        f"bangun ulang: xlkinerja contoh -o {FOLDER}"
    )


def _isi(wb) -> dict:
    """Every cell's value and look, and the rows' heights and visibility."""
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                f, a = c.font, c.alignment
                out[ws.title, c.coordinate] = (
                    c.value if c.value != "" else None,
                    c.number_format,
                    bool(f.b),
                    getattr(f.color, "rgb", None) if f.color else None,
                    getattr(c.fill.fgColor, "rgb", None),
                    a.wrap_text,
                    a.vertical,
                    c.protection.locked,
                )
        for r, d in ws.row_dimensions.items():
            if d.hidden or d.height:
                out[ws.title, r] = (d.hidden, d.height)
    return out


@pytest.mark.parametrize("nama", ["jember_2023", "tanjabbar_2024"])
def test_contoh_lewat_format_data_terbuka_tidak_kehilangan_apa_pun(nama):
    """The examples are built through the public path (data → `impor`): what the builder
    wrote directly is all there, cell by cell."""
    import io

    from xlkinerja.templat.bangun import simpan_xlsm

    langsung = openpyxl.load_workbook(io.BytesIO(simpan_xlsm(bangun_contoh(nama))))
    lewat = openpyxl.load_workbook(io.BytesIO(buku_contoh(nama)))
    assert _isi(lewat) == _isi(langsung)


def test_contoh_menyimpan_nilai_rumus_untuk_pembaca_tanpa_hitung_ulang():
    ws = openpyxl.load_workbook(FOLDER / "jember_2023_dikoreksi.xlsm", data_only=True)
    nilai = [c.value for c in ws["Pengukuran"]["M"][5:8]]  # capaian setelah batas
    assert nilai == [100, 100, 96.3]
