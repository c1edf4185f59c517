"""xlkinerja: perangkat Excel + Python untuk Laporan Kinerja Instansi Pemerintah (LKjIP).

import xlkinerja as xk
lk = xk.buka("lkjip.xlsm")       # data, metodologi, tabel (pandas) dan temuan
lk["pengukuran"]                  # DataFrame indikator dengan capaian dan predikat
xk.rekap("folder/")               # DataFrame satu baris per buku kerja
data = xk.ekspor("lkjip.xlsm")    # format data terbuka (JSON)
xk.impor(data, "baru.xlsm")       # templat terisi dari data itu
"""

from __future__ import annotations

from typing import Any

from xlkinerja.versi import __version__

__all__ = ["__version__", "buka", "ekspor", "impor", "rekap"]


def __getattr__(nama: str) -> Any:
    # imported on first use: the command line and the Excel buttons do not load pandas
    if nama in ("buka", "rekap"):
        from xlkinerja.keluaran import tabel

        return getattr(tabel, nama)
    if nama in ("ekspor", "impor"):
        from xlkinerja.tukar import berkas

        return getattr(berkas, nama)
    raise AttributeError(f"module 'xlkinerja' has no attribute {nama!r}")
