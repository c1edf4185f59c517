"""Command line: `xlkinerja` with Indonesian subcommands."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from xlkinerja.inti.metode import BAWAAN, METODE, METODE_EFISIENSI, RUMUS_POLARITAS, SKALA, muat
from xlkinerja.inti.metode.agregasi import DASAR, KOSONG
from xlkinerja.inti.metode.pembulatan import MODE
from xlkinerja.muka.bahasa_cli import (
    EPILOG,
    TyperId,
    UsageError,
    pesan_berkas,
    salah_pakai,
    teks_ukuran,
)
from xlkinerja.muka.kemajuan import kemajuan
from xlkinerja.versi import __version__

if TYPE_CHECKING:
    from xlkinerja.cek.temuan import Temuan

app = TyperId(
    name="xlkinerja",
    help="Perangkat LKjIP: capaian, predikat, efisiensi, pemeriksaan dan audit rumus.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


def _konsol() -> Console:
    return Console(soft_wrap=False, width=120 if not sys.stdout.isatty() else None)


def tanpa_traceback(fn: Callable[..., None]) -> Callable[..., None]:
    """A command never shows a Python traceback: a file that cannot be written (read-only
    folder, file open in Excel) or read becomes an Indonesian message, anything unexpected goes
    to the log with a message saying where; exit status 2. A usage error (`salah_pakai`) goes on
    to the group, which shows it with the command's usage line."""

    @functools.wraps(fn)
    def bungkus(*args, **kwargs) -> None:
        from xlkinerja.buku.aman import pesan_os
        from xlkinerja.buku.antarmuka import GalatBuku
        from xlkinerja.muka.log import BERKAS_LOG, log, siapkan_log
        from xlkinerja.templat.pengaturan import PengaturanTidakSah

        try:
            fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt, UsageError):
            raise
        except (GalatBuku, PengaturanTidakSah) as e:
            _konsol().print(f"[red]{e}[/red]", highlight=False)
            raise typer.Exit(2) from None
        except OSError as e:
            _konsol().print(f"[red]{pesan_os(e.filename or '', e, 'ditulis')}[/red]")
            raise typer.Exit(2) from None
        except Exception:  # noqa: BLE001 - the user gets a message, the log the traceback
            import traceback

            siapkan_log()
            log.error("%s gagal:\n%s", fn.__name__, traceback.format_exc())
            _konsol().print(
                f"[red]Terjadi galat yang tidak terduga; rincian tercatat di {BERKAS_LOG}. "
                "Kirim berkas itu kepada pengelola xlkinerja.[/red]"
            )
            raise typer.Exit(2) from None

    return bungkus


TIMPA = typer.Option(
    "--timpa", help="Timpa berkas hasil yang sudah ada (yang lama disimpan sebagai cadangan .bak)."
)


def berkas_atau_keluar(
    paths: list[Path], con: Console, kecuali: tuple[Path, ...] = ()
) -> list[Path]:
    """The input files (`keluaran_aman.kumpulkan`: outputs xlkinerja wrote found in folders are
    left out, with a note), or exit 2 with a message naming what was searched."""
    from xlkinerja.muka.keluaran_aman import kumpulkan

    k = kumpulkan(paths, kecuali)
    for c in k.catatan():
        con.print(c, markup=False, highlight=False, style="yellow")
    berkas = k.berkas
    if not berkas:
        tempat = ", ".join(map(str, paths))
        con.print(f"[red]tidak ada berkas .xlsx/.xlsm di {tempat}[/red]", highlight=False)
        raise typer.Exit(2)
    return berkas


def _galat_tak_terduga(f: Path, con: Console) -> None:
    """One file failed unexpectedly in a batch: log it, say so, go on."""
    import traceback

    from xlkinerja.muka.log import BERKAS_LOG, log, siapkan_log

    siapkan_log()
    log.error("%s gagal:\n%s", f, traceback.format_exc())
    con.print(
        f"[red]{f}: galat yang tidak terduga; berkas tidak diubah, rincian di {BERKAS_LOG}[/red]",
        highlight=False,
    )


def _versi(tampil: bool) -> None:
    if tampil:
        print(f"xlkinerja {__version__}")
        raise typer.Exit()


@app.callback()
def utama(
    versi: Annotated[
        bool,
        typer.Option(
            "--version", "-V", help="Tampilkan versi lalu keluar.", callback=_versi, is_eager=True
        ),
    ] = False,
) -> None:
    """Perangkat LKjIP: capaian, predikat, efisiensi, pemeriksaan dan audit rumus."""


CONTOH_REFS = {
    "T": "E5",
    "T2": "F5",
    "R": "G5",
    "P": "C5",
    "J": "D5",
    "C": "H5",
    "V": "H5:H12",
    "K": "A5:A12",
    "k": "A20",
    "PG": "D5",
    "RL": "E5",
    "S": "F5",
    "CF": "(G5/100)",
    "E": "I5",
    "N": "G5",
    "D": "H5",
}


