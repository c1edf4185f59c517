"""The command line in Indonesian: help, usage lines and usage errors, one exit-code scheme.

Typer and click write their own words in English ("Usage", "Options", "Missing argument",
"No such command"). Here the group and command classes the `xlkinerja` app uses replace them:
help panels and the help option in Indonesian, metavars (BERKAS, ANGKA, TEKS) instead of Python
type names, and every usage error (from click's parser or raised by a command as `SalahPakai`)
printed in Indonesian with the command's usage line, exiting `KELUAR_SALAH_PAKAI`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from typer import rich_utils
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

KELUAR_SALAH_PAKAI = 64  # EX_USAGE of sysexits.h: the command line itself is wrong
EPILOG = (
    "Kode keluar: 0 selesai tanpa galat; 1 ada galat pada isi buku kerja (temuan galat, "
    "templat narasi galat); 2 ada berkas yang tidak dapat dibaca atau ditulis; "
    f"{KELUAR_SALAH_PAKAI} perintah salah ketik (argumen atau pilihan tidak sah)."
)

# click's UsageError, found through the public BadParameter (typer vendors click since 0.20)
UsageError: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)


class SalahPakai(UsageError):  # type: ignore[misc, valid-type]
    """A usage error found by a command itself (a value it cannot use), already in Indonesian."""


def salah_pakai(pesan: str) -> NoReturn:
    """Stop the command: `pesan` is shown with the command's usage, exit `KELUAR_SALAH_PAKAI`."""
    raise SalahPakai(pesan)


# -- typer's own words ---------------------------------------------------------------------------

rich_utils.ARGUMENTS_PANEL_TITLE = "Argumen"
rich_utils.OPTIONS_PANEL_TITLE = "Pilihan"
rich_utils.COMMANDS_PANEL_TITLE = "Perintah"
rich_utils.ERRORS_PANEL_TITLE = "Salah pakai"
rich_utils.ABORTED_TEXT = "Dibatalkan."
rich_utils.DEFAULT_STRING = "[bawaan: {}]"
rich_utils.REQUIRED_LONG_STRING = "[wajib]"
rich_utils.ENVVAR_STRING = "[variabel lingkungan: {}]"
rich_utils.DEPRECATED_STRING = "(usang) "
rich_utils.RICH_HELP = "Bantuan: [blue]{command_path} {help_option}[/]"

PRASA_CARA_PAKAI = "Cara pakai: "
BANTUAN = "Tampilkan bantuan ini lalu keluar."


def _metavar_bawaan(p: TyperOption | TyperArgument) -> str:
    """BERKAS, ANGKA or TEKS from the parameter's annotation (never a Python type name)."""
    desc = getattr(p, "type_descriptor", None)
    teks = str(getattr(desc, "annotation", "")).lower()
    if getattr(desc, "is_path", False) or "path" in teks:
        return "BERKAS"
    if "int" in teks or "float" in teks:
        return "ANGKA"
    return "TEKS"


def _tanpa_tipe(ctx: Any) -> None:
    """An argument's type column: empty (its metavar, shown as its name, says it)."""
    return None


def _lengkapi_metavar(params: Sequence[Any]) -> None:
    for p in params:
        if isinstance(p, TyperArgument):
            p.display_type_rich = _tanpa_tipe  # typer would show <list[Path]>
        if getattr(p, "hidden", False) or p.metavar is not None:
            continue
        if isinstance(p, TyperOption) and p.is_flag:
            p.metavar = ""  # a switch: no value to show
        elif isinstance(p, TyperArgument):
            p.metavar = (p.name or "").upper() or _metavar_bawaan(p)
        else:
            p.metavar = _metavar_bawaan(p)


def _potongan_cara_pakai(cmd: Any, ctx: Any, perintah: str | None) -> list[str]:
    rv = ["[PILIHAN]"]
    for p in cmd.get_params(ctx):
        if isinstance(p, TyperArgument):
            n = (p.metavar or (p.name or "").upper()) + ("..." if p.nargs != 1 else "")
            rv.append(n if p.required else f"[{n}]")
    if perintah:
        rv.append(perintah)
    return rv


def _help_indonesia(opt: Any) -> Any:
    if opt is not None:
        opt.help = BANTUAN
        opt.metavar = ""
    return opt


