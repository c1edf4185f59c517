"""Rekap: one row per workbook over many perangkat daerah, written to an .xlsx with a chart.

Every figure is the Python reference of the workbook's own methodology (`baca` + `rujukan`), not
the value the file shows; findings come from `periksa_berkas`. Inputs are only read.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from xlkinerja.cek.temuan import GALAT, PERINGATAN, TIDAK_TERBACA, TINGKAT, Temuan
from xlkinerja.inti.metode.hasil import TDD
from xlkinerja.inti.rumus import Nilai, is_number
from xlkinerja.keluaran.netral import beri_penanda, isi_sel, jenis_keluaran
from xlkinerja.templat import skema as S
from xlkinerja.templat.baca import Bacaan

MIN_PARALEL = 4  # fewer files than this are read in this process

# (key, header, width, number format)
KOLOM_REKAP: tuple[tuple[str, str, float, str], ...] = (
    ("file", "Berkas", 28, "@"),
    ("instansi", "Instansi", 40, "@"),
    ("pemda", "Pemerintah Daerah", 28, "@"),
    ("tahun", "Tahun", 8, S.F_TAHUN),
    ("metode", "Metodologi", 20, "@"),
    ("indikator", "Jumlah Indikator", 11, "0"),
    ("capaian", "Capaian Keseluruhan (%)", 13, S.F_PERSEN),
    ("predikat", "Predikat Keseluruhan", 16, "General"),
    ("sebaran_predikat", "Sebaran Predikat Indikator", 36, "@"),
    ("pagu", "Pagu (Rp)", 19, S.F_RUPIAH),
    ("realisasi", "Realisasi (Rp)", 19, S.F_RUPIAH),
    ("serapan", "Serapan (%)", 11, S.F_PERSEN),
    ("efisiensi", "Efisiensi", 14, S.F_PERSEN),
    ("kategori_efisiensi", "Kategori Efisiensi", 16, "General"),
    ("galat", "Temuan Galat", 9, "0"),
    ("peringatan", "Temuan Peringatan", 11, "0"),
    ("info", "Temuan Info", 9, "0"),
    ("status", "Status", 40, "@"),
)
KOLOM_TEMUAN: tuple[tuple[str, str, float], ...] = (
    ("file", "Berkas", 28),
    ("kode", "Kode", 9),
    ("tingkat", "Tingkat", 12),
    ("lembar", "Lembar", 12),
    ("sel", "Sel", 8),
    ("pesan", "Pesan", 90),
    ("tercatat", "Tercatat", 16),
    ("seharusnya", "Seharusnya", 16),
)


def _nilai(v: Nilai) -> Nilai:
    return None if v == "" else v


def _sebaran(predikat: list[Nilai], urutan: list[str]) -> dict[str, int]:
    """Count of each predikat, in the scale's order (highest first), then anything else."""
    n = Counter(TDD if v in (None, "") or str(v).startswith(TDD) else str(v) for v in predikat)
    out = {k: n.pop(k) for k in urutan if k in n}
    out.update(sorted(n.items()))
    return out


def _terbaca(row: dict) -> bool:
    return not str(row.get("status", "")).startswith(TIDAK_TERBACA)


def baris_rekap(f: Path) -> tuple[dict, list[Temuan]]:
    """The rekap row of one workbook and its findings (a file that cannot be read gives a row
    with status 'tidak terbaca: <reason>')."""
    from xlkinerja.buku.berkas import BukuBerkas
    from xlkinerja.cek.periksa import periksa_dan_konteks
    from xlkinerja.templat.baca import baca, rujukan

    temuan, k = periksa_dan_konteks(f)  # the workbook read once for both
    row: dict = {"file": f.name, "path": str(f)}
    gagal = next((x.pesan for x in temuan if x.tingkat == TIDAK_TERBACA), None)
    if gagal is None:
        try:
            if k is None:  # checked without a reference (e.g. a broken scale): read it here
                b = baca(BukuBerkas(f))
                row.update(_angka_rekap(b, rujukan(b)))
            else:
                row.update(_angka_rekap(k.b, k.ruj))
        except Exception as e:  # noqa: BLE001 - a foreign file must not stop the batch
            gagal = f"{f.name}: tidak dapat direkap: {type(e).__name__}: {e}"
    n = Counter(x.tingkat for x in temuan)
    row.update({k: n.get(k, 0) for k in TINGKAT})
    if gagal is not None:
        row["status"] = f"{TIDAK_TERBACA}: {gagal}"
    else:
        # as the json and xlsx reports of periksa/audit say it
        row["status"] = "ada temuan" if n.get(GALAT) or n.get(PERINGATAN) else "bersih"
    return row, temuan