@app.command()
def metode(
    kode: Annotated[
        str | None, typer.Argument(metavar="KODE", help="Kode preset untuk ditampilkan rinci.")
    ] = None,
    sebagai_json: Annotated[
        bool, typer.Option("--json", help="Keluarkan preset sebagai JSON (dapat disunting).")
    ] = False,
    rumus: Annotated[
        bool, typer.Option("--rumus", help="Tampilkan juga rumus Excel setiap aturan.")
    ] = False,
) -> None:
    """Daftar preset metodologi, skala predikat, rumus polaritas dan metode efisiensi."""
    con = _konsol()
    if kode is not None:
        try:
            m = muat(kode)
        except KeyError as e:
            salah_pakai(e.args[0])
        if sebagai_json:
            print(json.dumps(m.to_dict(), ensure_ascii=False, indent=2))
            return
        t = Table(title=f"Metode {m.kode}: {m.nama}", show_header=False)
        t.add_column("pilihan", style="bold")
        t.add_column("isi")
        t.add_row("Sumber", m.sumber)
        t.add_row("Capaian polaritas positif", f"{m.positif.tulisan} ({m.positif.kode})")
        t.add_row("Capaian polaritas negatif", f"{m.negatif.tulisan} ({m.negatif.kode})")
        t.add_row(
            "Target nilai huruf",
            f"{' < '.join(m.huruf.urutan)}: sama = {m.huruf.sama:g}, "
            f"per tingkat ±{m.huruf.langkah:g}",
        )
        t.add_row("Batas", m.batas.uraian)
        t.add_row(
            "Skala predikat",
            f"{m.skala.nama}: "
            + "; ".join(f"{p.kode} {p.uraian}" for p in reversed(m.skala.urut())),
        )
        t.add_row("Agregasi", m.agregasi.uraian)
        t.add_row("Efisiensi", f"{m.efisiensi.nama}: {m.efisiensi.tulisan}")
        t.add_row("Pembulatan", m.pembulatan.uraian)
        if m.catatan:
            t.add_row("Catatan", m.catatan)
        con.print(t)
        if rumus:
            for a in m.aturan.values():
                refs = {k: v for k, v in CONTOH_REFS.items() if k in a.masukan}
                con.print(f"[bold]{a.kode}[/bold] — {a.uraian}")
                con.print("  " + a.rumus(refs), markup=False, highlight=False)
        return
    if sebagai_json:
        print(json.dumps({k: m.to_dict() for k, m in METODE.items()}, ensure_ascii=False, indent=2))
        return

    t = Table(title="Preset metodologi (pilih satu per buku kerja)")
    for c in ("kode", "nama", "sumber"):
        t.add_column(c, overflow="fold")
    for m in METODE.values():
        t.add_row(m.kode, m.nama, m.sumber)
    con.print(t)

    t = Table(title="Skala predikat")
    for c in ("kode", "pita (dari tertinggi)", "sumber"):
        t.add_column(c, overflow="fold")
    for s in SKALA.values():
        t.add_row(
            s.kode, "; ".join(f"{s.teks(p)} {p.uraian}" for p in reversed(s.urut())), s.sumber
        )
    con.print(t)

    t = Table(title="Rumus capaian per polaritas")
    for c in ("kode", "polaritas", "rumus", "sumber"):
        t.add_column(c, overflow="fold")
    for r in RUMUS_POLARITAS.values():
        t.add_row(r.kode, r.polaritas, r.tulisan, r.sumber)
    con.print(t)

    t = Table(title="Metode efisiensi")
    for c in ("kode", "rumus", "kategori", "sumber"):
        t.add_column(c, overflow="fold")
    for e in METODE_EFISIENSI.values():
        kat = ", ".join(f"{p.label} {p.uraian}" for p in e.kategori.pita) if e.kategori else "-"
        t.add_row(e.kode, e.tulisan, kat, e.sumber)
    con.print(t)

    t = Table(title="Pilihan lain")
    t.add_column("pilihan")
    t.add_column("nilai", overflow="fold")
    t.add_row("pembulatan", "; ".join(f"{k}: {v}" for k, v in MODE.items()))
    t.add_row("agregasi misi/keseluruhan", "; ".join(f"{k}: {v}" for k, v in DASAR.items()))
    t.add_row("nilai kosong dalam rata-rata", "; ".join(f"{k}: {v}" for k, v in KOSONG.items()))
    t.add_row(
        "batas atas/bawah",
        "tanpa, 100, 110, 120 atau angka lain; berlaku untuk predikat, rata_rata dan/atau tampilan",
    )
    con.print(t)
    con.print(
        "Rinci satu preset: [bold]xlkinerja metode KODE[/bold] "
        "(tambah --rumus untuk rumus Excel, --json untuk disunting)."
    )


