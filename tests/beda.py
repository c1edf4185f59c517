"""Differential harness: generated filled workbooks go through `xlkinerja hitung`; LibreOffice
headless recalculates the written files; every formula cell must hold the same value three ways:
the value xlkinerja stored, LibreOffice's, and the Python reference `rujukan(b, semua=True)`
(numbers to 1e-9 relative, texts exactly).

A workbook `hitung` refuses is checked instead: every cell the refusal names is one the
generator made questionable, and a workbook holding an input the formulas cannot use as meant
(a % format, a number stored as text, a code stored as a number…) is refused.

Shared by the short run in the test suite (`tests/test_beda.py`) and the long run
(`bench/beda.py`). Generation is hypothesis' (`buku_kerja`, one drawn `Rancangan` per workbook);
the workbooks of one batch go through one `hitung` process and one LibreOffice call.
"""

from __future__ import annotations

import io
import math
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import strategies as st

from xlkinerja.buku.antarmuka import pisah_sel
from xlkinerja.buku.baca_cepat import TidakDidukung, baca_isi
from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.buku.paket import simpan_openpyxl_deterministik
from xlkinerja.cek.masukan import masukan_salah
from xlkinerja.inti import rumus as R
from xlkinerja.inti.metode import METODE, Metode, muat
from xlkinerja.inti.metode.capaian import RUMUS_POLARITAS
from xlkinerja.inti.metode.efisiensi import METODE_EFISIENSI
from xlkinerja.inti.rumus import Galat
from xlkinerja.mesin.libreoffice import konversi
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import baca, rujukan
from xlkinerja.templat.bangun import (
    BARIS_PENGATURAN,
    bangun_workbook,
    isian_pengaturan,
    nilai_pengaturan,
    rumus_induk,
)

ROOT = Path(__file__).resolve().parents[1]
TAHUN = 2024
NEGATIF = tuple(k for k, v in RUMUS_POLARITAS.items() if v.polaritas == "negatif")

# -- what a workbook holds ----------------------------------------------------------------------


@dataclass
class Rancangan:
    """One generated workbook: methodology, rows of each table as cell values, cells given a %
    format, rows inserted, and the cells made questionable (`ragu`; `pasti`: these must be
    refused)."""

    metode: dict[str, Any]
    misi: list[dict[str, Any]]
    sasaran: list[dict[str, Any]]
    indikator: list[dict[str, Any]]
    anggaran: list[dict[str, Any]]
    induk_rumus: bool
    efisiensi: list[dict[str, Any]] = field(default_factory=list)
    renstra_kosong: tuple[int, ...] = ()  # Renstra year columns left empty
    persen: list[tuple[str, int, str]] = field(default_factory=list)  # (table, row index, col)
    sisip: list[tuple[str, int, int]] = field(default_factory=list)  # (table, row index, rows)
    ragu: set[tuple[str, int, str]] = field(default_factory=set)  # (table, row index, col)
    pasti: set[tuple[str, int, str]] = field(default_factory=set)
    program: list[dict[str, Any]] = field(default_factory=list)  # Kinerja Program rows
    jenjang: list[dict[str, Any]] = field(default_factory=list)  # Jenjang Kinerja rows
    aksi: list[dict[str, Any]] = field(default_factory=list)  # Rencana Aksi rows


# -- strategies ---------------------------------------------------------------------------------

# Codes that look like cell addresses, numbers, or plain codes (all accepted: text, unique).
KODE_MISI = ["1", "2", "3", "M1", "M2", "M3", "A1", "XFD1", "R1C1", "AA10", "I", "II", "MISI-1"]
KODE_SASARAN = ["S1", "S2", "B12", "IV", "SS-1", "T1.1", "x1", "Z9"]
HURUF = ("D", "C", "CC", "B", "BB", "A", "AA")
NAMA = st.text(
    alphabet=st.sampled_from("abcdefghij ABCÉéñüß漢字ĀđŠ\u00a0–—'\"&<>%*?~."),
    min_size=1,
    max_size=24,
).filter(lambda s: s.strip() != "" and not s.startswith(("=", "+", "-", "@")))


def _variasi_huruf(teks: str) -> st.SearchStrategy[str]:
    return st.sampled_from([teks, teks.lower(), teks.upper(), teks.capitalize()])


