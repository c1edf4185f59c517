"""The workbook layer: the interface, the file and Excel backends, safe reading, packaging."""
