"""Open data: the workbook's contents as a documented JSON file (`format`), read from a
workbook (`ekspor`) and written into the template (`impor`)."""
