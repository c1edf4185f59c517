"""Periksa checks of the Jenjang Kinerja sheet (the Perjanjian Kinerja of every official: eselon II
→ III → IV → fungsional, with the budget lines each is responsible for) and of the Rencana Aksi
sheet (quarterly targets and realisasi per indicator).

The computed columns (capaian, predikat, the pagu looked up from Anggaran, the year's figures of
the quarters) are compared with the reference by `periksa.cek_hitung_ulang` through their declared
codes (JEN01 to JEN04); this module adds what a recomputation does not say: a row with no parent or
a parent that does not exist, a budget code Anggaran lacks, budgets of the officials below that do
not add up to their superior's (or, at the top, to Anggaran), a budget line given to two officials
or to none, the changes between PK murni and PK perubahan (info), quarterly figures that do not give
the indicator's year figure, names/NIP that differ from the signature block or between rows, and a
child target that differs from its parent's where both measure the same indicator.

Budget lines: one code per row (`kode_anggaran`); a PK line responsible for several budget lines
is repeated, one row per code (same kode, indicator and target). An official is the pair
(tingkat, jabatan); where an official has PK perubahan rows, those are the official's current PK.

Registered on `katalog.PERIKSA` when `periksa` imports this module (as `program`); `k` is
periksa's `Konteks` and `out` its `Catatan`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from xlkinerja.buku.antarmuka import GalatBuku
from xlkinerja.cek.katalog import PERIKSA
from xlkinerja.inti.nilai import sama, teks
from xlkinerja.inti.rumus import Galat, Nilai, is_number
from xlkinerja.templat import skema as S

T = S.JENJANG
RA = S.RENCANA_AKSI
_BULAN = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
).split()


def _kunci(v: Nilai) -> str:
    return str(v).strip() if v is not None and not isinstance(v, Galat) else ""


def _lipat(v: Nilai) -> str:
    """Text compared without case and runs of spaces."""
    return " ".join(_kunci(v).casefold().split())


def _angka(v: Nilai) -> str:
    """The digits of a NIP ('19741023 100501 1 010' → '197410231005011010')."""
    if is_number(v):
        v = f"{float(v):.0f}"
    return "".join(c for c in _kunci(v) if c.isdigit())


def tanggal(v: Nilai) -> str:
    """A PK date as Indonesian text ('1 Agustus 2024'); a date serial is read as Excel's."""
    if is_number(v) and not isinstance(v, bool):
        v = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(v))
    if isinstance(v, (dt.date, dt.datetime)):
        return f"{v.day} {_BULAN[v.month - 1]} {v.year}"
    return _kunci(v) or "tanpa tanggal"


@dataclass(frozen=True)
class Baris:
    r: int
    v: dict[str, Nilai]

    @property
    def pejabat(self) -> tuple[str, str]:
        return (_lipat(self.v.get("tingkat")), _lipat(self.v.get("jabatan")))

    @property
    def perubahan(self) -> bool:
        return _lipat(self.v.get("versi")) == "perubahan"

    @property
    def tingkat(self) -> int:
        """0 for eselon II … 3 for fungsional; 9 when not one of `TINGKAT_JENJANG`."""
        for i, nama in enumerate(S.TINGKAT_JENJANG):
            if _lipat(self.v.get("tingkat")) == nama.casefold():
                return i
        return 9

    def __getitem__(self, kolom: str) -> Nilai:
        return self.v.get(kolom)


def _baris(k: Any) -> list[Baris]:
    return [Baris(r, v) for r, v in k.b.isi(T.kunci)]


def _sel(t: S.Tabel, kolom: str, r: int) -> tuple[str, str]:
    return (t.lembar, f"{t.huruf(kolom)}{r}")


def _kini(rows: list[Baris]) -> list[Baris]:
    """Each official's current PK: the perubahan rows where there are some, else the others."""
    ubah = {x.pejabat for x in rows if x.perubahan}
    return [x for x in rows if x.perubahan == (x.pejabat in ubah)]


def _anggaran(k: Any) -> dict[str, tuple[int, float | None]]:
    """Anggaran rows by code (without case): row and pagu as the workbook should show it."""
    a = S.ANGGARAN
    out: dict[str, tuple[int, float | None]] = {}
    for r, v in k.b.isi("anggaran"):
        kode = _lipat(v.get("kode"))
        if not kode or kode in out:
            continue
        pg = k.ruj.get((a.lembar, f"{a.huruf('pagu')}{r}"), v.get("pagu"))
        out[kode] = (r, float(pg) if is_number(pg) else None)
    return out


