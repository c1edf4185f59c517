"""`xlkinerja pasang`: point a workbook's buttons at the Python running this command.

The template's VBA is xlwings' standalone module: ``RunPython`` reads the interpreter from the
workbook's ``xlwings.conf`` sheet (``Interpreter_Win`` / ``Interpreter_Mac``; a bare
``pythonw`` means "whatever Python is on PATH", which on a fresh PC is none or the wrong one).
`pasang` writes the running interpreter there through the byte-preserving file writer (every
other part of the file is copied as is; the file itself only after a backup), checks that the
VBA module's xlwings version is the xlwings installed here, and says what to do next.
"""

from __future__ import annotations

import glob
import platform
import sys
from dataclasses import dataclass, field
from pathlib import Path

from xlkinerja.buku.antarmuka import GalatBuku, Rencana, Tulis
from xlkinerja.buku.berkas import BukuBerkas
from xlkinerja.buku.paket import versi_xlwings_vba

LEMBAR_CONF = "xlwings.conf"
KUNCI = {"win": "Interpreter_Win", "mac": "Interpreter_Mac"}
SISTEM = {"Windows": "win", "Darwin": "mac"}
BARIS_CONF = 50  # xlwings reads A1 down to the first empty cell; a user's sheet is short
DOK_XLWINGS = "https://docs.xlwings.org/en/stable/addin.html"


def sistem_ini() -> str | None:
    """'win' or 'mac' for the system running this, None elsewhere (Excel with VBA does not run
    there)."""
    return SISTEM.get(platform.system())


def penerjemah(sistem: str, exe: str | None = None) -> str:
    """The interpreter to write: `exe` (bawaan: this Python); on Windows its ``pythonw.exe``
    when one is beside it (no console window flashing at every button)."""
    p = Path(exe or sys.executable)
    if sistem == "win":
        w = p.with_name("pythonw.exe")
        if p.name.lower() == "python.exe" and w.is_file():
            return str(w)
    return str(p)


@dataclass
class Versi:
    """The xlwings versions a workbook's buttons depend on."""

    vba: str | None  # XLWINGS_VERSION in the embedded VBA module
    pengaturan: object  # what the Pengaturan sheet records (versi_xlwings)
    terpasang: str  # xlwings installed with this Python

    def masalah(self) -> list[str]:
        """What stops the buttons (empty when nothing does)."""
        if self.vba is None:
            return [
                "buku kerja ini tidak berisi modul VBA xlwings (bukan .xlsm templat xlkinerja, "
                "atau makronya terhapus saat disimpan sebagai .xlsx); tombol tab LKjIP tidak "
                "akan berjalan. Pakai templat dari rilis xlkinerja (templat\\template_lkjip.xlsm) "
                "atau buat baru: xlkinerja templat -o baru.xlsm"
            ]
        if self.vba != self.terpasang:
            return [
                f"VBA xlwings di buku kerja versi {self.vba}, sedangkan xlwings yang terpasang "
                f"pada Python ini versi {self.terpasang}: tombol akan gagal. Samakan: pasang "
                f"xlwings=={self.vba} pada Python ini (pip install xlwings=={self.vba}), atau "
                "pakai templat dari rilis xlkinerja yang sama dengan paket terpasang lalu "
                "pindahkan isiannya (xlkinerja ekspor lama.xlsm -o data.json; xlkinerja impor "
                "data.json -o baru.xlsm)"
            ]
        return []

    def catatan(self) -> list[str]:
        """Notes that do not stop the buttons."""
        if self.vba is not None and self.pengaturan not in (None, "", self.vba):
            return [
                f"lembar Pengaturan mencatat versi VBA xlwings {self.pengaturan}, padahal VBA "
                f"di buku kerja versi {self.vba}; yang berlaku adalah VBA-nya"
            ]
        return []


def baca_versi(buku: BukuBerkas) -> Versi:
    import xlwings

    try:
        pengaturan = buku.nilai_nama("xk_versi_xlwings")
    except Exception:  # noqa: BLE001 - a workbook without the name: nothing recorded
        pengaturan = None
    return Versi(versi_xlwings_vba(buku.path), pengaturan, xlwings.__version__)


def _baris_kunci(buku: BukuBerkas, kunci: str) -> tuple[int, bool]:
    """(row of `kunci` in column A of xlwings.conf, whether the key must be written too): its
    row, or the first empty row of the block xlwings reads (A1 down to the first empty cell)."""
    kolom_a = [r[0] for r in buku.nilai(LEMBAR_CONF, f"A1:A{BARIS_CONF}")]
    for i, v in enumerate(kolom_a, 1):
        if v in (None, ""):
            return i, True
        if str(v).strip().casefold() == kunci.casefold():
            return i, False
    raise GalatBuku(
        f"{buku.nama}: lembar {LEMBAR_CONF} kolom A penuh sampai baris {BARIS_CONF} tanpa "
        f"{kunci}; isi sel B di samping {kunci} secara manual"
    )


@dataclass
class HasilPasang:
    rencana: Rencana
    versi: Versi
    sel: str  # the cell the interpreter goes to
    lama: object  # its value before
    masalah: list[str] = field(default_factory=list)


