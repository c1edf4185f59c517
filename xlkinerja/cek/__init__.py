"""Checks (periksa) and the formula audit."""