@PERIKSA.cek("JEN05", "JEN06", "JEN07", "LEN06")
def cek_induk(k: Any, out: Any) -> None:
    """No parent below eselon II, a parent code nowhere above, a budget code Anggaran lacks,
    required cells left empty."""
    rows = _baris(k)
    kode: dict[str, list[Baris]] = defaultdict(list)
    for x in rows:
        for kol in ("kode", "kode_sasaran"):
            if _lipat(x[kol]):
                kode[_lipat(x[kol])].append(x)
    luar = {
        _lipat(v.get(kol))
        for tabel, kol in (("pengukuran", "kode_sasaran"), ("pengukuran", "kode"))
        for _, v in k.b.isi(tabel)
    }
    ang = _anggaran(k)
    for x in rows:
        induk = _lipat(x["kode_induk"])
        if not induk:
            if x.tingkat > 0:
                rinci = f"{_kunci(x['jabatan'])}, indikator '{teks(x['indikator'])}'"
                out.catat("JEN05", *_sel(T, "kode_induk", x.r), rinci=rinci)
        elif not any(y.r != x.r for y in kode.get(induk, ())) and induk not in luar:
            rinci = f"{_kunci(x['jabatan'])}, indikator '{teks(x['indikator'])}'"
            out.catat("JEN06", *_sel(T, "kode_induk", x.r), x["kode_induk"], None, rinci)
        kode_ang = _lipat(x["kode_anggaran"])
        if kode_ang and kode_ang not in ang:
            rinci = f"{_kunci(x['jabatan'])}"
            out.catat("JEN07", *_sel(T, "kode_anggaran", x.r), x["kode_anggaran"], None, rinci)
    for t, daftar in ((T, rows), (RA, [Baris(r, v) for r, v in k.b.isi(RA.kunci)])):
        for kol in t.kolom:
            if not (kol.wajib and kol.isian):
                continue
            sels = [f"{t.huruf(kol.kunci)}{x.r}" for x in daftar if not _kunci(x[kol.kunci])]
            if sels:
                rinci = f"kolom {kol.judul}, {len(sels)} sel: {', '.join(sels[:6])}"
                out.catat("LEN06", t.lembar, sels[0], rinci=rinci + (" …" if len(sels) > 6 else ""))


def _di_bawah(kode: str, atas: str) -> bool:
    """`kode` is `atas` or one of its descendants (2.07.01.1.01.0001 under 2.07.01)."""
    return kode == atas or kode.startswith(atas + ".")


def _nama_pejabat(x: Baris) -> str:
    nama = _kunci(x["nama"])
    return _kunci(x["jabatan"]) + (f" ({nama})" if nama else "")