def rencana_pasang(buku: BukuBerkas, sistem: str, exe: str) -> HasilPasang:
    """The writes that point `buku`'s xlwings.conf at `exe` for `sistem` ('win'/'mac'), and
    the version check. Nothing is written here."""
    if LEMBAR_CONF not in buku.lembar():
        raise GalatBuku(
            f"{buku.nama}: lembar '{LEMBAR_CONF}' tidak ada, jadi tombol tidak tahu Python mana "
            "yang dijalankan. Pakai templat xlkinerja (xlkinerja templat -o baru.xlsm)"
        )
    kunci = KUNCI[sistem]
    r, baru = _baris_kunci(buku, kunci)
    lama = buku.nilai(LEMBAR_CONF, f"B{r}")[0][0]
    rencana = Rencana()
    if baru:
        rencana.tulis.append(Tulis(LEMBAR_CONF, f"A{r}", kunci))
    if baru or lama != exe:
        rencana.tulis.append(Tulis(LEMBAR_CONF, f"B{r}", exe))
    versi = baca_versi(buku)
    return HasilPasang(rencana, versi, f"B{r}", lama, versi.masalah())


def langkah_berikutnya(sistem: str, berkas: Path) -> list[str]:
    """What the user does next, in order (Indonesian; the guide docs/pasang.md has pictures)."""
    umum_akhir = [
        "Di tab LKjIP klik Diagnosa: versi Python, xlkinerja dan xlwings tampil, semuanya "
        "'cocok'. Bila muncul galat, lihat panduan pasang.html bagian 'Bila tombol gagal'.",
        f"Add-in xlwings tidak perlu dipasang: VBA xlwings sudah tertanam di {berkas.name} "
        f"(buku kerja standalone, lihat {DOK_XLWINGS}).",
    ]
    if sistem == "mac":
        return [
            "Sekali saja di Terminal (Python yang sama): xlwings runpython install  — memasang "
            "skrip AppleScript yang dipakai RunPython di macOS "
            "(https://docs.xlwings.org/en/stable/installation.html).",
            f"Buka {berkas.name} di Excel; pada pertanyaan makro klik Enable Macros "
            "(Aktifkan Makro).",
            "Saat tombol pertama kali diklik, macOS dapat meminta izin Excel mengakses berkas "
            "atau mengendalikan Excel: klik Grant Access / OK.",
            *umum_akhir,
        ]
    return [
        f"Bila {berkas.name} berasal dari unduhan, surel atau zip: klik kanan berkas → "
        "Properties → centang Unblock → OK (PowerShell: Unblock-File); tanpa itu Office "
        "memblokir makronya (bilah merah 'SECURITY RISK'). Atau simpan di Trusted Location: "
        "File → Options → Trust Center → Trust Center Settings → Trusted Locations.",
        f"Buka {berkas.name} di Excel dan klik Enable Content (Aktifkan Konten) pada bilah kuning.",
        *umum_akhir,
    ]


def cadangan_terbaru(f: Path) -> Path | None:
    """The newest `<nama>.<waktu>.bak` backup `BukuBerkas.simpan` made of `f`."""
    calon = f.parent.glob(glob.escape(f.name) + ".*.bak")
    return max(calon, key=lambda p: p.stat().st_mtime_ns, default=None)


def pasang_berkas(
    f: Path, sistem: str, exe: str, folder: Path | None = None, timpa: bool = False
) -> tuple[HasilPasang, list[str]]:
    """Point one workbook at `exe`: in place after a timestamped backup (nothing written when
    it points there already), or as a copy in `folder` (an existing copy replaced only with
    `timpa`, the old one kept as .bak). Returns the result and the lines to show."""
    from xlkinerja.muka.keluaran_aman import SARAN_TIMPA, cadangkan, sama_berkas

    tujuan = None if folder is None else folder / f.name
    if tujuan is not None:
        if sama_berkas(tujuan, f):
            raise GalatBuku(f"{tujuan}: salinan akan menimpa berkas masukan; pilih folder lain")
        if tujuan.exists() and not timpa:
            raise GalatBuku(f"{tujuan} sudah ada; {SARAN_TIMPA}")
    buku = BukuBerkas(f)
    try:
        h = rencana_pasang(buku, sistem, exe)
        buku.terapkan(h.rencana)
        pesan = []
        if tujuan is not None:
            cadangan = cadangkan(tujuan)
            buku.simpan(tujuan)
            pesan.append(f"{f.name} → {tujuan}: {LEMBAR_CONF}!{h.sel} = {exe}")
            if cadangan is not None:
                pesan.append(f"{tujuan}: yang lama disimpan sebagai {cadangan}")
        elif h.rencana:
            buku.simpan(timpa=True)  # <nama>.<waktu>.bak first
            pesan.append(f"{f}: {LEMBAR_CONF}!{h.sel} = {exe} (sebelumnya: {h.lama or 'kosong'})")
            pesan.append(f"{f}: berkas lama disimpan sebagai {cadangan_terbaru(f)}")
        else:
            pesan.append(f"{f}: {LEMBAR_CONF}!{h.sel} sudah {exe}; berkas tidak diubah")
    finally:
        buku.tutup()
    return h, pesan
