"""Long differential run: N generated workbooks (default 5000) through `xlkinerja hitung`,
recalculated by LibreOffice headless, every formula cell compared with the stored value and the
Python reference (`tests/beda.py`). Batches run in a process pool; each batch is one `hitung`
process and one LibreOffice call. Prints a line per batch and a summary; the workbooks behind a
disagreement or a wrong refusal are kept in FOLDER/beda/.

    python bench/beda.py 5000 --batch 25 --proses 2 --benih 1 --folder /tmp/xlk-beda
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import beda  # noqa: E402


def satu_batch(i: int, ukuran: int, benih: int, folder: Path) -> beda.Hasil:
    """Generate batch `i` (seeded), run it, keep the files of any disagreement."""
    kerja = folder / f"batch{i:04d}"
    shutil.rmtree(kerja, ignore_errors=True)
    rancangan = beda.kumpulkan(ukuran, benih=benih * 100_000 + i, lewati_pertama=True)
    hasil = beda.jalankan(rancangan, kerja, awalan=f"b{i:04d}_")
    buruk = {b.berkas for b in hasil.beda} | {
        x.split(":")[0].split(".")[0] for x in hasil.tolak_salah
    }
    if buruk:
        simpan = folder / "beda"
        simpan.mkdir(exist_ok=True)
        for nama in buruk:
            for p in kerja.rglob(f"{nama}*"):
                shutil.copy(p, simpan / f"{p.parent.name}_{p.name}")
    shutil.rmtree(kerja, ignore_errors=True)
    return hasil


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=5000, help="jumlah buku kerja")
    ap.add_argument("--batch", type=int, default=25, help="buku kerja per batch")
    ap.add_argument("--proses", type=int, default=2, help="batch yang berjalan bersamaan")
    ap.add_argument("--benih", type=int, default=1, help="benih hypothesis")
    ap.add_argument("--folder", type=Path, default=Path("/tmp/xlk-beda"))
    a = ap.parse_args()
    a.folder.mkdir(parents=True, exist_ok=True)
    n_batch = -(-a.n // a.batch)
    total = beda.Hasil()
    mulai = time.perf_counter()
    with ProcessPoolExecutor(a.proses) as pool:
        tugas = {
            pool.submit(satu_batch, i, min(a.batch, a.n - i * a.batch), a.benih, a.folder): i
            for i in range(n_batch)
        }
        for f in as_completed(tugas):
            i = tugas[f]
            try:
                h = f.result()
            except Exception as e:  # noqa: BLE001 - a crashed batch is reported, not fatal
                print(f"batch {i}: GAGAL {type(e).__name__}: {e}", flush=True)
                total.tolak_salah.append(f"batch {i}: {type(e).__name__}: {e}")
                continue
            total.gabung(h)
            detik = time.perf_counter() - mulai
            print(
                f"batch {i}: {h.dihitung}/{h.buku} dihitung, {len(h.beda)} beda, "
                f"{len(h.tolak_salah)} tolakan salah | total {total.buku} buku, "
                f"{len(total.beda)} beda, {total.buku / detik:.2f} buku/s",
                flush=True,
            )
    detik = time.perf_counter() - mulai
    print(beda.ringkas(total))
    print(f"{total.buku} buku kerja dalam {detik:.0f} s ({total.buku / detik:.2f} buku/s)")
    laporan = {
        "buku": total.buku,
        "dihitung": total.dihitung,
        "ditolak": total.ditolak,
        "sel": total.sel,
        "detik": round(detik),
        "beda": [str(b) for b in total.beda],
        "tolak_salah": total.tolak_salah,
        "alasan_tolak": dict(total.alasan),
    }
    (a.folder / "hasil.json").write_text(json.dumps(laporan, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
