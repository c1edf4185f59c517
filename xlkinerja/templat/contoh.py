"""Bundled examples: real published reports entered in the template as published, and their
corrected twins.

Each example is one JSON file in ``xlkinerja/data/contoh/<nama>.json`` (format 1):

``format``, ``nama``, ``judul``, ``sumber``
    Format version, example code, title and the published document it comes from.
``metode``, ``tahun``, ``renstra_awal``, ``versi_renstra``?
    Methodology preset code (``xlkinerja.inti.metode.muat``), report year, first Renstra year, and
    which Renstra version the targets are ("awal"/"perubahan") when the report shows both.
``identitas``
    Pengaturan keys (``skema.PENGATURAN_UMUM``): ``instansi``, ``pemda``, ``kepala``,
    ``nip_kepala``, ``jabatan_kepala``, ``atasan``, ``jabatan_atasan``, ``tempat``, ``tanggal``
    (ISO date). ``null`` where the document garbles or omits the value; the reason is in
    ``catatan``.
``misi``
    ``[{kode, nama, tujuan: [{kode, nama, indikator?, sasaran: [{kode, nama, indikator}]}]}]``.
    An indikator is ``{kode, nama, alias?, satuan, polaritas ("positif"/"negatif"), jenis ("angka",
    "persen", "level", "huruf", "rentang"), kondisi_awal?, target: {"<tahun>": nilai},
    target_akhir?, target_pk, target_perubahan?, target_lain?: [{versi, target, catatan}],
    realisasi: {"<tahun>": nilai | {nilai, pembilang, penyebut, pembulatan?}}}``. A nilai is a
    number, a grade ("B"), "-" as printed, ``[bawah, atas]`` for a range, or ``null`` (garbled or
    empty cell). ``target`` holds the Renstra targets in the version the report's PK follows;
    ``target_pk`` is the PK target of the report year and is what the measurement uses.
    ``pembulatan`` names the rounding the report used for a count pair when it differs from the
    methodology's (e.g. "setengah_ke_atas").
``anggaran``
    Budget tree ``[{tingkat ("Program"/"Kegiatan"/"Sub Kegiatan"), kode, nama, pagu?, realisasi?,
    sasaran?, pagu_pk?, no_dok?, keterangan?, anak?}]``. ``pagu``/``realisasi`` only on the lowest
    level, as printed; parent figures are derived and live in ``tercatat``. Codes are the official
    Permendagri 90 codes when printed, else hierarchical ("A", "A.1", "A.1.1") because the
    template sums children by code prefix; ``no_dok`` is the document's own numbering. ``sasaran``
    is the kode of the sasaran the row supports (whole program, one kegiatan or one sub kegiatan).
    Budget versions, optional on any row: ``pagu_murni``, ``no_dpa``, ``pagu_perubahan``,
    ``no_dppa``, ``sumber_dana``, ``jenis_belanja`` (the Anggaran columns of the same names).
``renstra_pendanaan`` (optional)
    The Renstra matrix with indicative funding ``[{tingkat ("Tujuan"/"Sasaran"/"Program"/
    "Kegiatan"/"Sub Kegiatan"), kode, uraian, indikator?, satuan?, kondisi_awal?, target?: [5],
    pagu?: [5], target_akhir?, pagu_akhir?, versi?, keterangan?}]`` (lists by Renstra year, None
    for a year not printed).
``kinerja_program`` (optional)
    Indicators of program, kegiatan and sub kegiatan rows ("Kinerja dan Anggaran Program")
    ``[{id, kode, jenis_indikator ("Input"/"Output"/"Outcome"), indikator, satuan?, polaritas?,
    jenis?, target, realisasi, pembilang?, penyebut?, sumber?}]``; ``kode`` is the budget row's
    code, ``id`` names the row in ``tercatat``, ``catatan`` and ``koreksi`` paths
    (``kinerja_program/<id>/<field>``).
``jenjang`` (optional)
    The performance cascade (sheet Jenjang Kinerja), one PK line per row: ``[{tingkat, jabatan,
    nama?, nip?, kode_sasaran?, sasaran?, kode, kode_induk?, indikator, satuan?, polaritas?,
    jenis?, target?, realisasi?, kode_anggaran?, versi?, tanggal?, keterangan?}]`` (the sheet's
    column keys); a row with ``indikator_dari`` takes indikator, satuan, polaritas, jenis and the
    PK target of that indicator code (so corrections of ``target_pk`` follow).
``tanda_tangan`` (optional)
    ``{nip_kepala, catatan}``: the NIP printed in the signature block, written to Pengaturan in
    the as-published version only (where it differs from the cascade's NIP).
``belanja``
    Jenis belanja inputs ``{"Belanja Pegawai"|"Belanja Barang dan Jasa"|"Belanja Modal":
    [pagu, realisasi]}``.
``sdm`` (optional)
    Staff counts from the report's tables ``{asn|non_asn: {nilai, sumber}}``; the template has no
    staff sheet, they only serve the narrative checks.
``tercatat``
    Every derived figure as the report printed it, by table and row key, in the template's column
    keys: ``pengukuran`` (indikator kode: capaian, capaian_tampil, predikat, capaian_akhir,
    capaian_lalu, and copies of inputs printed elsewhere: target, realisasi, nama),
    ``pengukuran_sasaran`` and ``pengukuran_misi`` (capaian, predikat), ``keseluruhan``,
    ``renstra`` (copies of Renstra targets: target_1..target_5, target_akhir),
    ``kinerja_program`` (row id: capaian, capaian_tampil, predikat), ``anggaran`` (row
    kode or "jumlah": pagu, realisasi, serapan, sisa), ``efisiensi`` (sasaran kode or "jumlah":
    capaian, pagu, realisasi, serapan, sisa, efisiensi, kategori), ``belanja`` (jenis belanja:
    pagu, realisasi, serapan, sisa) and ``narasi`` (rule name, see ``NARASI``). A figure is one
    entry or a list of entries, one per place it is printed; the first is the one written into
    the as-published workbook. An entry is ``{nilai, sumber, desimal?, mentah?, tertulis?,
    kutipan?, catatan?, temuan?, hitung?}``: ``desimal`` is the number of decimals printed when it
    differs from the methodology's, ``mentah`` the raw text, ``temuan`` the id of the discrepancy
    in the research notes (the figure disagrees with the engine), ``hitung: false`` marks a
    figure the engine cannot recompute from the inputs (the reason is in ``catatan``).
``catatan``
    ``[{tempat, catatan, mentah?, bacaan_mungkin?}]``: garbled or missing source cells and other
    remarks. ``tempat`` is a path: ``identitas/<kunci>``, ``indikator/<kode>[/<field>[/<tahun>]]``,
    ``anggaran/<kode>``, ``sasaran/<kode>``, ``misi/<kode>`` or ``umum``. ``bacaan_mungkin`` is
    the probable reading of a garbled cell, never used as a value.
``koreksi``
    ``[{tempat, semula, nilai, alasan, temuan?}]``: input errors and their corrected values,
    applied for the corrected twin only (same paths as ``catatan``).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from num2words import num2words
from openpyxl import Workbook

from xlkinerja.inti.metode import Hasil, Metode, muat
from xlkinerja.inti.metode.pembulatan import Pembulatan
from xlkinerja.inti.model import (
    BarisAnggaran,
    Indikator,
    Instansi,
    Kegiatan,
    Misi,
    Program,
    Realisasi,
    Sasaran,
    SubKegiatan,
    Target,
    Tujuan,
)
from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import (
    BARIS_PENGATURAN,
    bangun_workbook,
    isian_pengaturan,
    rumus_induk,
    sel_pengaturan,
)
from xlkinerja.templat.cetak import atur_cetak
from xlkinerja.templat.isi import isi_workbook

CONTOH = ("jember_2023", "pasaman_barat_2022", "tanjabbar_2024")

# Narrative figures and what they count; the key is the rule that recomputes them.
NARASI = {
    "jumlah_tujuan": "Jumlah tujuan",
    "jumlah_sasaran": "Jumlah sasaran strategis",
    "jumlah_indikator": "Jumlah indikator kinerja utama",
    "indikator_di_atas_target": "Jumlah indikator dengan capaian di atas target",
    "rekap_predikat": "Jumlah indikator per predikat",
    "jumlah_program": "Jumlah program",
    "jumlah_kegiatan": "Jumlah kegiatan",
    "jumlah_sub_kegiatan": "Jumlah sub kegiatan",
    "jumlah_program_pendukung": "Jumlah program yang mendukung sasaran",
    "sub_kegiatan_di_bawah_80": "Jumlah sub kegiatan dengan serapan di bawah 80%",
    "terbilang_pagu": "Total pagu anggaran",
    "terbilang_realisasi": "Total realisasi anggaran",
    "terbilang_sisa": "Sisa anggaran",
    "terbilang_belanja_pegawai": "Belanja pegawai",
    "terbilang_belanja_barang_jasa": "Belanja barang dan jasa",
    "terbilang_belanja_modal": "Belanja modal",
    "jumlah_asn": "Jumlah ASN",
    "jumlah_non_asn": "Jumlah non-ASN",
    "jumlah_pegawai": "Jumlah pegawai",
}

# Columns whose printed value replaces the template's formula in the as-published workbook.
# (capaian_lalu: a formula column since it is computed from last year's target and realisasi.)
_TULIS = {
    "pengukuran": {"capaian", "capaian_tampil", "predikat", "capaian_akhir", "capaian_lalu"},
    "pengukuran_sasaran": {"capaian", "predikat"},
    "pengukuran_misi": {"capaian", "predikat"},
    "keseluruhan": {"capaian", "predikat"},
    "efisiensi": {"capaian", "pagu", "realisasi", "serapan", "sisa", "efisiensi", "kategori"},
    "anggaran": {"serapan", "sisa"},
    "belanja": {"serapan", "sisa"},
    "kinerja_program": {"capaian", "capaian_tampil", "predikat"},
}
_KELAS = {"Program": Program, "Kegiatan": Kegiatan, "Sub Kegiatan": SubKegiatan}


# -- data ------------------------------------------------------------------------------------


@cache
def _teks(nama: str) -> str:
    if nama not in CONTOH:
        raise KeyError(f"contoh '{nama}' tidak ada; pilih salah satu: {', '.join(CONTOH)}")
    berkas = resources.files("xlkinerja").joinpath("data", "contoh", f"{nama}.json")
    return berkas.read_text(encoding="utf-8")


def data_contoh(nama: str, dikoreksi: bool = False) -> dict:
    """The example's data file, parsed (a fresh copy on every call); with `dikoreksi` the input
    corrections listed in ``koreksi`` applied."""
    data = json.loads(_teks(nama))
    return _dikoreksi(data) if dikoreksi else data


def entri(x: dict | list | None) -> list[dict]:
    """A tercatat figure as a list of entries (the files write a single entry without a list)."""
    if x is None:
        return []
    return list(x) if isinstance(x, list) else [x]


def tercatat_contoh(nama: str) -> dict:
    """The as-published derived figures, every figure as a list of entries:
    {tabel: {kunci: {kolom: [entri, ...]}}}; ``keseluruhan`` is {kolom: [...]} and ``narasi``
    {kunci: [...]}."""
    out: dict = {}
    for tabel, isi in data_contoh(nama)["tercatat"].items():
        if tabel in ("narasi", "keseluruhan"):
            out[tabel] = {k: entri(v) for k, v in isi.items()}
        else:
            out[tabel] = {k: {c: entri(v) for c, v in kol.items()} for k, kol in isi.items()}
    return out


def _semua_indikator(data: dict) -> list[dict]:
    out = []
    for mi in data["misi"]:
        for tj in mi["tujuan"]:
            out += tj.get("indikator", [])
            for s in tj["sasaran"]:
                out += s["indikator"]
    return out


def _semua_baris(rows: list[dict]) -> list[dict]:
    out = []
    for r in rows:
        out.append(r)
        out += _semua_baris(r.get("anak", []))
    return out


def _tempat(data: dict, tempat: str) -> tuple[dict, str]:
    """The container and key a path (``indikator/2.1/target/2024``) points at."""
    jenis, kode, *sisa = tempat.split("/")
    if jenis == "identitas":
        return data["identitas"], kode
    if jenis == "indikator":
        wadah = next(i for i in _semua_indikator(data) if i["kode"] == kode)
    elif jenis == "anggaran":
        wadah = next(b for b in _semua_baris(data["anggaran"]) if b["kode"] == kode)
    elif jenis == "kinerja_program":
        wadah = next(b for b in data.get("kinerja_program", []) if b["id"] == kode)
    else:
        raise ValueError(f"tempat '{tempat}' tidak menunjuk satu nilai")
    if not sisa:
        raise ValueError(f"tempat '{tempat}' tidak menunjuk satu nilai")
    for k in sisa[:-1]:
        wadah = wadah[k]
    return wadah, sisa[-1]


def nilai_di(data: dict, tempat: str) -> object:
    """The value at a path of the data (see the module docstring), None if absent."""
    wadah, kunci = _tempat(data, tempat)
    return wadah.get(kunci)


def _dikoreksi(data: dict) -> dict:
    data = copy.deepcopy(data)
    for k in data.get("koreksi", []):
        wadah, kunci = _tempat(data, k["tempat"])
        if wadah.get(kunci) != k["semula"]:
            raise ValueError(
                f"koreksi {k['tempat']}: nilai semula {wadah.get(kunci)!r} ≠ {k['semula']!r}"
            )
        wadah[kunci] = k["nilai"]
    return data


# -- model -----------------------------------------------------------------------------------


def _target(v) -> Target | None:
    if v is None:
        return None
    if isinstance(v, list):
        return Target(float(v[0]), float(v[1]))
    return Target(v)


def _realisasi(v) -> Realisasi:
    if isinstance(v, dict):
        return Realisasi(v["nilai"], v.get("pembilang"), v.get("penyebut"))
    return Realisasi(v)


def _indikator(d: dict, tahun: int) -> Indikator:
    target = {int(y): t for y, v in d["target"].items() if (t := _target(v)) is not None}
    if d.get("target_pk") is not None:
        target[tahun] = _target(d["target_pk"])
    return Indikator(
        d["kode"],
        d["nama"],
        d.get("satuan", ""),
        d.get("polaritas", "positif"),
        d.get("jenis", "angka"),
        target=target,
        realisasi={int(y): _realisasi(v) for y, v in d["realisasi"].items() if v is not None},
        kondisi_awal=d.get("kondisi_awal"),
        target_akhir=_target(d.get("target_akhir")),
        standar_nasional=d.get("standar_nasional"),
        target_perubahan=d.get("target_perubahan"),
        alias=list(d.get("alias", [])),
    )


def _pertama(x) -> object:
    e = entri(x)
    return e[0]["nilai"] if e else None


def _baris_anggaran(d: dict, tercatat: dict, dicetak: bool) -> BarisAnggaran:
    anak = [_baris_anggaran(a, tercatat, dicetak) for a in d.get("anak", [])]
    pagu, real = d.get("pagu"), d.get("realisasi")
    if anak:
        # Parents: as printed in the as-published model, formulas (None) in the corrected one.
        t = tercatat.get(d["kode"], {}) if dicetak else {}
        pagu, real = _pertama(t.get("pagu")), _pertama(t.get("realisasi"))
    ket = [d.get("keterangan"), f"No. dokumen: {d['no_dok']}" if d.get("no_dok") else None]
    return _KELAS[d["tingkat"]](
        kode=d["kode"],
        nama=d["nama"],
        pagu=pagu,
        realisasi=real,
        sasaran=d.get("sasaran"),
        anak=anak,
        pagu_pk=d.get("pagu_pk"),
        keterangan="; ".join(k for k in ket if k),
    )


def _instansi(data: dict, dikoreksi: bool) -> tuple[Instansi, Metode]:
    th = data["tahun"]
    identitas = {k: v for k, v in data["identitas"].items() if k != "instansi"}
    for kunci, sdm in data.get("sdm", {}).items():  # staff counts: Pengaturan, for the narrative
        identitas[f"jumlah_{kunci}"] = sdm["nilai"]
    if identitas.get("tanggal"):
        identitas["tanggal"] = dt.date.fromisoformat(identitas["tanggal"])
    misi = [
        Misi(
            mi["kode"],
            mi["nama"],
            [
                Tujuan(
                    tj["kode"],
                    tj["nama"],
                    [
                        Sasaran(s["kode"], s["nama"], [_indikator(i, th) for i in s["indikator"]])
                        for s in tj["sasaran"]
                    ],
                    [_indikator(i, th) for i in tj.get("indikator", [])],
                )
                for tj in mi["tujuan"]
            ],
        )
        for mi in data["misi"]
    ]
    tercatat_ang = data["tercatat"].get("anggaran", {})
    inst = Instansi(
        data["identitas"]["instansi"],
        th,
        misi,
        [_baris_anggaran(b, tercatat_ang, not dikoreksi) for b in data["anggaran"]],
        renstra_awal=data.get("renstra_awal"),
        identitas=identitas,
        belanja={k: (v[0], v[1]) for k, v in data.get("belanja", {}).items()},
    )
    return inst, muat(data["metode"])


def instansi_contoh(nama: str, dikoreksi: bool = False) -> tuple[Instansi, Metode]:
    """The example as a model and its methodology. As published, parent budget rows carry the
    printed figures; corrected, the input errors listed in ``koreksi`` are fixed and parent rows
    are left to the template's sums."""
    return _instansi(data_contoh(nama, dikoreksi), dikoreksi)


