"""Reports of `xlkinerja periksa` and `xlkinerja audit`: terminal summary, JSON, Markdown, HTML
and xlsx; the one place their findings become rows (`KOLOM`)."""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from xlkinerja.cek.temuan import GALAT, INFO, PERINGATAN, TIDAK_TERBACA, Temuan

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
    def sel(v: object) -> str:
        return "" if v is None else str(v).replace("|", "\\|").replace("\n", " ")

    out = ["# Hasil pemeriksaan xlkinerja", ""]
    out += ["| berkas | galat | peringatan | info | tidak terbaca |", "|---|---:|---:|---:|---:|"]
    for f, xs in hasil:
        n = _hitung(xs)
        out.append(f"| {sel(f)} | {n[GALAT]} | {n[PERINGATAN]} | {n[INFO]} | {n[TIDAK_TERBACA]} |")
    for f, xs in hasil:
        out += ["", f"## {f}", ""]
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


def buku_xlsx(hasil: Hasil, tujuan: Path) -> None:
    """A workbook with a summary sheet and one row per finding (filterable)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    ws.append(["Berkas", "Galat", "Peringatan", "Info", "Tidak terbaca"])
    for f, xs in hasil:
        n = _hitung(xs)
        ws.append([str(f), n[GALAT], n[PERINGATAN], n[INFO], n[TIDAK_TERBACA]])
    ws2 = wb.create_sheet("Temuan")
    ws2.append(list(KOLOM))
    for x in _baris(hasil):
        ws2.append([v if isinstance(v, (int, float)) or v is None else str(v) for v in x.values()])
    for w in (ws, ws2):
        for c in w[1]:
            c.font = Font(bold=True)
        w.freeze_panes = "A2"
        w.auto_filter.ref = w.dimensions
    ws.column_dimensions["A"].width = 50
    for kol, lebar in zip("ABCDEFGH", (40, 8, 12, 12, 8, 90, 16, 16), strict=True):
        ws2.column_dimensions[kol].width = lebar
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    wb.save(tujuan)


def tulis_laporan(hasil: Hasil, format: str, keluaran: Path | None, con: Console) -> None:
    """Write the report in `format` to `keluaran` (or the terminal)."""
    if format == "xlsx":
        assert keluaran is not None
        buku_xlsx(hasil, keluaran)
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
        "json": lambda: json.dumps(_baris(hasil), ensure_ascii=False, indent=2, default=str) + "\n",
        "md": lambda: markdown(hasil),
        "html": lambda: halaman_html(hasil),
    }[format]()
    if keluaran is None:
        print(isi, end="")
    else:
        keluaran.parent.mkdir(parents=True, exist_ok=True)
        keluaran.write_text(isi, encoding="utf-8")
