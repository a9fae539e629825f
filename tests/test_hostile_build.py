"""Hostile and broken posts in a real build (issue 14): nothing runs, nothing stops the
build, every bad post is named, every good post is built."""

from __future__ import annotations

import re

from pelican.log import LimitFilter

from tests.conftest import BuildSite

CHART = """---
title: Graphiques
---
<div id="chart"></div>
<script>
document.getElementById("chart").textContent = "d3 ici";
</script>

Texte après le graphique.
"""


def _new_run() -> None:
    LimitFilter._raised_messages = set()
    LimitFilter._group_count.clear()


def test_an_inline_chart_script_is_moved_to_a_file_and_still_loaded(build_site: BuildSite) -> None:
    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    pages = []
    for run in range(2):  # the second build serves the post from Pelican's cache
        _new_run()
        site = build_site(
            {"_posts/2021-05-01-graphiques.md": CHART} if run == 0 else None, settings
        )
        page = site.read("2021/05/01/graphiques.html")
        pages.append(page)
        found = re.search(
            r'<script src="(/pelican_fast/js/inline-[0-9a-f]{16}\.js)"></script>', page
        )
        assert found, page
        assert "textContent" not in page  # no inline code left in the page
        script = (site.output / found.group(1).lstrip("/")).read_text(encoding="utf-8")
        assert 'textContent = "d3 ici"' in script
        assert page.index("chart") < page.index(found.group(1)) < page.index("Texte après")
        # The build says so, with the line: a reviewer of the pull request sees it.
        moved = [m for m in site.messages() if "JK022" in m]
        assert len(moved) == 1 and moved[0].startswith("_posts/2021-05-01-graphiques.md:5")
    assert pages[0] == pages[1]


def test_inline_scripts_removed_when_the_site_wants_none(build_site: BuildSite) -> None:
    site = build_site(
        {"_posts/2021-05-01-graphiques.md": CHART},
        {"PELICAN_FAST": {"inline_scripts": "remove"}},
    )
    page = site.read("2021/05/01/graphiques.html")
    assert "<script" not in page.split("<body", 1)[1].split("</article>", 1)[0]
    assert not (site.output / "pelican_fast" / "js").exists()
    assert any("JK020" in m for m in site.messages())


def test_control_characters_are_reported_with_their_line_and_stripped(
    build_site: BuildSite,
) -> None:
    site = build_site(
        {
            "_posts/2021-01-01-nul.md": "---\ntitle: Nul\n---\nUn\n\nDeux\x00trois\x07\n",
            "_posts/2021-01-02-bon.md": "---\ntitle: Bon\n---\nBon.\n",
        },
        {"FEED_ALL_ATOM": "feeds/all.atom.xml"},
    )
    assert "Deuxtrois" in site.read("2021/01/01/nul.html")
    assert "Deuxtrois" in site.read("feeds/all.atom.xml")  # the feed writer did not stop
    assert any(m.startswith("_posts/2021-01-01-nul.md:6:1: JK021") for m in site.messages())


def test_a_permalink_on_the_home_page_is_refused_not_written_over_it(build_site: BuildSite) -> None:
    site = build_site(
        {
            "_posts/2021-01-01-accueil.md": "---\ntitle: Pirate\npermalink: /index.html\n---\nX\n",
            "_posts/2021-01-02-bon.md": "---\ntitle: Bon\n---\nBon.\n",
        }
    )
    home = site.read("index.html")
    assert "Bon" in home and "<h1>Pirate" not in home
    assert any("_posts/2021-01-01-accueil.md" in m and "index.html" in m for m in site.messages())


def test_a_second_build_rewrites_its_own_redirect_pages_without_warnings(
    build_site: BuildSite,
) -> None:
    files = {
        "_posts/2021-01-01-a.md": "---\ntitle: A\nredirect_from: [/ancien/, /vieux.html]\n---\nA\n"
    }
    build_site(files, {"DEFAULT_LANG": "en"}, clean=False)
    _new_run()
    site = build_site(None, {"DEFAULT_LANG": "en"}, clean=False)
    assert not [m for m in site.messages() if "would overwrite" in m]
    page = site.read("ancien/index.html")
    assert "Redirecting…" in page and 'lang="en"' in page
    # Someone else's page at that place is still never overwritten.
    (site.output / "vieux.html").write_text("<p>à moi</p>", encoding="utf-8")
    _new_run()
    site = build_site(None, {"DEFAULT_LANG": "en"}, clean=False)
    assert site.read("vieux.html") == "<p>à moi</p>"
    assert [m for m in site.messages() if "would overwrite" in m]


def test_pages_of_pelicans_own_readers_are_cleaned_too(build_site: BuildSite) -> None:
    """A page without front matter goes to Pelican's readers: it is sanitised all the same,
    and its links to other content ({filename}, {static}) still work."""
    site = build_site(
        {
            "pages/a-propos.md": (
                "Title: À propos\n\n"
                '<img src="x.png" onerror="alert(1)"> [Le billet]({filename}/_posts/2021-01-02-bon.md)\n\n'
                '![logo]({static}/img/logo.png)\n\n<script>document.title = "ok";</script>\n'
            ),
            "pages/brut.html": (
                "<html><head><title>Brut</title></head><body>"
                '<a href="javascript:alert(1)">x</a><p onclick="alert(2)">t</p></body></html>'
            ),
            "_posts/2021-01-02-bon.md": "---\ntitle: Bon\n---\nBon.\n",
            "img/logo.png": b"png",
        },
        {"PAGE_PATHS": ["pages"], "STATIC_PATHS": ["img"], "ARTICLE_EXCLUDES": ["pages"]},
    )
    page = site.read("pages/a-propos.html")
    body = page.split("<body", 1)[1]
    assert "onerror" not in body and "alert(1)" not in body
    assert 'href="/2021/01/02/bon.html"' in body  # {filename} resolved after cleaning
    assert 'src="/img/logo.png"' in body
    script = re.search(r'<script src="/pelican_fast/js/(inline-[0-9a-f]{16}\.js)">', body)
    assert script and (site.output / "pelican_fast" / "js" / script.group(1)).exists()
    raw = site.read("pages/brut.html").split("<body", 1)[1]
    assert ">x</a>" in raw and ">t</p>" in raw  # the page is there, its content kept
    assert "javascript:" not in raw and "onclick" not in raw
