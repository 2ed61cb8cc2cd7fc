"""Stage 3, forms: the row stream of a document → form drafts → form records.

The printed vocabulary (:mod:`.labels`) names fields and columns. :mod:`.rowkind` gives each
row its kind once (title, column header, header row, task header, total …); :mod:`.stitch`
cuts the stream into sections at form boundaries and decides which form each continues.
:mod:`.build` reads a section into its :mod:`.draft` — header pairs through :mod:`.header`,
the indicator table through :mod:`.columns` and :mod:`.indicators`, list tables through
:mod:`.listtable` and :mod:`.entries`, the 年度主要任务 table through :mod:`.tasks`, a
self-evaluation's grids through :mod:`.evaluation` — and :mod:`.record` (with
:mod:`.evaluation_record`) turns a draft into a checked record.
"""