# -- what the engine computes for each recorded figure ---------------------------------------


def _total(inst: Instansi) -> tuple[float, float]:
    return (
        sum(p.pagu_anak() or 0.0 for p in inst.program),
        sum(p.realisasi_anak() or 0.0 for p in inst.program),
    )


def _belanja(inst: Instansi, jenis: str) -> tuple[float | None, float | None]:
    b = inst.belanja

    def jumlah(*nama: str) -> tuple[float | None, float | None]:
        if not all(n in b for n in nama):
            return None, None
        return sum(b[n][0] for n in nama), sum(b[n][1] for n in nama)

    if jenis == "Belanja Operasi":
        return jumlah("Belanja Pegawai", "Belanja Barang dan Jasa")
    if jenis == "Total Belanja":
        return jumlah("Belanja Pegawai", "Belanja Barang dan Jasa", "Belanja Modal")
    return b.get(jenis, (None, None))


def _uang(kolom: str, pagu, real, m: Metode):
    if kolom == "pagu":
        return pagu
    if kolom == "realisasi":
        return real
    if kolom == "serapan":
        return m.serapan(pagu, real)
    if kolom == "sisa":
        return m.sisa(pagu, real)
    raise KeyError(kolom)


def terbilang(n: float) -> str:
    """An amount in Indonesian words, as reports write it: '... rupiah'."""
    return f"{num2words(int(round(n)), lang='id')} rupiah"


