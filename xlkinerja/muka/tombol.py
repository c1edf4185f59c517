"""The ribbon buttons: `on_ribbon(id)` runs one action on the active workbook (the VBA calls it
through `xlkinerja.excel`)."""

from __future__ import annotations

import traceback

from xlkinerja.buku.antarmuka import Buku, GalatBuku
from xlkinerja.muka.log import BERKAS_LOG, log, siapkan_log
from xlkinerja.templat.pengaturan import PengaturanTidakSah


def jalankan(buku: Buku, tombol: str) -> bool:
    """Run one button's action on `buku`; never raises: problems become Indonesian messages."""
    from xlkinerja.muka.aksi import AKSI

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

    from xlkinerja.buku.excel import BukuXlwings

    jalankan(BukuXlwings(xw.Book.caller()), tombol)
