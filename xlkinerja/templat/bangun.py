"""Builds the LKjIP workbook from the schema and a methodology, with live Excel formulas."""

from __future__ import annotations

import datetime as dt
import functools

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xlkinerja.inti.metode import METODE, METODE_EFISIENSI, RUMUS_POLARITAS, SKALA, Metode, Skala
from xlkinerja.inti.warna import teks_untuk
from xlkinerja.templat import skema as S
from xlkinerja.templat.cetak import atur_cetak
from xlkinerja.templat.skema import Kolom, Tabel

WAKTU_TETAP = dt.datetime(2024, 1, 1)  # docProps timestamps, so that two builds are identical
BIRU, ABU, PUTIH = "1F4E78", "F2F2F2", "FFFFFF"
_TIPIS = Side(style="thin", color="A6A6A6")
BINGKAI = Border(left=_TIPIS, right=_TIPIS, top=_TIPIS, bottom=_TIPIS)

# -- settings cells ----------------------------------------------------------------------------

BARIS_PENGATURAN = 4  # first settings row in Pengaturan


def isian_pengaturan() -> tuple[S.Isian, ...]:
    neg = tuple(k for k, v in RUMUS_POLARITAS.items() if v.polaritas == "negatif")
    return S.PENGATURAN_UMUM + S.pengaturan_metode(tuple(METODE), neg, tuple(METODE_EFISIENSI))


def sel_pengaturan() -> dict[str, str]:
    """Settings key -> absolute reference, e.g. 'tahun' -> Pengaturan!$B$6."""
    return dict(_sel_pengaturan())


@functools.cache
def _sel_pengaturan() -> dict[str, str]:
    # The rows depend on the list of settings only, not on the presets in their dropdowns.
    return {
        i.kunci: f"Pengaturan!$B${BARIS_PENGATURAN + n}" for n, i in enumerate(isian_pengaturan())
    }


def isian_skala() -> tuple[S.Isian, ...]:
    return S.pengaturan_skala(tuple(SKALA))


def nilai_pengaturan(m: Metode) -> dict[str, object]:
    """The value of every methodology settings cell (Pengaturan and Skala), from the field
    table (`Isian.jalur`)."""
    d = m.to_dict()
    return {
        i.kunci: i.ubah.ambil(d, i.jalur)
        for i in isian_pengaturan() + isian_skala()
        if i.jalur is not None
    }


# Skala sheet: band table, then the scale's own settings, then efficiency categories.
BARIS_SKALA_INFO = S.SKALA.baris_akhir + 2
SKALA_EFISIENSI = Tabel(
    "skala_efisiensi",
    "Skala",
    "Kategori efisiensi (urut dari tertinggi)",
    S.SKALA.kolom,
    BARIS_SKALA_INFO + len(S.pengaturan_skala(())) + 3,
    6,
    "kode",
)


# -- formulas, from the schema's declarations ----------------------------------------------------


class Di:
    """Where a declared formula is rendered: the table giving column letters, the row, the
    workbook's layout and methodology (implements `hitungan.Letak`)."""

    def __init__(self, metode: Metode, tata: S.Tata, t: Tabel, r: int):
        self.metode, self.tata, self.t, self.r = metode, tata, t, r

    def huruf(self, kolom: str) -> str:
        return self.t.huruf(kolom)

    def rentang(self, tabel: str, kolom: str, lembar: bool) -> str:
        return self.tata.rentang(S.TABEL[tabel], kolom, lembar)

    def blok(self, tabel: str, awal: str, akhir: str) -> str:
        t = S.TABEL[tabel]
        a, b = self.tata.awal(t), self.tata.akhir(t)
        return f"{S.ref_lembar(t.lembar)}!${t.huruf(awal)}${a}:${t.huruf(akhir)}${b}"

    def sel_pengaturan(self, kunci: str) -> str:
        return _sel_pengaturan()[kunci]

    def baris_tetap(self, posisi: str, geser: int) -> int:
        return getattr(self.tata, posisi) + geser


