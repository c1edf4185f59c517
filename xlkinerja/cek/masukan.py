"""Inputs the template's formulas cannot use as the user meant them, each named by its cell.

What is accepted is what the formulas accept, decided by the same Excel semantics the Python
reference computes with (`inti.rumus`): a polarity or a letter grade is compared without case,
"-" is "no data". Refused: text in a number cell, an unknown grade or polarity, a number typed
with a % format (Excel keeps 75% as 0,75), and codes whose COUNTIFS/SUMIFS/MATCH match would
depend on how Excel reads text (as a number, a date, a pattern or a comparison), which differs
between PCs' regional settings and LibreOffice.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.utils import get_column_letter

from xlkinerja.inti.angka import baca_angka, format_angka
from xlkinerja.inti.rumus import (
    GALAT_EXCEL,
    NA,
    Galat,
    Nilai,
    angka_teks,
    cari_persis,
    is_number,
    kriteria,
    sama_excel,
    teks_excel,
)
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import Bacaan

JENIS_ANGKA = ("angka", "persen", "level", "rentang", None, "")


@dataclass(frozen=True)
class MasukanSalah:
    """An input cell a formula cannot use: where, what it holds, and the number meant, if clear."""

    lembar: str
    sel: str
    isi: Nilai
    uraian: str  # "'Rp 1.000.000' bukan angka (mungkin maksudnya 1.000.000: ketik angkanya saja)"
    maksud: float | None = None


def sama_teks(v: Nilai, teks: str) -> bool:
    """Excel's `v = "teks"`: texts without case, a blank equal to ""."""
    return sama_excel(v, teks)


def kosong_atau_strip(v: Nilai) -> bool:
    """What the capaian formula reads as 'no data': blank, "", "-" or "–" (exactly; Excel's = does
    not trim)."""
    return v is None or any(sama_teks(v, t) for t in ("", "-", "–"))


# -- numbers, grades, polarity ------------------------------------------------------------------


def _salah_angka(v: Nilai) -> str | None:
    """Why the number cell holding `v` is refused, or None."""
    if is_number(v) or kosong_atau_strip(v):
        return None
    if isinstance(v, str) and not isinstance(v, Galat) and not v.strip():
        return "berisi spasi saja (kosongkan sel itu)"
    if isinstance(v, Galat):
        return f"berisi galat {v} (ketik angkanya, atau '-' bila tidak ada data)"
    baca = baca_angka(teks_excel(v))
    a = baca.nilai
    if a is None:
        return f"'{v}' bukan angka"
    if baca.satuan is None and not baca.masalah:  # "87,2": a number, but kept as text
        titik = _format(a).replace(".", "").replace(",", ".")
        lain = f"; bila Excel di komputer ini memakai titik desimal, ketik {titik}"
        return (
            f"'{v}' tersimpan sebagai teks, bukan angka, jadi rumus tidak menghitungnya: ketik "
            f"ulang {_format(a)} sebagai angka (bila sel berformat Teks, ubah dulu ke Umum"
            f"{lain if titik != _format(a) else ''})"
        )
    return f"'{v}' bukan angka (mungkin maksudnya {_format(a)}: ketik angkanya saja)"


def _format(x: float) -> str:
    """The number with the decimals it has (87,2 stays 87,2; at most 6)."""
    d = Decimal(repr(float(x))).normalize()
    return format_angka(x, min(max(-d.as_tuple().exponent, 0), 6))


def _salah_huruf(v: Nilai, urutan: tuple[str, ...]) -> str | None:
    """Why the grade cell holding `v` is refused (the formula's MATCH, without case), or None."""
    if kosong_atau_strip(v):
        return None
    daftar = ", ".join(urutan)
    if isinstance(v, str) and re.search(r"[*?~]", v):
        return (
            f"nilai huruf '{v}' memuat * ? atau ~, yang dibaca Excel sebagai karakter pengganti; "
            f"ketik salah satu dari {daftar}"
        )
    if cari_persis(v, list(urutan)) is not NA and not isinstance(v, Galat):
        return None
    if isinstance(v, str) and v.strip() != v and cari_persis(v.strip(), list(urutan)) is not NA:
        return f"nilai huruf '{v}' diawali/diakhiri spasi; hapus spasinya"
    return f"'{teks_excel(v)}' bukan nilai huruf yang dikenal ({daftar}; huruf besar/kecil sama)"


# -- codes matched by COUNTIFS/SUMIFS/MATCH -------------------------------------------------------

# Each group: columns whose codes are matched against each other, the sheets whose formulas
# do it (the check runs when one of them is computed), and the rows taking part.
Pilih = Callable[[dict[str, Nilai]], bool]
_PROGRAM = kriteria("Program")


@dataclass(frozen=True)
class KelompokKode:
    nama: str  # "sasaran": named in the messages
    kolom: tuple[tuple[str, str, Pilih | None], ...]  # (table, column, rows taking part)
    lembar: frozenset[str]
    tabrakan: bool = True  # two codes Excel may read as one are refused


