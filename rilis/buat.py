"""Builds the offline release: dist/xlkinerja-<versi>.zip.

The zip holds everything a Windows PC without internet needs:

    xlkinerja-<versi>/
        pasang.bat, pasang.ps1     make a venv and install from wheels/ (--no-index)
        wheels/                    xlkinerja + every runtime dependency: win_amd64 cp311 and cp312,
                                   and the platform that built the release (to test it offline)
        templat/template_lkjip.xlsm
        contoh/*.xlsm              the bundled examples
        panduan/pasang.html, .pdf  docs/pasang.md rendered (images inlined)
        BACA.txt
        SHA256SUMS                 sha256 of every other file

and dist/xlkinerja-<versi>.zip.sha256 beside it. Network is needed to build (PyPI), never to
install. This script is not part of the installed package.

Run from the repository root:  python rilis/buat.py [-o dist] [--python 3.11 3.12]
"""

from __future__ import annotations

import argparse
import base64
import email.parser
import hashlib
import mimetypes
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
RILIS = Path(__file__).resolve().parent
PLATFORM_WINDOWS = "win_amd64"
PYTHON_WINDOWS = ("3.11", "3.12")
WAKTU_ZIP = (2020, 1, 1, 0, 0, 0)
LEBAR_GAMBAR = 640  # px, images in the guide


