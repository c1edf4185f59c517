"""Reports of `xlkinerja periksa` and `xlkinerja audit`: terminal summary, JSON, CSV, Markdown,
HTML and xlsx; the one place their findings become rows (`KOLOM`). Machine-readable reports (JSON,
CSV, xlsx) list every file processed with its status (`STATUS`); every text from a workbook is
written as text, never as a formula (`keluaran.netral`), and HTML/Markdown escape it."""

from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from xlkinerja.cek.temuan import GALAT, INFO, PERINGATAN, TIDAK_TERBACA, Temuan
from xlkinerja.keluaran.netral import beri_penanda, isi_sel, netral_csv

KOLOM = ("file", "kode", "tingkat", "lembar", "sel", "pesan", "tercatat", "seharusnya")
WARNA = {GALAT: "red", PERINGATAN: "yellow", INFO: "cyan", TIDAK_TERBACA: "magenta"}

Hasil = list[tuple[Path, list[Temuan]]]


def kode_keluar(hasil: Hasil, exit_zero: bool = False) -> int:
    """2 when a file could not be read, else 1 when any galat (0 with `exit_zero`), else 0."""
    semua = [x for _, xs in hasil for x in xs]
    if any(x.tingkat == TIDAK_TERBACA for x in semua):
        return 2
    if not exit_zero and any(x.tingkat == GALAT for x in semua):
        return 1
    return 0


def _hitung(xs: list[Temuan]) -> Counter:
    return Counter(x.tingkat for x in xs)


BERSIH, ADA_TEMUAN = "bersih", "ada temuan"
STATUS = (BERSIH, ADA_TEMUAN, TIDAK_TERBACA)  # of a file in a machine-readable report


def status_berkas(xs: list[Temuan]) -> str:
    """'tidak terbaca' when the file could not be read, 'ada temuan' when it has findings,
    else 'bersih'."""
    if any(x.tingkat == TIDAK_TERBACA for x in xs):
        return TIDAK_TERBACA
    return ADA_TEMUAN if xs else BERSIH


def daftar_berkas(hasil: Hasil) -> list[dict]:
    """Every file processed, with its status and its count of findings per severity."""
    out = []
    for f, xs in hasil:
        n = _hitung(xs)
        out.append(
            {
                "file": str(f),
                "status": status_berkas(xs),
                "galat": n[GALAT],
                "peringatan": n[PERINGATAN],
                "info": n[INFO],
            }
        )
    return out


def _baris(hasil: Hasil) -> list[dict]:
    """Every finding as a row of `KOLOM`."""
    return [{k: getattr(x, k) for k in KOLOM} for _, xs in hasil for x in xs]


def _ringkas(n: Counter) -> str:
    bagian = [f"{n[t]} {t}" for t in (GALAT, PERINGATAN, INFO, TIDAK_TERBACA) if n[t]]
    return ", ".join(bagian) if bagian else "bersih"


def teks_terminal(hasil: Hasil, con: Console) -> None:
    """Per file: its findings, coloured by severity; then a table of counts per file."""
    for f, xs in hasil:
        n = _hitung(xs)
        warna = (
            "magenta"
            if n[TIDAK_TERBACA]
            else "red"
            if n[GALAT]
            else "yellow"
            if n[PERINGATAN]
            else "green"
        )
        con.print(f"[bold {warna}]{f}[/bold {warna}]: {len(xs)} temuan ({_ringkas(n)})")
        for x in xs:
            w = WARNA.get(x.tingkat, "white")
            con.print(f"  [{w}]{x.kode:<6}[/{w}] ", end="")
            con.print(x.pesan, markup=False, highlight=False)
    if len(hasil) > 1:
        t = Table(title="Ringkasan pemeriksaan")
        t.add_column("berkas", overflow="fold")
        for tk in (GALAT, PERINGATAN, INFO):
            t.add_column(tk, justify="right", style=WARNA[tk])
        t.add_column("status")
        for f, xs in hasil:
            n = _hitung(xs)
            status = (
                "[magenta]tidak terbaca[/magenta]"
                if n[TIDAK_TERBACA]
                else "[red]ada galat[/red]"
                if n[GALAT]
                else "[green]tanpa galat[/green]"
            )
            t.add_row(str(f), *(str(n[tk]) for tk in (GALAT, PERINGATAN, INFO)), status)
        con.print(t)
    total = _hitung([x for _, xs in hasil for x in xs])
    con.print(f"{len(hasil)} berkas, {sum(total.values())} temuan ({_ringkas(total)}).")


def markdown(hasil: Hasil) -> str:
    def sel(v: object) -> str:  # raw HTML in Markdown is rendered by many viewers: escaped
        return "" if v is None else html.escape(str(v)).replace("|", "\\|").replace("\n", " ")

    out = ["# Hasil pemeriksaan xlkinerja", ""]
    out += ["| berkas | galat | peringatan | info | tidak terbaca |", "|---|---:|---:|---:|---:|"]
    for f, xs in hasil:
        n = _hitung(xs)
        out.append(f"| {sel(f)} | {n[GALAT]} | {n[PERINGATAN]} | {n[INFO]} | {n[TIDAK_TERBACA]} |")
    for f, xs in hasil:
        out += ["", f"## {sel(f)}", ""]
        if not xs:
            out.append("Tidak ada temuan.")
            continue
        out += ["| kode | tingkat | sel | pesan |", "|---|---|---|---|"]
        for x in xs:
            out.append(f"| {x.kode} | {x.tingkat} | {_tempat(x)} | {sel(x.pesan)} |")
    return "\n".join(out) + "\n"


