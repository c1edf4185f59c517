"""Long fuzz run of the number parser, the methodology rules and the workbook readers (the
same properties as `tests/test_fuzz.py`, many more examples, random seed).

    python bench/fuzz.py                      # defaults: 20 000 / 20 000 / 300 examples
    python bench/fuzz.py --angka 100000 --aturan 100000 --buku 2000

Run from the repository root. A failure prints hypothesis' minimal failing example; add it as
an `@example` to tests/test_fuzz.py once fixed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests import fuzz_strategi as F  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--angka", type=int, default=20_000)
    ap.add_argument("--aturan", type=int, default=20_000)
    ap.add_argument("--buku", type=int, default=300)
    a = ap.parse_args()
    lambat = [HealthCheck.too_slow, HealthCheck.data_too_large]

    @settings(max_examples=a.angka, deadline=None)
    @given(teks=st.one_of(F.teks_angka, F.angka, st.none()), desimal=st.sampled_from(["id", "en"]))
    def angka(teks, desimal):
        F.sifat_baca_angka(teks, desimal)

    @settings(max_examples=a.aturan, deadline=None)
    @given(x=F.aturan_dan_masukan())
    def aturan(x):
        F.sifat_aturan(x[2], x[3])

    @settings(max_examples=a.buku, deadline=None, suppress_health_check=lambat)
    @given(isi=F.isi_acak)
    def buku(isi):
        F.sifat_pembaca(isi)

    for nama, f in (("baca_angka", angka), ("aturan metode", aturan), ("pembaca buku", buku)):
        mulai = time.monotonic()
        f()
        print(f"{nama}: lulus ({time.monotonic() - mulai:,.1f} detik)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
