"""OCR path: pages without a usable text layer → the same Page (glyphs, rules) as text PDFs."""
