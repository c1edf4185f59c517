"""A plain table in a user's own workbook (indicators, or the budget tree) mapped onto the
template's columns: the header row found by its Indonesian words, numbers read as Indonesians
write them, every cell that could not be read named. The user's file is only read."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from xlkinerja.buku.aman import baca_aman
from xlkinerja.buku.antarmuka import GalatBuku
from xlkinerja.inti.angka import TIDAK_ADA, baca_angka, format_angka, tebak_desimal
from xlkinerja.templat import skema as S
from xlkinerja.tukar.format import FORMAT, VERSI
from xlkinerja.tukar.nilai import JUMLAH_ANAK, ke_json

# header words per template column, most specific first; a header cell matches the first
# column whose words it contains
KATA: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "pengukuran": (
        ("kode_sasaran", ("kode sasaran",)),
        ("kode", ("kode indikator", "kode", "no")),
        ("indikator", ("indikator",)),
        ("satuan", ("satuan",)),
        ("polaritas", ("polaritas", "polarisasi")),
        ("target", ("target",)),
        ("pembilang", ("pembilang",)),
        ("penyebut", ("penyebut",)),
        ("realisasi", ("realisasi",)),
        ("keterangan", ("keterangan", "ket")),
    ),
    "anggaran": (
        ("tingkat", ("tingkat", "level")),
        ("sasaran", ("mendukung sasaran", "kode sasaran", "sasaran")),
        ("kode", ("kode rekening", "kode", "no rek")),
        ("uraian", ("program", "kegiatan", "uraian", "nama")),
        ("realisasi", ("realisasi",)),
        ("pagu", ("pagu", "anggaran", "alokasi", "dpa")),
        ("keterangan", ("keterangan", "permasalahan", "ket")),
    ),
}
ANGKA = {"target", "realisasi", "pembilang", "penyebut", "pagu"}
# Permendagri 90 codes: program X.XX.XX, kegiatan + .X.XX, sub kegiatan + .XXXX
_TINGKAT_KODE = {3: "Program", 5: "Kegiatan", 6: "Sub Kegiatan"}
_TINGKAT_URAIAN = (
    ("sub kegiatan", "Sub Kegiatan"),
    ("kegiatan", "Kegiatan"),
    ("program", "Program"),
)
TEKS = {"kode", "kode_sasaran", "sasaran", "tingkat"}  # codes stay text ("1", "2.1")


@dataclass
class Pemetaan:
    """What was found: the sheet, header row, column mapping, rows (template keys), problems."""

    berkas: str
    lembar: str
    tabel: str
    baris_judul: int
    kolom: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (letter, header)
    baris: list[dict] = field(default_factory=list)
    masalah: list[str] = field(default_factory=list)
    diabaikan: list[str] = field(default_factory=list)  # headers mapped to nothing

    def data(self) -> dict:
        """The rows as a file of the interchange format."""
        return {"format": FORMAT, "versi": VERSI, "tabel": {self.tabel: self.baris}}

    def pratinjau(self) -> str:
        t = S.TABEL[self.tabel]
        out = [
            f"{self.berkas}, lembar {self.lembar}: baris judul {self.baris_judul}, "
            f"{len(self.baris)} baris data → tabel '{t.judul}' (lembar {t.lembar})"
        ]
        for k, (huruf, judul) in self.kolom.items():
            out.append(f"  kolom {huruf} “{judul}” → {t.k(k).judul}")
        for j in self.diabaikan:
            out.append(f"  {j}: tidak dipakai")
        if self.masalah:
            out.append(f"{len(self.masalah)} sel tidak terbaca atau perlu dicek:")
            out += [f"  {m}" for m in self.masalah]
        return "\n".join(out)


def _normal(v: object) -> str:
    return re.sub(r"[^a-z0-9 ]+", " ", str(v).lower()).strip() if v is not None else ""


def _cocok(judul: str, tabel: str) -> str | None:
    n = f" {_normal(judul)} "
    for kunci, kata in KATA[tabel]:
        if any(f" {k} " in n or n.strip().startswith(k) for k in kata):
            return kunci
    return None


def _cari_judul(baris: list[list[object]], tabel: str | None) -> tuple[int, str] | None:
    """(row index, table) of the row with the most header words (at least two)."""
    terbaik: tuple[int, int, str] | None = None
    for i, row in enumerate(baris[:40]):
        for t in (tabel,) if tabel else tuple(KATA):
            n = len({_cocok(v, t) for v in row if isinstance(v, str)} - {None})
            if n >= 2 and (terbaik is None or n > terbaik[0]):
                terbaik = (n, i, t)
    return (terbaik[1], terbaik[2]) if terbaik else None


def _tingkat(kode: object, uraian: object) -> str | None:
    if isinstance(kode, str) and re.fullmatch(r"[\dA-Za-z]+(\.[\dA-Za-z]+)*", kode.strip()):
        t = _TINGKAT_KODE.get(len(kode.strip().split(".")))
        if t:
            return t
    u = _normal(uraian)
    for awal, t in (
        ("sub kegiatan", "Sub Kegiatan"),
        ("kegiatan", "Kegiatan"),
        ("program", "Program"),
    ):
        if u.startswith(awal):
            return t
    return None


def _judul_sel(ws) -> dict[tuple[int, int], str]:
    """Header texts by (row, col), a merged range's text in each of its cells."""
    out: dict[tuple[int, int], str] = {}
    for rng in ws.merged_cells.ranges:
        v = ws.cell(rng.min_row, rng.min_col).value
        if isinstance(v, str) and v.strip():
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    out[(r, c)] = v.strip()
    return out


