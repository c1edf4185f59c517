"""Reading a filled template through `BukuBaca`: where the tables are, their rows, and the value
every formula cell should show according to the Python reference."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from openpyxl.utils import get_column_letter

from xlkinerja.buku.antarmuka import BukuBaca, GalatBuku
from xlkinerja.inti.metode import Metode
from xlkinerja.inti.rumus import Galat, Nilai, is_number, kriteria
from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import (
    BARIS_SKALA_INFO,
    SKALA_EFISIENSI,
    Di,
    pola_kolom,
    rumus_induk,
    rumus_tetap,
)
from xlkinerja.templat.hitungan import Baris
from xlkinerja.templat.pengaturan import baca_metode

MAKS_BARIS = 5000
# The tables that hold formula cells, in sheet order (from the schema's declarations).
TABEL_RUMUS = tuple(
    k for k, t in S.TABEL.items() if t.induk is not None or any(c.hitung for c in t.kolom)
)

# Tables in sheet order; each ends where the next begins, or at a marker row.
_URUTAN = {
    "Renstra": [S.RENSTRA],
    "RKT": [S.RKT],
    "PK": [S.PK, S.PK_PROGRAM],
    "Pengukuran": [S.PENGUKURAN, S.PENGUKURAN_SASARAN, S.PENGUKURAN_MISI],
    "Anggaran": [S.ANGGARAN],
    "Efisiensi": [S.EFISIENSI],
    "Skala": [S.SKALA, SKALA_EFISIENSI],
    "Kinerja Program": [S.KINERJA_PROGRAM],
    "Jenjang Kinerja": [S.JENJANG],
    "Rencana Aksi": [S.RENCANA_AKSI],
    "Renstra Pendanaan": [S.RENSTRA_PENDANAAN],
}
# Sheets added after templates were in use: a workbook without one has that table empty.
LEMBAR_TAMBAHAN = {
    S.KINERJA_PROGRAM.lembar,
    S.JENJANG.lembar,
    S.RENCANA_AKSI.lembar,
    S.RENSTRA_PENDANAAN.lembar,
}


def _cari(kolom: list[Nilai], teks: str, mulai: int) -> int | None:
    for i in range(mulai - 1, len(kolom)):
        v = kolom[i]
        if isinstance(v, str) and v.strip().startswith(teks):
            return i + 1
    return None


def cari_tata(buku: BukuBaca) -> S.Tata:
    """Locate every table by its title row, so that inserted and deleted rows are followed."""
    baris: list[tuple[str, int, int]] = []
    for lembar, daftar in _URUTAN.items():
        if lembar in LEMBAR_TAMBAHAN and lembar not in buku.lembar():
            baris += [(t.kunci, t.baris_awal, t.baris_awal - 1) for t in daftar]
            continue
        if lembar not in buku.lembar():
            raise GalatBuku(
                f"{buku.nama}: lembar '{lembar}' tidak ada; buku kerja ini bukan "
                "templat xlkinerja (buat dengan: xlkinerja templat)"
            )
        # rows below the last one holding a value are empty: no need to scan them
        maks = min(MAKS_BARIS, buku.baris_akhir(lembar) or MAKS_BARIS)
        kol_a = buku.kolom(lembar, "A", maks)
        judul = []
        for t in daftar:
            r = _cari(kol_a, t.judul, 3 if t is daftar[0] else (judul[-1] + 1 if judul else 3))
            if r is None:
                raise GalatBuku(
                    f"{buku.nama}: judul tabel '{t.judul}' tidak ditemukan di kolom A "
                    f"lembar {lembar}; jangan menghapus baris judul tabel"
                )
            judul.append(r)
        for i, t in enumerate(daftar):
            awal = judul[i] + 2
            if i + 1 < len(daftar):
                nx = daftar[i + 1]
                akhir = judul[i + 1] - ((nx.baris_judul - 1) - t.baris_akhir)
            elif t is S.PENGUKURAN_MISI:
                kol = buku.kolom(lembar, t.huruf("misi"), maks)
                r = _cari(kol, "Capaian keseluruhan", awal)
                if r is None:
                    raise GalatBuku(
                        f"{buku.nama}: baris 'Capaian keseluruhan' di lembar Pengukuran "
                        "tidak ditemukan; jangan menghapus baris itu"
                    )
                akhir = r - (S.BARIS_KESELURUHAN - t.baris_akhir)
            elif t is S.ANGGARAN:
                kol = buku.kolom(lembar, t.huruf("uraian"), maks)
                r = _cari(kol, S.TOTAL_ANGGARAN[0][0], awal)
                if r is None:
                    raise GalatBuku(
                        f"{buku.nama}: baris '{S.TOTAL_ANGGARAN[0][0]}' di lembar Anggaran "
                        "tidak ditemukan; jangan menghapus baris jumlah"
                    )
                akhir = r - (S.BARIS_TOTAL - t.baris_akhir)
            elif t is S.RENSTRA_PENDANAAN:  # the Σ program row follows the matrix
                kol = buku.kolom(lembar, t.huruf("uraian"), maks)
                r = _cari(kol, "Jumlah (Σ program)", awal)
                geser = S.BARIS_TOTAL_RENSTRA - t.baris_akhir
                akhir = r - geser if r is not None else awal + t.kapasitas - 1
            elif t is S.SKALA:
                akhir = awal + t.kapasitas - 1
            else:
                kunci = buku.kolom(lembar, t.huruf(t.kunci_baris), maks)
                isi = [r for r in range(awal, len(kunci) + 1) if kunci[r - 1] not in (None, "")]
                akhir = max([awal + t.kapasitas - 1, *isi])
            baris.append((t.kunci, awal, akhir))
    for t in (S.NARASI, S.TEMUAN):
        baris.append((t.kunci, t.baris_awal, t.baris_akhir))
    if (S.SKALA.kunci, S.SKALA.baris_awal, S.SKALA.baris_akhir) not in baris:
        raise GalatBuku(
            f"{buku.nama}: tabel pita di lembar Skala harus tetap di baris "
            f"{S.SKALA.baris_awal}–{S.SKALA.baris_akhir} (info skala di baris "
            f"{BARIS_SKALA_INFO})"
        )
    return S.Tata(tuple(baris))


@dataclass
class Bacaan:
    """A workbook read once: methodology, layout, and each table's rows as raw cell values."""

    buku: BukuBaca
    metode: Metode
    tata: S.Tata
    baris: dict[str, list[tuple[int, dict[str, Nilai]]]] = field(default_factory=dict)

    def isi(self, tabel: str) -> list[tuple[int, dict[str, Nilai]]]:
        """Rows with something in the table's key column."""
        t = S.TABEL[tabel]
        return [(r, v) for r, v in self.baris[tabel] if v.get(t.kunci_baris) not in (None, "")]

    @cached_property
    def rumus(self) -> dict[tuple[str, str], str]:
        """`rumus_buku`: the formula of every formula cell."""
        return _rumus_buku(self)

    def rumus_lembar(self, lembar: Iterable[str]) -> dict[tuple[str, str], str]:
        """The formula cells of some sheets only (as `rumus`, without rendering the others)."""
        if "rumus" in self.__dict__:
            pilih = set(lembar)
            return {k: f for k, f in self.rumus.items() if k[0] in pilih}
        kunci = tuple(sorted(set(lembar)))
        simpan = self.__dict__.setdefault("_rumus_lembar", {})
        if kunci not in simpan:
            simpan[kunci] = _rumus_buku(self, set(kunci))
        return simpan[kunci]

    @cached_property
    def cek(self) -> dict[tuple[str, str], tuple[str, str]]:
        """(sheet, cell) -> (check code, column) of every cell compared by recomputation, from
        the declarations (`Kolom.cek`, `SelTetap.cek`); shared by workbooks of one layout (do
        not modify)."""
        return _cek_sel(self.tata)

    @cached_property
    def anak(self) -> dict[int, list[int]]:
        """Children of each budget row (`peta_anak`)."""
        return peta_anak(self.baris["anggaran"])


