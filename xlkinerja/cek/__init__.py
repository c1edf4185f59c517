"""Checks and the formula audit: the finding type (`temuan`), the catalogue of codes and the
registry of checks (`katalog`), Periksa (`periksa`), Audit Rumus and banding (`audit`)."""
