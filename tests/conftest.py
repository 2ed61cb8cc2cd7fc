"""Test helpers live beside the tests (tests/ is on sys.path under pytest's default mode)."""
