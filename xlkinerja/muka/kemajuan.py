"""Progress bars for the commands that work through a folder, only where a person watches.

A bar is drawn on stderr when stderr is a terminal, outside CI and not on a dumb terminal; in a
pipe, a log or a CI job nothing is drawn (the per-file lines say what happened)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

CI = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILD_NUMBER", "TF_BUILD")


def tampilkan_kemajuan(aliran: TextIO | None = None) -> bool:
    """Whether a progress bar helps here: a terminal, not CI, not TERM=dumb."""
    aliran = aliran if aliran is not None else sys.stderr
    try:
        terminal = aliran.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False
    if not terminal or os.environ.get("TERM") == "dumb":
        return False
    return not any(os.environ.get(k) for k in CI)


@contextmanager
def kemajuan(judul: str, total: int, minimal: int = 2) -> Iterator[Callable[[], None]]:
    """A function to call once per finished file; draws "judul ━━━━ 3/10 0:00:04" on stderr
    while the block runs when `tampilkan_kemajuan()` and there are at least `minimal` files."""
    if total < minimal or not tampilkan_kemajuan():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn(judul),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as prog:
        tugas = prog.add_task(judul, total=total)
        yield lambda: prog.advance(tugas)
