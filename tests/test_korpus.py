"""The corpus of bad inputs (`tests/korpus.py`) through every entry point: CLI commands that
read workbooks (picked up from the typer app), the batch mode of each, and the ribbon actions
through xlwings' remote engine. Known failures (`korpus.DIKETAHUI`) are xfail."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests import korpus as K
from xlkinerja.buku.aman import BATAS_SEL, periksa_data, tautan_luar
from xlkinerja.buku.antarmuka import GalatBuku

UJI = K.daftar_uji(lambat=False)


@pytest.fixture(scope="module")
def hasil(tmp_path_factory) -> dict[tuple[str, str], K.Hasil]:
    akar = tmp_path_factory.mktemp("korpus")
    K.siapkan(akar / "korpus")
    return K.jalankan_semua(akar, UJI)


def _id(u: tuple[str, str, str]) -> str:
    return f"{u[1] if u[0] != 'batch' else 'folder'}-{u[2]}"


@pytest.mark.parametrize("u", UJI, ids=_id)
def test_kasus_korpus_lewat_pintu_masuk(u, hasil, request):
    kunci = ("batch" if u[0] == "batch" else u[1], u[2])
    if kunci in K.DIKETAHUI:
        request.applymarker(pytest.mark.xfail(reason=K.DIKETAHUI[kunci], strict=False))
    h = hasil[kunci]
    assert h.lulus, f"{h.masalah}\n--- keluaran (kode {h.kode}) ---\n{h.keluaran[-2000:]}"


def test_korpus_lebih_dari_40_kasus_dan_setiap_perintah_berkas_ikut():
    assert len(K.KASUS) >= 40
    assert len({k.nama for k in K.KASUS}) == len(K.KASUS)
    perintah = set(K.perintah_berkas())
    assert {"hitung", "periksa"} <= perintah
    assert {p for _, _, p in UJI if p != "xlwings"} == perintah


def test_penilai_menolak_traceback_dan_kode_salah(tmp_path):
    """The judge itself can fail: an English exception text and a wrong status are caught."""
    assert K.BUKAN_PESAN.search("ValueError: Unable to read workbook")
    assert K.BUKAN_PESAN.search("Traceback (most recent call last)")
    assert not K.BUKAN_PESAN.search("lkjip.xlsm: berkas zip rusak atau terpotong; salin ulang")
    k = K.Kasus("contoh_rusak", "uji penilai", lambda: b"bukan zip", terbaca=False)
    path = tmp_path / "contoh_rusak.xlsm"
    path.write_bytes(b"bukan zip")
    h = K.uji(k, "periksa", path, tmp_path / "kerja")
    assert h.lulus and h.kode == 2 and "contoh_rusak.xlsm" in h.keluaran
    k2 = K.Kasus("contoh_rusak", "harus terbaca", None, terbaca=False)
    path.write_bytes(K.dasar())
    h2 = K.uji(k2, "periksa", path, tmp_path / "kerja2")
    assert not h2.lulus  # a good file claimed unreadable: the status check fires


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return buf.getvalue()


def test_batas_sel_menolak_sebelum_openpyxl_dengan_nama_lembar(monkeypatch):
    monkeypatch.setattr("xlkinerja.buku.aman.BATAS_SEL", 1000)
    with pytest.raises(GalatBuku, match=r"lembar '[\w ]+' terlalu besar: lebih dari 1\.000 sel"):
        periksa_data(K.dasar(), "lkjip.xlsm")
    monkeypatch.undo()
    assert BATAS_SEL >= 100_000  # the real limit keeps LKjIP workbooks readable
    periksa_data(K.dasar(), "lkjip.xlsm")


def test_defusedxml_dipakai_openpyxl_dan_entitas_ditolak_bersih():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML
    data = K.KASUS[[k.nama for k in K.KASUS].index("entitas_berlipat")].buat()
    with pytest.raises(GalatBuku, match="DOCTYPE/ENTITY"):
        periksa_data(data, "bom.xlsm")


def test_tautan_luar_dicatat_tidak_pernah_dibuka(tmp_path):
    """The linked workbook's path is listed and never opened (audit hook on open())."""
    import sys

    from xlkinerja.buku.berkas import BukuBerkas
    from xlkinerja.muka.aksi import temukan
    from xlkinerja.templat.baca import baca

    path = tmp_path / "tautan.xlsm"
    path.write_bytes(K._tautan_luar())
    assert tautan_luar(path.read_bytes()) == [K.TAUTAN_LUAR]
    dibuka: list[str] = []

    def kait(event: str, args: tuple) -> None:
        if event == "open" and args and "rahasia" in str(args[0]):
            dibuka.append(str(args[0]))

    sys.addaudithook(kait)
    buku = BukuBerkas(path)
    temukan(baca(buku))
    buku.simpan(tmp_path / "salinan.xlsm")
    assert dibuka == []


@pytest.mark.parametrize("batas", [1, 40, 200, 1000, 5000])
def test_batas_sel_dihitung_tepat_walau_hitungan_dimulai_belakangan(monkeypatch, batas):
    """Cells are counted only once the sheets are long enough to reach the limit; the count
    is still exact: a limit equal to the cells passes, one below is refused."""
    import io
    import re
    import zipfile

    data = K.dasar()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        n = sum(
            len(re.findall(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]", z.read(p)))
            for p in z.namelist()
            if p.startswith("xl/worksheets/sheet")
        )
    assert n > 5000
    monkeypatch.setattr("xlkinerja.buku.aman.BATAS_SEL", n)
    periksa_data(data, "lkjip.xlsm")
    monkeypatch.setattr("xlkinerja.buku.aman.BATAS_SEL", n - 1)
    with pytest.raises(GalatBuku, match="terlalu besar"):
        periksa_data(data, "lkjip.xlsm")
    monkeypatch.setattr("xlkinerja.buku.aman.BATAS_SEL", batas)
    with pytest.raises(GalatBuku, match="terlalu besar"):
        periksa_data(data, "lkjip.xlsm")