@app.command()
@tanpa_traceback
def templat(
    keluaran: Annotated[
        Path, typer.Option("--output", "-o", help="Berkas .xlsm yang ditulis.")
    ] = Path("template_lkjip.xlsm"),
    kode_metode: Annotated[
        str, typer.Option("--metode", "-m", help="Preset metodologi (lihat: xlkinerja metode).")
    ] = BAWAAN,
    timpa: Annotated[
        bool, typer.Option("--timpa", help="Timpa berkas yang sudah ada (cadangan .bak dibuat).")
    ] = False,
) -> None:
    """Bangun templat LKjIP (.xlsm) berisi rumus, makro dan tab LKjIP; hasilnya selalu sama."""
    from xlkinerja.muka.keluaran_aman import cadangkan, tulis_atomik
    from xlkinerja.templat.bangun import bangun_templat

    con = _konsol()
    try:
        m = muat(kode_metode)
    except KeyError as e:
        salah_pakai(e.args[0])
    if keluaran.suffix.lower() != ".xlsm":
        salah_pakai(f"{keluaran}: templat berisi makro, jadi namanya harus berakhiran .xlsm")
    if keluaran.exists() and not timpa:
        con.print(
            f"[red]{keluaran} sudah ada; pakai --timpa untuk menimpanya (cadangan .bak "
            "dibuat) atau pilih nama lain dengan -o[/red]"
        )
        raise typer.Exit(2)
    data = bangun_templat(m)
    if keluaran.exists():
        if keluaran.read_bytes() == data:
            con.print(f"{keluaran}: sudah sama dengan hasil bangun baru (metode {m.kode}).")
            return
        cadangan = cadangkan(keluaran)
        con.print(f"{keluaran}: yang lama disimpan sebagai {cadangan}", highlight=False)
    tulis_atomik(keluaran, data)
    con.print(f"{keluaran}: templat ditulis (metode {m.kode}, {teks_ukuran(len(data))}).")


def _aksi_pada_berkas(
    paths: list[Path],
    aksi: tuple[Callable, ...],
    akhiran: str,
    kata: str,
    keluaran: Path | None,
    tulis: bool,
    timpa: bool = False,
    proses: int | None = 1,
    judul: str = "Memproses",
) -> list:
    """Run actions on each file and save it (a `<stem><akhiran>` copy, or in place with a
    backup); a bad file is reported and skipped, exit 2 at the end. Several files run in
    `proses` worker processes (None: every core; `aksi.jalankan_banyak`), with a progress bar
    titled `judul` on a terminal. Returns the plans applied (from workers: their messages
    only). The copies follow `keluaran_aman`: never over an input, never over each other, over
    an existing file only with `timpa` (a backup kept, made before any worker writes)."""
    from xlkinerja.buku.antarmuka import GalatBuku
    from xlkinerja.muka.aksi import jalankan_banyak
    from xlkinerja.muka.keluaran_aman import cadangkan, periksa_peta, rencana_tujuan
    from xlkinerja.templat.pengaturan import PengaturanTidakSah

    con = _konsol()
    if keluaran is not None and tulis:
        salah_pakai("pilih salah satu: -o FOLDER atau --tulis")
    if keluaran is not None and keluaran.exists() and not keluaran.is_dir():
        salah_pakai(f"{keluaran}: -o menunjuk berkas; sebutkan folder hasil")
    berkas = berkas_atau_keluar(paths, con)
    peta = rencana_tujuan(berkas, paths, keluaran, akhiran)
    if not tulis:
        periksa_peta(peta, berkas, timpa)
    cadangan_dari: dict[Path, Path | None] = {}
    if not tulis:  # only with timpa: checked above; before the workers write
        cadangan_dari = {f: cadangkan(peta.tujuan[f]) for f in berkas}
    tugas = [(f, None if tulis else peta.tujuan[f]) for f in berkas]
    gagal, semua = 0, []
    with kemajuan(judul, len(berkas)) as maju:
        for f, hasil in jalankan_banyak(tugas, aksi, proses):
            cadangan = cadangan_dari.get(f)
            try:
                rencana, tujuan = hasil()
                for r in rencana:
                    semua.append(r)
                    for p in r.pesan:
                        con.print(f"{f.name}: {p}", markup=False, highlight=False)
                con.print(f"[green]{f.name} → {tujuan}[/green]")
                if not tulis and cadangan is not None:
                    con.print(f"{tujuan}: yang lama disimpan sebagai {cadangan}", highlight=False)
            except (GalatBuku, PengaturanTidakSah) as e:
                gagal += 1
                con.print(pesan_berkas(f, str(e)), style="red", markup=False, highlight=False)
            except Exception:  # noqa: BLE001 - one bad file must not stop the batch
                gagal += 1
                _galat_tak_terduga(f, con)
            maju()
    for c in peta.catatan:
        con.print(c, markup=False, highlight=False)
    if gagal:
        con.print(f"{gagal} dari {len(berkas)} berkas tidak dapat {kata}; berkas itu tidak diubah.")
        raise typer.Exit(2)
    return semua


def kumpulkan_berkas(paths: list[Path]) -> list[Path]:
    """Files given, and .xlsx/.xlsm files in folders given (recursively, sorted), without the
    outputs xlkinerja wrote found in those folders."""
    from xlkinerja.muka.keluaran_aman import kumpulkan

    return kumpulkan(paths).berkas