def _angka_rekap(b: Bacaan, ruj: dict[tuple[str, str], Nilai]) -> dict:
    """The figures of one workbook from its Python reference."""
    m, tata, a = b.metode, b.tata, b.metode.aturan
    buku = b.buku

    def sel(t: S.Tabel, kolom: str, r: int) -> Nilai:
        return ruj.get((t.lembar, f"{t.huruf(kolom)}{r}"))

    ind = [r for r, _ in b.isi("pengukuran")]
    cap = _nilai(sel(S.PENGUKURAN_MISI, "capaian", tata.keseluruhan))
    pred = _nilai(sel(S.PENGUKURAN_MISI, "predikat", tata.keseluruhan))
    urutan = [m.skala.teks(p) for p in reversed(m.skala.urut())]
    sebaran = _sebaran([sel(S.PENGUKURAN, "predikat", r) for r in ind], urutan)
    pg = sel(S.ANGGARAN, "pagu", tata.total)
    rl = sel(S.ANGGARAN, "realisasi", tata.total)
    ser = _nilai(sel(S.ANGGARAN, "serapan", tata.total))
    ef = a["efisiensi"].hitung(
        C=cap if cap is not None else "",
        S=ser if ser is not None else "",
        PG=pg,
        RL=rl,
        CF=cap / 100 if is_number(cap) else "",
    )
    efv = _nilai(ef.ke_excel())
    kat = None
    if "kategori_efisiensi" in a:
        kat = _nilai(a["kategori_efisiensi"].hitung(E=efv if efv is not None else "").ke_excel())
    elif isinstance(efv, str) and not efv.startswith("tidak dapat"):
        kat, efv = efv, None  # qualitative methods give the category itself
    return {
        "instansi": _nilai(buku.nilai_nama("xk_instansi")),
        "pemda": _nilai(buku.nilai_nama("xk_pemda")),
        "tahun": _nilai(buku.nilai_nama("xk_tahun")),
        "metode": m.kode,
        "indikator": len(ind),
        "capaian": cap,
        "predikat": pred,
        "sebaran": sebaran,
        "sebaran_predikat": "; ".join(f"{k} {v}" for k, v in sebaran.items()),
        "pagu": pg,
        "realisasi": rl,
        "serapan": ser,
        "efisiensi": efv,
        "kategori_efisiensi": kat,
    }


def rekap(
    paths: Sequence[Path], proses: int | None = None, kemajuan: Callable[[], None] | None = None
) -> tuple[list[dict], list[Temuan]]:
    """(rows, findings) for the workbooks in input order; all cores when there are many files.
    `kemajuan` is called once per finished workbook."""
    paths = [Path(p) for p in paths]
    proses = proses or os.cpu_count() or 1
    hasil: list[tuple[dict, list[Temuan]] | None] = [None] * len(paths)
    if proses > 1 and len(paths) >= MIN_PARALEL:
        with ProcessPoolExecutor(min(proses, len(paths))) as ex:
            tugas = {ex.submit(baris_rekap, p): i for i, p in enumerate(paths)}
            for fut in as_completed(tugas):
                hasil[tugas[fut]] = fut.result()
                if kemajuan:
                    kemajuan()
    else:
        for i, p in enumerate(paths):
            hasil[i] = baris_rekap(p)
            if kemajuan:
                kemajuan()
    rows = [h[0] for h in hasil if h]
    temuan = [x for h in hasil if h for x in h[1]]
    return rows, temuan


def _nilai_sel(v: object) -> object:
    if isinstance(v, (list, tuple, dict)):
        return str(v)
    return v