def narasi_mesin(data: dict, inst: Instansi, m: Metode, kunci: str) -> object:
    """The correct value of a narrative figure (see ``NARASI``), from the model."""
    th = inst.tahun
    baris = list(inst.baris_anggaran())
    ind = inst.semua_indikator()
    if kunci == "jumlah_tujuan":
        return sum(len(mi.tujuan) for mi in inst.misi)
    if kunci == "jumlah_sasaran":
        return len(inst.semua_sasaran())
    if kunci == "jumlah_indikator":
        return len(ind)
    if kunci == "indikator_di_atas_target":
        return sum(1 for i in ind if (i.capaian(m, th).angka or 0) > 100)
    if kunci == "rekap_predikat":
        return dict(Counter(m.predikat(i.capaian(m, th)).nilai for i in ind))
    kelas = {"jumlah_program": Program, "jumlah_kegiatan": Kegiatan}
    if kunci in kelas:
        return sum(isinstance(b, kelas[kunci]) for b in baris)
    if kunci == "jumlah_sub_kegiatan":
        return sum(isinstance(b, SubKegiatan) for b in baris)
    if kunci == "jumlah_program_pendukung":
        return sum(
            1
            for p in inst.program
            if isinstance(p, Program) and any(b.sasaran for b in p.telusuri())
        )
    if kunci == "sub_kegiatan_di_bawah_80":
        return sum(
            1
            for b in baris
            if isinstance(b, SubKegiatan) and (m.serapan(b.pagu, b.realisasi).angka or 100) < 80
        )
    pagu, real = _total(inst)
    jumlah = {
        "terbilang_pagu": pagu,
        "terbilang_realisasi": real,
        "terbilang_sisa": pagu - real,
        "terbilang_belanja_pegawai": _belanja(inst, "Belanja Pegawai")[0],
        "terbilang_belanja_barang_jasa": _belanja(inst, "Belanja Barang dan Jasa")[0],
        "terbilang_belanja_modal": _belanja(inst, "Belanja Modal")[0],
    }
    if kunci in jumlah:
        return None if jumlah[kunci] is None else terbilang(jumlah[kunci])
    sdm = data.get("sdm", {})
    if kunci in ("jumlah_asn", "jumlah_non_asn", "jumlah_pegawai"):
        asn, non = sdm["asn"]["nilai"], sdm["non_asn"]["nilai"]
        return {"jumlah_asn": asn, "jumlah_non_asn": non, "jumlah_pegawai": asn + non}[kunci]
    raise KeyError(f"aturan narasi '{kunci}' tidak dikenal")


