"""pelican-fast's post paths against what real Jekyll 4.3.1 wrote for the same posts.

tests/data/jekyll_urls.json was recorded by `python tools/jekyll_corpus.py DIR --record`
with Debian's jekyll 4.3.1: quirks (time zones, unquoted timestamps, accents, case,
`..`, categories from folders...) are checked against Jekyll itself, not our reading of it.
"""

from __future__ import annotations

import json

import pytest
import yaml

from pelican_fast.jekyll import frontmatter
from pelican_fast.jekyll.config import build_site
from pelican_fast.jekyll.post import read_post
from tests.conftest import REPO
from tools.jekyll_corpus import CONFIGS, POSTS

RECORDED = json.loads((REPO / "tests" / "data" / "jekyll_urls.json").read_text(encoding="utf-8"))


def paths_for(config_text: str) -> set[str]:
    site = build_site(yaml.safe_load(config_text + "future: true\n"), {}, "UTC")
    written = set()
    for relative, text in POSTS.items():
        parts = frontmatter.split(text)
        post = read_post(relative, frontmatter.parse_yaml(parts), site)
        if post.kind == "post" and post.published and post.location is not None:
            written.add(post.location.save_as)
    return written


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_same_files_as_jekyll(name: str) -> None:
    assert paths_for(CONFIGS[name]) == set(RECORDED[name])


@pytest.mark.parametrize("name", ["pretty-paris", "date-utc"])
def test_pelican_build_writes_every_post_where_jekyll_does(build_site, name: str) -> None:
    site = build_site(
        POSTS,
        {"PELICAN_FAST": {"jekyll_config": "_config.yml"}, "CACHE_CONTENT": True},
        root_files={"_config.yml": CONFIGS[name] + "future: true\n"},
    )
    missing = [path for path in RECORDED[name] if not site.exists(path)]
    assert missing == []
