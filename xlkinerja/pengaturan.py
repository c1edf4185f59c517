"""Reads a workbook's methodology from its Pengaturan and Skala sheets."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from . import skema as S
from .metode import SKALA, SkalaTidakSah
from .metode.gabungan import Metode
from .templat import SKALA_EFISIENSI, SKALA_INFO


class PengaturanTidakSah(ValueError):
    """A settings cell the methodology cannot be built from; names the sheet and cell."""


def _sel(wb: Workbook, nama: str) -> tuple[str, str, object]:
    dn = wb.defined_names.get(nama)
    if dn is None:
        raise PengaturanTidakSah(
            f"nama '{nama}' tidak ada di buku kerja; buku kerja ini bukan templat xlkinerja "
            "atau namanya terhapus: salin lembar Pengaturan dari templat baru"
        )
    lembar, ref = next(iter(dn.destinations))
    return lembar, ref.replace("$", ""), wb[lembar][ref.replace("$", "")].value


def _ya(v: object) -> bool:
    return str(v).strip().lower() in ("ya", "y", "true", "1")


def _pita(wb: Workbook, t: S.Tabel) -> list[dict]:
    ws = wb[t.lembar]
    out = []
    for r in range(t.baris_awal, t.baris_akhir + 1):
        v = {k.kunci: ws.cell(r, t.indeks(k.kunci)).value for k in t.kolom}
        if v["kode"] in (None, ""):
            continue
        out.append(
            {
                "kode": str(v["kode"]),
                "label": str(v["label"] or v["kode"]),
                "bawah": _angka_atau_none(v["bawah"], t, r, "bawah"),
                "atas": _angka_atau_none(v["atas"], t, r, "atas"),
                "bawah_inklusif": _ya(v["bawah_inklusif"]),
                "atas_inklusif": _ya(v["atas_inklusif"]),
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


def baca_metode(wb: Workbook) -> Metode:
    """The Metode the workbook's settings describe, validated; errors name the cell."""
    v = {}
    for it in _isian():
        _, _, nilai = _sel(wb, it.nama)
        v[it.kunci] = nilai
    info = {k: _sel(wb, f"xk_{k}")[2] for k in SKALA_INFO}
    pita = _pita(wb, S.SKALA)
    if not pita and info["skala_kode"] in SKALA:
        # An emptied band table with a preset code: take that preset's bands.
        preset = SKALA[info["skala_kode"]].to_dict()
        info.update(
            {
                f"skala_{k}": preset[k]
                for k in ("nama", "sumber", "di_atas", "di_bawah", "keluaran", "catatan")
            }
        )
        pita = preset["pita"]
    d = {
        "kode": v["metode"] or "disunting",
        "nama": v["metode_nama"] or "",
        "sumber": v["metode_sumber"] or "",
        "catatan": v["metode_catatan"] or "",
        "skala": {
            "kode": info["skala_kode"] or "skala",
            "nama": info["skala_nama"] or "",
            "sumber": info["skala_sumber"] or "",
            "di_atas": info["skala_di_atas"],
            "di_bawah": info["skala_di_bawah"],
            "keluaran": info["skala_keluaran"],
            "catatan": info["skala_catatan"] or "",
            "pita": pita,
        },
        "negatif": v["rumus_negatif"],
        "huruf": {
            "urutan": [x.strip() for x in str(v["huruf_urutan"] or "").split(",") if x.strip()],
            "sama": v["huruf_sama"],
            "langkah": v["huruf_langkah"],
        },
        "batas": {
            "atas": v["batas_atas"],
            "bawah": v["batas_bawah"],
            "atas_untuk": [
                u for u in ("predikat", "rata_rata", "tampilan") if _ya(v[f"batas_atas_{u}"])
            ],
            "bawah_untuk": [
                u for u in ("predikat", "rata_rata", "tampilan") if _ya(v[f"batas_bawah_{u}"])
            ],
        },
        "agregasi": {
            "misi_dari": v["misi_dari"],
            "keseluruhan_dari": v["keseluruhan_dari"],
            "kosong": v["kosong"],
        },
        "efisiensi": v["efisiensi"],
        "pembulatan": {"mode": v["pembulatan"], "desimal": int(v["desimal"] or 0)},
    }
    kat = _pita(wb, SKALA_EFISIENSI)
    if kat:
        d["kategori_efisiensi"] = {
            "kode": f"kategori_{v['efisiensi']}",
            "nama": "Kategori efisiensi",
            "sumber": "lembar Skala",
            "keluaran": "label",
            "pita": kat,
        }
    try:
        return Metode.from_dict(d)
    except SkalaTidakSah as e:
        raise PengaturanTidakSah(
            f"lembar Skala: {e}; perbaiki pita di Skala!A{S.SKALA.baris_awal}"
            f":G{S.SKALA.baris_akhir}"
        ) from None
    except (ValueError, TypeError) as e:
        raise PengaturanTidakSah(f"lembar Pengaturan: {e}") from None


def _isian() -> tuple[S.Isian, ...]:
    from .templat import isian_pengaturan

    return tuple(i for i in isian_pengaturan() if i not in S.PENGATURAN_UMUM)
