"""Predikat scales: bands with explicit real-number bounds, validated for gaps and overlaps."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from xlkinerja.inti.metode.hasil import Hasil
from xlkinerja.inti.rumus import AND, IF, ISNUMBER, Ekspr, Konst, Sel, pilih

DI_LUAR = "di luar skala"
PERILAKU_UJUNG = {
    "pita_ujung": "diberi pita teratas/terbawah",
    "di_luar_skala": f"ditulis '{DI_LUAR}'",
}


class SkalaTidakSah(ValueError):
    """A scale with gaps, overlaps or inverted bands; `masalah` lists each in Indonesian."""

    def __init__(self, kode: str, masalah: list[str]):
        self.kode = kode
        self.masalah = masalah
        super().__init__(f"Skala '{kode}' tidak sah: " + "; ".join(masalah))


def _fmt(x: float | None) -> str:
    if x is None:
        return "tak hingga"
    s = f"{x:.6f}".rstrip("0").rstrip(".")
    return s.replace(".", ",")


@dataclass(frozen=True)
class Pita:
    """One band. `bawah=None` means no lower bound, `atas=None` no upper bound."""

    kode: str
    label: str
    bawah: float | None
    atas: float | None
    bawah_inklusif: bool = False
    atas_inklusif: bool = True
    warna: str = ""

    def memuat(self, x: float) -> bool:
        if self.bawah is not None and (
            x < self.bawah or (x == self.bawah and not self.bawah_inklusif)
        ):
            return False
        if self.atas is not None and (x > self.atas or (x == self.atas and not self.atas_inklusif)):
            return False
        return True

    def ekspr_memuat(self, c: Ekspr) -> Ekspr:
        syarat: list[Ekspr] = []
        if self.bawah is not None:
            syarat.append(c.ge(self.bawah) if self.bawah_inklusif else c.gt(self.bawah))
        if self.atas is not None:
            syarat.append(c.le(self.atas) if self.atas_inklusif else c.lt(self.atas))
        if not syarat:
            return Konst(True)
        return syarat[0] if len(syarat) == 1 else AND(*syarat)

    @property
    def uraian(self) -> str:
        kiri = (
            ""
            if self.bawah is None
            else (">= " if self.bawah_inklusif else "> ") + _fmt(self.bawah)
        )
        kanan = (
            "" if self.atas is None else ("<= " if self.atas_inklusif else "< ") + _fmt(self.atas)
        )
        return " dan ".join(s for s in (kiri, kanan) if s) or "semua nilai"


@dataclass(frozen=True)
class Skala:
    kode: str
    nama: str
    sumber: str
    pita: tuple[Pita, ...]
    di_atas: str = "pita_ujung"
    di_bawah: str = "pita_ujung"
    catatan: str = ""
    keluaran: str = "kode"  # which text the predikat cell shows: "kode" or "label"

    def urut(self) -> list[Pita]:
        """Bands from the lowest up."""
        return sorted(
            self.pita,
            key=lambda p: (
                float("-inf") if p.bawah is None else p.bawah,
                0 if p.bawah_inklusif else 1,
            ),
        )

    def masalah(self) -> list[str]:
        """Gaps, overlaps and inverted bands, each as one Indonesian sentence."""
        out: list[str] = []
        if not self.pita:
            return ["skala tidak memiliki pita"]
        for k in ("di_atas", "di_bawah"):
            if getattr(self, k) not in PERILAKU_UJUNG:
                out.append(f"perilaku {k} '{getattr(self, k)}' tidak dikenal")
        kode = [p.kode for p in self.pita]
        for k in sorted({k for k in kode if kode.count(k) > 1}):
            out.append(f"kode pita '{k}' dipakai lebih dari sekali")
        for p in self.pita:
            if p.bawah is not None and p.atas is not None:
                if p.bawah > p.atas or (
                    p.bawah == p.atas and not (p.bawah_inklusif and p.atas_inklusif)
                ):
                    out.append(
                        f"pita '{p.kode}' kosong: batas bawah {_fmt(p.bawah)} "
                        f"tidak di bawah batas atas {_fmt(p.atas)}"
                    )
        ps = self.urut()
        for a, b in zip(ps, ps[1:]):
            if a.atas is None or b.bawah is None:
                out.append(
                    f"pita '{a.kode}' ({a.uraian}) dan '{b.kode}' ({b.uraian}) tumpang tindih"
                )
            elif a.atas < b.bawah:
                tengah = _fmt((a.atas + b.bawah) / 2)
                out.append(
                    f"celah antara {_fmt(a.atas)} dan {_fmt(b.bawah)}: nilai seperti {tengah} "
                    f"tidak masuk pita '{a.kode}' maupun '{b.kode}'"
                )
            elif a.atas > b.bawah:
                out.append(
                    f"pita '{a.kode}' ({a.uraian}) dan '{b.kode}' ({b.uraian}) tumpang tindih "
                    f"antara {_fmt(b.bawah)} dan {_fmt(a.atas)}"
                )
            elif a.atas_inklusif and b.bawah_inklusif:
                out.append(
                    f"nilai {_fmt(a.atas)} masuk dua pita sekaligus: '{a.kode}' dan '{b.kode}'"
                )
            elif not a.atas_inklusif and not b.bawah_inklusif:
                out.append(
                    f"nilai {_fmt(a.atas)} tidak masuk pita mana pun (batas '{a.kode}' dan "
                    f"'{b.kode}' sama-sama tidak inklusif)"
                )
        if any("celah" in m for m in out):
            out.append(
                "skala yang ditulis dengan batas bilangan bulat (mis. 76–90, 66–75) bercelah "
                "pada bilangan real; gunakan pembacaan setengah-terbuka (>= 76 dan < 91), "
                "yang disediakan Skala.setengah_terbuka()"
            )
        return out

    def validasi(self) -> Skala:
        m = self.masalah()
        if m:
            raise SkalaTidakSah(self.kode, m)
        return self

    def setengah_terbuka(self) -> Skala:
        """Half-open reading of an integer-printed scale: a band runs up to the next one's start."""
        ps = self.urut()
        baru = []
        for a, b in zip(ps, ps[1:]):
            baru.append(replace(a, atas=b.bawah, atas_inklusif=False))
        top = ps[-1]
        baru.append(top)
        baru = [replace(p, bawah_inklusif=True) if p.bawah is not None else p for p in baru]
        return replace(
            self,
            kode=self.kode + "_setengah_terbuka",
            nama=self.nama + " (setengah-terbuka)",
            pita=tuple(reversed(baru)),
        )

    def teks(self, p: Pita) -> str:
        return p.kode if self.keluaran == "kode" else p.label

    def ekspr(self, c: Ekspr | None = None) -> Ekspr:
        """Predikat of capaian `c` (input name C). Text (tidak dapat dihitung) passes through."""
        c = c or Sel("C")
        ps = self.urut()
        cabang: list[tuple[Ekspr, str]] = [(p.ekspr_memuat(c), self.teks(p)) for p in reversed(ps)]
        top, bottom = ps[-1], ps[0]
        if top.atas is not None:
            atas_top = top.atas
            cond = c.gt(atas_top) if top.atas_inklusif else c.ge(atas_top)
            cabang.append((cond, self.teks(top) if self.di_atas == "pita_ujung" else DI_LUAR))
        if bottom.bawah is not None:
            cond = c.lt(bottom.bawah) if bottom.bawah_inklusif else c.le(bottom.bawah)
            cabang.append((cond, self.teks(bottom) if self.di_bawah == "pita_ujung" else DI_LUAR))
        nilai = pilih(*cabang, lain=DI_LUAR)
        return IF(c.sama(""), "", IF(ISNUMBER(c), nilai, c))

    def predikat(self, capaian: Hasil | float | None) -> Hasil:
        v = capaian.ke_excel() if isinstance(capaian, Hasil) else capaian
        return Hasil.dari(self.ekspr().nilai({"C": v}), f"skala {self.kode}")

    def pita_dari(self, teks: str) -> Pita | None:
        for p in self.pita:
            if teks in (p.kode, p.label):
                return p
        return None

    def to_dict(self) -> dict:
        return {
            "kode": self.kode,
            "nama": self.nama,
            "sumber": self.sumber,
            "di_atas": self.di_atas,
            "di_bawah": self.di_bawah,
            "keluaran": self.keluaran,
            "catatan": self.catatan,
            "pita": [
                {
                    "kode": p.kode,
                    "label": p.label,
                    "bawah": p.bawah,
                    "atas": p.atas,
                    "bawah_inklusif": p.bawah_inklusif,
                    "atas_inklusif": p.atas_inklusif,
                    "warna": p.warna,
                }
                for p in self.pita
            ],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Skala:
        pita = tuple(Pita(**p) for p in d["pita"])
        rest = {k: v for k, v in d.items() if k != "pita"}
        return cls(pita=pita, **rest).validasi()


@dataclass(frozen=True)
class SkalaTertulis:
    """A scale as printed with integer bounds ("76–90"), before choosing how to read it."""

    kode: str
    nama: str
    sumber: str
    pita: tuple[tuple[str, float | None, float | None], ...]  # (label, low, high) inclusive
    catatan: str = field(default="")

    def harfiah(self) -> Skala:
        """Read literally: both printed bounds inclusive."""
        return Skala(
            self.kode + "_harfiah",
            self.nama + " (harfiah)",
            self.sumber,
            tuple(Pita(lbl, lbl, lo, hi, True, True) for lbl, lo, hi in self.pita),
            keluaran="label",
        )