def halaman_html(hasil: Hasil) -> str:
    e = html.escape
    baris = []
    for f, xs in hasil:
        n = _hitung(xs)
        baris.append(
            f"<h2>{e(str(f))}</h2><p>{len(xs)} temuan ({e(_ringkas(n))})</p>"
            + (
                "<table><tr><th>kode</th><th>tingkat</th><th>sel</th><th>pesan</th>"
                "<th>tercatat</th><th>seharusnya</th></tr>"
                + "".join(
                    f'<tr class="{e(x.tingkat.replace(" ", "-"))}"><td>{e(x.kode)}</td>'
                    f"<td>{e(x.tingkat)}</td>"
                    f"<td>{e(_tempat(x))}</td>"
                    f"<td>{e(str(x.pesan))}</td><td>{e(_str(x.tercatat))}</td>"
                    f"<td>{e(_str(x.seharusnya))}</td></tr>"
                    for x in xs
                )
                + "</table>"
                if xs
                else ""
            )
        )
    gaya = (
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top}"
        ".galat td:nth-child(2){color:#b00}.peringatan td:nth-child(2){color:#a60}"
        ".tidak-terbaca td:nth-child(2){color:#808}"
    )
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        f"<title>Hasil pemeriksaan xlkinerja</title><style>{gaya}</style></head><body>"
        "<h1>Hasil pemeriksaan xlkinerja</h1>" + "".join(baris) + "</body></html>\n"
    )


def _tempat(x: Temuan) -> str:
    return f"{x.lembar}!{x.sel}" if x.lembar and x.sel else ""


def _str(v: object) -> str:
    return "" if v is None else str(v)


def buku_xlsx(hasil: Hasil, tujuan: Path, jenis: str = "periksa") -> None:
    """A workbook with a summary sheet (every file and its status) and one row per finding
    (filterable), marked as an xlkinerja report of kind `jenis`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    ws.append(["Berkas", "Galat", "Peringatan", "Info", "Tidak terbaca", "Status"])
    for i, (f, xs) in enumerate(hasil, 2):
        n = _hitung(xs)
        isi = [str(f), n[GALAT], n[PERINGATAN], n[INFO], n[TIDAK_TERBACA], status_berkas(xs)]
        for j, v in enumerate(isi, 1):
            isi_sel(ws, i, j, v)  # a file name is text too
    ws2 = wb.create_sheet("Temuan")
    ws2.append(list(KOLOM))
    for i, x in enumerate(_baris(hasil), 2):
        for j, v in enumerate(x.values(), 1):
            isi_sel(ws2, i, j, v if isinstance(v, (int, float)) or v is None else str(v))
    for w in (ws, ws2):
        for c in w[1]:
            c.font = Font(bold=True)
        w.freeze_panes = "A2"
        w.auto_filter.ref = w.dimensions
    ws.column_dimensions["A"].width = 50
    ws.column_dimensions["F"].width = 14
    beri_penanda(wb, jenis)
    for kol, lebar in zip("ABCDEFGH", (40, 8, 12, 12, 8, 90, 16, 16), strict=True):
        ws2.column_dimensions[kol].width = lebar
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    wb.save(tujuan)


def teks_json(hasil: Hasil) -> str:
    """{"berkas": every file and its status, "temuan": every finding as a row of `KOLOM`}."""
    isi = {"berkas": daftar_berkas(hasil), "temuan": _baris(hasil)}
    return json.dumps(isi, ensure_ascii=False, indent=2, default=str) + "\n"


def teks_csv(hasil: Hasil) -> str:
    """One row per finding (`KOLOM` and the file's status), one row for each file without any;
    a text a spreadsheet would run as a formula starts with ' (OWASP)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*KOLOM, "status_berkas"])
    for f, xs in hasil:
        st = status_berkas(xs)
        if not xs:
            w.writerow([netral_csv(str(f)), *[""] * (len(KOLOM) - 1), st])
        for x in xs:
            isi = [getattr(x, k) for k in KOLOM]
            w.writerow([netral_csv("" if v is None else str(v)) for v in isi] + [st])
    return buf.getvalue()


def tulis_laporan(
    hasil: Hasil, format: str, keluaran: Path | None, con: Console, jenis: str = "periksa"
) -> None:
    """Write the report in `format` to `keluaran` (or the terminal); `jenis` names the report
    (periksa, audit) in an xlsx's marker."""
    if format == "xlsx":
        assert keluaran is not None
        buku_xlsx(hasil, keluaran, jenis)
        con.print(f"{keluaran}: {sum(len(x) for _, x in hasil)} temuan ditulis.")
        return
    if format == "teks":
        if keluaran is None:
            teks_terminal(hasil, con)
            return
        with keluaran.open("w", encoding="utf-8") as fh:
            teks_terminal(hasil, Console(file=fh, width=120, no_color=True, soft_wrap=True))
        return
    isi = {
        "json": lambda: teks_json(hasil),
        "csv": lambda: teks_csv(hasil),
        "md": lambda: markdown(hasil),
        "html": lambda: halaman_html(hasil),
    }[format]()
    if keluaran is None:
        print(isi, end="")
    else:
        keluaran.parent.mkdir(parents=True, exist_ok=True)
        keluaran.write_text(isi, encoding="utf-8")
