"""The committed example workbooks equal a fresh build from the data kept in the package."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from xlkinerja.templat.bangun import simpan_xlsm
from xlkinerja.templat.contoh import bangun_contoh

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
    assert (FOLDER / berkas).read_bytes() == simpan_xlsm(bangun_contoh(nama, dikoreksi)), (
        f"bangun ulang: xlkinerja contoh -o {FOLDER}"
    )


def test_contoh_menyimpan_nilai_rumus_untuk_pembaca_tanpa_hitung_ulang():
    ws = openpyxl.load_workbook(FOLDER / "jember_2023_dikoreksi.xlsm", data_only=True)
    nilai = [c.value for c in ws["Pengukuran"]["M"][5:8]]  # capaian setelah batas
    assert nilai == [100, 100, 96.3]
