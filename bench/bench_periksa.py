"""Benchmark: `periksa` over many large workbooks against LibreOffice headless and `formulas`.

Run: python bench/bench_periksa.py [N] [--lo 20] [--formulas 2] [--proses K] [--folder DIR]

1. Generates N workbooks the size of a large perangkat daerah (bench/buat_buku.py: 40
   indicators, 150 budget rows, .xlsm with cached values); kept in --folder between runs.
2. periksa: `xlkinerja.muka.cli.periksa_berkas` (the code path of `xlkinerja periksa`) over all N
   files in a process pool of K workers (all cores by default), wall-clock time; plus the
   command itself end to end (`xlkinerja periksa FOLDER -f json`, interpreter start included),
   and one process alone on a subset (seconds per workbook per core).
3. LibreOffice headless recalculating (open + recalculate + save as .xlsx) a subset of --lo
   files, split over K soffice instances run at the same time; extrapolated to N files as
   one start-up per instance plus the measured seconds per additional file.
4. The `formulas` full model (load + calculate, `xlkinerja.mesin.koreksi.hitung_buku`) on a
   subset of --formulas files over K processes; workbooks/s extrapolated.

periksa, the command and LibreOffice are timed --ulang times (best run kept): on a shared
machine the load of other jobs changes the figures by up to 2x between runs.

Prints workbooks per second for each and the ratios against periksa, with the targets
(>= 20 workbooks/s on 2 cores, >= 10x LibreOffice, >= 100x formulas).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from buat_buku import buat  # noqa: E402

from xlkinerja.mesin.libreoffice import konversi, soffice  # noqa: E402
from xlkinerja.muka.cli import periksa_berkas  # noqa: E402

TARGET_PER_DETIK = 20.0
TARGET_LO = 10.0
TARGET_FORMULAS = 100.0


def _pekerja_periksa() -> None:
    periksa_berkas(Path(__file__))  # imports done before the clock starts (a foreign file)


def ukur_periksa(berkas: list[Path], proses: int) -> tuple[float, dict[str, int]]:
    """Wall seconds for periksa_berkas over all files in a pool; findings per severity."""
    with ProcessPoolExecutor(proses, initializer=_pekerja_periksa) as ex:
        list(ex.map(_kosong, range(proses)))  # workers started and warm
        t = time.perf_counter()
        hasil = list(ex.map(periksa_berkas, berkas, chunksize=max(1, len(berkas) // (proses * 8))))
        detik = time.perf_counter() - t
    n: dict[str, int] = {}
    for temuan in hasil:
        for x in temuan:
            n[x.tingkat] = n.get(x.tingkat, 0) + 1
    return detik, n


def _kosong(_: int) -> None:
    return None


def ukur_periksa_satu_proses(berkas: list[Path]) -> float:
    """Seconds per workbook in this process alone (imports warm)."""
    periksa_berkas(berkas[0])
    t = time.perf_counter()
    for f in berkas:
        periksa_berkas(f)
    return (time.perf_counter() - t) / len(berkas)


def ukur_cli(folder: Path, proses: int) -> tuple[float, int]:
    """Wall seconds of `xlkinerja periksa FOLDER -f json` (interpreter start included)."""
    exe = shutil.which("xlkinerja")
    cmd = [exe] if exe else [sys.executable, "-m", "xlkinerja"]
    cmd += ["periksa", str(folder), "-f", "json"]
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    detik = time.perf_counter() - t
    if p.returncode not in (0, 1, 2):
        raise RuntimeError(f"xlkinerja periksa gagal ({p.returncode}): {p.stderr[-2000:]}")
    try:
        n = len(json.loads(p.stdout)["temuan"])
    except json.JSONDecodeError:
        n = -1
    return detik, n


def ukur_lo(berkas: list[Path], proses: int) -> float:
    """Wall seconds for LibreOffice to recalculate and save the files, K instances at once."""
    bagian = [berkas[i::proses] for i in range(proses) if berkas[i::proses]]
    with tempfile.TemporaryDirectory(prefix="xlk-bench-lo-") as d:
        t = time.perf_counter()
        with ThreadPoolExecutor(len(bagian)) as ex:
            list(ex.map(lambda ib: konversi(ib[1], Path(d) / str(ib[0])), enumerate(bagian)))
        return time.perf_counter() - t


def _formulas(path: Path) -> int:
    from xlkinerja.mesin.koreksi import hitung_buku

    with contextlib.redirect_stderr(io.StringIO()):  # formulas' own progress bars
        return sum(len(v) for v in hitung_buku(str(path)).values())


def _pekerja_formulas() -> None:
    import openpyxl

    kecil = Path(tempfile.mkdtemp(prefix="xlk-bench-f-")) / "kecil.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"], wb.active["B1"] = 1, '=IF(A1="","",SUMIFS(A1:A2,A1:A2,">0"))'
    wb.save(kecil)
    _formulas(kecil)  # imports and engine warm before the clock starts


def ukur_formulas(berkas: list[Path], proses: int) -> float:
    with ProcessPoolExecutor(min(proses, len(berkas)), initializer=_pekerja_formulas) as ex:
        list(ex.map(_kosong, range(proses)))
        t = time.perf_counter()
        list(ex.map(_formulas, berkas))
        return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("n", type=int, nargs="?", default=200, help="workbooks for periksa")
    ap.add_argument("--lo", type=int, default=20, help="subset for LibreOffice (0: skip)")
    ap.add_argument("--formulas", type=int, default=2, help="subset for formulas (0: skip)")
    ap.add_argument("--proses", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--satu", type=int, default=20, help="subset timed in one process")
    ap.add_argument(
        "--folder", type=Path, default=Path(tempfile.gettempdir()) / "xlk-bench-periksa"
    )
    ap.add_argument("--tanpa-cli", action="store_true", help="skip the end-to-end command")
    ap.add_argument(
        "--ulang", type=int, default=2, help="best of R runs (periksa, command, LibreOffice)"
    )
    a = ap.parse_args()
    k = a.proses

    t = time.perf_counter()
    berkas = buat(a.n, a.folder)
    print(
        f"{len(berkas)} buku kerja (40 indikator, 150 baris anggaran, .xlsm) di {a.folder} "
        f"({time.perf_counter() - t:.1f} s untuk membuat yang belum ada)"
    )
    beban = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} inti, {k} proses dipakai, "
        f"beban mesin (load average 1 menit) sebelum mulai {beban:.2f}"
    )
    gc.collect()

    hasil: list[tuple[str, int, float, str]] = []  # (engine, files, wall seconds, note)
    detik, temuan = min((ukur_periksa(berkas, k) for _ in range(a.ulang)), key=lambda x: x[0])
    hasil.append(("periksa (periksa_berkas, pool)", len(berkas), detik, "diukur penuh"))
    print(f"periksa: temuan per tingkat {temuan}")
    satu = ukur_periksa_satu_proses(berkas[: a.satu])
    print(f"periksa dalam satu proses: {satu:.3f} s per buku kerja ({1 / satu:.1f}/s per inti)")
    if not a.tanpa_cli:
        with tempfile.TemporaryDirectory(prefix="xlk-bench-cli-") as d:
            sub = Path(d)
            for f in berkas:
                (sub / f.name).symlink_to(f.resolve())
            detik_cli, n_cli = min(ukur_cli(sub, k) for _ in range(a.ulang))
        hasil.append(
            ("xlkinerja periksa (perintah)", len(berkas), detik_cli, f"{n_cli} temuan JSON")
        )
    n = len(berkas)
    if a.lo and soffice():
        # start-up counted once per instance, as over the whole batch: one run with one file
        # per instance, one with --lo files; the difference gives seconds per extra file
        per = max(2, a.lo // k)
        t1 = min(ukur_lo(berkas[:k], k) for _ in range(a.ulang))
        tl = min(ukur_lo(berkas[: per * k], k) for _ in range(a.ulang))
        tambahan = max(tl - t1, 0.0) / (per - 1)
        print(
            f"LibreOffice: {k} instans x 1 berkas {t1:.2f} s, {k} instans x {per} berkas "
            f"{tl:.2f} s: {tambahan:.3f} s per berkas tambahan per instans"
        )
        hasil.append(
            (
                "LibreOffice headless",
                n,
                t1 + (n / k - 1) * tambahan,
                f"diekstrapolasi dari {per * k} berkas",
            )
        )
    elif a.lo:
        print("LibreOffice (soffice) tidak ditemukan: dilewati")
    if a.formulas:
        sub = berkas[: a.formulas]
        detik = ukur_formulas(sub, k)
        print(f"formulas: {len(sub)} berkas dengan {min(k, len(sub))} proses {detik:.2f} s")
        hasil.append(
            ("formulas model penuh", n, detik * n / len(sub), f"diekstrapolasi dari {len(sub)}")
        )

    if hasattr(os, "getloadavg"):
        print(f"beban mesin setelah selesai: {os.getloadavg()[0]:.2f}")
    dasar = hasil[0][1] / hasil[0][2]
    print()
    print(f"{'mesin':<32} {'berkas':>6} {'detik':>8} {'buku/s':>8} {'s/buku':>8} {'periksa x':>10}")
    for nama, n, detik, catatan in hasil:
        laju = n / detik
        print(
            f"{nama:<32} {n:>6} {detik:>8.2f} {laju:>8.2f} {detik / n:>8.3f} "
            f"{dasar / laju:>9.1f}x  {catatan}"
        )
    print()
    print(
        f"target >= {TARGET_PER_DETIK:g} buku/s pada 2 inti: {dasar:.1f} buku/s dengan {k} proses "
        f"({dasar / k:.1f}/s per proses)"
    )
    laju = {nama: n / detik for nama, n, detik, _ in hasil}
    if "LibreOffice headless" in laju:
        r = dasar / laju["LibreOffice headless"]
        print(f"target >= {TARGET_LO:g}x LibreOffice: {r:.1f}x")
    if "formulas model penuh" in laju:
        r = dasar / laju["formulas model penuh"]
        print(f"target >= {TARGET_FORMULAS:g}x formulas: {r:.1f}x")
    print(
        "(LibreOffice dan formulas diukur pada subset dengan jumlah proses yang sama dan "
        "diekstrapolasi ke semua berkas; LibreOffice: waktu mulai sekali per instans + detik per "
        "berkas tambahan.)"
    )


if __name__ == "__main__":
    main()
