"""Memory: pausing Python's cyclic garbage collector around heavy workbook work."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def tanpa_gc() -> Iterator[None]:
    """No cyclic garbage collection inside the block, restored (if it was on) afterwards.
    Loading a workbook with openpyxl creates tens of thousands of live objects, and the
    collector's passes over them took a fifth of an audit or a Hitung."""
    aktif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aktif:
            gc.enable()