KELOMPOK_KODE = (
    KelompokKode(
        "sasaran",
        (
            ("pengukuran", "kode_sasaran", None),
            ("pengukuran_sasaran", "kode_sasaran", None),
            ("efisiensi", "kode_sasaran", None),
            ("anggaran", "sasaran", None),
        ),
        frozenset({"Pengukuran", "Anggaran", "Efisiensi"}),
    ),
    KelompokKode(
        "misi",
        (("pengukuran_sasaran", "kode_misi", None), ("pengukuran_misi", "kode_misi", None)),
        frozenset({"Pengukuran"}),
    ),
    KelompokKode(
        "program",
        (("pk_program", "kode", None), ("anggaran", "kode", lambda v: _PROGRAM(v["tingkat"]))),
        frozenset({"PK", "Anggaran"}),
    ),
    # parent budget rows sum the rows whose code starts with theirs (SUMIFS "kode.*"): a code
    # must be text and hold no wildcard; collisions between levels do not matter
    KelompokKode(
        "anggaran",
        (("anggaran", "kode", None), ("kinerja_program", "kode", None)),
        frozenset({"Anggaran", "Kinerja Program"}),
        False,
    ),
)
_TANGGAL = re.compile(r"[0-9]{1,4}(?:[./-][0-9]{1,4}){1,2}")


def kunci_kode(kode: str) -> list[tuple[str, object]]:
    """The readings under which Excel may take two different code texts as one: the number it
    reads ('2.1' and '2.10'; '1' and '01'), the day-month(-year) some regional settings read
    ('2.1' and '2.01'), and the text without surrounding spaces ('M1 ' and 'M1')."""
    out: list[tuple[str, object]] = [("teks", kode.strip().lower())]
    x = angka_teks(kode)
    if x is not None:
        out.append(("angka", x))
    t = kode.strip()
    if _TANGGAL.fullmatch(t):
        out.append(("tanggal", tuple(int(b) for b in re.split(r"[./-]", t))))
    return out


def _salah_kode(v: Nilai) -> str | None:
    """Why a code cell holding `v` (not blank) cannot be matched alike everywhere, or None."""
    if isinstance(v, Galat):
        return f"kode berisi galat {v}; ketik kodenya sebagai teks"
    if isinstance(v, bool):
        return f"kode berisi nilai logika {teks_excel(v)}; ketik kodenya sebagai teks"
    if not isinstance(v, str):
        teks = teks_excel(v)
        return (
            f"kode {teks} tersimpan sebagai angka, bukan teks; COUNTIFS/SUMIFS mencocokkan angka "
            "dan teks berbeda-beda menurut pengaturan wilayah komputer. Ketik ulang sebagai teks "
            f"(awali dengan tanda petik: '{teks}) atau beri sel format Teks lalu ketik ulang"
        )
    t = v.strip()
    if re.search(r"[*?~]", v):
        return (
            f"kode '{v}' memuat * ? atau ~, yang dibaca COUNTIFS/SUMIFS/MATCH sebagai karakter "
            "pengganti (cocok dengan kode lain); hapus karakter itu dari kode"
        )
    if t[:1] in ("=", "<", ">"):
        return (
            f"kode '{v}' diawali {t[0]}, yang dibaca COUNTIFS/SUMIFS sebagai perbandingan; "
            "ubah kodenya"
        )
    if t.upper() in ("TRUE", "FALSE", "BENAR", "SALAH", *GALAT_EXCEL):
        return f"kode '{v}' dibaca Excel sebagai nilai logika atau galat; ubah kodenya"
    return None


def _cek_kode(b: Bacaan, k: KelompokKode) -> list[MasukanSalah]:
    salah: list[MasukanSalah] = []
    pertama: dict[str, tuple[str, str, str]] = {}  # code (lower) -> (code, sheet, cell)
    kali: Counter[str] = Counter()  # code (lower) -> cells holding it
    for tabel, kolom, pilih in k.kolom:
        t = S.TABEL[tabel]
        for r, v in b.isi(tabel):
            kode = v.get(kolom)
            if kode is None or kode == "" or (pilih is not None and not pilih(v)):
                continue
            sel = f"{t.huruf(kolom)}{r}"
            alasan = _salah_kode(kode)
            if alasan is not None:
                salah.append(MasukanSalah(t.lembar, sel, kode, alasan))
            elif isinstance(kode, str):
                pertama.setdefault(kode.lower(), (kode, t.lembar, sel))
                kali[kode.lower()] += 1
    dilihat: dict[tuple[str, object], tuple[str, str, str]] = {}
    for kode, lembar, sel in pertama.values() if k.tabrakan else ():
        for kunci in kunci_kode(kode):
            lain = dilihat.setdefault(kunci, (kode, lembar, sel))
            if lain[0] == kode:
                continue
            jenis, nilai = kunci
            # name the odd one: the code with the spaces, else the one written less often
            if (kode.strip() == kode) != (lain[0].strip() == lain[0]):
                tukar = kode.strip() == kode
            else:
                tukar = kali[kode.lower()] > kali[lain[0].lower()]
            if tukar:
                (kode, lembar, sel), lain = lain, (kode, lembar, sel)
            if jenis == "teks":
                sebab = "hanya berbeda karena spasi di awal/akhir, sehingga tidak cocok"
                saran = "hapus spasinya"
            elif jenis == "angka":
                sebab = (
                    "dibaca COUNTIFS/SUMIFS sebagai angka yang sama "
                    f"({format(nilai, '.15g').replace('.', ',')}), "
                    "sehingga baris keduanya tercampur"
                )
                saran = "bedakan kodenya (mis. tambahkan huruf) atau samakan penulisannya"
            else:
                sebab = (
                    "dapat dibaca Excel sebagai tanggal yang sama (menurut pengaturan wilayah), "
                    "sehingga baris keduanya tercampur"
                )
                saran = "bedakan kodenya (mis. tambahkan huruf) atau samakan penulisannya"
            salah.append(
                MasukanSalah(
                    lembar,
                    sel,
                    kode,
                    f"kode {k.nama} '{kode}' dan '{lain[0]}' ({lain[1]}!{lain[2]}) {sebab}; "
                    + saran,
                )
            )
            break
    return salah


