"""The interchange format written into a new template (`bangun_workbook`): settings first (the
formulas follow the methodology they describe), then every table and the cells outside them."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from xlkinerja.buku.antarmuka import BukuOpenpyxl
from xlkinerja.templat import skema as S
from xlkinerja.templat.bangun import bangun_workbook, rumus_induk, simpan_xlsm
from xlkinerja.templat.cetak import atur_cetak
from xlkinerja.templat.pengaturan import PengaturanTidakSah, baca_metode
from xlkinerja.tukar.format import DataTidakSah, isian_data, sel_tetap, tabel_data, validasi
from xlkinerja.tukar.nilai import JUMLAH_ANAK, NilaiTidakSah, dari_json


def _isi(nilai: object, jalur: str, induk: str | None = None) -> object:
    if isinstance(nilai, dict) and nilai.get("rumus") == JUMLAH_ANAK and len(nilai) == 1:
        if induk is None:
            raise NilaiTidakSah(
                f"{jalur}: 'jumlah_anak' hanya untuk pagu/realisasi baris Program atau Kegiatan"
            )
        return induk
    return dari_json(nilai, jalur)


def _pengaturan(wb: Workbook, data: dict) -> None:
    isian = {i.kunci: i for i in isian_data()}
    for kunci, v in data.get("pengaturan", {}).items():
        lembar, ref = next(iter(wb.defined_names[isian[kunci].nama].destinations))
        wb[lembar][ref.replace("$", "")] = _isi(v, f"$.pengaturan.{kunci}")


def _tabel(wb: Workbook, data: dict) -> None:
    t_semua = {t.kunci: t for t in tabel_data()}
    for kunci, baris in data.get("tabel", {}).items():
        t = t_semua[kunci]
        ws = wb[t.lembar]
        for n, b in enumerate(baris):
            r = t.baris_awal + n
            jalur = f"$.tabel.{kunci}[{n}]"
            for k in t.kolom:  # clear the builder's rows (Skala bands) before writing
                if k.isian:
                    ws[f"{t.huruf(k.kunci)}{r}"] = None
            for kolom, v in b.items():
                if kolom == "tercatat":
                    for k2, v2 in v.items():
                        ws[f"{t.huruf(k2)}{r}"] = _isi(v2, f"{jalur}.tercatat.{k2}")
                    continue
                induk = None
                if t.induk and kolom in t.induk.kolom and isinstance(b.get("tingkat"), str):
                    induk = rumus_induk(kolom, r, b["tingkat"])
                ws[f"{t.huruf(kolom)}{r}"] = _isi(v, f"{jalur}.{kolom}", induk)
        if kunci in ("skala", "skala_efisiensi"):
            for r in range(t.baris_awal + len(baris), t.baris_akhir + 1):
                for k in t.kolom:
                    ws[f"{t.huruf(k.kunci)}{r}"] = None


def _tetap(wb: Workbook, data: dict) -> None:
    semua = {st.nama: st for st in sel_tetap()}
    tata = S.Tata.bawaan()
    for nama, isi in data.get("tetap", {}).items():
        st = semua[nama]
        t = S.TABEL[st.tabel]
        r = getattr(tata, st.posisi) + st.geser
        for kolom, v in isi.items():
            if kolom == "tercatat":
                for k2, v2 in v.items():
                    wb[t.lembar][f"{t.huruf(k2)}{r}"] = _isi(v2, f"$.tetap.{nama}.tercatat.{k2}")
            else:
                wb[t.lembar][f"{t.huruf(kolom)}{r}"] = _isi(v, f"$.tetap.{nama}.{kolom}")


def _keterangan(wb: Workbook, data: dict) -> None:
    isian = {i.kunci: i for i in isian_data()}
    for kunci, teks in data.get("keterangan_pengaturan", {}).items():
        lembar, ref = next(iter(wb.defined_names[isian[kunci].nama].destinations))
        r = int(ref.replace("$", "").lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        wb[lembar][f"C{r}"] = teks or None


def impor_workbook(data: dict, terisi: bool = False) -> Workbook:
    """The template filled with `data` (validated first; errors name the JSON path). With
    `terisi` the empty prepared rows are hidden for printing (`templat.cetak`), as in the
    bundled examples."""
    validasi(data)
    wb = bangun_workbook()
    _pengaturan(wb, data)
    _tabel(wb, {"tabel": {k: v for k, v in data.get("tabel", {}).items() if "skala" in k}})
    try:
        m = baca_metode(BukuOpenpyxl(wb, "data"))
    except PengaturanTidakSah as e:
        raise DataTidakSah([f"$.pengaturan: {e}"]) from None
    wb = bangun_workbook(m)
    _pengaturan(wb, data)
    _tabel(wb, data)
    _tetap(wb, data)
    _keterangan(wb, data)
    if terisi:
        atur_cetak(wb, terisi=True)
    return wb


def impor(data: dict) -> bytes:
    """`impor_workbook` saved as a macro-enabled workbook (.xlsm bytes, cached values filled)."""
    return simpan_xlsm(impor_workbook(data))
