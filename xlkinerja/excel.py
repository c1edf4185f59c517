"""The ribbon's entry point, named in the VBA of every template shipped
(`RunPython "import xlkinerja.excel; xlkinerja.excel.on_ribbon(id)"`); the code is in
`xlkinerja.muka.tombol`."""

from xlkinerja.muka.log import BERKAS_LOG
from xlkinerja.muka.tombol import jalankan, on_ribbon

__all__ = ["BERKAS_LOG", "jalankan", "on_ribbon"]