@st.composite
def metode_acak(draw) -> dict[str, Any]:
    """Every preset, every negative-polarity rule, aggregation, rounding, cap and efficiency."""
    d = muat(draw(st.sampled_from(sorted(METODE)))).to_dict()
    d["negatif"] = draw(st.sampled_from(NEGATIF))
    d["agregasi"] = {
        "misi_dari": draw(st.sampled_from(["indikator", "sasaran"])),
        "keseluruhan_dari": draw(st.sampled_from(["indikator", "sasaran"])),
        "kosong": draw(st.sampled_from(["dikecualikan", "nol"])),
    }
    d["pembulatan"] = {
        "mode": draw(st.sampled_from(["setengah_ke_atas", "potong"])),
        "desimal": draw(st.integers(0, 4)),
    }
    if draw(st.booleans()):
        d["batas"]["atas"] = draw(st.sampled_from([None, 100.0, 110.0, 120.0]))
    if draw(st.booleans()):
        d["efisiensi"] = draw(st.sampled_from(sorted(METODE_EFISIENSI)))
    return d


ANGKA = st.one_of(
    st.integers(0, 2000).map(float),
    st.floats(0, 1e6, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 3)),
    st.sampled_from([0.0, 1.005, 2.675, 89.0, 85.71, 4.19, 6.33, 1e-7, 1e12, -5.0, 100.0]),
)
KOSONG = st.sampled_from([None, "-", "–"])


def _isian_angka(draw, aneh: bool) -> tuple[Any, str | None]:
    """(cell value, questionable kind or None) of a number input."""
    if draw(st.integers(0, 9)) == 0:
        return draw(KOSONG), None
    if aneh and draw(st.integers(0, 5)) == 0:
        jenis = draw(st.sampled_from(["teks", "spasi", "galat", "logika"]))
        nilai = {
            "teks": draw(st.sampled_from(["75", "1.000", "85,71", "75 %", "n/a", "Rp 1.000"])),
            "spasi": " ",
            "galat": Galat(draw(st.sampled_from(["#N/A", "#DIV/0!", "#VALUE!"]))),
            "logika": True,
        }[jenis]
        return nilai, "pasti"
    return draw(ANGKA), None


