"""``site`` and ``page`` as a post's Liquid sees them.

``site``: the _config.yml keys, ``baseurl``/``url``, ``site.data`` (``_data/`` in
YAML, JSON, CSV, TSV; read once per process and per change of the folder) and
``site.time``. ``site.posts``, ``site.categories`` and ``site.tags`` are absent:
each post is read and cached alone (see pelican_fast.plugin.build for what is site-wide).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
from collections.abc import Iterator, Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from pelican_fast.jekyll.frontmatter import SafeLoader
from pelican_fast.jekyll.liquid.context import LiquidContext

_DATA_SUFFIXES = (".yml", ".yaml", ".json", ".csv", ".tsv")


class SiteVariables(Mapping[str, Any]):
    """The configuration, with ``data`` and ``time`` computed when a template asks."""

    def __init__(self, context: LiquidContext) -> None:
        self._config = dict(context.site)
        self._config.setdefault("baseurl", context.baseurl)
        self._config.setdefault("url", context.url)
        self._computed: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key == "data" and key not in self._computed:
            source = str(self._config.get("source") or "")
            folder = str(self._config.get("data_dir") or "_data")
            self._computed["data"] = load_data(os.path.join(source, folder)) if source else {}
        if key == "time" and key not in self._computed:
            self._computed["time"] = dt.datetime.now().astimezone()
        if key in self._computed:
            return self._computed[key]
        return self._config[key]

    def __iter__(self) -> Iterator[str]:
        yield from self._config
        yield from (k for k in ("data", "time") if k not in self._config)

    def __len__(self) -> int:
        return len(self._config) + sum(1 for k in ("data", "time") if k not in self._config)


def site_variables(context: LiquidContext) -> SiteVariables:
    return SiteVariables(context)


def page_variables(context: LiquidContext) -> dict[str, Any]:
    """Front matter, with ``date`` read as Jekyll reads it and ``path`` as Jekyll names it."""
    from pelican_fast.jekyll import dates

    page = dict(context.page)
    date = page.get("date")
    if isinstance(date, str):  # the reader gives the post's date; a caller may not
        zone: dt.tzinfo | None = None
        with contextlib.suppress(ValueError, ZoneInfoNotFoundError):
            zone = ZoneInfo(str(context.site.get("timezone") or "UTC"))
        with contextlib.suppress(ValueError):
            page["date"] = dates.parse_time(date, zone)
    if context.path and "path" not in page:
        source = str(context.site.get("source") or "")
        page["path"] = os.path.relpath(context.path, source) if source else context.path
    return page


_DATA: dict[str, tuple[tuple[tuple[str, int, int], ...], dict[str, Any]]] = {}


def _signature(folder: str) -> tuple[tuple[str, int, int], ...]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(_DATA_SUFFIXES):
                stat = os.stat(os.path.join(root, name))
                found.append((os.path.join(root, name), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def load_data(folder: str) -> dict[str, Any]:
    """``site.data``: one key per file (without extension), folders as nested maps."""
    if not os.path.isdir(folder):
        return {}
    signature = _signature(folder)
    cached = _DATA.get(folder)
    if cached is not None and cached[0] == signature:
        return cached[1]
    data: dict[str, Any] = {}
    for path, _mtime, _size in signature:
        relative = os.path.relpath(path, folder).replace(os.sep, "/")
        *parents, name = relative.split("/")
        target = data
        for parent in parents:
            target = target.setdefault(parent, {})
        stem, suffix = os.path.splitext(name)
        try:
            target[stem] = _read(path, suffix.lower())
        except (OSError, ValueError, yaml.YAMLError, csv.Error):
            continue  # Jekyll would stop the build; a broken data file only hides itself
    _DATA[folder] = (signature, data)
    return data


def _read(path: str, suffix: str) -> Any:
    with open(path, encoding="utf-8-sig") as handle:
        text = handle.read()
    if suffix in (".yml", ".yaml"):
        return yaml.load(text, Loader=SafeLoader)
    if suffix == ".json":
        return json.loads(text)
    delimiter = "\t" if suffix == ".tsv" else ","
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