def baca(buku: BukuBaca) -> Bacaan:
    m = baca_metode(buku)
    tata = cari_tata(buku)
    b = Bacaan(buku, m, tata)
    for kunci in ("renstra", *TABEL_RUMUS):
        t = S.TABEL[kunci]
        awal, akhir = tata.awal(t), tata.akhir(t)
        if akhir < awal:  # a sheet this workbook does not have (`LEMBAR_TAMBAHAN`)
            b.baris[kunci] = []
            continue
        isi = buku.nilai(t.lembar, f"A{awal}:{get_column_letter(len(t.kolom))}{akhir}")
        nama = [k.kunci for k in t.kolom]
        b.baris[kunci] = [
            (awal + i, dict(zip(nama, row)) if len(row) >= len(nama) else _baris(nama, row))
            for i, row in enumerate(isi)
        ]
    return b


def _baris(nama: list[str], row: list[Nilai]) -> dict[str, Nilai]:
    """A short row as {column: value}, missing cells None."""
    return {k: (row[j] if j < len(row) else None) for j, k in enumerate(nama)}


def nilai_tampil(b: Bacaan, sel_sel: list[tuple[str, str]]) -> dict[tuple[str, str], Nilai]:
    """The values the workbook shows now at `sel_sel`: table cells as read, the others read
    in one block per sheet."""
    from collections import defaultdict

    from xlkinerja.buku.antarmuka import pisah_sel

    tabel: dict[str, list[tuple[dict[int, dict[str, Nilai]], dict[str, str]]]] = defaultdict(list)
    for kode, rows in b.baris.items():
        t = S.TABEL[kode]
        tabel[t.lembar].append((dict(rows), {t.huruf(k.kunci): k.kunci for k in t.kolom}))
    out: dict[tuple[str, str], Nilai] = {}
    sisa: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for lembar, sel in sel_sel:
        huruf = sel.rstrip("0123456789")
        r = int(sel[len(huruf) :]) if len(huruf) < len(sel) else 0
        for rows, kolom in tabel.get(lembar, ()):
            if r in rows and huruf in kolom:
                out[(lembar, sel)] = rows[r][kolom[huruf]]
                break
        else:
            sisa[lembar].append(pisah_sel(sel))
    for lembar, sel in sisa.items():
        r1, r2 = min(r for r, _ in sel), max(r for r, _ in sel)
        isi = b.buku.nilai(lembar, f"A{r1}:{get_column_letter(max(c for _, c in sel))}{r2}")
        for i, row in enumerate(isi):
            for j, v in enumerate(row):
                out.setdefault((lembar, f"{get_column_letter(j + 1)}{r1 + i}"), v)
    return out


