"""Outputs: narrative, Word report, rekap and the report writers."""
