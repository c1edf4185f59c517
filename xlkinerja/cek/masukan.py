"""Inputs a formula cannot use: text typed in a number cell, an unknown polarity."""

from __future__ import annotations

from dataclasses import dataclass

from xlkinerja.inti.angka import baca_angka
from xlkinerja.inti.nilai import teks_singkat
from xlkinerja.inti.rumus import Nilai, is_number
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


def masukan_salah(b: Bacaan, lembar: tuple[str, ...]) -> list[MasukanSalah]:
    """Inputs a formula cannot use (text typed in a number cell, an unknown polarity)."""
    salah: list[MasukanSalah] = []

    def cek(t: S.Tabel, r: int, kolom: str, v: Nilai, boleh: tuple[str, ...] = ()) -> None:
        if (
            v is None
            or is_number(v)
            or (isinstance(v, str) and v.strip() in ("", "-", "–", *boleh))
        ):
            return
        a = baca_angka(str(v)).nilai
        maksud = float(a) if a is not None else None
        saran = ""
        if maksud is not None:
            saran = f" (mungkin maksudnya {teks_singkat(maksud)}: ketik angkanya saja)"
        sel = f"{t.huruf(kolom)}{r}"
        salah.append(MasukanSalah(t.lembar, sel, v, f"'{v}' bukan angka{saran}", maksud))

    if "Pengukuran" in lembar:
        t = S.PENGUKURAN
        huruf = b.metode.huruf.urutan
        for r, v in b.isi("pengukuran"):
            boleh = huruf if str(v.get("jenis") or "").lower() == "huruf" else ()
            for k in ("target", "realisasi", "target_atas", "target_akhir"):
                cek(t, r, k, v[k], boleh)
            if v.get("polaritas") not in (None, "", "positif", "negatif"):
                salah.append(
                    MasukanSalah(
                        t.lembar,
                        f"{t.huruf('polaritas')}{r}",
                        v["polaritas"],
                        f"polaritas '{v['polaritas']}' harus 'positif' atau 'negatif'",
                    )
                )
    if "Anggaran" in lembar:
        t = S.ANGGARAN
        for r, v in b.isi("anggaran"):
            for k in ("pagu", "realisasi"):
                if not (isinstance(v[k], str) and v[k].startswith("=")):
                    cek(t, r, k, v[k])
    return salah