# -- the Python reference for every formula cell ----------------------------------------------


def rujukan(b: Bacaan, semua: bool = False) -> dict[tuple[str, str], Nilai]:
    """(sheet, cell) -> the value the formula there should show, computed in Python from the
    input cells through the schema's declarations. Without `semua`, only cells compared by
    recomputation (`Kolom.cek`); with it, every formula cell."""
    r = RujukanBertahap(b, semua)
    for kunci in TABEL_RUMUS:
        r.hitung(S.TABEL[kunci].lembar)
    return r.out


class DiNilai(Di):
    """`Di` with the workbook's values: a row of a table, input or computed (`hitungan.Isi`)."""

    def __init__(self, ev: RujukanBertahap, t: S.Tabel, r: int):
        super().__init__(ev.b.metode, ev.b.tata, t, r)
        self.ev = ev

    def sel(self, kolom: str, r: int) -> Nilai:
        return self.ev.sel(self.t.kunci, r, kolom)

    def kolom(self, tabel: str, kolom: str) -> list[Nilai]:
        return self.ev.kolom(tabel, kolom)

    def isi_blok(self, tabel: str, awal: str, akhir: str) -> list[list[Nilai]]:
        return self.ev.blok(tabel, awal, akhir)

    def pengaturan(self, kunci: str) -> Nilai:
        return self.ev.pengaturan(kunci)


