"""Stage 1, reading: an input file → pages of glyphs and ruling segments, or rows directly.

PDFs are read by PDFium (:mod:`.pdfium_pages`) or pdfminer (:mod:`.pdfminer_pages`), chosen per
page by :mod:`.pdf`; pages without a usable text layer go to OCR (:mod:`.ocr`), which gives the
same :class:`~jixiao.extract.model.Page`. Spreadsheets (:mod:`.spreadsheet`) and text exports
(:mod:`.textexport`) carry their grid already and give rows straight away.
"""
