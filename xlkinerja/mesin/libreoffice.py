"""LibreOffice headless as a second engine: recalculate workbooks and read what it computed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

# Always recalculate on load (LibreOffice keeps cached values of OOXML files by default);
# Indonesian locale, so that numbers render as 1.234,56; macros never run.
_PROFIL = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N">
 <prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>id-ID</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profil(folder: Path) -> str:
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_PROFIL, encoding="utf-8")
    return folder.as_uri()


def konversi(
    paths: Sequence[Path],
    outdir: Path,
    ke: str = "xlsx",
    batas_waktu: float = 600,
    filter: str | None = None,
    paket: str = "libreoffice-calc-nogui",
) -> list[Path]:
    """Open each file in LibreOffice (recalculating everything) and save it as `ke` in outdir
    (with the export `filter`, by default Calc's for `ke`).

    One soffice call for all files; returns the output paths in input order.
    """
    exe = soffice()
    if exe is None:
        raise RuntimeError(f"LibreOffice (soffice) tidak ditemukan; pasang paket {paket}")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlk-lo-") as tmp:
        filt = filter or {
            "xlsx": "xlsx:Calc MS Excel 2007 XML",
            "pdf": "pdf:calc_pdf_Export",
        }.get(ke, ke)
        cmd = [
            exe,
            f"-env:UserInstallation={_profil(Path(tmp))}",
            "--headless",
            "--norestore",
            "--convert-to",
            filt,
            "--outdir",
            str(outdir),
            *map(str, paths),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=batas_waktu)
    out = [outdir / (Path(p).stem + "." + ke) for p in paths]
    hilang = [str(p) for p in out if not p.exists()]
    if hilang:
        raise RuntimeError(f"LibreOffice tidak menghasilkan: {', '.join(hilang)}")
    return out


def hitung_ulang(path: Path, outdir: Path) -> dict[str, dict[str, object]]:
    """{SHEET: {cell: value}} as LibreOffice computed them (sheet names upper-cased)."""
    import openpyxl

    (hasil,) = konversi([path], outdir)
    wb = openpyxl.load_workbook(hasil, data_only=True, read_only=True)
    out: dict[str, dict[str, object]] = {}
    for ws in wb.worksheets:
        d = out.setdefault(ws.title.upper(), {})
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None and hasattr(c, "coordinate"):
                    v = c.value
                    d[c.coordinate] = (
                        float(v) if isinstance(v, int) and not isinstance(v, bool) else v
                    )
    wb.close()
    return out
