"""Reading a filled template through `Buku`: where the tables are, their rows, and the value
every formula cell should show according to the Python reference."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from openpyxl.utils import get_column_letter

from . import skema as S
from .buku import Buku, GalatBuku
from .metode import Metode
from .pengaturan import baca_metode
from .rumus import Galat, Nilai, is_number, kriteria
from .templat import BARIS_SKALA_INFO, SKALA_EFISIENSI, TOTAL_ANGGARAN, rumus_induk

MAKS_BARIS = 5000
# The tables that hold formula cells, in sheet order (Renstra holds inputs only).
TABEL_RUMUS = (
    "rkt",
    "pk",
    "pk_program",
    "pengukuran",
    "pengukuran_sasaran",
    "pengukuran_misi",
    "anggaran",
    "efisiensi",
)

# Tables in sheet order; each ends where the next begins, or at a marker row.
_URUTAN = {
    "Renstra": [S.RENSTRA],
    "RKT": [S.RKT],
    "PK": [S.PK, S.PK_PROGRAM],
    "Pengukuran": [S.PENGUKURAN, S.PENGUKURAN_SASARAN, S.PENGUKURAN_MISI],
    "Anggaran": [S.ANGGARAN],
    "Efisiensi": [S.EFISIENSI],
    "Skala": [S.SKALA, SKALA_EFISIENSI],
}


def _cari(kolom: list[Nilai], teks: str, mulai: int) -> int | None:
    for i in range(mulai - 1, len(kolom)):
        v = kolom[i]
        if isinstance(v, str) and v.strip().startswith(teks):
            return i + 1
    return None


def cari_tata(buku: Buku) -> S.Tata:
    """Locate every table by its title row, so that inserted and deleted rows are followed."""
    baris: list[tuple[str, int, int]] = []
    for lembar, daftar in _URUTAN.items():
        if lembar not in buku.lembar():
            raise GalatBuku(
                f"{buku.nama}: lembar '{lembar}' tidak ada; buku kerja ini bukan "
                "templat xlkinerja (buat dengan: xlkinerja templat)"
            )
        # rows below the last one holding a value are empty: no need to scan them
        maks = min(MAKS_BARIS, buku.baris_akhir(lembar) or MAKS_BARIS)
        kol_a = buku.kolom(lembar, "A", maks)
        judul = []
        for t in daftar:
            r = _cari(kol_a, t.judul, 3 if t is daftar[0] else (judul[-1] + 1 if judul else 3))
            if r is None:
                raise GalatBuku(
                    f"{buku.nama}: judul tabel '{t.judul}' tidak ditemukan di kolom A "
                    f"lembar {lembar}; jangan menghapus baris judul tabel"
                )
            judul.append(r)
        for i, t in enumerate(daftar):
            awal = judul[i] + 2
            if i + 1 < len(daftar):
                nx = daftar[i + 1]
                akhir = judul[i + 1] - ((nx.baris_judul - 1) - t.baris_akhir)
            elif t is S.PENGUKURAN_MISI:
                kol = buku.kolom(lembar, t.huruf("misi"), maks)
                r = _cari(kol, "Capaian keseluruhan", awal)
                if r is None:
                    raise GalatBuku(
                        f"{buku.nama}: baris 'Capaian keseluruhan' di lembar Pengukuran "
                        "tidak ditemukan; jangan menghapus baris itu"
                    )
                akhir = r - (S.BARIS_KESELURUHAN - t.baris_akhir)
            elif t is S.ANGGARAN:
                kol = buku.kolom(lembar, t.huruf("uraian"), maks)
                r = _cari(kol, TOTAL_ANGGARAN[0][0], awal)
                if r is None:
                    raise GalatBuku(
                        f"{buku.nama}: baris '{TOTAL_ANGGARAN[0][0]}' di lembar Anggaran "
                        "tidak ditemukan; jangan menghapus baris jumlah"
                    )
                akhir = r - (S.BARIS_TOTAL - t.baris_akhir)
            elif t is S.SKALA:
                akhir = awal + t.kapasitas - 1
            else:
                kunci = buku.kolom(lembar, t.huruf(t.kunci_baris), maks)
                isi = [r for r in range(awal, len(kunci) + 1) if kunci[r - 1] not in (None, "")]
                akhir = max([awal + t.kapasitas - 1, *isi])
            baris.append((t.kunci, awal, akhir))
    for t in (S.NARASI, S.TEMUAN):
        baris.append((t.kunci, t.baris_awal, t.baris_akhir))
    if (S.SKALA.kunci, S.SKALA.baris_awal, S.SKALA.baris_akhir) not in baris:
        raise GalatBuku(
            f"{buku.nama}: tabel pita di lembar Skala harus tetap di baris "
            f"{S.SKALA.baris_awal}–{S.SKALA.baris_akhir} (info skala di baris "
            f"{BARIS_SKALA_INFO})"
        )
    return S.Tata(tuple(baris))


@dataclass
class Bacaan:
    """A workbook read once: methodology, layout, and each table's rows as raw cell values."""

    buku: Buku
    metode: Metode
    tata: S.Tata
    baris: dict[str, list[tuple[int, dict[str, Nilai]]]] = field(default_factory=dict)

    def isi(self, tabel: str) -> list[tuple[int, dict[str, Nilai]]]:
        """Rows with something in the table's key column."""
        t = S.TABEL[tabel]
        return [(r, v) for r, v in self.baris[tabel] if v.get(t.kunci_baris) not in (None, "")]

    @cached_property
    def rumus(self) -> dict[tuple[str, str], str]:
        """`rumus_buku`: the formula of every formula cell."""
        return _rumus_buku(self)

    def rumus_lembar(self, lembar: Iterable[str]) -> dict[tuple[str, str], str]:
        """The formula cells of some sheets only (as `rumus`, without rendering the others)."""
        if "rumus" in self.__dict__:
            pilih = set(lembar)
            return {k: f for k, f in self.rumus.items() if k[0] in pilih}
        kunci = tuple(sorted(set(lembar)))
        simpan = self.__dict__.setdefault("_rumus_lembar", {})
        if kunci not in simpan:
            simpan[kunci] = _rumus_buku(self, set(kunci))
        return simpan[kunci]

    @cached_property
    def anak(self) -> dict[int, list[int]]:
        """Children of each budget row (`peta_anak`)."""
        return peta_anak(self.baris["anggaran"])


