"""Benchmark: `hitung` over a folder of large workbooks against LibreOffice headless.

Run: python bench/bench_hitung.py [N] [--proses K] [--ulang R] [--folder DIR] [--tanpa-cek]

1. Generates N workbooks the size of a large perangkat daerah (bench/buat_buku.py: 40
   indicators, 150 budget rows, .xlsm with VBA, ribbon and cached values); kept in --folder.
2. hitung: the code path of `xlkinerja hitung FOLDER -o OUT` for one file (`hitung_berkas`:
   read, Hitung Capaian, Hitung Efisiensi, save a copy) over all N files in a pool of K worker
   processes (imports done before the clock starts); and the command itself end to end: one
   `python -m xlkinerja hitung FILES -o OUT -j K` (its own pool of K workers; interpreter start
   and imports included, with Python's bytecode cache as an installed package has it).
3. LibreOffice headless opening, recalculating and saving (as .xlsx) the same N files, split
   over K soffice instances run at once (`mesin.libreoffice.konversi`), all N measured.
4. Unless --tanpa-cek: every written file is checked (outside the clock): each formula cell of
   the Python reference (`baca.rujukan`) stores exactly that value, every other formula cell
   stores what the `formulas` evaluator (`evaluasi.hitung`) computes on the written file, and
   the VBA project, ribbon and every part the hitung did not need to change are byte-identical.

Each is timed --ulang times and the best run kept (other jobs on a shared machine move the
figures). Prints wall seconds, workbooks/s and the ratio LibreOffice / hitung (target >= 10x),
and the CPU seconds each used (workers, commands, soffice processes): the CPU ratio moves less
with the load of other jobs.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from buat_buku import buat  # noqa: E402

TARGET_LO = 10.0


def hitung_berkas(f: Path, keluar: Path) -> Path:
    """What `xlkinerja hitung F -o KELUAR` does for one file."""
    from xlkinerja.buku.berkas import BukuBerkas
    from xlkinerja.buku.memori import tanpa_gc
    from xlkinerja.muka.aksi import hitung_capaian, hitung_efisiensi

    buku = BukuBerkas(f)
    try:
        with tanpa_gc():
            for aksi in (hitung_capaian, hitung_efisiensi):
                buku.terapkan(aksi(buku))
            return buku.simpan(keluar / f"{f.stem}_dihitung{f.suffix}")
    finally:
        buku.tutup()


def _hitung_cpu(f: Path, keluar: Path) -> float:
    """`hitung_berkas` and the CPU seconds it took in this worker."""
    t = time.process_time()
    hitung_berkas(f, keluar)
    return time.process_time() - t


def _cpu_anak() -> float:
    """CPU seconds of the waited-for child processes so far (soffice, commands)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _siap() -> None:
    import xlkinerja.buku.berkas  # noqa: F401 - imports before the clock starts
    import xlkinerja.muka.aksi  # noqa: F401


def _kosong(_: int) -> None:
    return None


