"""Formula engines: the corrected `formulas` engine, fast evaluation, LibreOffice."""
