"""`Buku` over an xlwings Book: live Excel (Windows/macOS) or xlwings' remote engine."""

from __future__ import annotations

from typing import Any

from xlkinerja.buku.antarmuka import Buku
from xlkinerja.inti.rumus import Nilai


class BukuXlwings(Buku):
    def __init__(self, book: Any):
        self.book = book
        self.nama = book.name
        self._terkunci: list[Any] = []

    def lembar(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def nilai(self, lembar: str, rentang: str) -> list[list[Nilai]]:
        v = self.book.sheets[lembar][rentang].options(ndim=2).value
        return [[_ke_nilai(x) for x in baris] for baris in v]

    def sel_nama(self, nama: str) -> tuple[str, str] | None:
        for n in self.book.names:
            if n.name == nama:
                r = n.refers_to_range
                return r.sheet.name, r.address.replace("$", "")
        return None

    def _tulis(self, lembar: str, sel: str, isi: Nilai) -> None:
        r = self.book.sheets[lembar][sel]
        if isinstance(isi, str) and isi.startswith("="):
            r.formula = isi
        else:
            r.value = isi

    def _warnai(self, lembar: str, sel: str, warna: str | None) -> None:
        self.book.sheets[lembar][sel].color = f"#{warna}" if warna else None

    def _catatan(self, lembar: str, sel: str, teks: str | None) -> None:
        r = self.book.sheets[lembar][sel]
        ada = r.note
        if teks is None:
            if ada is not None:
                ada.delete()
        elif ada is not None:
            ada.text = teks
        else:
            r.add_note(teks)

    def path_tersimpan(self) -> str:
        try:
            path = self.book.fullname
        except Exception:  # noqa: BLE001 - remote clients have no file
            path = None
        if not path or not str(path).lower().endswith((".xlsx", ".xlsm")):
            return super().path_tersimpan()
        return str(path)

    def pesan(self, teks: str) -> None:
        self.book.app.alert(teks, title="xlkinerja")

    def _mulai(self) -> None:
        # Live Excel: lift the template's password-less sheet protection while writing.
        for s in self.book.sheets:
            api = getattr(s, "api", None)
            if api is not None and hasattr(api, "ProtectContents") and api.ProtectContents:
                api.Unprotect()
                self._terkunci.append(api)

    def _selesai(self) -> None:
        for api in self._terkunci:
            api.Protect(
                DrawingObjects=False,
                Contents=True,
                Scenarios=False,
                AllowInsertingRows=True,
                AllowDeletingRows=True,
                AllowFormattingCells=True,
                AllowFormattingColumns=True,
                AllowFormattingRows=True,
            )
        self._terkunci.clear()


def _ke_nilai(x: Any) -> Nilai:
    if isinstance(x, int) and not isinstance(x, bool):
        return float(x)
    return x