class RujukanBertahap:
    """`rujukan(b)` computed table by table as cells are asked for (`get`): a table is
    computed after the tables whose formula columns it reads."""

    def __init__(self, b: Bacaan, semua: bool = False):
        self.b = b
        self.semua = semua
        self.out: dict[tuple[str, str], Nilai] = {}
        self.hasil: dict[tuple[str, int, str], Nilai] = {}
        self.selesai: set[str] = set()  # started
        self.siap: set[str] = set()  # finished
        self._kolom: dict[tuple[str, str], list[Nilai]] = {}
        self._baris: dict[str, dict[int, dict[str, Nilai]]] = {}
        self._luar: dict[tuple[str, str], Nilai] = {}
        self._blok: dict[tuple[str, str, str], list[list[Nilai]]] = {}

    # -- values --------------------------------------------------------------------------
    def sel(self, tabel: str, r: int, kolom: str) -> Nilai:
        """A cell as the workbook should show it: computed, else as read."""
        x = self.hasil.get((tabel, r, kolom), self)
        if x is not self:
            return x  # type: ignore[return-value]
        baris = self._baris.get(tabel)
        if baris is None and tabel in self.b.baris:
            baris = self._baris[tabel] = dict(self.b.baris[tabel])
        if baris is not None and r in baris:
            return baris[r].get(kolom)
        t = S.TABEL[tabel]  # a cell outside the table rows (jenis belanja inputs)
        key = (t.lembar, f"{t.huruf(kolom)}{r}")
        if key not in self._luar:
            self._luar[key] = self.b.buku.nilai(*key)[0][0]
        return self._luar[key]

    def kolom(self, tabel: str, kolom: str) -> list[Nilai]:
        """One column of a table over all its rows, computed first if it holds formulas."""
        v = self._kolom.get((tabel, kolom))
        if v is None:
            if self._dihitung(S.TABEL[tabel], kolom):
                if tabel in self.selesai and tabel not in self.siap:
                    raise RuntimeError(f"deklarasi melingkar: {tabel}.{kolom} dibaca saat dihitung")
                self.tabel(tabel)
            v = [self.sel(tabel, r, kolom) for r, _ in self.b.baris[tabel]]
            self._kolom[(tabel, kolom)] = v
        return v

    def blok(self, tabel: str, awal: str, akhir: str) -> list[list[Nilai]]:
        """Columns `awal`..`akhir` of a table's rows as read (the same list for every row that
        reads it; do not modify)."""
        key = (tabel, awal, akhir)
        v = self._blok.get(key)
        if v is None:
            t = S.TABEL[tabel]
            i, j = t.indeks(awal), t.indeks(akhir)
            nama = [k.kunci for k in t.kolom[i - 1 : j]]
            v = self._blok[key] = [[x.get(k) for k in nama] for _, x in self.b.baris[tabel]]
        return v

    def pengaturan(self, kunci: str) -> Nilai:
        key = ("Pengaturan", kunci)
        if key not in self._luar:
            try:
                self._luar[key] = self.b.buku.nilai_nama(f"xk_{kunci}")
            except GalatBuku:
                self._luar[key] = None
        return self._luar[key]

    # -- computing -----------------------------------------------------------------------
    def _dihitung(self, t: S.Tabel, kolom: str) -> bool:
        k = t.k(kolom)
        return k.hitung is not None or (t.induk is not None and kolom in t.induk.kolom)

    def _perlu(self, cek: str | None) -> bool:
        return self.semua or cek is not None

    def tabel(self, kunci: str) -> None:
        """Compute every formula cell of one table (and of the fixed cells placed by it)."""
        if kunci in self.selesai:
            return
        self.selesai.add(kunci)
        t, m = S.TABEL[kunci], self.b.metode
        kolom = _urut_baris([k for k in t.kolom if k.hitung is not None and self._perlu(k.cek)])
        tetap = [st for st in S.SEL_TETAP if st.tabel == kunci and self._perlu(st.cek)]
        if self.b.tata.akhir(t) < self.b.tata.awal(t):  # a sheet the workbook does not have
            tetap = []
        for h in [k.hitung for k in kolom] + [st.hitung for st in tetap]:
            for lain, kol in sorted(h.dibaca(m)):  # type: ignore[union-attr]
                if lain != kunci and self._dihitung(S.TABEL[lain], kol):
                    self.tabel(lain)
        rows = self.b.baris.get(kunci, [])
        urut = reversed(rows) if t.induk is not None else rows  # children are below parents
        for r, v in urut:
            if t.induk is not None:
                self._induk(t, r, v)
            kosong = v.get(t.kunci_baris) in (None, "")
            d = DiNilai(self, t, r)
            for k in kolom:
                x = "" if kosong else k.hitung.nilai(d)  # type: ignore[union-attr]
                self._taruh(t, r, k.kunci, x, k.cek)
        self.siap.add(kunci)  # rows done: the fixed cells below may read whole columns
        for st in tetap:
            r = getattr(self.b.tata, st.posisi) + st.geser
            self._taruh(t, r, st.kolom, st.hitung.nilai(DiNilai(self, t, r)), st.cek)

    def _induk(self, t: S.Tabel, r: int, v: dict[str, Nilai]) -> None:
        anak = self.b.anak[r]
        if not anak:
            return
        assert t.induk is not None
        for kol in t.induk.kolom:
            nilai = [self.sel(t.kunci, r2, kol) for r2 in anak]
            x = sum(float(n) for n in nilai if is_number(n))
            self._taruh(t, r, kol, x, t.k(kol).cek)

    def _taruh(self, t: S.Tabel, r: int, kolom: str, v: Nilai, cek: str | None) -> None:
        self.hasil[(t.kunci, r, kolom)] = v
        if self._perlu(cek):
            self.out[(t.lembar, f"{t.huruf(kolom)}{r}")] = v

    def hitung(self, lembar: str) -> None:
        for kunci in TABEL_RUMUS:
            if S.TABEL[kunci].lembar == lembar:
                self.tabel(kunci)

    def get(self, key: tuple[str, str], default: Nilai = None) -> Nilai:
        v = self.out.get(key, self)  # a cell's value is final once placed
        if v is not self:
            return v  # type: ignore[return-value]
        self.hitung(key[0])
        return self.out.get(key, default)


