"""Periksa checks of the Kinerja Program sheet: the indicators of program, kegiatan and sub
kegiatan rows ("Kinerja dan Anggaran Program", e.g. Tabel 3.6 of LKjIP Disnaker Jember 2023).

The computed columns (capaian, capaian after the cap, predikat, the Anggaran lookups) are compared
with the reference by `periksa.cek_hitung_ulang` through their declared codes (PRG01 to PRG04);
this module adds what a recomputation does not say: a code the Anggaran sheet does not have, the
% serapan printed as an indicator's capaian, a sub kegiatan's figures copied onto its program row,
an input (budget) indicator that is not the row's budget, an indicator on the wrong level, a count
pair that does not give the realisasi, and required cells left empty.

The checks are registered on `katalog.PERIKSA` when `periksa` imports this module, so they run
after its own; `k` is periksa's `Konteks` and `out` its `Catatan` (passed in, not imported, so that
the two modules do not import each other).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from xlkinerja.cek.katalog import PERIKSA
from xlkinerja.inti.metode.pembulatan import Pembulatan
from xlkinerja.inti.nilai import sama, teks
from xlkinerja.inti.rumus import Galat, Nilai, cocok_kriteria, is_number, sama_excel
from xlkinerja.templat import skema as S

T = S.KINERJA_PROGRAM


def _kosong(v: Nilai) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _kunci(v: Nilai) -> str:
    return str(v).strip() if v is not None else ""


def _jenis(v: Nilai) -> str:
    """The indicator type as typed, compared without case ('output', 'Output')."""
    return _kunci(v).casefold()


@dataclass(frozen=True)
class Baris:
    """One indicator row with the Anggaran row its code names (None: not there)."""

    r: int
    v: dict[str, Nilai]
    anggaran: int | None  # row on the Anggaran sheet
    tingkat: str  # "Program", "Kegiatan", "Sub Kegiatan" or "" (code not found)


def _baris_anggaran(k: Any) -> dict[str, tuple[int, dict[str, Nilai]]]:
    """Anggaran rows by code as MATCH finds them (the first; without case)."""
    out: dict[str, tuple[int, dict[str, Nilai]]] = {}
    for r, v in k.b.isi("anggaran"):
        kode = v.get("kode")
        if isinstance(kode, str) and not isinstance(kode, Galat) and kode.strip():
            out.setdefault(kode.casefold(), (r, v))
    return out


def _baris(k: Any) -> list[Baris]:
    ang = _baris_anggaran(k)
    out = []
    for r, v in k.b.isi(T.kunci):
        kode = v.get("kode")
        hit = ang.get(kode.casefold()) if isinstance(kode, str) else None
        tingkat = ""
        if hit is not None:
            for nama in S.TINGKAT_ANGGARAN:
                if cocok_kriteria(nama, hit[1].get("tingkat")):
                    tingkat = nama
        out.append(Baris(r, v, hit[0] if hit else None, tingkat))
    return out


def _sel(kolom: str, r: int) -> tuple[str, str]:
    return (T.lembar, f"{T.huruf(kolom)}{r}")


def _ruj(k: Any, kolom: str, r: int) -> Nilai:
    return k.ruj.get(_sel(kolom, r))


@PERIKSA.cek("PRG07", "LEN06")
def cek_kode_program(k: Any, out: Any) -> None:
    """An indicator row whose code is not on the Anggaran sheet; required cells left empty."""
    rows = _baris(k)
    for x in rows:
        if not _kosong(x.v.get("kode")) and x.anggaran is None:
            rinci = f"indikator '{teks(x.v.get('indikator'))}'"
            out.catat("PRG07", *_sel("kode", x.r), x.v.get("kode"), None, rinci)
    for kol in T.kolom:
        if not (kol.wajib and kol.isian):
            continue
        sels = [f"{T.huruf(kol.kunci)}{x.r}" for x in rows if _kosong(x.v.get(kol.kunci))]
        if sels:
            rinci = f"kolom {kol.judul}, {len(sels)} sel: {', '.join(sels[:6])}"
            out.catat("LEN06", T.lembar, sels[0], rinci=rinci + (" …" if len(sels) > 6 else ""))


@PERIKSA.cek("PRG09")
def cek_jenis_indikator(k: Any, out: Any) -> None:
    """Outcome indicators belong to programs, output indicators to kegiatan and sub kegiatan."""
    for x in _baris(k):
        jenis = _jenis(x.v.get("jenis_indikator"))
        if jenis == "outcome" and x.tingkat in ("Kegiatan", "Sub Kegiatan"):
            harus = "Output"
        elif jenis == "output" and x.tingkat == "Program":
            harus = "Outcome"
        else:
            continue
        rinci = f"{x.tingkat.lower()} {x.v.get('kode')}, indikator '{teks(x.v.get('indikator'))}'"
        out.catat("PRG09", *_sel("jenis_indikator", x.r), x.v.get("jenis_indikator"), harus, rinci)


def _garis(kode: str, semua: dict[str, tuple[int, dict[str, Nilai]]]) -> list[int]:
    """Anggaran rows on the path of `kode`: itself, its parents and its descendants."""
    c = kode.casefold()
    return [
        r
        for k2, (r, _) in semua.items()
        if k2 == c or k2.startswith(c + ".") or c.startswith(k2 + ".")
    ]


@PERIKSA.cek("PRG05")
def cek_serapan_sebagai_capaian(k: Any, out: Any) -> None:
    """A capaian shown that differs from realisasi / target but equals the % serapan of the row's
    budget (or of a budget row on its path)."""
    ang = _baris_anggaran(k)
    huruf = S.ANGGARAN.huruf("serapan")
    for x in _baris(k):
        if x.anggaran is None:
            continue
        serapan = {
            r2: k.ruj.get((S.ANGGARAN.lembar, f"{huruf}{r2}"))
            for r2 in _garis(str(x.v.get("kode")), ang)
        }
        for kol in ("capaian", "capaian_tampil"):
            key = _sel(kol, x.r)
            v, harus = k.tampil.get(key), k.ruj.get(key)
            if not is_number(v) or sama(v, harus):
                continue
            cocok = [r2 for r2, s in serapan.items() if is_number(s) and sama(v, s)]
            if cocok:
                r2 = cocok[0]
                rinci = f"serapan Anggaran!{huruf}{r2} = {teks(serapan[r2])}"
                out.catat("PRG05", *key, v, harus, rinci)


def _pasangan(v: dict[str, Nilai]) -> tuple[Nilai, Nilai] | None:
    t, r = v.get("target"), v.get("realisasi")
    return (t, r) if is_number(t) and is_number(r) else None


def _anggaran_input(v: dict[str, Nilai]) -> bool:
    """An input indicator measuring the budget itself ('Anggaran', satuan Rp)."""
    if _jenis(v.get("jenis_indikator")) != "input":
        return False
    return "rp" in _kunci(v.get("satuan")).casefold().replace(".", "").split() or (
        "anggaran" in _kunci(v.get("indikator")).casefold()
    )


@PERIKSA.cek("PRG06", "PRG08")
def cek_angka_program(k: Any, out: Any) -> None:
    """A program row's target and realisasi equal to one of its sub kegiatan's (its indicator
    rows, or its budget for an input indicator) while the program has several sub kegiatan; an
    input (budget) indicator whose target/realisasi is not the row's pagu/realisasi."""
    ang = _baris_anggaran(k)
    rows = _baris(k)
    for x in rows:
        kode = _kunci(x.v.get("kode")).casefold()
        tersalin = False
        pasangan = _pasangan(x.v)
        if x.tingkat == "Program" and pasangan is not None:
            sub = [
                (r2, v2)
                for k2, (r2, v2) in ang.items()
                if k2.startswith(kode + ".") and cocok_kriteria("Sub Kegiatan", v2.get("tingkat"))
            ]
            kode_sub = {_kunci(v2.get("kode")).casefold(): r2 for r2, v2 in sub}
            calon = [
                (
                    f"indikator sub kegiatan {y.v.get('kode')} ({T.lembar} baris {y.r})",
                    _pasangan(y.v),
                )
                for y in rows
                if _kunci(y.v.get("kode")).casefold() in kode_sub
            ]
            if _anggaran_input(x.v):
                calon += [
                    (f"anggaran sub kegiatan {v2.get('kode')} (Anggaran baris {r2})", _uang(k, r2))
                    for r2, v2 in sub
                ]
            if not _anggaran_input(x.v) and sama(*pasangan):
                calon = []  # 100 of 100 on both levels says nothing
            for nama, p in calon:
                if len(sub) > 1 and p is not None and all(map(sama, pasangan, p)):
                    rinci = f"{nama}; program {x.v.get('kode')} punya {len(sub)} sub kegiatan"
                    out.catat("PRG06", *_sel("target", x.r), pasangan[0], None, rinci)
                    tersalin = True
                    break
        if tersalin or x.anggaran is None or not _anggaran_input(x.v):
            continue
        for kol, dari, judul in (
            ("target", "pagu", "pagu"),
            ("realisasi", "realisasi_anggaran", "realisasi anggaran"),
        ):
            v, harus = x.v.get(kol), _ruj(k, dari, x.r)
            if is_number(v) and is_number(harus) and not sama(v, harus):
                rinci = f"{judul} {x.v.get('kode')} di lembar Anggaran"
                out.catat("PRG08", *_sel(kol, x.r), v, harus, rinci)


