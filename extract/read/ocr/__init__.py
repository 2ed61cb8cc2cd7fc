"""OCR path: pages without a usable text layer → the same Page (glyphs, rules) as text PDFs.

``detect`` decides which pages need it; ``render`` makes an upright, levelled gray image;
``drawn_rules`` finds the ruling lines (→ segments); ``recognize`` detects and reads the text lines
with rapidocr's ONNX models; ``correct`` fixes punctuation width and misread labels; ``page``
ties these into a Page and its recognised lines; ``confidence`` marks the rows of unsure
readings, which become record issues; ``heap`` hands freed memory back between pages.
"""