@PERIKSA.cek("JEN08", "JEN09", "JEN10")
def cek_anggaran(k: Any, out: Any) -> None:
    """Budget lines down the cascade: each given to one official, every sub kegiatan to someone,
    the officials below a superior holding together the superior's budget, the top level the
    whole Anggaran."""
    rows = [x for x in _kini(_baris(k)) if _lipat(x["kode_anggaran"])]
    if not rows:
        return
    ang = _anggaran(k)
    pemilik: dict[str, list[Baris]] = defaultdict(list)
    for x in rows:
        pemilik[_lipat(x["kode_anggaran"])].append(x)
    # the same code at two levels is the cascade (a program of the Kepala Dinas and of a Kepala
    # Bidang); at one level it is a line with two officials responsible
    setingkat: dict[tuple[str, int], list[Baris]] = defaultdict(list)
    for x in rows:
        setingkat[(_lipat(x["kode_anggaran"]), x.tingkat)].append(x)
    for daftar in setingkat.values():
        pertama = daftar[0]
        for x in daftar:
            if x.pejabat != pertama.pejabat:
                rinci = f"{_kunci(x['kode_anggaran'])} juga milik {_nama_pejabat(pertama)}"
                rinci += f" ({T.lembar} baris {pertama.r})"
                out.catat("JEN09", *_sel(T, "kode_anggaran", x.r), x["kode_anggaran"], None, rinci)
    # every lowest budget line (a row without children) has an official: itself, or its nearest
    # parent given to someone when nothing below that parent is given to anyone else
    diberi = set(pemilik)
    for r, v in k.b.isi("anggaran"):
        kode = _lipat(v.get("kode"))
        if not kode or kode in diberi or k.b.anak.get(r):
            continue
        bagian = kode.split(".")
        induk = [".".join(bagian[:i]) for i in range(len(bagian) - 1, 0, -1)]
        atas = next((c for c in induk if c in diberi), None)
        if atas is not None and not any(c.startswith(atas + ".") for c in diberi):
            continue
        rinci = f"{_kunci(v.get('kode'))} {_kunci(v.get('uraian'))}"
        pg = ang.get(kode, (r, None))[1]
        a = S.ANGGARAN
        out.catat("JEN10", a.lembar, f"{a.huruf('kode')}{r}", pg, None, rinci)
    # each official's budget: Σ pagu of the distinct codes given to them
    punya: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    pertama: dict[tuple[str, str], Baris] = {}
    for x in rows:
        pertama.setdefault(x.pejabat, x)
        kode = _lipat(x["kode_anggaran"])
        pg = ang.get(kode, (0, None))[1]
        if pg is not None:
            punya[x.pejabat][kode] = pg
    semua = _kini(_baris(k))
    kode_pejabat: dict[tuple[str, str], set[str]] = defaultdict(set)
    for x in semua:
        kode_pejabat[x.pejabat] |= {_lipat(x["kode"]), _lipat(x["kode_sasaran"])} - {""}
    bawahan: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for x in semua:
        induk = _lipat(x["kode_induk"])
        for p, kodes in kode_pejabat.items():
            if p != x.pejabat and induk in kodes:
                bawahan[p].add(x.pejabat)
    for p, x in pertama.items():
        # the lines below that fall under this official's own lines (a program and its sub
        # kegiatan); lines of their own beside the superior's are not compared
        bawah: dict[str, float] = {}
        for b in bawahan.get(p, ()):
            for kode, pg in punya.get(b, {}).items():
                if any(_di_bawah(kode, c) for c in punya[p]):
                    bawah[kode] = pg
        if not punya[p] or not bawah:
            continue
        atas = sum(pg for c, pg in punya[p].items() if any(_di_bawah(b, c) for b in bawah))
        if not sama(atas, sum(bawah.values())):
            anak = sorted(b for b in bawahan[p] if set(punya.get(b, {})) & set(bawah))
            jumlah_anak = {b: sum(v for c, v in punya[b].items() if c in bawah) for b in anak}
            nama = ", ".join(
                f"{_nama_pejabat(pertama[b])} {teks(v)}" for b, v in jumlah_anak.items()
            )
            out.catat("JEN08", *_sel(T, "pagu", x.r), atas, sum(bawah.values()), f"bawahan: {nama}")
    # the Kepala Dinas holding the programs: together the whole Anggaran
    kepala = [p for p, x in pertama.items() if x.tingkat == 0]
    puncak = [pg for kode, (_, pg) in ang.items() if not any(kode.startswith(c + ".") for c in ang)]
    total = sum(pg for pg in puncak if pg is not None)
    jumlah = sum(sum(punya[p].values()) for p in kepala)
    if kepala and total and jumlah and not sama(total, jumlah):
        x = pertama[kepala[0]]
        rinci = "Σ pagu eselon II dibanding jumlah lembar Anggaran"
        out.catat("JEN08", *_sel(T, "pagu", x.r), jumlah, total, rinci)


_BANDING = (("indikator", "indikator"), ("target", "target"), ("satuan", "satuan"))


@PERIKSA.cek("JEN11")
def cek_perubahan(k: Any, out: Any) -> None:
    """PK murni against PK perubahan, per official and indicator code: what changed, with dates
    (information, not errors)."""
    per: dict[tuple[str, str], tuple[list[Baris], list[Baris]]] = defaultdict(lambda: ([], []))
    for x in _baris(k):
        per[x.pejabat][1 if x.perubahan else 0].append(x)
    for murni, ubah in per.values():
        if not murni or not ubah:
            continue
        tgl = f"murni {tanggal(murni[0]['tanggal'])}, perubahan {tanggal(ubah[0]['tanggal'])}"
        m = {_lipat(x["kode"]): x for x in murni}
        u = {_lipat(x["kode"]): x for x in ubah}
        for kode, y in u.items():
            x = m.get(kode)
            if x is None:
                rinci = f"{_nama_pejabat(y)}: indikator {_kunci(y['kode'])} ditambahkan; {tgl}"
                out.catat("JEN11", *_sel(T, "indikator", y.r), None, y["indikator"], rinci)
                continue
            for kol, judul in _BANDING:
                if not sama(x[kol], y[kol]):
                    rinci = f"{_nama_pejabat(y)}: {judul} {_kunci(y['kode'])}; {tgl}"
                    out.catat("JEN11", *_sel(T, kol, y.r), x[kol], y[kol], rinci)
            kode_ang = {_lipat(z["kode_anggaran"]) for z in ubah if _lipat(z["kode"]) == kode} - {
                ""
            }
            kode_murni = {
                _lipat(z["kode_anggaran"]) for z in murni if _lipat(z["kode"]) == kode
            } - {""}
            if kode_ang != kode_murni:
                rinci = f"{_nama_pejabat(y)}: anggaran {_kunci(y['kode'])}; {tgl}"
                out.catat(
                    "JEN11",
                    *_sel(T, "kode_anggaran", y.r),
                    ", ".join(sorted(kode_murni)),
                    ", ".join(sorted(kode_ang)),
                    rinci,
                )
        for kode, x in m.items():
            if kode not in u:
                rinci = f"{_nama_pejabat(x)}: indikator {_kunci(x['kode'])} dihapus; {tgl}"
                out.catat("JEN11", *_sel(T, "indikator", x.r), x["indikator"], None, rinci)