@st.composite
def rancangan(draw, aneh: bool | None = None) -> Rancangan:
    """One filled workbook. With `aneh`, inputs `hitung` must refuse are mixed in."""
    if aneh is None:
        aneh = draw(st.integers(0, 3)) == 0
    metode = draw(metode_acak())
    ragu: set[tuple[str, int, str]] = set()
    pasti: set[tuple[str, int, str]] = set()

    n_misi = draw(st.integers(1, 3))
    misi_kode = draw(
        st.lists(st.sampled_from(KODE_MISI), min_size=n_misi, max_size=n_misi, unique_by=str.lower)
    )
    if draw(st.integers(0, 7)) == 0:  # a code with a trailing space, written alike everywhere
        misi_kode[0] += " "
    misi = [{"kode_misi": k, "misi": draw(NAMA)} for k in misi_kode]

    sasaran = []
    gaya = draw(st.sampled_from(["angka", "huruf", "campur"]))
    for i, km in enumerate(misi_kode):
        for j in range(1, draw(st.integers(1, 3)) + 1):
            if gaya == "angka" or (gaya == "campur" and draw(st.booleans())):
                kode = f"{i + 1}.{j}"
            else:
                kode = f"{draw(st.sampled_from(KODE_SASARAN))}{i}{j}"
            # the misi as written in the sasaran table: case may differ (Excel ignores case)
            sasaran.append(
                {"kode_sasaran": kode, "kode_misi": draw(_variasi_huruf(km)), "sasaran": draw(NAMA)}
            )
    if draw(st.integers(0, 9)) == 0:  # a sasaran of no misi
        sasaran.append({"kode_sasaran": "S-LAIN", "kode_misi": None, "sasaran": draw(NAMA)})

    indikator = []
    for s in sasaran:
        for k in range(1, draw(st.integers(0, 3)) + 1):
            n = len(indikator)
            jenis = draw(st.sampled_from(["angka", "persen", "level", "huruf", "rentang"]))
            ditulis = draw(_variasi_huruf(jenis)) if draw(st.booleans()) else jenis
            pol = draw(st.sampled_from(["positif", "negatif", "Negatif", "POSITIF", "", None]))
            ind: dict[str, Any] = {
                "kode_sasaran": draw(_variasi_huruf(s["kode_sasaran"])),
                "kode": f"{s['kode_sasaran']}.{k}",
                "indikator": draw(NAMA),
                "satuan": draw(st.sampled_from(["%", "orang", "indeks", "nilai", ""])),
                "polaritas": pol,
                "jenis": ditulis,
            }
            if jenis == "huruf":
                for kol in ("target", "realisasi", "target_akhir"):
                    if draw(st.integers(0, 7)) == 0:
                        ind[kol] = draw(KOSONG)
                    elif aneh and draw(st.integers(0, 6)) == 0:
                        ind[kol] = draw(st.sampled_from(["X", "B*", " BB", 3.0, "b+"]))
                        pasti.add(("pengukuran", n, kol))
                    else:
                        ind[kol] = draw(_variasi_huruf(draw(st.sampled_from(HURUF))))
            else:
                for kol in ("target", "realisasi", "target_akhir"):
                    v, r = _isian_angka(draw, aneh)
                    ind[kol] = v
                    if r:
                        pasti.add(("pengukuran", n, kol))
                if jenis == "rentang":
                    t = ind["target"] if isinstance(ind["target"], float) else 0.0
                    ind["target_atas"] = draw(st.one_of(st.just(t + draw(ANGKA)), ANGKA, KOSONG))
                elif draw(st.integers(0, 5)) == 0:
                    ind["target_atas"] = draw(st.sampled_from(["catatan", 5.0, None]))  # unread
                if aneh and draw(st.integers(0, 5)) == 0 and isinstance(ind["target"], float):
                    kol = draw(st.sampled_from(["target", "realisasi"]))
                    if isinstance(ind[kol], float):
                        ind[kol] = ind[kol] / 100  # typed "75%": Excel keeps 0.75
                        pasti.add(("pengukuran", n, kol))
            if jenis != "huruf" and aneh and draw(st.integers(0, 9)) == 0:
                ind["polaritas"] = draw(st.sampled_from(["stabil", "negatif ", "+"]))
                pasti.add(("pengukuran", n, "polaritas"))
            indikator.append(ind)

    anggaran = _anggaran(draw, sasaran)
    if aneh and anggaran and draw(st.booleans()):
        i = draw(st.integers(0, len(anggaran) - 1))
        if not anggaran[i]["induk"]:
            kol = draw(st.sampled_from(["pagu", "realisasi"]))
            v, r = _isian_angka(draw, True)
            anggaran[i][kol] = v
            if r:
                pasti.add(("anggaran", i, kol))

    program = _program(draw, anggaran, aneh, pasti)
    efisiensi = [{"kode_sasaran": x["kode_sasaran"], "sasaran": x["sasaran"]} for x in sasaran]
    if draw(st.integers(0, 5)) == 0:  # a sasaran the Pengukuran sheet does not have
        efisiensi.append({"kode_sasaran": "Q9", "sasaran": draw(NAMA)})
    r = Rancangan(
        metode,
        misi,
        sasaran,
        indikator,
        anggaran,
        draw(st.booleans()),
        efisiensi,
        ragu=ragu,
        pasti=pasti,
        program=program,
    )
    for t, i, kol in sorted(pasti):
        if kol in ("target", "realisasi", "pagu") and isinstance(_baris(r, t)[i][kol], float):
            r.persen.append((t, i, kol))
    r.renstra_kosong = tuple(draw(st.lists(st.integers(1, 5), max_size=5, unique=True)))
    r.jenjang, r.aksi = _jenjang(draw, anggaran)
    if aneh:
        _kode_aneh(draw, r)
    for t in ("pengukuran", "anggaran"):
        n = len(_baris(r, t))
        if n and draw(st.integers(0, 3)) == 0:
            r.sisip.append((t, draw(st.integers(1, n)), draw(st.integers(1, 3))))
    r.ragu |= r.pasti
    return r


def _baris(r: Rancangan, tabel: str) -> list[dict[str, Any]]:
    return {
        "pengukuran": r.indikator,
        "pengukuran_sasaran": r.sasaran,
        "pengukuran_misi": r.misi,
        "anggaran": r.anggaran,
        "kinerja_program": r.program,
        "jenjang": r.jenjang,
        "rencana_aksi": r.aksi,
    }[tabel]


