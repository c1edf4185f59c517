"""`Buku` over a file: values read fast (openpyxl when needed), writes recorded, and saved by
`tulis_xml` (only the changed cells rewritten), atomically and with a backup when in place."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import io
import os
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.utils import range_boundaries
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple, get_column_letter

from xlkinerja.buku.aman import baca_aman, galat_tulis
from xlkinerja.buku.antarmuka import (
    TANPA_NILAI,
    Buku,
    GalatBuku,
    Rencana,
    pisah_sel,
    tampilan_tautan,
)
from xlkinerja.buku.baca_cepat import IsiBuku, TidakDidukung, baca_isi, sel_persen_openpyxl
from xlkinerja.buku.tulis_xml import Isi, Penulis, Perubahan, rujukan_rumus
from xlkinerja.inti.rumus import Nilai

Sel = tuple[str, tuple[int, int]]  # (sheet, (row, col))


def _rumus(isi: Nilai) -> bool:
    return isinstance(isi, str) and isi.startswith("=")


def _sama(a: Nilai, b: Nilai) -> bool:
    """Equal as stored values: "" and None alike, 1 and 1.0 alike, True and 1 not."""
    a = None if a == "" else a
    b = None if b == "" else b
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b and (a is None) == (b is None)


def _kata(lembar: set[str], nama: dict[str | None, dict[str, str]]) -> set[str]:
    """Words (case-folded) a formula that may read a cell of `lembar` must contain: a sheet
    name, a defined name that names one or is not a plain reference, INDIRECT, OFFSET, or "["
    (tables, other workbooks)."""
    kata = {t.casefold() for t in lembar}
    for isi_nama in nama.values():
        for n, isi in isi_nama.items():
            isi = isi.casefold()
            if any(k in isi for k in kata) or "(" in isi or "!" not in isi:
                kata.add(n.casefold())
    return kata | {"indirect", "offset", "["}


def _kena(kotak: list | None, berubah: dict[str, dict[int, list[int]]]) -> bool:
    """Whether a formula reading `kotak` (None: anything) reads a changed cell."""
    if kotak is None:
        return True
    for lembar, r1, c1, r2, c2 in kotak:
        kolom = berubah.get(lembar)
        if not kolom:
            continue
        for c, rows in kolom.items():
            if c1 <= c <= c2:
                i = bisect.bisect_left(rows, r1)
                if i < len(rows) and rows[i] <= r2:
                    return True
    return False


def _kosong_ke_none(v: Nilai) -> Nilai:
    return None if v == "" else v


def _isi_rentang(ws, rentang: str) -> list[list[Nilai]]:
    """Values of a range, row by row, as `ws[rentang]` gives them, without creating the empty
    cells (`ws["A1:A5000"]` would add 5000 cells to the sheet and takes most of Periksa's time)."""
    from xlkinerja.mesin.evaluasi import peta_sel  # formulas and numpy: only on this path

    c1, r1, c2, r2 = range_boundaries(rentang.replace("$", ""))
    sel = peta_sel(ws)
    kosong = [None] * (c2 - c1 + 1)
    akhir = min(r2, ws.max_row) if r2 - r1 > 100 else r2  # max_row scans every cell
    out = []
    for r in range(r1, r2 + 1):
        if r > akhir:
            out.append(list(kosong))
            continue
        baris = []
        for c in range(c1, c2 + 1):
            cell = sel.get((r, c))
            baris.append(None if cell is None else cell.value)
        out.append(baris)
    return out


def _isi_dict(sel: dict[tuple[int, int], Nilai], maks: int, rentang: str) -> list[list[Nilai]]:
    """Values of a range from {(row, col): value}, shaped as `_isi_rentang` gives them."""
    if ":" not in rentang:
        return [[sel.get(coordinate_to_tuple(rentang.replace("$", "")))]]
    c1, r1, c2, r2 = range_boundaries(rentang.replace("$", ""))
    kolom = range(c1, c2 + 1)
    akhir = min(r2, maks)
    out = [[sel.get((r, c)) for c in kolom] for r in range(r1, akhir + 1)]
    out += [[None] * len(kolom) for _ in range(max(0, r2 - max(akhir, r1 - 1)))]
    return out


def _baca_cepat(data: bytes, bagian: dict[str, bytes] | None = None) -> IsiBuku | None:
    try:
        return baca_isi(data, bagian)
    except TidakDidukung:
        return None


def tujuan_nama(wb: openpyxl.Workbook, nama: str) -> tuple[str, str] | None:
    """(sheet, cell) a workbook-level defined name points to, through openpyxl."""
    dn = wb.defined_names.get(nama)
    if dn is None:
        return None
    for lembar, ref in dn.destinations:
        return lembar, ref.replace("$", "")
    return None


class BukuBerkas(Buku):
    """A workbook file. Nothing touches the file until `simpan` writes a copy (or, when asked,
    the file itself after a timestamped backup)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.nama = self.path.name
        try:
            bagian: dict[str, bytes] = {}
            self.data = baca_aman(self.path, bagian)  # limits, clean messages (berkas_aman)
            self._isi = _baca_cepat(self.data, bagian)
            self._bagian = bagian  # decompressed once: the writer reads them too
            if self._isi is None:
                self._nilai  # noqa: B018 - load now: an unreadable file fails here
        except Exception as e:  # noqa: BLE001 - a damaged part fails in many ways
            raise self._galat_buka(e) from None
        self.pesan_pesan: list[str] = []
        self._ubah: dict[str, dict[tuple[int, int], Nilai]] = {}  # written: value or "=formula"
        self._asli: dict[str, dict[tuple[int, int], Nilai]] = {}  # values before the writes
        self._nilai_dikenal: dict[Sel, Nilai] = {}  # formula values the actions computed
        self._warna: dict[str, dict[tuple[int, int], str | None]] = {}
        self._catatan_baru: dict[str, dict[tuple[int, int], str | None]] = {}
        # what the actions computed from this workbook, for the next action (`tulisan` says
        # what was written since); cleared by `tutup`
        self.simpanan: dict[str, object] = {}

    def _galat_buka(self, e: Exception) -> GalatBuku:
        if isinstance(e, GalatBuku):  # already a message (berkas_aman)
            return e
        return GalatBuku(
            f"{self.nama}: tidak dapat dibuka sebagai buku kerja Excel (.xlsx/.xlsm): {e}. "
            "Periksa bahwa berkas tidak rusak dan memang berkas Excel."
        )

    @functools.cached_property
    def _nilai(self) -> openpyxl.Workbook:
        """The cached values through openpyxl, when the fast reader (`_baca_cepat`) cannot read
        the file; writes then go to it."""
        try:
            return openpyxl.load_workbook(io.BytesIO(self.data), data_only=True)
        except Exception as e:  # noqa: BLE001 - a damaged part fails in many ways
            raise self._galat_buka(e) from None

    def _cepat(self) -> IsiBuku | None:
        """The values read by the fast reader (writes applied), unless openpyxl's copy is
        loaded."""
        return None if "_nilai" in self.__dict__ else self._isi

    def lembar(self) -> list[str]:
        isi = self._cepat()
        return list(isi.lembar if isi is not None else self._nilai.sheetnames)

    def _ws(self, wb: openpyxl.Workbook, lembar: str):
        if lembar not in wb.sheetnames:
            raise GalatBuku(
                f"{self.nama}: lembar '{lembar}' tidak ada; buku kerja ini bukan "
                "templat xlkinerja atau lembarnya diganti nama"
            )
        return wb[lembar]

    def nilai(self, lembar: str, rentang: str) -> list[list[Nilai]]:
        isi = self._cepat()
        if isi is None:
            return _isi_rentang(self._ws(self._nilai, lembar), rentang)
        if lembar not in isi.sel:
            self._ws(self._nilai, lembar)  # the same message as openpyxl's path
        return _isi_dict(isi.sel[lembar], isi.baris_maks.get(lembar, 0), rentang)

    def baris_akhir(self, lembar: str) -> int | None:
        isi = self._cepat()
        return None if isi is None else isi.baris_maks.get(lembar)

    def kolom(self, lembar: str, kolom: str, akhir: int) -> list[Nilai]:
        isi = self._cepat()
        if isi is None or lembar not in isi.sel:
            return super().kolom(lembar, kolom, akhir)
        sel, c = isi.sel[lembar], column_index_from_string(kolom)
        n = min(akhir, isi.baris_maks.get(lembar, 0))
        return [sel.get((r, c)) for r in range(1, n + 1)] + [None] * (akhir - max(n, 0))

    def sel_persen(self, lembar: str, rentang: str) -> set[tuple[int, int]] | None:
        isi = self._cepat()
        if isi is None or lembar not in isi.persen:
            return sel_persen_openpyxl(self._ws(self._nilai, lembar), rentang)
        c1, r1, c2, r2 = range_boundaries(rentang.replace("$", ""))
        return {(r, c) for r, c in isi.persen[lembar] if r1 <= r <= r2 and c1 <= c <= c2}

    def sel_berumus(self, lembar: str) -> set[tuple[int, int]] | None:
        """(row, col) of the cells of a sheet that hold a formula (writes included), from the
        same fast read as the values (no second load); None when that read is not available
        (the file needed openpyxl): use `rumus` then."""
        isi = self._cepat()
        return None if isi is None or lembar not in isi.rumus else isi.rumus[lembar]

    def rumus(self, lembar: str, rentang: str) -> list[list[Nilai]]:
        """Formulas ('=...') where cells hold them, else the typed values (writes included)."""
        self._pastikan_lembar(lembar)
        sel = dict(self._isi_lembar(lembar))
        sel.update({k: "=" + v for k, v in self._penulis.rumus(lembar).items()})
        for k, v in self._ubah.get(lembar, {}).items():
            if v is None:
                sel.pop(k, None)
            else:
                sel[k] = v
        return _isi_dict(sel, max((r for r, _ in sel), default=0), rentang)

    def sel_nama(self, nama: str) -> tuple[str, str] | None:
        isi = self._cepat()
        if isi is not None and isi.nama.get(nama) is not None:
            return isi.nama[nama]
        if isi is not None and nama not in isi.nama:
            return None
        return tujuan_nama(self._nilai, nama)  # same names in both copies

    # -- writes: recorded here, written by `tulis_xml` on saving ----------------------------------

    def _pastikan_lembar(self, lembar: str) -> None:
        isi = self._cepat()
        if isi is not None and lembar in isi.sel:
            return
        if lembar not in self.lembar():
            raise GalatBuku(
                f"{self.nama}: lembar '{lembar}' tidak ada; buku kerja ini bukan "
                "templat xlkinerja atau lembarnya diganti nama"
            )

    def _isi_lembar(self, lembar: str) -> dict[tuple[int, int], Nilai]:
        """{(row, col): value shown} of a sheet, as it is now (writes included)."""
        isi = self._cepat()
        if isi is not None:
            return isi.sel[lembar]
        from xlkinerja.mesin.evaluasi import peta_sel

        ws = self._ws(self._nilai, lembar)
        return {k: c.value for k, c in peta_sel(ws).items() if c.value is not None}

    def terapkan(self, rencana: Rencana) -> None:
        for t in rencana.tulis:  # values the action computed: the formulas' cached values
            k = (t.lembar, pisah_sel(t.sel))
            if t.nilai is TANPA_NILAI:
                self._nilai_dikenal.pop(k, None)
            else:
                self._nilai_dikenal[k] = t.nilai
        super().terapkan(rencana)

    def _tulis(self, lembar: str, sel: str, isi: Nilai) -> None:
        self._pastikan_lembar(lembar)
        rc = pisah_sel(sel)
        asli = self._asli.setdefault(lembar, {})
        tampil = tampilan_tautan(isi)
        cepat = self._cepat()
        if cepat is not None:
            d = cepat.sel[lembar]
            if rc not in asli:
                asli[rc] = d.get(rc)
            if tampil is None:
                d.pop(rc, None)
            else:
                d[rc] = tampil
                if rc[0] > cepat.baris_maks.get(lembar, 0):
                    cepat.baris_maks[lembar] = rc[0]
            rumus = cepat.rumus.setdefault(lembar, set())
            if isinstance(isi, str) and isi.startswith("="):
                rumus.add(rc)
            else:
                rumus.discard(rc)
        else:
            c = self._ws(self._nilai, lembar)[sel]
            if rc not in asli:
                asli[rc] = c.value
            c.value = tampil
        self._ubah.setdefault(lembar, {})[rc] = isi

    def tulisan(self) -> dict[str, dict[tuple[int, int], Nilai]]:
        """The writes applied so far: sheet -> {(row, col): value or '=formula'} (do not
        modify)."""
        return self._ubah

    def _warnai(self, lembar: str, sel: str, warna: str | None) -> None:
        self._pastikan_lembar(lembar)
        self._warna.setdefault(lembar, {})[pisah_sel(sel)] = warna

    def _catatan(self, lembar: str, sel: str, teks: str | None) -> None:
        self._pastikan_lembar(lembar)
        self._catatan_baru.setdefault(lembar, {})[pisah_sel(sel)] = teks

    def warna(self, lembar: str, sel: str) -> str | None:
        rc = pisah_sel(sel)
        if rc in self._warna.get(lembar, {}):
            w = self._warna[lembar][rc]
            return w.upper() if w else None
        self._pastikan_lembar(lembar)
        return self._penulis.warna(lembar, *rc)

    def catatan(self, lembar: str, sel: str) -> str | None:
        rc = pisah_sel(sel)
        if rc in self._catatan_baru.get(lembar, {}):
            return self._catatan_baru[lembar][rc]
        self._pastikan_lembar(lembar)
        return self._penulis.catatan(lembar).get(rc)

    def pesan(self, teks: str) -> None:
        self.pesan_pesan.append(teks)

    @functools.cached_property
    def _penulis(self) -> Penulis:
        return Penulis(self.data, self._bagian)

    def ke_bytes(self) -> bytes:
        """The workbook as written (`tulis_xml`): the cells, fills and notes changed, every
        other part as it was, every written formula with its cached value, and Excel asked to
        recalculate on open."""
        p = Perubahan(warna=self._warna, catatan=self._catatan_baru)
        ditulis, tergantung = self._nilai_rumus()
        for lembar, ubah in self._ubah.items():
            d = p.isi.setdefault(lembar, {})
            for rc, isi in ubah.items():
                if _rumus(isi):
                    d[rc] = Isi(ditulis.get((lembar, rc), TANPA_NILAI), isi[1:])
                else:
                    d[rc] = Isi(isi)
        for (lembar, rc), (teks, v) in tergantung.items():  # formulas reading what was written
            p.isi.setdefault(lembar, {})[rc] = Isi(v, teks)
        return self._penulis.tulis(p)

    def _rumus_tersimpan(self, lembar: str) -> set[tuple[int, int]]:
        """Cells of a sheet that hold a formula in the file and were not written."""
        cepat = self._cepat()
        if cepat is not None:
            posisi = cepat.rumus.get(lembar, set())
        else:
            try:
                posisi = set(self._penulis.rumus(lembar))
            except GalatBuku:  # a chartsheet: no cells
                return set()
        return posisi - self._ubah.get(lembar, {}).keys()

    def _nilai_rumus(
        self,
    ) -> tuple[dict[Sel, Nilai], dict[Sel, tuple[str, Nilai]]]:
        """Cached values of the formulas written: the action's value (the Python reference)
        where it gave one, a link's text, the stored value where the formula and everything it
        reads are unchanged (`TANPA_NILAI`), else computed by `evaluasi.hitung_sel`; and the
        formulas not written that read a changed cell, recomputed (left alone when the engine
        cannot compute them). Only what a change can reach is computed."""
        ditulis: dict[Sel, Nilai] = {}
        berubah: dict[str, dict[int, list[int]]] = {}  # sheet -> column -> rows changed
        tunda: dict[Sel, str] = {}

        def ubah(lembar: str, rc: tuple[int, int]) -> None:
            berubah.setdefault(lembar, {}).setdefault(rc[1], []).append(rc[0])

        for lembar, isi_lembar in self._ubah.items():
            asli = self._asli.get(lembar, {})
            for rc, isi in isi_lembar.items():
                if not _rumus(isi):
                    if not _sama(isi, asli.get(rc)):
                        ubah(lembar, rc)
                    continue
                v = self._nilai_dikenal.get((lembar, rc), TANPA_NILAI)
                if v is TANPA_NILAI:
                    v = tampilan_tautan(isi)
                    v = TANPA_NILAI if v is None else v
                if v is TANPA_NILAI:
                    tunda[(lembar, rc)] = isi[1:]
                    continue
                ditulis[(lembar, rc)] = v
                if not _sama(v, asli.get(rc)):
                    ubah(lembar, rc)
        pn = self._penulis
        harus = {k: t for k, t in tunda.items() if not pn.rumus_tetap(k[0], *k[1], t)}
        for lembar, rc in harus:
            ubah(lembar, rc)
        if not berubah:
            return ditulis, {}
        for c in berubah.values():
            for rows in c.values():
                rows.sort()
        # Formulas that may read a changed cell, to a fixed point. A formula is scanned only
        # if it is on a changed sheet or its text names one (or a name, INDIRECT ...).
        judul, nama = self.lembar(), pn.nama()
        calon: dict[Sel, str | None] = {k: t for k, t in tunda.items() if k not in harus}
        kotak: dict[Sel, list | None] = {}
        dilihat: set[str] = set()
        while True:
            kata = _kata(set(berubah), nama)
            for lembar in judul:
                if lembar not in dilihat and (
                    lembar in berubah or self._mungkin_membaca(lembar, kata)
                ):
                    dilihat.add(lembar)
                    for rc in self._rumus_tersimpan(lembar):
                        calon.setdefault((lembar, rc), None)
            baru = []
            for k, t in calon.items():
                if k in harus:
                    continue
                if t is None:
                    t = calon[k] = pn.rumus(k[0], *k[1]) or ""
                if k[0] not in berubah and not any(w in t.casefold() for w in kata):
                    continue
                if k not in kotak:
                    kotak[k] = rujukan_rumus(t, k[0], judul, nama)
                if t and _kena(kotak[k], berubah):
                    baru.append(k)
            if not baru:
                break
            for k in baru:
                harus[k] = calon[k]
                bisect.insort(berubah.setdefault(k[0], {}).setdefault(k[1][1], []), k[1][0])
        if not harus:
            return ditulis, {}
        for k, t in harus.items():
            if k not in kotak:
                kotak[k] = rujukan_rumus(t, k[0], judul, nama)
        hasil = self._hitung(harus, ditulis, tunda, {k: kotak[k] for k in harus})
        tergantung: dict[Sel, tuple[str, Nilai]] = {}
        for k, t in harus.items():
            s = (k[0], f"{get_column_letter(k[1][1])}{k[1][0]}")
            v = hasil.nilai.get(s)
            bisa = s not in hasil.galat and s not in hasil.tidak_didukung and str(v) != "#CIRC!"
            if k in tunda:
                ditulis[k] = v if bisa else TANPA_NILAI
            elif bisa:
                tergantung[k] = (t, v)
        return ditulis, tergantung

    def _mungkin_membaca(self, lembar: str, kata: set[str]) -> bool:
        """Whether a formula of `lembar` (not a changed sheet) may name one of `kata`: a cheap
        look at its formula texts before reading them one by one."""
        posisi = self._rumus_tersimpan(lembar)
        if not posisi:
            return False
        if len(posisi) <= 64:  # a few formulas: they are read one by one anyway
            return True
        try:
            if all(k.isascii() and not any(x in k for x in "&<>\"'") for k in kata):
                teks_b = self._penulis.teks_rumus(lembar)  # stored: ASCII words appear as is
                return any(k.encode() in teks_b for k in kata)
            teks = self._penulis.teks_rumus(lembar, urai=True)
        except GalatBuku:  # a chartsheet
            return False
        return any(k in teks for k in kata)

    def _hitung(self, harus: dict, ditulis: dict, tunda: dict, kotak: dict):
        """`evaluasi.hitung_sel` of the formulas `harus` over the values the workbook will
        hold (written values, stored values elsewhere), reading only the sheets they read."""
        from xlkinerja.mesin.evaluasi import hitung_sel

        if any(v is None for v in kotak.values()):
            lembar = set(self.lembar())
        else:
            lembar = {k[0] for k in harus} | {b[0] for v in kotak.values() for b in v}
        konstanta = []
        for t in lembar:
            try:
                isi = self._isi_lembar(t)
            except (GalatBuku, KeyError):
                continue
            konstanta += [(t, r, c, v) for (r, c), v in isi.items() if (t, (r, c)) not in harus]
        for (t, (r, c)), v in ditulis.items():
            if t in lembar:
                konstanta.append((t, r, c, v))
        for t, (r, c) in tunda:
            if t in lembar and (t, (r, c)) not in harus:
                konstanta.append((t, r, c, self._asli[t].get((r, c))))
        rumus = [(t, r, c, teks) for (t, (r, c)), teks in harus.items()]
        return hitung_sel(self.lembar(), konstanta, rumus, self._penulis.nama())

    def tutup(self) -> None:
        """Release what the workbook holds (nothing is open once saved)."""
        self.__dict__.pop("_penulis", None)
        self._bagian = {}
        self.simpanan = {}

    @galat_tulis
    def simpan(self, tujuan: str | Path | None = None, timpa: bool = False) -> Path:
        """Write to `tujuan` (a new file). With `timpa`, write over the input file after
        copying it to `<nama>.<waktu>.bak`. The write is atomic (temporary file + rename)."""
        if tujuan is None and not timpa:
            raise GalatBuku("tentukan berkas tujuan, atau izinkan menimpa berkas asli (--tulis)")
        target = self.path if tujuan is None else Path(tujuan)
        data = self.ke_bytes()
        if target.resolve() == self.path.resolve():
            if not timpa:
                raise GalatBuku(f"{self.nama}: menolak menimpa berkas masukan tanpa izin")
            if self.path.read_bytes() != self.data:  # another run or Excel saved it meanwhile
                raise GalatBuku(
                    f"{self.nama}: berkas berubah sejak dibaca (disimpan oleh proses atau "
                    "pengguna lain); tidak ditimpa. Jalankan lagi pada berkas terbaru"
                )
            self._cadangkan()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".xlk-", suffix=target.suffix, dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, self.path.stat().st_mode & 0o777)  # mkstemp makes files private
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def _cadangkan(self) -> Path:
        """Copy the input as read to `<nama>.<waktu>[-n].bak`, never over an existing backup."""
        waktu = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        for n in range(1000):
            akhiran = f"-{n}" if n else ""
            cadangan = self.path.with_name(f"{self.path.name}.{waktu}{akhiran}.bak")
            try:
                with open(cadangan, "xb") as f:  # exclusive: concurrent runs get their own
                    f.write(self.data)
                return cadangan
            except FileExistsError:
                continue
        raise GalatBuku(f"{self.nama}: terlalu banyak cadangan untuk waktu {waktu}")

    @staticmethod
    def _kosong(v: Nilai) -> Nilai:
        return _kosong_ke_none(v)
