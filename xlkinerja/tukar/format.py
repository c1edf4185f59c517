"""The interchange format (``xlkinerja-data``, version 1): what it holds, its JSON Schema, and
validation with Indonesian messages that name the JSON path.

The format follows the template's own declarations (`templat.skema`): every settings cell
(`Isian`), every table with its input columns, and the input cells outside the tables (jenis
belanja). A figure typed over a formula cell (a report entered as published) is kept under
``tercatat``. Tables added to the schema are in the format without further code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from jsonschema import Draft202012Validator

from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import SKALA_EFISIENSI, isian_pengaturan, isian_skala
from xlkinerja.tukar.nilai import GALAT

FORMAT = "xlkinerja-data"
VERSI = 1
# Settings that describe the template, not the agency's data.
_BUKAN_DATA = frozenset({"versi_xlkinerja", "versi_xlwings"})
# Tables the tool writes (findings) are outputs, not data.
_BUKAN_TABEL = frozenset({"temuan"})


def tabel_data() -> tuple[S.Tabel, ...]:
    """The tables the format holds, in sheet order."""
    return (
        *(t for t in S.TABEL.values() if t.kunci not in _BUKAN_TABEL),
        SKALA_EFISIENSI,
    )


def isian_data() -> tuple[S.Isian, ...]:
    """The settings cells the format holds (Pengaturan and Skala column B)."""
    return tuple(i for i in isian_pengaturan() + isian_skala() if i.kunci not in _BUKAN_DATA)


def isian_keterangan() -> tuple[str, ...]:
    """Settings whose Pengaturan row has a keterangan cell (column C) the user may edit."""
    return tuple(i.kunci for i in isian_pengaturan() if i.kunci not in _BUKAN_DATA)


@dataclass(frozen=True)
class Tetap:
    """Cells outside the table rows, by name: input cells and formula cells (a typed figure over
    a formula is kept under ``tercatat``)."""

    nama: str
    tabel: str
    posisi: str  # a `Tata` attribute
    geser: int
    isian: tuple[str, ...]  # input columns
    rumus: tuple[str, ...]  # formula columns


@cache
def sel_tetap() -> tuple[Tetap, ...]:
    rumus: dict[tuple[str, str, int], list[str]] = {}
    for st in S.SEL_TETAP:
        rumus.setdefault((st.tabel, st.posisi, st.geser), []).append(st.kolom)
    nama_total = ("jumlah_program", "jumlah_kegiatan", "jumlah_sub_kegiatan")
    out: list[Tetap] = []
    for (tabel, posisi, geser), kolom in rumus.items():
        if posisi == "total":
            nama = nama_total[geser]
        elif posisi == "belanja":
            nama = S.JENIS_BELANJA[geser - 1]
        else:
            nama = posisi
        out.append(Tetap(nama, tabel, posisi, geser, (), tuple(kolom)))
    for g, jenis in enumerate(S.JENIS_BELANJA, 1):
        if not any(t.nama == jenis for t in out):
            out.append(Tetap(jenis, "anggaran", "belanja", g, ("pagu", "realisasi"), ()))
        else:
            i = next(i for i, t in enumerate(out) if t.nama == jenis)
            bebas = tuple(k for k in ("pagu", "realisasi") if k not in out[i].rumus)
            out[i] = Tetap(jenis, "anggaran", "belanja", g, bebas, out[i].rumus)
    return tuple(out)


def _deskripsi(judul: str, pilihan: tuple[str, ...] | None) -> str:
    return f"{judul} (pilihan: {', '.join(pilihan)})" if pilihan else judul


def _objek(sifat: dict, keterangan: str) -> dict:
    return {
        "type": "object",
        "description": keterangan,
        "properties": sifat,
        "additionalProperties": False,
    }


def _kolom_sifat(kolom: dict[str, str]) -> dict:
    return {k: {"$ref": "#/$defs/nilai", "description": d} for k, d in kolom.items()}


def _baris_skema(isian: dict[str, str], rumus: dict[str, str], keterangan: str) -> dict:
    sifat = _kolom_sifat(isian)
    if rumus:
        sifat["tercatat"] = _objek(
            _kolom_sifat(rumus),
            "Angka yang diketik di atas sel rumus (laporan sebagaimana terbit).",
        )
    return _objek(sifat, keterangan)


@cache
def skema_json() -> dict:
    """The JSON Schema of the format (shipped as ``data/xlkinerja-data.schema.json``)."""
    nilai = {
        "description": "Isi satu sel.",
        "anyOf": [
            {"type": ["number", "string", "boolean", "null"]},
            _objek({"tanggal": {"type": "string"}}, "Tanggal ISO, mis. 2024-01-31.")
            | {"required": ["tanggal"]},
            _objek({"jam": {"type": "string"}}, "Jam ISO, mis. 08:30:00.") | {"required": ["jam"]},
            _objek({"galat": {"enum": sorted(GALAT)}}, "Nilai galat Excel.")
            | {"required": ["galat"]},
            _objek(
                {"rumus": {"type": "string", "pattern": "^="}},
                'Rumus pengguna ("=...") pada sel isian, atau "jumlah_anak" untuk baris induk '
                "anggaran yang menjumlah rinciannya.",
            )
            | {"required": ["rumus"]},
        ],
    }
    nilai["anyOf"][4]["properties"]["rumus"] = {
        "anyOf": [{"type": "string", "pattern": "^="}, {"const": "jumlah_anak"}]
    }
    tabel = {}
    for t in tabel_data():
        isian = {k.kunci: _deskripsi(k.judul, k.pilihan) for k in t.kolom if k.isian}
        rumus = {k.kunci: k.judul for k in t.kolom if not k.isian}
        baris = _baris_skema(isian, rumus, f"Satu baris tabel '{t.judul}' (lembar {t.lembar}).")
        tabel[t.kunci] = {
            "type": "array",
            "description": f"{t.judul} (lembar {t.lembar}); paling banyak {t.kapasitas} baris.",
            "items": baris,
            "maxItems": t.kapasitas,
        }
    kolom = {t.kunci: t for t in tabel_data()}
    tetap = {}
    for st in sel_tetap():
        t = kolom[st.tabel]
        tetap[st.nama] = _baris_skema(
            {k: t.k(k).judul for k in st.isian},
            {k: t.k(k).judul for k in st.rumus},
            f"Sel di luar tabel, lembar {t.lembar}: {st.nama}.",
        )
    pengaturan = {
        i.kunci: {"$ref": "#/$defs/nilai", "description": _deskripsi(i.label, i.pilihan)}
        for i in isian_data()
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://xlkinerja.id/schema/xlkinerja-data-1.json",
        "title": "Data LKjIP xlkinerja (format 1)",
        "description": "Seluruh isian buku kerja LKjIP xlkinerja: pengaturan dan metodologi, "
        "tabel Renstra, RKT, PK, Pengukuran, Anggaran, Efisiensi, Skala dan Narasi.",
        "type": "object",
        "required": ["format", "versi"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT},
            "versi": {"const": VERSI},
            "pengaturan": _objek(pengaturan, "Lembar Pengaturan dan kolom B lembar Skala."),
            "keterangan_pengaturan": _objek(
                {k: {"type": "string"} for k in isian_keterangan()},
                "Keterangan (kolom C lembar Pengaturan) yang berbeda dari keterangan templat, "
                "mis. catatan sumber data identitas.",
            ),
            "tabel": _objek(tabel, "Tabel-tabel buku kerja, per kunci tabel."),
            "tetap": _objek(tetap, "Sel di luar baris tabel (jumlah, jenis belanja)."),
        },
        "$defs": {"nilai": nilai},
    }


def skema_terkirim() -> dict:
    """The schema file shipped in the package."""
    teks = resources.files("xlkinerja").joinpath("data/xlkinerja-data.schema.json").read_text()
    return json.loads(teks)


def teks_skema() -> str:
    return json.dumps(skema_json(), ensure_ascii=False, indent=2) + "\n"


class DataTidakSah(ValueError):
    """Validation errors, one Indonesian line each, naming the JSON path."""

    def __init__(self, pesan: list[str]):
        self.pesan = pesan
        super().__init__("\n".join(pesan))


def _jalur(e) -> str:
    bagian = ["$"] + [f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.absolute_path]
    return "".join(bagian)


def _pesan(e) -> str:
    j = _jalur(e)
    v = e.validator
    if v == "additionalProperties":
        dikenal = sorted(e.schema.get("properties", {}))
        lebih = sorted(set(e.instance) - set(dikenal))
        return (
            f"{j}: kunci {', '.join(repr(k) for k in lebih)} tidak dikenal; yang dikenal: "
            f"{', '.join(dikenal)}"
        )
    if v == "required":
        return f"{j}: {e.message.split(' is a required')[0]} wajib ada"
    if v == "const":
        return f"{j}: harus {json.dumps(e.validator_value)}, bukan {json.dumps(e.instance)}"
    if v == "maxItems":
        return (
            f"{j}: {len(e.instance)} baris, templat menyediakan {e.validator_value}; kurangi "
            "barisnya atau pecah datanya"
        )
    if v == "type":
        return f"{j}: harus {e.validator_value}, bukan {json.dumps(e.instance)[:60]}"
    if v == "anyOf" and e.schema.get("description") == "Isi satu sel.":
        return (
            f"{j}: {json.dumps(e.instance, ensure_ascii=False)[:60]} bukan nilai sel; tulis "
            'angka, teks, true/false, null, {"tanggal": "2024-01-31"}, {"galat": "#N/A"} '
            'atau {"rumus": "=..."}'
        )
    return f"{j}: {e.message}"


def validasi(data: object) -> None:
    """Raise `DataTidakSah` listing every problem (at most 50), each with its JSON path."""
    v = Draft202012Validator(skema_json())
    galat = sorted(v.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if galat:
        pesan = [_pesan(e) for e in galat[:50]]
        if len(galat) > 50:
            pesan.append(f"… dan {len(galat) - 50} masalah lain")
        raise DataTidakSah(pesan)