def nilai_mesin(inst: Instansi, m: Metode, tabel: str, kunci: str, kolom: str) -> object:
    """What the engine computes from the model for one tercatat address (a Hasil or a value)."""
    th = inst.tahun
    if tabel in ("pengukuran", "renstra"):
        semua = {i.kode: i for mi in inst.misi for tj in mi.tujuan for i in tj.indikator}
        semua |= {i.kode: i for i in inst.semua_indikator()}
        i = semua[kunci]
        if kolom.startswith("target_") and kolom[7:].isdigit():
            t = i.target.get((inst.renstra_awal or th) + int(kolom[7:]) - 1)
            return t.nilai if t else None
        c = i.capaian(m, th)
        nilai = {
            "capaian": lambda: c,
            "capaian_tampil": lambda: m.dibatasi(c, "tampilan"),
            "predikat": lambda: m.predikat(c),
            "capaian_akhir": lambda: i.capaian_akhir(m, th),
            "capaian_lalu": lambda: i.capaian(m, th - 1),
            "target": lambda: i.target[th].nilai if th in i.target else None,
            "target_akhir": lambda: i.target_akhir.nilai if i.target_akhir else None,
            "realisasi": lambda: i.realisasi[th].nilai if th in i.realisasi else None,
            "nama": lambda: i.nama,
        }
        return nilai[kolom]()
    if tabel in ("pengukuran_sasaran", "pengukuran_misi", "keseluruhan"):
        if tabel == "keseluruhan":
            if kolom == "capaian_lalu":
                return inst.capaian(m, th - 1)
            c = inst.capaian(m)
        elif tabel == "pengukuran_sasaran":
            c = next(s for s in inst.semua_sasaran() if s.kode == kunci).capaian(m, th)
        else:
            c = next(mi for mi in inst.misi if mi.kode == kunci).capaian(m, th)
        return {"capaian": c, "predikat": m.predikat(c)}[kolom]
    if tabel == "anggaran":
        if kunci == "jumlah":
            pagu, real = _total(inst)
        else:
            b = next(b for b in inst.baris_anggaran() if b.kode == kunci)
            pagu, real = b.pagu_anak(), b.realisasi_anak()
        return _uang(kolom, pagu, real, m)
    if tabel == "belanja":
        return _uang(kolom, *_belanja(inst, kunci), m)
    if tabel == "efisiensi":
        sasaran = inst.semua_sasaran()
        kode = [s.kode for s in sasaran] if kunci == "jumlah" else [kunci]
        rows = [b for b in inst.baris_anggaran() if b.sasaran in kode]
        pagu = sum(b.pagu_anak() or 0.0 for b in rows)
        real = sum(b.realisasi_anak() or 0.0 for b in rows)
        if kunci == "jumlah":
            # The column's own mean, as a footer row under it would be.
            c = m.agregasi.rata_rata([s.capaian(m, th) for s in sasaran], m.pembulatan.ekspr)
        else:
            c = next(s for s in sasaran if s.kode == kunci).capaian(m, th)
        if kolom == "capaian":
            return c
        if kolom in ("efisiensi", "kategori"):
            e, kat = m.efisiensi_dari(c, m.serapan(pagu, real), pagu, real)
            return e if kolom == "efisiensi" else kat
        return _uang(kolom, pagu, real, m)
    raise KeyError(f"tabel '{tabel}' tidak dikenal")


