"""Metode: every methodology choice of one workbook, and the rules it yields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from xlkinerja.inti.metode.agregasi import Agregasi
from xlkinerja.inti.metode.capaian import (
    NEGATIF_KEMENPAN,
    PENGGUNAAN,
    POSITIF,
    RUMUS_POLARITAS,
    SAKIP_AA_D,
    Batas,
    RumusPolaritas,
    SkorHuruf,
    ekspr_capaian,
    ekspr_persen,
)
from xlkinerja.inti.metode.efisiensi import (
    KUALITATIF,
    METODE_EFISIENSI,
    MetodeEfisiensi,
    ekspr_serapan,
    ekspr_sisa,
)
from xlkinerja.inti.metode.hasil import Hasil
from xlkinerja.inti.metode.pembulatan import Pembulatan
from xlkinerja.inti.metode.skala import Skala
from xlkinerja.inti.rumus import AND, IF, Ekspr, Nilai, Sel, sama_excel


@dataclass(frozen=True)
class Aturan:
    """One rule: its expression and what it computes. `masukan` are the input names it reads."""

    kode: str
    uraian: str
    ekspr: Ekspr

    @property
    def masukan(self) -> set[str]:
        return self.ekspr.masukan()

    def hitung(self, **nilai: Nilai) -> Hasil:
        return Hasil.dari(self.ekspr.nilai(nilai), self.kode)

    def rumus(self, refs: dict[str, str]) -> str:
        return self.ekspr.rumus(refs)


@dataclass(frozen=True)
class Metode:
    kode: str
    nama: str
    sumber: str
    skala: Skala
    positif: RumusPolaritas = POSITIF
    negatif: RumusPolaritas = NEGATIF_KEMENPAN
    huruf: SkorHuruf = SAKIP_AA_D
    batas: Batas = field(default_factory=Batas)
    agregasi: Agregasi = field(default_factory=Agregasi)
    efisiensi: MetodeEfisiensi = KUALITATIF
    pembulatan: Pembulatan = field(default_factory=Pembulatan)
    catatan: str = ""

    def __post_init__(self) -> None:
        self.skala.validasi()
        if self.positif.polaritas != "positif" or self.negatif.polaritas != "negatif":
            raise ValueError("rumus positif/negatif tertukar: periksa pilihan rumus polaritas")

    # -- the rules, each one expression --------------------------------------------------
    @cached_property
    def aturan(self) -> dict[str, Aturan]:
        b = self.pembulatan.ekspr
        out = [
            Aturan(
                "capaian",
                "capaian (%) dari T, T2, R, polaritas P dan jenis target J",
                ekspr_capaian(self.positif, self.negatif, self.huruf, b),
            ),
            *[
                Aturan(f"dibatasi_{u}", f"capaian C setelah batas, untuk {u}", self.batas.ekspr(u))
                for u in PENGGUNAAN
            ],
            Aturan(
                "predikat", f"predikat dari capaian C (skala {self.skala.kode})", self.skala.ekspr()
            ),
            Aturan("rata_rata", "rata-rata rentang V", self.agregasi.ekspr(b)),
            Aturan(
                "rata_rata_per_kunci",
                "rata-rata baris V yang kuncinya (K) sama dengan k",
                self.agregasi.ekspr(b, bersyarat=True),
            ),
            Aturan(
                "jumlah_per_kunci",
                "banyaknya baris V berkunci k (K) yang ikut rata_rata_per_kunci",
                self.agregasi.ekspr_jumlah(),
            ),
            Aturan(
                "capaian_lalu",
                "capaian tahun lalu: aturan capaian atas target T dan realisasi R tahun lalu bila "
                "keduanya terisi (target bukan 0: sel Renstra kosong), selain itu isian L",
                IF(
                    AND(Sel("T").beda(""), Sel("T").beda(0), Sel("R").beda("")),
                    ekspr_capaian(self.positif, self.negatif, self.huruf, b),
                    IF(Sel("L").sama(""), "", Sel("L")),
                ),
            ),
            Aturan(
                "persen",
                "pembilang N / penyebut D × 100 (realisasi dari pecahan)",
                ekspr_persen(Sel("N"), Sel("D"), ("pembilang", "penyebut"), b),
            ),
            Aturan("serapan", "% serapan dari pagu PG dan realisasi RL", ekspr_serapan(b)),
            Aturan("sisa", "sisa anggaran PG − RL", ekspr_sisa()),
            Aturan("efisiensi", f"efisiensi ({self.efisiensi.nama})", self.efisiensi.ekspr(b)),
        ]
        kat = self.efisiensi.ekspr_kategori(b)
        if kat is not None:
            out.append(Aturan("kategori_efisiensi", "kategori dari nilai efisiensi E", kat))
        return {a.kode: a for a in out}

    # -- the Python reference, through the same expressions -------------------------------
    def capaian(
        self,
        target: Nilai,
        realisasi: Nilai,
        polaritas: str = "positif",
        jenis: str = "angka",
        target_atas: Nilai = None,
    ) -> Hasil:
        a = self.aturan["capaian"]
        rumus = (  # Excel's =: without case, as the formula compares
            self.huruf.kode
            if sama_excel(jenis, "huruf")
            else (self.negatif if sama_excel(polaritas, "negatif") else self.positif).kode
        )
        h = a.hitung(T=target, T2=target_atas, R=realisasi, P=polaritas, J=jenis)
        return replace(h, rumus=rumus)

    def dibatasi(self, capaian: Hasil | Nilai, untuk: str = "tampilan") -> Hasil:
        return self.aturan[f"dibatasi_{untuk}"].hitung(C=_excel(capaian))

    def predikat(self, capaian: Hasil | Nilai) -> Hasil:
        """Predikat of a raw capaian: the cap/floor for 'predikat' first, then the scale."""
        c = self.dibatasi(capaian, "predikat")
        return self.aturan["predikat"].hitung(C=c.ke_excel())

    def rata_rata(self, capaian: Sequence[Hasil | Nilai]) -> Hasil:
        """Mean of raw capaian values, each first limited for 'rata_rata'."""
        vals = [self.dibatasi(c, "rata_rata") for c in capaian]
        return self.agregasi.rata_rata(vals, self.pembulatan.ekspr)

    def persen(self, pembilang: Nilai, penyebut: Nilai) -> Hasil:
        return self.aturan["persen"].hitung(N=pembilang, D=penyebut)

    def serapan(self, pagu: Nilai, realisasi: Nilai) -> Hasil:
        return self.aturan["serapan"].hitung(PG=pagu, RL=realisasi)

    def sisa(self, pagu: Nilai, realisasi: Nilai) -> Hasil:
        return self.aturan["sisa"].hitung(PG=pagu, RL=realisasi)

    def efisiensi_dari(
        self,
        capaian: Hasil | Nilai = None,
        serapan: Hasil | Nilai = None,
        pagu: Nilai = None,
        realisasi: Nilai = None,
    ) -> tuple[Hasil, Hasil | None]:
        """Efficiency value and its category (None when the method has no categories)."""
        c = _excel(capaian)
        cf = c / 100 if isinstance(c, (int, float)) and not isinstance(c, bool) else c
        e = self.aturan["efisiensi"].hitung(C=c, S=_excel(serapan), CF=cf, PG=pagu, RL=realisasi)
        kat = self.aturan.get("kategori_efisiensi")
        return e, (kat.hitung(E=e.ke_excel()) if kat else None)

    # -- data -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "kode": self.kode,
            "nama": self.nama,
            "sumber": self.sumber,
            "catatan": self.catatan,
            "skala": self.skala.to_dict(),
            "positif": self.positif.kode,
            "negatif": self.negatif.kode,
            "huruf": {
                "urutan": list(self.huruf.urutan),
                "sama": self.huruf.sama,
                "langkah": self.huruf.langkah,
            },
            "batas": {
                "atas": self.batas.atas,
                "bawah": self.batas.bawah,
                "atas_untuk": sorted(self.batas.atas_untuk),
                "bawah_untuk": sorted(self.batas.bawah_untuk),
            },
            "agregasi": {
                "misi_dari": self.agregasi.misi_dari,
                "keseluruhan_dari": self.agregasi.keseluruhan_dari,
                "kosong": self.agregasi.kosong,
            },
            "efisiensi": self.efisiensi.kode,
            "kategori_efisiensi": self.efisiensi.kategori.to_dict()
            if self.efisiensi.kategori
            else None,
            "pembulatan": {"mode": self.pembulatan.mode, "desimal": self.pembulatan.desimal},
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Metode:
        """Build and validate a methodology from a dict (e.g. a user's edited JSON)."""
        try:
            pos, neg = (
                RUMUS_POLARITAS[d.get("positif", POSITIF.kode)],
                RUMUS_POLARITAS[d.get("negatif", NEGATIF_KEMENPAN.kode)],
            )
        except KeyError as e:
            raise ValueError(
                f"rumus polaritas {e} tidak dikenal; pilih: {', '.join(RUMUS_POLARITAS)}"
            ) from None
        ef_kode = d.get("efisiensi", KUALITATIF.kode)
        if ef_kode not in METODE_EFISIENSI:
            raise ValueError(
                f"metode efisiensi '{ef_kode}' tidak dikenal; pilih: {', '.join(METODE_EFISIENSI)}"
            )
        ef = METODE_EFISIENSI[ef_kode]
        if d.get("kategori_efisiensi") and ef.kategori is not None:
            ef = replace(ef, kategori=Skala.from_dict(d["kategori_efisiensi"]))
        h = d.get("huruf") or {}
        bt = d.get("batas") or {}
        return cls(
            kode=d["kode"],
            nama=d.get("nama", d["kode"]),
            sumber=d.get("sumber", "disunting pengguna"),
            catatan=d.get("catatan", ""),
            skala=Skala.from_dict(d["skala"]),
            positif=pos,
            negatif=neg,
            huruf=replace(
                SAKIP_AA_D,
                urutan=tuple(h.get("urutan", SAKIP_AA_D.urutan)),
                sama=float(h.get("sama", SAKIP_AA_D.sama)),
                langkah=float(h.get("langkah", SAKIP_AA_D.langkah)),
            ),
            batas=Batas(
                atas=bt.get("atas"),
                bawah=bt.get("bawah", 0.0),
                atas_untuk=frozenset(bt.get("atas_untuk", PENGGUNAAN)),
                bawah_untuk=frozenset(bt.get("bawah_untuk", PENGGUNAAN)),
            ),
            agregasi=Agregasi(**(d.get("agregasi") or {})),
            efisiensi=ef,
            pembulatan=Pembulatan(**(d.get("pembulatan") or {})),
        )


def _excel(v: Hasil | Nilai) -> Nilai:
    return v.ke_excel() if isinstance(v, Hasil) else v


__all__ = ["Aturan", "Metode", "Sel"]
