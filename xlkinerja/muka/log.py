"""The log file of the ribbon buttons and the command line."""

from __future__ import annotations

import logging
from pathlib import Path

BERKAS_LOG = Path.home() / ".xlkinerja" / "xlkinerja.log"
log = logging.getLogger("xlkinerja")


def siapkan_log() -> None:
    if log.handlers:
        return
    try:
        BERKAS_LOG.parent.mkdir(parents=True, exist_ok=True)
        h = logging.FileHandler(BERKAS_LOG, encoding="utf-8")
        h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(h)
        log.setLevel(logging.INFO)
    except OSError:
        log.addHandler(logging.NullHandler())