def nilai_program(data: dict, m: Metode, kunci: str, kolom: str) -> Hasil:
    """What the engine computes for one figure of a Kinerja Program row (by its ``id``)."""
    d = next(b for b in data.get("kinerja_program", []) if b["id"] == kunci)
    real = d["realisasi"]["nilai"] if isinstance(d["realisasi"], dict) else d["realisasi"]
    t = d["target"]
    c = m.capaian(
        t[0] if isinstance(t, list) else t,
        real,
        d.get("polaritas", "positif"),
        d.get("jenis", "angka"),
        t[1] if isinstance(t, list) else None,
    )
    nilai = {
        "capaian": lambda: c,
        "capaian_tampil": lambda: m.dibatasi(c, "tampilan"),
        "predikat": lambda: m.predikat(c),
    }
    return nilai[kolom]()


def _normal_kata(s: str) -> str:
    s = s.lower().replace("milyar", "miliar").replace("rupiah", " ")
    return " ".join(re.sub(r"[^a-z ]", " ", s).split())


def cocok(e: dict, dihitung: object, m: Metode) -> bool:
    """Does a recorded entry agree with the engine's value, at the decimals it was printed with?"""
    v = dihitung.nilai if isinstance(dihitung, Hasil) else dihitung
    t = e["nilai"]
    if t is None or t == "-":
        return v is None
    if v is None:
        return False
    if isinstance(t, dict):
        return {k: n for k, n in t.items() if n} == {k: n for k, n in dict(v).items() if n}
    if isinstance(t, str) or isinstance(v, str):
        if not (isinstance(t, str) and isinstance(v, str)):
            return False
        if len(t.split()) > 3:  # amounts in words
            return _normal_kata(t) == _normal_kata(v)
        return t.strip().casefold() == v.strip().casefold()
    desimal = e.get("desimal", m.pembulatan.desimal)
    return abs(Pembulatan(m.pembulatan.mode, desimal).terapkan(float(v)) - float(t)) < 1e-9


