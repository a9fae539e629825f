"""Read-ahead (pelican_fast.plugin.prefetch): worker processes prepare posts while Pelican reads.

The site built with workers must be the site built without them, byte for byte,
whatever the posts hold (errors included), with the content cache on or off; and a
worker result that no longer matches its file must never be used.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import pytest

from pelican_fast.core.settings import ConfigError
from pelican_fast.plugin import prefetch
from tests.conftest import SEED_NAME, BuildSite, seed_text

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="read-ahead uses fork (Linux only)"
)


def _posts() -> dict[str, str | bytes]:
    posts: dict[str, str | bytes] = {
        f"_posts/{SEED_NAME}": seed_text(),
        "_posts/2019-10-01-appel.md": (
            "---\ntitle: Appel\ndate: 2019-10-01 10:00:00 +0200\ncategories: [fast]\n"
            "redirect_from: /ancien-appel/\n---\n"
            "Lire [le bilan]({% post_url 2019-12-03-le-fast-2e-edition-a-ses-laureats %}) et "
            "[la FAQ](www.example.org/faq), {{ site.baseurl }}.\n\n"
            '<a href="#" onclick="alert(1)">x</a>\n'
        ),
        "_posts/2019-10-02-casse.md": "---\ntitle: [oops\n---\nCassé.\n",
        "_posts/2019-10-03-latin1.md": "---\ntitle: Été\n---\nCaf\xe9\n".encode("latin-1"),
        "_posts/2019-10-04-vide.md": "",
        "_posts/2019-10-05-sans-entete.md": "Un billet sans front matter.\n",
        "_posts/2019-10-06-html.html": "---\ntitle: En HTML\n---\n<p>Bonjour {{ page.title }}</p>\n",
        "pages/a-propos.md": "Title: À propos\n\nUne page Pelican.\n",
    }
    for number in range(12):
        posts[f"_posts/2020-01-{number + 1:02d}-billet-{number}.md"] = (
            f"---\ntitle: Billet {number}\ntags: [fonds, data]\n---\n"
            f"Texte [lien](https://beta.gouv.fr/{number}) ![]() [vide]().\n"
        )
    return posts


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("cached", [False, True])
def test_site_built_with_workers_is_the_site_built_without(
    build_site: BuildSite, tmp_path: Path, cached: bool
) -> None:
    sites = {}
    messages = {}
    for workers in (0, 2):
        output = tmp_path / f"output-{workers}"
        site = build_site(
            _posts() if workers == 0 else None,
            {
                "OUTPUT_PATH": str(output),
                "CACHE_PATH": str(tmp_path / f"cache-{workers}"),
                "CACHE_CONTENT": cached,
                "LOAD_CONTENT_CACHE": cached,
                "PAGE_PATHS": ["pages"],
                "PELICAN_FAST": {"workers": workers},
            },
        )
        sites[workers] = _files(output)
        messages[workers] = sorted(site.messages(logging.WARNING))
    assert sites[0] and sites[0] == sites[2]
    assert messages[0] == messages[2]
    joined = "\n".join(messages[2])
    assert "_posts/2019-10-02-casse.md:3:1: JK000 invalid YAML" in joined  # file, line, why
    assert "_posts/2019-10-03-latin1.md:2:1: JK006 not valid UTF-8" in joined


def test_workers_prepare_what_the_reader_reads(
    build_site: BuildSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = _spy(monkeypatch)
    closes: list[bool] = []
    original_close = prefetch.ReadAhead.close

    def close_spy(self: prefetch.ReadAhead, terminate: bool = False) -> None:
        closes.append(terminate)
        original_close(self, terminate)

    monkeypatch.setattr(prefetch.ReadAhead, "close", close_spy)
    site = build_site(_posts(), {"PELICAN_FAST": {"workers": 1}})
    assert site.exists("fast/2019/10/01/appel.html")
    # every Jekyll file but the HTML-without-front-matter kind came from the worker
    assert len(taken) >= 18 and all(taken)
    # the pool is closed (not terminated) as soon as every file is taken
    assert closes and closes[0] is False


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each file the reader read came from a worker."""
    taken: list[bool] = []
    original = prefetch.ReadAhead.take

    def spy(self: prefetch.ReadAhead, path: str) -> Any:
        prepared = original(self, path)
        taken.append(prepared is not None)
        return prepared

    monkeypatch.setattr(prefetch.ReadAhead, "take", spy)
    return taken


