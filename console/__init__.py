"""The ``jixiao`` console: what the command line prints (progress, safe text) and the
commands that read records back; ``cli.py`` defines the command group and ``extract``."""
