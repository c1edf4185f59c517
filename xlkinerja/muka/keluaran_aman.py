"""One output policy for every command: an output never destroys.

- An output that resolves to an input (same path, symlink or hard link) is refused.
- An existing output is replaced only when the user says so (`--timpa`), and then the old one
  is kept as a backup (`<nama>.bak`, or `<nama>.<waktu>.bak` when that exists already).
- Outputs of one run never collide: under an output folder the inputs' relative folders are
  kept, and names that still meet get `-2`, `-3`...; the summary says which.
- Outputs xlkinerja wrote (``*_dihitung``/``*_narasi`` workbooks, reports carrying the marker
  of `keluaran.netral`) found in a folder are not taken as inputs (with a note); a file named
  on the command line always is.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from xlkinerja.buku.antarmuka import GalatBuku
from xlkinerja.keluaran.netral import jenis_keluaran

EKSTENSI = (".xlsx", ".xlsm")
#: Suffixes of the workbooks `hitung` and `narasi` write next to their input.
AKHIRAN_KELUARAN = ("_dihitung", "_narasi")
_NAMA_KELUARAN = re.compile(r"(?:" + "|".join(AKHIRAN_KELUARAN) + r")(?:-\d+)?$", re.I)
SARAN_TIMPA = "pakai --timpa untuk menimpanya (yang lama disimpan sebagai cadangan .bak)"


@dataclass
class Kumpulan:
    """The input files of a run, and notes on the files left out."""

    berkas: list[Path] = field(default_factory=list)
    dilewati: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)

    def catatan(self) -> list[str]:
        """Indonesian notes on the files left out (one line each, then how to include one)."""
        if not self.dilewati:
            return []
        out = [f"{f}: dilewati, {alasan}" for f, alasan in self.dilewati]
        out.append(
            f"{len(self.dilewati)} berkas hasil xlkinerja tidak dibaca sebagai masukan; "
            "sebutkan namanya langsung bila memang ingin memprosesnya."
        )
        return out


def keluaran_xlkinerja(f: Path) -> str | None:
    """Why `f` is an output xlkinerja wrote (its name or its marker), or None."""
    if _NAMA_KELUARAN.search(f.stem):
        return f"namanya berakhiran {_NAMA_KELUARAN.search(f.stem).group(0)} (hasil xlkinerja)"
    jenis = jenis_keluaran(f)
    if jenis is not None:
        return f"berkas ini laporan {jenis} yang ditulis xlkinerja"
    return None


def kumpulkan(paths: Iterable[Path], kecuali: Iterable[Path] = ()) -> Kumpulan:
    """Files given, and .xlsx/.xlsm files in folders given (recursively, sorted), without the
    outputs xlkinerja wrote found in those folders and without `kecuali` (outputs the caller
    recognised otherwise, e.g. a rekap written before rekaps carried the marker)."""
    luar = {_kunci(p) for p in kecuali}
    k = Kumpulan()
    for p in paths:
        if not p.is_dir():
            k.berkas.append(p)
            continue
        for f in sorted(p.rglob("*")):
            if f.suffix.lower() not in EKSTENSI or f.name.startswith(("~$", ".")):
                continue
            if _kunci(f) in luar:
                k.dilewati.append((f, "berkas ini adalah keluaran perintah ini"))
                continue
            alasan = keluaran_xlkinerja(f)
            if alasan is not None:
                k.dilewati.append((f, alasan))
            else:
                k.berkas.append(f)
    return k


def _kunci(p: Path) -> Path:
    return Path(os.path.realpath(p))


def sama_berkas(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (resolved; hard links too)."""
    if _kunci(a) == _kunci(b):
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def tolak_masukan(tujuan: Path, masukan: Iterable[Path]) -> None:
    """Refuse an output that is one of the inputs (the same file under any name)."""
    for m in masukan:
        if sama_berkas(tujuan, m):
            raise GalatBuku(
                f"{tujuan}: berkas tujuan sama dengan berkas masukan {m}; laporan tidak "
                "ditulis dan masukan tidak diubah. Pilih nama lain dengan -o"
            )


def periksa_tujuan(tujuan: Path, masukan: Iterable[Path], timpa: bool) -> None:
    """Refuse `tujuan` when it is an input, a folder, or exists without `timpa`."""
    tolak_masukan(tujuan, masukan)
    if tujuan.is_dir():
        raise GalatBuku(f"{tujuan}: tujuan adalah folder; sebutkan nama berkas dengan -o")
    if tujuan.exists() and not timpa:
        raise GalatBuku(f"{tujuan} sudah ada; {SARAN_TIMPA}, atau pilih nama lain dengan -o")