def _bungkus(t: Tabel, r: int, rumus: str) -> str:
    """Rows without a name show nothing."""
    return f'=IF(${t.huruf(t.kunci_baris)}{r}="","",{rumus})'


def rumus_kolom(
    m: Metode, tabel: str, kolom: str, r: int, tata: S.Tata | None = None
) -> str | None:
    """The formula of one cell of a formula column, or None if the column holds inputs."""
    t = S.TABEL[tabel]
    try:
        k = t.k(kolom)
    except KeyError:
        return None
    if k.hitung is None:
        return None
    return _bungkus(t, r, k.hitung.excel(Di(m, tata or S.Tata.bawaan(), t, r)))


class _BarisPola(int):
    """A row number that renders as a placeholder: a column's formula rendered once with it is
    the formula of every row (`pola_kolom`). Arithmetic on it gives a plain int, which renders
    as digits and is caught by the check in `PolaKolom`."""

    def __format__(self, spec: str) -> str:
        return _TEMPAT_BARIS

    def __str__(self) -> str:
        return _TEMPAT_BARIS

    __repr__ = __str__


_TEMPAT_BARIS = "\x01"  # never in a formula: not a character XML can hold
_BARIS_POLA = _BarisPola(1_048_577)  # one past Excel's last row


class PolaKolom:
    """The formulas of one formula column in every row: the text rendered once, split where the
    row number goes (`rumus(r)` equals `rumus_kolom(..., r, ...)`)."""

    __slots__ = ("bagian", "kunci")

    def __init__(self, m: Metode, tabel: str, kolom: str, tata: S.Tata):
        self.kunci = (m, tabel, kolom, tata)
        f = rumus_kolom(m, tabel, kolom, _BARIS_POLA, tata)
        bagian: tuple[str, ...] | None = () if f is None else tuple(f.split(_TEMPAT_BARIS))
        r = tata.awal(S.TABEL[tabel])
        # the row enters the text only as its number: checked on the first row; otherwise
        # (arithmetic on the row) every row is rendered by `rumus_kolom`
        if bagian and str(r).join(bagian) != rumus_kolom(m, tabel, kolom, r, tata):
            bagian = None
        self.bagian = bagian

    def rumus(self, r: int) -> str | None:
        if self.bagian is None:
            return rumus_kolom(*self.kunci[:3], r, self.kunci[3])
        return str(r).join(self.bagian) if self.bagian else None


_POLA: dict[tuple[int, str, str, S.Tata], PolaKolom] = {}


def pola_kolom(m: Metode, tabel: str, kolom: str, tata: S.Tata) -> PolaKolom:
    """`PolaKolom`, once per methodology object, column and layout: workbooks with the same
    settings share one `Metode`, so the workbooks of a folder share it. Keyed by the object
    (kept alive by its entry), not by equality: a methodology's fields that do not take part in
    its equality cannot make two methodologies share formulas."""
    kunci = (id(m), tabel, kolom, tata)
    p = _POLA.get(kunci)
    if p is None or p.kunci[0] is not m:
        if len(_POLA) >= 4096:
            _POLA.clear()
        p = _POLA[kunci] = PolaKolom(m, tabel, kolom, tata)
    return p


def rumus_induk(kolom: str, r: int, tingkat: str, tata: S.Tata | None = None) -> str | None:
    """Parent budget rows: the sum of the next level's rows below whose code starts with this
    code (`skema.ANGGARAN.induk`)."""
    t = S.ANGGARAN
    assert t.induk is not None
    return t.induk.rumus(t.huruf, kolom, r, (tata or S.Tata.bawaan()).akhir(t), tingkat)


def letak_tetap(st: S.SelTetap, tata: S.Tata) -> tuple[str, str, int]:
    """Sheet, cell and row of a fixed formula cell in this layout."""
    t = S.TABEL[st.tabel]
    r = getattr(tata, st.posisi) + st.geser
    return t.lembar, f"{t.huruf(st.kolom)}{r}", r