def _anggaran(draw, sasaran: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Programs > kegiatan > sub kegiatan with national-style codes; parents are sums."""
    rows: list[dict[str, Any]] = []
    kode_s = [s["kode_sasaran"] for s in sasaran]
    for p in range(1, draw(st.integers(0, 3)) + 1):
        kp = f"2.07.{p:02d}"
        dukung = draw(st.one_of(st.none(), st.sampled_from([*kode_s, "Q9", "tidak ada"])))
        prog = {
            "tingkat": "Program",
            "kode": kp,
            "uraian": draw(NAMA),
            "induk": True,
            "sasaran": draw(_variasi_huruf(dukung)) if dukung else None,
        }
        rows.append(prog)
        for k in range(1, draw(st.integers(1, 3)) + 1):
            kk = f"{kp}.{k}.{k:02d}"
            rows.append(
                {
                    "tingkat": "Kegiatan",
                    "kode": kk,
                    "uraian": draw(NAMA),
                    "induk": True,
                    "sasaran": None,
                }
            )
            for s in range(1, draw(st.integers(1, 3)) + 1):
                pagu = float(draw(st.integers(40, 900)) * 1_000_000 + draw(st.integers(0, 999)))
                real = float(round(pagu * draw(st.floats(0, 1.2))))
                rows.append(
                    {
                        "tingkat": "Sub Kegiatan",
                        "kode": f"{kk}.{s:04d}",
                        "uraian": draw(NAMA),
                        "induk": False,
                        "sasaran": None,
                        "pagu": pagu,
                        "realisasi": real,
                    }
                )
    return rows


def _program(
    draw, anggaran: list[dict[str, Any]], aneh: bool, pasti: set[tuple[str, int, str]]
) -> list[dict[str, Any]]:
    """Indicators of budget rows (Kinerja Program), some with a code Anggaran does not have."""
    rows: list[dict[str, Any]] = []
    kode = [a["kode"] for a in anggaran] + ["9.99.99"]
    for _ in range(draw(st.integers(0, min(6, 2 * len(anggaran))))):
        jenis = draw(st.sampled_from(["angka", "persen", "rentang"]))
        row: dict[str, Any] = {
            "kode": draw(st.sampled_from(kode)),
            "jenis_indikator": draw(st.sampled_from(["Input", "Output", "Outcome"])),
            "indikator": draw(NAMA),
            "polaritas": draw(st.sampled_from(["positif", "negatif", None])),
            "jenis": jenis,
        }
        for kol in ("target", "realisasi"):
            v, salah = _isian_angka(draw, aneh)
            row[kol] = v
            if salah:
                pasti.add(("kinerja_program", len(rows), kol))
        if jenis == "rentang" and isinstance(row["target"], float):
            row["target_atas"] = row["target"] + draw(ANGKA)
        rows.append(row)
    return rows


def _nilai_sah(draw, jenis: str) -> Any:
    """A value `hitung` accepts in a target or realisasi cell of that kind."""
    if jenis == "huruf":
        return draw(st.one_of(KOSONG, _variasi_huruf(draw(st.sampled_from(HURUF)))))
    return _isian_angka(draw, False)[0]


def _jenjang(
    draw, anggaran: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Cascade rows (Jenjang Kinerja: parents, budget codes found or not) and the Rencana Aksi
    of some of them (each aggregation, quarters blank or filled)."""
    kode_ang = [a["kode"] for a in anggaran] + ["9.99.99"]
    rows: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 5))):
        jenis = draw(st.sampled_from(["angka", "persen", "rentang", "huruf"]))
        row: dict[str, Any] = {
            "tingkat": draw(
                st.sampled_from(["Eselon II", "Eselon III", "Eselon IV", "Fungsional"])
            ),
            "kode": f"J{i}.{draw(st.integers(1, 9))}",
            "kode_induk": rows[draw(st.integers(0, i - 1))]["kode"] if i else None,
            "indikator": draw(NAMA),
            "polaritas": draw(st.sampled_from(["positif", "negatif", "Negatif", None])),
            "jenis": draw(_variasi_huruf(jenis)),
            "target": _nilai_sah(draw, jenis),
            "realisasi": _nilai_sah(draw, jenis),
            "kode_anggaran": draw(st.sampled_from(kode_ang)) if draw(st.booleans()) else None,
        }
        if jenis == "rentang" and isinstance(row["target"], float):
            row["target_atas"] = row["target"] + draw(ANGKA)
        rows.append(row)
    aksi: list[dict[str, Any]] = []
    for row in rows:
        if not draw(st.booleans()):
            continue
        a: dict[str, Any] = {
            "kode": row["kode"],
            "indikator": row["indikator"],
            "agregasi": draw(st.sampled_from(["kumulatif", "terakhir", "rata-rata", "Kumulatif"])),
        }
        for tw in range(1, 5):
            for kol in ("target", "realisasi"):
                a[f"{kol}_tw{tw}"] = _isian_angka(draw, False)[0]
        aksi.append(a)
    return rows, aksi


