"""``pelican-fast clean``: delete the lint cache (``.pelican-fast-cache/``).

Finds the cache where ``pelican-fast lint`` with the same PATH and settings
would, and deletes it only if pelican-fast made it (its ``.gitignore`` says so):
a ``cache_dir`` set by mistake to a folder of yours is left alone.
"""

from __future__ import annotations

import argparse
import os
import sys

from pelican_fast.app import lint_cache
from pelican_fast.app.lint import LintRequest, cache_location
from pelican_fast.core.settings import ConfigError

EXIT_OK, EXIT_USAGE = 0, 2


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "clean",
        help="delete the lint cache",
        description="Delete the cache of `pelican-fast lint` (by default .pelican-fast-cache/ "
        "in the folder where links resolve, or the lint `cache_dir` setting).",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="what you lint (default: PATH of ./pelicanconf.py)"
    )
    parser.add_argument("--root", metavar="DIR", help="as for lint: where /absolute/paths resolve")
    parser.add_argument(
        "--settings", metavar="FILE", help="a pelicanconf.py (default: ./pelicanconf.py)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    request = LintRequest(paths=args.paths, settings_file=args.settings, root=args.root)
    try:
        folder = cache_location(request)
    except ConfigError as error:
        print(f"pelican-fast clean: {error}", file=sys.stderr)
        return EXIT_USAGE
    if lint_cache.remove(folder):
        print(f"removed {folder}")
    elif os.path.isdir(folder):
        print(
            f"pelican-fast clean: {folder} was not made by pelican-fast: left alone",
            file=sys.stderr,
        )
        return EXIT_USAGE
    else:
        print(f"no cache at {folder}")
    return EXIT_OK
