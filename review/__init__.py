"""Spot-checking: diff two runs, and a browser review page beside the source pages."""
