"""Colour contrast (WCAG 2.1): every fill xlkinerja draws text on must keep that text readable,
ratio at least 4.5:1 (level AA for normal text)."""

from __future__ import annotations

AA = 4.5
HITAM, PUTIH = "000000", "FFFFFF"


def _kanal(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminans(warna: str) -> float:
    """Relative luminance of an RGB hex colour ('1F4E78'; a leading alpha byte is ignored)."""
    w = warna.lstrip("#")[-6:]
    r, g, b = (int(w[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _kanal(r) + 0.7152 * _kanal(g) + 0.0722 * _kanal(b)


def kontras(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminans(a), luminans(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def teks_untuk(latar: str) -> str:
    """Black or white, whichever reads better on this fill."""
    return HITAM if kontras(HITAM, latar) >= kontras(PUTIH, latar) else PUTIH


__all__ = ["AA", "HITAM", "PUTIH", "kontras", "luminans", "teks_untuk"]
