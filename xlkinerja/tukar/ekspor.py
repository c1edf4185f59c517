"""A workbook read into the interchange format (`format`): settings, every table's input cells,
and figures typed over formula cells. The workbook is only read."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from xlkinerja.buku.antarmuka import BukuBaca
from xlkinerja.inti.rumus import Nilai
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import cari_tata
from xlkinerja.templat.bangun import isian_pengaturan, rumus_induk
from xlkinerja.tukar.format import (
    FORMAT,
    VERSI,
    Tetap,
    isian_data,
    isian_keterangan,
    sel_tetap,
    tabel_data,
)
from xlkinerja.tukar.nilai import JUMLAH_ANAK, ke_json


def _rumus(buku: BukuBaca, lembar: str, rentang: str) -> list[list[Nilai]]:
    """Formulas ('=...') where the cells hold one, else the typed values."""
    baca = getattr(buku, "rumus", None)
    return baca(lembar, rentang) if baca is not None else buku.nilai(lembar, rentang)


def _ada_rumus(v: Nilai) -> bool:
    return isinstance(v, str) and v.startswith("=") and len(v) > 1


def _isian(v: Nilai, f: Nilai, induk: str | None) -> object:
    """An input cell as JSON: its value, or the formula it holds."""
    if _ada_rumus(f):
        return {"rumus": JUMLAH_ANAK if f == induk else f}
    return ke_json(v)


def _tercatat(v: Nilai, f: Nilai) -> object | None:
    """A formula cell holding a typed figure (or a formula of the user's) as JSON, else None."""
    if _ada_rumus(f):
        return None
    if f is None or f == "":
        return None
    return ke_json(v)


def _sel(v: list[list[Nilai]], i: int, j: int) -> Nilai:
    return v[i][j] if i < len(v) and j < len(v[i]) else None


def _tabel(buku: BukuBaca, t: S.Tabel, awal: int, akhir: int, tata: S.Tata) -> list[dict]:
    rentang = f"A{awal}:{get_column_letter(len(t.kolom))}{akhir}"
    nilai, rumus = buku.nilai(t.lembar, rentang), _rumus(buku, t.lembar, rentang)
    out: list[dict] = []
    for i in range(akhir - awal + 1):
        r = awal + i
        baris: dict[str, object] = {}
        tercatat: dict[str, object] = {}
        tingkat = _sel(nilai, i, t.indeks("tingkat") - 1) if t.induk else None
        for j, k in enumerate(t.kolom):
            v, f = _sel(nilai, i, j), _sel(rumus, i, j)
            if k.isian:
                induk = None
                if t.induk and k.kunci in t.induk.kolom and isinstance(tingkat, str):
                    induk = rumus_induk(k.kunci, r, tingkat, tata)
                x = _isian(v, f, induk)
                if x is not None and x != "":
                    baris[k.kunci] = x
            else:
                x = _tercatat(v, f)
                if x is not None:
                    tercatat[k.kunci] = x
        if tercatat:
            baris["tercatat"] = tercatat
        if baris:
            out.append(baris)
    return out


def _tetap(buku: BukuBaca, st: Tetap, tata: S.Tata) -> dict:
    t = S.TABEL[st.tabel]
    out: dict[str, object] = {}
    tercatat: dict[str, object] = {}
    for kolom in st.isian + st.rumus:
        r = getattr(tata, st.posisi) + st.geser
        sel = f"{t.huruf(kolom)}{r}"
        v, f = buku.nilai(t.lembar, sel)[0][0], _rumus(buku, t.lembar, sel)[0][0]
        if kolom in st.isian:
            x = _isian(v, f, None)
            if x is not None and x != "":
                out[kolom] = x
        else:
            x = _tercatat(v, f)
            if x is not None:
                tercatat[kolom] = x
    if tercatat:
        out["tercatat"] = tercatat
    return out


def _keterangan(buku: BukuBaca) -> dict[str, str]:
    """Pengaturan column C texts that differ from the template's keterangan."""
    bawaan = {i.kunci: i.keterangan or "" for i in isian_pengaturan()}
    out: dict[str, str] = {}
    for kunci in isian_keterangan():
        letak = buku.sel_nama(f"xk_{kunci}")
        if letak is None or letak[0] != "Pengaturan":
            continue
        r = int(letak[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        v = buku.nilai("Pengaturan", f"C{r}")[0][0]
        teks = "" if v is None else str(v)
        if teks != bawaan[kunci]:
            out[kunci] = teks
    return out


def ekspor_buku(buku: BukuBaca) -> dict:
    """Everything the workbook holds, in the interchange format (validated by `format`)."""
    tata = cari_tata(buku)
    pengaturan = {}
    for it in isian_data():
        lembar, sel = buku.sel_nama(it.nama) or (None, None)
        if lembar is None:
            continue
        x = _isian(buku.nilai(lembar, sel)[0][0], _rumus(buku, lembar, sel)[0][0], None)
        # every setting is listed: null for an empty cell (absent means "the template's value")
        pengaturan[it.kunci] = None if x == "" else x
    keterangan = _keterangan(buku)
    tabel: dict[str, list[dict]] = {}
    for t in tabel_data():
        try:
            awal, akhir = tata.awal(t), tata.akhir(t)
        except KeyError:  # a table placed by the builder only (skala_efisiensi)
            awal, akhir = t.baris_awal, t.baris_akhir
        if akhir < awal:
            continue
        baris = _tabel(buku, t, awal, akhir, tata)
        if baris:
            tabel[t.kunci] = baris
    tetap = {st.nama: x for st in sel_tetap() if (x := _tetap(buku, st, tata))}
    out: dict[str, object] = {"format": FORMAT, "versi": VERSI, "pengaturan": pengaturan}
    if keterangan:
        out["keterangan_pengaturan"] = keterangan
    out["tabel"] = tabel
    if tetap:
        out["tetap"] = tetap
    return out


__all__ = ["ekspor_buku"]