@PERIKSA.cek("JEN12", "JEN15", "JEN16")
def cek_rencana_aksi(k: Any, out: Any) -> None:
    """The year's figures of the quarters (Rencana Aksi) against the indicator's realisasi and
    target (Jenjang Kinerja, the current PK)."""
    indikator: dict[str, Baris] = {}
    for x in _kini(_baris(k)):
        indikator.setdefault(_lipat(x["kode"]), x)
    for r, v in k.b.isi(RA.kunci):
        x = indikator.get(_lipat(v.get("kode")))
        if x is None:
            out.catat("JEN15", *_sel(RA, "kode", r), v.get("kode"))
            continue
        for kol_ra, kol, kode in (
            ("realisasi_tahun", "realisasi", "JEN12"),
            ("target_tahun", "target", "JEN16"),
        ):
            tahun = k.ruj.get(_sel(RA, kol_ra, r))
            isi = x[kol]
            if is_number(tahun) and is_number(isi) and not sama(tahun, isi):
                rinci = (
                    f"{RA.lembar}!{RA.huruf(kol_ra)}{r} = {teks(tahun)} "
                    f"({_kunci(v.get('agregasi'))} dari TW I–IV)"
                )
                out.catat(kode, *_sel(T, kol, x.r), isi, tahun, rinci)


def _pengaturan(k: Any, kunci: str) -> Nilai:
    try:
        return k.b.buku.nilai_nama(f"xk_{kunci}")
    except GalatBuku:
        return None


@PERIKSA.cek("JEN13")
def cek_nama_nip(k: Any, out: Any) -> None:
    """Eselon II rows against the signature block (Pengaturan kepala, nip_kepala); the same
    official with another name or NIP on another row; a NIP that is not 18 digits."""
    kepala, nip_kepala = _pengaturan(k, "kepala"), _pengaturan(k, "nip_kepala")
    dilihat: dict[tuple[str, str], dict[str, Baris]] = defaultdict(dict)
    for x in _baris(k):
        for kol, sama_ini in (("nama", _lipat), ("nip", _angka)):
            isi = x[kol]
            if not sama_ini(isi):
                continue
            if kol == "nip" and len(_angka(isi)) != 18:
                rinci = f"{_nama_pejabat(x)}: NIP {len(_angka(isi))} angka, seharusnya 18"
                out.catat("JEN13", *_sel(T, kol, x.r), isi, None, rinci)
            atur = kepala if kol == "nama" else nip_kepala
            if x.tingkat == 0 and sama_ini(atur) and sama_ini(atur) != sama_ini(isi):
                judul = "Nama kepala" if kol == "nama" else "NIP kepala"
                rinci = f"{_nama_pejabat(x)}; {judul} di lembar Pengaturan (blok tanda tangan)"
                out.catat("JEN13", *_sel(T, kol, x.r), isi, atur, rinci)
                continue
            lain = dilihat[x.pejabat].setdefault(kol, x)
            if sama_ini(lain[kol]) != sama_ini(isi):
                rinci = f"{_kunci(x['jabatan'])}: baris {lain.r} menulis {teks(lain[kol])}"
                out.catat("JEN13", *_sel(T, kol, x.r), isi, lain[kol], rinci)


@PERIKSA.cek("JEN14")
def cek_target_induk(k: Any, out: Any) -> None:
    """A row whose parent is an indicator of the same name and unit, with another target."""
    rows = _kini(_baris(k))
    per_kode: dict[str, Baris] = {}
    for x in rows:
        per_kode.setdefault(_lipat(x["kode"]), x)
    for x in rows:
        p = per_kode.get(_lipat(x["kode_induk"]))
        if p is None or p.r == x.r:
            continue
        if _lipat(p["indikator"]) != _lipat(x["indikator"]):
            continue
        if _lipat(p["satuan"]) != _lipat(x["satuan"]):
            continue
        if is_number(p["target"]) and is_number(x["target"]) and not sama(p["target"], x["target"]):
            rinci = f"induk {_kunci(p['kode'])} ({_nama_pejabat(p)}, baris {p.r})"
            out.catat("JEN14", *_sel(T, "target", x.r), x["target"], p["target"], rinci)