def baca(buku: Buku) -> Bacaan:
    m = baca_metode(buku)
    tata = cari_tata(buku)
    b = Bacaan(buku, m, tata)
    for kunci in ("renstra", *TABEL_RUMUS):
        t = S.TABEL[kunci]
        awal, akhir = tata.awal(t), tata.akhir(t)
        isi = buku.nilai(t.lembar, f"A{awal}:{get_column_letter(len(t.kolom))}{akhir}")
        nama = [k.kunci for k in t.kolom]
        b.baris[kunci] = [
            (awal + i, dict(zip(nama, row)) if len(row) >= len(nama) else _baris(nama, row))
            for i, row in enumerate(isi)
        ]
    return b


def _baris(nama: list[str], row: list[Nilai]) -> dict[str, Nilai]:
    """A short row as {column: value}, missing cells None."""
    return {k: (row[j] if j < len(row) else None) for j, k in enumerate(nama)}


def nilai_tampil(b: Bacaan, sel_sel: list[tuple[str, str]]) -> dict[tuple[str, str], Nilai]:
    """The values the workbook shows now at `sel_sel`: table cells as read, the others read
    in one block per sheet."""
    from collections import defaultdict

    from .buku import pisah_sel

    tabel: dict[str, list[tuple[dict[int, dict[str, Nilai]], dict[str, str]]]] = defaultdict(list)
    for kode, rows in b.baris.items():
        t = S.TABEL[kode]
        tabel[t.lembar].append((dict(rows), {t.huruf(k.kunci): k.kunci for k in t.kolom}))
    out: dict[tuple[str, str], Nilai] = {}
    sisa: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for lembar, sel in sel_sel:
        huruf = sel.rstrip("0123456789")
        r = int(sel[len(huruf) :]) if len(huruf) < len(sel) else 0
        for rows, kolom in tabel.get(lembar, ()):
            if r in rows and huruf in kolom:
                out[(lembar, sel)] = rows[r][kolom[huruf]]
                break
        else:
            sisa[lembar].append(pisah_sel(sel))
    for lembar, sel in sisa.items():
        r1, r2 = min(r for r, _ in sel), max(r for r, _ in sel)
        isi = b.buku.nilai(lembar, f"A{r1}:{get_column_letter(max(c for _, c in sel))}{r2}")
        for i, row in enumerate(isi):
            for j, v in enumerate(row):
                out.setdefault((lembar, f"{get_column_letter(j + 1)}{r1 + i}"), v)
    return out


# -- the Python reference for every formula cell ----------------------------------------------


def _hasil(h) -> Nilai:
    return h.ke_excel() if h.ke_excel() is not None else ""


def rujukan(b: Bacaan) -> dict[tuple[str, str], Nilai]:
    """(sheet, cell) -> the value the formula there should show, computed in Python from the
    input cells."""
    r = RujukanBertahap(b)
    r.hitung("Efisiensi")
    return r.out


