"""Periksa: the budget hierarchy and the tables' bounds, read-only (issue 15, cases 4-6).

The template sums a parent budget row from the rows below it at the next level whose code starts
with its own (``SUMIFS(..., kode, kode&".*")``, `templat.baca.peta_anak`), and the Efisiensi
table sums every budget row whose "Mendukung Sasaran" is the sasaran's code, whatever its level.
Both are right only when the table is a well-formed tree; these checks report, at their cells,
the inputs that make the sums silently wrong:

* **HIR01** — a sasaran linked on a row *and* on a row that already sums it (program → kegiatan
  → sub kegiatan). The Efisiensi pagu/realisasi of that sasaran then counts the lower row two or
  three times. The template's formula cannot tell the levels apart (a SUMIFS over the whole
  column), so the number cannot be made right without changing the formula: the finding, at the
  lower row's "Mendukung Sasaran" cell, is the deliverable. A lower row linking a *different*
  sasaran than its parent is allowed: that kegiatan then supports both sasaran and its money is
  shown under each (each sasaran's figure stays within the budget); it is not reported.
* **HIR02** — a kegiatan whose code does not start with the code of the program above it, or a
  sub kegiatan whose code does not start with the code of the kegiatan above it. Its money goes
  to the row its code names (when that row is above it) or into no parent at all; the finding at
  the code cell names both rows. A table without parent rows (sub kegiatan only) is not checked.
* **LUAR01** — a value in an input column in the rows just below a table (the gap before the next
  table, the totals row or the settings, or a few rows for the last table of a sheet). The
  formulas and every command read the table's rows only, so the value is ignored. The table
  bounds come from the schema (`skema.Tabel`) through the workbook's layout (`Bacaan.tata`).
  A row holding only text outside the key column (a note under the table, perhaps) is **LUAR02**,
  a warning. Tables whose end the reader finds by content (Renstra, RKT, the PK programs,
  Efisiensi) take a row with its key column filled as one of their rows (Hitung writes its
  formulas), so only the other values below them are reported.

The module does not import `periksa` (which imports it, so that these checks register): a check
receives Periksa's `Konteks` and `Catatan`, typed here by what it uses.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Protocol

from openpyxl.utils import get_column_letter

from xlkinerja.cek.katalog import PERIKSA
from xlkinerja.inti.angka import format_rupiah
from xlkinerja.inti.rumus import Galat, Nilai, cocok_kriteria, is_number, kriteria
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import Bacaan
from xlkinerja.templat.bangun import BARIS_SKALA_INFO

# Rows checked below the last table of a sheet (nothing of the template's follows it).
BARIS_DI_BAWAH = 3
# Level rank in the budget tree.
TINGKAT = {t.casefold(): i for i, t in enumerate(S.TINGKAT_ANGGARAN)}
KALI = {2: "dua kali", 3: "tiga kali"}


class KonteksPeriksa(Protocol):
    """What these checks read of Periksa's `Konteks`."""

    b: Bacaan
    ruj: dict[tuple[str, str], Nilai]


class Pencatat(Protocol):
    """Periksa's `Catatan`: a finding at its cell."""

    def catat(
        self,
        kode: str,
        lembar: str | None,
        sel: str | None,
        tercatat: Nilai | dict = None,
        seharusnya: Nilai | dict = None,
        rinci: str = "",
    ) -> None: ...


def _kosong(v: Nilai) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _teks_kode(v: Nilai) -> bool:
    """A code the parent SUMIFS can match by prefix: a non-blank text (numbers and errors are
    refused at their cell by ISI01)."""
    return isinstance(v, str) and not isinstance(v, Galat) and bool(v.strip())


def _tingkat(v: Nilai) -> int | None:
    return TINGKAT.get(str(v).strip().casefold()) if isinstance(v, str) else None


# -- the budget tree ------------------------------------------------------------------------------