def buat_workbook(rows: list[dict], temuan: list[Temuan]):
    """The rekap workbook: sheet Rekap (table + bar chart of capaian and serapan per instansi),
    sheet Temuan (every finding). Number formats are Excel's codes; Excel shows them with the
    PC's separators (1.234.567 and 96,30 on an Indonesian PC)."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    judul_font = Font(bold=True, color="FFFFFF")
    judul_isi = PatternFill("solid", fgColor="1F4E78")
    merah = PatternFill("solid", fgColor="FFC7CE")

    wb = Workbook()
    ws = wb.active
    ws.title = "Rekap"
    terbaca = [r for r in rows if _terbaca(r)]
    urut = terbaca + [r for r in rows if not _terbaca(r)]
    for j, (_, judul, lebar, _) in enumerate(KOLOM_REKAP, 1):
        c = ws.cell(1, j, judul)
        c.font, c.fill = judul_font, judul_isi
        c.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(j)].width = lebar
    ws.row_dimensions[1].height = 32
    for i, r in enumerate(urut, 2):
        for j, (kunci, _, _, fmt) in enumerate(KOLOM_REKAP, 1):
            c = isi_sel(ws, i, j, _nilai_sel(r.get(kunci)))  # a text is never a formula
            c.number_format = fmt
        if not _terbaca(r):
            ws.cell(i, len(KOLOM_REKAP)).fill = merah
    akhir = get_column_letter(len(KOLOM_REKAP))
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{akhir}{len(urut) + 1}"

    if terbaca:
        kol = {k: i for i, (k, *_) in enumerate(KOLOM_REKAP, 1)}
        ch = BarChart()
        ch.type = "bar"  # horizontal: long instansi names stay readable
        ch.title = "Capaian kinerja dan serapan anggaran per instansi"
        ch.y_axis.title = "%"
        ch.y_axis.numFmt = "0"
        ch.y_axis.scaling.min = 0  # bars from 0: a cut axis exaggerates differences
        ch.x_axis.scaling.orientation = "maxMin"  # first instansi at the top, as in the table
        ch.y_axis.delete = False
        ch.x_axis.delete = False
        n = len(terbaca) + 1
        for kunci in ("capaian", "serapan"):
            ch.add_data(
                Reference(ws, min_col=kol[kunci], min_row=1, max_row=n), titles_from_data=True
            )
        ch.set_categories(Reference(ws, min_col=kol["instansi"], min_row=2, max_row=n))
        ch.width = 24
        ch.height = max(8.0, 0.9 * len(terbaca) + 3)
        ws.add_chart(ch, f"A{len(urut) + 4}")

    wt = wb.create_sheet("Temuan")
    for j, (_, judul, lebar) in enumerate(KOLOM_TEMUAN, 1):
        c = wt.cell(1, j, judul)
        c.font, c.fill = judul_font, judul_isi
        wt.column_dimensions[get_column_letter(j)].width = lebar
    for i, x in enumerate(temuan, 2):
        for j, (kunci, *_) in enumerate(KOLOM_TEMUAN, 1):
            v = getattr(x, kunci)
            if kunci == "file" and v:
                v = Path(str(v)).name
            c = isi_sel(wt, i, j, _nilai_sel(v))
            if is_number(v):
                c.number_format = S.F_ANGKA
    wt.freeze_panes = "A2"
    wt.auto_filter.ref = f"A1:{get_column_letter(len(KOLOM_TEMUAN))}{len(temuan) + 1}"
    _atur_cetak(ws, len(urut) + 4 + (int(ch.height / 0.5) + 2 if terbaca else 0), len(KOLOM_REKAP))
    _atur_cetak(wt, len(temuan) + 1, len(KOLOM_TEMUAN))
    beri_penanda(wb, "rekap")
    return wb


def _atur_cetak(ws, baris_akhir: int, n_kolom: int) -> None:
    """Print setup: A4 landscape, all columns on one page width, header row on every page, the
    print area down to below the chart (so that it is not cut), page numbers in the footer."""
    from openpyxl.utils import get_column_letter

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{get_column_letter(n_kolom)}{max(baris_akhir, 1)}"
    ws.oddFooter.center.text = "&A — halaman &P dari &N"


def adalah_rekap(path: Path) -> bool:
    """Whether a file is a rekap written earlier: its marker, or (rekaps written before the
    marker) sheets Rekap and Temuan and nothing else."""
    import zipfile

    from openpyxl import load_workbook

    if jenis_keluaran(path) == "rekap":
        return True
    try:
        wb = load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False
    try:
        return wb.sheetnames == ["Rekap", "Temuan"]
    finally:
        wb.close()


def tulis_rekap(rows: list[dict], temuan: list[Temuan], tujuan: Path) -> Path:
    """Write the rekap workbook atomically (temporary file + rename)."""
    wb = buat_workbook(rows, temuan)
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".xlk-", suffix=".xlsx", dir=tujuan.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, tujuan)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tujuan
