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


def read_all(config_text: str) -> dict[str, list[str]]:
    """What pelican-fast makes of each post, in the shape the Jekyll probe layout prints."""
    site = build_site(yaml.safe_load(config_text + "future: true\n"), {}, "UTC")
    written = {}
    for relative, text in POSTS.items():
        parts = frontmatter.split(text)
        post = read_post(relative, frontmatter.parse_yaml(parts), site, tag_split="space")
        if post.kind == "post" and post.published and post.location is not None:
            assert post.date is not None
            written[post.location.save_as] = [
                post.title,
                post.date.strftime("%Y-%m-%d %H:%M:%S %z"),
                "|".join(post.categories),
                "|".join(post.tags),
            ]
    return written


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_same_files_titles_dates_and_taxonomies_as_jekyll(name: str) -> None:
    ours = read_all(CONFIGS[name])
    jekyll = RECORDED[name]
    assert set(ours) == set(jekyll)
    for path, (title, date, categories, tags) in jekyll.items():
        assert ours[path][:2] == [title, date], path
        # Jekyll 4.3.1 lists an integer category twice (2019 and "2019"); URLs dedupe it.
        assert ours[path][2] == (
            "|".join(dict.fromkeys(categories.split("|"))) if categories else ""
        )
        assert ours[path][3] == tags, path


@pytest.mark.parametrize("name", ["pretty-paris", "date-utc"])
def test_pelican_build_writes_every_post_where_jekyll_does(build_site, name: str) -> None:
    site = build_site(
        POSTS,
        {"PELICAN_FAST": {"jekyll_config": "_config.yml"}, "CACHE_CONTENT": True},
        root_files={"_config.yml": CONFIGS[name] + "future: true\n"},
    )
    missing = [path for path in RECORDED[name] if not site.exists(path)]
    assert "Un titre plié" in site.read(
        "2021/02/01/titles-folded/index.html".replace(
            "/index.html", ".html" if name == "date-utc" else "/index.html"
        )
    )
    assert missing == []
