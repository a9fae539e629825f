"""No false errors on pages that plugins generate (issue 15, part 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pelican_fast.app import lint_pool, pelican_pages
from pelican_fast.jekyll.config import build_site
from pelican_fast.jekyll.generated import PostFacts, families, generated_urls, plugins
from tests.links.helpers import lint, make_site

POSTS = {
    "_posts/2015-02-19-parc.md": "---\ntitle: P\ntags: [every kid in a park, Open Data]\n"
    "categories: [news]\n---\nx\n",
    "_posts/2016-03-01-b.md": "---\ntitle: B\ntags: [open data]\n---\nx\n",
    "_posts/2016-03-02-c.md": "---\ntitle: C\nredirect_from: [/ancien-billet/]\n---\nx\n",
}

CONFIG_18F = """\
permalink: /:year/:month/:day/:title/
plugins:
  - jekyll-feed
  - jekyll-archives
  - jekyll-sitemap
  - jekyll-paginate
  - jekyll-redirect-from
  - jekyll-seo-tag
paginate: 2
paginate_path: /page:num/
jekyll-archives:
  enabled: [tags, categories, year]
  permalinks:
    tag: /tags/:name/
    category: /category/:name/
    year: /:year/
"""


def facts() -> PostFacts:
    found = PostFacts()
    found.add(["every kid in a park", "Open Data"], ["news"], (2015, 2, 19), ["Marie Curie"])
    found.add(["open data"], [], (2016, 3, 1))
    found.add([], [], (2016, 3, 2))
    return found


def test_plugins_from_plugins_or_gems() -> None:
    assert plugins({"plugins": ["jekyll-feed"]}) == {"jekyll-feed"}
    assert plugins({"gems": ["jekyll-sitemap", 3]}) == {"jekyll-sitemap"}
    assert plugins({}) == set()


def test_generated_urls_of_each_plugin() -> None:
    urls = set(generated_urls(yaml.safe_load(CONFIG_18F), facts()))
    assert {"/feed.xml", "/sitemap.xml", "/robots.txt"} <= urls
    assert {"/tags/every-kid-in-a-park/", "/tags/open-data/", "/category/news/"} <= urls
    assert {"/2015/", "/2016/"} <= urls
    assert "/page2/" in urls and "/page3/" not in urls  # 3 posts, 2 per page
    assert not any(url.startswith("/2016/03/") for url in urls)  # month archives not enabled


def test_feed_path_and_nothing_without_the_plugin() -> None:
    assert generated_urls({"plugins": ["jekyll-feed"], "feed": {"path": "atom.xml"}}, facts()) == [
        "/atom.xml"
    ]
    assert generated_urls({"plugins": ["jekyll-seo-tag"]}, facts()) == []
    assert generated_urls({"feed": {"path": "atom.xml"}}, facts()) == []


def test_archives_defaults_and_all() -> None:
    variables = {"plugins": ["jekyll-archives"], "jekyll-archives": {"enabled": "all"}}
    urls = set(generated_urls(variables, facts()))
    assert {"/tag/open-data/", "/category/news/", "/2015/02/", "/2015/02/19/"} <= urls
    assert generated_urls({"plugins": ["jekyll-archives"]}, facts()) == []  # enabled: []
    assert [what for _, what in families(variables)] == [
        "jekyll-archives writes a tag page only for a tag some post has",
        "jekyll-archives writes a category page only for a category some post has",
    ]


def test_paginate_v2() -> None:
    variables = {
        "plugins": ["jekyll-paginate-v2"],
        "pagination": {"enabled": True, "per_page": 1, "permalink": "/p/:num/"},
    }
    assert generated_urls(variables, facts()) == ["/p/2/", "/p/3/"]


@pytest.mark.parametrize(
    "link",
    [
        "https://18f.gsa.gov/feed.xml",
        "/feed.xml",
        "/tags/every-kid-in-a-park/",
        "/tags/open-data/",
        "/category/news/",
        "/sitemap.xml",
        "/page2/",
        "/ancien-billet/",
    ],
)
def test_links_to_generated_pages_are_not_errors(tmp_path: Path, link: str) -> None:
    site = make_site(tmp_path, {**POSTS, "_config.yml": CONFIG_18F}, CONFIG_18F)
    site.origins = frozenset({"18f.gsa.gov", *site.origins})
    found = lint(f"[x]({link})\n", site, select=("PF4",))
    assert [f for f in found if f.code != "PF402"] == []  # PF402: could be relative


def test_a_tag_that_no_post_has_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, dict(POSTS), CONFIG_18F)
    found = lint("[x](/tags/no-such-tag/)\n", site, select=("PF4",))
    assert [f.code for f in found] == ["PF401"]
    assert "only for a tag some post has" in found[0].message


def test_without_the_plugins_the_feed_is_missing(tmp_path: Path) -> None:
    site = make_site(tmp_path, dict(POSTS), "permalink: /:year/:month/:day/:title/\n")
    assert [f.code for f in lint("[x](/tags/open-data/)\n", site, select=("PF4",))] == []
    assert "/feed.xml" not in site.pages


def test_pelican_pages_from_settings() -> None:
    urls = pelican_pages.urls({"TAG_URL": "tags/{slug}/", "FEED_ALL_ATOM": None}, facts())
    assert "/tags/every-kid-in-a-park/" in urls and "/tags/open-data/" in urls
    assert "/category/news.html" in urls and "/category/misc.html" in urls
    assert {"/archives.html", "/tags.html", "/categories.html", "/authors.html"} <= set(urls)
    assert "/feeds/all.atom.xml" not in urls
    assert "/feeds/news.atom.xml" in urls
    assert "/author/marie-curie.html" in urls and "/feeds/marie-curie.rss.xml" in urls
    assert pelican_pages.slugify("Énergie & Climat") == "energie-climat"


def test_lint_index_learns_pelican_pages(tmp_path: Path) -> None:
    for relative, text in POSTS.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)
    site = build_site({"permalink": "pretty"}, {}, "UTC")
    index, _ = lint_pool.site_index(str(tmp_path), site, [], False, 1, {"PATH": "content"})
    assert index.exists("/tag/open-data.html")
    assert index.exists("/archives.html")
    assert not index.exists("/tag/nothing.html")
