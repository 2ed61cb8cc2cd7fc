"""The extractor, one folder per stage: ``read`` (input → pages of glyphs and rules, or rows),
``layout`` (pages → rows), ``forms`` (rows → form records) and ``run`` (the batch:
:func:`~jixiao.extract.run.api.extract_paths`). ``model`` holds the plain data they pass on."""