def rumus_tetap(m: Metode, tata: S.Tata | None = None) -> dict[tuple[str, str], str]:
    """Formulas outside table rows (`skema.SEL_TETAP`): the overall capaian row, budget totals
    and jenis belanja."""
    tata = tata or S.Tata.bawaan()
    kunci = (id(m), tata)
    ada = _TETAP.get(kunci)
    if ada is None or ada[0] is not m:
        if len(_TETAP) >= 256:
            _TETAP.clear()
        ada = _TETAP[kunci] = (m, _rumus_tetap(m, tata))
    return dict(ada[1])


_TETAP: dict[tuple[int, S.Tata], tuple[Metode, dict[tuple[str, str], str]]] = {}


def _rumus_tetap(m: Metode, tata: S.Tata) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for st in S.SEL_TETAP:
        if tata.akhir(st.tabel) < tata.awal(st.tabel):  # a sheet the workbook does not have
            continue
        lembar, sel, r = letak_tetap(st, tata)
        out[(lembar, sel)] = "=" + st.hitung.excel(Di(m, tata, S.TABEL[st.tabel], r))
    return out


# -- building -------------------------------------------------------------------------------------


def _judul(ws: Worksheet) -> None:
    """Row 1: the agency and year (the table's own title, row 4, is the sheet's title: printed
    once)."""
    ps = sel_pengaturan()
    ws["A1"] = f'={ps["instansi"]}&" — Tahun "&{ps["tahun"]}'
    ws["A1"].font = Font(bold=True, size=14, color=BIRU)
    ws.sheet_properties.tabColor = BIRU


def _header(ws: Worksheet, t: Tabel) -> None:
    r = t.baris_judul
    ws.cell(r - 1, 1, t.judul).font = Font(bold=True, size=12, color=BIRU)
    for i, k in enumerate(t.kolom, 1):
        c = ws.cell(r, i, k.judul)
        c.font = Font(bold=True, color=PUTIH)
        c.fill = PatternFill("solid", fgColor=BIRU)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = BINGKAI
    ws.row_dimensions[r].height = 42


def _kolom_lebar(ws: Worksheet, t: Tabel) -> None:
    for i, k in enumerate(t.kolom, 1):
        d = ws.column_dimensions[ws.cell(1, i).column_letter]
        d.width = k.lebar
        if k.sembunyi:
            d.hidden = True


def _sel_data(ws: Worksheet, r: int, i: int, k: Kolom, nilai: object = None) -> None:
    c = ws.cell(r, i)
    if nilai is not None:
        c.value = nilai
    c.number_format = k.format
    c.border = BINGKAI
    if k.isian:
        c.protection = Protection(locked=False)
    else:
        c.fill = PatternFill("solid", fgColor=ABU)
    if k.kunci in (
        "indikator",
        "uraian",
        "sasaran",
        "tujuan",
        "program",
        "misi",
        "pesan",
        "templat",
        "teks",
        "keterangan",
    ):
        c.alignment = Alignment(wrap_text=True, vertical="top")
    else:  # figures beside a wrapped text stay on its first line
        c.alignment = Alignment(vertical="top")


def _isi_tabel(ws: Worksheet, t: Tabel, m: Metode) -> None:
    _header(ws, t)
    for r in range(t.baris_awal, t.baris_akhir + 1):
        for i, k in enumerate(t.kolom, 1):
            _sel_data(ws, r, i, k, None if k.isian else rumus_kolom(m, t.kunci, k.kunci, r))
    for i, k in enumerate(t.kolom, 1):
        if k.pilihan and t.kapasitas:
            col = ws.cell(1, i).column_letter
            _validasi(ws, k.pilihan, f"{col}{t.baris_awal}:{col}{t.baris_akhir}")


def _validasi(ws: Worksheet, pilihan: tuple[str, ...], rentang: str, ketat: bool = True) -> None:
    """A dropdown; `ketat=False` suggests the values but accepts others."""
    dv = DataValidation(type="list", formula1='"' + ",".join(pilihan) + '"', allow_blank=True)
    dv.error = "Pilih salah satu nilai dari daftar: " + ", ".join(pilihan)
    dv.errorTitle = "Nilai tidak dikenal"
    dv.showErrorMessage = ketat
    ws.add_data_validation(dv)
    dv.add(rentang)


