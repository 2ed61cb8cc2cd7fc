"""Stage 3, forms: the row stream of a document → form drafts → form records.

The printed vocabulary (:mod:`.labels`) names fields and columns; :mod:`.header` reads
label/value pairs, :mod:`.columns` the indicator table, :mod:`.tasks` the 年度主要任务 table;
:mod:`.stitch` cuts the stream into segments and decides which form each continues;
:mod:`.build` fills the drafts and :mod:`.record` turns a draft into a checked record.
"""
