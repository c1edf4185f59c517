"""`ekspor` and `impor` between files: a workbook to the interchange format and back."""

from __future__ import annotations

import json
from pathlib import Path

from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.tukar.ekspor import ekspor_buku
from xlkinerja.tukar.format import DataTidakSah
from xlkinerja.tukar.impor import impor as impor_bytes


def teks_json(data: dict) -> str:
    """The format as written to a file: stable key order, UTF-8, two-space indent."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def ekspor(path: str | Path) -> dict:
    """The workbook's data (the file is only read)."""
    return ekspor_buku(BukuBerkas(path))


def data_contoh(nama: str, dikoreksi: bool = False) -> dict:
    """A bundled example in the open data format: the report entered as published (or its
    corrected twin), then read back as any workbook is (`ekspor_buku`)."""
    from xlkinerja.buku.antarmuka import BukuOpenpyxl
    from xlkinerja.templat.contoh import bangun_contoh

    return ekspor_buku(BukuOpenpyxl(bangun_contoh(nama, dikoreksi), nama))


def buku_contoh(nama: str, dikoreksi: bool = False) -> bytes:
    """The example workbook, built through the public path: `data_contoh` → `impor`."""
    from xlkinerja.templat.bangun import simpan_xlsm
    from xlkinerja.tukar.impor import impor_workbook

    return simpan_xlsm(impor_workbook(data_contoh(nama, dikoreksi), terisi=True))


def baca_json(path: str | Path) -> dict:
    p = Path(path)
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise DataTidakSah(
            [f"{p.name}: bukan JSON yang sah (baris {e.lineno}, kolom {e.colno}): {e.msg}"]
        ) from None


def impor(data: dict | str | Path, tujuan: str | Path) -> Path:
    """Write the template filled with `data` (a dict or a JSON file) to `tujuan` (.xlsm)."""
    if not isinstance(data, dict):
        data = baca_json(data)
    tujuan = Path(tujuan)
    tujuan.write_bytes(impor_bytes(data))
    return tujuan