@dataclass(frozen=True)
class Perbandingan:
    """One recorded figure next to what the engine computes; `cocok` None: not recomputable."""

    tabel: str
    kunci: str
    kolom: str
    entri: dict
    dihitung: object
    cocok: bool | None

    @property
    def tercatat(self) -> object:
        return self.entri["nilai"]

    @property
    def temuan(self) -> str | None:
        return self.entri.get("temuan")

    @property
    def nilai(self) -> object:
        return self.dihitung.nilai if isinstance(self.dihitung, Hasil) else self.dihitung


def bandingkan_contoh(nama: str, dikoreksi: bool = False) -> list[Perbandingan]:
    """Every tercatat entry compared with the engine, on the as-published or corrected model."""
    data = data_contoh(nama, dikoreksi)
    inst, m = _instansi(data, dikoreksi)
    out = []
    for tabel, isi in tercatat_contoh(nama).items():
        for kunci, kol in isi.items():
            if tabel == "narasi":
                v = narasi_mesin(data, inst, m, kunci)
                out += [Perbandingan(tabel, kunci, "nilai", e, v, cocok(e, v, m)) for e in kol]
                continue
            if tabel == "keseluruhan":
                kunci, kol = "", {kunci: kol}
            for kolom, es in kol.items():
                if tabel == "kinerja_program":
                    v = nilai_program(data, m, kunci, kolom)
                else:
                    v = nilai_mesin(inst, m, tabel, kunci, kolom)
                out += [
                    Perbandingan(
                        tabel,
                        kunci,
                        kolom,
                        e,
                        v,
                        None if e.get("hitung") is False else cocok(e, v, m),
                    )
                    for e in es
                ]
    return out


# -- workbook --------------------------------------------------------------------------------


def _sel(ws, t: S.Tabel, kolom: str, r: int, nilai: object) -> None:
    ws[f"{t.huruf(kolom)}{r}"] = nilai


def _tambah(ws, alamat: str, teks: str) -> None:
    lama = ws[alamat].value
    if not lama:
        ws[alamat] = teks
    else:
        ws[alamat] = f"{lama} {teks}" if str(lama).endswith(".") else f"{lama}; {teks}"


def _renstra_seperti_sumber(wb: Workbook, data: dict, baris: dict) -> None:
    """The Renstra sheet shows the Renstra target of the report year where the PK differs, and
    the Renstra version the targets come from."""
    th, awal = data["tahun"], data.get("renstra_awal") or data["tahun"]
    j = th - awal + 1
    for i in _semua_indikator(data):
        r = baris["renstra"].get(i["kode"])
        if not r:
            continue
        if data.get("versi_renstra"):
            _sel(wb["Renstra"], S.RENSTRA, "versi", r, data["versi_renstra"])
        v = i["target"].get(str(th))
        if 1 <= j <= 5 and i.get("target_pk") is not None and v != i["target_pk"]:
            _sel(wb["Renstra"], S.RENSTRA, f"target_{j}", r, v)


def _induk_tanpa_angka(wb: Workbook, inst: Instansi, baris: dict) -> None:
    """Parent rows whose figures the report does not print keep the template's sums."""
    ws, t = wb["Anggaran"], S.ANGGARAN
    tingkat = {Program: "Program", Kegiatan: "Kegiatan"}
    for b in inst.baris_anggaran():
        if not b.anak:
            continue
        r = baris["anggaran"][b.kode]
        for kolom, v in (("pagu", b.pagu), ("realisasi", b.realisasi)):
            if v is None:
                _sel(ws, t, kolom, r, rumus_induk(kolom, r, tingkat[type(b)]))


