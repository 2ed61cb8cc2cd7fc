"""The ``jixiao`` command line: wires options to the library and formats output."""

from __future__ import annotations

import click


@click.group()
def main() -> None:
    """Extract budget performance target forms (绩效目标表) into JSONL."""


if __name__ == "__main__":
    main()
