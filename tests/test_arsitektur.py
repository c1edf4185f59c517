"""The package layout stays what the README shows: layers, no import cycle, no private name
imported across modules, no long function."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp

PAKET = Path(__file__).resolve().parents[1] / "xlkinerja"
MAKS_BARIS = 120
# Functions still longer than MAKS_BARIS, to be split (the list only shrinks).
BELUM_DIPECAH: set[str] = set()


def _siklus(graf: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    indeks: dict[str, int] = {}
    rendah: dict[str, int] = {}
    tumpuk: list[str] = []
    di_tumpuk: set[str] = set()
    out: list[list[str]] = []
    for akar in sorted(graf.modules):
        if akar in indeks:
            continue
        kerja = [(akar, iter(sorted(graf.find_modules_directly_imported_by(akar))))]
        indeks[akar] = rendah[akar] = len(indeks)
        tumpuk.append(akar)
        di_tumpuk.add(akar)
        while kerja:
            v, anak = kerja[-1]
            for w in anak:
                if w not in indeks:
                    indeks[w] = rendah[w] = len(indeks)
                    tumpuk.append(w)
                    di_tumpuk.add(w)
                    kerja.append((w, iter(sorted(graf.find_modules_directly_imported_by(w)))))
                    break
                if w in di_tumpuk:
                    rendah[v] = min(rendah[v], indeks[w])
            else:
                kerja.pop()
                if kerja:
                    rendah[kerja[-1][0]] = min(rendah[kerja[-1][0]], rendah[v])
                if rendah[v] == indeks[v]:
                    komp = []
                    while True:
                        w = tumpuk.pop()
                        di_tumpuk.discard(w)
                        komp.append(w)
                        if w == v:
                            break
                    if len(komp) > 1:
                        out.append(sorted(komp))
    return out


def test_tidak_ada_impor_melingkar():
    assert _siklus(grimp.build_graph("xlkinerja")) == []


def test_deteksi_siklus_menemukan_lingkaran(tmp_path, monkeypatch):
    for nama, isi in {"a.py": "from pk import b\n", "b.py": "import pk.a\n", "c.py": ""}.items():
        (tmp_path / "pk").mkdir(exist_ok=True)
        (tmp_path / "pk" / "__init__.py").write_text("")
        (tmp_path / "pk" / nama).write_text(isi)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _siklus(grimp.build_graph("pk", cache_dir=None)) == [["pk.a", "pk.b"]]


def test_lapisan_dijaga_import_linter():
    r = subprocess.run(
        [sys.executable, "-m", "importlinter.cli", "--no-cache"],
        capture_output=True,
        text=True,
        cwd=PAKET.parent,
    )
    if "No module named importlinter.cli" in r.stderr:
        r = subprocess.run(
            ["lint-imports", "--no-cache"], capture_output=True, text=True, cwd=PAKET.parent
        )
    assert r.returncode == 0, r.stdout + r.stderr


def _berkas() -> list[Path]:
    return sorted(PAKET.rglob("*.py"))


def test_tidak_mengimpor_nama_pribadi_modul_lain():
    salah = []
    for f in _berkas():
        for n in ast.walk(ast.parse(f.read_text("utf-8"))):
            if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("xlkinerja"):
                for a in n.names:
                    if a.name.startswith("_") and not a.name.startswith("__"):
                        salah.append(f"{f.relative_to(PAKET)}:{n.lineno} {n.module}.{a.name}")
                if any(p.startswith("_") for p in (n.module or "").split(".")):
                    salah.append(f"{f.relative_to(PAKET)}:{n.lineno} {n.module}")
    assert salah == []


def test_fungsi_tidak_lebih_dari_120_baris():
    panjang = set()
    for f in _berkas():
        for n in ast.walk(ast.parse(f.read_text("utf-8"))):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if n.end_lineno - n.lineno + 1 > MAKS_BARIS:
                    panjang.add(f"{f.relative_to(PAKET).as_posix()}:{n.name}")
    assert panjang - BELUM_DIPECAH == set(), "fungsi baru lebih dari 120 baris"
    assert BELUM_DIPECAH - panjang == set(), "sudah dipecah: hapus dari BELUM_DIPECAH"