class Pohon:
    """The budget rows of one workbook: level, position and which parent rows sum which."""

    def __init__(self, k: KonteksPeriksa):
        self.k = k
        self.rows = k.b.isi("anggaran")  # rows with an uraian: where a row stands
        self.isi = dict(k.b.baris["anggaran"])  # every row: the parent formulas sum those too
        self.awal = k.b.tata.awal(S.ANGGARAN)
        self.penjumlah: dict[int, list[int]] = defaultdict(list)  # row -> parent rows summing it
        for p, anak in k.b.anak.items():
            for r in anak:
                self.penjumlah[r].append(p)

    def leluhur(self, r: int) -> list[int]:
        """Every row whose sum includes row `r`, nearest first."""
        out: list[int] = []
        antre = list(self.penjumlah.get(r, ()))
        while antre:
            p = antre.pop(0)
            if p not in out:
                out.append(p)
                antre.extend(self.penjumlah.get(p, ()))
        return out

    def induk_letak(self, r: int) -> int | None:
        """The row row `r` stands under: the nearest row above at the next level up, not past a
        row of a higher level still (rows without an uraian count: their formula sums too);
        None at the top or without such a row."""
        t = _tingkat(self.isi[r]["tingkat"])
        if not t:
            return None
        for r2 in range(r - 1, self.awal - 1, -1):
            t2 = _tingkat(self.isi[r2]["tingkat"]) if r2 in self.isi else None
            if t2 is None or t2 >= t:
                continue
            return r2 if t2 == t - 1 else None
        return None

    def pagu(self, r: int) -> Nilai:
        """The row's pagu as the template computes it (a parent: the sum of its rows)."""
        a = S.ANGGARAN
        return self.k.ruj.get((a.lembar, f"{a.huruf('pagu')}{r}"), self.isi[r]["pagu"])

    def nama(self, r: int) -> str:
        v = self.isi[r]
        tingkat = str(v["tingkat"]).strip().lower() if _tingkat(v["tingkat"]) is not None else ""
        return " ".join(x for x in (tingkat, str(v["kode"] or "").strip()) if x) + f" di baris {r}"


def _rupiah(x: Nilai) -> str:
    return format_rupiah(float(x)) if is_number(x) else "kosong"


def _sasaran_sama(a: Nilai, b: Nilai) -> bool:
    """Both rows are summed for the same Efisiensi sasaran code (SUMIFS criteria, both ways)."""
    return cocok_kriteria(a, b) and cocok_kriteria(b, a)


@PERIKSA.cek("HIR01")
def cek_sasaran_berlapis(k: KonteksPeriksa, out: Pencatat) -> None:
    """A sasaran linked on a budget row and on a row that sums it: counted twice in Efisiensi."""
    a = S.ANGGARAN
    pohon = Pohon(k)
    ganda: list[tuple[int, Nilai, list[int]]] = []
    for r, v in pohon.rows:
        s = v["sasaran"]
        if _kosong(s):
            continue
        atas = [
            p
            for p in pohon.leluhur(r)
            if not _kosong(pohon.isi[p]["sasaran"]) and _sasaran_sama(pohon.isi[p]["sasaran"], s)
        ]
        if atas:
            ganda.append((r, s, atas))
    for r, s, atas in ganda:
        kode = str(s).strip()
        tampil, tunggal = _pagu_sasaran(pohon, s)
        kali = KALI.get(len(atas) + 1, f"{len(atas) + 1} kali")
        induk = " dan ".join(pohon.nama(p) for p in atas)
        rinci = (
            f"sasaran {kode} juga diisi pada {induk}, yang sudah "
            f"menjumlahkan baris ini; pagu baris ini {_rupiah(pohon.pagu(r))} dihitung {kali}: "
            f"pagu sasaran {kode} di lembar Efisiensi menjadi {_rupiah(tampil)}, tanpa hitungan "
            f"ganda {_rupiah(tunggal)}"
        )
        out.catat("HIR01", a.lembar, f"{a.huruf('sasaran')}{r}", s, None, rinci)


def _pagu_sasaran(pohon: Pohon, s: Nilai) -> tuple[float, float]:
    """The pagu of sasaran `s` as the Efisiensi SUMIFS gives it, and without the rows a row
    already linking it sums."""
    cocok = kriteria(s)

    def tertaut(r: int) -> bool:
        x = pohon.isi[r]["sasaran"]
        return not _kosong(x) and cocok(x)

    tampil = tunggal = 0.0
    for r, _ in pohon.rows:
        x = pohon.pagu(r)
        if tertaut(r) and is_number(x):
            tampil += float(x)
            if not any(tertaut(p) for p in pohon.leluhur(r)):
                tunggal += float(x)
    return tampil, tunggal


