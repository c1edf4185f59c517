"""How wide a text is when printed, for layouts that must not break words or clip lines: Word
table columns sized from their content, Excel row heights that fit wrapped text.

Widths are Arial's (the same as Liberation Sans, which LibreOffice substitutes for it), in
thousandths of the font size, for the printable ASCII characters; other characters count as a
digit, which is wide enough for the accented and typographic characters reports use.
"""

from __future__ import annotations

import math

# Advance widths (1/1000 em) of the characters 32..126, Arial regular and bold.
_BIASA = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
    722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
    556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
    500, 334, 260, 334, 584,
)  # fmt: skip
_TEBAL = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722,
    722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611,
    611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556,
    500, 389, 280, 389, 584,
)  # fmt: skip
_LAIN = {"—": 1000, "–": 556, "•": 350, "…": 1000, "×": 584, "›": 333, "’": 222, "“": 333}
CM_PER_PT = 2.54 / 72


def lebar(teks: str, pt: float, tebal: bool = False) -> float:
    """Width of one line of text in points at font size `pt`."""
    tabel = _TEBAL if tebal else _BIASA
    em = 0
    for ch in teks:
        o = ord(ch)
        em += tabel[o - 32] if 32 <= o < 127 else _LAIN.get(ch, 556)
    return em * pt / 1000


def kata_terlebar(teks: str, pt: float, tebal: bool = False) -> float:
    """Width in points of the widest word (text between spaces or line breaks): a column
    narrower than this breaks that word."""
    return max((lebar(k, pt, tebal) for k in teks.split()), default=0.0)


def jumlah_baris(teks: str, lebar_pt: float, pt: float, tebal: bool = False) -> int:
    """Lines the text takes when wrapped at spaces into `lebar_pt` points (a word wider than
    the line is split over as many lines as it needs)."""
    spasi = lebar(" ", pt, tebal)
    n = 0
    for par in str(teks).split("\n"):
        n += 1
        isi = 0.0
        for kata in par.split():
            w = lebar(kata, pt, tebal)
            if isi and isi + spasi + w > lebar_pt:
                n += 1
                isi = 0.0
            if w > lebar_pt:
                n += math.ceil(w / lebar_pt) - 1
                w = w % lebar_pt
            isi += (spasi if isi else 0.0) + w
    return n


__all__ = ["CM_PER_PT", "jumlah_baris", "kata_terlebar", "lebar"]
