"""Stage 4, running: inputs found and fingerprinted, each file read in a worker that cannot take
the batch down, records and report rows written whole and in input order.

:func:`~.api.extract_paths` is the whole extraction as one call (what ``jixiao extract`` runs);
:mod:`.job` reads one file, :mod:`.pool` runs jobs in local worker processes, :mod:`.cluster`
on Dask, :mod:`.batch` plans and orders them, :mod:`.output` writes and resumes.
"""
