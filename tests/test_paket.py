"""Packaging: .xlsm with embedded VBA and the LKjIP ribbon, reproducible, survives openpyxl."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import xlwings
from oletools.olevba import VBA_Parser

from xlkinerja.buku import paket

ROOT = Path(__file__).resolve().parents[1]
RIBBON = paket.RIBBON_XML.read_text(encoding="utf-8")
TOMBOL = {
    "btnHitungCapaian",
    "btnHitungEfisiensi",
    "btnPeriksa",
    "btnIsiNarasi",
    "btnAuditRumus",
    "btnBersihkanTanda",
    "btnDiagnosa",
}
NS_UI = f"{{{paket.NS_CUSTOMUI}}}"

BUILD = """
import hashlib, sys, openpyxl
from xlkinerja.buku import paket
wb = openpyxl.Workbook()
ws = wb.active
ws.title, ws["A1"], ws["B1"], ws["C1"] = "Data", "Indikator", 90, "=B1/100"
sys.stdout.write(hashlib.sha256(paket.buat_xlsm(paket.simpan_openpyxl_deterministik(wb))).hexdigest())
"""


def _xlsx() -> bytes:
    """The tiny base workbook (the same as BUILD's)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title, ws["A1"], ws["B1"], ws["C1"] = "Data", "Indikator", 90, "=B1/100"
    return paket.simpan_openpyxl_deterministik(wb)


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("paket") / "kinerja.xlsm"
    path.write_bytes(paket.buat_xlsm(_xlsx()))
    return path


@pytest.fixture(scope="module")
def vba(xlsm: Path) -> dict[str, str]:
    """Module name -> code, as olevba extracts it."""
    parser = VBA_Parser(str(xlsm))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def _kode(source: str) -> list[str]:
    """Code lines without the .cls export preamble, Attribute lines and line-ending noise."""
    text = source.replace("\r\n", "\n")
    text = re.sub(r"\AVERSION [^\n]*CLASS\nBEGIN\n.*?\nEND\n", "", text, flags=re.S)
    lines = [line for line in text.split("\n") if not line.startswith("Attribute ")]
    return "\n".join(lines).strip("\n").split("\n")


def test_olevba_extracts_exactly_the_module_sources_we_put_in(vba: dict[str, str]) -> None:
    ours = paket.modul_makro()
    assert set(vba) == set(ours) | {"ThisWorkbook", "Sheet1"}
    for name, source in ours.items():
        assert _kode(vba[name]) == _kode(source), name
    assert _kode(vba["ThisWorkbook"]) == _kode(vba["Sheet1"]) == [""]


def test_modul_makro_holds_our_module_and_xlwings_standalone_modules() -> None:
    modules = paket.modul_makro()
    assert list(modules) == ["xlkinerja", "xlwings", "Dictionary"]
    assert all("\n" not in source.replace("\r\n", "") for source in modules.values())
    ours = _kode(modules["xlkinerja"])
    procedures = [line for line in ours if re.match(r"(Sub|Function) ", line)]
    assert procedures == [
        "Sub KinerjaTombol(control As IRibbonControl)",
        "Function KinerjaPerintah(id As String) As String",
    ]


def test_every_ribbon_action_names_a_vba_sub_taking_an_iribboncontrol(
    xlsm: Path, vba: dict[str, str]
) -> None:
    root = ElementTree.fromstring(paket.bagian_zip(xlsm)[paket.PART_RIBBON])
    tab = root.find(f"{NS_UI}ribbon/{NS_UI}tabs/{NS_UI}tab")
    assert tab is not None and (tab.get("id"), tab.get("label")) == ("tabLKjIP", "LKjIP")
    buttons = list(root.iter(f"{NS_UI}button"))
    assert {b.get("id") for b in buttons} == TOMBOL
    assert all(b.get("label") and b.get("imageMso") and b.get("supertip") for b in buttons)
    code = "\n".join(vba.values())
    actions = {el.get("onAction") for el in root.iter() if el.get("onAction")}
    assert actions == {"KinerjaTombol"}
    for action in actions:
        signature = rf"^(Public )?Sub {action}\(control As IRibbonControl\)\s*$"
        assert re.search(signature, code, re.MULTILINE | re.IGNORECASE), action


def test_content_types_and_relationships_make_a_macro_enabled_workbook_with_ribbon(
    xlsm: Path,
) -> None:
    parts = paket.bagian_zip(xlsm)
    ct = parts[paket.PART_CT]
    assert paket._tipe(ct, "xl/workbook.xml") == paket.CT_XLSM
    assert paket._tipe(ct, "xl/vbaProject.bin") == paket.CT_VBA
    assert paket._tipe(ct, "customUI/customUI14.xml") == paket.CT_XML

    def rels(name: str) -> dict[str, str]:
        root = ElementTree.fromstring(parts[name])
        return {r.get("Type"): r.get("Target") for r in root.iter(f"{paket.NS_REL}Relationship")}

    assert rels("_rels/.rels")[paket.REL_RIBBON] == "customUI/customUI14.xml"
    assert rels("xl/_rels/workbook.xml.rels")[paket.REL_VBA] == "vbaProject.bin"
    # Document modules ThisWorkbook/Sheet1 are linked to the workbook and sheet by code name.
    assert 'codeName="ThisWorkbook"' in parts["xl/workbook.xml"].decode()
    assert 'codeName="Sheet1"' in parts["xl/worksheets/sheet1.xml"].decode()
    assert all(len(set(rels(n).values())) == len(rels(n)) for n in parts if n.endswith(".rels"))


def test_two_builds_give_identical_bytes() -> None:
    modules = paket.modul_makro()
    assert paket.buat_vba_project(modules) == paket.buat_vba_project(modules)
    assert paket.buat_vba_project(modules, _xlsx()) == paket.buat_vba_project(modules, _xlsx())
    assert paket.buat_xlsm(_xlsx()) == paket.buat_xlsm(_xlsx())


def test_a_fresh_process_with_another_hash_seed_builds_the_same_bytes() -> None:
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run(
        [sys.executable, "-c", BUILD], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    ).stdout
    assert out == hashlib.sha256(paket.buat_xlsm(_xlsx())).hexdigest()


def test_packages_have_fixed_zip_metadata_and_openpyxl_core_times(xlsm: Path) -> None:
    with zipfile.ZipFile(xlsm) as z:
        infos = z.infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert [i.filename for i in infos][:2] == ["[Content_Types].xml", "_rels/.rels"]
    core = paket.bagian_zip(xlsm)["docProps/core.xml"].decode()
    assert core.count("2000-01-01T00:00:00Z") == 2


def test_jadikan_xlsm_is_idempotent(xlsm: Path) -> None:
    data = xlsm.read_bytes()
    vba_bin = paket.bagian_zip(data)[paket.PART_VBA]
    assert paket.jadikan_xlsm(data, vba_bin, RIBBON) == data


def test_embedded_xlwings_vba_matches_the_installed_and_pinned_xlwings(vba: dict[str, str]) -> None:
    version = xlwings.__version__
    assert paket.XLWINGS_VERSION == version
    assert f'XLWINGS_VERSION As String = "{version}"' in vba["xlwings"]
    assert f'"xlwings64-{version}.dll"' in vba["xlwings"]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"xlwings=={version}"' in pyproject


def test_headless_vba_turns_a_button_id_into_the_runpython_command(xlsm: Path) -> None:
    from pyopenvba.apps.excel import ExcelApplication

    app = ExcelApplication.open(xlsm)
    assert app.run("KinerjaPerintah", "btnHitungCapaian") == (
        "import xlkinerja.excel; xlkinerja.excel.on_ribbon('btnHitungCapaian')"
    )


def test_openpyxl_resave_drops_the_ribbon_and_pulihkan_ribbon_restores_only_it(
    xlsm: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(xlsm, keep_vba=True)
    wb["Data"]["A2"] = "Indikator 2"
    resaved = tmp_path / "resaved.xlsm"
    resaved.write_bytes(paket.simpan_openpyxl_deterministik(wb))
    before = paket.bagian_zip(resaved)
    assert paket.REL_RIBBON.encode() not in before["_rels/.rels"]  # the known openpyxl loss
    assert before[paket.PART_VBA] == paket.bagian_zip(xlsm)[paket.PART_VBA]

    data = paket.pulihkan_ribbon(resaved, RIBBON)
    after = paket.bagian_zip(resaved)
    assert resaved.read_bytes() == data
    assert after["_rels/.rels"] != before["_rels/.rels"]
    assert {n: b for n, b in after.items() if n != "_rels/.rels"} == {
        n: b for n, b in before.items() if n != "_rels/.rels"
    }
    assert paket.bagian_zip(xlsm)["_rels/.rels"] == after["_rels/.rels"]
    # Idempotent: nothing missing, nothing rewritten.
    assert paket.pulihkan_ribbon(data, RIBBON) is data
    assert paket.pulihkan_ribbon(resaved, RIBBON) == data


def test_pulihkan_ribbon_also_restores_a_missing_ribbon_part() -> None:
    parts = paket.bagian_zip(paket.buat_xlsm(_xlsx()))
    del parts[paket.PART_RIBBON]
    restored = paket.bagian_zip(paket.pulihkan_ribbon(paket._tulis_zip(parts), RIBBON))
    assert restored[paket.PART_RIBBON] == RIBBON.encode()


def test_ribbon_xml_outside_the_2009_customui_namespace_is_refused() -> None:
    wrong = '<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui"/>'
    with pytest.raises(ValueError, match="customUI"):
        paket.jadikan_xlsm(_xlsx(), paket.buat_vba_project({}), wrong)


def test_openpyxl_save_is_deterministic_and_reads_back() -> None:
    assert _xlsx() == _xlsx()
    wb = openpyxl.load_workbook(io.BytesIO(_xlsx()))
    assert wb["Data"]["B1"].value == 90