@PERIKSA.cek("HIR02")
def cek_kode_induk(k: KonteksPeriksa, out: Pencatat) -> None:
    """A kegiatan or sub kegiatan whose code does not start with the code of the row it stands
    under: its money goes where its code says, not to that row."""
    a = S.ANGGARAN
    pohon = Pohon(k)
    for i, (r, v) in enumerate(pohon.rows):
        induk = pohon.induk_letak(r)
        if induk is None or not _teks_kode(v["kode"]):
            continue
        kode_induk = pohon.isi[induk]["kode"]
        if not _teks_kode(kode_induk) or kriteria(f"{kode_induk}.*")(v["kode"]):
            continue
        ke = [p for p in pohon.penjumlah.get(r, ()) if p != induk]
        if ke:
            arah = f"pagu dan realisasinya dijumlahkan ke {', '.join(pohon.nama(p) for p in ke)}"
        else:
            arah = "pagu dan realisasinya tidak dijumlahkan ke baris induk mana pun"
            pemilik = _pemilik(pohon, i)
            if pemilik is not None:
                arah += (
                    f"; kodenya milik {pohon.nama(pemilik)}, yang letaknya di bawah baris ini "
                    "(rumus induk hanya menjumlahkan baris di bawahnya)"
                )
        rinci = (
            f"{str(v['tingkat']).strip().lower()} {str(v['kode']).strip()} berada di bawah "
            f"{pohon.nama(induk)}, tetapi kodenya tidak diawali '{str(kode_induk).strip()}.'; "
            + arah
        )
        out.catat("HIR02", a.lembar, f"{a.huruf('kode')}{r}", v["kode"], None, rinci)


def _pemilik(pohon: Pohon, i: int) -> int | None:
    """The row below the i-th whose code its code names (the parent SUMIFS looks only below)."""
    r, v = pohon.rows[i]
    t = _tingkat(v["tingkat"])
    for r2, v2 in pohon.rows[i + 1 :]:
        k2 = v2["kode"]
        if _tingkat(v2["tingkat"]) == (t or 0) - 1 and _teks_kode(k2):
            if kriteria(f"{k2}.*")(v["kode"]):
                return r2
    return None


# -- rows below a table ---------------------------------------------------------------------------


def _tabel_isian() -> list[S.Tabel]:
    """Tables the user types in (Temuan is written by the tool)."""
    return [t for t in S.TABEL.values() if t.kapasitas and any(c.isian for c in t.kolom)]


def _akhir_celah(b: Bacaan, t: S.Tabel) -> int:
    """The last row of the gap below table `t`: before the next table's title, the totals row,
    the overall row or the scale's settings; a few rows for the last table of a sheet."""
    tata = b.tata
    if t is S.ANGGARAN:
        return tata.total - 1
    if t is S.PENGUKURAN_MISI:
        return tata.keseluruhan - 1
    if t is S.RENSTRA_PENDANAAN:  # its Σ program row follows
        return tata.total_renstra - 1
    if t is S.SKALA:
        return BARIS_SKALA_INFO - 1
    berikut = [
        t2
        for t2 in S.TABEL.values()
        if t2.lembar == t.lembar and t2.baris_judul > t.baris_judul and t2.kapasitas
    ]
    if berikut:
        nx = min(berikut, key=lambda x: x.baris_judul)
        return tata.awal(nx) - 3  # its title row is two above its first row
    return tata.akhir(t) + BARIS_DI_BAWAH


@PERIKSA.cek("LUAR01", "LUAR02")
def cek_di_luar_tabel(k: KonteksPeriksa, out: Pencatat) -> None:
    """Values typed in a table's input columns just below its last row: no formula and no
    command reads them. One finding per row, at its first filled cell: LUAR01 when the row looks
    like data (its key column or a number filled), LUAR02 for text only (a note, perhaps)."""
    for t in _tabel_isian():
        awal, akhir = k.b.tata.akhir(t) + 1, _akhir_celah(k.b, t)
        if akhir < awal or t.lembar not in k.b.buku.lembar():
            continue
        isian = [i for i, c in enumerate(t.kolom, 1) if c.isian]
        kunci = t.indeks(t.kunci_baris)
        isi = k.b.buku.nilai(t.lembar, f"A{awal}:{get_column_letter(max(isian))}{akhir}")
        for n, row in enumerate(isi):
            terisi = [(i, row[i - 1]) for i in isian if i <= len(row) and not _kosong(row[i - 1])]
            if not terisi:
                continue
            sel = [f"{get_column_letter(i)}{awal + n}" for i, _ in terisi]
            rinci = (
                f"tabel '{t.judul}' berakhir di baris {k.b.tata.akhir(t)}"
                + (f"; terisi juga {', '.join(sel[1:6])}" if len(sel) > 1 else "")
                + (" …" if len(sel) > 6 else "")
            )
            data = any(i == kunci or is_number(v) for i, v in terisi)
            kode = "LUAR01" if data else "LUAR02"
            out.catat(kode, t.lembar, sel[0], terisi[0][1], None, rinci)
