"""Periksa: the reviu checks over one workbook, read-only.

Every check is a function registered on `katalog.PERIKSA` with the codes it emits (declared in
`katalog.KATALOG`); they run in the order this module defines them, which is the report's order.
`temukan(b)` runs them all on a read workbook and returns `Temuan` objects. Recomputed values
always come from the methodology (`baca.rujukan`), never from a formula written here.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from xlkinerja.buku.antarmuka import Buku, GalatBuku, pisah_sel
from xlkinerja.cek import hierarki  # noqa: F401 - registers the hierarchy checks
from xlkinerja.cek.katalog import PERIKSA, Cek, pastikan_kode, temuan
from xlkinerja.cek.masukan import masukan_salah
from xlkinerja.cek.temuan import Temuan
from xlkinerja.inti.angka import (
    baca_angka,
    cocok_terbilang,
    terbilang,
    terbilang_rupiah,
)
from xlkinerja.inti.metode.pembulatan import Pembulatan
from xlkinerja.inti.nilai import sama, teks
from xlkinerja.inti.rumus import Nilai, cocok_kriteria, is_number
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import Bacaan, RujukanBertahap, baca, nilai_tampil, rujukan

KOLOM_PERSEN = {"capaian", "capaian_tampil", "capaian_akhir", "serapan", "efisiensi"}


# -- small helpers --------------------------------------------------------------------------------


def _kosong(v: Nilai) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _kunci(v: Nilai) -> str:
    return str(v).strip() if v is not None else ""


class Catatan(list[Temuan]):
    """The findings of one workbook, appended through `catat`; while a registered check runs
    (`cek`), only its own codes are accepted."""

    cek: Cek | None = None

    def catat(
        self,
        kode: str,
        lembar: str | None,
        sel: str | None,
        tercatat: Nilai | dict = None,
        seharusnya: Nilai | dict = None,
        rinci: str = "",
    ) -> None:
        if self.cek is not None:
            pastikan_kode(self.cek, kode)
        self.append(
            temuan(
                kode,
                PERIKSA.sumber,
                tempat=f"{lembar}!{sel}" if lembar and sel else (lembar or ""),
                tambahan=_rinci(rinci, tercatat, seharusnya),
                lembar=lembar,
                sel=sel,
                tercatat=teks(tercatat) if isinstance(tercatat, dict) else tercatat,
                seharusnya=teks(seharusnya) if isinstance(seharusnya, dict) else seharusnya,
            )
        )


def baris_berlaku(
    rows: list[tuple[int, dict[str, Nilai]]], versi: str
) -> dict[str, tuple[int, dict[str, Nilai]]]:
    """The first row of each code whose version is `versi` or empty, or, for a code without a
    row of that version, its first row: `skema.KODE_BERLAKU` in Python."""
    ada = {_kunci(v["kode"]) for _r, v in rows if _kunci(v.get("versi")).casefold() == versi}
    out: dict[str, tuple[int, dict[str, Nilai]]] = {}
    for r, v in rows:
        k, vs = _kunci(v["kode"]), _kunci(v.get("versi")).casefold()
        if k and k not in out and (vs in ("", versi) or k not in ada):
            out[k] = (r, v)
    return out


def _rinci(rinci: str, v: Nilai | dict, harus: Nilai | dict) -> str:
    """What a Periksa message adds to its code's text: the detail, the values."""
    isi = f" ({rinci})" if rinci else ""
    if v is None and harus is None:
        return isi
    if harus is None:
        return f"{isi}: tercatat {teks(v)}"
    return f"{isi}: tercatat {teks(v)}, seharusnya {teks(harus)}"


@dataclass
class Konteks:
    """One workbook read once, with its reference values and the values it shows."""

    b: Bacaan
    ruj: dict[tuple[str, str], Nilai]
    tampil: dict[tuple[str, str], Nilai]
    konstanta: set[tuple[str, str]]

    @property
    def m(self):
        return self.b.metode

    def sel(self, t: S.Tabel, kolom: str, r: int) -> tuple[str, str]:
        return (t.lembar, f"{t.huruf(kolom)}{r}")

    def varian(self, **ubah) -> RujukanBertahap:
        """The reference under another methodology (e.g. the other rounding mode), computed
        for the sheets whose cells are asked for."""
        b = Bacaan(self.b.buku, replace(self.m, **ubah), self.b.tata, self.b.baris)
        b.__dict__["anak"] = self.b.anak  # the same rows: the same children
        return RujukanBertahap(b)

    @cached_property
    def tahun(self) -> tuple[int | None, int | None]:
        out = []
        for nama in ("xk_tahun", "xk_renstra_awal"):
            try:
                v = self.b.buku.nilai_nama(nama)
            except GalatBuku:
                v = None
            out.append(int(v) if is_number(v) else None)
        return out[0], out[1]

    def atur(self, kunci: str, bawaan: Nilai = None) -> Nilai:
        """A Pengaturan cell by its key (`skema.Isian.kunci`); `bawaan` when absent or empty."""
        try:
            v = self.b.buku.nilai_nama(f"xk_{kunci}")
        except GalatBuku:
            v = None
        return bawaan if _kosong(v) else v

    @cached_property
    def versi_renstra(self) -> str:
        """The Renstra version in force, as Pengaturan says it ("perubahan" when absent)."""
        return _kunci(self.atur("versi_renstra", "perubahan")).casefold()

    @cached_property
    def nama_versi_renstra(self) -> str:
        """'Renstra perubahan, <regulation>': what a comparison with the Renstra names; plain
        'Renstra' when no row records a version."""
        ada = any(
            not _kosong(v.get("versi"))
            for t in ("renstra", "renstra_pendanaan")
            for _r, v in self.b.isi(t)
        )
        if not ada:
            return "Renstra"
        dasar = self.atur(f"renstra_dasar_{self.versi_renstra}")
        return f"Renstra {self.versi_renstra}" + (f", {teks(dasar)}" if dasar else "")

    @cached_property
    def renstra(self) -> dict[str, tuple[int, dict[str, Nilai]]]:
        """The Renstra row of each indicator code that the template's MATCH takes: the first of
        the version in force (`skema.KODE_BERLAKU`)."""
        return self.berlaku("renstra")

    def berlaku(self, tabel: str) -> dict[str, tuple[int, dict[str, Nilai]]]:
        """Rows of a Renstra table by code, version in force (`baris_berlaku`)."""
        return baris_berlaku(self.b.isi(tabel), self.versi_renstra)

    def target_renstra(self, kode: Nilai, tahun: int | None) -> tuple[bool, Nilai]:
        th, awal = self.tahun
        ren = self.renstra.get(_kunci(kode))
        if ren is None or tahun is None or awal is None or not 1 <= tahun - awal + 1 <= 5:
            return False, None
        return True, ren[1][f"target_{tahun - awal + 1}"]