def cadangkan(tujuan: Path) -> Path | None:
    """Copy an existing `tujuan` to `<nama>.bak` (or `<nama>.<waktu>[-n].bak` when that is
    taken: a backup is never overwritten). None when there is nothing to keep."""
    if not tujuan.is_file():
        return None
    data = tujuan.read_bytes()
    waktu = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    calon = [tujuan.with_name(tujuan.name + ".bak")]
    calon += [
        tujuan.with_name(f"{tujuan.name}.{waktu}{f'-{n}' if n else ''}.bak") for n in range(100)
    ]
    for c in calon:
        try:
            with open(c, "xb") as f:  # exclusive: never over an earlier backup
                f.write(data)
            return c
        except FileExistsError:
            continue
    raise GalatBuku(f"{tujuan}: terlalu banyak cadangan; hapus cadangan lama lalu ulangi")


def siapkan_tujuan(tujuan: Path, masukan: Iterable[Path], timpa: bool) -> Path | None:
    """`periksa_tujuan`, then the backup of the file about to be replaced (its path)."""
    periksa_tujuan(tujuan, list(masukan), timpa)
    return cadangkan(tujuan)


def tulis_atomik(tujuan: Path, data: bytes) -> None:
    """Write through a temporary file and a rename: an interrupted run leaves no half file."""
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    sementara = tujuan.with_name(f".{tujuan.name}.xlk-tmp")
    try:
        sementara.write_bytes(data)
        sementara.replace(tujuan)
    except BaseException:
        sementara.unlink(missing_ok=True)
        raise


@dataclass
class PetaKeluaran:
    """Where each input's output goes, and what the summary must say about it."""

    tujuan: dict[Path, Path]
    catatan: list[str] = field(default_factory=list)


def rencana_tujuan(
    berkas: list[Path], akar: list[Path], folder: Path | None, akhiran: str
) -> PetaKeluaran:
    """The output of each input: `<stem><akhiran><ext>` next to it, or under `folder` at the
    input's folder relative to the folder argument (`akar`) it was found in; names that still
    meet (two roots) get `-2`, `-3`... The plan's notes say which."""
    tujuan: dict[Path, Path] = {}
    bersub = False
    for f in berkas:
        nama = f"{f.stem}{akhiran}{f.suffix}"
        if folder is None:
            tujuan[f] = f.parent / nama
            continue
        rel = _relatif(f, akar)
        bersub = bersub or rel != Path()
        tujuan[f] = folder / rel / nama
    catatan = []
    if bersub:
        catatan.append(
            f"Hasil disusun menurut subfolder masukan di bawah {folder} (berkas bernama sama "
            "di subfolder berbeda tidak saling menimpa)."
        )
    dipakai: dict[Path, Path] = {}
    for f, t in tujuan.items():
        asli, n = t, 1
        while _kunci(t) in dipakai:
            n += 1
            t = asli.with_name(f"{asli.stem}-{n}{asli.suffix}")
        if t != asli:
            catatan.append(f"{f}: nama hasil {asli.name} sudah dipakai berkas lain; ditulis {t}")
        tujuan[f] = t
        dipakai[_kunci(t)] = f
    return PetaKeluaran(tujuan, catatan)


def _relatif(f: Path, akar: list[Path]) -> Path:
    """The folder of `f` relative to the folder argument it was found in ('' for a file named
    directly)."""
    for a in akar:
        if a.is_dir():
            try:
                return f.parent.relative_to(a)
            except ValueError:
                continue
    return Path()


def periksa_peta(r: PetaKeluaran, masukan: list[Path], timpa: bool) -> None:
    """Refuse the plan when an output is an input, or exists without `timpa` (every such file
    named, nothing written)."""
    for t in r.tujuan.values():
        tolak_masukan(t, masukan)
    ada = [t for t in r.tujuan.values() if t.exists()]
    if ada and not timpa:
        daftar = "\n".join(f"  {t}" for t in ada[:10])
        lebih = f"\n  (dan {len(ada) - 10} lainnya)" if len(ada) > 10 else ""
        raise GalatBuku(
            f"berkas hasil berikut sudah ada:\n{daftar}{lebih}\ntidak ada yang ditulis; "
            f"{SARAN_TIMPA}, atau pilih folder lain dengan -o"
        )


__all__ = [
    "AKHIRAN_KELUARAN",
    "Kumpulan",
    "PetaKeluaran",
    "cadangkan",
    "keluaran_xlkinerja",
    "kumpulkan",
    "periksa_peta",
    "periksa_tujuan",
    "rencana_tujuan",
    "sama_berkas",
    "siapkan_tujuan",
    "tolak_masukan",
    "tulis_atomik",
]