def _uang(k: Any, r: int) -> tuple[Nilai, Nilai] | None:
    """Pagu and realisasi of a budget row as the workbook should show them."""
    a = S.ANGGARAN
    pg, rl = (k.ruj.get((a.lembar, f"{a.huruf(c)}{r}")) for c in ("pagu", "realisasi"))
    if pg is None or rl is None:
        row = dict(k.b.isi("anggaran")).get(r, {})
        pg = row.get("pagu") if pg is None else pg
        rl = row.get("realisasi") if rl is None else rl
    return (pg, rl) if is_number(pg) and is_number(rl) else None


@PERIKSA.cek("RLS01", "BUL01")
def cek_realisasi_pasangan_program(k: Any, out: Any) -> None:
    """A realisasi given as a count pair (pembilang, penyebut) against their percentage."""
    bulat = "potong" if k.m.pembulatan.mode == "setengah_ke_atas" else "setengah_ke_atas"
    m2 = replace(k.m, pembulatan=Pembulatan(bulat, k.m.pembulatan.desimal))
    for x in _baris(k):
        n, d, real = x.v.get("pembilang"), x.v.get("penyebut"), x.v.get("realisasi")
        if not (is_number(n) and is_number(d) and is_number(real)) or not d:
            continue
        harus = k.m.persen(n, d).ke_excel()
        if not is_number(harus) or sama(real, harus):
            continue
        rinci = f"{teks(n)} dari {teks(d)}"
        if sama_excel(real, m2.persen(n, d).ke_excel()):
            mode = "dipotong" if bulat == "potong" else "dibulatkan"
            out.catat("BUL01", *_sel("realisasi", x.r), real, harus, f"{rinci}; cocok bila {mode}")
        else:
            out.catat("RLS01", *_sel("realisasi", x.r), real, harus, rinci)