@app.command()
@tanpa_traceback
def hitung(
    paths: Annotated[
        list[Path], typer.Argument(metavar="BERKAS", help="Berkas atau folder buku kerja.")
    ],
    keluaran: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Folder hasil (bawaan: di samping berkas asli, nama diakhiri _dihitung).",
        ),
    ] = None,
    tulis: Annotated[
        bool, typer.Option("--tulis", help="Tulis ke berkas asli (cadangan bertanggal dibuat).")
    ] = False,
    narasi: Annotated[
        bool, typer.Option("--narasi", help="Sesudahnya jalankan juga Isi Narasi.")
    ] = False,
    timpa: Annotated[bool, TIMPA] = False,
    proses: Annotated[
        int | None,
        typer.Option("--proses", "-j", min=1, help="Jumlah proses (bawaan: semua inti prosesor)."),
    ] = None,
) -> None:
    """Hitung Capaian + Hitung Efisiensi (+ Isi Narasi) pada berkas: pasang ulang rumus sesuai
    metodologi. Berkas *_dihitung/*_narasi di folder tidak dibaca sebagai masukan; dengan -o,
    subfolder masukan dipertahankan."""
    from xlkinerja.muka.aksi import hitung_capaian, hitung_efisiensi, isi_narasi

    aksi = (hitung_capaian, hitung_efisiensi, *([isi_narasi] if narasi else []))
    _aksi_pada_berkas(
        paths, aksi, "_dihitung", "dihitung", keluaran, tulis, timpa, proses, judul="Menghitung"
    )


def periksa_berkas(f: Path) -> list[Temuan]:
    """Findings of one file (read-only); a file that cannot be read is one finding."""
    from xlkinerja.cek.periksa import periksa_berkas as _periksa_berkas

    return _periksa_berkas(f)


FORMAT_PERIKSA = ("teks", "json", "csv", "md", "html", "xlsx")


@app.command()
@tanpa_traceback
def periksa(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="BERKAS", help="Berkas atau folder buku kerja (rekursif)."),
    ],
    format: Annotated[
        str, typer.Option("--format", "-f", help="teks, json, csv, md, html atau xlsx")
    ] = "teks",
    keluaran: Annotated[
        Path | None, typer.Option("--output", "-o", help="Tulis laporan ke berkas ini.")
    ] = None,
    proses: Annotated[
        int | None,
        typer.Option("--proses", "-j", help="Jumlah proses (bawaan: semua inti prosesor)."),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", hidden=True, help="Nama lama --proses.")
    ] = None,
    exit_zero: Annotated[
        bool,
        typer.Option("--exit-zero", help="Selalu keluar 0 bila semua berkas terbaca."),
    ] = False,
    timpa: Annotated[bool, TIMPA] = False,
) -> None:
    """Periksa konsistensi buku kerja (tidak pernah mengubah berkas): keluar 0 bila tanpa galat,
    1 bila ada galat, 2 bila ada berkas yang tidak terbaca."""
    from xlkinerja.keluaran.laporan_temuan import kode_keluar, tulis_laporan

    con = _konsol()
    if format not in FORMAT_PERIKSA:
        salah_pakai(f"format '{format}' tidak dikenal; pilih {', '.join(FORMAT_PERIKSA)}")
    if format == "xlsx" and keluaran is None:
        salah_pakai("format xlsx memerlukan berkas tujuan: -o temuan.xlsx")
    berkas = berkas_atau_keluar(paths, con)
    _siapkan_laporan(keluaran, [*paths, *berkas], timpa, con)
    hasil = _periksa_semua(berkas, proses or jobs)
    tulis_laporan(hasil, format, keluaran, con, "periksa")
    raise typer.Exit(kode_keluar(hasil, exit_zero))


def _siapkan_laporan(keluaran: Path | None, masukan: list[Path], timpa: bool, con: Console) -> None:
    """The report file's policy (`keluaran_aman.siapkan_tujuan`), before any work is done."""
    from xlkinerja.muka.keluaran_aman import siapkan_tujuan

    if keluaran is None:
        return
    cadangan = siapkan_tujuan(keluaran, masukan, timpa)
    if cadangan is not None:
        con.print(f"{keluaran}: yang lama disimpan sebagai {cadangan}", highlight=False)


def _periksa_semua(berkas: list[Path], proses: int | None) -> list[tuple[Path, list[Temuan]]]:
    from xlkinerja.cek.periksa import periksa_banyak

    with kemajuan("Memeriksa", len(berkas)) as maju:
        return list(periksa_banyak(berkas, proses, maju))