def _warna_predikat(ws: Worksheet, skala: Skala, rentang: str) -> None:
    for p in skala.pita:
        if p.warna:
            ws.conditional_formatting.add(
                rentang,
                CellIsRule(
                    operator="equal",
                    formula=[f'"{skala.teks(p)}"'],
                    fill=PatternFill("solid", bgColor=p.warna),
                    font=Font(color=teks_untuk(p.warna)),
                ),
            )


def _lindungi(ws: Worksheet) -> None:
    """Formula cells locked, inputs open; no password; rows may be inserted and deleted."""
    p = ws.protection
    p.sheet = True
    p.formatColumns = p.formatRows = p.formatCells = False
    p.insertRows = p.deleteRows = False
    p.autoFilter = p.sort = False


PETUNJUK = (
    "Templat LKjIP xlkinerja",
    "",
    "Isi lembar Pengaturan (instansi, tahun, penandatangan, metodologi), lalu Renstra, RKT, PK, "
    "Pengukuran dan Anggaran. Sel putih adalah isian; sel abu-abu berisi rumus dan dikunci "
    "(proteksi lembar tanpa kata sandi: Tinjau → Buka Proteksi Lembar).",
    "Rumus capaian, predikat, rata-rata, serapan dan efisiensi dibuat dari metodologi di lembar "
    "Pengaturan dan Skala, sehingga buku kerja tetap benar di komputer tanpa Python.",
    "Tidak pernah diam-diam 0: target 0, realisasi kosong atau '-' menampilkan 'tidak dapat "
    "dihitung' beserta alasannya.",
    "",
    "Tombol pada tab LKjIP (memerlukan Python dan xlkinerja):",
    *[f"• {t.label}: {t.keterangan}" for t in S.TOMBOL],
    "",
    "Memasang Python dan xlkinerja (sekali saja):",
    "1. Pasang Python 3.11 atau 3.12 (64-bit) dari python.org.",
    "2. Ekstrak berkas rilis xlkinerja-<versi>.zip, lalu klik ganda pasang.bat: xlkinerja "
    "terpasang tanpa internet dan templat disalin ke Dokumen\\xlkinerja (panduan lengkap: "
    "panduan/pasang.html dalam zip).",
    "3. Untuk buku kerja lain, jalankan: xlkinerja pasang <berkas.xlsm>, yang menulis letak "
    "Python ke lembar xlwings.conf (Interpreter_Win) dan memeriksa versi xlwings.",
    "",
    "Membuka blokir berkas unduhan (Office memblokir makro pada berkas dari internet):",
    "• Klik kanan berkas → Properties → centang Unblock → OK; atau di PowerShell: "
    "Unblock-File .\\template_lkjip.xlsm; atau simpan di Trusted Location.",
    "• Saat dibuka, klik Enable Content bila diminta.",
    "",
    "Menyisipkan baris: sisipkan di tengah tabel agar rumus jumlah ikut melebar, lalu tekan "
    "Hitung Capaian agar rumus baris baru dipasang (atau salin rumus dari baris di atasnya).",
    "Kode anggaran bertingkat (Permendagri 90/2019): kode kegiatan diawali kode programnya, "
    "kode sub kegiatan diawali kode kegiatannya; jumlah program dan kegiatan dihitung dari kode.",
)


def simpan_xlsm(wb: Workbook) -> bytes:
    """A workbook as a reproducible .xlsm: VBA project, ribbon, and every formula's cached value
    (so readers that do not recalculate see the numbers)."""
    from xlkinerja.buku.paket import buat_xlsm, isi_nilai_tersimpan, simpan_openpyxl_deterministik
    from xlkinerja.mesin.evaluasi import hitung

    wb.calculation.fullCalcOnLoad = True
    data = buat_xlsm(simpan_openpyxl_deterministik(wb, WAKTU_TETAP))
    return isi_nilai_tersimpan(data, hitung(wb).nilai)


def bangun_templat(m: Metode | None = None) -> bytes:
    """The macro-enabled template (.xlsm bytes): workbook, VBA project and ribbon; reproducible."""
    return simpan_xlsm(bangun_workbook(m))


