"""xlwings Lite: the ribbon's actions as `@script` functions, for Excel (Microsoft 365 / 2021+) that
runs xlwings Lite without a local Python. Each script runs the same action code as the ribbon button
and `xlkinerja hitung`; paste this file into the xlwings Lite editor and `requirements.txt` into its
requirements tab."""

from __future__ import annotations

import xlwings as xw
from xlwings import script

from xlkinerja.buku.excel import BukuXlwings
from xlkinerja.muka.tombol import jalankan


def _tombol(book: xw.Book, tombol: str) -> None:
    jalankan(BukuXlwings(book), tombol)


@script
def hitung_capaian(book: xw.Book) -> None:
    """Hitung Capaian: rumus capaian, predikat dan rata-rata sesuai Pengaturan."""
    _tombol(book, "btnHitungCapaian")


@script
def hitung_efisiensi(book: xw.Book) -> None:
    """Hitung Efisiensi: serapan dan efisiensi per sasaran."""
    _tombol(book, "btnHitungEfisiensi")


@script
def periksa(book: xw.Book) -> None:
    """Periksa: konsistensi angka, hasil ke lembar Temuan."""
    _tombol(book, "btnPeriksa")


@script
def isi_narasi(book: xw.Book) -> None:
    """Isi Narasi: paragraf dari angka, ke lembar Narasi."""
    _tombol(book, "btnIsiNarasi")


@script
def bersihkan_tanda(book: xw.Book) -> None:
    """Bersihkan Tanda: hapus tanda xlkinerja saja."""
    _tombol(book, "btnBersihkanTanda")


@script
def diagnosa(book: xw.Book) -> None:
    """Diagnosa: versi dan metodologi."""
    _tombol(book, "btnDiagnosa")
