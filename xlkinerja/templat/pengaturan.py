"""Reads a workbook's methodology from its Pengaturan and Skala sheets."""

from __future__ import annotations

import json

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from xlkinerja.buku.antarmuka import BukuBaca, BukuOpenpyxl
from xlkinerja.inti.metode import SKALA, SkalaTidakSah
from xlkinerja.inti.metode.gabungan import Metode
from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import SKALA_EFISIENSI, isian_pengaturan, isian_skala


class PengaturanTidakSah(ValueError):
    """A settings cell the methodology cannot be built from; names the sheet and cell."""


def _pembaca(wb: Workbook | BukuBaca) -> BukuBaca:
    return BukuOpenpyxl(wb) if isinstance(wb, Workbook) else wb


def _sel(wb: BukuBaca, nama: str) -> tuple[str, str, object]:
    t = wb.sel_nama(nama)
    if t is None:
        raise PengaturanTidakSah(
            f"nama '{nama}' tidak ada di buku kerja {getattr(wb, 'nama', '')}".rstrip()
            + "; buku kerja ini bukan templat xlkinerja "
            "atau namanya terhapus: salin lembar Pengaturan dari templat baru"
        )
    return t[0], t[1], wb.nilai(t[0], t[1])[0][0]


def _pita(wb: BukuBaca, t: S.Tabel) -> list[dict]:
    akhir = get_column_letter(len(t.kolom))
    isi = wb.nilai(t.lembar, f"A{t.baris_awal}:{akhir}{t.baris_akhir}")
    out = []
    for r, baris in enumerate(isi, t.baris_awal):
        v = {k.kunci: baris[i] for i, k in enumerate(t.kolom)}
        if v["kode"] in (None, ""):
            continue
        out.append(
            {
                "kode": str(v["kode"]),
                "label": str(v["label"] or v["kode"]),
                "bawah": _angka_atau_none(v["bawah"], t, r, "bawah"),
                "atas": _angka_atau_none(v["atas"], t, r, "atas"),
                "bawah_inklusif": S.ya(v["bawah_inklusif"]),
                "atas_inklusif": S.ya(v["atas_inklusif"]),
                "warna": str(v["warna"] or ""),
            }
        )
    return out


def _angka_atau_none(v: object, t: S.Tabel, r: int, kunci: str) -> float | None:
    if v in (None, ""):
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    raise PengaturanTidakSah(
        f"{t.lembar}!{t.huruf(kunci)}{r}: '{v}' bukan angka; isi batas dengan angka "
        "(mis. 90 atau 90,5) atau kosongkan untuk 'tanpa batas'"
    )


def baca_metode(wb: Workbook | BukuBaca) -> Metode:
    """The Metode the workbook's settings describe, validated; errors name the cell."""
    wb = _pembaca(wb)
    d: dict = {}
    for it in _isian():
        it.ubah.taruh(d, it.jalur, _sel(wb, it.nama)[2])
    pita = _pita(wb, S.SKALA)
    if not pita and d["skala"]["kode"] in SKALA:
        # An emptied band table with a preset code: take that preset's bands.
        preset = SKALA[d["skala"]["kode"]].to_dict()
        d["skala"].update(
            {k: preset[k] for k in ("nama", "sumber", "di_atas", "di_bawah", "keluaran", "catatan")}
        )
        pita = preset["pita"]
    d["skala"]["pita"] = pita
    kat = _pita(wb, SKALA_EFISIENSI)
    if kat:
        d["kategori_efisiensi"] = {
            "kode": f"kategori_{d['efisiensi']}",
            "nama": "Kategori efisiensi",
            "sumber": "lembar Skala",
            "keluaran": "label",
            "pita": kat,
        }
    try:
        return _metode(d)
    except SkalaTidakSah as e:
        raise PengaturanTidakSah(
            f"lembar Skala: {e}; perbaiki pita di Skala!A{S.SKALA.baris_awal}"
            f":G{S.SKALA.baris_akhir}"
        ) from None
    except (ValueError, TypeError) as e:
        raise PengaturanTidakSah(f"lembar Pengaturan: {e}") from None


_METODE: dict[str, Metode] = {}


def _metode(d: dict) -> Metode:
    """`Metode.from_dict(d)`, shared by workbooks with the same settings (a batch builds and
    compiles each methodology's rules once). Metode is immutable."""
    try:
        kunci = json.dumps(d, sort_keys=True)
    except (TypeError, ValueError):  # e.g. a date typed in a setting: no sharing
        return Metode.from_dict(d)
    m = _METODE.get(kunci)
    if m is None:
        m = Metode.from_dict(d)
        if len(_METODE) < 64:
            _METODE[kunci] = m
    return m


def _isian() -> tuple[S.Isian, ...]:
    """The settings cells the methodology is read from (Pengaturan and Skala)."""
    return tuple(i for i in isian_pengaturan() + isian_skala() if i.jalur is not None)