def _urut_baris(kolom: list[S.Kolom]) -> list[S.Kolom]:
    """Formula columns in table order, except that a column reading another formula column of
    its own row (e.g. Capaian Tahun Lalu reading Target Tahun Lalu, placed after it) comes after
    that column."""
    ada = {k.kunci: k for k in kolom}
    out: list[S.Kolom] = []
    dilihat: set[str] = set()

    def taruh(k: S.Kolom) -> None:
        if k.kunci in dilihat:
            return
        dilihat.add(k.kunci)
        for _, sumber in k.hitung.masukan if k.hitung is not None else ():
            if isinstance(sumber, Baris) and sumber.kolom in ada:
                taruh(ada[sumber.kolom])
        out.append(k)

    for k in kolom:
        taruh(k)
    return out


def peta_anak(rows: list[tuple[int, dict[str, Nilai]]]) -> dict[int, list[int]]:
    """For each budget row, the rows its parent formula sums: rows below it at the next level
    (Program: Kegiatan, Kegiatan: Sub Kegiatan) whose code matches `kode.*` (SUMIFS criteria)."""
    tingkat = {"kegiatan": [], "sub kegiatan": []}  # rows per level, as the criterion matches
    for r2, v2 in rows:
        t = v2["tingkat"]
        if isinstance(t, str) and not isinstance(t, Galat) and t.lower() in tingkat:
            tingkat[t.lower()].append((r2, v2["kode"]))
    out: dict[int, list[int]] = {}
    for r, v in rows:
        anak = {"Program": "kegiatan", "Kegiatan": "sub kegiatan"}.get(str(v["tingkat"]))
        if not anak or v["kode"] in (None, ""):
            out[r] = []
            continue
        pref = f"{v['kode']}.*"
        awal = pref[:-1]
        if "*" in awal or "?" in awal or not awal.isascii():
            cocok = kriteria(pref)
        else:  # an ASCII literal prefix, compared without case: no regex per row
            awal, n = awal.lower(), len(awal)
            cocok_pola = kriteria(pref)

            def cocok(k: Nilai, awal: str = awal, n: int = n, pola=cocok_pola) -> bool:
                if not isinstance(k, str) or isinstance(k, Galat) or len(k) < n:
                    return False
                if not k[:n].isascii():
                    return pola(k)
                return k[:n].lower() == awal

        out[r] = [r2 for r2, k in tingkat[anak] if r2 > r and cocok(k)]
    return out