def _teks_judul(isi: list, gabung: dict, r: int) -> list[str | None]:
    """Row `r` (0-based) as header texts, merged ranges filled in."""
    out: list[str | None] = []
    for j, c in enumerate(isi[r]):
        v = gabung.get((r + 1, j + 1), c.value)
        out.append(v.strip() if isinstance(v, str) and v.strip() else None)
    return out


def _baris_judul_kedua(ws, i: int) -> bool:
    """The row below header row `i` (0-based) continues it: a merged header cell of row `i`
    reaches down into it (e.g. "Kode" over two rows beside "Anggaran" over "Murni", "Perubahan")."""
    return any(rng.min_row == i + 1 and rng.max_row >= i + 2 for rng in ws.merged_cells.ranges)


def petakan(path: str | Path, lembar: str | None = None, tabel: str | None = None) -> Pemetaan:
    """Find the table in `path` (the sheet named, else the first one with a header row) and
    read it. Raises ValueError (Indonesian) when no header row is found."""
    p = Path(path)
    data = baca_aman(p)  # limits (size, zip bombs, cells) and clean messages before parsing
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except Exception:  # noqa: BLE001 - a damaged part fails in many ways
        raise GalatBuku(
            f"{p.name}: tidak dapat dibuka sebagai buku kerja Excel (.xlsx/.xlsm): ada "
            "bagian berkas yang rusak. Buka dan simpan ulang di Excel, lalu ulangi"
        ) from None
    if lembar and lembar not in wb.sheetnames:
        raise ValueError(
            f"{p.name}: lembar '{lembar}' tidak ada; yang ada: {', '.join(wb.sheetnames)}"
        )
    daftar = [wb[lembar]] if lembar else list(wb.worksheets)
    for ws in daftar:
        isi = [list(row) for row in ws.iter_rows()]
        gabung = _judul_sel(ws)
        judul = [_teks_judul(isi, gabung, r) for r in range(min(len(isi), 40))]
        ketemu = _cari_judul(judul, tabel)
        if ketemu is None:
            continue
        i, t = ketemu
        kepala = judul[i]
        dua = _baris_judul_kedua(ws, i)
        if dua:
            bawah = _teks_judul(isi, gabung, i + 1)
            kepala = [
                " ".join(dict.fromkeys(x for x in (a, b) if x)) or None
                for a, b in zip(kepala, bawah, strict=False)
            ]
        return _baca(p.name, ws.title, t, i + (1 if dua else 0), kepala, isi)
    raise ValueError(
        f"{p.name}: tidak ada baris judul yang dikenali (mis. 'Indikator', 'Target', "
        "'Realisasi' atau 'Kode', 'Program/Kegiatan', 'Pagu'); sebutkan lembarnya dengan "
        "--lembar atau ubah judul kolomnya"
    )


_JUMLAH = re.compile(r"^\s*(jumlah|total|sub ?total)\b", re.I)