class RujukanBertahap:
    """`rujukan(b)` computed sheet by sheet, as cells are asked for (`get`): Pengukuran and
    Anggaran need nothing else, Efisiensi needs both."""

    def __init__(self, b: Bacaan):
        self.b = b
        self.out: dict[tuple[str, str], Nilai] = {}
        self.sas_cap: list[tuple[int, dict]] | None = None
        self.nilai_ang: dict[int, dict[str, Nilai]] | None = None
        self.efisiensi = False

    def taruh(self, t: S.Tabel, r: int, kolom: str, v: Nilai) -> None:
        self.out[(t.lembar, f"{t.huruf(kolom)}{r}")] = v

    def hitung(self, lembar: str) -> None:
        if lembar in ("Pengukuran", "Efisiensi") and self.sas_cap is None:
            self.sas_cap = _rujukan_pengukuran(self.b, self.taruh)
        if lembar in ("Anggaran", "Efisiensi") and self.nilai_ang is None:
            self.nilai_ang = _rujukan_anggaran(self.b, self.taruh)
        if lembar == "Efisiensi" and not self.efisiensi:
            assert self.sas_cap is not None and self.nilai_ang is not None
            _rujukan_efisiensi(self.b, self.taruh, self.sas_cap, self.nilai_ang)
            self.efisiensi = True

    def get(self, key: tuple[str, str], default: Nilai = None) -> Nilai:
        self.hitung(key[0])
        return self.out.get(key, default)


Taruh = Callable[[S.Tabel, int, str, Nilai], None]


def _rujukan_pengukuran(b: Bacaan, taruh: Taruh) -> list[tuple[int, dict]]:
    """Indicators, sasaran, misi and the overall row; returns the sasaran rows with capaian."""
    m, tata, a = b.metode, b.tata, b.metode.aturan
    # Pengukuran: indicators
    t = S.PENGUKURAN
    sas_rows = b.baris["pengukuran_sasaran"]
    misi_sas = {
        str(v["kode_sasaran"]): v["kode_misi"]
        for _, v in sas_rows
        if v["kode_sasaran"] not in (None, "")
    }
    ind: list[tuple[int, dict]] = []
    for r, v in b.baris["pengukuran"]:
        if v["indikator"] in (None, ""):
            for k in t.kolom:
                if not k.isian:
                    taruh(t, r, k.kunci, "")
            ind.append(
                (r, {"capaian_rata": "", "kode_sasaran": v["kode_sasaran"], "kode_misi": ""})
            )
            continue
        c = a["capaian"].hitung(
            T=v["target"], T2=v["target_atas"], R=v["realisasi"], P=v["polaritas"], J=v["jenis"]
        )
        cv = _hasil(c)
        rata = _hasil(a["dibatasi_rata_rata"].hitung(C=cv))
        pred_c = _hasil(a["dibatasi_predikat"].hitung(C=cv))
        kode_misi = (
            misi_sas.get(str(v["kode_sasaran"]), "") if v["kode_sasaran"] is not None else ""
        )
        nilai = {
            "capaian": cv,
            "capaian_tampil": _hasil(a["dibatasi_tampilan"].hitung(C=cv)),
            "capaian_predikat": pred_c,
            "capaian_rata": rata,
            "predikat": _hasil(a["predikat"].hitung(C=pred_c)),
            "capaian_akhir": _hasil(
                a["capaian"].hitung(
                    T=v["target_akhir"], T2="", R=v["realisasi"], P=v["polaritas"], J=v["jenis"]
                )
            ),
            "kode_misi": kode_misi if kode_misi is not None else "",
        }
        for k, x in nilai.items():
            taruh(t, r, k, x)
        ind.append((r, {**v, "capaian_rata": rata, "kode_misi": nilai["kode_misi"]}))

    # sasaran block
    t = S.PENGUKURAN_SASARAN
    v_ind = [x["capaian_rata"] for _, x in ind]
    k_ind = [x["kode_sasaran"] for _, x in ind]
    sas_cap: list[tuple[int, dict]] = []
    for r, v in sas_rows:
        if v["sasaran"] in (None, ""):
            for k in ("jumlah", "capaian", "capaian_predikat", "predikat"):
                taruh(t, r, k, "")
            sas_cap.append(
                (r, {"capaian": "", "kode_misi": v["kode_misi"], "kode_sasaran": v["kode_sasaran"]})
            )
            continue
        cap = _hasil(a["rata_rata_per_kunci"].hitung(V=v_ind, K=k_ind, k=v["kode_sasaran"]))
        pc = _hasil(a["dibatasi_predikat"].hitung(C=cap))
        cocok = kriteria(v["kode_sasaran"])
        taruh(t, r, "jumlah", float(sum(1 for k in k_ind if cocok(k))))
        taruh(t, r, "capaian", cap)
        taruh(t, r, "capaian_predikat", pc)
        taruh(t, r, "predikat", _hasil(a["predikat"].hitung(C=pc)))
        sas_cap.append((r, {**v, "capaian": cap}))

    # misi block and the overall row
    t = S.PENGUKURAN_MISI
    if m.agregasi.misi_dari == "indikator":
        vv, kk = v_ind, [x["kode_misi"] for _, x in ind]
    else:
        vv, kk = [x["capaian"] for _, x in sas_cap], [x["kode_misi"] for _, x in sas_cap]
    for r, v in b.baris["pengukuran_misi"]:
        if v["misi"] in (None, ""):
            for k in ("jumlah", "capaian", "capaian_predikat", "predikat"):
                taruh(t, r, k, "")
            continue
        cap = _hasil(a["rata_rata_per_kunci"].hitung(V=vv, K=kk, k=v["kode_misi"]))
        pc = _hasil(a["dibatasi_predikat"].hitung(C=cap))
        taruh(
            t,
            r,
            "jumlah",
            float(sum(1 for _, x in sas_cap if kriteria(v["kode_misi"])(x["kode_misi"]))),
        )
        taruh(t, r, "capaian", cap)
        taruh(t, r, "capaian_predikat", pc)
        taruh(t, r, "predikat", _hasil(a["predikat"].hitung(C=pc)))
    r = tata.keseluruhan
    vk = v_ind if m.agregasi.keseluruhan_dari == "indikator" else [x["capaian"] for _, x in sas_cap]
    cap = _hasil(a["rata_rata"].hitung(V=vk))
    pc = _hasil(a["dibatasi_predikat"].hitung(C=cap))
    taruh(t, r, "capaian", cap)
    taruh(t, r, "capaian_predikat", pc)
    taruh(t, r, "predikat", _hasil(a["predikat"].hitung(C=pc)))
    return sas_cap


