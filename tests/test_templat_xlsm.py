"""The committed macro-enabled template: reproducible, with its macros, ribbon and formulas."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from oletools.olevba import VBA_Parser
from pyopenvba.apps.excel import ExcelApplication

from xlkinerja.buku import paket
from xlkinerja.inti.metode import muat
from xlkinerja.mesin.libreoffice import konversi
from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import bangun_templat
from xlkinerja.templat.pengaturan import baca_metode

ROOT = Path(__file__).resolve().parents[1]
TEMPLAT = ROOT / "workbooks" / "template_lkjip.xlsm"


@pytest.fixture(scope="module")
def modul() -> dict[str, str]:
    vp = VBA_Parser(str(TEMPLAT))
    try:
        return {Path(nama).stem: kode for _, _, nama, kode in vp.extract_macros()}
    finally:
        vp.close()


def _tanpa_atribut(kode: str) -> str:
    return "\n".join(
        b for b in kode.replace("\r\n", "\n").split("\n") if not b.startswith("Attribute ")
    ).strip()


def test_templat_tersimpan_sama_dengan_hasil_bangun_baru():
    assert TEMPLAT.read_bytes() == bangun_templat(), (
        "workbooks/template_lkjip.xlsm usang: jalankan "
        "xlkinerja templat -o workbooks/template_lkjip.xlsm --timpa"
    )


def test_olevba_mengeluarkan_persis_sumber_di_macros(modul):
    for path in sorted((ROOT / "macros").glob("*.bas")):
        nama = paket._nama_modul(path.read_text(encoding="utf-8"), path.stem)
        assert _tanpa_atribut(modul[nama]) == _tanpa_atribut(path.read_text(encoding="utf-8"))
    assert {"xlkinerja", "xlwings", "Dictionary"} <= set(modul)


def test_setiap_tombol_ribbon_memanggil_sub_yang_ada(modul):
    with zipfile.ZipFile(TEMPLAT) as z:
        ui = ElementTree.fromstring(z.read("customUI/customUI14.xml"))
        rels = z.read("_rels/.rels").decode()
    assert paket.REL_RIBBON in rels
    tombol = {b.get("id"): b.get("onAction") for b in ui.iter(f"{{{paket.NS_CUSTOMUI}}}button")}
    assert set(tombol) == {t.id for t in S.TOMBOL}
    semua = "\n".join(modul.values())
    for aksi in set(tombol.values()):
        assert re.search(rf"^Sub {aksi}\(control As IRibbonControl\)", semua, re.M), aksi
    label = {b.get("id"): b.get("label") for b in ui.iter(f"{{{paket.NS_CUSTOMUI}}}button")}
    assert label == {t.id: t.label for t in S.TOMBOL}


def test_vba_tanpa_excel_mengubah_setiap_tombol_menjadi_perintah_python():
    app = ExcelApplication.open(str(TEMPLAT))
    for t in S.TOMBOL:
        assert app.run("KinerjaPerintah", t.id) == (
            f"import xlkinerja.excel; xlkinerja.excel.on_ribbon('{t.id}')"
        )


def test_vba_xlwings_tertanam_sesuai_versi_xlwings_terpasang(modul):
    import xlwings

    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in modul["xlwings"]


def test_jenis_isi_untuk_buku_kerja_bermakro():
    with zipfile.ZipFile(TEMPLAT) as z:
        ct = z.read("[Content_Types].xml").decode()
        assert "xl/vbaProject.bin" in z.namelist()
    assert paket.CT_XLSM in ct and paket.CT_VBA in ct


def test_libreoffice_membuka_templat_dan_membaca_modul_vba(tmp_path):
    (ods,) = konversi([TEMPLAT], tmp_path, ke="ods")
    with zipfile.ZipFile(ods) as z:
        modul = {
            Path(n).stem
            for n in z.namelist()
            if n.startswith("Basic/")
            and n.endswith(".xml")
            and not Path(n).stem.startswith("script-")
        }
    assert {"xlkinerja", "xlwings", "Dictionary", "ThisWorkbook"} <= modul


def test_templat_membawa_metodologi_bawaan():
    wb = openpyxl.load_workbook(TEMPLAT, keep_vba=True)
    assert baca_metode(wb).to_dict() == muat().to_dict()


def test_perintah_templat_menolak_menimpa_tanpa_izin(tmp_path):
    keluar = tmp_path / "t.xlsm"
    keluar.write_bytes(b"isi pengguna")
    p = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "templat", "-o", str(keluar)],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 2 and "sudah ada" in p.stdout
    assert keluar.read_bytes() == b"isi pengguna"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "xlkinerja",
            "templat",
            "-o",
            str(keluar),
            "--timpa",
            "-m",
            "jember_2023",
        ],
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "t.xlsm.bak").read_bytes() == b"isi pengguna"
    assert baca_metode(openpyxl.load_workbook(keluar)).kode == "jember_2023"


def test_versi_xlwings_dalam_templat_sama_dengan_vba_dan_pin(modul):
    import xlwings

    wb = openpyxl.load_workbook(TEMPLAT, keep_vba=True)
    lembar, sel = next(iter(wb.defined_names["xk_versi_xlwings"].destinations))
    assert wb[lembar][sel.replace("$", "")].value == xlwings.__version__ == "0.37.8"
    pin = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"xlwings==0.37.8"' in pin
