"""The catalogue of findings (`xlkinerja.cek.katalog`): every code has a severity and a message,
every code has an emitter, and each registered check emits only the codes it registered."""

from __future__ import annotations

import dataclasses
import string
from pathlib import Path

import pytest

from tests import test_audit as TA
from tests import test_periksa as TP
from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.cek import audit as A
from xlkinerja.cek import periksa as P
from xlkinerja.cek.katalog import (
    AUDIT,
    DAFTAR,
    DI_LUAR_CEK,
    KATALOG,
    PERIKSA,
    Cek,
    Daftar,
    KodeAsing,
    pastikan_kode,
)
from xlkinerja.cek.temuan import TIDAK_TERBACA, TINGKAT, Temuan
from xlkinerja.templat.baca import baca
from xlkinerja.templat.bangun import simpan_xlsm


def _semua_pesan():
    for kode, k in KATALOG.items():
        yield kode, None, k
        for nama in k.varian:
            yield kode, nama, k.pilih(nama)


def _medan(templat: str) -> set[str]:
    return {m[1] for m in string.Formatter().parse(templat) if m[1] is not None}


@pytest.mark.parametrize(("kode", "varian", "k"), list(_semua_pesan()))
def test_setiap_kode_punya_tingkat_dan_pesan_yang_dapat_diisi(kode, varian, k):
    assert k.kode == kode
    assert k.tingkat in (*TINGKAT, TIDAK_TERBACA)
    assert k.judul.strip()
    medan = _medan(k.judul) | _medan(k.saran)
    assert "" not in medan, "medan templat harus bernama"
    pesan = k.pesan("Lembar!A1", **{m: f"<{m}>" for m in medan})
    assert pesan.startswith("Lembar!A1: ") and "{" not in pesan and "}" not in pesan
    assert all(f"<{m}>" in pesan for m in medan)


def test_setiap_kode_dikeluarkan_satu_sumber_atau_disebut_di_luar_cek():
    assert list(DAFTAR.values()) == [PERIKSA, AUDIT]
    periksa, audit = PERIKSA.kode(), AUDIT.kode()
    assert periksa.isdisjoint(audit) and (periksa | audit).isdisjoint(DI_LUAR_CEK)
    assert periksa | audit | DI_LUAR_CEK == set(KATALOG)
    assert len(KATALOG) >= 70


def test_audit_satu_fungsi_per_kode():
    kode = [next(iter(c.kode)) for c in AUDIT]
    assert all(len(c.kode) == 1 for c in AUDIT)
    assert sorted(kode) == [f"AUD{n:02d}" for n in range(1, 18)]


def test_daftar_menolak_kode_yang_tidak_ada_di_katalog():
    with pytest.raises(KodeAsing, match="ZZZ99"):
        Daftar("Uji").cek("ZZZ99")


def test_cek_yang_mencatat_kode_lain_ditolak():
    def cek_isian_palsu(k, out):
        out.catat("CAP01", "Pengukuran", "L6", 1, 2)

    cek = Cek(cek_isian_palsu, frozenset({"ISI01"}))
    out = P.Catatan()
    out.cek = cek
    with pytest.raises(KodeAsing, match="cek_isian_palsu mencatat CAP01"):
        cek.fungsi(None, out)
    with pytest.raises(KodeAsing):
        pastikan_kode(Cek(lambda k: iter(()), frozenset({"AUD05"})), "AUD07")


def test_temuan_beku():
    t = Temuan(kode="ISI01", tingkat="galat", pesan="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.kode = "CAP01"  # type: ignore[misc]


@pytest.fixture(scope="module")
def buku(tmp_path_factory) -> dict[str, Path]:
    """Workbooks with planted faults: the Periksa set, the Audit set, a generic workbook."""
    tmp = tmp_path_factory.mktemp("katalog")
    wb, m = TP._isi()
    TP._tanam(wb, m)
    out = {"periksa": tmp / "periksa.xlsm", "audit": tmp / "audit.xlsm"}
    out["periksa"].write_bytes(simpan_xlsm(wb))
    out["audit"].write_bytes(TA._terisi(TA._tanam))
    out["umum"] = tmp / "umum.xlsx"
    TA._umum(out["umum"])
    return out


def test_setiap_cek_periksa_hanya_mengeluarkan_kodenya_sendiri(buku):
    k = P.konteks(baca(BukuBerkas(buku["periksa"])), ketikan=True)
    dilihat = set()
    for cek in PERIKSA:
        out = P.Catatan()  # no `cek` set: any code is recorded, then compared here
        cek.fungsi(k, out)
        kode = {x.kode for x in out}
        assert kode <= cek.kode, (cek.nama, kode - cek.kode)
        dilihat |= kode
    assert len(dilihat) >= 25  # the planted workbook exercises most checks


def test_setiap_cek_audit_hanya_mengeluarkan_kodenya_sendiri(buku):
    dilihat = set()
    for nama in ("audit", "umum"):
        k = A.KonteksAudit(A.muat(buku[nama]))
        for cek in AUDIT:
            kode = {x.kode for x in cek.fungsi(k)}
            assert kode <= cek.kode, (cek.nama, kode - cek.kode)
            dilihat |= kode
    assert len(dilihat) >= 12


def test_temuan_seluruh_berkas_audit_lebih_dulu_menurut_urutan_cek(buku):
    temuan = A.audit(buku["umum"])
    berkas = [x.kode for x in temuan if x.lembar is None]
    assert berkas == ["AUD13", "AUD14"]
    assert [x.lembar is None for x in temuan[: len(berkas)]] == [True] * len(berkas)
    assert all(x.sumber == "Audit Rumus" and x.file == str(buku["umum"]) for x in temuan)


def test_temuan_periksa_bersumber_periksa_dan_menyebut_berkasnya(buku):
    temuan = P.periksa_berkas(buku["periksa"])
    assert temuan and all(isinstance(x, Temuan) for x in temuan)
    assert {(x.sumber, x.file) for x in temuan} == {("Periksa", str(buku["periksa"]))}
    assert all(x.tingkat == KATALOG[x.kode].tingkat for x in temuan)