@app.command()
@tanpa_traceback
def contoh(
    keluaran: Annotated[Path, typer.Option("--output", "-o", help="Folder tujuan.")] = Path(
        "workbooks/contoh"
    ),
    data: Annotated[
        bool,
        typer.Option("--data", help="Tulis juga datanya (format xlkinerja-data, .json)."),
    ] = False,
) -> None:
    """Bangun buku kerja contoh dari laporan nyata (sebagaimana terbit dan versi dikoreksi)
    lewat jalur yang sama dengan `impor`: data contoh → templat."""
    from xlkinerja.templat.contoh import CONTOH
    from xlkinerja.tukar.berkas import buku_contoh, data_contoh, teks_json

    con = _konsol()
    keluaran.mkdir(parents=True, exist_ok=True)
    for nama in CONTOH:
        for dikoreksi in (False, True):
            if dikoreksi and nama == "tanjabbar_2024":
                continue  # a cascading without realisasi: nothing to correct
            stem = f"{nama}{'_dikoreksi' if dikoreksi else ''}"
            isi = {keluaran / f"{stem}.xlsm": buku_contoh(nama, dikoreksi)}
            if data:
                isi[keluaran / f"{stem}.json"] = teks_json(data_contoh(nama, dikoreksi)).encode()
            for tujuan, bita in isi.items():
                if tujuan.exists() and tujuan.read_bytes() == bita:
                    con.print(f"{tujuan}: sudah sama")
                    continue
                sementara = tujuan.with_name(tujuan.name + ".tmp")
                sementara.write_bytes(bita)
                sementara.replace(tujuan)
                con.print(f"{tujuan}: ditulis")


@app.command()
@tanpa_traceback
def rekap(
    paths: Annotated[
        list[Path], typer.Argument(metavar="BERKAS", help="Folder atau berkas buku kerja.")
    ],
    keluaran: Annotated[
        Path, typer.Option("--output", "-o", help="Berkas .xlsx rekap yang ditulis.")
    ] = Path("rekap.xlsx"),
    proses: Annotated[
        int | None, typer.Option("--proses", "-j", help="Jumlah proses (bawaan: semua inti).")
    ] = None,
    timpa: Annotated[bool, TIMPA] = False,
) -> None:
    """Rekap banyak buku kerja: satu baris per perangkat daerah (capaian, predikat, anggaran,
    efisiensi, temuan) dan grafik capaian dan serapan, ke .xlsx; berkas masukan tidak diubah."""
    from xlkinerja.cek.temuan import TIDAK_TERBACA
    from xlkinerja.keluaran.rekap import adalah_rekap, tulis_rekap
    from xlkinerja.keluaran.rekap import rekap as rekap_berkas

    con = _konsol()
    if keluaran.suffix.lower() != ".xlsx":
        salah_pakai(f"{keluaran}: berkas rekap harus berakhiran .xlsx")
    if keluaran.exists() and not adalah_rekap(keluaran):
        con.print(
            f"[red]{keluaran} sudah ada dan bukan rekap xlkinerja (mungkin buku kerja "
            "masukan); pilih nama lain dengan -o[/red]"
        )
        raise typer.Exit(2)
    lama = (keluaran,) if keluaran.exists() else ()  # last run's rekap (checked above)
    berkas = berkas_atau_keluar(paths, con, lama)
    _siapkan_laporan(keluaran, [*paths, *berkas], timpa, con)
    with kemajuan("Merekap", len(berkas)) as maju:
        rows, temuan = rekap_berkas(berkas, proses, maju)
    tulis_rekap(rows, temuan, keluaran)
    gagal = [r for r in rows if r["status"].startswith(TIDAK_TERBACA)]
    for r in gagal:
        con.print(f"[red]{r['status']}[/red]", highlight=False)
    con.print(
        f"{keluaran}: {len(rows)} buku kerja direkap ({len(gagal)} {TIDAK_TERBACA}), "
        f"{len(temuan)} temuan."
    )
    if gagal:
        raise typer.Exit(2)


@app.command()
@tanpa_traceback
def narasi(
    paths: Annotated[
        list[Path], typer.Argument(metavar="BERKAS", help="Berkas atau folder buku kerja.")
    ],
    keluaran: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Folder hasil (bawaan: di samping berkas asli, nama diakhiri _narasi).",
        ),
    ] = None,
    tulis: Annotated[
        bool, typer.Option("--tulis", help="Tulis ke berkas asli (cadangan bertanggal dibuat).")
    ] = False,
    timpa: Annotated[bool, TIMPA] = False,
) -> None:
    """Isi Narasi pada berkas: teks lembar Narasi dari angka tabel (templat dapat disunting di
    lembar itu). Keluar 1 bila ada templat yang galat (teks lamanya dibiarkan)."""
    from xlkinerja.muka.aksi import isi_narasi

    rencana = _aksi_pada_berkas(
        paths, (isi_narasi,), "_narasi", "diisi", keluaran, tulis, timpa, judul="Mengisi narasi"
    )
    if any(t.isi == "NAR01" for r in rencana for t in r.tulis):  # a template failed
        raise typer.Exit(1)