def _isi_kinerja_program(wb: Workbook, data: dict, baris: dict) -> None:
    """The Kinerja Program rows, one per indicator of a budget row, in the order given."""
    ws, t = wb[S.KINERJA_PROGRAM.lembar], S.KINERJA_PROGRAM
    baris["kinerja_program"] = {}
    for n, d in enumerate(data.get("kinerja_program", [])):
        r = t.baris_awal + n
        if r > t.baris_akhir:
            raise ValueError(f"lembar {t.lembar} hanya menyediakan {t.kapasitas} baris")
        baris["kinerja_program"][d["id"]] = r
        real = d["realisasi"]
        nilai = {
            "kode": d["kode"],
            "jenis_indikator": d["jenis_indikator"],
            "indikator": d.get("indikator"),
            "satuan": d.get("satuan"),
            "polaritas": d.get("polaritas", "positif"),
            "jenis": d.get("jenis", "angka"),
            "target": d["target"][0] if isinstance(d["target"], list) else d["target"],
            "target_atas": d["target"][1] if isinstance(d["target"], list) else None,
            "realisasi": real["nilai"] if isinstance(real, dict) else real,
            "pembilang": real.get("pembilang") if isinstance(real, dict) else None,
            "penyebut": real.get("penyebut") if isinstance(real, dict) else None,
            "keterangan": f"Sumber: {d['sumber']}" if d.get("sumber") else None,
        }
        for kolom, v in nilai.items():
            if v is not None:
                _sel(ws, t, kolom, r, v)


def _isi_jenjang(wb: Workbook, data: dict, dikoreksi: bool) -> None:
    """The Jenjang Kinerja rows in the order given; the signature block's NIP (as published)."""
    ws, t = wb[S.JENJANG.lembar], S.JENJANG
    indikator = {i["kode"]: i for i in _semua_indikator(data)}
    kolom = {k.kunci for k in t.kolom if k.isian}
    for n, d in enumerate(data.get("jenjang", [])):
        r = t.baris_awal + n
        if r > t.baris_akhir:
            raise ValueError(f"lembar {t.lembar} hanya menyediakan {t.kapasitas} baris")
        nilai = dict(d)
        if "indikator_dari" in d:
            i = indikator[d["indikator_dari"]]
            nilai.setdefault("indikator", i["nama"])
            for k in ("satuan", "polaritas", "jenis"):
                if i.get(k) is not None:
                    nilai.setdefault(k, i[k])
            nilai.setdefault("target", i.get("target_pk"))
        for k, v in nilai.items():
            if k in kolom and v is not None:
                _sel(ws, t, k, r, v)
    ttd = data.get("tanda_tangan") or {}
    if not dikoreksi and ttd.get("nip_kepala"):
        lembar, sel = sel_pengaturan()["nip_kepala"].split("!")
        wb[lembar][sel.replace("$", "")] = ttd["nip_kepala"]


def _tulis_tercatat(wb: Workbook, tercatat: dict, baris: dict, inst: Instansi) -> None:
    induk = {b.kode for b in inst.baris_anggaran() if b.anak}
    for tabel, isi in tercatat.items():
        if tabel not in _TULIS:
            continue
        if tabel == "keseluruhan":
            isi = {"": isi}
        for kunci, kol in isi.items():
            if tabel == "keseluruhan":
                ws, t, r = wb["Pengukuran"], S.PENGUKURAN_MISI, S.BARIS_KESELURUHAN
            elif tabel == "anggaran":
                ws, t = wb["Anggaran"], S.ANGGARAN
                r = S.BARIS_TOTAL if kunci == "jumlah" else baris["anggaran"].get(kunci)
            elif tabel == "belanja":
                ws, t = wb["Anggaran"], S.ANGGARAN
                r = S.BARIS_BELANJA + 1 + S.JENIS_BELANJA.index(kunci)
            else:
                t = S.TABEL[tabel]
                ws, r = wb[t.lembar], baris[tabel].get(kunci)
            if r is None:
                continue  # a figure with no row in the template (e.g. a table footer)
            boleh = set(_TULIS[tabel])
            if (tabel == "anggaran" and (kunci == "jumlah" or kunci in induk)) or (
                tabel == "belanja" and kunci in ("Belanja Operasi", "Total Belanja")
            ):
                boleh |= {"pagu", "realisasi"}
            for kolom, es in kol.items():
                if kolom in boleh and entri(es):
                    _sel(ws, t, kolom, r, entri(es)[0]["nilai"])


def _alamat_catatan(tempat: str, baris: dict) -> tuple[str, str] | None:
    """The sheet and keterangan cell a catatan/koreksi path belongs to, or None."""
    jenis, _, sisa = tempat.partition("/")
    kode, _, bidang = sisa.partition("/")
    if jenis == "identitas":
        kunci = [i.kunci for i in isian_pengaturan()]
        return ("Pengaturan", f"C{BARIS_PENGATURAN + kunci.index(kode)}") if kode in kunci else None
    if jenis == "indikator":
        bidang = bidang.split("/")[0]
        tabel = (
            S.RENSTRA
            if bidang in ("target", "target_akhir", "kondisi_awal")
            else S.PK
            if bidang in ("target_pk", "target_perubahan")
            else S.PENGUKURAN
        )
        r = baris[tabel.kunci].get(kode)
    elif jenis == "anggaran":
        tabel, r = S.ANGGARAN, baris["anggaran"].get(kode)
    elif jenis == "kinerja_program":
        tabel, r = S.KINERJA_PROGRAM, baris.get("kinerja_program", {}).get(kode)
    elif jenis == "sasaran":
        tabel, r = S.EFISIENSI, baris["efisiensi"].get(kode)
    else:
        return None
    return (tabel.lembar, f"{tabel.huruf('keterangan')}{r}") if r else None


