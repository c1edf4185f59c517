"""Test-wide settings."""

import os

# xlwings' remote engine (xlwings PRO, PolyForm Noncommercial: government use is permitted) is
# registered when xlwings is imported, so the key is set before any test imports it. Tests only.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
