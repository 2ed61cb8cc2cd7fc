"""Analysis-ready tables (forms, indicators) as CSV, Parquet or XLSX."""