def _rujukan_anggaran(b: Bacaan, taruh: Taruh) -> dict[int, dict[str, Nilai]]:
    """Budget rows and totals; returns each row's values with parents summed."""
    tata, a = b.tata, b.metode.aturan
    # Anggaran: parents sum their children (by code prefix, rows below), then % and sisa
    t = S.ANGGARAN
    rows = b.baris["anggaran"]
    nilai_ang: dict[int, dict[str, Nilai]] = {}
    for r, v in reversed(rows):
        v = dict(v)
        anak = b.anak[r]
        for kol in ("pagu", "realisasi"):
            if anak:
                x = sum(float(nilai_ang[r2][kol]) for r2 in anak if is_number(nilai_ang[r2][kol]))
                taruh(t, r, kol, x)
                v[kol] = x
        nilai_ang[r] = v
        if v["uraian"] in (None, ""):
            taruh(t, r, "serapan", "")
            taruh(t, r, "sisa", "")
            continue
        taruh(t, r, "serapan", _hasil(a["serapan"].hitung(PG=v["pagu"], RL=v["realisasi"])))
        taruh(t, r, "sisa", _hasil(a["sisa"].hitung(PG=v["pagu"], RL=v["realisasi"])))
    for n, (_, tingkat) in enumerate(TOTAL_ANGGARAN):
        r = tata.total + n
        pg, rl = _jumlah_jika(nilai_ang.values(), "tingkat", tingkat)
        taruh(t, r, "pagu", pg)
        taruh(t, r, "realisasi", rl)
        taruh(t, r, "serapan", _hasil(a["serapan"].hitung(PG=pg, RL=rl)))
        taruh(t, r, "sisa", _hasil(a["sisa"].hitung(PG=pg, RL=rl)))
    return nilai_ang