def _konstanta(
    b: Bacaan, sel_rumus: set[tuple[str, str]], tampil: dict[tuple[str, str], Nilai]
) -> set[tuple[str, str]]:
    """Formula-owned cells holding a typed value instead of a formula (files only); `tampil`:
    the values shown, at least at those cells."""
    data = getattr(b.buku, "data", None)
    if data is None:
        return set()
    cepat = _konstanta_cepat(b, {k: tampil.get(k) for k in sel_rumus})
    if cepat is not None:
        return cepat
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # noqa: BLE001 - the values were readable; typed-cell detection is extra
        return set()
    out: set[tuple[str, str]] = set()
    per_lembar: dict[str, set[str]] = defaultdict(set)
    for lembar, sel in sel_rumus:
        per_lembar[lembar].add(sel)
    try:
        for lembar, sels in per_lembar.items():
            if lembar not in wb.sheetnames:
                continue
            maks = max(pisah_sel(s)[0] for s in sels)
            for row in wb[lembar].iter_rows(min_row=1, max_row=maks):
                for c in row:
                    if getattr(c, "value", None) is None or not hasattr(c, "column_letter"):
                        continue
                    sel = f"{c.column_letter}{c.row}"
                    if sel in sels and not (isinstance(c.value, str) and c.value.startswith("=")):
                        out.add((lembar, sel))
    finally:
        wb.close()
    return out


def _konstanta_cepat(
    b: Bacaan, tampil: dict[tuple[str, str], Nilai]
) -> set[tuple[str, str]] | None:
    """`_konstanta` from the fast reader's formula cells and the values shown (no second
    load); None if unavailable."""
    sel_berumus = getattr(b.buku, "sel_berumus", None)
    if sel_berumus is None:
        return None
    berumus: dict[str, set[tuple[int, int]] | None] = {}
    out: set[tuple[str, str]] = set()
    for (lembar, sel), v in tampil.items():
        if lembar not in berumus:
            berumus[lembar] = sel_berumus(lembar) if lembar in b.buku.lembar() else set()
        rumus = berumus[lembar]
        if rumus is None:
            return None
        if v not in (None, "") and pisah_sel(sel) not in rumus:
            out.add((lembar, sel))
    return out


# -- recomputation ---------------------------------------------------------------------------------


def _kode_sel(k: Konteks, lembar: str, sel: str) -> tuple[str, str | None]:
    """The check code of a formula cell and its column key, as the schema declares them."""
    return k.b.cek.get((lembar, sel), ("HIT01", None))


