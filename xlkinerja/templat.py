"""Builds the LKjIP workbook from the schema and a methodology, with live Excel formulas."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import skema as S
from .metode import METODE, METODE_EFISIENSI, RUMUS_POLARITAS, SKALA, Metode, Skala
from .skema import Kolom, Tabel

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


def nilai_pengaturan(m: Metode) -> dict[str, object]:
    b = m.batas
    out: dict[str, object] = {
        "metode": m.kode,
        "metode_nama": m.nama,
        "metode_sumber": m.sumber,
        "metode_catatan": m.catatan,
        "rumus_negatif": m.negatif.kode,
        "huruf_urutan": ",".join(m.huruf.urutan),
        "huruf_sama": m.huruf.sama,
        "huruf_langkah": m.huruf.langkah,
        "batas_atas": b.atas,
        "batas_bawah": b.bawah,
        "misi_dari": m.agregasi.misi_dari,
        "keseluruhan_dari": m.agregasi.keseluruhan_dari,
        "kosong": m.agregasi.kosong,
        "efisiensi": m.efisiensi.kode,
        "pembulatan": m.pembulatan.mode,
        "desimal": m.pembulatan.desimal,
    }
    for u in ("predikat", "rata_rata", "tampilan"):
        out[f"batas_atas_{u}"] = "Ya" if u in b.atas_untuk else "Tidak"
        out[f"batas_bawah_{u}"] = "Ya" if u in b.bawah_untuk else "Tidak"
    return out


# Skala sheet: band table, then the scale's own settings, then efficiency categories.
BARIS_SKALA_INFO = S.SKALA.baris_akhir + 2
SKALA_INFO = (
    "skala_kode",
    "skala_nama",
    "skala_sumber",
    "skala_di_atas",
    "skala_di_bawah",
    "skala_keluaran",
    "skala_catatan",
)
SKALA_EFISIENSI = Tabel(
    "skala_efisiensi",
    "Skala",
    "Kategori efisiensi (urut dari tertinggi)",
    S.SKALA.kolom,
    BARIS_SKALA_INFO + len(SKALA_INFO) + 3,
    6,
    "kode",
)


def sel_skala_info() -> dict[str, str]:
    return {k: f"Skala!$B${BARIS_SKALA_INFO + n}" for n, k in enumerate(SKALA_INFO)}


# -- formulas per row, shared with the Hitung action ---------------------------------------------


def _isi(t: Tabel, r: int) -> str:
    return f"${t.huruf(t.kunci_baris)}{r}"


def _bungkus(t: Tabel, r: int, rumus: str) -> str:
    """Rows without a name show nothing."""
    return f'=IF({_isi(t, r)}="","",{rumus.removeprefix("=")})'


@functools.lru_cache(maxsize=1 << 14)
def _sel_baris(kunci: str, r: int) -> dict[str, str]:
    """{column key: address} of row `r` of a table (shared: do not modify)."""
    t = S.TABEL[kunci]
    return {k.kunci: f"{t.huruf(k.kunci)}{r}" for k in t.kolom}


def rumus_kolom(
    m: Metode, tabel: str, kolom: str, r: int, tata: S.Tata | None = None
) -> str | None:
    """The formula of one cell of a formula column, or None if the column holds inputs."""
    tata = tata or S.Tata.bawaan()
    ps = sel_pengaturan()
    a = m.aturan
    if tabel == "pengukuran":
        t = S.PENGUKURAN
        c = _sel_baris(t.kunci, r)
        refs = {
            "T": c["target"],
            "T2": c["target_atas"],
            "R": c["realisasi"],
            "P": c["polaritas"],
            "J": c["jenis"],
        }
        f: dict[str, Callable[[], str]] = {
            "capaian": lambda: a["capaian"].rumus(refs),
            "capaian_tampil": lambda: a["dibatasi_tampilan"].rumus({"C": c["capaian"]}),
            "capaian_predikat": lambda: a["dibatasi_predikat"].rumus({"C": c["capaian"]}),
            "capaian_rata": lambda: a["dibatasi_rata_rata"].rumus({"C": c["capaian"]}),
            "predikat": lambda: a["predikat"].rumus({"C": c["capaian_predikat"]}),
            "capaian_akhir": lambda: a["capaian"].rumus(
                {**refs, "T": c["target_akhir"], "T2": '""'}
            ),
            "kode_misi": lambda: '=IFERROR(INDEX({},MATCH({},{},0)),"")'.format(
                tata.rentang(S.PENGUKURAN_SASARAN, "kode_misi"),
                c["kode_sasaran"],
                tata.rentang(S.PENGUKURAN_SASARAN, "kode_sasaran"),
            ),
        }
        return _bungkus(t, r, f[kolom]()) if kolom in f else None
    if tabel == "pengukuran_sasaran":
        t, ind = S.PENGUKURAN_SASARAN, S.PENGUKURAN
        c = _sel_baris(t.kunci, r)
        f = {
            "jumlah": lambda: f"=COUNTIFS({tata.rentang(ind, 'kode_sasaran')},{c['kode_sasaran']})",
            "capaian": lambda: a["rata_rata_per_kunci"].rumus(
                {
                    "V": tata.rentang(ind, "capaian_rata"),
                    "K": tata.rentang(ind, "kode_sasaran"),
                    "k": c["kode_sasaran"],
                }
            ),
            "capaian_predikat": lambda: a["dibatasi_predikat"].rumus({"C": c["capaian"]}),
            "predikat": lambda: a["predikat"].rumus({"C": c["capaian_predikat"]}),
        }
        return _bungkus(t, r, f[kolom]()) if kolom in f else None
    if tabel == "pengukuran_misi":
        t, ind, sas = S.PENGUKURAN_MISI, S.PENGUKURAN, S.PENGUKURAN_SASARAN
        c = _sel_baris(t.kunci, r)
        if m.agregasi.misi_dari == "indikator":
            v, kk = tata.rentang(ind, "capaian_rata"), tata.rentang(ind, "kode_misi")
        else:
            v, kk = tata.rentang(sas, "capaian"), tata.rentang(sas, "kode_misi")
        f = {
            "jumlah": lambda: f"=COUNTIFS({tata.rentang(sas, 'kode_misi')},{c['kode_misi']})",
            "capaian": lambda: a["rata_rata_per_kunci"].rumus(
                {"V": v, "K": kk, "k": c["kode_misi"]}
            ),
            "capaian_predikat": lambda: a["dibatasi_predikat"].rumus({"C": c["capaian"]}),
            "predikat": lambda: a["predikat"].rumus({"C": c["capaian_predikat"]}),
        }
        return _bungkus(t, r, f[kolom]()) if kolom in f else None
    if tabel == "anggaran":
        t = S.ANGGARAN
        refs = {"PG": f"{t.huruf('pagu')}{r}", "RL": f"{t.huruf('realisasi')}{r}"}
        if kolom in ("serapan", "sisa"):
            return _bungkus(t, r, a[kolom].rumus(refs))
        return None
    if tabel == "efisiensi":
        t = S.EFISIENSI
        c = _sel_baris(t.kunci, r)
        sas, ang = S.PENGUKURAN_SASARAN, S.ANGGARAN
        cap = c["capaian"]
        f = {
            "capaian": lambda: '=IFERROR(INDEX({},MATCH({},{},0)),"{}")'.format(
                tata.rentang(sas, "capaian", True),
                c["kode_sasaran"],
                tata.rentang(sas, "kode_sasaran", True),
                "tidak dapat dihitung: sasaran tidak ada di lembar Pengukuran",
            ),
            "pagu": lambda: "=SUMIFS({},{},{})".format(
                tata.rentang(ang, "pagu", True),
                tata.rentang(ang, "sasaran", True),
                c["kode_sasaran"],
            ),
            "realisasi": lambda: "=SUMIFS({},{},{})".format(
                tata.rentang(ang, "realisasi", True),
                tata.rentang(ang, "sasaran", True),
                c["kode_sasaran"],
            ),
            "serapan": lambda: a["serapan"].rumus({"PG": c["pagu"], "RL": c["realisasi"]}),
            "sisa": lambda: a["sisa"].rumus({"PG": c["pagu"], "RL": c["realisasi"]}),
            "efisiensi": lambda: a["efisiensi"].rumus(
                {
                    "C": cap,
                    "S": c["serapan"],
                    "PG": c["pagu"],
                    "RL": c["realisasi"],
                    "CF": f"IF(ISNUMBER({cap}),{cap}/100,{cap})",
                }
            ),
            "kategori": lambda: (
                a["kategori_efisiensi"].rumus({"E": c["efisiensi"]})
                if "kategori_efisiensi" in a
                else '=""'
            ),
        }
        return _bungkus(t, r, f[kolom]()) if kolom in f else None
    if tabel in ("pk", "rkt"):
        t = S.PK if tabel == "pk" else S.RKT
        ren = S.RENSTRA
        blok = "Renstra!${}${}:${}${}".format(
            ren.huruf("target_1"), tata.awal(ren), ren.huruf("target_5"), tata.akhir(ren)
        )
        if kolom == "target_renstra":
            return _bungkus(
                t,
                r,
                '=IFERROR(INDEX({},MATCH({},{},0),{}-{}+1),"")'.format(
                    blok,
                    f"{t.huruf('kode')}{r}",
                    tata.rentang(ren, "kode", True),
                    ps["tahun"],
                    ps["renstra_awal"],
                ),
            )
        return None
    if tabel == "pk_program":
        t, ang = S.PK_PROGRAM, S.ANGGARAN
        c = _sel_baris(t.kunci, r)
        f = {
            "anggaran_dpa": lambda: '=SUMIFS({},{},"Program",{},{})'.format(
                tata.rentang(ang, "pagu", True),
                tata.rentang(ang, "tingkat", True),
                tata.rentang(ang, "kode", True),
                c["kode"],
            ),
            "selisih": lambda: '=IF(ISNUMBER({0}),{0}-{1},"")'.format(
                c["anggaran"], c["anggaran_dpa"]
            ),
        }
        return _bungkus(t, r, f[kolom]()) if kolom in f else None
    return None


def rumus_induk(kolom: str, r: int, tingkat: str, tata: S.Tata | None = None) -> str | None:
    """Parent budget rows: the sum of the next level's rows below whose code starts with this
    code. The range starts on the next row, so the cell never refers to itself."""
    anak = {"Program": "Kegiatan", "Kegiatan": "Sub Kegiatan"}.get(tingkat)
    if anak is None:
        return None
    t = S.ANGGARAN
    akhir = (tata or S.Tata.bawaan()).akhir(t)

    def rng(k: str) -> str:
        c = t.huruf(k)
        return f"{c}{r + 1}:${c}${akhir}"

    return '=SUMIFS({},{},"{}",{},${}{}&".*")'.format(
        rng(kolom), rng("tingkat"), anak, rng("kode"), t.huruf("kode"), r
    )


# -- building -------------------------------------------------------------------------------------


def _judul(ws: Worksheet, judul: str, lebar: int) -> None:
    ps = sel_pengaturan()
    ws["A1"] = judul
    ws["A1"].font = Font(bold=True, size=14, color=BIRU)
    ws["A2"] = f'={ps["instansi"]}&" — Tahun "&{ps["tahun"]}'
    ws["A2"].font = Font(italic=True, color="595959")
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
                ),
            )


def _cetak(ws: Worksheet, baris_judul: int, lanskap: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if lanskap else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{baris_judul}:{baris_judul}"
    ws.page_margins.left = ws.page_margins.right = 0.4


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
    "1. Pasang Python 3.10 atau lebih baru dari python.org (centang 'Add python.exe to PATH').",
    "2. Buka Command Prompt, jalankan: pip install xlkinerja (atau pip install <folder xlkinerja>)",
    "3. Lembar xlwings.conf menunjuk ke penerjemah Python (Interpreter_Win). Ubah bila Python "
    "terpasang di tempat lain, mis. C:\\Users\\<nama>\\AppData\\Local\\Programs\\Python\\"
    "Python311\\pythonw.exe.",
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
    from .evaluasi import hitung
    from .paket import buat_xlsm, isi_nilai_tersimpan, simpan_openpyxl_deterministik

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
    ws.column_dimensions["A"].width = 120
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
    _judul(ws, "Skala predikat", 7)
    _isi_tabel(ws, S.SKALA, m)
    _tulis_pita(ws, S.SKALA, m.skala)
    info = {
        "skala_kode": m.skala.kode,
        "skala_nama": m.skala.nama,
        "skala_sumber": m.skala.sumber,
        "skala_di_atas": m.skala.di_atas,
        "skala_di_bawah": m.skala.di_bawah,
        "skala_keluaran": m.skala.keluaran,
        "skala_catatan": m.skala.catatan,
    }
    label = {
        "skala_kode": "Kode skala",
        "skala_nama": "Nama skala",
        "skala_sumber": "Sumber",
        "skala_di_atas": "Nilai di atas pita teratas",
        "skala_di_bawah": "Nilai di bawah pita terbawah",
        "skala_keluaran": "Predikat ditulis sebagai",
        "skala_catatan": "Catatan",
    }
    pilihan = {
        "skala_kode": tuple(SKALA),
        "skala_di_atas": ("pita_ujung", "di_luar_skala"),
        "skala_di_bawah": ("pita_ujung", "di_luar_skala"),
        "skala_keluaran": ("kode", "label"),
    }
    for n, k in enumerate(SKALA_INFO):
        r = BARIS_SKALA_INFO + n
        ws.cell(r, 1, label[k]).font = Font(bold=True)
        c = ws.cell(r, 2, info[k])
        c.protection = Protection(locked=False)
        c.border = BINGKAI
        if k in pilihan:
            _validasi(ws, pilihan[k], f"B{r}", ketat=k != "skala_kode")
        wb.defined_names[f"xk_{k}"] = DefinedName(f"xk_{k}", attr_text=f"Skala!$B${r}")
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
        ("Efisiensi", [S.EFISIENSI]),
        ("Narasi", [S.NARASI]),
        ("Temuan", [S.TEMUAN]),
    ):
        ws = ws_[nama]
        _judul(ws, tabel[0].judul, len(tabel[0].kolom))
        for t in tabel:
            _isi_tabel(ws, t, m)
        _kolom_lebar(ws, tabel[0])  # widths and hidden helper columns follow the main table
        ws.freeze_panes = ws.cell(tabel[0].baris_awal, 4 if nama != "Temuan" else 1)
        _cetak(ws, tabel[0].baris_judul)
        if nama not in ("Temuan", "Narasi"):
            _lindungi(ws)

    _renstra_tahun(ws_["Renstra"])
    _pengukuran_keseluruhan(ws_["Pengukuran"], m)
    for t in (S.PENGUKURAN, S.PENGUKURAN_SASARAN, S.PENGUKURAN_MISI):
        col = t.huruf("predikat")
        _warna_predikat(ws_["Pengukuran"], m.skala, f"{col}{t.baris_awal}:{col}{t.baris_akhir}")
    _anggaran_jumlah(ws_["Anggaran"], m)
    _anggaran_tingkat(ws_["Anggaran"])

    # xlwings.conf: settings from A1, as xlwings reads them
    ws = ws_["xlwings.conf"]
    for i, (k, v) in enumerate(S.XLWINGS_CONF, 1):
        ws.cell(i, 1, k)
        ws.cell(i, 2, v)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 60
    ws.sheet_state = "visible"
    wb.active = 1
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


def _renstra_tahun(ws: Worksheet) -> None:
    t, ps = S.RENSTRA, sel_pengaturan()
    r = t.baris_judul - 1
    for awal in ("target_1", "realisasi_1"):
        i0 = t.indeks(awal)
        for j in range(5):
            c = ws.cell(r, i0 + j, f"={ps['renstra_awal']}+{j}")
            c.font, c.alignment = Font(bold=True, color=BIRU), Alignment(horizontal="center")
            c.number_format = S.F_TAHUN


TOTAL_ANGGARAN = (
    ("Jumlah (Σ program)", "Program"),
    ("Jumlah menurut kegiatan", "Kegiatan"),
    ("Jumlah menurut sub kegiatan", "Sub Kegiatan"),
)


def rumus_tetap(m: Metode, tata: S.Tata | None = None) -> dict[tuple[str, str], str]:
    """Formulas outside table rows: the overall capaian row, budget totals and jenis belanja."""
    tata = tata or S.Tata.bawaan()
    out: dict[tuple[str, str], str] = {}
    ind, sas, mi, t = S.PENGUKURAN, S.PENGUKURAN_SASARAN, S.PENGUKURAN_MISI, S.ANGGARAN
    r = tata.keseluruhan
    v = (
        tata.rentang(ind, "capaian_rata")
        if m.agregasi.keseluruhan_dari == "indikator"
        else tata.rentang(sas, "capaian")
    )
    cc, cp, pr = mi.huruf("capaian"), mi.huruf("capaian_predikat"), mi.huruf("predikat")
    out[("Pengukuran", f"{cc}{r}")] = m.aturan["rata_rata"].rumus({"V": v})
    out[("Pengukuran", f"{cp}{r}")] = m.aturan["dibatasi_predikat"].rumus({"C": f"{cc}{r}"})
    out[("Pengukuran", f"{pr}{r}")] = m.aturan["predikat"].rumus({"C": f"{cp}{r}"})
    kp, kr, ks, ksi = (t.huruf(k) for k in ("pagu", "realisasi", "serapan", "sisa"))
    for n, (_, tingkat) in enumerate(TOTAL_ANGGARAN):
        r = tata.total + n
        for kol in (kp, kr):
            out[("Anggaran", f"{kol}{r}")] = '=SUMIFS(${0}${1}:${0}${2},{3},"{4}")'.format(
                kol, tata.awal(t), tata.akhir(t), tata.rentang(t, "tingkat"), tingkat
            )
        out[("Anggaran", f"{ks}{r}")] = m.aturan["serapan"].rumus(
            {"PG": f"{kp}{r}", "RL": f"{kr}{r}"}
        )
        out[("Anggaran", f"{ksi}{r}")] = m.aturan["sisa"].rumus(
            {"PG": f"{kp}{r}", "RL": f"{kr}{r}"}
        )
    rows = {nama: tata.belanja + 1 + n for n, nama in enumerate(S.JENIS_BELANJA)}
    for kol in (kp, kr):
        out[("Anggaran", f"{kol}{rows['Belanja Operasi']}")] = (
            f"={kol}{rows['Belanja Pegawai']}+{kol}{rows['Belanja Barang dan Jasa']}"
        )
        out[("Anggaran", f"{kol}{rows['Total Belanja']}")] = (
            f"={kol}{rows['Belanja Operasi']}+{kol}{rows['Belanja Modal']}"
        )
    for r in rows.values():
        out[("Anggaran", f"{ks}{r}")] = m.aturan["serapan"].rumus(
            {"PG": f"{kp}{r}", "RL": f"{kr}{r}"}
        )
        out[("Anggaran", f"{ksi}{r}")] = m.aturan["sisa"].rumus(
            {"PG": f"{kp}{r}", "RL": f"{kr}{r}"}
        )
    return out


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
    for n, (label, _) in enumerate(TOTAL_ANGGARAN):
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
    total = {S.BARIS_TOTAL + n for n in range(len(TOTAL_ANGGARAN))}
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
