"""A plain table in a user's own workbook (indicators, or the budget tree) mapped onto the
template's columns: the header row found by its Indonesian words, numbers read as Indonesians
write them, every cell that could not be read named. The user's file is only read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from xlkinerja.inti.angka import TIDAK_ADA, baca_angka, tebak_desimal
from xlkinerja.templat import skema as S
from xlkinerja.tukar.format import FORMAT, VERSI
from xlkinerja.tukar.nilai import ke_json

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
        ("pagu", ("pagu", "anggaran", "alokasi", "dpa")),
        ("realisasi", ("realisasi",)),
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


def petakan(path: str | Path, lembar: str | None = None, tabel: str | None = None) -> Pemetaan:
    """Find the table in `path` (the sheet named, else the first one with a header row) and
    read it. Raises ValueError (Indonesian) when no header row is found."""
    p = Path(path)
    wb = load_workbook(p, data_only=True, read_only=False)
    daftar = [wb[lembar]] if lembar else list(wb.worksheets)
    for ws in daftar:
        isi = [[c for c in row] for row in ws.iter_rows()]
        nilai = [[c.value for c in row] for row in isi]
        ketemu = _cari_judul(nilai, tabel)
        if ketemu is None:
            continue
        i, t = ketemu
        return _baca(p.name, ws.title, t, i, isi)
    raise ValueError(
        f"{p.name}: tidak ada baris judul yang dikenali (mis. 'Indikator', 'Target', "
        "'Realisasi' atau 'Kode', 'Program/Kegiatan', 'Pagu'); sebutkan lembarnya dengan "
        "--lembar atau ubah judul kolomnya"
    )


def _baca(berkas: str, lembar: str, tabel: str, i: int, isi: list) -> Pemetaan:
    pm = Pemetaan(berkas, lembar, tabel, i + 1)
    kolom: dict[str, int] = {}
    for j, c in enumerate(isi[i]):
        if not isinstance(c.value, str) or not c.value.strip():
            continue
        k = _cocok(c.value, tabel)
        huruf = get_column_letter(j + 1)
        if k is None or k in kolom:
            pm.diabaikan.append(f"kolom {huruf} “{c.value.strip()}”")
            continue
        kolom[k] = j
        pm.kolom[k] = (huruf, c.value.strip())
    data = []
    for row in isi[i + 1 :]:
        if all(c.value in (None, "") for c in row):
            if data:
                break
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
    return pm


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