def _dekat(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 + 1e-9 * max(1.0, abs(b))


@PERIKSA.cek("ISI01")
def cek_isian(k: Konteks, out: Catatan) -> None:
    """Text typed in a number input (what Hitung refuses), at its cell."""
    for x in masukan_salah(k.b, ("Pengukuran", "Anggaran", S.KINERJA_PROGRAM.lembar)):
        out.catat("ISI01", x.lembar, x.sel, x.isi, x.maksud, x.uraian)


@PERIKSA.cek(
    *S.KODE_CEK,  # the codes the schema declares for its formula cells
    *("HIT02", "SAT01", "BUL01", "MET01", "SAT02", "PRD04"),
)
def cek_hitung_ulang(k: Konteks, out: Catatan) -> None:
    """Formula cells: shown value against the reference; typed numbers; other rounding mode;
    cap not applied; wrong unit."""
    m = k.m
    varian: dict[str, RujukanBertahap] = {}

    def lain(nama: str) -> RujukanBertahap:
        """The reference under the other rounding mode, or without the cap."""
        if nama not in varian:
            if nama == "bulat":
                mode = "potong" if m.pembulatan.mode == "setengah_ke_atas" else "setengah_ke_atas"
                varian[nama] = k.varian(pembulatan=Pembulatan(mode, m.pembulatan.desimal))
            else:
                varian[nama] = k.varian(batas=replace(m.batas, atas=None))
        return varian[nama]

    diketik: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, harus in k.ruj.items():
        v = k.tampil.get(key)
        if v is None:
            continue
        ketik = key in k.konstanta
        if sama(v, harus):
            if ketik and not _kosong(v):
                diketik[(key[0], re.sub(r"\d", "", key[1]))].append(key[1])
            continue
        kode, kolom = _kode_sel(k, *key)
        rinci = "nilai diketik di sel rumus" if ketik else ""
        if is_number(v) and is_number(harus):
            x, h = float(v), float(harus)
            if kolom in KOLOM_PERSEN and h and (_dekat(x * 100, h) or _dekat(x, h * 100)):
                out.catat("SAT01", *key, v, harus, rinci)
                continue
            alt = lain("bulat").get(key)
            if is_number(alt) and sama(v, alt):
                mode = "dipotong" if m.pembulatan.mode == "setengah_ke_atas" else "dibulatkan"
                out.catat(
                    "BUL01",
                    *key,
                    v,
                    harus,
                    f"cocok bila {mode}; metode buku kerja: {m.pembulatan.uraian}",
                )
                continue
            if m.batas.atas is not None:
                alt = lain("batas").get(key)
                if is_number(alt) and sama(v, alt):
                    out.catat(
                        "MET01",
                        *key,
                        v,
                        harus,
                        f"nilai tampil sama dengan hitungan tanpa batas {m.batas.atas:g}",
                    )
                    continue
            if kolom == "efisiensi" and "CF" in m.aturan["efisiensi"].masukan:
                if _efisiensi_persen(k, key, x):
                    out.catat("SAT02", *key, v, harus, rinci)
                    continue
        if kolom == "predikat" and isinstance(v, str) and m.skala.pita_dari(v.strip()) is None:
            if not any(v.strip().casefold() == p.label.casefold() for p in m.skala.pita):
                out.catat("PRD04", *key, v, harus, rinci)
                continue
        out.catat(kode, *key, v, harus, rinci)
    for (lembar, _), sels in diketik.items():
        sels.sort(key=lambda x: pisah_sel(x)[0])
        rinci = f"{len(sels)} sel: {', '.join(sels[:6])}" + (" …" if len(sels) > 6 else "")
        out.catat("HIT02", lembar, sels[0], rinci=rinci)


def _efisiensi_persen(k: Konteks, key: tuple[str, str], x: float) -> bool:
    t = S.EFISIENSI
    r = pisah_sel(key[1])[0]
    g = {c: k.ruj.get(k.sel(t, c, r)) for c in ("capaian", "serapan", "pagu", "realisasi")}
    if not is_number(g["capaian"]):
        return False
    h = k.m.aturan["efisiensi"].hitung(
        C=g["capaian"], S=g["serapan"], PG=g["pagu"], RL=g["realisasi"], CF=g["capaian"]
    )
    return is_number(h.ke_excel()) and sama(x, h.ke_excel())


@PERIKSA.cek("HIT01")
def cek_rumus_pk_rkt(k: Konteks, out: Catatan) -> None:
    """Formula columns of RKT and PK the reference does not cover: the Renstra target of the
    year, and the PK programs' Anggaran pagu."""
    th, _ = k.tahun
    for t in (S.RKT, S.PK):
        for r, v in k.b.isi(t.kunci):
            ada, ren = k.target_renstra(v["kode"], th)
            ren = 0.0 if ren in (None, "") else ren  # INDEX of an empty cell shows 0
            shown = v["target_renstra"]
            if ada and shown is not None and not sama(shown, ren):
                out.catat("HIT01", *k.sel(t, "target_renstra", r), shown, ren)
    pagu = _pagu_program(k)
    t = S.PK_PROGRAM
    for r, v in k.b.isi("pk_program"):
        harus = pagu.get(_kunci(v["kode"]), 0.0)
        if v["anggaran_dpa"] is not None and not sama(v["anggaran_dpa"], harus):
            out.catat("HIT01", *k.sel(t, "anggaran_dpa", r), v["anggaran_dpa"], harus)


@PERIKSA.cek("ANG04", "ANG05", "ANG06", "SER01", "SER02")
def cek_jenis_belanja(k: Konteks, out: Catatan) -> None:
    """The jenis belanja block: pegawai + barang/jasa = operasi; operasi + modal = total, which
    equals the programs' total; serapan and sisa of each line."""
    a = S.ANGGARAN
    rows = {nama: k.b.tata.belanja + 1 + n for n, nama in enumerate(S.JENIS_BELANJA)}
    r1, r2 = min(rows.values()), max(rows.values())
    isi = k.b.buku.nilai("Anggaran", f"A{r1}:{a.huruf('sisa')}{r2}")
    nilai = {
        nama: {
            kol: isi[r - r1][a.indeks(kol) - 1] for kol in ("pagu", "realisasi", "serapan", "sisa")
        }
        for nama, r in rows.items()
    }
    for kol in ("pagu", "realisasi"):
        peg, bar, mod = (nilai[n][kol] for n in S.JENIS_BELANJA[1:4])
        if not any(is_number(x) for x in (peg, bar, mod)):
            continue
        ops = sum(float(x) for x in (peg, bar) if is_number(x))
        tot = ops + (float(mod) if is_number(mod) else 0.0)
        for nama, kode, harus in (
            ("Belanja Operasi", "ANG04", ops),
            ("Total Belanja", "ANG05", tot),
        ):
            v = nilai[nama][kol]
            if v is not None and not sama(v, harus):
                out.catat(kode, "Anggaran", f"{a.huruf(kol)}{rows[nama]}", v, harus)
        total = k.ruj.get(("Anggaran", f"{a.huruf(kol)}{k.b.tata.total}"))
        if is_number(total) and total and not sama(tot, total):
            out.catat(
                "ANG06",
                "Anggaran",
                f"{a.huruf(kol)}{rows['Total Belanja']}",
                tot,
                total,
                f"jumlah program di baris {k.b.tata.total}",
            )
    for nama, r in rows.items():
        pg, rl = nilai[nama]["pagu"], nilai[nama]["realisasi"]
        if not (is_number(pg) or is_number(rl)):
            continue
        for kol, kode in (("serapan", "SER01"), ("sisa", "SER02")):
            harus = k.m.aturan[kol].hitung(PG=pg, RL=rl).ke_excel()
            v = nilai[nama][kol]
            if v is not None and harus is not None and not sama(v, harus):
                out.catat(kode, "Anggaran", f"{a.huruf(kol)}{r}", v, harus, nama)


def _pagu_program(k: Konteks) -> dict[str, Nilai]:
    a = S.ANGGARAN
    return {
        _kunci(v["kode"]): k.ruj.get(k.sel(a, "pagu", r), v["pagu"])
        for r, v in k.b.isi("anggaran")
        if cocok_kriteria("Program", v["tingkat"])
    }


@PERIKSA.cek("RLS01", "BUL01")
def cek_realisasi_pasangan(k: Konteks, out: Catatan) -> None:
    """A realisasi given as a count pair (pembilang, penyebut) against their percentage."""
    t = S.PENGUKURAN
    bulat = "potong" if k.m.pembulatan.mode == "setengah_ke_atas" else "setengah_ke_atas"
    m2 = replace(k.m, pembulatan=Pembulatan(bulat, k.m.pembulatan.desimal))
    for r, v in k.b.isi("pengukuran"):
        n, d, real = v["pembilang"], v["penyebut"], v["realisasi"]
        if not (is_number(n) and is_number(d) and is_number(real)) or not d:
            continue
        harus = k.m.persen(n, d).ke_excel()
        if not is_number(harus) or sama(real, harus):
            continue
        rinci = f"{teks(n)} dari {teks(d)}"
        if sama(real, m2.persen(n, d).ke_excel()):
            mode = "dipotong" if bulat == "potong" else "dibulatkan"
            out.catat(
                "BUL01", *k.sel(t, "realisasi", r), real, harus, f"{rinci}; cocok bila {mode}"
            )
        else:
            out.catat("RLS01", *k.sel(t, "realisasi", r), real, harus, rinci)


# -- cross-sheet -----------------------------------------------------------------------------------


@PERIKSA.cek("PK01", "VER01")
def cek_anggaran_pk(k: Konteks, out: Catatan) -> None:
    """The PK's program budget (its change when there is one) against the Anggaran pagu; a PK
    equal to the program's pagu murni while the pagu in force differs is a version difference
    (VER01, both amounts), not a galat."""
    pagu = _pagu_program(k)
    murni = {
        _kunci(v["kode"]): v["pagu_murni"]
        for _r, v in k.b.isi("anggaran")
        if cocok_kriteria("Program", v["tingkat"]) and is_number(v.get("pagu_murni"))
    }
    t = S.PK_PROGRAM
    for r, v in k.b.isi("pk_program"):
        ubah = is_number(v["anggaran_perubahan"])
        kol = "anggaran_perubahan" if ubah else "anggaran"
        pk, ang = v[kol], pagu.get(_kunci(v["kode"]))
        if is_number(pk) and ang is not None and not sama(pk, ang):
            m = murni.get(_kunci(v["kode"]))
            if m is not None and sama(pk, m):
                rinci = f"program {v['kode']}: pagu murni {teks(m)}, pagu perubahan {teks(ang)}"
                out.catat("VER01", *k.sel(t, kol, r), pk, None, rinci)
            else:
                out.catat("PK01", *k.sel(t, kol, r), pk, ang, f"program {v['kode']}")


@PERIKSA.cek("PK02", "RKT01")
def cek_target_renstra(k: Konteks, out: Catatan) -> None:
    """PK and RKT targets against the Renstra target of the year."""
    th, _ = k.tahun
    for tabel, kode in ((S.PK, "PK02"), (S.RKT, "RKT01")):
        for r, v in k.b.isi(tabel.kunci):
            ada, ren = k.target_renstra(v["kode"], th)
            if not ada or _kosong(ren) or _kosong(v["target"]) or sama(v["target"], ren):
                continue
            rinci = f"indikator {v['kode']}; {k.nama_versi_renstra}"
            _, lalu = k.target_renstra(v["kode"], th - 1 if th else None)
            if not _kosong(lalu) and sama(v["target"], lalu):
                rinci += "; sama dengan target Renstra tahun sebelumnya"
            out.catat(kode, *k.sel(tabel, "target", r), v["target"], ren, rinci)


@PERIKSA.cek("PK03")
def cek_target_pk(k: Konteks, out: Catatan) -> None:
    """Pengukuran's target against the PK target in force (its change when there is one)."""
    pk = {}
    for _r, v in k.b.isi("pk"):
        berlaku = v["target"] if _kosong(v["target_perubahan"]) else v["target_perubahan"]
        pk.setdefault(_kunci(v["kode"]), berlaku)
    p = S.PENGUKURAN
    for r, v in k.b.isi("pengukuran"):
        harus = pk.get(_kunci(v["kode"]))
        if _kunci(v["kode"]) and not _kosong(harus) and not _kosong(v["target"]):
            if not sama(v["target"], harus):
                out.catat(
                    "PK03", *k.sel(p, "target", r), v["target"], harus, f"indikator {v['kode']}"
                )


def _normal_nama(s: Nilai) -> str:
    return " ".join(str(s).casefold().split())


@PERIKSA.cek("NAM01")
def cek_nama_indikator(k: Konteks, out: Catatan) -> None:
    """An indicator code named otherwise than in Renstra."""
    ren = {c: v["indikator"] for c, (_, v) in k.renstra.items()}
    for tabel in (S.RKT, S.PK, S.PENGUKURAN):
        for r, v in k.b.isi(tabel.kunci):
            c = _kunci(v["kode"])
            if (
                c in ren
                and not _kosong(ren[c])
                and _normal_nama(v["indikator"]) != _normal_nama(ren[c])
            ):
                out.catat(
                    "NAM01", *k.sel(tabel, "indikator", r), v["indikator"], ren[c], f"kode {c}"
                )


@PERIKSA.cek("NAM02")
def cek_nama_sasaran(k: Konteks, out: Catatan) -> None:
    """A sasaran code named otherwise than where it first appears (Renstra first)."""
    nama: dict[str, Nilai] = {}
    for _r, v in k.b.isi("renstra"):
        if _kunci(v["kode_sasaran"]) and not _kosong(v["sasaran"]):
            nama.setdefault(_kunci(v["kode_sasaran"]), v["sasaran"])
    for tabel in (S.PENGUKURAN_SASARAN, S.PK, S.EFISIENSI):
        dilihat: set[str] = set()
        for r, v in k.b.isi(tabel.kunci):
            c, n = _kunci(v["kode_sasaran"]), v["sasaran"]
            if not c or _kosong(n) or c in dilihat:
                continue
            dilihat.add(c)
            if c in nama and _normal_nama(n) != _normal_nama(nama[c]):
                out.catat("NAM02", *k.sel(tabel, "sasaran", r), n, nama[c], f"kode {c}")
            nama.setdefault(c, n)


@PERIKSA.cek("ANG07")
def cek_realisasi_pagu(k: Konteks, out: Catatan) -> None:
    """A budget line whose typed realisasi exceeds its pagu (parent rows follow)."""
    a = S.ANGGARAN
    for r, v in k.b.isi("anggaran"):
        sel_real = k.sel(a, "realisasi", r)
        if sel_real in k.ruj:  # a parent row: a formula over its children
            continue
        pagu, real = v["pagu"], v["realisasi"]
        if is_number(pagu) and is_number(real) and float(real) > float(pagu) > 0:
            out.catat("ANG07", *sel_real, real, pagu, f"baris {v['kode']}")


@PERIKSA.cek("REN01")
def cek_renstra(k: Konteks, out: Catatan) -> None:
    """A yearly target far off its own series (a lost or extra digit)."""
    t = S.RENSTRA
    for r, v in k.b.isi("renstra"):
        deret = [v[f"target_{j}"] for j in range(1, 6)]
        angka = [(j, float(x)) for j, x in enumerate(deret, 1) if is_number(x) and float(x) > 0]
        if len(angka) < 3:
            continue
        for j, x in angka:
            tetangga = [y for jj, y in angka if jj != j]
            lain = sorted(tetangga)
            if lain[0] <= 0 or lain[-1] / lain[0] > 1.5:
                continue  # the other years vary too much to tell
            med = lain[len(lain) // 2]
            if x / med < 0.6 or x / med > 1.67:
                out.catat(
                    "REN01",
                    *k.sel(t, f"target_{j}", r),
                    deret[j - 1],
                    None,
                    f"indikator {v['kode']}; target tahun lainnya sekitar {teks(med)}",
                )


# -- methodology -----------------------------------------------------------------------------------


_TURUN = re.compile(r"\b(penurunan|menurun\w*|turun\w*|berkurang\w*|pengurangan)\b", re.I)
_LAJU_TURUN = re.compile(
    r"\b(persentase|persen|laju|rasio|proporsi)\s+(penurunan|pengurangan)\b", re.I
)


@PERIKSA.cek("POL01")
def cek_polaritas(k: Konteks, out: Catatan) -> None:
    """'penurunan' in the name of a level that should fall, computed as positive. A percentage
    or rate OF decrease ('Persentase penurunan ...') is higher-is-better and is not flagged."""
    t = S.PENGUKURAN
    for r, v in k.b.isi("pengukuran"):
        nama = str(v["indikator"])
        if str(v["polaritas"] or "positif").strip().lower() != "positif":
            continue
        if _TURUN.search(nama) and not _LAJU_TURUN.search(nama):
            out.catat("POL01", *k.sel(t, "polaritas", r), v["polaritas"] or "kosong", "negatif")


# -- narrative -------------------------------------------------------------------------------------


_ANGKA_KATA = (
    r"(?:nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|"
    r"seribu|sejuta|semiliar|semilyar)"
)
_BENDA = (
    r"(sub[\s-]*kegiatan|non[\s-]*asn|kegiatan|program|sasaran|indikator|tujuan|asn|orang|"
    r"pegawai)"
)
_HITUNGAN = re.compile(
    rf"(?<![\d.,])(\d{{1,5}})(?![\d.,]\d)\s*(?:\(\s*[A-Za-z ]+\s*\))?\s*{_BENDA}\b", re.I
)
_DENGAN_KATA = re.compile(
    r"(?:Rp\.?\s*)?(?<![\d.,])(\d[\d.]*(?:,\d+)?)(?:,-|,00)?\s*\(\s*([A-Za-z][A-Za-z ]*)\)", re.I
)
_KATA_RUPIAH = re.compile(rf"\b({_ANGKA_KATA}\b[A-Za-z ]*?rupiah)\b", re.I)
_RUPIAH = re.compile(r"Rp\.?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+|,-)?", re.I)
_ENUM = re.compile(
    r"(\d+)\s*(?:\([A-Za-z ]+\))?\s*program\s*(?:,|dan)\s*(\d+)\s*(?:\([A-Za-z ]+\))?\s*kegiatan"
    r"(?:\s*(?:,|dan)\s*(\d+)\s*(?:\([A-Za-z ]+\))?\s*sub[\s-]*kegiatan)?",
    re.I,
)

# Narrative rules by the key in column A of Narasi: (noun, what it counts).
HITUNG_NARASI: dict[str, tuple[str, str]] = {
    "jumlah_tujuan": ("tujuan", "tujuan di Renstra"),
    "jumlah_sasaran": ("sasaran", "sasaran di Pengukuran"),
    "jumlah_indikator": ("indikator", "indikator di Pengukuran"),
    "indikator_di_atas_target": ("indikator", "indikator dengan capaian di atas 100%"),
    "jumlah_program": ("program", "program di Anggaran"),
    "jumlah_kegiatan": ("kegiatan", "kegiatan di Anggaran"),
    "jumlah_sub_kegiatan": ("sub kegiatan", "sub kegiatan di Anggaran"),
    "jumlah_program_pendukung": ("program", "program yang mendukung sasaran di Anggaran"),
    "sub_kegiatan_di_bawah_80": ("sub kegiatan", "sub kegiatan dengan serapan di bawah 80%"),
}
UANG_NARASI = {
    "terbilang_pagu": "jumlah pagu",
    "terbilang_realisasi": "jumlah realisasi",
    "terbilang_sisa": "sisa anggaran",
    "terbilang_belanja_pegawai": "Belanja Pegawai",
    "terbilang_belanja_barang_jasa": "Belanja Barang dan Jasa",
    "terbilang_belanja_modal": "Belanja Modal",
}
STAF = {"jumlah_asn": "asn", "jumlah_non_asn": "non asn", "jumlah_pegawai": "pegawai"}


def _benda(s: str) -> str:
    s = re.sub(r"[\s-]+", " ", s.lower())
    return "pegawai" if s == "orang" else s


def _tanpa_sumber(s: str) -> str:
    return re.sub(r"^\s*\[[^\]]*\]\s*", "", s)


def _hitungan(s: str) -> list[tuple[str, int]]:
    return [(_benda(m.group(2)), int(m.group(1))) for m in _HITUNGAN.finditer(s)]


def _angka_tunggal(s: str) -> int | None:
    bagian = s.rsplit(":", 1)[-1]
    n = re.findall(r"(?<![\d.,])\d+(?![\d.,]\d)", bagian)
    return int(n[0]) if len(n) == 1 else None


def _nyatakan(s: str, benda: str) -> list[int]:
    """The numbers a text states for `benda`; a lone number when the noun is not written."""
    v = [n for b, n in _hitungan(s) if b == benda]
    if v:
        return v
    t = _angka_tunggal(s)
    return [] if t is None else [t]


def _jumlah_narasi(k: Konteks) -> dict[str, int]:
    ang = k.b.isi("anggaran")
    a = S.ANGGARAN
    tingkat = Counter(str(v["tingkat"]).strip().casefold() for _, v in ang)
    pendukung = 0
    for _, v in ang:
        if cocok_kriteria("Program", v["tingkat"]):
            pref = _kunci(v["kode"])
            if any(
                _kunci(x["sasaran"])
                for _, x in ang
                if _kunci(x["kode"]) == pref or _kunci(x["kode"]).startswith(pref + ".")
            ):
                pendukung += 1
    p = S.PENGUKURAN
    cap = [k.ruj.get(k.sel(p, "capaian", r)) for r, _ in k.b.isi("pengukuran")]
    ser = [
        k.ruj.get(k.sel(a, "serapan", r))
        for r, v in ang
        if cocok_kriteria("Sub Kegiatan", v["tingkat"])
    ]
    return {
        "jumlah_tujuan": len({_kunci(v["kode_tujuan"]) for _, v in k.b.isi("renstra")} - {""}),
        "jumlah_sasaran": len(k.b.isi("pengukuran_sasaran")),
        "jumlah_indikator": len(k.b.isi("pengukuran")),
        "indikator_di_atas_target": sum(1 for c in cap if is_number(c) and float(c) > 100),
        "jumlah_program": tingkat["program"],
        "jumlah_kegiatan": tingkat["kegiatan"],
        "jumlah_sub_kegiatan": tingkat["sub kegiatan"],
        "jumlah_program_pendukung": pendukung,
        "sub_kegiatan_di_bawah_80": sum(1 for s in ser if is_number(s) and float(s) < 80),
    }


def _uang_narasi(k: Konteks) -> dict[str, float | None]:
    a = S.ANGGARAN
    r = k.b.tata.total
    pg, rl = (k.ruj.get(("Anggaran", f"{a.huruf(c)}{r}")) for c in ("pagu", "realisasi"))
    belanja = {}
    for n, nama in enumerate(S.JENIS_BELANJA):
        v = k.b.buku.nilai("Anggaran", f"{a.huruf('pagu')}{k.b.tata.belanja + 1 + n}")[0][0]
        belanja[nama] = float(v) if is_number(v) else None
    ada = is_number(pg) and float(pg) > 0
    return {
        "terbilang_pagu": float(pg) if ada else None,
        "terbilang_realisasi": float(rl) if ada and is_number(rl) else None,
        "terbilang_sisa": float(pg) - float(rl) if ada and is_number(rl) else None,
        "terbilang_belanja_pegawai": belanja["Belanja Pegawai"],
        "terbilang_belanja_barang_jasa": belanja["Belanja Barang dan Jasa"],
        "terbilang_belanja_modal": belanja["Belanja Modal"],
    }


def _rekap(k: Konteks, s: str) -> dict[str, int] | None:
    """'Memuaskan 6, Sangat Baik 1, ...' -> {pita kode: n}; None if no pair is written."""
    skala = k.m.skala
    nama = sorted({x for p in skala.pita for x in (p.label, p.kode)}, key=len, reverse=True)
    pola = re.compile(r"\b(" + "|".join(re.escape(n) for n in nama) + r")\b\s*[:=]?\s*(\d+)", re.I)
    out: Counter[str] = Counter()
    for m in pola.finditer(s):
        p = next(
            (
                p
                for p in skala.pita
                if m.group(1).casefold() in (p.label.casefold(), p.kode.casefold())
            ),
            None,
        )
        if p is not None:
            out[p.kode] += int(m.group(2))
    return {a: n for a, n in out.items() if n} if out else None


def _label(k: Konteks, d: dict[str, int]) -> dict[str, int]:
    lab = {p.kode: p.label for p in k.m.skala.pita}
    return {lab.get(a, a): n for a, n in sorted(d.items())}


@PERIKSA.cek("NAR01", "NAR02", "NAR03", "NAR04", "NAR05")
def cek_narasi(k: Konteks, out: Catatan) -> None:
    """Numbers stated in the Narasi sheet: counts, predikat tally and amounts against the tables;
    terbilang against its figure; staff counts against each other."""
    t = S.NARASI
    isi = k.b.buku.nilai(t.lembar, f"A{t.baris_awal}:{t.huruf('teks')}{t.baris_akhir}")
    baris = [
        (t.baris_awal + i, _kunci(row[0]).lower(), row[t.indeks("teks") - 1])
        for i, row in enumerate(isi)
        if row and isinstance(row[t.indeks("teks") - 1], str) and row[t.indeks("teks") - 1].strip()
    ]
    if not baris:
        return
    jumlah = _jumlah_narasi(k)
    uang: dict[str, float | None] | None = None
    staf: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
    p = S.PENGUKURAN
    for r, kunci, teks_asli in baris:
        sel = f"{t.huruf('teks')}{r}"
        s = _tanpa_sumber(teks_asli)
        # a figure with its words: 4 (empat), Rp 15.308.539.115,- (lima belas miliar ...)
        for m in _DENGAN_KATA.finditer(s):
            kata = m.group(2).strip()
            if not re.match(_ANGKA_KATA, kata, re.I) and not re.match(
                r"(?:dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)\b", kata, re.I
            ):
                continue
            if "koma" in kata.lower():
                continue
            x = baca_angka(m.group(1)).nilai
            if x is not None and float(x).is_integer() and not cocok_terbilang(kata, x):
                benar = (terbilang_rupiah if "rupiah" in kata.lower() else terbilang)(x)
                out.catat("NAR03", t.lembar, sel, kata, benar, f"angka {m.group(1)}")
        if kunci in HITUNG_NARASI:
            benda, apa = HITUNG_NARASI[kunci]
            harus = jumlah[kunci]
            for n in _nyatakan(s, benda):
                if n != harus:
                    out.catat("NAR01", t.lembar, sel, n, harus, apa)
                    break
        elif kunci == "rekap_predikat":
            nyata = _rekap(k, s)
            pred = [k.ruj.get(k.sel(p, "predikat", r2)) for r2, _ in k.b.isi("pengukuran")]
            harus_n: Counter[str] = Counter()
            for x in pred:
                if isinstance(x, str) and x.strip():
                    pita = k.m.skala.pita_dari(x.strip())
                    harus_n[pita.kode if pita else x.strip()] += 1
            if nyata is not None and nyata != dict(harus_n):
                out.catat("NAR02", t.lembar, sel, _label(k, nyata), _label(k, dict(harus_n)))
        elif kunci in UANG_NARASI:
            uang = uang if uang is not None else _uang_narasi(k)
            harus = uang[kunci]
            if harus is None:
                continue
            mr = _RUPIAH.search(s)
            if mr:  # the figure against the table (its words were checked against it above)
                x = baca_angka(mr.group(1)).nilai
                if x is not None and not sama(x, harus):
                    out.catat("NAR04", t.lembar, sel, x, harus, UANG_NARASI[kunci])
                continue
            mk = _KATA_RUPIAH.search(s)
            if mk and not cocok_terbilang(mk.group(1), harus):
                out.catat(
                    "NAR04", t.lembar, sel, mk.group(1).strip(), teks(harus), UANG_NARASI[kunci]
                )
        elif kunci in STAF:
            hit = _hitungan(s)
            nilai = {b: n for b, n in hit if b in ("asn", "non asn", "pegawai")}
            if STAF[kunci] not in nilai and (n := _angka_tunggal(s)) is not None and not hit:
                nilai[STAF[kunci]] = n
            for b, n in nilai.items():
                staf[b].append((r, n, False))
            a_, n_, p_ = (nilai.get(x) for x in ("asn", "non asn", "pegawai"))
            if a_ is not None and n_ is not None and p_ is None:
                staf["pegawai"].append((r, a_ + n_, True))
            if p_ is not None and n_ is not None and a_ is None:
                staf["asn"].append((r, p_ - n_, True))
        else:
            m = _ENUM.search(s)
            if m:
                for g, kunci2 in zip(
                    m.groups(),
                    ("jumlah_program", "jumlah_kegiatan", "jumlah_sub_kegiatan"),
                    strict=True,
                ):
                    if g is not None and int(g) != jumlah[kunci2]:
                        out.catat(
                            "NAR01", t.lembar, sel, int(g), jumlah[kunci2], HITUNG_NARASI[kunci2][1]
                        )
    kunci_baris = {r: kunci for r, kunci, _ in baris}
    resmi = _staf_pengaturan(k.b.buku)
    for b, daftar in staf.items():
        if b in resmi:  # the counts in Pengaturan are the reference
            for r, n, turunan in daftar:
                if not turunan and STAF.get(kunci_baris[r]) == b and n != resmi[b]:
                    sel = f"{t.huruf('teks')}{r}"
                    label = {"asn": "ASN", "non asn": "Non ASN"}.get(b, b)
                    out.catat("NAR01", t.lembar, sel, n, resmi[b], f"{label} di Pengaturan")
            continue
        beda = {n for _, n, _ in daftar}
        if len(beda) < 2:
            continue
        for r, n, turunan in daftar:
            if turunan or STAF.get(kunci_baris[r]) != b:
                continue
            lain = sorted({f"{n2} di {t.huruf('teks')}{r2}" for r2, n2, _ in daftar if n2 != n})
            out.catat(
                "NAR05",
                t.lembar,
                f"{t.huruf('teks')}{r}",
                n,
                None,
                f"{b}; tertulis juga {', '.join(lain)}",
            )


def _staf_pengaturan(buku: Buku) -> dict[str, int]:
    """Staff counts typed in Pengaturan (jumlah_asn, jumlah_non_asn), and their sum."""
    out: dict[str, int] = {}
    for benda, kunci in (("asn", "jumlah_asn"), ("non asn", "jumlah_non_asn")):
        try:
            v = buku.nilai_nama(f"xk_{kunci}")
        except GalatBuku:  # a workbook made before these settings existed
            continue
        if is_number(v):
            out[benda] = int(v)
    if len(out) == 2:
        out["pegawai"] = out["asn"] + out["non asn"]
    return out


# -- completeness ----------------------------------------------------------------------------------


def indikator_kosong(b: Bacaan, kolom: str) -> list[tuple[int, str]]:
    """Indicator rows of Pengukuran whose `kolom` (target, realisasi) is empty, with the
    indicator's name as a message names it ("indikator 1.2")."""
    return [
        (r, f"indikator {_kunci(v['kode']) or _kunci(v['indikator'])}")
        for r, v in b.isi("pengukuran")
        if _kosong(v[kolom])
    ]


@PERIKSA.cek("LEN01", "LEN02")
def cek_target_realisasi(k: Konteks, out: Catatan) -> None:
    """Indicators without target or realisasi (one finding when a whole column is empty)."""
    t = S.PENGUKURAN
    n = len(k.b.isi("pengukuran"))
    for kol, kode in (("target", "LEN01"), ("realisasi", "LEN02")):
        kosong = indikator_kosong(k.b, kol)
        if n > 1 and len(kosong) == n:
            sel = f"{t.huruf(kol)}{kosong[0][0]}"
            out.catat(kode, t.lembar, sel, rinci=f"semua {n} indikator; kolom {t.k(kol).judul}")
            continue
        for r, nama in kosong:
            out.catat(kode, *k.sel(t, kol, r), rinci=nama)


def _dipetakan(ang: list[tuple[int, dict[str, Nilai]]]) -> set[str]:
    """The sasaran codes budget rows support."""
    return {_kunci(v["sasaran"]) for _, v in ang} - {""}


@PERIKSA.cek("LEN04")
def cek_sasaran_anggaran(k: Konteks, out: Catatan) -> None:
    """A budget row supporting a sasaran code the Pengukuran sasaran table does not have."""
    a = S.ANGGARAN
    sasaran = {_kunci(v["kode_sasaran"]) for _, v in k.b.isi("pengukuran_sasaran")}
    for r, v in k.b.isi("anggaran"):
        s = _kunci(v["sasaran"])
        if s and sasaran and s not in sasaran:
            out.catat("LEN04", *k.sel(a, "sasaran", r), s, None, f"baris {v['kode']}")


@PERIKSA.cek("LEN03")
def cek_program_tanpa_sasaran(k: Konteks, out: Catatan) -> None:
    """A program (not Penunjang) none of whose rows supports a sasaran, once any row does."""
    a = S.ANGGARAN
    ang = k.b.isi("anggaran")
    if _dipetakan(ang):
        for r, v in ang:
            if (
                not cocok_kriteria("Program", v["tingkat"])
                or "penunjang" in str(v["uraian"]).lower()
            ):
                continue
            pref = _kunci(v["kode"])
            pohon = [
                x
                for _, x in ang
                if _kunci(x["kode"]) == pref or _kunci(x["kode"]).startswith(pref + ".")
            ]
            if pref and not any(_kunci(x["sasaran"]) for x in pohon):
                out.catat("LEN03", *k.sel(a, "sasaran", r), rinci=f"program {pref}")


@PERIKSA.cek("LEN05")
def cek_efisiensi_tanpa_anggaran(k: Konteks, out: Catatan) -> None:
    """Sasaran in the efficiency table while no budget row maps any sasaran."""
    ang = k.b.isi("anggaran")
    e = S.EFISIENSI
    ef = [(r, v) for r, v in k.b.isi("efisiensi") if _kunci(v["kode_sasaran"])]
    if ang and ef and not _dipetakan(ang):  # a sasaran without budget may be served by Penunjang
        rinci = "tidak satu pun baris anggaran memetakan sasaran"
        out.catat("LEN05", *k.sel(e, "pagu", ef[0][0]), rinci=rinci)


@PERIKSA.cek("LEN06")
def cek_sel_wajib(k: Konteks, out: Catatan) -> None:
    """Required input cells left empty, one finding per column."""
    for tabel in (S.RENSTRA, S.RKT, S.PK, S.PK_PROGRAM, S.PENGUKURAN, S.ANGGARAN, S.EFISIENSI):
        for kol in tabel.kolom:
            if not (kol.wajib and kol.isian):
                continue
            if tabel is S.PENGUKURAN and kol.kunci in ("target", "realisasi"):
                continue  # LEN01, LEN02
            kosong = [r for r, v in k.b.isi(tabel.kunci) if _kosong(v[kol.kunci])]
            if tabel is S.ANGGARAN:  # parents may hold formulas shown empty without cache
                kosong = [r for r in kosong if k.sel(tabel, kol.kunci, r) not in k.ruj]
            if kosong:
                sels = [f"{tabel.huruf(kol.kunci)}{r}" for r in kosong]
                out.catat(
                    "LEN06",
                    tabel.lembar,
                    sels[0],
                    rinci=f"kolom {kol.judul}, {len(sels)} sel: {', '.join(sels[:6])}"
                    + (" …" if len(sels) > 6 else ""),
                )


# -- running ---------------------------------------------------------------------------------------


def konteks(b: Bacaan, ketikan: bool = False) -> Konteks:
    ruj = rujukan(b)
    tampil = nilai_tampil(b, list(ruj))
    return Konteks(b, ruj, tampil, _konstanta(b, set(ruj), tampil) if ketikan else set())


def temukan(b: Bacaan, ketikan: bool = False) -> list[Temuan]:
    """All findings of one read workbook, check by check. With `ketikan` (saved files only: it
    reads the file's formulas) typed values in formula cells are reported too; the ribbon action
    leaves it off so that both backends give the same findings."""
    return _temukan(konteks(b, ketikan))


def _temukan(k: Konteks) -> list[Temuan]:
    out = Catatan()
    for cek in PERIKSA:
        out.cek = cek
        cek.fungsi(k, out)
    return list(out)


def periksa_berkas(f: Path) -> list[Temuan]:
    """Findings of one file (read-only), with the file named; a file that cannot be read is one
    finding, and so is an unexpected failure, so that a batch goes on."""
    return periksa_dan_konteks(f)[0]


def periksa_dan_konteks(f: Path) -> tuple[list[Temuan], Konteks | None]:
    """`periksa_berkas`, and the workbook as read and checked (None when it could not be
    read), for callers that also need its figures (rekap) without reading it again."""
    from xlkinerja.buku.berkas import BukuBerkas
    from xlkinerja.templat.pengaturan import PengaturanTidakSah

    f = Path(f)
    try:
        k = konteks(baca(BukuBerkas(f)), ketikan=True)
        hasil = _temukan(k)
    except PengaturanTidakSah as e:
        if str(e).startswith("lembar Skala:"):
            out = Catatan()
            out.catat(
                "SKL01",
                "Skala",
                f"A{S.SKALA.baris_awal}",
                rinci=str(e).removeprefix("lembar Skala: "),
            )
            return _dengan_berkas(f, out), None
        return [_tidak_terbaca(f, alasan=f"{f.name}: {e}")], None
    except GalatBuku as e:
        return [_tidak_terbaca(f, alasan=str(e))], None
    except Exception as e:  # noqa: BLE001 - one bad file must not stop a batch
        return [_tidak_terbaca(f, "BACA02", tempat=f.name, galat=f"{type(e).__name__}: {e}")], None
    return _dengan_berkas(f, hasil), k


def _tidak_terbaca(f: Path, kode: str = "BACA01", tempat: str = "", **isi: object) -> Temuan:
    return temuan(kode, PERIKSA.sumber, tempat=tempat, isi=isi, file=str(f))


def _dengan_berkas(f: Path, xs: list[Temuan]) -> list[Temuan]:
    """Findings as a batch reports them: with the file."""
    return [replace(x, file=str(f)) for x in xs]


def periksa_banyak(
    berkas: list[Path], jobs: int | None = None, kemajuan: Callable[[], None] | None = None
) -> Iterator[tuple[Path, list[Temuan]]]:
    """Check many files, in a process pool when there are several (all cores by default);
    falls back to one process when a pool cannot be started. Yields (file, findings) in input
    order."""
    import os

    jobs = jobs or os.cpu_count() or 1
    selesai = 0
    if jobs > 1 and len(berkas) > 2:
        try:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=min(jobs, len(berkas))) as pool:
                for f, hasil in zip(berkas, pool.map(periksa_berkas, berkas), strict=False):
                    selesai += 1
                    if kemajuan:
                        kemajuan()
                    yield f, hasil
            return
        except (OSError, ImportError, RuntimeError) as e:  # no pool here: go on in-process
            import logging

            logging.getLogger(__name__).info("tanpa proses paralel: %s", e)
    for f in berkas[selesai:]:
        hasil = periksa_berkas(f)
        if kemajuan:
            kemajuan()
        yield f, hasil


# The checks of other modules run after these: importing them registers them on PERIKSA.
import xlkinerja.cek.jenjang  # noqa: E402, F401 - Jenjang Kinerja, Rencana Aksi (issue 18)
from xlkinerja.cek import program, renstra  # noqa: E402, F401