@app.command()
@tanpa_traceback
def laporan(
    path: Annotated[
        Path | None, typer.Argument(metavar="BERKAS", help="Buku kerja LKjIP (.xlsm/.xlsx).")
    ] = None,
    keluaran: Annotated[
        Path, typer.Option("--output", "-o", help="Dokumen Word yang ditulis.")
    ] = Path("LKjIP.docx"),
    templat_docx: Annotated[
        Path | None,
        typer.Option("--templat", "-t", help="Templat .docx sendiri (gaya dan susunan)."),
    ] = None,
    templat_bawaan: Annotated[
        Path | None,
        typer.Option(
            "--templat-bawaan",
            help="Tulis templat .docx bawaan ke berkas ini untuk diubah gayanya.",
        ),
    ] = None,
    timpa: Annotated[bool, TIMPA] = False,
) -> None:
    """Dokumen Word LKjIP: Bab III (tabel pengukuran, perbandingan, efisiensi, realisasi
    anggaran) dan narasinya, dari angka buku kerja; berkas buku kerja tidak diubah."""
    from xlkinerja.buku.antarmuka import GalatBuku
    from xlkinerja.buku.berkas import BukuBerkas
    from xlkinerja.keluaran.word import bangun_templat_docx, buat_laporan
    from xlkinerja.muka.keluaran_aman import periksa_tujuan, siapkan_tujuan, tulis_atomik
    from xlkinerja.templat.baca import baca
    from xlkinerja.templat.pengaturan import PengaturanTidakSah

    con = _konsol()
    masukan = [p for p in (path, templat_docx) if p is not None]
    if templat_bawaan is not None:
        _siapkan_laporan(templat_bawaan, masukan, timpa, con)
        tulis_atomik(templat_bawaan, bangun_templat_docx())
        con.print(f"{templat_bawaan}: templat bawaan ditulis; ubah gayanya lalu pakai --templat.")
        if path is None:
            return
    if path is None:
        salah_pakai("sebutkan buku kerja: xlkinerja laporan BERKAS -o LKjIP.docx")
    if keluaran.suffix.lower() != ".docx":
        salah_pakai(f"{keluaran}: nama dokumen harus berakhiran .docx")
    periksa_tujuan(keluaran, masukan, timpa)  # refused before any work; backup when written
    try:
        data, hasil = buat_laporan(baca(BukuBerkas(path)), templat_docx)
    except (GalatBuku, PengaturanTidakSah) as e:
        con.print(pesan_berkas(path, str(e)), style="red", markup=False, highlight=False)
        raise typer.Exit(2) from None
    for g in hasil.galat:
        con.print(f"{path.name}: {g} (dipakai teks yang ada di lembar Narasi)", markup=False)
    cadangan = siapkan_tujuan(keluaran, masukan, timpa)
    tulis_atomik(keluaran, data)
    con.print(f"[green]{path.name} → {keluaran}[/green]")
    if cadangan is not None:
        con.print(f"{keluaran}: yang lama disimpan sebagai {cadangan}", highlight=False)


def _audit_satu(f: Path, audit_berkas: Callable[[Path], list[Temuan]]) -> list[Temuan]:
    """Audit one file; a path that does not exist is named as such (the Audit Rumus button's
    "save first with Ctrl+S" is for a workbook open in Excel, not for a mistyped name)."""
    if f.exists() or f.is_symlink():
        return audit_berkas(f)
    from xlkinerja.buku.aman import pesan_os
    from xlkinerja.cek.katalog import AUDIT, temuan

    alasan = pesan_os(f, FileNotFoundError(2, "tidak ditemukan", str(f)))
    return [temuan("BACA01", AUDIT.sumber, isi={"alasan": alasan}, file=str(f))]


@app.command()
@tanpa_traceback
def audit(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="BERKAS", help="Berkas atau folder buku kerja (dengan --banding: LAMA BARU)."
        ),
    ],
    format: Annotated[
        str, typer.Option("--format", "-f", help="teks, json, csv, md, html atau xlsx")
    ] = "teks",
    keluaran: Annotated[
        Path | None, typer.Option("--output", "-o", help="Tulis laporan ke berkas ini.")
    ] = None,
    banding: Annotated[
        bool,
        typer.Option(
            "--banding", help="Bandingkan dua versi: LAMA BARU (isian, rumus, hasil, baris)."
        ),
    ] = False,
    timpa: Annotated[bool, TIMPA] = False,
) -> None:
    """Audit rumus tanpa Excel (tidak pernah mengubah berkas): hitung ulang setiap rumus,
    bandingkan dengan nilai tersimpan dan rumus templat. Keluar 0 bila tanpa galat, 1 bila ada
    galat, 2 bila ada berkas yang tidak terbaca."""
    from xlkinerja.cek.audit import audit as audit_berkas
    from xlkinerja.cek.audit import banding as banding_berkas
    from xlkinerja.keluaran.laporan_temuan import kode_keluar, tulis_laporan

    con = _konsol()
    if format not in FORMAT_PERIKSA:
        salah_pakai(f"format '{format}' tidak dikenal; pilih {', '.join(FORMAT_PERIKSA)}")
    if format == "xlsx" and keluaran is None:
        salah_pakai("format xlsx memerlukan berkas tujuan: -o audit.xlsx")
    if banding:
        if len(paths) != 2 or any(p.is_dir() for p in paths):
            salah_pakai("--banding memerlukan tepat dua berkas: LAMA BARU")
        _siapkan_laporan(keluaran, paths, timpa, con)
        nama = f"{paths[0]} → {paths[1]}"
        semua = [replace(x, file=nama) for x in banding_berkas(paths[0], paths[1])]
        hasil = [(Path(nama), semua)]
    else:
        berkas = berkas_atau_keluar(paths, con)
        _siapkan_laporan(keluaran, [*paths, *berkas], timpa, con)
        with kemajuan("Mengaudit", len(berkas)) as maju:
            hasil = []
            for f in berkas:
                hasil.append((f, _audit_satu(f, audit_berkas)))
                maju()
    tulis_laporan(hasil, format, keluaran, con, "audit")
    raise typer.Exit(kode_keluar(hasil))


