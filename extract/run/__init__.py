"""Stage 4, running: inputs found and fingerprinted, each file read in a worker that cannot take
the batch down, records and report rows written whole and in input order.

:func:`~.api.extract_paths` is the whole extraction as one call (what ``jixiao extract`` runs);
:mod:`.job` reads one file, :mod:`.probe` fingerprints and counts the inputs, :mod:`.worker` runs
one task in a process of its own, :mod:`.pool` runs them locally (large PDFs cut into page
ranges by :mod:`.ranges`), :mod:`.cluster` on Dask, :mod:`.batch` plans and orders them,
:mod:`.spool` holds what workers made, :mod:`.progress` counts pages done, :mod:`.output`
writes and resumes.
"""
