"""Stage 2, layout: a page's glyphs and ruling segments → rows in reading order.

Segments become rules (:mod:`.rules`), crossing rules become tables with merged cells
(:mod:`.grid`), glyphs become cell text (:mod:`.celltext`), and :mod:`.rows` puts table rows and
free text lines into one stream per page.
"""
