"""Hostile posts: nothing an author typed may run code in readers' browsers."""

from __future__ import annotations

from bs4 import BeautifulSoup

from pelican_fast.core.safe_html import clean, escape_text
from tests.conftest import SEED_NAME, BuildSite, seed_text

HOSTILE = """---
title: <img src=x onerror=alert(1)>Titre piégé
date: 2020-01-10
categories: ["<script>alert(2)</script>"]
tags: ["<b onmouseover=alert(3)>tag</b>"]
author: <svg onload=alert(4)>
excerpt: Résumé <img src=x onerror=alert(5)>
---
Corps <img src="x.png" onerror="alert(6)" alt="image"> et [lien](javascript:alert(7)).

<a href="JaVaScRiPt:alert(8)" onclick="alert(9)">clic</a>
<script>alert(10)</script>
<script src="https://example.org/widget.js"></script>
<div class="pf-call-banner" data-pf-closes="2099-01-01">faux bandeau</div>
<!-- pelican-fast:banner -->
<p style="text-align:center" onmouseover='alert(11)'>centré</p>
<iframe src="https://www.youtube-nocookie.com/embed/x" title="vidéo"></iframe>
"""

CALL = {
    "id": "fast-3",
    "title": "FAST 3",
    "opens": "2019-12-10",
    "closes": "2020-02-28T23:59:00+01:00",
    "apply_url": "https://www.demarches-simplifiees.fr/commencer/fast-3",
    "contact": "fast@beta.gouv.fr",
}


def inline_handlers(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = [
        f"{t.name}[{a}]" for t in soup.find_all(True) for a in t.attrs if a.lower().startswith("on")
    ]
    found += [
        f"{t.name}[{a}]"
        for t in soup.find_all(True)
        for a in ("href", "src")
        if str(t.get(a, "")).strip().lower().startswith("javascript:")
    ]
    found += ["inline script" for s in soup.find_all("script") if not s.get("src")]
    return found


def test_clean_removes_only_what_runs_code() -> None:
    html, removed = clean(
        '<p style="x" class="c" onclick="a()">t</p><script>x()</script>'
        '<script src="/s.js"></script><a href="javascript:x()">l</a>'
    )
    assert html == '<p style="x" class="c">t</p><script src="/s.js"></script><a>l</a>'
    assert {r.what for r in removed} == {"onclick", "inline <script>", "href=javascript:"}


def test_clean_leaves_ordinary_html_byte_identical() -> None:
    html = '<p>Un <a href="https://x.fr" onboarding="no">lien</a> <em>on=</em> text onerror=1</p>'
    # "onboarding" is an attribute starting with "on": it goes. Text is never touched.
    assert clean("<p>Texte <em>normal</em>, onerror=1 dans le texte.</p>")[1] == []
    assert "onboarding" not in clean(html)[0]


def test_escape_text() -> None:
    assert escape_text("L'été & co") == "L'été & co"
    assert escape_text("<b>x</b> et <img src=x onerror=alert(1)>") == "x et"
    assert escape_text("Les <3 startups > 2") == "Les &lt;3 startups &gt; 2"


def test_hostile_post_and_call_banner_judged_setup(build_site: BuildSite) -> None:
    files = {f"_posts/{SEED_NAME}": seed_text(), "_posts/2020-01-10-piege.md": HOSTILE}
    open_site = build_site(files, {"PELICAN_FAST": {"calls": [CALL], "now": "2020-01-15"}})
    pages = open_site.html_files()
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert inline_handlers(html) == [], page
        banners = BeautifulSoup(html, "html.parser").select(".pf-call-banner")
        assert len(banners) == 1, page
        assert banners[0]["data-pf-closes"].startswith("2020-02-28")
        assert "28" in banners[0].get_text()
    [post_path] = open_site.output.rglob("piege.html")
    post = post_path.read_text(encoding="utf-8")
    assert "<title>Titre piégé" in post
    assert "youtube-nocookie.com/embed/x" in post and 'src="https://example.org/widget.js"' in post
    assert any("JK020" in m and "onerror" in m for m in open_site.messages())

    closed_site = build_site(files, {"PELICAN_FAST": {"calls": [CALL], "now": "2020-03-15"}})
    for page in closed_site.html_files():
        html = page.read_text(encoding="utf-8")
        assert inline_handlers(html) == [], page
        assert BeautifulSoup(html, "html.parser").select(".pf-call-banner") == [], page


def test_safe_html_can_be_turned_off(build_site: BuildSite) -> None:
    site = build_site(
        {"_posts/2020-01-10-piege.md": HOSTILE}, {"PELICAN_FAST": {"safe_html": False}}
    )
    [post] = site.output.rglob("piege.html")
    assert 'onerror="alert(6)"' in post.read_text(encoding="utf-8")