def _kode_aneh(draw, r: Rancangan) -> None:
    """A code `hitung` must refuse: stored as a number, with a wildcard or a comparison sign,
    or one Excel reads as another code of the table (2.1 / 2.10, M1 / 'M1 ')."""
    pilihan = [t for t in ("pengukuran", "pengukuran_sasaran") if _baris(r, t)]
    if not pilihan:
        return
    t = draw(st.sampled_from(pilihan))
    rows = _baris(r, t)
    i = draw(st.integers(0, len(rows) - 1))
    kode = rows[i]["kode_sasaran"]
    jenis = draw(st.sampled_from(["angka", "pola", "banding", "tabrak"]))
    if jenis == "angka":
        rows[i]["kode_sasaran"] = draw(st.sampled_from([2.1, 1.0, 3.5]))
    elif jenis == "pola":
        rows[i]["kode_sasaran"] = kode + draw(st.sampled_from(["*", "?", "~"]))
    elif jenis == "banding":
        rows[i]["kode_sasaran"] = draw(st.sampled_from(["<>", ">", "="])) + kode
    else:
        rows[i]["kode_sasaran"] = draw(st.sampled_from([kode + " ", " " + kode, kode + "0"]))
        # the other cells holding the code it may be read as
        for tt in ("pengukuran", "pengukuran_sasaran"):
            for j, row in enumerate(_baris(r, tt)):
                if str(row["kode_sasaran"]).strip().lower() == str(kode).strip().lower():
                    r.ragu.add((tt, j, "kode_sasaran"))
        for tt, kol in (("anggaran", "sasaran"), ("efisiensi", "kode_sasaran")):
            for j, row in enumerate(getattr(r, tt)):
                if row.get(kol) and str(row[kol]).strip().lower() == str(kode).strip().lower():
                    r.ragu.add((tt, j, kol))
        r.ragu.add((t, i, "kode_sasaran"))
        return
    r.pasti.add((t, i, "kode_sasaran"))


# -- writing a workbook ---------------------------------------------------------------------------


@cache
def _dasar(preset: str) -> bytes:
    return simpan_openpyxl_deterministik(bangun_workbook(muat(preset)))


def tulis(r: Rancangan) -> tuple[bytes, dict[tuple[str, str], tuple[str, int, str]]]:
    """The workbook as .xlsx bytes, and where each (table, row index, column) landed:
    {(sheet, cell): (table, row index, column)} for the questionable cells."""
    m = Metode.from_dict(r.metode)
    wb = openpyxl.load_workbook(io.BytesIO(_dasar(r.metode["kode"])))
    ws = wb["Pengaturan"]
    nilai = nilai_pengaturan(m)
    nilai.update({"instansi": "Dinas Uji Beda", "tahun": TAHUN, "renstra_awal": TAHUN - 3})
    for n, it in enumerate(isian_pengaturan()):
        if it.kunci in nilai:
            ws.cell(BARIS_PENGATURAN + n, 2, nilai[it.kunci])

    def isi(t: S.Tabel, i: int, row: dict[str, Any]) -> None:
        ws = wb[t.lembar]
        for k, v in row.items():
            if k in ("induk",) or not t.k(k).isian:
                continue
            c = ws[f"{t.huruf(k)}{t.baris_awal + i}"]
            if isinstance(v, Galat):
                c.value, c.data_type = str(v), "e"
            elif isinstance(v, str) and v.startswith("="):
                c.value, c.data_type = v, "s"  # typed text, not a formula
            else:
                c.value = v

    for i, row in enumerate(r.misi):
        isi(S.PENGUKURAN_MISI, i, row)
    for i, row in enumerate(r.sasaran):
        isi(S.PENGUKURAN_SASARAN, i, row)
    for i, row in enumerate(r.efisiensi):
        isi(S.EFISIENSI, i, row)
    for i, row in enumerate(r.program):
        isi(S.KINERJA_PROGRAM, i, row)
    for i, row in enumerate(r.jenjang):
        isi(S.JENJANG, i, row)
    for i, row in enumerate(r.aksi):
        isi(S.RENCANA_AKSI, i, row)
    for i, row in enumerate(r.indikator):
        isi(S.PENGUKURAN, i, row)
        ren = {k: row[k] for k in ("kode_sasaran", "kode", "indikator", "satuan", "polaritas")}
        t = row.get("target")
        ren.update({f"target_{j}": t for j in range(1, 6)})
        for j in r.renstra_kosong:  # INDEX of an empty cell shows 0
            ren.pop(f"target_{j}", None)
        isi(S.RENSTRA, i, ren)
        isi(
            S.PK,
            i,
            {
                "kode_sasaran": row["kode_sasaran"],
                "kode": row["kode"],
                "indikator": row["indikator"],
                "target": t,
            },
        )
        isi(
            S.RKT,
            i,
            {
                "kode_sasaran": row["kode_sasaran"],
                "kode": row["kode"],
                "indikator": row["indikator"],
                "target": t,
            },
        )
    program = [x for x in r.anggaran if x["tingkat"] == "Program"]
    for i, row in enumerate(r.anggaran):
        isi(S.ANGGARAN, i, {k: v for k, v in row.items() if k not in ("pagu", "realisasi")})
        baris = S.ANGGARAN.baris_awal + i
        for kol in ("pagu", "realisasi"):
            c = wb["Anggaran"][f"{S.ANGGARAN.huruf(kol)}{baris}"]
            if row["induk"]:
                anak = _jumlah_anak(r.anggaran, i, kol)
                c.value = rumus_induk(kol, baris, row["tingkat"]) if r.induk_rumus else anak
            elif isinstance(row.get(kol), Galat):
                c.value, c.data_type = str(row[kol]), "e"
            else:
                c.value = row.get(kol)
    for i, row in enumerate(program):
        isi(
            S.PK_PROGRAM,
            i,
            {
                "kode": row["kode"],
                "program": row["uraian"],
                "anggaran": _jumlah_anak(r.anggaran, r.anggaran.index(row), "pagu"),
            },
        )
    for t, i, kol in r.persen:
        tabel = S.TABEL[t]
        wb[tabel.lembar][f"{tabel.huruf(kol)}{tabel.baris_awal + i}"].number_format = "0%"
    letak = {}
    for t, i, kol in r.ragu:
        tabel = S.TABEL[t]
        letak[(tabel.lembar, f"{tabel.huruf(kol)}{tabel.baris_awal + i}")] = (t, i, kol)
    # rows inserted inside a table, as a user does (cells below move down)
    for t, i, n in sorted(r.sisip, key=lambda x: -x[1]):
        tabel = S.TABEL[t]
        awal = tabel.baris_awal + i
        wb[tabel.lembar].insert_rows(awal, n)
        letak = {
            (lb, _geser(sel, awal, n) if lb == tabel.lembar else sel): x
            for (lb, sel), x in letak.items()
        }
    return simpan_openpyxl_deterministik(wb), letak


