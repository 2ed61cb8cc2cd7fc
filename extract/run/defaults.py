"""The choices and defaults of :class:`~.settings.RunSettings`' fields, in a module that
imports only os: the command line declares its options from them without loading the
pipeline (``settings`` itself needs the layout and form stages' settings)."""

import os

DEFAULT_JOBS = os.cpu_count() or 1  # a worker per core
OCR_MODES = ("auto", "always", "never")
# A text PDF of hundreds of pages takes seconds; OCR about 2 s a page: 600 s lets a 250-page
# scan finish, and a hung file holds one worker for at most that long.
DEFAULT_TIMEOUT = 600.0
DEFAULT_MAX_MEMORY_MB = 3072
