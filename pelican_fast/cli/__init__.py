"""The ``pelican-fast`` command: one entry point, one module per subcommand.

Each subcommand lives in ``pelican_fast/cli/<name>.py`` and exposes
``add_parser(subparsers)``, which registers its parser and sets ``run``
(``args -> exit code``) as the parser default. Importing Pelican is costly,
so subcommands import it only when they need it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pelican_fast.core.version import __version__

# Order of appearance in --help.
SUBCOMMANDS = ("lint", "check", "laureates", "init", "clean")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `only` one subcommand (the others are not imported)."""
    parser = argparse.ArgumentParser(
        prog="pelican-fast",
        description=(
            "Read Jekyll posts in Pelican, lint and repair their links, "
            "and manage laureate cards and call-for-projects banners."
        ),
    )
    parser.add_argument("--version", action="version", version=f"pelican-fast {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        if only is not None and name != only:
            continue
        try:
            module = importlib.import_module(f"pelican_fast.cli.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"pelican_fast.cli.{name}":
                raise
            continue
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    # `pelican-fast lint` runs on every commit: it must not wait for `check`'s HTTP client.
    first = arguments[0] if arguments else None
    parser = build_parser(first if first in SUBCOMMANDS else None)
    args = parser.parse_args(arguments)
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return EXIT_OK if args.command is None else EXIT_USAGE
    try:
        return int(run(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
