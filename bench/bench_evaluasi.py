"""Benchmark: `xlkinerja.mesin.evaluasi.hitung` against the full `formulas` model on templates.

Run: python bench/bench_evaluasi.py [--metode KODE ...]

For each workbook it prints the formula cells, R1C1 groups, seconds for the full model
(`ExcelModel().loads().finish().calculate()`) and for `hitung` (cold: compile cache emptied;
warm: compiled formulas kept, as when one process evaluates many files; best of 3 each), the
speed ratios and the share of cells on which both agree (floats within 1e-9 relative).
"""

from __future__ import annotations

import argparse
import copy
import gc
import math
import os
import sys
import tempfile
import time
from pathlib import Path

import formulas
import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xlkinerja.inti.metode import muat  # noqa: E402
from xlkinerja.inti.model import Instansi  # noqa: E402
from xlkinerja.mesin import koreksi as mesin  # noqa: E402
from xlkinerja.mesin.evaluasi import hitung  # noqa: E402
from xlkinerja.templat.bangun import bangun_workbook  # noqa: E402
from xlkinerja.templat.isi import isi_workbook  # noqa: E402
from xlkinerja.templat.sampel import instansi_sampel  # noqa: E402

ULANG = 3


def _geser(kode: str, n: int) -> str:
    """Shift the leading number of a code by 2n: "2.1" -> "4.1" for n = 1."""
    kepala, _, ekor = kode.partition(".")
    return f"{int(kepala) + 2 * n}" + (f".{ekor}" if ekor else "")


def instansi_besar(salinan: int = 3) -> Instansi:
    """The sample agency repeated `salinan` times with fresh codes (48 indicators, 168 rows)."""
    dasar = instansi_sampel()
    inst = copy.deepcopy(dasar)
    for n in range(1, salinan):
        for mi in copy.deepcopy(dasar.misi):
            mi.kode = _geser(mi.kode, n)
            for tj in mi.tujuan:
                tj.kode = _geser(tj.kode, n)
                for s in tj.sasaran:
                    s.kode = _geser(s.kode, n)
                    for j, i in enumerate(s.indikator, 1):
                        i.kode = f"{s.kode}.{j}"
            inst.misi.append(mi)
        for p in copy.deepcopy(dasar.program):
            lama, baru = "2.07", f"2.{7 + n:02d}"
            for b in p.telusuri():
                b.kode = baru + b.kode[len(lama) :]
            if p.sasaran:
                p.sasaran = _geser(p.sasaran, n)
            inst.program.append(p)
    inst.belanja = {j: (pg * salinan, rl * salinan) for j, (pg, rl) in dasar.belanja.items()}
    return inst


def model_penuh(path: Path) -> tuple[float, dict[str, dict[str, object]]]:
    """Seconds for the full model and its values {SHEET: {cell: value}} (as mesin.hitung_buku)."""
    t = time.perf_counter()
    sol = formulas.ExcelModel().loads(str(path)).finish().calculate()
    detik = time.perf_counter() - t
    nama = path.name.upper()
    out: dict[str, dict[str, object]] = {}
    for key, val in sol.items():
        k = str(key)
        if "!" not in k or ":" in k.split("!")[1]:
            continue
        lembar, sel = k.rsplit("!", 1)
        lembar = lembar.strip("'")
        if lembar.upper().startswith(f"[{nama}]"):
            lembar = lembar[len(nama) + 2 :]
        out.setdefault(lembar.upper(), {})[sel] = mesin.dari_engine(getattr(val, "value", val))
    return detik, out


def sama(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return type(a) is type(b) and a == b


def ukur(nama: str, path: Path) -> None:
    gc.collect()
    detik_penuh, penuh = model_penuh(path)
    dingin, hangat = [], []
    for _ in range(ULANG):  # best of ULANG: the machine may be shared
        mesin.kompilasi.cache_clear()
        gc.collect()
        t = time.perf_counter()
        h = hitung(path)
        dingin.append(time.perf_counter() - t)
        t = time.perf_counter()
        hitung(path)
        hangat.append(time.perf_counter() - t)
    dingin, hangat = min(dingin), min(hangat)
    dinilai = [s for s in h.nilai if s[1] in penuh.get(s[0].upper(), {})]
    cocok = sum(sama(h.nilai[s], penuh[s[0].upper()][s[1]]) for s in dinilai)
    beda = [s for s in dinilai if not sama(h.nilai[s], penuh[s[0].upper()][s[1]])]
    masalah = len(h.galat) + len(h.tidak_didukung)
    print(
        f"{nama:<46} {len(h.nilai):>6} {len(set(h.kelompok.values())):>6} "
        f"{detik_penuh:>8.2f} {dingin:>7.3f} {hangat:>7.3f} {detik_penuh / dingin:>6.1f}x "
        f"{detik_penuh / hangat:>6.1f}x {cocok:>5}/{len(dinilai):<5} "
        f"{100 * cocok / max(len(dinilai), 1):6.2f}%" + (f"  masalah={masalah}" if masalah else "")
    )
    for s in beda[:5]:
        print("   beda:", s, repr(h.nilai[s]), repr(penuh[s[0].upper()][s[1]]))
    tidak = len(h.nilai) - len(dinilai)
    if tidak:
        print(f"   {tidak} sel tanpa nilai di model penuh")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--metode", nargs="*", default=["permendagri_86_2017", "jember_2023"])
    arg = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_evaluasi_") as d:
        jalankan(arg.metode, Path(d))


def jalankan(daftar_metode: list[str], folder: Path) -> None:
    berkas = []
    for kode in daftar_metode:
        m = muat(kode)
        for label, inst in (("sampel", instansi_sampel()), ("besar", instansi_besar())):
            wb = bangun_workbook(m)
            baris = isi_workbook(wb, inst, m)
            path = folder / f"{label}_{kode}.xlsx"
            wb.save(path)
            n_ind, n_ang = len(baris["pengukuran"]), len(baris["anggaran"])
            berkas.append((f"{label} {kode} ({n_ind} ind, {n_ang} baris)", path))

    # Warm up both engines (imports, regex compilation) on a tiny workbook.
    kecil = folder / "kecil.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"], wb.active["B1"] = 1, '=IF(A1="","",SUMIFS(A1:A2,A1:A2,">0"))'
    wb.save(kecil)
    model_penuh(kecil)
    hitung(kecil)

    print(f"python {sys.version.split()[0]}, formulas {formulas.__version__}, pid {os.getpid()}")
    print(
        f"{'berkas':<46} {'rumus':>6} {'klmpk':>6} {'penuh s':>8} {'dingin':>7} {'hangat':>7} "
        f"{'rasio':>7} {'r.hgt':>7} {'cocok':>11} {'%':>7}"
    )
    for nama, path in berkas:
        ukur(nama, path)


if __name__ == "__main__":
    main()
