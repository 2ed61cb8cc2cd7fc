"""jixiao: turn Chinese budget performance target forms (绩效目标表) into structured records.

The repository root is this package; see pyproject.toml for how extract/, normalize/ and
schemas/ are mapped under it.
"""

__version__ = "0.1.0"