def bangun_workbook(m: Metode | None = None) -> Workbook:
    """The template as an openpyxl Workbook (no VBA yet)."""
    m = m or METODE["permendagri_86_2017"]
    wb = Workbook()
    wb.remove(wb.active)
    ws_ = {n: wb.create_sheet(n) for n in S.LEMBAR}
    wb.properties.creator = "xlkinerja"
    wb.properties.created = wb.properties.modified = WAKTU_TETAP
    wb.properties.lastModifiedBy = "xlkinerja"

    # Petunjuk
    ws = ws_["Petunjuk"]
    for i, teks in enumerate(PETUNJUK, 1):
        c = ws.cell(i, 1, teks)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=16, color=BIRU)
    ws.column_dimensions["A"].width = 95
    ws.sheet_properties.tabColor = "548235"

    # Pengaturan
    ws = ws_["Pengaturan"]
    ws["A1"] = "Pengaturan"
    ws["A1"].font = Font(bold=True, size=14, color=BIRU)
    ws["A2"] = "Identitas laporan dan metodologi. Sel kolom B adalah isian."
    for c, j in zip("ABC", ("Pengaturan", "Nilai", "Keterangan"), strict=True):
        h = ws[f"{c}3"]
        h.value, h.font, h.fill = (
            j,
            Font(bold=True, color=PUTIH),
            PatternFill("solid", fgColor=BIRU),
        )
    nilai = nilai_pengaturan(m)
    for n, it in enumerate(isian_pengaturan()):
        r = BARIS_PENGATURAN + n
        ws.cell(r, 1, it.label).border = BINGKAI
        v = nilai.get(it.kunci, it.bawaan)
        c = ws.cell(r, 2, v)
        c.number_format, c.border = it.format, BINGKAI
        c.protection = Protection(locked=False)
        ws.cell(r, 3, it.keterangan).alignment = Alignment(wrap_text=True)
        if it.pilihan:
            _validasi(ws, it.pilihan, f"B{r}")
        wb.defined_names[it.nama] = DefinedName(it.nama, attr_text=f"Pengaturan!$B${r}")
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 60
    _lindungi(ws)

    # Skala
    ws = ws_["Skala"]
    _judul(ws)
    _isi_tabel(ws, S.SKALA, m)
    _tulis_pita(ws, S.SKALA, m.skala)
    nilai = nilai_pengaturan(m)
    for n, it in enumerate(isian_skala()):
        r = BARIS_SKALA_INFO + n
        ws.cell(r, 1, it.label).font = Font(bold=True)
        c = ws.cell(r, 2, nilai[it.kunci])
        c.protection = Protection(locked=False)
        c.border = BINGKAI
        if it.pilihan:
            _validasi(ws, it.pilihan, f"B{r}", ketat=it.ketat)
        wb.defined_names[it.nama] = DefinedName(it.nama, attr_text=f"Skala!$B${r}")
    _isi_tabel(ws, SKALA_EFISIENSI, m)
    if m.efisiensi.kategori:
        _tulis_pita(ws, SKALA_EFISIENSI, m.efisiensi.kategori)
    _kolom_lebar(ws, S.SKALA)
    ws.column_dimensions["B"].width = 40
    _lindungi(ws)

    # data sheets
    for nama, tabel in (
        ("Renstra", [S.RENSTRA]),
        ("RKT", [S.RKT]),
        ("PK", [S.PK, S.PK_PROGRAM]),
        ("Pengukuran", [S.PENGUKURAN, S.PENGUKURAN_SASARAN, S.PENGUKURAN_MISI]),
        ("Anggaran", [S.ANGGARAN]),
        ("Kinerja Program", [S.KINERJA_PROGRAM]),
        ("Jenjang Kinerja", [S.JENJANG]),
        ("Rencana Aksi", [S.RENCANA_AKSI]),
        ("Renstra Pendanaan", [S.RENSTRA_PENDANAAN]),
        ("Efisiensi", [S.EFISIENSI]),
        ("Narasi", [S.NARASI]),
        ("Temuan", [S.TEMUAN]),
    ):
        ws = ws_[nama]
        _judul(ws)
        for t in tabel:
            _isi_tabel(ws, t, m)
        _kolom_lebar(ws, tabel[0])  # widths and hidden helper columns follow the main table
        ws.freeze_panes = ws.cell(tabel[0].baris_awal, 4 if nama != "Temuan" else 1)
        if nama not in ("Temuan", "Narasi"):
            _lindungi(ws)

    _renstra_tahun(ws_["Renstra"])
    _pengukuran_keseluruhan(ws_["Pengukuran"], m)
    for t in (S.PENGUKURAN, S.PENGUKURAN_SASARAN, S.PENGUKURAN_MISI):
        col = t.huruf("predikat")
        _warna_predikat(ws_["Pengukuran"], m.skala, f"{col}{t.baris_awal}:{col}{t.baris_akhir}")
    for t in (S.KINERJA_PROGRAM, S.JENJANG):
        col = t.huruf("predikat")
        _warna_predikat(ws_[t.lembar], m.skala, f"{col}{t.baris_awal}:{col}{t.baris_akhir}")
    _anggaran_jumlah(ws_["Anggaran"], m)
    _anggaran_tingkat(ws_["Anggaran"])
    _renstra_pendanaan(ws_[S.RENSTRA_PENDANAAN.lembar], m)

    # xlwings.conf: settings from A1, as xlwings reads them
    ws = ws_["xlwings.conf"]
    for i, (k, v) in enumerate(S.XLWINGS_CONF, 1):
        ws.cell(i, 1, k)
        ws.cell(i, 2, v)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 60
    ws.sheet_state = "visible"
    wb.active = 1
    atur_cetak(wb)
    return wb


