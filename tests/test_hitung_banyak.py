"""`hitung` over many files: worker processes, and the reading shared by the two Hitung actions."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from xlkinerja.buku.antarmuka import Rencana, Tulis
from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.muka.aksi import hitung_capaian, hitung_efisiensi, jalankan_banyak
from xlkinerja.templat import skema as S

AKAR = Path(__file__).resolve().parents[1]
CONTOH = sorted((AKAR / "workbooks" / "contoh").glob("*.xlsm"))
REALISASI = f"{S.PENGUKURAN.huruf('realisasi')}{S.PENGUKURAN.baris_awal}"


def _xlk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xlkinerja", *args],
        cwd=AKAR,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def pid_proses(buku: BukuBerkas) -> Rencana:
    """An action that only says which process ran it."""
    return Rencana(pesan=[str(os.getpid())])


def test_folder_dihitung_beberapa_proses_sama_persis_dengan_satu_proses(tmp_path):
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    for f in CONTOH:
        shutil.copy(f, masuk / f.name)
    (masuk / "b_rusak.xlsx").write_bytes(b"bukan berkas excel")
    satu, banyak = (
        _xlk("hitung", str(masuk), "-o", str(tmp_path / "j1"), "-j", "1"),
        _xlk("hitung", str(masuk), "-o", str(tmp_path / "j2"), "-j", "2"),
    )
    assert satu.returncode == banyak.returncode == 2  # the broken file, reported; others written
    assert banyak.stdout.replace(str(tmp_path / "j2"), "OUT") == satu.stdout.replace(
        str(tmp_path / "j1"), "OUT"
    )  # the same lines, in input order
    assert "b_rusak.xlsx" in banyak.stdout
    ditulis = sorted(p.name for p in (tmp_path / "j1").iterdir())
    assert ditulis == sorted(f"{f.stem}_dihitung.xlsm" for f in CONTOH)
    for nama in ditulis:
        assert (tmp_path / "j2" / nama).read_bytes() == (tmp_path / "j1" / nama).read_bytes()


def test_banyak_berkas_berjalan_di_proses_pekerja(tmp_path):
    tugas = [(f, tmp_path / f.name) for f in CONTOH[:4]]
    pid = [int(h()[0][0].pesan[0]) for _, h in jalankan_banyak(tugas, (pid_proses,), 2)]
    assert os.getpid() not in pid and len(set(pid)) == 2
    pid = [int(h()[0][0].pesan[0]) for _, h in jalankan_banyak(tugas, (pid_proses,), 1)]
    assert set(pid) == {os.getpid()}


def _rencana_efisiensi(path: Path, isian: Rencana | None, baca_ulang: bool) -> tuple:
    buku = BukuBerkas(path)
    buku.terapkan(hitung_capaian(buku))
    bacaan = buku.simpanan["hitung"]
    if isian is not None:
        buku.terapkan(isian)
    if baca_ulang:
        buku.simpanan.clear()
    rencana = hitung_efisiensi(buku)
    return rencana, buku.simpanan["hitung"] is bacaan, buku.ke_bytes()


def test_hitung_efisiensi_memakai_bacaan_hitung_capaian_dengan_hasil_sama():
    for f in CONTOH:
        bersama, dipakai, data = _rencana_efisiensi(f, None, baca_ulang=False)
        sendiri, _, data_sendiri = _rencana_efisiensi(f, None, baca_ulang=True)
        assert dipakai  # Hitung Capaian's reading and reference were used again
        assert bersama == sendiri and data == data_sendiri


def test_isian_yang_ditulis_membuat_hitung_membaca_ulang():
    ubah = Rencana(tulis=[Tulis("Pengukuran", REALISASI, 1)])  # an input Efisiensi reads
    f = CONTOH[0]
    rencana, dipakai, data = _rencana_efisiensi(f, ubah, baca_ulang=False)
    sendiri, _, data_sendiri = _rencana_efisiensi(f, ubah, baca_ulang=True)
    tanpa_ubah, _, _ = _rencana_efisiensi(f, None, baca_ulang=True)
    assert not dipakai  # read again
    assert rencana == sendiri and data == data_sendiri
    assert rencana != tanpa_ubah  # the input written changes what Efisiensi computes
