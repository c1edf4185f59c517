"""Project promises: the README's commands, CI and the console command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _perintah_readme() -> list[str]:
    teks = (ROOT / "README.md").read_text(encoding="utf-8")
    blok = re.search(r"```bash\n(.*?)```", teks, re.S).group(1)
    return [b for b in blok.splitlines() if b and not b.startswith("#")]


def test_readme_dua_perintah_pertama_pasang_dan_uji():
    pasang, uji = _perintah_readme()[:2]
    assert pasang.startswith("pip install .") and "xlkinerja" in pasang.split("&&")[1]
    assert "[test]" in uji and "pytest" in uji


def test_ci_menjalankan_perintah_uji_readme_apa_adanya():
    uji = _perintah_readme()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert uji in ci


def test_perintah_versi_dan_metode():
    out = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("xlkinerja ")
    out = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "metode"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "200"},
    ).stdout
    for kata in (
        "Permendagri 86/2017",
        "PermenPAN-RB 88/2021",
        "214/PMK.02/2017",
        "pmk_214",
        "negatif_kemenpan",
        "pasaman_barat_2022",
    ):
        assert kata in out


def test_metode_tidak_dikenal_pesan_indonesia_dan_keluar_64():
    p = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "metode", "tidak_ada"], capture_output=True, text=True
    )
    assert p.returncode == 64
    assert "tidak dikenal" in p.stderr


def test_metode_json_dapat_dimuat_ulang():
    import json

    from xlkinerja.inti.metode import Metode

    out = subprocess.run(
        [sys.executable, "-m", "xlkinerja", "metode", "jember_2023", "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert Metode.from_dict(json.loads(out)).kode == "jember_2023"


def test_kode_bersih_menurut_ruff():
    p = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(ROOT)], capture_output=True, text=True
    )
    assert p.returncode == 0, p.stdout
