"""``pelican-fast laureates [PATH…]``: the laureates that posts announce or declare, as data.

Reads Markdown posts without Pelican (front matter, then the same detection
as the build, links repaired by the link engine) and prints one record per
laureate. ``--format yaml`` writes a valid ``laureates.data`` file, so years
of prose can become data in one command.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

FORMATS = ("json", "yaml", "csv")
FIELDS = ("post", "line", "edition", "name", "description", "sponsor", "url", "kind")
EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
SKIPPED_DIRS = {".git", ".hg", "node_modules", "_site", "output", ".venv", "venv", "vendor"}


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "laureates",
        help="list the laureates announced (prose) or declared (front matter) in posts",
        description=(
            "Print the laureates found in Markdown posts: announcements written as prose "
            "(detected as the build does) and front-matter 'laureates:' lists."
        ),
    )
    parser.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help="posts or folders (default: .)"
    )
    parser.add_argument("--format", choices=FORMATS, default="json", help="output format")
    parser.add_argument("-o", "--output", help="write to this file instead of standard output")
    parser.set_defaults(run=run)


def markdown_files(paths: Sequence[str]) -> Iterator[str]:
    """Markdown files under `paths`, in a stable order."""
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
            for name in sorted(files):
                if name.lower().endswith(EXTENSIONS):
                    yield os.path.join(folder, name)


def laureates_of(path: str) -> list[Any]:
    """Declared then detected laureates of one post, with their lines in the file."""
    from pelican_fast.jekyll import frontmatter
    from pelican_fast.links.api import repair_destination
    from pelican_fast.widgets import detect, laureates

    with open(path, "rb") as handle:
        data = handle.read()
    text, had_bom = frontmatter.decode(data)
    parts = frontmatter.split(text, had_bom)
    try:
        front = frontmatter.parse_yaml(parts)
    except frontmatter.FrontMatterError as error:
        # Jekyll would skip the post; its prose may still announce laureates.
        print(f"{path}:{error.line}:{error.column}: {error.message}", file=sys.stderr)
        front = {}
    line = frontmatter.key_lines(parts).get("laureates", 0)
    found = laureates.from_front_matter(front, post=path, line=line)
    for group in detect.find(
        parts.body,
        title=str(front.get("title") or ""),
        front_matter=front,
        post=path,
        line_offset=parts.body_first_line,
        repair=repair_destination,
    ):
        found.extend(group.laureates)
    return found


def _yaml(records: list[dict[str, Any]]) -> str:
    import yaml

    if not records:
        return "[]\n"
    return yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=1000)


def _csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return buffer.getvalue()


def render(records: list[dict[str, Any]], output_format: str) -> str:
    if output_format == "yaml":
        return _yaml(records)
    if output_format == "csv":
        return _csv(records)
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    records: list[dict[str, Any]] = []
    posts = files = 0
    for path in markdown_files(args.paths):
        files += 1
        try:
            found = laureates_of(path)
        except (OSError, UnicodeDecodeError) as error:
            print(f"{path}: cannot read: {error}", file=sys.stderr)
            continue
        except Exception as error:  # one odd post must not hide the others' laureates
            print(f"{path}: laureate detection failed: {error!r}", file=sys.stderr)
            continue
        posts += bool(found)
        records.extend(laureate.record() for laureate in found)
    missing = [p for p in args.paths if not os.path.exists(p)]
    for path in missing:
        print(f"{path}: no such file or folder", file=sys.stderr)
    text = render(records, args.format)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    print(f"{len(records)} laureate(s) in {posts} of {files} post(s)", file=sys.stderr)
    return 2 if missing and not files else 0
