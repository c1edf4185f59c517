"""The offline release and `xlkinerja pasang`.

`pasang` is run through the real command on copies of the committed template and examples,
read back with openpyxl and pyOpenVBA and compared part by part with the input. The release
build needs PyPI and a few minutes: it runs with XLK_RILIS=1 (it builds the zip, installs it into
a fresh venv with pip's index and config switched off, and runs `xlkinerja periksa` there).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwings
from pyopenvba import ExcelFile
from typer.testing import CliRunner

from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.buku.paket import bagian_lembar, bagian_zip, versi_xlwings_vba
from xlkinerja.muka.cli import app
from xlkinerja.muka.pasang import baca_versi, penerjemah
from xlkinerja.versi import __version__

AKAR = Path(__file__).resolve().parent.parent
TEMPLAT = AKAR / "workbooks" / "template_lkjip.xlsm"
CONTOH = AKAR / "workbooks" / "contoh"
PY_WIN = r"C:\Users\Staf Perencanaan\AppData\Local\xlkinerja\venv\Scripts\pythonw.exe"


def _buat_modul():
    spec = importlib.util.spec_from_file_location("rilis_buat", AKAR / "rilis" / "buat.py")
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    return modul


def _pasang(*args: str):
    return CliRunner().invoke(app, ["pasang", *args])


def _conf(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)["xlwings.conf"]
    return {r[0].value: r[1].value for r in ws.iter_rows(max_col=2) if r[0].value}


def _tanpa_sel(xml: bytes, sel: str) -> bytes:
    """The sheet XML with cell `sel` cut out."""
    return re.sub(rb'<c r="' + sel.encode() + rb'"[^>]*?(/>|>.*?</c>)', b"", xml, count=1)


def test_pasang_menulis_interpreter_dan_bagian_lain_tetap_sama_byte(tmp_path):
    buku = tmp_path / "lkjip.xlsm"
    shutil.copy(TEMPLAT, buku)
    r = _pasang(str(buku), "--sistem", "win", "--python", PY_WIN)
    assert r.exit_code == 0, r.output
    assert _conf(buku)["Interpreter_Win"] == PY_WIN
    assert _conf(buku)["Interpreter_Mac"] is None
    # every zip member but the xlwings.conf sheet byte for byte, in the same order
    asli, baru = bagian_zip(TEMPLAT), bagian_zip(buku)
    lembar = bagian_lembar(asli)["xlwings.conf"]
    assert list(asli) == list(baru)
    assert [k for k in asli if asli[k] != baru[k]] == [lembar]
    # and in that sheet, only cell B1
    assert _tanpa_sel(asli[lembar], "B1") == _tanpa_sel(baru[lembar], "B1")
    assert asli[lembar] != baru[lembar]
    # the VBA and the ribbon are those of the template
    assert versi_xlwings_vba(buku) == xlwings.__version__
    # the file as it was is kept
    (cadangan,) = tmp_path.glob("lkjip.xlsm.*.bak")
    assert cadangan.read_bytes() == TEMPLAT.read_bytes()
    assert cadangan.name in r.output
    assert "Enable Content" in r.output and "Langkah berikutnya" in r.output


def test_pasang_mac_menambah_sel_interpreter_mac_tanpa_mengubah_win(tmp_path):
    buku = tmp_path / "lkjip.xlsm"
    shutil.copy(TEMPLAT, buku)
    r = _pasang(str(buku), "--sistem", "mac", "--python", "/Users/staf/xlk/bin/python")
    assert r.exit_code == 0, r.output
    conf = _conf(buku)
    assert conf["Interpreter_Mac"] == "/Users/staf/xlk/bin/python"
    assert conf["Interpreter_Win"] == "pythonw"
    assert "xlwings runpython install" in r.output


def test_pasang_kedua_kali_tidak_menulis_dan_tidak_membuat_cadangan(tmp_path):
    buku = tmp_path / "lkjip.xlsm"
    shutil.copy(TEMPLAT, buku)
    assert _pasang(str(buku), "--sistem", "win", "--python", PY_WIN).exit_code == 0
    sekali = buku.read_bytes()
    r = _pasang(str(buku), "--sistem", "win", "--python", PY_WIN)
    assert r.exit_code == 0, r.output
    assert "tidak diubah" in r.output
    assert buku.read_bytes() == sekali
    assert len(list(tmp_path.glob("*.bak"))) == 1


def test_pasang_ke_folder_menyalin_contoh_tanpa_mengubah_aslinya(tmp_path):
    asli = {f.name: f.read_bytes() for f in CONTOH.glob("*.xlsm")}
    r = _pasang(
        str(CONTOH), "-o", str(tmp_path), "--sistem", "win", "--python", PY_WIN, "--ringkas"
    )
    assert r.exit_code == 0, r.output
    assert "Langkah berikutnya" not in r.output  # --ringkas: the installer's runs
    assert sorted(f.name for f in tmp_path.glob("*.xlsm")) == sorted(asli)
    for nama, data in asli.items():
        assert (CONTOH / nama).read_bytes() == data
        assert _conf(tmp_path / nama)["Interpreter_Win"] == PY_WIN
    assert not list(CONTOH.glob("*.bak"))
    # an existing copy is not replaced without --timpa
    r = _pasang(str(CONTOH), "-o", str(tmp_path), "--sistem", "win", "--python", PY_WIN)
    assert r.exit_code == 2
    assert "--timpa" in r.output


def _ganti_versi_vba(path: Path, versi: str) -> None:
    wb = ExcelFile(path)
    with wb:
        kode = wb.get_module("xlwings")
        kode = re.sub(
            r'XLWINGS_VERSION As String = "[^"]+"', f'XLWINGS_VERSION As String = "{versi}"', kode
        )
        wb.set_module("xlwings", kode)
        wb.save()


def test_pasang_versi_vba_berbeda_menyebut_versi_dan_cara_menyamakan(tmp_path):
    buku = tmp_path / "lama.xlsm"
    shutil.copy(TEMPLAT, buku)
    _ganti_versi_vba(buku, "0.30.10")
    assert versi_xlwings_vba(buku) == "0.30.10"
    r = _pasang(str(buku), "--sistem", "win", "--python", PY_WIN)
    assert r.exit_code == 1, r.output
    teks = " ".join(r.output.split())
    assert "versi 0.30.10" in teks
    assert f"versi {xlwings.__version__}" in teks
    assert "pip install xlwings==0.30.10" in teks
    # the interpreter is written all the same: it stays right once xlwings matches
    assert _conf(buku)["Interpreter_Win"] == PY_WIN


def test_versi_cocok_pada_templat_dan_tanpa_vba_disebut(tmp_path):
    v = baca_versi(BukuBerkas(TEMPLAT))
    assert (v.vba, v.pengaturan, v.terpasang) == (xlwings.__version__,) * 3
    assert v.masalah() == [] and v.catatan() == []
    xlsx = tmp_path / "tanpa_makro.xlsx"
    wb = openpyxl.load_workbook(TEMPLAT)
    wb.save(xlsx)
    (m,) = baca_versi(BukuBerkas(xlsx)).masalah()
    assert "tidak berisi modul VBA xlwings" in m


def test_pasang_buku_tanpa_lembar_xlwings_conf_ditolak_tanpa_diubah(tmp_path):
    buku = tmp_path / "lain.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "bukan templat"
    wb.save(buku)
    data = buku.read_bytes()
    r = _pasang(str(buku), "--sistem", "win", "--python", PY_WIN)
    assert r.exit_code == 2
    assert "lembar 'xlwings.conf' tidak ada" in r.output
    assert buku.read_bytes() == data


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="sistem dikenali di sini")
def test_pasang_di_linux_meminta_sistem(tmp_path):
    buku = tmp_path / "lkjip.xlsm"
    shutil.copy(TEMPLAT, buku)
    r = _pasang(str(buku))
    assert r.exit_code == 2
    assert "--sistem win" in r.output
    assert buku.read_bytes() == TEMPLAT.read_bytes()


def test_penerjemah_windows_memilih_pythonw_di_sampingnya(tmp_path):
    exe = tmp_path / "Scripts" / "python.exe"
    exe.parent.mkdir()
    exe.write_bytes(b"")
    assert penerjemah("win", str(exe)) == str(exe)
    (exe.parent / "pythonw.exe").write_bytes(b"")
    assert penerjemah("win", str(exe)) == str(exe.parent / "pythonw.exe")
    assert penerjemah("mac", str(exe)) == str(exe)
    assert penerjemah("mac") == sys.executable


def _wheel(folder: Path, nama: str, tag: str, butuh: list[str]) -> None:
    meta = f"Metadata-Version: 2.1\nName: {nama}\nVersion: 1.0\n"
    meta += "".join(f"Requires-Dist: {b}\n" for b in butuh)
    with zipfile.ZipFile(folder / f"{nama}-1.0-{tag}.whl", "w") as z:
        z.writestr(f"{nama}-1.0.dist-info/METADATA", meta)


def test_dependensi_khusus_windows_dicari_per_versi_python(tmp_path):
    buat = _buat_modul()
    _wheel(
        tmp_path, "xlwings", "cp311-cp311-win_amd64", ['pywin32>=224; platform_system=="Windows"']
    )
    _wheel(
        tmp_path, "xlwings", "cp312-cp312-win_amd64", ['pywin32>=224; platform_system=="Windows"']
    )
    _wheel(tmp_path, "click", "py3-none-any", ['colorama; platform_system == "Windows"'])
    _wheel(tmp_path, "linuxsaja", "py3-none-any", ['pyinotify; sys_platform == "linux"'])
    _wheel(tmp_path, "colorama", "py2.py3-none-any", [])
    _wheel(tmp_path, "pywin32", "cp311-cp311-win_amd64", [])
    assert buat.kurang_windows(tmp_path, "3.11") == []
    # pywin32 for 3.11 does not install on 3.12
    assert buat.kurang_windows(tmp_path, "3.12") == ["pywin32>=224"]


def _sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.skipif(os.environ.get("XLK_RILIS") != "1", reason="perlu PyPI dan beberapa menit")
def test_rilis_terpasang_tanpa_jaringan_dan_memeriksa_contoh(tmp_path):
    buat = _buat_modul()
    mulai = time.monotonic()
    zip_path = buat.buat(tmp_path / "dist")
    waktu_bangun = time.monotonic() - mulai
    assert zip_path.name == f"xlkinerja-{__version__}.zip"
    assert zip_path.with_name(zip_path.name + ".sha256").read_text().split()[0] == _sha256(zip_path)
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(tmp_path / "x")
    akar = tmp_path / "x" / f"xlkinerja-{__version__}"
    for baris in (akar / "SHA256SUMS").read_text().splitlines():
        h, nama = baris.split("  ", 1)
        assert _sha256(akar / nama) == h, nama
    wheels = {w.name for w in (akar / "wheels").glob("*.whl")}
    for py in ("cp311", "cp312"):  # the Windows wheels of the compiled dependencies
        for paket in ("numpy", "scipy", "pandas", "lxml", "xlwings", "pywin32"):
            assert any(w.startswith(f"{paket}-") and f"{py}-win_amd64" in w for w in wheels), (
                paket,
                py,
            )
    for f in ("pasang.bat", "pasang.ps1", "templat/template_lkjip.xlsm", "panduan/pasang.html"):
        assert (akar / f).is_file(), f
    assert sorted(f.name for f in (akar / "contoh").glob("*.xlsm")) == sorted(
        f.name for f in CONTOH.glob("*.xlsm")
    )
    # a fresh venv, pip without index, config or cache: only the zip's wheels
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env |= {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_CACHE_DIR": "1", "PYTHONNOUSERSITE": "1"}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    mulai = time.monotonic()
    subprocess.run(
        [
            str(py),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-index",
            "--find-links",
            str(akar / "wheels"),
            f"xlkinerja=={__version__}",
        ],
        check=True,
        env=env,
    )
    waktu_pasang = time.monotonic() - mulai
    xlk = venv / "bin" / "xlkinerja"
    r = subprocess.run(
        [str(xlk), "periksa", str(akar / "contoh")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert r.returncode == 1, r.stdout + r.stderr  # the published reports' errors are found
    assert "jember_2023.xlsm" in r.stdout
    r = subprocess.run(
        [
            str(xlk),
            "pasang",
            str(akar / "templat" / "template_lkjip.xlsm"),
            "-o",
            str(tmp_path / "dok"),
            "--sistem",
            "win",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert _conf(tmp_path / "dok" / "template_lkjip.xlsm")["Interpreter_Win"] == str(
        venv / "bin" / "python"
    )
    print(
        f"\nzip {zip_path.stat().st_size / 1e6:.1f} MB, {len(wheels)} wheel; bangun "
        f"{waktu_bangun:.0f} s, pasang luring {waktu_pasang:.0f} s"
    )