def ukur_hitung(berkas: list[Path], proses: int, keluar: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of `hitung_berkas` over all files in a pool of warm workers."""
    shutil.rmtree(keluar, ignore_errors=True)
    keluar.mkdir(parents=True)
    with ProcessPoolExecutor(proses, initializer=_siap) as ex:
        list(ex.map(_kosong, range(proses)))  # workers started and warm
        t = time.perf_counter()
        cpu = sum(ex.map(_hitung_cpu, berkas, [keluar] * len(berkas)))
        return time.perf_counter() - t, cpu


def _env_terpasang() -> dict[str, str]:
    """The environment of the command as an installed package runs: Python's bytecode cache
    on (pip compiles modules when it installs them). A PYTHONDONTWRITEBYTECODE in this
    environment would make every run compile xlkinerja's sources again (~0.2 s of start-up);
    the cache goes to a folder of its own, not into the source tree."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "xlk-bench-pycache")
    return env


def ukur_cli(berkas: list[Path], proses: int, keluar: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one `xlkinerja hitung FILES -o OUT -j K` command (its K worker
    processes included), interpreter start and imports included (bytecode cached, as
    installed: `_env_terpasang`; the first of the --ulang runs writes the cache)."""
    shutil.rmtree(keluar, ignore_errors=True)
    akar = Path(__file__).resolve().parents[1]
    perintah = [sys.executable, "-m", "xlkinerja", "hitung", *map(str, berkas), "-o", str(keluar)]
    cpu = _cpu_anak()
    t = time.perf_counter()
    p = subprocess.run(
        [*perintah, "-j", str(proses)],
        cwd=akar,
        env=_env_terpasang(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    if p.returncode:
        raise RuntimeError(f"xlkinerja hitung gagal ({p.returncode}): {p.stderr[-2000:]!r}")
    return time.perf_counter() - t, _cpu_anak() - cpu


def ukur_lo(berkas: list[Path], proses: int) -> tuple[float, float]:
    """(wall, CPU) seconds for LibreOffice to open, recalculate and save all files, K
    instances at once."""
    from xlkinerja.mesin.libreoffice import konversi

    bagian = [berkas[i::proses] for i in range(proses) if berkas[i::proses]]
    with tempfile.TemporaryDirectory(prefix="xlk-bench-lo-") as d:
        cpu = _cpu_anak()
        t = time.perf_counter()
        with ThreadPoolExecutor(len(bagian)) as ex:
            list(ex.map(lambda ib: konversi(ib[1], Path(d) / str(ib[0])), enumerate(bagian)))
        return time.perf_counter() - t, _cpu_anak() - cpu


def rincian(berkas: list[Path], ulang: int = 3) -> dict[str, float]:
    """Median CPU ms per workbook of each step, in this process (warm): read, the two actions,
    cached values (`_nilai_rumus`), the writer (`tulis_xml`)."""
    from xlkinerja.buku.antarmuka import TANPA_NILAI as TANPA
    from xlkinerja.buku.berkas import BukuBerkas
    from xlkinerja.buku.memori import tanpa_gc
    from xlkinerja.buku.tulis_xml import Isi, Perubahan
    from xlkinerja.muka.aksi import hitung_capaian, hitung_efisiensi

    ukur: dict[str, list[float]] = {"baca": [], "aksi": [], "nilai tersimpan": [], "tulis_xml": []}
    for n in range(ulang + 1):
        for f in berkas:
            with tanpa_gc():
                t0 = time.process_time()
                buku = BukuBerkas(f)
                t1 = time.process_time()
                for aksi in (hitung_capaian, hitung_efisiensi):
                    buku.terapkan(aksi(buku))
                t2 = time.process_time()
                ditulis, tergantung = buku._nilai_rumus()
                t3 = time.process_time()
                p = Perubahan(warna=buku._warna, catatan=buku._catatan_baru)
                for lembar, ubah in buku._ubah.items():
                    d = p.isi.setdefault(lembar, {})
                    for rc, isi in ubah.items():
                        rumus = isinstance(isi, str) and isi.startswith("=")
                        d[rc] = (
                            Isi(ditulis.get((lembar, rc), TANPA), isi[1:]) if rumus else Isi(isi)
                        )
                for (lembar, rc), (teks, v) in tergantung.items():
                    p.isi.setdefault(lembar, {})[rc] = Isi(v, teks)
                buku._penulis.tulis(p)
                t4 = time.process_time()
            if n:  # the first round warms up
                for k, v in zip(ukur, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                    ukur[k].append(v)
    return {k: 1000 * sorted(v)[len(v) // 2] for k, v in ukur.items()}


def cek(asli: Path, hasil: Path) -> dict[str, int]:
    """Cached values of a written file against the Python reference and the evaluator; parts
    kept. Returns counts; raises AssertionError on the first difference."""
    from xlkinerja.buku.antarmuka import pisah_sel
    from xlkinerja.buku.baca_cepat import baca_isi
    from xlkinerja.buku.berkas import BukuBerkas
    from xlkinerja.mesin.evaluasi import hitung
    from xlkinerja.templat.baca import baca, rujukan

    data = hasil.read_bytes()
    isi = baca_isi(data)
    ruj = rujukan(baca(BukuBerkas(hasil)))
    for (lembar, sel), v in ruj.items():
        tersimpan = isi.sel[lembar].get(pisah_sel(sel))
        tersimpan = "" if tersimpan is None else tersimpan
        sama = (
            float(tersimpan) == float(v)
            if isinstance(v, (int, float)) and isinstance(tersimpan, (int, float))
            else tersimpan == v
        )
        assert sama, f"{hasil.name} {lembar}!{sel}: tersimpan {tersimpan!r}, rujukan {v!r}"
    lain = 0
    for (lembar, sel), v in hitung(str(hasil)).nilai.items():
        if (lembar, sel) in ruj:
            continue
        lain += 1
        tersimpan = isi.sel[lembar].get(pisah_sel(sel))
        if isinstance(v, float) and isinstance(tersimpan, (int, float)):
            assert abs(v - tersimpan) <= 1e-9 * max(1.0, abs(v)), (hasil.name, lembar, sel)
        else:
            assert (tersimpan if tersimpan is not None else "") == (v if v is not None else ""), (
                f"{hasil.name} {lembar}!{sel}: tersimpan {tersimpan!r}, evaluasi {v!r}"
            )
    with zipfile.ZipFile(asli) as a, zipfile.ZipFile(hasil) as b:
        assert b.namelist()[: len(a.namelist())] == a.namelist()
        sama = [n for n in a.namelist() if a.read(n) == b.read(n)]
        for n in ("xl/vbaProject.bin", "customUI/customUI14.xml"):
            assert n in sama, f"{hasil.name}: {n} berubah"
    return {"rujukan": len(ruj), "lain": lain, "bagian_sama": len(sama)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("n", type=int, nargs="?", default=20, help="workbooks")
    ap.add_argument("--proses", type=int, default=2)
    ap.add_argument("--ulang", type=int, default=2, help="best of R runs")
    ap.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "xlk-bench-hitung")
    ap.add_argument("--tanpa-cek", action="store_true", help="skip checking the written files")
    ap.add_argument("--tanpa-lo", action="store_true", help="skip LibreOffice")
    ap.add_argument("--tanpa-rincian", action="store_true", help="skip the per-step breakdown")
    a = ap.parse_args()
    k = a.proses
    t = time.perf_counter()
    berkas = buat(a.n, a.folder)
    print(f"{len(berkas)} buku kerja di {a.folder} ({time.perf_counter() - t:.1f} s)")
    beban = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} inti, {k} proses, beban {beban:.2f}")
    keluar = Path(tempfile.mkdtemp(prefix="xlk-bench-hitung-"))
    hasil: dict[str, tuple[float, float]] = {}  # engine -> (wall, CPU) seconds, best wall
    hasil["hitung (pool)"] = min(ukur_hitung(berkas, k, keluar / "pool") for _ in range(a.ulang))
    subprocess.run(  # the bytecode cache written before the clock (`_env_terpasang`)
        [
            sys.executable,
            "-c",
            "import xlkinerja.muka.cli, xlkinerja.muka.aksi, xlkinerja.buku.berkas",
        ],
        cwd=Path(__file__).resolve().parents[1],
        env=_env_terpasang(),
        check=True,
    )
    hasil["xlkinerja hitung (perintah)"] = min(
        ukur_cli(berkas, k, keluar / "cli") for _ in range(a.ulang)
    )
    if not a.tanpa_lo:
        hasil["LibreOffice headless"] = min(ukur_lo(berkas, k) for _ in range(a.ulang))
    if hasattr(os, "getloadavg"):
        print(f"beban setelah: {os.getloadavg()[0]:.2f}")
    if not a.tanpa_rincian:
        r = rincian(berkas[:10])
        print(
            "satu proses, ms CPU per buku kerja (median): "
            + ", ".join(f"{k} {v:.1f}" for k, v in r.items())
            + f"; jumlah {sum(r.values()):.1f}"
        )
    if not a.tanpa_cek:
        t = time.perf_counter()
        n = {"rujukan": 0, "lain": 0}
        for f in berkas:
            for folder in ("pool", "cli"):
                c = cek(f, keluar / folder / f"{f.stem}_dihitung{f.suffix}")
                n["rujukan"] += c["rujukan"]
                n["lain"] += c["lain"]
        print(
            f"cek: {2 * len(berkas)} berkas tertulis, {n['rujukan']} sel rujukan Python sama "
            f"persis, {n['lain']} sel rumus lain sama dengan evaluasi, VBA dan ribbon utuh "
            f"({time.perf_counter() - t:.1f} s)"
        )
    print()
    print(f"{'mesin':<30} {'detik':>7} {'buku/s':>7} {'CPU s':>7} {'LO/ini':>7} {'CPU LO/ini':>10}")
    lo = hasil.get("LibreOffice headless")
    for nama, (detik, cpu) in hasil.items():
        rasio = f"{lo[0] / detik:6.1f}x {lo[1] / cpu:9.1f}x" if lo else ""
        print(f"{nama:<30} {detik:>7.2f} {len(berkas) / detik:>7.1f} {cpu:>7.2f} {rasio}")
    if lo:
        print(
            f"\ntarget >= {TARGET_LO:g}x LibreOffice (waktu dinding): "
            f"{lo[0] / hasil['hitung (pool)'][0]:.1f}x (pool), "
            f"{lo[0] / hasil['xlkinerja hitung (perintah)'][0]:.1f}x (perintah)"
        )
    shutil.rmtree(keluar, ignore_errors=True)


if __name__ == "__main__":
    main()