@app.command()
@tanpa_traceback
def ekspor(
    path: Annotated[Path, typer.Argument(metavar="BERKAS", help="Buku kerja LKjIP (.xlsm/.xlsx).")],
    keluaran: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Berkas .json (format xlkinerja-data), atau folder untuk csv/parquet.",
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="json, csv atau parquet (satu berkas per tabel)")
    ] = "json",
    timpa: Annotated[bool, TIMPA] = False,
) -> None:
    """Keluarkan seluruh isian buku kerja sebagai data terbuka (JSON berskema, lihat
    docs/data.md) atau tabel CSV/Parquet dengan kolom terhitung; buku kerja tidak diubah."""
    from xlkinerja.muka.keluaran_aman import siapkan_tujuan, tulis_atomik

    con = _konsol()
    if format not in ("json", "csv", "parquet"):
        salah_pakai(f"format '{format}' tidak dikenal; pilih json, csv atau parquet")
    if format == "json":
        from xlkinerja.tukar.berkas import ekspor as ekspor_data
        from xlkinerja.tukar.berkas import teks_json

        teks = teks_json(ekspor_data(path))
        if keluaran is None:
            sys.stdout.write(teks)
            return
        cadangan = siapkan_tujuan(keluaran, [path], timpa)
        tulis_atomik(keluaran, teks.encode("utf-8"))
        con.print(f"[green]{path.name} → {keluaran}[/green]")
        if cadangan is not None:
            con.print(f"{keluaran}: yang lama disimpan sebagai {cadangan}", highlight=False)
        return
    from xlkinerja.keluaran.tabel import buka

    if keluaran is None:
        salah_pakai(f"format {format} menulis satu berkas per tabel: sebutkan folder -o")
    lk = buka(path)
    keluaran.mkdir(parents=True, exist_ok=True)
    tabel = {**lk.tabel, "temuan": lk.temuan}
    for kunci, df in tabel.items():
        tujuan = keluaran / f"{kunci}.{format}"
        cadangan = siapkan_tujuan(tujuan, [path], timpa)
        if format == "csv":
            tulis_atomik(tujuan, df.to_csv().encode("utf-8-sig"))
        else:
            try:
                df.to_parquet(tujuan)
            except ImportError:
                con.print(
                    "[red]format parquet perlu pyarrow: pip install pyarrow (atau pakai -f "
                    "csv)[/red]"
                )
                raise typer.Exit(2) from None
        if cadangan is not None:
            con.print(f"{tujuan}: yang lama disimpan sebagai {cadangan}", highlight=False)
    con.print(f"[green]{path.name} → {keluaran}/ ({len(tabel)} tabel {format})[/green]")