def _baca(berkas: str, lembar: str, tabel: str, i: int, kepala: list, isi: list) -> Pemetaan:
    pm = Pemetaan(berkas, lembar, tabel, i + 1)
    kolom: dict[str, int] = {}
    for j, judul in enumerate(kepala):
        if judul is None:
            continue
        k = _cocok(judul, tabel)
        huruf = get_column_letter(j + 1)
        if k is None or k in kolom:
            pm.diabaikan.append(f"kolom {huruf} “{judul}”")
            continue
        kolom[k] = j
        pm.kolom[k] = (huruf, judul)
    data = []
    for row in isi[i + 1 :]:
        if all(c.value in (None, "") for c in row):
            if data:
                break
            continue
        teks = [c.value for c in row if isinstance(c.value, str)]
        j = kolom.get("kode")
        tanpa_kode = j is None or j >= len(row) or row[j].value in (None, "")
        if tabel == "anggaran" and tanpa_kode and teks and _JUMLAH.match(teks[0]):
            pm.masalah.append(f"{lembar}!A{row[0].row}: baris jumlah “{teks[0].strip()}” dilewati")
            continue
        data.append(row)
    desimal = {k: tebak_desimal(r[j].value for r in data if j < len(r)) for k, j in kolom.items()}
    for row in data:
        b: dict[str, object] = {}
        for k, j in kolom.items():
            if j >= len(row) or row[j].value in (None, ""):
                continue
            c = row[j]
            v = c.value
            alamat = f"{lembar}!{c.coordinate}"
            if k in ANGKA:
                v = _angka(c, desimal[k], alamat, pm.masalah)
                if v is None:
                    continue
            elif isinstance(v, str):
                v = v.strip()
            elif k in TEKS and isinstance(v, (int, float)) and not isinstance(v, bool):
                v = str(int(v)) if float(v).is_integer() else str(v)
            b[k] = ke_json(v)
        if tabel == "anggaran" and "tingkat" not in b:
            t = _tingkat(b.get("kode"), b.get("uraian"))
            if t is None:
                pm.masalah.append(
                    f"{lembar}!A{row[0].row}: tingkat (Program/Kegiatan/Sub Kegiatan) tidak "
                    "dapat dikenali dari kode atau uraian; isi kolom Tingkat di templat"
                )
            else:
                b["tingkat"] = t
        if b:
            pm.baris.append(b)
    if tabel == "anggaran":
        _induk(pm)
    return pm


_ANAK = {"Program": "Kegiatan", "Kegiatan": "Sub Kegiatan"}


def _uang(v: object) -> str:
    return format_angka(v, 2 if v % 1 else 0) if isinstance(v, (int, float)) else str(v)


def _induk(pm: Pemetaan) -> None:
    """Parent rows whose typed pagu/realisasi equal the sum of their children get the
    template's sum formula; a typed total that differs is kept (Periksa reports it) and named."""
    for i, b in enumerate(pm.baris):
        anak_tingkat = _ANAK.get(str(b.get("tingkat")))
        kode = str(b.get("kode") or "")
        if not anak_tingkat or not kode:
            continue
        anak = [
            x
            for x in pm.baris[i + 1 :]
            if x.get("tingkat") == anak_tingkat and str(x.get("kode") or "").startswith(kode + ".")
        ]
        if not anak:
            continue
        for kol in ("pagu", "realisasi"):
            nilai = [x.get(kol) for x in anak]
            if not all(isinstance(v, (int, float)) for v in nilai):
                continue
            jumlah = sum(nilai)
            v = b.get(kol)
            if v is None or (isinstance(v, (int, float)) and abs(v - jumlah) < 0.005):
                b[kol] = {"rumus": JUMLAH_ANAK}
            else:
                pm.masalah.append(
                    f"{pm.lembar}: {b.get('tingkat')} {kode}: {kol} tertulis {_uang(v)}, "
                    f"jumlah rinciannya {_uang(jumlah)}; angka tertulis dipakai (Periksa "
                    "akan melaporkannya)"
                )


def _angka(c, desimal: str, alamat: str, masalah: list[str]) -> object:
    """A number cell: numbers as they are (a percent-formatted 0,75 is 75), text read as an
    Indonesian number; '-' kept as typed; anything else named and left out."""
    v = c.value
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "%" in (c.number_format or ""):
            masalah.append(f"{alamat}: diketik sebagai persen ({v:.4g}); dibaca {v * 100:.4g}")
            return v * 100
        return v
    if isinstance(v, str) and v.strip().lower() in TIDAK_ADA:
        return v.strip()
    a = baca_angka(v if isinstance(v, str) else str(v), desimal=desimal, sel=alamat)
    if a.nilai is None or (a.satuan and re.search(r"\d", a.satuan)):
        masalah.append(a.masalah[0] if a.masalah else f"{alamat}: bukan angka: '{v}'")
        return None
    masalah.extend(a.masalah)
    return a.nilai