# -- all inputs ---------------------------------------------------------------------------------


def _persen(b: Bacaan, t: S.Tabel, kolom: Iterable[str]) -> set[tuple[int, int]]:
    """Cells of `kolom` (numbers only) shown with a percent format; empty when the backend
    cannot read formats."""
    awal, akhir = b.tata.awal(t), b.tata.akhir(t)
    out: set[tuple[int, int]] = set()
    for k in kolom:  # one column at a time: in Excel each usually has one format (one call)
        c = get_column_letter(t.indeks(k))
        out |= b.buku.sel_persen(t.lembar, f"{c}{awal}:{c}{akhir}") or set()
    return out


def masukan_salah(b: Bacaan, lembar: tuple[str, ...]) -> list[MasukanSalah]:
    """Inputs of the tables on `lembar` (and the codes they match) a formula cannot use as
    meant, in sheet order."""
    salah: list[MasukanSalah] = []

    def catat(t: S.Tabel, r: int, kolom: str, v: Nilai, uraian: str | None, maksud=None) -> None:
        if uraian is not None:
            salah.append(MasukanSalah(t.lembar, f"{t.huruf(kolom)}{r}", v, uraian, maksud))

    def angka(t: S.Tabel, r: int, kolom: str, v: Nilai, persen: set[tuple[int, int]]) -> None:
        if is_number(v) and (r, t.indeks(kolom)) in persen:
            x = float(v) * 100  # type: ignore[arg-type]
            catat(
                t,
                r,
                kolom,
                v,
                f"{_format(x)}% diketik dengan tanda %, sehingga Excel menyimpannya sebagai "
                f"{_format(float(v))} dan rumus menghitung dengan {_format(float(v))}, bukan "  # type: ignore[arg-type]
                f"{_format(x)}; ketik {_format(x)} tanpa tanda % (format sel Angka)",
                x,
            )
            return
        uraian = _salah_angka(v)
        maksud = None
        if uraian is not None and not isinstance(v, Galat) and v is not None:
            a = baca_angka(teks_excel(v)).nilai
            maksud = float(a) if a is not None else None
        catat(t, r, kolom, v, uraian, maksud)

    for t in (S.PENGUKURAN, S.KINERJA_PROGRAM):  # indicators: the capaian rule's inputs
        if t.lembar not in lembar or not b.isi(t.kunci):
            continue
        urutan = b.metode.huruf.urutan
        kolom = tuple(
            k
            for k in ("target", "target_atas", "realisasi", "target_akhir")
            if k in {c.kunci for c in t.kolom}
        )
        persen = _persen(b, t, kolom)
        for r, v in b.isi(t.kunci):
            jenis = v.get("jenis")
            if sama_teks(jenis, "huruf"):  # the formula's IF(J="huruf"; …): grades, no polarity
                for k in kolom:
                    if k != "target_atas":
                        catat(t, r, k, v[k], _salah_huruf(v[k], urutan))
                continue
            for k in kolom:
                if k == "target_atas" and not sama_teks(jenis, "rentang"):
                    continue  # read only for range targets
                angka(t, r, k, v[k], persen)
            p = v.get("polaritas")
            if not any(sama_teks(p, x) for x in ("", "positif", "negatif")):
                catat(
                    t,
                    r,
                    "polaritas",
                    p,
                    f"polaritas '{teks_excel(p)}' harus 'positif' atau 'negatif' "
                    "(huruf besar/kecil sama; kosong = positif)",
                )
    if "Anggaran" in lembar:
        t = S.ANGGARAN
        persen = _persen(b, t, ("pagu", "realisasi"))
        for r, v in b.isi("anggaran"):
            if b.anak.get(r):
                continue  # a parent row: its pagu and realisasi are formulas
            for k in ("pagu", "realisasi"):
                if not (isinstance(v[k], str) and v[k].startswith("=")):
                    angka(t, r, k, v[k], persen)
    for k in KELOMPOK_KODE:
        if k.lembar & set(lembar):
            salah += _cek_kode(b, k)
    return salah