def _tulis_pita(ws: Worksheet, t: Tabel, skala: Skala) -> None:
    for n, p in enumerate(
        sorted(skala.pita, key=lambda p: -(p.bawah if p.bawah is not None else float("-inf")))
    ):
        r = t.baris_awal + n
        vals = {
            "kode": p.kode,
            "label": p.label,
            "bawah": p.bawah,
            "bawah_inklusif": "Ya" if p.bawah_inklusif else "Tidak",
            "atas": p.atas,
            "atas_inklusif": "Ya" if p.atas_inklusif else "Tidak",
            "warna": p.warna or None,
        }
        for i, k in enumerate(t.kolom, 1):
            ws.cell(r, i, vals[k.kunci])
            if k.kunci == "kode" and p.warna:
                ws.cell(r, i).fill = PatternFill("solid", fgColor=p.warna)
                ws.cell(r, i).font = Font(color=teks_untuk(p.warna))


def _renstra_tahun(ws: Worksheet) -> None:
    t, ps = S.RENSTRA, sel_pengaturan()
    r = t.baris_judul - 1
    for awal in ("target_1", "realisasi_1"):
        i0 = t.indeks(awal)
        for j in range(5):
            c = ws.cell(r, i0 + j, f"={ps['renstra_awal']}+{j}")
            c.font, c.alignment = Font(bold=True, color=BIRU), Alignment(horizontal="center")
            c.number_format = S.F_TAHUN


def _renstra_pendanaan(ws: Worksheet, m: Metode) -> None:
    """Years above the Renstra funding matrix's target and pagu columns; the Σ program row."""
    t, ps = S.RENSTRA_PENDANAAN, sel_pengaturan()
    for awal in ("target_1", "pagu_1"):
        i0 = t.indeks(awal)
        for j in range(5):
            c = ws.cell(t.baris_judul - 1, i0 + j, f"={ps['renstra_awal']}+{j}")
            c.font, c.alignment = Font(bold=True, color=BIRU), Alignment(horizontal="center")
            c.number_format = S.F_TAHUN
    c = ws.cell(S.BARIS_TOTAL_RENSTRA, t.indeks("uraian"), "Jumlah (Σ program)")
    c.font, c.fill, c.border = Font(bold=True), PatternFill("solid", fgColor=ABU), BINGKAI
    for (lembar, sel), f in rumus_tetap(m).items():
        if lembar == t.lembar:
            _sel_rumus(ws, sel, f, S.F_RUPIAH)
            ws[sel].font = Font(bold=True)


