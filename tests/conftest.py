"""Shared fixtures: build a real Pelican site from a few files in a temporary folder."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings
from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_POSTS = REPO / "example_site" / "content" / "_posts"
SEED_NAME = "2019-12-03-le-fast-2e-edition-a-ses-laureats.md"


# Property tests draw the same examples on every run, so CI cannot turn red on a
# random draw; HYPOTHESIS_PROFILE=explore draws new ones (to hunt for bugs locally).
hypothesis_settings.register_profile("default", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def seed_text() -> str:
    """The post the project started from (a copy lives in the example site)."""
    return (EXAMPLE_POSTS / SEED_NAME).read_text(encoding="utf-8")


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8"))


class Site:
    """A built site: where it is, and helpers to read what was written."""

    def __init__(self, root: Path) -> None:
        self.records: list[logging.LogRecord] = []
        self.root = root
        self.content = root / "content"
        self.output = root / "output"

    def read(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")

    def exists(self, relative: str) -> bool:
        return (self.output / relative).exists()

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def messages(self, level: int = logging.WARNING) -> list[str]:
        """What the build logged at `level` or above."""
        return [r.getMessage() for r in self.records if r.levelno >= level]


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.DEBUG)
        self.collected = records

    def emit(self, record: logging.LogRecord) -> None:
        self.collected.append(record)


BuildSite = Callable[..., Site]


def _clear_log_dedup() -> None:
    """Pelican de-duplicates log messages process-wide; each build starts clean."""
    LimitFilter._raised_messages = set()
    LimitFilter._group_count.clear()


@pytest.fixture(autouse=True)
def _reset_pelican_log_dedup() -> None:
    _clear_log_dedup()


@pytest.fixture
def build_site(tmp_path: Path) -> BuildSite:
    """Build a site from `files` (paths relative to content/) with Pelican(settings).run()."""

    def build(
        files: Mapping[str, str | bytes] | None = None,
        settings: Mapping[str, Any] | None = None,
        root_files: Mapping[str, str | bytes] | None = None,
        plugin: bool = True,
        clean: bool = True,
    ) -> Site:
        site = Site(tmp_path)
        if files:
            write_files(site.content, files)
        site.content.mkdir(parents=True, exist_ok=True)
        if root_files:
            write_files(tmp_path, root_files)
        (tmp_path / "pelicanconf.py").write_text("# settings are given by the test\n")
        overrides: dict[str, Any] = {
            "PATH": str(site.content),
            "OUTPUT_PATH": str(site.output),
            "CACHE_PATH": str(tmp_path / "cache"),
            "SITEURL": "",
            "TIMEZONE": "UTC",
            "DEFAULT_LANG": "fr",
            "FEED_ALL_ATOM": "feeds/all.atom.xml",
            "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
            "PLUGINS": ["pelican_fast"] if plugin else [],
            "PELICAN_FAST_BASE_DIR": str(tmp_path),
            "DELETE_OUTPUT_DIRECTORY": clean,
        }
        overrides.update(settings or {})
        pelican_settings = read_settings(path=None, override=overrides)
        _clear_log_dedup()  # each build is a new `pelican` run
        old_cwd = os.getcwd()
        os.chdir(tmp_path)
        root_logger = logging.getLogger()
        handler = _Collect(site.records)
        root_logger.addHandler(handler)
        old_level = root_logger.level
        root_logger.setLevel(logging.INFO)
        try:
            Pelican(pelican_settings).run()
        finally:
            os.chdir(old_cwd)
            root_logger.removeHandler(handler)
            root_logger.setLevel(old_level)
        return site

    return build
