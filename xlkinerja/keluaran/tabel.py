"""The workbook as pandas tables: `buka` gives the data (interchange format), the methodology,
one DataFrame per table with the computed columns from the Python reference, and the findings;
`rekap` gives one row per workbook of a folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.cek.periksa import temukan
from xlkinerja.cek.temuan import Temuan
from xlkinerja.inti.metode import Metode
from xlkinerja.keluaran import rekap as _rekap_mod
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import Bacaan, RujukanBertahap, baca
from xlkinerja.tukar.ekspor import ekspor_buku


@dataclass
class LKjIP:
    """One workbook, read once. `tabel["pengukuran"]` is a DataFrame indexed by the sheet row
    (`baris`), one column per template column (`kunci`; `df.attrs["judul"]` maps them to the
    headers), computed columns as the template's formulas give them."""

    nama: str
    data: dict
    metode: Metode
    tabel: dict[str, pd.DataFrame] = field(default_factory=dict)
    temuan: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __getitem__(self, kunci: str) -> pd.DataFrame:
        return self.tabel[kunci]

    def __repr__(self) -> str:
        isi = ", ".join(f"{k}: {len(v)} baris" for k, v in self.tabel.items() if len(v))
        return f"LKjIP({self.nama!r}; {isi}; {len(self.temuan)} temuan)"


def _frame(b: Bacaan, ev: RujukanBertahap, kunci: str) -> pd.DataFrame:
    t = S.TABEL[kunci]
    rows = b.isi(kunci)
    kolom = {k.kunci: k for k in t.kolom}
    isi: dict[str, list] = {}
    for k in kolom.values():
        if k.isian:
            isi[k.kunci] = [v.get(k.kunci) for _, v in rows]
        else:
            ev.kolom(kunci, k.kunci)  # computes the table
            isi[k.kunci] = [ev.sel(kunci, r, k.kunci) for r, _ in rows]
    df = pd.DataFrame(isi, index=pd.Index([r for r, _ in rows], name="baris"))
    df.attrs["judul"] = {k: c.judul for k, c in kolom.items()}
    df.attrs["lembar"] = t.lembar
    return df


def temuan_frame(temuan: Sequence[Temuan]) -> pd.DataFrame:
    kolom = list(Temuan.__dataclass_fields__)
    return pd.DataFrame([asdict(x) for x in temuan], columns=kolom)


def buka(path: str | Path) -> LKjIP:
    """Read a workbook (it is not modified): data, methodology, tables and findings."""
    buku = BukuBerkas(path)
    b = baca(buku)
    ev = RujukanBertahap(b, semua=True)
    lk = LKjIP(buku.nama, ekspor_buku(buku), b.metode)
    for kunci in b.baris:
        lk.tabel[kunci] = _frame(b, ev, kunci)
    lk.temuan = temuan_frame(temukan(b))
    return lk


def rekap(paths: str | Path | Sequence[str | Path], proses: int | None = None) -> pd.DataFrame:
    """One row per workbook (folders are searched for .xlsx/.xlsm), as `xlkinerja rekap`."""
    daftar = [paths] if isinstance(paths, (str, Path)) else list(paths)
    berkas: list[Path] = []
    for p in map(Path, daftar):
        if p.is_dir():
            berkas += sorted(
                q
                for q in p.rglob("*")
                if q.suffix.lower() in (".xlsx", ".xlsm") and not q.name.startswith("~$")
            )
        else:
            berkas.append(p)
    rows, _ = _rekap_mod.rekap(berkas, proses)
    return pd.DataFrame(rows)