class PerintahId(TyperCommand):
    """A subcommand whose help, usage line and metavars are Indonesian."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[PILIHAN]")
        super().__init__(*args, **kwargs)
        self.epilog = self.epilog or EPILOG
        if self.help and not self.short_help:  # one line in the group's list of commands
            self.short_help = re.split(r"(?<=\.)\s", " ".join(self.help.split()))[0]
        _lengkapi_metavar(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        return _help_indonesia(super().get_help_option(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _potongan_cara_pakai(self, ctx, None)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(
            ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), PRASA_CARA_PAKAI
        )


class GrupId(TyperGroup):
    """The `xlkinerja` group: Indonesian help, and every usage error in Indonesian with exit
    `KELUAR_SALAH_PAKAI` (file and content problems keep 2 and 1)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[PILIHAN]")
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = "PERINTAH [ARGUMEN]..."
        self.epilog = self.epilog or EPILOG
        _lengkapi_metavar(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        return _help_indonesia(super().get_help_option(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _potongan_cara_pakai(self, ctx, self.subcommand_metavar)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(
            ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), PRASA_CARA_PAKAI
        )

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except UsageError as e:
            if type(e).__name__ != "NoArgsIsHelpError":  # that one has printed the help
                tampilkan_salah_pakai(e)
            sys.exit(KELUAR_SALAH_PAKAI)
        except typer.Abort:
            Console(stderr=True).print("[red]Dibatalkan.[/red]")
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


class TyperId(typer.Typer):
    """`typer.Typer` whose commands are `PerintahId` unless another class is asked for, so a
    command added later (`@app.command()`) is Indonesian too."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", GrupId)
        super().__init__(**kwargs)

    def command(self, *args: Any, cls: Any = None, **kwargs: Any) -> Callable:  # type: ignore[override]
        return super().command(*args, cls=cls or PerintahId, **kwargs)


# -- usage errors ----------------------------------------------------------------------------------


def _label(p: Any) -> str:
    if p is None:
        return ""
    if isinstance(p, TyperArgument) or getattr(p, "param_type_name", "") == "argument":
        return p.metavar or (p.name or "").upper()
    return "/".join(p.opts)


def _alasan_nilai(p: Any) -> str:
    desc = getattr(p, "type_descriptor", None)
    if desc is not None and getattr(desc, "is_choice", False) and desc.choices:
        return "pilih salah satu dari " + ", ".join(map(str, desc.choices))
    teks = str(getattr(desc, "annotation", "")).lower()
    if "int" in teks:
        return "harus bilangan bulat, misalnya 4"
    if "float" in teks:
        return "harus angka, misalnya 2,5"
    return "nilainya tidak dapat dipakai"


_POLA: tuple[tuple[str, Callable[[re.Match], str]], ...] = (
    (
        r"No such command '([^']*)'\.?(?: Did you mean (.*)\?)?",
        lambda m: (
            f"perintah '{m[1]}' tidak dikenal" + (f"; mungkin maksudnya {m[2]}" if m[2] else "")
        ),
    ),
    (
        r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)",
        lambda m: f"argumen berlebih: {m[1]} (perintah ini tidak menerima argumen sebanyak itu)",
    ),
    (
        r"Option '([^']*)' requires (?:an argument|(\d+) arguments)\.?",
        lambda m: f"pilihan {m[1]} memerlukan nilai" + (f" ({m[2]} nilai)" if m[2] else ""),
    ),
    (r"Option '([^']*)' does not take a value\.?", lambda m: f"pilihan {m[1]} tanpa nilai"),
    (r"Missing command\.?", lambda m: "sebutkan perintahnya, misalnya: xlkinerja periksa FOLDER"),
    (r"Argument '([^']*)' takes (\d+) values\.?", lambda m: f"{m[1]} memerlukan {m[2]} nilai"),
)


def terjemahkan(e: Exception) -> str:
    """A usage error as an Indonesian sentence naming the argument or option."""
    if isinstance(e, SalahPakai):
        return str(getattr(e, "message", e))
    nama = type(e).__name__
    p = getattr(e, "param", None)
    label = _label(p)
    if nama == "MissingParameter":
        if getattr(p, "param_type_name", "") == "argument":
            bantuan = getattr(p, "help", None)
            if not bantuan:
                return f"{label} belum disebutkan"
            return f"{label} belum disebutkan ({bantuan[0].lower()}{bantuan[1:].rstrip('.')})"
        return f"pilihan {label} belum diisi"
    if nama == "NoSuchOption":
        pesan = f"pilihan {e.option_name} tidak dikenal"  # type: ignore[attr-defined]
        saran = sorted(getattr(e, "possibilities", None) or ())
        return pesan + (f"; mungkin maksudnya {', '.join(saran)}" if saran else "")
    if nama == "BadParameter" and p is not None:
        return f"nilai {label} tidak sah: {_alasan_nilai(p)}"
    pesan = str(getattr(e, "message", e))
    for pola, ganti in _POLA:
        m = re.fullmatch(pola, pesan.strip())
        if m:
            return ganti(m)
    return f"perintah tidak dapat dipahami ({pesan})"


def tampilkan_salah_pakai(e: Exception) -> None:
    """The usage line, the Indonesian message and where to find help, on stderr."""
    con = Console(stderr=True, soft_wrap=True, highlight=False)
    ctx = getattr(e, "ctx", None)
    if ctx is not None:
        con.print(escape(ctx.get_usage()))
    con.print(f"[red]Salah pakai:[/red] {escape(terjemahkan(e))}")
    if ctx is not None:
        con.print(f"Bantuan: {escape(ctx.command_path)} --help")


# -- messages ----------------------------------------------------------------------------------


def teks_ukuran(n: int) -> str:
    """A file size as an Indonesian reads it: 850 byte, 106,1 KB, 2,4 MB."""
    from xlkinerja.inti.angka import format_angka

    if n < 1024:
        return f"{n}\u00a0byte"
    if n < 1024 * 1024:
        return f"{format_angka(n / 1024, 1)}\u00a0KB"  # number and unit on one line
    return f"{format_angka(n / 1024 / 1024, 1)}\u00a0MB"


def pesan_berkas(f: Path, pesan: str) -> str:
    """`pesan` about file `f`, prefixed with its path unless it already names the file first
    (the workbook layer's messages start with the file name: no "a.xlsm: a.xlsm: ...")."""
    if pesan.startswith((f"{f}:", f"{f.name}:")):
        return pesan
    return f"{f}: {pesan}"