def _sel_rumus(ws: Worksheet, sel: str, rumus: str, format: str) -> None:
    c = ws[sel]
    c.value = rumus
    c.fill, c.border, c.number_format = PatternFill("solid", fgColor=ABU), BINGKAI, format


def _pengukuran_keseluruhan(ws: Worksheet, m: Metode) -> None:
    r = S.BARIS_KESELURUHAN
    t = S.PENGUKURAN_MISI
    ws[f"{t.huruf('misi')}{r}"] = f"Capaian keseluruhan (rata-rata {m.agregasi.keseluruhan_dari})"
    ws[f"{t.huruf('misi')}{r}"].font = Font(bold=True)
    for (lembar, sel), f in rumus_tetap(m).items():
        if lembar == "Pengukuran":
            _sel_rumus(ws, sel, f, "General" if sel.startswith(t.huruf("predikat")) else S.F_PERSEN)
            ws[sel].font = Font(bold=True)
    _warna_predikat(ws, m.skala, f"{t.huruf('predikat')}{r}")


def _anggaran_tingkat(ws: Worksheet) -> None:
    """Program rows bold on a light fill, kegiatan rows bold: the hierarchy at a glance."""
    t = S.ANGGARAN
    rng = f"A{t.baris_awal}:{t.huruf('keterangan')}{t.baris_akhir}"
    kol = f"${t.huruf('tingkat')}{t.baris_awal}"
    ws.conditional_formatting.add(
        rng,
        FormulaRule(
            formula=[f'{kol}="Program"'],
            font=Font(bold=True),
            fill=PatternFill("solid", bgColor="DDEBF7"),
        ),
    )
    ws.conditional_formatting.add(
        rng, FormulaRule(formula=[f'{kol}="Kegiatan"'], font=Font(bold=True))
    )


def _anggaran_jumlah(ws: Worksheet, m: Metode) -> None:
    t = S.ANGGARAN
    for n, (label, _) in enumerate(S.TOTAL_ANGGARAN):
        c = ws.cell(S.BARIS_TOTAL + n, t.indeks("uraian"), label)
        c.font, c.fill, c.border = Font(bold=True), PatternFill("solid", fgColor=ABU), BINGKAI
    r0 = S.BARIS_BELANJA
    ws.cell(r0 - 1, 1, "Realisasi menurut jenis belanja").font = Font(
        bold=True, size=12, color=BIRU
    )
    for kunci, j in (
        ("uraian", "Jenis Belanja"),
        ("pagu", "Pagu (Rp)"),
        ("realisasi", "Realisasi (Rp)"),
        ("serapan", "Serapan (%)"),
        ("sisa", "Sisa (Rp)"),
    ):
        c = ws.cell(r0, t.indeks(kunci), j)
        c.font, c.fill = Font(bold=True, color=PUTIH), PatternFill("solid", fgColor=BIRU)
    for n, nama in enumerate(S.JENIS_BELANJA):
        r = r0 + 1 + n
        ws.cell(r, t.indeks("uraian"), nama).border = BINGKAI
        for kol in ("pagu", "realisasi"):
            c = ws.cell(r, t.indeks(kol))
            c.number_format, c.border = S.F_RUPIAH, BINGKAI
            c.protection = Protection(locked=False)
    total = {S.BARIS_TOTAL + n for n in range(len(S.TOTAL_ANGGARAN))}
    for (lembar, sel), f in rumus_tetap(m).items():
        if lembar != "Anggaran":
            continue
        kol = "".join(ch for ch in sel if ch.isalpha())
        _sel_rumus(
            ws, sel, f, t.k(next(k.kunci for k in t.kolom if t.huruf(k.kunci) == kol)).format
        )
        ws[sel].protection = Protection(locked=True)
        if int(sel[len(kol) :]) in total:
            ws[sel].font = Font(bold=True)