@app.command()
@tanpa_traceback
def impor(
    sumber: Annotated[
        Path,
        typer.Argument(
            metavar="SUMBER",
            help="Berkas data .json (format xlkinerja-data), atau tabel .xlsx/.xlsm milik "
            "Anda (indikator atau anggaran) untuk dipetakan.",
        ),
    ],
    keluaran: Annotated[
        Path, typer.Option("--output", "-o", help="Buku kerja .xlsm (atau .json) yang ditulis.")
    ] = Path("lkjip.xlsm"),
    lembar: Annotated[
        str | None, typer.Option("--lembar", help="Lembar tabel pada berkas .xlsx/.xlsm.")
    ] = None,
    tabel: Annotated[
        str | None,
        typer.Option("--tabel", help="pengukuran atau anggaran (bawaan: dikenali dari judul)."),
    ] = None,
    ya: Annotated[
        bool,
        typer.Option("--ya", help="Tulis hasil pemetaan tabel tanpa berhenti di pratinjau."),
    ] = False,
    timpa: Annotated[bool, TIMPA] = False,
) -> None:
    """Isi templat dari data terbuka (JSON) atau dari tabel Excel Anda sendiri; berkas sumber
    tidak diubah. Tabel Excel dipetakan dulu: pratinjau ditampilkan, tulis dengan --ya."""
    from xlkinerja.muka.keluaran_aman import siapkan_tujuan, tulis_atomik
    from xlkinerja.tukar.berkas import baca_json, teks_json
    from xlkinerja.tukar.format import DataTidakSah
    from xlkinerja.tukar.impor import impor as impor_bytes

    con = _konsol()
    if not sumber.is_file():
        con.print(f"[red]{sumber}: berkas tidak ditemukan[/red]")
        raise typer.Exit(2)
    if keluaran.suffix.lower() not in (".xlsm", ".json"):
        salah_pakai(f"{keluaran}: tujuan harus .xlsm (buku kerja) atau .json (data)")
    if tabel not in (None, "pengukuran", "anggaran"):
        salah_pakai(f"--tabel '{tabel}' tidak dikenal; pilih pengukuran atau anggaran")
    try:
        if sumber.suffix.lower() == ".json":
            data = baca_json(sumber)
        else:
            from xlkinerja.tukar.petakan import petakan

            try:
                pm = petakan(sumber, lembar, tabel)
            except (ValueError, KeyError) as e:
                con.print(f"[red]{e}[/red]", highlight=False)
                raise typer.Exit(2) from None
            con.print(pm.pratinjau(), markup=False, highlight=False)
            if not ya:
                con.print("Pratinjau saja; ulangi dengan --ya untuk menulis hasilnya.")
                return
            data = pm.data()
        if keluaran.suffix.lower() == ".json":
            from xlkinerja.tukar.format import validasi

            validasi(data)
            isi = teks_json(data).encode("utf-8")
        else:
            isi = impor_bytes(data)
    except DataTidakSah as e:
        con.print(f"[red]{sumber}: data tidak sah:[/red]")
        for p in e.pesan:
            con.print(f"  {p}", markup=False, highlight=False)
        raise typer.Exit(2) from None
    cadangan = siapkan_tujuan(keluaran, [sumber], timpa)
    tulis_atomik(keluaran, isi)
    con.print(f"[green]{sumber.name} → {keluaran}[/green]")
    if cadangan is not None:
        con.print(f"{keluaran}: yang lama disimpan sebagai {cadangan}", highlight=False)


@app.command()
@tanpa_traceback
def pasang(
    paths: Annotated[list[Path], typer.Argument(help="Buku kerja .xlsm (atau folder).")],
    keluaran: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Folder salinan (bawaan: berkas itu sendiri, dengan cadangan)."
        ),
    ] = None,
    sistem: Annotated[
        str | None,
        typer.Option("--sistem", help="win atau mac (bawaan: sistem komputer ini)."),
    ] = None,
    python: Annotated[
        str | None,
        typer.Option("--python", help="Jalur Python yang ditulis (bawaan: Python ini)."),
    ] = None,
    ringkas: Annotated[
        bool, typer.Option("--ringkas", help="Tanpa daftar langkah berikutnya (untuk pemasang).")
    ] = False,
    timpa: Annotated[bool, TIMPA] = False,
) -> None:
    """Tulis Python yang menjalankan perintah ini ke lembar xlwings.conf buku kerja (agar tombol
    tab LKjIP memakainya), periksa versi VBA xlwings, lalu tampilkan langkah berikutnya. Keluar
    1 bila versi tidak cocok."""
    from xlkinerja.buku.antarmuka import GalatBuku
    from xlkinerja.muka.pasang import KUNCI, langkah_berikutnya, pasang_berkas, penerjemah
    from xlkinerja.muka.pasang import sistem_ini as _sistem_ini

    con = _konsol()
    sistem = sistem or _sistem_ini()
    if sistem not in KUNCI:
        con.print(
            "[red]Excel dengan makro hanya berjalan di Windows dan macOS; sebutkan --sistem win "
            "atau --sistem mac (dan --python jalur Python di komputer itu)[/red]"
        )
        raise typer.Exit(2)
    if keluaran is not None and keluaran.exists() and not keluaran.is_dir():
        con.print(f"[red]{keluaran}: -o menunjuk berkas; sebutkan folder salinan[/red]")
        raise typer.Exit(2)
    exe = python or penerjemah(sistem)
    berkas = berkas_atau_keluar(paths, con)
    masalah = gagal = 0
    for f in berkas:
        try:
            h, pesan = pasang_berkas(f, sistem, exe, keluaran, timpa)
        except GalatBuku as e:
            gagal += 1
            con.print(f"[red]{e}[/red]", highlight=False)
            continue
        for p in pesan:
            con.print(p, markup=False, highlight=False, style="green")
        for m in h.masalah:
            masalah += 1
            con.print(f"{f.name}: {m}", markup=False, highlight=False, style="red")
        for c in h.versi.catatan():
            con.print(f"{f.name}: {c}", markup=False, highlight=False, style="yellow")
    if gagal:
        con.print(f"{gagal} dari {len(berkas)} berkas tidak dipasang; berkas itu tidak diubah.")
        raise typer.Exit(2)
    if not ringkas:
        con.print("\nLangkah berikutnya:")
        for i, langkah in enumerate(langkah_berikutnya(sistem, berkas[0]), 1):
            con.print(f"  {i}. {langkah}", markup=False, highlight=False)
    if masalah:
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