def _rujukan_efisiensi(
    b: Bacaan, taruh: Taruh, sas_cap: list[tuple[int, dict]], nilai_ang: dict[int, dict[str, Nilai]]
) -> None:
    a = b.metode.aturan
    # Efisiensi per sasaran
    t = S.EFISIENSI
    cap_sas = {
        str(x["kode_sasaran"]): x["capaian"]
        for _, x in sas_cap
        if x.get("kode_sasaran") not in (None, "")
    }
    for r, v in b.baris["efisiensi"]:
        if v["sasaran"] in (None, ""):
            for k in t.kolom:
                if not k.isian:
                    taruh(t, r, k.kunci, "")
            continue
        kode = v["kode_sasaran"]
        cap = cap_sas.get(str(kode), "tidak dapat dihitung: sasaran tidak ada di lembar Pengukuran")
        pg, rl = _jumlah_jika(nilai_ang.values(), "sasaran", kode)
        ser = _hasil(a["serapan"].hitung(PG=pg, RL=rl))
        cf = cap / 100 if is_number(cap) else cap
        ef = _hasil(a["efisiensi"].hitung(C=cap, S=ser, PG=pg, RL=rl, CF=cf))
        kat = _hasil(a["kategori_efisiensi"].hitung(E=ef)) if "kategori_efisiensi" in a else ""
        for k, x in (
            ("capaian", cap),
            ("pagu", pg),
            ("realisasi", rl),
            ("serapan", ser),
            ("sisa", _hasil(a["sisa"].hitung(PG=pg, RL=rl))),
            ("efisiensi", ef),
            ("kategori", kat),
        ):
            taruh(t, r, k, x)


def _jumlah_jika(rows: Iterable[dict[str, Nilai]], kolom: str, k: Nilai) -> tuple[float, float]:
    """SUMIFS of pagu and of realisasi over budget rows whose `kolom` meets criterion `k`."""
    cocok = kriteria(k)
    pilih = [x for x in rows if cocok(x[kolom])]
    pg = sum(float(x["pagu"]) for x in pilih if is_number(x["pagu"]))
    rl = sum(float(x["realisasi"]) for x in pilih if is_number(x["realisasi"]))
    return pg, rl


def peta_anak(rows: list[tuple[int, dict[str, Nilai]]]) -> dict[int, list[int]]:
    """For each budget row, the rows its parent formula sums: rows below it at the next level
    (Program: Kegiatan, Kegiatan: Sub Kegiatan) whose code matches `kode.*` (SUMIFS criteria)."""
    tingkat = {"kegiatan": [], "sub kegiatan": []}  # rows per level, as the criterion matches
    for r2, v2 in rows:
        t = v2["tingkat"]
        if isinstance(t, str) and not isinstance(t, Galat) and t.lower() in tingkat:
            tingkat[t.lower()].append((r2, v2["kode"]))
    out: dict[int, list[int]] = {}
    for r, v in rows:
        anak = {"Program": "kegiatan", "Kegiatan": "sub kegiatan"}.get(str(v["tingkat"]))
        if not anak or v["kode"] in (None, ""):
            out[r] = []
            continue
        pref = f"{v['kode']}.*"
        awal = pref[:-1]
        if "*" in awal or "?" in awal or not awal.isascii():
            cocok = kriteria(pref)
        else:  # an ASCII literal prefix, compared without case: no regex per row
            awal, n = awal.lower(), len(awal)
            cocok_pola = kriteria(pref)

            def cocok(k: Nilai, awal: str = awal, n: int = n, pola=cocok_pola) -> bool:
                if not isinstance(k, str) or isinstance(k, Galat) or len(k) < n:
                    return False
                if not k[:n].isascii():
                    return pola(k)
                return k[:n].lower() == awal

        out[r] = [r2 for r2, k in tingkat[anak] if r2 > r and cocok(k)]
    return out


def rumus_buku(b: Bacaan) -> dict[tuple[str, str], str]:
    """The formula every formula cell should hold under the workbook's methodology and layout
    (computed once per reading; do not modify the dict)."""
    return b.rumus


def _rumus_buku(b: Bacaan, lembar: set[str] | None = None) -> dict[tuple[str, str], str]:
    from .templat import rumus_kolom, rumus_tetap

    m, tata = b.metode, b.tata
    out: dict[tuple[str, str], str] = {}
    for kunci in TABEL_RUMUS:
        t = S.TABEL[kunci]
        if lembar is not None and t.lembar not in lembar:
            continue
        for r in range(tata.awal(t), tata.akhir(t) + 1):
            for k in t.kolom:
                if not k.isian:
                    f = rumus_kolom(m, kunci, k.kunci, r, tata)
                    if f:
                        out[(t.lembar, f"{t.huruf(k.kunci)}{r}")] = f
    rows = b.baris["anggaran"] if lembar is None or S.ANGGARAN.lembar in lembar else []
    for r, v in rows:
        if b.anak[r]:
            for kol in ("pagu", "realisasi"):
                f = rumus_induk(kol, r, str(v["tingkat"]), tata)
                out[(S.ANGGARAN.lembar, f"{S.ANGGARAN.huruf(kol)}{r}")] = f
    tetap = rumus_tetap(m, tata)
    out.update(tetap if lembar is None else {k: f for k, f in tetap.items() if k[0] in lembar})
    return out