def _tulis_catatan(wb: Workbook, data: dict, baris: dict, dikoreksi: bool) -> None:
    for c in data.get("catatan", []):
        a = _alamat_catatan(c["tempat"], baris)
        if a:
            _tambah(wb[a[0]], a[1], c["catatan"])
    if dikoreksi:
        for k in data.get("koreksi", []):
            a = _alamat_catatan(k["tempat"], baris)
            if a:
                teks = f"Dikoreksi: semula {_format(k['semula'])}, menjadi {_format(k['nilai'])}."
                _tambah(wb[a[0]], a[1], f"{teks} {k['alasan']}")


def _format(v: object) -> str:
    if isinstance(v, bool) or v is None:
        return str(v)
    if isinstance(v, (int, float)):
        if float(v).is_integer():
            return f"{int(v):,}".replace(",", ".")
        return f"{v:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if isinstance(v, dict):
        return ", ".join(f"{k} {n}" for k, n in v.items())
    return str(v)


def _teks_benar(kunci: str, nilai: object) -> str:
    label = NARASI.get(kunci, kunci)
    if kunci.startswith("terbilang_") and isinstance(nilai, str):
        return f"{label}: {nilai}"
    if isinstance(nilai, int):
        return f"{label}: {nilai} ({num2words(nilai, lang='id')})"
    return f"{label}: {_format(nilai)}"


def _tulis_narasi(wb: Workbook, data: dict, inst: Instansi, m: Metode, dikoreksi: bool) -> None:
    """Narrative figures in the Narasi sheet: as printed, or corrected from the model."""
    ws, t = wb["Narasi"], S.NARASI
    r = t.baris_awal
    for kunci, isi in data["tercatat"].get("narasi", {}).items():
        if dikoreksi:
            rows = [_teks_benar(kunci, narasi_mesin(data, inst, m, kunci))]
        else:
            rows = [
                f"[{e['sumber']}] {e.get('kutipan') or e.get('tertulis') or _format(e['nilai'])}"
                for e in entri(isi)
            ]
        for teks in rows:
            if r > t.baris_akhir:
                raise ValueError(f"lembar Narasi hanya menyediakan {t.kapasitas} baris")
            _sel(ws, t, "kunci", r, kunci)
            _sel(ws, t, "teks", r, teks)
            r += 1


VERSI_ANGGARAN = (
    "pagu_murni",
    "no_dpa",
    "pagu_perubahan",
    "no_dppa",
    "sumber_dana",
    "jenis_belanja",
)


def _isi_versi_anggaran(wb: Workbook, data: dict, baris: dict) -> None:
    """The budget-version columns of the Anggaran rows that carry them."""
    ws, t = wb[S.ANGGARAN.lembar], S.ANGGARAN
    for b in _semua_baris(data["anggaran"]):
        r = baris["anggaran"].get(b["kode"])
        for kolom in VERSI_ANGGARAN:
            if r is not None and b.get(kolom) is not None:
                _sel(ws, t, kolom, r, b[kolom])


def _isi_renstra_pendanaan(wb: Workbook, data: dict) -> None:
    """The Renstra funding matrix rows, in the order given."""
    t = S.RENSTRA_PENDANAAN
    ws = wb[t.lembar]
    for n, d in enumerate(data.get("renstra_pendanaan", [])):
        r = t.baris_awal + n
        if r > t.baris_akhir:
            raise ValueError(f"lembar {t.lembar} hanya menyediakan {t.kapasitas} baris")
        for kolom, v in d.items():
            if kolom in ("target", "pagu"):
                for i, x in enumerate(v, 1):
                    if x is not None:
                        _sel(ws, t, f"{kolom}_{i}", r, x)
            elif v is not None:
                _sel(ws, t, kolom, r, v)


def bangun_contoh(nama: str, dikoreksi: bool = False) -> Workbook:
    """The example in the template: as published (printed figures as constants over the formula
    cells, errors included) or corrected (input errors fixed, every derived cell a formula)."""
    data = data_contoh(nama, dikoreksi)
    inst, m = _instansi(data, dikoreksi)
    wb = bangun_workbook(m)
    baris = isi_workbook(wb, inst, m, induk_rumus=dikoreksi)
    _isi_kinerja_program(wb, data, baris)
    _isi_jenjang(wb, data, dikoreksi)
    _isi_versi_anggaran(wb, data, baris)
    _isi_renstra_pendanaan(wb, data)
    if data.get("versi_renstra"):  # the version the report's comparisons use
        lembar, sel = wb.defined_names["xk_versi_renstra"].attr_text.split("!")
        wb[lembar][sel.replace("$", "")] = data["versi_renstra"]
    _renstra_seperti_sumber(wb, data, baris)
    if not dikoreksi:
        _induk_tanpa_angka(wb, inst, baris)
        _tulis_tercatat(wb, data["tercatat"], baris, inst)
    _tulis_catatan(wb, data, baris, dikoreksi)
    _tulis_narasi(wb, data, inst, m, dikoreksi)
    atur_cetak(wb, terisi=True)
    return wb


__all__ = [
    "CONTOH",
    "NARASI",
    "Perbandingan",
    "bandingkan_contoh",
    "bangun_contoh",
    "cocok",
    "data_contoh",
    "entri",
    "instansi_contoh",
    "narasi_mesin",
    "nilai_di",
    "nilai_mesin",
    "nilai_program",
    "tercatat_contoh",
    "terbilang",
]
