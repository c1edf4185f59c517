"""Checks and the formula audit: the finding type (`temuan`), the catalogue of codes and the
registry of checks (`katalog`), Periksa (`periksa`, with the budget-tree and table-bound checks
of `hierarki`), Audit Rumus and banding (`audit`)."""