def versi() -> str:
    teks = (AKAR / "xlkinerja" / "versi.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', teks).group(1)


def _pip(*args: str) -> None:
    perintah = [sys.executable, "-m", "pip", *args]
    print("$", " ".join(perintah), flush=True)
    subprocess.run(perintah, check=True)


def _nama(teks: str) -> str:
    """A distribution name normalised as PEP 503 does."""
    return re.sub(r"[-_.]+", "-", teks).lower()


def _nama_wheel(berkas: Path) -> str:
    return _nama(berkas.name.split("-")[0])


def _kebutuhan(wheel: Path) -> list[str]:
    """Requires-Dist lines of a wheel's METADATA."""
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        pesan = email.parser.BytesParser().parsebytes(z.read(meta))
    return pesan.get_all("Requires-Dist") or []


def _lingkungan_windows(python: str) -> dict[str, str]:
    return {
        "os_name": "nt",
        "sys_platform": "win32",
        "platform_system": "Windows",
        "platform_machine": "AMD64",
        "platform_python_implementation": "CPython",
        "implementation_name": "cpython",
        "python_version": python,
        "python_full_version": f"{python}.0",
        "extra": "",
    }


def _tag_windows(python: str) -> set:
    """The wheel tags pip accepts for CPython `python` on win_amd64."""
    from packaging import tags

    versi_py = tuple(int(x) for x in python.split("."))
    abi = f"cp{versi_py[0]}{versi_py[1]}"
    semua = [
        *tags.cpython_tags(versi_py, abis=[abi], platforms=[PLATFORM_WINDOWS]),
        *tags.compatible_tags(versi_py, interpreter=abi, platforms=[PLATFORM_WINDOWS]),
    ]
    return set(semua)


def kurang_windows(folder: Path, python: str) -> list[str]:
    """Requirements that hold on Windows for `python`, of the wheels in `folder` installable
    there, and that no such wheel provides. `pip download --platform` evaluates environment
    markers for the running machine, so Windows-only dependencies (pywin32 for xlwings,
    colorama for click) would be missed."""
    from packaging.requirements import Requirement
    from packaging.utils import parse_wheel_filename

    cocok = _tag_windows(python)
    ada = {}
    for w in folder.glob("*.whl"):
        nama, _, _, tag = parse_wheel_filename(w.name)
        if tag & cocok:
            ada[_nama(nama)] = w
    env = _lingkungan_windows(python)
    kurang: list[str] = []
    for w in sorted(ada.values()):
        for baris in _kebutuhan(w):
            req = Requirement(baris)
            if req.marker is not None and not req.marker.evaluate(env):
                continue
            if _nama(req.name) not in ada:
                kurang.append(str(req).split(";")[0].strip())
    return sorted(set(kurang))


def unduh_windows(wheel_xlk: Path, folder: Path, python: str) -> None:
    """Every runtime dependency of xlkinerja as win_amd64 wheels for `python` into `folder`."""
    dasar = [
        "download",
        "--only-binary=:all:",
        "--platform",
        PLATFORM_WINDOWS,
        "--python-version",
        python,
        "--implementation",
        "cp",
        "--find-links",
        str(folder),  # pure wheels built here from sdists (docopt)
        "-d",
        str(folder),
    ]
    _pip(*dasar, str(wheel_xlk))
    for _ in range(5):  # Windows-only dependencies, to a fixed point
        kurang = kurang_windows(folder, python)
        if not kurang:
            return
        _pip(*dasar, *kurang)
    raise SystemExit(f"dependensi Windows masih kurang: {kurang}")


def _gambar_sebaris(html: str, dasar: Path) -> str:
    """<img src="x.png"> → a data URI, so the guide is one file."""

    def ganti(m: re.Match[str]) -> str:
        src = m.group(2)
        path = (dasar / src).resolve()
        if src.startswith(("http:", "https:", "data:")) or not path.is_file():
            return m.group(0)
        jenis = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        isi = base64.b64encode(path.read_bytes()).decode("ascii")
        ukuran = ""
        if jenis == "image/png":  # LibreOffice's PDF ignores max-width: give a size
            lebar, tinggi = struct.unpack(">II", path.read_bytes()[16:24])
            skala = min(1.0, LEBAR_GAMBAR / lebar)
            ukuran = f' width="{round(lebar * skala)}" height="{round(tinggi * skala)}"'
        return f'{m.group(1)}"data:{jenis};base64,{isi}"{ukuran}'

    return re.sub(r'(<img[^>]*?src=)"([^"]+)"', ganti, html)


GAYA = """
body { font-family: "Segoe UI", "DejaVu Sans", Arial, sans-serif; max-width: 52em;
       margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #1a1a1a; }
code, pre { font-family: Consolas, "DejaVu Sans Mono", monospace; background: #f3f3f3; }
pre { padding: .6em; overflow-x: auto; white-space: pre-wrap; }
img { max-width: 100%; border: 1px solid #ccc; }
table { border-collapse: collapse; } td, th { border: 1px solid #bbb; padding: .2em .5em; }
h1, h2 { color: #1f4e79; }
"""


def panduan(md: Path, tujuan: Path) -> list[Path]:
    """docs/pasang.md → tujuan/pasang.html (images inlined) and pasang.pdf (LibreOffice)."""
    try:
        import markdown
    except ImportError:
        raise SystemExit("panduan HTML memerlukan paket markdown: pip install markdown") from None

    badan = markdown.markdown(
        md.read_text(encoding="utf-8"),
        extensions=["tables", "fenced_code", "toc", "sane_lists"],  # sane: "3." stays 3
    )
    badan = _gambar_sebaris(badan, md.parent)
    judul = re.search(r"<h1[^>]*>(.*?)</h1>", badan)
    html = (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        f"<title>{judul.group(1) if judul else 'xlkinerja'}</title>"
        f"<style>{GAYA}</style></head><body>\n{badan}\n</body></html>\n"
    )
    tujuan.mkdir(parents=True, exist_ok=True)
    h = tujuan / "pasang.html"
    h.write_text(html, encoding="utf-8")
    hasil = [h]
    if shutil.which("soffice"):
        with tempfile.TemporaryDirectory() as profil:
            subprocess.run(
                [
                    "soffice",
                    f"-env:UserInstallation=file://{profil}",
                    "--headless",
                    "--convert-to",
                    "pdf:writer_web_pdf_Export",
                    "--outdir",
                    str(tujuan),
                    str(h),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
        hasil.append(tujuan / "pasang.pdf")
    return hasil


def _ganti_versi(teks: str, v: str) -> str:
    return teks.replace("@VERSI@", v)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def tulis_zip(folder: Path, zip_path: Path) -> None:
    """The folder as a zip with fixed times and sorted names (stored wheels are not
    recompressed: they are zips already)."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    sementara = zip_path.with_name(zip_path.name + ".tmp")
    with zipfile.ZipFile(sementara, "w") as z:
        for f in sorted(p for p in folder.rglob("*") if p.is_file()):
            nama = f"{folder.name}/{f.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo(nama, date_time=WAKTU_ZIP)
            info.create_system = 0
            info.external_attr = 0
            mampat = f.suffix != ".whl"
            info.compress_type = zipfile.ZIP_DEFLATED if mampat else zipfile.ZIP_STORED
            with open(f, "rb") as isi, z.open(info, "w") as keluar:
                shutil.copyfileobj(isi, keluar, 1 << 20)
    os.replace(sementara, zip_path)


def buat(keluaran: Path, python_windows: tuple[str, ...] = PYTHON_WINDOWS) -> Path:
    v = versi()
    mulai = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="xlk-rilis-") as tmp:
        isi = Path(tmp) / f"xlkinerja-{v}"
        wheels = isi / "wheels"
        wheels.mkdir(parents=True)
        # 1. xlkinerja's own wheel
        _pip("wheel", str(AKAR), "--no-deps", "-w", str(wheels))
        (wheel_xlk,) = wheels.glob(f"xlkinerja-{v}-*.whl")
        # 2. its dependencies for this machine (sdists built into wheels here)
        _pip("wheel", str(wheel_xlk), "--prefer-binary", "-w", str(wheels))
        # 3. and for Windows
        for py in python_windows:
            unduh_windows(wheel_xlk, wheels, py)
        # 4. workbooks, guide, installer scripts
        (isi / "templat").mkdir()
        shutil.copy2(AKAR / "workbooks" / "template_lkjip.xlsm", isi / "templat")
        (isi / "contoh").mkdir()
        for f in sorted((AKAR / "workbooks" / "contoh").glob("*.xlsm")):
            shutil.copy2(f, isi / "contoh")
        panduan(AKAR / "docs" / "pasang.md", isi / "panduan")
        for nama in ("pasang.bat", "pasang.ps1", "BACA.txt"):
            teks = _ganti_versi((RILIS / nama).read_text(encoding="utf-8"), v)
            # Windows files: CRLF; the .ps1 with a BOM so Windows PowerShell 5 reads UTF-8
            teks = teks.replace("\r\n", "\n").replace("\n", "\r\n")
            kode = "utf-8-sig" if nama.endswith(".ps1") else "utf-8"
            (isi / nama).write_bytes(teks.encode(kode))
        # 5. checksums, zip
        baris = [
            f"{sha256(f)}  {f.relative_to(isi).as_posix()}"
            for f in sorted(p for p in isi.rglob("*") if p.is_file())
        ]
        (isi / "SHA256SUMS").write_text("\n".join(baris) + "\n", encoding="utf-8")
        zip_path = keluaran / f"xlkinerja-{v}.zip"
        tulis_zip(isi, zip_path)
    zip_path.with_name(zip_path.name + ".sha256").write_text(
        f"{sha256(zip_path)}  {zip_path.name}\n", encoding="utf-8"
    )
    detik = time.monotonic() - mulai
    print(f"{zip_path}: {zip_path.stat().st_size / 1e6:.1f} MB, {len(baris)} berkas, {detik:.0f} s")
    return zip_path


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="Bangun rilis luring xlkinerja (zip).")
    p.add_argument("-o", "--output", type=Path, default=AKAR / "dist", help="folder hasil")
    p.add_argument(
        "--python",
        nargs="+",
        default=list(PYTHON_WINDOWS),
        help="versi Python Windows yang didukung (bawaan: 3.11 3.12)",
    )
    a = p.parse_args(argv)
    buat(a.output, tuple(a.python))


if __name__ == "__main__":
    main()
