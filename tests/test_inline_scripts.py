"""Inline scripts moved to files: written once, atomically, and found at the marked URL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pelican_fast.core.safe_html import (
    SCRIPT_URL_MARKER,
    SCRIPTS_DIR,
    ExtractedScript,
    clean_html,
    resolve_script_urls,
    write_scripts,
)


def test_write_scripts_is_idempotent_and_leaves_no_temporary(tmp_path: Path) -> None:
    cleaned = clean_html("<p>x</p><script>draw('é');\r\n</script><script>other()</script>")
    written = write_scripts(str(tmp_path), cleaned.scripts)
    folder = tmp_path / SCRIPTS_DIR
    assert sorted(os.listdir(folder)) == sorted(s.name for s in cleaned.scripts)
    assert [Path(p).name for p in written] == [s.name for s in cleaned.scripts]
    first = cleaned.scripts[0]
    assert (folder / first.name).read_bytes() == "draw('é');\r\n".encode()
    assert write_scripts(str(tmp_path), cleaned.scripts) == []  # already there
    assert sorted(os.listdir(folder)) == sorted(s.name for s in cleaned.scripts)


def test_write_scripts_refuses_a_name_it_did_not_make(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_scripts(str(tmp_path), [ExtractedScript("../../evil.js", "x")])
    assert list(tmp_path.iterdir()) == []


def test_marker_resolves_to_the_scripts_folder() -> None:
    cleaned = clean_html("<script>go()</script>")
    [script] = cleaned.scripts
    html = resolve_script_urls(cleaned.html, "https://blog.example.org/")
    assert html == f'<script src="https://blog.example.org/{SCRIPTS_DIR}/{script.name}"></script>'
    assert resolve_script_urls(cleaned.html, "") == (
        f'<script src="/{SCRIPTS_DIR}/{script.name}"></script>'
    )
    assert SCRIPT_URL_MARKER not in html
