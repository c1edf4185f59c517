"""Periksa checks of the Renstra funding matrix (sheet Renstra Pendanaan) and of budget versions.

- REN02: a program's (kegiatan's) pagu in a year is not the sum of its kegiatan's (sub kegiatan's)
  pagu that year; children are the next level's rows whose code starts with the parent's code
  and a dot, as the Anggaran sheet sums them.
- REN03: the end-of-period pagu as printed is not the sum of the five years.
- REN04 (info): this year's Anggaran pagu differs from this year's indicative Renstra pagu of the
  version in force (the difference is shown in the Anggaran column "Selisih Pagu − Renstra").
- VER02: an Anggaran pagu that is not the pagu of the version the computations use (Pengaturan
  "Versi pagu yang dipakai perhitungan": by default the perubahan once the budget was changed,
  else the murni).

PK and RKT targets against the Renstra year of the version in force are PK02/RKT01 of `periksa`
(its `Konteks.renstra` takes the version in force and names it). The checks are registered on
`katalog.PERIKSA` when `periksa` imports this module; `k` is periksa's `Konteks`, `out` its
`Catatan` (passed in, not imported).
"""

from __future__ import annotations

from typing import Any

from xlkinerja.cek.katalog import PERIKSA
from xlkinerja.inti.nilai import sama, teks
from xlkinerja.inti.rumus import Galat, Nilai, cocok_kriteria, is_number
from xlkinerja.templat import skema as S

T = S.RENSTRA_PENDANAAN
A = S.ANGGARAN
# The level whose rows sum into each level.
ANAK = {"Program": "Kegiatan", "Kegiatan": "Sub Kegiatan"}


def _kunci(v: Nilai) -> str:
    return str(v).strip() if v is not None and not isinstance(v, Galat) else ""


def _tingkat(v: Nilai) -> str:
    for nama in S.TINGKAT_RENSTRA:
        if cocok_kriteria(nama, v):
            return nama
    return ""


def _sel(t: S.Tabel, kolom: str, r: int) -> tuple[str, str]:
    return (t.lembar, f"{t.huruf(kolom)}{r}")


def _uraian(v: dict[str, Nilai]) -> str:
    return f"{_tingkat(v['tingkat']).lower() or 'baris'} {teks(v['kode'])}"


@PERIKSA.cek("REN02")
def cek_induk_renstra(k: Any, out: Any) -> None:
    """Parent ≠ Σ children in every year of the Renstra funding matrix."""
    rows = k.b.isi(T.kunci)
    for r, v in rows:
        anak_tingkat = ANAK.get(_tingkat(v["tingkat"]))
        kode = _kunci(v["kode"]).casefold()
        if anak_tingkat is None or not kode:
            continue
        anak = [
            w
            for _r2, w in rows
            if _tingkat(w["tingkat"]) == anak_tingkat
            and _kunci(w["kode"]).casefold().startswith(kode + ".")
            and _kunci(w.get("versi")) == _kunci(v.get("versi"))
        ]
        for i in range(1, 6):
            kol = f"pagu_{i}"
            nilai = [w[kol] for w in anak if is_number(w[kol])]
            if not nilai or not is_number(v[kol]):
                continue
            jumlah = sum(float(x) for x in nilai)
            if not sama(v[kol], jumlah):
                rinci = f"{_uraian(v)}, tahun ke-{i}, {len(nilai)} {anak_tingkat.lower()}"
                out.catat("REN02", *_sel(T, kol, r), v[kol], jumlah, rinci)


@PERIKSA.cek("REN03")
def cek_jumlah_renstra(k: Any, out: Any) -> None:
    """The end-of-period pagu as printed against the sum of the five years."""
    for r, v in k.b.isi(T.kunci):
        tahun = [v[f"pagu_{i}"] for i in range(1, 6) if is_number(v[f"pagu_{i}"])]
        if not tahun or not is_number(v["pagu_akhir"]):
            continue
        jumlah = sum(float(x) for x in tahun)
        if not sama(v["pagu_akhir"], jumlah):
            out.catat("REN03", *_sel(T, "pagu_akhir", r), v["pagu_akhir"], jumlah, _uraian(v))


def _pagu_renstra(k: Any) -> dict[str, Nilai]:
    """This year's indicative pagu of each code, version in force (the template's lookup)."""
    th, awal = k.tahun
    if th is None or awal is None or not 1 <= th - awal + 1 <= 5:
        return {}
    kol = f"pagu_{th - awal + 1}"
    return {
        kode.casefold(): v[kol] for kode, (_r, v) in k.berlaku(T.kunci).items() if is_number(v[kol])
    }


@PERIKSA.cek("REN04")
def cek_pagu_renstra(k: Any, out: Any) -> None:
    """This year's Anggaran pagu against this year's indicative Renstra pagu (info)."""
    ren = _pagu_renstra(k)
    if not ren:
        return
    for r, v in k.b.isi(A.kunci):
        harus = ren.get(_kunci(v["kode"]).casefold())
        pagu = k.ruj.get(_sel(A, "pagu", r), v["pagu"])
        if harus is None or not is_number(pagu) or sama(pagu, harus):
            continue
        rinci = f"{_uraian(v)}; {k.nama_versi_renstra}; selisih {teks(float(pagu) - harus)}"
        out.catat("REN04", *_sel(A, "pagu", r), pagu, harus, rinci)


def versi_pagu(
    pilihan: str, murni: Nilai, perubahan: Nilai, ada_perubahan: bool
) -> tuple[str, Nilai] | None:
    """The version the computations use and this row's amount of it (None: the row has no
    amount of that version). "perubahan bila ada": the perubahan once the budget was changed
    (`ada_perubahan`: some row holds a pagu perubahan), else the murni."""
    p = pilihan.casefold()
    versi = "perubahan" if p == "perubahan" or (p != "murni" and ada_perubahan) else "murni"
    nilai = perubahan if versi == "perubahan" else murni
    return (versi, nilai) if is_number(nilai) else None


@PERIKSA.cek("VER02")
def cek_versi_pagu(k: Any, out: Any) -> None:
    """The Anggaran pagu against the version Pengaturan says the computations use."""
    pilihan = _kunci(k.atur("versi_anggaran", S.VERSI_ANGGARAN[0]))
    rows = k.b.isi(A.kunci)
    ada = any(is_number(v.get("pagu_perubahan")) for _r, v in rows)
    for r, v in rows:
        versi = versi_pagu(pilihan, v.get("pagu_murni"), v.get("pagu_perubahan"), ada)
        pagu = k.ruj.get(_sel(A, "pagu", r), v["pagu"])
        if versi is None or not is_number(pagu) or sama(pagu, versi[1]):
            continue
        rinci = f"{_uraian(v)}; pagu {versi[0]}, Pengaturan: {pilihan}"
        out.catat("VER02", *_sel(A, "pagu", r), pagu, versi[1], rinci)