def test_read_ahead_under_the_spinner_of_the_pelican_command(
    build_site: BuildSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pelican` builds inside rich's console.status, which runs a thread: workers are
    still used (by default, on a machine with 2 CPUs or more)."""
    from pelican.log import console

    monkeypatch.setattr(prefetch, "available_cpus", lambda: 2)
    taken = _spy(monkeypatch)
    with console.status("Generating..."):
        site = build_site(_posts())
    assert site.exists("fast/2019/10/01/appel.html")
    assert len(taken) >= prefetch.MIN_FILES and all(taken)


def test_what_a_worker_would_log_is_logged_once_by_the_build(
    build_site: BuildSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pelican_fast.plugin import reader

    original = reader.JekyllReader.prepare

    def noisy(self: reader.JekyllReader, source_path: str) -> Any:
        if "billet-3" in source_path:
            logging.getLogger("pelican_fast.test").warning("billet-3 lu par %s", "le lecteur")
        return original(self, source_path)

    monkeypatch.setattr(reader.JekyllReader, "prepare", noisy)
    taken = _spy(monkeypatch)
    outputs = {}
    for workers in (0, 2):
        site = build_site(
            _posts() if workers == 0 else None,
            {"OUTPUT_PATH": str(tmp_path / f"out-{workers}"), "PELICAN_FAST": {"workers": workers}},
        )
        outputs[workers] = _files(tmp_path / f"out-{workers}")
        assert site.messages().count("billet-3 lu par le lecteur") == 1
    assert outputs[0] == outputs[2]
    assert taken.count(False) == 1  # that file only was prepared again by the build


class _Reader:
    """Stands for JekyllReader in a worker: prepares a file into its text."""

    def prepare(self, path: str) -> str:
        text = Path(path).read_text(encoding="utf-8")
        if "boom" in text:
            raise RuntimeError("worker failure")
        return text


class _Readers:
    def __init__(self) -> None:
        self.readers = {"md": _Reader()}


def test_a_result_older_than_its_file_is_not_used(tmp_path: Path) -> None:
    paths = []
    for name, text in (("a", "un"), ("b", "deux"), ("c", "boom")):
        path = tmp_path / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    read_ahead = prefetch.ReadAhead(_Readers(), paths, 1)
    try:
        assert read_ahead.take(paths[0]) == "un"
        assert read_ahead.take(paths[0]) is None  # taken once; then the reader reads it
        # The worker must have read b.md before it changes (it may still be busy with it).
        assert read_ahead.wait(paths[1])
        Path(paths[1]).write_text("deux, modifié", encoding="utf-8")
        assert read_ahead.take(paths[1]) is None  # changed since the worker read it
        assert read_ahead.take(paths[2]) is None  # the worker failed: read it here
        assert read_ahead.take(str(tmp_path / "other.md")) is None
    finally:
        read_ahead.close(terminate=True)


def test_workers_setting(build_site: BuildSite) -> None:
    assert prefetch.workers_for(0, 1000) == 0
    assert prefetch.workers_for(3, 1) == 3
    assert prefetch.workers_for(None, prefetch.MIN_FILES - 1) == 0
    expected = min(prefetch.available_cpus(), 8) if prefetch.available_cpus() > 1 else 0
    assert prefetch.workers_for(None, 1000) == expected
    with pytest.raises(ConfigError, match="workers"):
        build_site(
            {"_posts/2020-01-01-a.md": "---\ntitle: A\n---\n"}, {"PELICAN_FAST": {"workers": -1}}
        )
