"""`Buku` over a file with openpyxl: reads cached values, writes formulas, saves safely."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import range_boundaries
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple

from xlkinerja.buku.aman import baca_aman, galat_tulis
from xlkinerja.buku.antarmuka import Buku, GalatBuku, tampilan_tautan
from xlkinerja.buku.baca_cepat import IsiBuku, TidakDidukung, baca_isi, sel_persen_openpyxl
from xlkinerja.inti.rumus import Nilai

PART_RIBBON = "customUI/customUI14.xml"


def _kosong_ke_none(v: Nilai) -> Nilai:
    return None if v == "" else v


def _isi_rentang(ws, rentang: str) -> list[list[Nilai]]:
    """Values of a range, row by row, as `ws[rentang]` gives them, without creating the empty
    cells (`ws["A1:A5000"]` would add 5000 cells to the sheet and takes most of Periksa's time)."""
    c1, r1, c2, r2 = range_boundaries(rentang.replace("$", ""))
    sel = ws._cells  # openpyxl < 3.2 keeps cells in {(row, col): Cell}
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
            if self._isi is None:
                self._nilai  # noqa: B018 - load now: an unreadable file fails here
        except Exception as e:  # noqa: BLE001 - a damaged part fails in many ways
            raise self._galat_buka(e) from None
        self.pesan_pesan: list[str] = []

    def _galat_buka(self, e: Exception) -> GalatBuku:
        if isinstance(e, GalatBuku):  # already a message (berkas_aman)
            return e
        return GalatBuku(
            f"{self.nama}: tidak dapat dibuka sebagai buku kerja Excel (.xlsx/.xlsm): {e}. "
            "Periksa bahwa berkas tidak rusak dan memang berkas Excel."
        )

    @functools.cached_property
    def _nilai(self) -> openpyxl.Workbook:
        """The cached values through openpyxl: loaded on the first write (writes go to it), or
        when the fast reader (`_baca_cepat`) cannot read the file."""
        try:
            return openpyxl.load_workbook(io.BytesIO(self.data), data_only=True)
        except Exception as e:  # noqa: BLE001 - a damaged part fails in many ways
            raise self._galat_buka(e) from None

    def _cepat(self) -> IsiBuku | None:
        """The values read by the fast reader, as long as openpyxl's copy is not loaded (after
        a write that copy is the truth)."""
        return None if "_nilai" in self.__dict__ else self._isi

    @functools.cached_property
    def _wb(self) -> openpyxl.Workbook:
        """The workbook with formulas and VBA, loaded when first needed: reading values (all
        that Periksa needs) uses the cached-values copy only, which halves the load time."""
        try:
            return openpyxl.load_workbook(io.BytesIO(self.data), keep_vba=True)
        except Exception as e:  # noqa: BLE001 - a damaged part fails in many ways
            raise self._galat_buka(e) from None

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
        """(row, col) of the cells of a sheet that hold a formula in the file, from the same
        fast read as the values (no second load); None when that read is not available (the
        file needed openpyxl, or something was written): use `rumus` then."""
        isi = self._cepat()
        return None if isi is None or lembar not in isi.rumus else isi.rumus[lembar]

    def rumus(self, lembar: str, rentang: str) -> list[list[Nilai]]:
        """Formulas ('=...') where cells hold them, else the typed values."""
        return _isi_rentang(self._ws(self._wb, lembar), rentang)

    def sel_nama(self, nama: str) -> tuple[str, str] | None:
        isi = self._cepat()
        if isi is not None and isi.nama.get(nama) is not None:
            return isi.nama[nama]
        if isi is not None and nama not in isi.nama:
            return None
        return tujuan_nama(self._nilai, nama)  # same names in both copies

    def _tulis(self, lembar: str, sel: str, isi: Nilai) -> None:
        self._ws(self._wb, lembar)[sel].value = isi
        self._ws(self._nilai, lembar)[sel].value = tampilan_tautan(isi)

    def _warnai(self, lembar: str, sel: str, warna: str | None) -> None:
        c = self._ws(self._wb, lembar)[sel]
        c.fill = PatternFill("solid", fgColor=warna) if warna else PatternFill(fill_type=None)

    def _catatan(self, lembar: str, sel: str, teks: str | None) -> None:
        c = self._ws(self._wb, lembar)[sel]
        c.comment = Comment(teks, "xlkinerja", width=300, height=120) if teks else None

    def warna(self, lembar: str, sel: str) -> str | None:
        f = self._ws(self._wb, lembar)[sel].fill
        return f.fgColor.rgb[-6:] if f is not None and f.fill_type == "solid" else None

    def catatan(self, lembar: str, sel: str) -> str | None:
        c = self._ws(self._wb, lembar)[sel].comment
        return c.text if c else None

    def pesan(self, teks: str) -> None:
        self.pesan_pesan.append(teks)

    def _mulai(self) -> None:
        pass  # openpyxl writes through sheet protection

    def ke_bytes(self) -> bytes:
        """The workbook as written: the ribbon part put back (openpyxl drops its link), every
        formula's value stored as its cached value, and Excel asked to recalculate on open."""
        from xlkinerja.buku.paket import isi_nilai_tersimpan, pulihkan_ribbon
        from xlkinerja.mesin.evaluasi import hitung

        buf = io.BytesIO()
        # Excel recalculates every formula when the file is opened.
        self._wb.calculation.fullCalcOnLoad = True
        self._wb.save(buf)
        data = buf.getvalue()
        with zipfile.ZipFile(io.BytesIO(self.data)) as z:
            if PART_RIBBON in z.namelist():
                data = pulihkan_ribbon(data, z.read(PART_RIBBON).decode("utf-8"))
        return isi_nilai_tersimpan(data, hitung(self._wb).nilai)

    def tutup(self) -> None:
        """Release the copy of the VBA project openpyxl keeps open (an in-memory zip) once the
        workbook is no longer needed; reading and writing after this are not possible."""
        wb = self.__dict__.get("_wb")
        arsip = getattr(wb, "vba_archive", None)
        if arsip is not None:
            with contextlib.suppress(OSError, ValueError):  # already closed: nothing to release
                arsip.close()

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