def rumus_buku(b: Bacaan) -> dict[tuple[str, str], str]:
    """The formula every formula cell should hold under the workbook's methodology and layout
    (computed once per reading; do not modify the dict)."""
    return b.rumus


def _rumus_buku(b: Bacaan, lembar: set[str] | None = None) -> dict[tuple[str, str], str]:

    m, tata = b.metode, b.tata
    out: dict[tuple[str, str], str] = {}
    for kunci in TABEL_RUMUS:
        t = S.TABEL[kunci]
        if lembar is not None and t.lembar not in lembar:
            continue
        pola = [
            (t.huruf(k.kunci), pola_kolom(m, kunci, k.kunci, tata)) for k in t.kolom if not k.isian
        ]
        for r in range(tata.awal(t), tata.akhir(t) + 1):
            for c, p in pola:
                f = p.rumus(r)
                if f:
                    out[(t.lembar, f"{c}{r}")] = f
    rows = b.baris["anggaran"] if lembar is None or S.ANGGARAN.lembar in lembar else []
    for r, v in rows:
        if b.anak[r]:
            for kol in ("pagu", "realisasi"):
                f = rumus_induk(kol, r, str(v["tingkat"]), tata)
                out[(S.ANGGARAN.lembar, f"{S.ANGGARAN.huruf(kol)}{r}")] = f
    tetap = rumus_tetap(m, tata)
    out.update(tetap if lembar is None else {k: f for k, f in tetap.items() if k[0] in lembar})
    return out


@functools.lru_cache(maxsize=64)
def _cek_sel(tata: S.Tata) -> dict[tuple[str, str], tuple[str, str]]:
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for kunci in TABEL_RUMUS:
        t = S.TABEL[kunci]
        induk = t.induk.kolom if t.induk is not None else ()
        for k in t.kolom:
            if k.cek is not None and (k.hitung is not None or k.kunci in induk):
                c = t.huruf(k.kunci)
                for r in range(tata.awal(t), tata.akhir(t) + 1):
                    out[(t.lembar, f"{c}{r}")] = (k.cek, k.kunci)
    for st in S.SEL_TETAP:
        if st.cek is not None:
            t = S.TABEL[st.tabel]
            r = getattr(tata, st.posisi) + st.geser
            out[(t.lembar, f"{t.huruf(st.kolom)}{r}")] = (st.cek, st.kolom)
    return out
