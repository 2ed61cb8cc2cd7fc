"""The package root as pytest and users meet it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_root_init_imports_under_any_folder_name() -> None:
    """pytest imports the repository's ``__init__.py`` by path, named after the checkout's
    folder (``jixiao-ci``, not a package name): it must not rely on relative imports."""
    spec = importlib.util.spec_from_file_location("jixiao-ci", ROOT / "__init__.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.extract_paths.__module__ == "jixiao.extract.run.api"


def test_the_library_entry_is_documented() -> None:
    import jixiao

    assert "extract_paths" in (jixiao.__doc__ or "")
    assert set(jixiao.__all__) >= {"extract_paths", "extract_file", "RunSettings"}