def _geser(sel: str, awal: int, n: int) -> str:
    huruf = sel.rstrip("0123456789")
    r = int(sel[len(huruf) :])
    return f"{huruf}{r + n if r >= awal else r}"


def _jumlah_anak(rows: list[dict[str, Any]], i: int, kol: str) -> float:
    anak = {"Program": "Kegiatan", "Kegiatan": "Sub Kegiatan"}[rows[i]["tingkat"]]
    total = 0.0
    for j in range(i + 1, len(rows)):
        if rows[j]["tingkat"] == rows[i]["tingkat"]:
            break
        if rows[j]["tingkat"] == anak:
            v = rows[j].get(kol) if not rows[j]["induk"] else _jumlah_anak(rows, j, kol)
            total += v if isinstance(v, float) else 0.0
    return total


# -- running and comparing ----------------------------------------------------------------------


@dataclass
class Beda:
    """One formula cell whose three values disagree."""

    berkas: str
    lembar: str
    sel: str
    xlkinerja: Any
    libreoffice: Any
    rujukan: Any

    def __str__(self) -> str:
        return (
            f"{self.berkas} {self.lembar}!{self.sel}: xlkinerja {self.xlkinerja!r}, "
            f"LibreOffice {self.libreoffice!r}, rujukan {self.rujukan!r}"
        )


@dataclass
class Hasil:
    buku: int = 0
    dihitung: int = 0
    ditolak: int = 0
    sel: int = 0  # formula cells compared
    beda: list[Beda] = field(default_factory=list)
    tolak_salah: list[str] = field(default_factory=list)  # refusals that should not be
    alasan: Counter = field(default_factory=Counter)
    dikenal: Counter = field(default_factory=Counter)  # LibreOffice model -> cells
    buku_dikenal: list[str] = field(default_factory=list)
    detik: dict[str, float] = field(default_factory=lambda: Counter())

    def gabung(self, lain: Hasil) -> None:
        self.buku += lain.buku
        self.dihitung += lain.dihitung
        self.ditolak += lain.ditolak
        self.sel += lain.sel
        self.beda += lain.beda
        self.tolak_salah += lain.tolak_salah
        self.alasan.update(lain.alasan)
        self.dikenal.update(lain.dikenal)
        self.buku_dikenal += lain.buku_dikenal
        for k, v in lain.detik.items():
            self.detik[k] += v


