"""Entry point of the ribbon buttons: `RunPython "import xlkinerja.excel; ...on_ribbon(id)"`."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from .buku import Buku, GalatBuku
from .pengaturan import PengaturanTidakSah

BERKAS_LOG = Path.home() / ".xlkinerja" / "xlkinerja.log"
log = logging.getLogger("xlkinerja")


def siapkan_log() -> None:
    if log.handlers:
        return
    try:
        BERKAS_LOG.parent.mkdir(parents=True, exist_ok=True)
        h = logging.FileHandler(BERKAS_LOG, encoding="utf-8")
        h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(h)
        log.setLevel(logging.INFO)
    except OSError:
        log.addHandler(logging.NullHandler())


def jalankan(buku: Buku, tombol: str) -> bool:
    """Run one button's action on `buku`; never raises: problems become Indonesian messages."""
    from .aksi import AKSI

    siapkan_log()
    aksi = AKSI.get(tombol)
    if aksi is None:
        buku.pesan(
            f"Tombol '{tombol}' tidak dikenal oleh xlkinerja versi ini. Perbarui "
            "xlkinerja (pip install -U xlkinerja) atau templatnya."
        )
        return False
    try:
        rencana = aksi(buku)
    except (GalatBuku, PengaturanTidakSah) as e:
        log.warning("%s: %s", tombol, e)
        buku.pesan(f"{e}\n\nBuku kerja tidak diubah.")
        return False
    except Exception:  # noqa: BLE001 - the user gets a message, the log gets the traceback
        log.error("%s gagal:\n%s", tombol, traceback.format_exc())
        buku.pesan(
            "Terjadi galat yang tidak terduga; buku kerja tidak diubah. Rincian tercatat "
            f"di {BERKAS_LOG}. Kirim berkas itu kepada pengelola xlkinerja."
        )
        return False
    try:
        buku.terapkan(rencana)
    except Exception:  # noqa: BLE001
        log.error("%s gagal menulis:\n%s", tombol, traceback.format_exc())
        buku.pesan(f"Menulis ke buku kerja gagal; rincian di {BERKAS_LOG}.")
        return False
    for p in rencana.pesan:
        buku.pesan(p)
    log.info("%s selesai pada %s", tombol, buku.nama)
    return True


def on_ribbon(tombol: str) -> None:
    """Called by the VBA ribbon callback with the button id."""
    import xlwings as xw

    from ._buku_xlwings import BukuXlwings

    jalankan(BukuXlwings(xw.Book.caller()), tombol)
