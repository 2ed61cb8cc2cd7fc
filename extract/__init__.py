"""The layout parser: PDF → pages → tables → forms → records."""