def _normal(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return float(v)
    if v is None:
        return ""  # an empty text result: LibreOffice and openpyxl store no value
    return str(v)


def sama(a: Any, b: Any) -> bool:
    """Numbers to 1e-9 relative (1e-12 absolute near 0), everything else exactly."""
    a, b = _normal(a), _normal(b)
    if isinstance(a, float) and isinstance(b, float) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return type(a) is type(b) and a == b


# -- where LibreOffice is known to differ from Excel ------------------------------------------
#
# LibreOffice 7.4 rounds and truncates differently from Excel at the edge of a boundary. Excel
# works on the 15 significant digits it keeps (Microsoft: "Excel stores 15 significant digits of
# precision"; TRUNC "removes the fractional part"), so TRUNC(199.9999999998; 3) = 199,999 and
# ROUND(1.4999999999999984; 0) = 2 (the value shows as 1,5). LibreOffice first rounds to 12
# significant digits before TRUNC/ROUNDDOWN (200 there; measured: 96 of 96 cases fit that
# model) and ROUNDs the binary value (1 there). xlkinerja follows Excel (`rumus.bulat_excel`).
# A workbook whose LibreOffice values all equal the Python reference computed with one of these
# LibreOffice models, while xlkinerja's stored values equal the Excel reference, is counted as
# "known" under that model's name, not as a disagreement.


def _trunc_12(x: float, d: int, mode: str = "ROUND") -> float:
    if mode == "TRUNC" and math.isfinite(x) and x != 0:
        x = float(f"{x:.12g}")
    return _BULAT_EXCEL(x, d, mode)


def _round_biner(x: float, d: int, mode: str = "ROUND") -> float:
    if mode != "ROUND" or not math.isfinite(x):
        return _BULAT_EXCEL(x, d, mode)
    q = Decimal(1).scaleb(-int(d))
    return float(Decimal(x).quantize(q, rounding=ROUND_HALF_UP))


def _keduanya(x: float, d: int, mode: str = "ROUND") -> float:
    return _trunc_12(x, d, mode) if mode == "TRUNC" else _round_biner(x, d, mode)


_BULAT_EXCEL = R.bulat_excel
MODEL_LIBREOFFICE: dict[str, Any] = {
    "TRUNC LibreOffice (12 digit)": _trunc_12,
    "ROUND LibreOffice (nilai biner)": _round_biner,
    "TRUNC dan ROUND LibreOffice": _keduanya,
}


def _rujukan_dengan(path: Path, bulat: Any) -> dict[tuple[str, str], Any]:
    """The Python reference with `rumus.bulat_excel` replaced by a LibreOffice model."""
    R.bulat_excel = bulat
    try:
        return rujukan(baca(BukuBerkas(path)), semua=True)
    finally:
        R.bulat_excel = _BULAT_EXCEL


def _dikenal(path: Path, lo: dict, beda: list[Beda]) -> str | None:
    """The LibreOffice model explaining every disagreement of one workbook, or None. Only
    when xlkinerja's stored values equal the Excel reference everywhere."""
    if not beda or any(not sama(b.xlkinerja, b.rujukan) for b in beda):
        return None
    for nama, bulat in MODEL_LIBREOFFICE.items():
        ruj = _rujukan_dengan(path, bulat)
        if all(sama(_ambil(lo, lb, sel), v) for (lb, sel), v in ruj.items()):
            return nama
    return None


def _nilai_tersimpan(path: Path) -> dict[str, dict[tuple[int, int], Any]]:
    """{SHEET: {(row, col): value}} as stored in the file (the fast reader, else openpyxl)."""
    try:
        isi = baca_isi(path.read_bytes())
        return {lembar.upper(): sel for lembar, sel in isi.sel.items()}
    except TidakDidukung:
        pass
    wb = openpyxl.load_workbook(path, data_only=True)
    out = {ws.title.upper(): {k: c.value for k, c in ws._cells.items()} for ws in wb.worksheets}
    wb.close()
    return out


def _ambil(nilai: dict[str, dict[tuple[int, int], Any]], lembar: str, sel: str) -> Any:
    return nilai.get(lembar.upper(), {}).get(pisah_sel(sel))


def jalankan(rancangan: list[Rancangan], folder: Path, awalan: str = "b") -> Hasil:
    """Write, `hitung` (one process), recalculate with LibreOffice (one call) and compare."""
    hasil = Hasil(buku=len(rancangan))
    masuk, keluar, lo = folder / "masuk", folder / "keluar", folder / "lo"
    for d in (masuk, keluar, lo):
        d.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    letak = {}
    for n, r in enumerate(rancangan):
        data, letak[n] = tulis(r)
        (masuk / f"{awalan}{n:05d}.xlsx").write_bytes(data)
    t1 = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run(
        [sys.executable, "-m", "xlkinerja", "hitung", str(masuk), "-o", str(keluar)],
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60 + 30 * len(rancangan),
    )
    t2 = time.perf_counter()
    dihitung = sorted(keluar.glob("*_dihitung.xlsx"))
    if dihitung:
        konversi(dihitung, lo, batas_waktu=120 + 10 * len(dihitung))
    t3 = time.perf_counter()
    for n, r in enumerate(rancangan):
        nama = f"{awalan}{n:05d}"
        out = keluar / f"{nama}_dihitung.xlsx"
        if not out.exists():
            _periksa_tolakan(masuk / f"{nama}.xlsx", r, letak[n], hasil)
            continue
        hasil.dihitung += 1
        if r.pasti:
            hasil.tolak_salah.append(f"{nama}: tidak ditolak padahal memuat {sorted(r.pasti)}")
        simpan = _nilai_tersimpan(out)
        hitung_lo = _nilai_tersimpan(lo / f"{nama}_dihitung.xlsx")
        ruj = rujukan(baca(BukuBerkas(out)), semua=True)
        beda_ini = []
        for (lembar, sel), v in ruj.items():
            hasil.sel += 1
            x = _ambil(simpan, lembar, sel)
            e = _ambil(hitung_lo, lembar, sel)
            if not (sama(x, v) and sama(e, v)):
                beda_ini.append(Beda(nama, lembar, sel, x, e, v))
        model = _dikenal(out, hitung_lo, beda_ini)
        if model is not None:
            hasil.dikenal[model] += len(beda_ini)
            hasil.buku_dikenal.append(f"{nama}: {model}: " + "; ".join(map(str, beda_ini[:3])))
        else:
            hasil.beda += beda_ini
    t4 = time.perf_counter()
    hasil.detik.update(
        {"tulis": t1 - t0, "hitung": t2 - t1, "libreoffice": t3 - t2, "banding": t4 - t3}
    )
    return hasil


def _periksa_tolakan(path: Path, r: Rancangan, letak: dict, hasil: Hasil) -> None:
    """A refused workbook: its refusal names only cells the generator made questionable."""
    hasil.ditolak += 1
    salah = masukan_salah(
        baca(BukuBerkas(path)), ("Pengukuran", "PK", "RKT", "Anggaran", "Efisiensi")
    )
    if not salah:
        hasil.tolak_salah.append(f"{path.name}: ditolak tanpa isian salah (lihat hitung)")
    for x in salah:
        hasil.alasan[_jenis_alasan(x.uraian)] += 1
        if (x.lembar, x.sel) not in letak:
            hasil.tolak_salah.append(f"{path.name}: {x.lembar}!{x.sel} ditolak: {x.uraian}")


def _jenis_alasan(uraian: str) -> str:
    for kata in (
        "tersimpan sebagai angka",
        "karakter pengganti",
        "perbandingan",
        "angka yang sama",
        "spasi",
        "tanda %",
        "bukan nilai huruf",
        "bukan angka",
        "galat",
        "polaritas",
        "logika",
        "tanggal",
    ):
        if kata in uraian:
            return kata
    return uraian[:30]


def ringkas(h: Hasil) -> str:
    baris = [
        f"{h.buku} buku kerja: {h.dihitung} dihitung, {h.ditolak} ditolak; {h.sel} sel rumus "
        f"dibandingkan; {len(h.beda)} beda; {len(h.tolak_salah)} tolakan salah",
        "waktu (s): " + ", ".join(f"{k} {v:.1f}" for k, v in h.detik.items()),
    ]
    if h.alasan:
        baris.append("alasan tolak: " + ", ".join(f"{k}: {v}" for k, v in h.alasan.most_common()))
    if h.dikenal:
        baris.append(
            "beda LibreOffice–Excel yang dikenal (sel): "
            + ", ".join(f"{k}: {v}" for k, v in h.dikenal.most_common())
        )
        baris += h.buku_dikenal[:5]
    baris += [str(b) for b in h.beda[:20]]
    baris += h.tolak_salah[:20]
    return "\n".join(baris)


def kumpulkan(n: int, benih: int | None = None, lewati_pertama: bool = False) -> list[Rancangan]:
    """`n` workbooks drawn by hypothesis (`benih`: reproducible; `lewati_pertama`: drop the
    simplest example hypothesis always tries first, e.g. in every batch of a long run)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as benih_

    kumpul: list[Rancangan] = []
    ekstra = 1 if lewati_pertama else 0

    @settings(
        max_examples=n + ekstra,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(rancangan())
    def ambil(r: Rancangan) -> None:
        kumpul.append(r)

    (benih_(benih)(ambil) if benih is not None else ambil)()
    return kumpul[ekstra:][:n]
