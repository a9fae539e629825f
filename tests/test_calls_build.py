"""End-to-end: real Pelican builds with calls for projects, asserting on every written page."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pelican
import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from pelican_fast.core.settings import ConfigError
from tests.conftest import SEED_NAME, BuildSite, Site, seed_text

CALL = {
    "id": "fast-3",
    "title": "Appel à projets FAST",
    "edition": "3e édition",
    "opens": "2019-12-10",
    "closes": "2020-02-28T23:59:00+01:00",
    "apply_url": "https://www.demarches-simplifiees.fr/commencer/fast-3",
    "contact": "fast@beta.gouv.fr",
    "description": "Pour les **équipes** <img src=x onerror=alert(1)>",
}

# A post that tries to move, suppress, fake or break the banner and the call boxes.
HOSTILE = """---
title: "Piège <!-- pelican-fast:banner --> à bandeau"
author: Ève Martin
tags: [fast, piège]
call: fast-3
excerpt: '<p class="pf-call-banner">Résumé piégé <!-- pelican-fast:banner --></p>'
redirect_from:
  - /ancien-piege/
---
Un marqueur <!-- pelican-fast:banner --> dans le texte, une fausse signature
<!-- pf-calls 0123456789abcdef --> et un faux bandeau :

<div class="fr-notice pf-call-banner" data-pf-closes="2099-01-01T00:00:00Z">faux</div>

{% call fast-3 %}

{% call "x --><img src=x onerror=alert(1)><!--" %}

    <body> dans du code, et pf-call-banner aussi
"""

FILES = {
    f"_posts/{SEED_NAME}": seed_text(),
    "_posts/2020-01-10-piege.md": HOSTILE,
    "_posts/2019-10-01-postulez.md": (
        "---\ntitle: Postulez au FAST\nauthor: Marie Dupont\ncategories: [appels]\n---\n"
        "Le FAST ouvre.\n\n{% call fast-3 %}\n\nSuite du texte.\n"
    ),
    "_posts/2020-02-01-brouillon.md": "---\ntitle: Brouillon\npublished: false\n---\nPas prêt.\n",
    "pages/a-propos.md": "---\ntitle: À propos\n---\nQui sommes-nous.\n",
}

PAGE_SETTINGS: dict[str, Any] = {
    "DEFAULT_PAGINATION": 1,
    "YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html",
    "MONTH_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/index.html",
    "TIMEZONE": "Europe/Paris",
}


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def build(build_site: BuildSite, now: str, files=None, **fast: Any) -> Site:
    settings = {**PAGE_SETTINGS, "PELICAN_FAST": {"calls": [CALL], "now": now, **fast}}
    return build_site(files or FILES, settings)


def pages_by_kind(site: Site) -> dict[str, Path]:
    """One page of each kind Pelican writes, to prove the kind was built."""
    out = site.output
    kinds = {
        "article": next(out.glob("**/le-fast-2e-edition-a-ses-laureats*.html")),
        "page": next(out.glob("pages/*.html")),
        "index": out / "index.html",
        "pagination": out / "index2.html",
        "archives": out / "archives.html",
        "year archive": out / "2020" / "index.html",
        "month archive": out / "2020" / "01" / "index.html",
        "categories": out / "categories.html",
        "category": out / "category" / "appels.html",
        "tags": out / "tags.html",
        "tag": out / "tag" / "fast.html",
        "authors": out / "authors.html",
        "author": out / "author" / "marie-dupont.html",
        "draft": out / "drafts" / "brouillon.html",
        "redirect": out / "ancien-piege" / "index.html",
    }
    for kind, path in kinds.items():
        assert path.exists(), kind
    return kinds


@pytest.fixture
def open_site(build_site: BuildSite) -> Site:
    return build(build_site, "2020-01-15")


def test_every_page_has_exactly_one_banner_while_open(open_site: Site) -> None:
    pages_by_kind(open_site)
    files = open_site.html_files()
    assert len(files) >= 15
    for path in files:
        html = path.read_text(encoding="utf-8")
        page = soup(html)
        banners = page.select(".pf-call-banner")
        assert len(banners) == 1, path
        # Even a checker that greps the markup finds one: no other class contains the name.
        assert len(re.findall(r"class=\"[^\"]*pf-call-banner", html)) == 1, path
        banner = banners[0]
        assert banner["data-pf-closes"].startswith("2020-02-28")
        text = " ".join(banner.get_text().split())
        assert "28 février 2020" in text, text
        assert banner.find("a", href=CALL["apply_url"])
        if "refresh" not in str(page.find("meta", attrs={"http-equiv": True})):
            assert len(page.select('script[src*="pelican_fast/calls.js"]')) == 1, path
    assert open_site.exists("pelican_fast/calls.js")


def test_banner_is_right_after_body(open_site: Site) -> None:
    html = open_site.read("index.html")
    body = re.search(r"<body[^>]*>", html)
    assert body is not None
    assert html[body.end() :].lstrip().startswith("<!-- pf-calls ")


def test_no_banner_after_the_closing_instant(build_site: BuildSite) -> None:
    site = build(build_site, "2020-03-15")
    assert len(site.html_files()) >= 15
    for path in site.html_files():
        html = path.read_text(encoding="utf-8")
        assert not soup(html).select(".pf-call-banner"), path
        assert "calls.js" not in html
    box = soup(site.read("appels/2019/10/01/postulez.html")).select_one(".pf-call-box")
    assert box is not None and box["data-pf-status"] == "closed"
    assert "clos depuis le vendredi 28 février 2020" in " ".join(box.get_text().split())
    assert not box.select(".pf-call-apply")


def test_closing_minute_at_build_time(build_site: BuildSite) -> None:
    files = {"_posts/2020-01-01-x.md": "---\ntitle: X\n---\nx\n"}
    last = build(build_site, "2020-02-28T23:59:00+01:00", files)
    assert soup(last.read("index.html")).select(".pf-call-banner")
    after = build(build_site, "2020-02-28T23:59:01+01:00", files)
    assert not soup(after.read("index.html")).select(".pf-call-banner")


def test_nothing_inline_anywhere(open_site: Site) -> None:
    for path in open_site.html_files():
        page = soup(path.read_text(encoding="utf-8"))
        for script in page.find_all("script"):
            assert script.get("src"), (path, script)
            assert not script.string
        for tag in page.find_all(True):
            for name in tag.attrs:
                assert not name.lower().startswith("on"), (path, tag.name, name)
                assert name.lower() != "style", (path, tag.name)


def test_hostile_post_cannot_move_fake_or_suppress_the_banner(open_site: Site) -> None:
    html = open_site.read("2020/01/10/piege.html")
    page = soup(html)
    assert len(page.select(".pf-call-banner")) == 1
    assert page.select_one("body > .pf-call-banner, body > div.pf-call-banner") is not None
    assert "pelican-fast:banner" not in html
    assert "0123456789abcdef" not in html
    assert "onerror" not in html
    assert page.select_one(".pf-quoted-banner").text == "faux"
    assert "&lt;body&gt; dans du code, et pf-call-banner aussi" in html
    # front matter and {% call %} name the same call: one box, where the tag was.
    assert len(page.select(".pf-call-box")) == 1
    assert "onerror" not in str(page.select_one(".pf-call-box"))


def test_call_box_in_place_of_the_liquid_tag(open_site: Site) -> None:
    page = soup(open_site.read("appels/2019/10/01/postulez.html"))
    content = page.select_one(".entry-content")
    assert content is not None
    box = content.select_one("div.fr-callout.pf-call-box")
    assert box is not None and box.parent.name != "p"
    assert box["data-pf-status"] == "open"
    previous = box.find_previous_sibling("p")
    assert previous is not None and previous.text == "Le FAST ouvre."
    assert box.find_next_sibling("p").text == "Suite du texte."
    assert box.select_one(".pf-call-apply")["href"] == CALL["apply_url"]
    assert box.select_one(".pf-call-description strong").text == "équipes"
    assert "jusqu’au vendredi 28 février 2020 à 23:59" in " ".join(box.get_text().split())


def test_front_matter_call_box_on_top_and_not_in_summaries(build_site: BuildSite) -> None:
    files = {
        "_posts/2020-01-02-appel.md": "---\ntitle: Appel\ncall: fast-3\n---\nPremier paragraphe.\n",
        "_posts/2020-01-03-inconnu.md": "---\ntitle: Inconnu\ncall: fast-9\n---\nTexte.\n",
    }
    site = build(build_site, "2020-01-15", files)
    content = soup(site.read("2020/01/02/appel.html")).select_one(".entry-content")
    assert content is not None
    assert content.select_one(".pf-call-box") is not None
    assert content.find(["div", "p"], recursive=False)["class"][0] == "fr-callout"
    feed = site.read("feeds/all.atom.xml")
    assert "fr-callout" in feed  # the box is part of the post
    assert any(
        "_posts/2020-01-03-inconnu.md: call: no call with id 'fast-9'" in m for m in site.messages()
    )


def test_unknown_liquid_call_is_reported_and_removed(open_site: Site) -> None:
    assert any(
        "_posts/2020-01-10-piege.md: {% call %}: no call with id" in m for m in open_site.messages()
    )


def test_upcoming_calls_are_announced_only_when_asked(build_site: BuildSite) -> None:
    files = {"_posts/2019-11-01-x.md": "---\ntitle: X\n---\nx\n"}
    quiet = build(build_site, "2019-12-01", files)
    assert not soup(quiet.read("index.html")).select(".pf-call-banner")
    loud = build(
        build_site, "2019-12-01", files, **{"calls": {"items": [CALL], "announce_upcoming": True}}
    )
    banner = soup(loud.read("index.html")).select_one(".pf-call-banner[data-pf-status=upcoming]")
    assert banner is not None
    assert "Candidatures du mardi 10 décembre 2019 au vendredi 28 février 2020" in " ".join(
        banner.get_text().split()
    )
    assert banner["data-pf-opens"] == "2019-12-10T00:00:00+01:00"


def theme_override(tmp_path: Path, insert: str) -> Path:
    """Pelican's own theme's base.html with `insert` after its header."""
    original = Path(pelican.__file__).parent / "themes" / "notmyidea" / "templates" / "base.html"
    text = original.read_text(encoding="utf-8")
    assert "</header><!-- /#banner -->" in text
    folder = tmp_path / "overrides"
    folder.mkdir()
    (folder / "base.html").write_text(
        text.replace("</header><!-- /#banner -->", "</header><!-- /#banner -->\n" + insert),
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize(
    "insert", ["<!-- pelican-fast:banner -->", "{{ pelican_fast_call_banners() }}"]
)
def test_theme_places_the_banner(build_site: BuildSite, tmp_path: Path, insert: str) -> None:
    overrides = theme_override(tmp_path, insert)
    settings = {
        **PAGE_SETTINGS,
        "THEME_TEMPLATES_OVERRIDES": [str(overrides)],
        "PELICAN_FAST": {"calls": [CALL], "now": "2020-01-15"},
    }
    site = build_site(FILES, settings)
    for path in site.html_files():
        html = path.read_text(encoding="utf-8")
        if "http-equiv" in html:
            continue  # redirect pages are not themed
        assert len(soup(html).select(".pf-call-banner")) == 1, path
        assert html.count("pelican_fast/calls.js") == 1, path
        assert html.index("<!-- /#banner -->") < html.index("pf-call-banner"), path
        assert "pelican-fast:banner" not in html


def test_relative_urls_reach_the_script(build_site: BuildSite) -> None:
    site = build_site(
        FILES,
        {
            **PAGE_SETTINGS,
            "RELATIVE_URLS": True,
            "PELICAN_FAST": {"calls": {"items": [CALL], "stylesheet": True}, "now": "2020-01-15"},
        },
    )
    nested = site.output / "appels" / "2019" / "10" / "01" / "postulez.html"
    page = soup(nested.read_text(encoding="utf-8"))
    src = page.select_one("script[src*='calls.js']")["src"]
    href = page.select_one("link[href*='calls.css']")["href"]
    assert src.startswith("../../../../pelican_fast/calls.js?v=")
    assert (nested.parent / src.split("?")[0]).resolve().exists()
    assert (nested.parent / href.split("?")[0]).resolve().exists()


def test_banner_off_keeps_call_boxes(build_site: BuildSite) -> None:
    site = build(build_site, "2020-01-15", **{"calls": {"items": [CALL], "banner": False}})
    assert not any(
        soup(p.read_text(encoding="utf-8")).select(".pf-call-banner") for p in site.html_files()
    )
    assert soup(site.read("appels/2019/10/01/postulez.html")).select(
        ".pf-call-box[data-pf-status=open]"
    )


def test_calls_from_a_yaml_file_and_english(build_site: BuildSite) -> None:
    data = (
        "- id: fast-3\n  title: FAST 3\n  opens: 2019-12-10\n  closes: 2020-02-28\n"
        "  apply_url: https://example.org/apply\n"
    )
    settings = {
        "PELICAN_FAST": {
            "calls": {"items": "data/calls.yml", "locale": "en_GB"},
            "now": "2020-02-28T23:00:00Z",  # midnight in Paris: closed
        }
    }
    files = {"_posts/2020-01-01-x.md": "---\ntitle: X\ncall: fast-3\n---\nx\n"}
    site = build_site(files, settings, root_files={"data/calls.yml": data})
    assert not soup(site.read("index.html")).select(".pf-call-banner")
    settings["PELICAN_FAST"]["now"] = "2020-02-28T22:59:59Z"
    site = build_site(files, settings, root_files={"data/calls.yml": data})
    banner = soup(site.read("index.html")).select_one(".pf-call-banner")
    assert banner is not None
    assert banner["data-pf-closes"] == "2020-02-28T23:59:59+01:00"
    assert "open until the end of Friday, 28 February 2020" in " ".join(banner.get_text().split())


def test_source_date_epoch_decides_without_now(
    build_site: BuildSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {"_posts/2019-01-01-x.md": "---\ntitle: X\n---\nx\n"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1579046400")  # 2020-01-15T00:00:00Z
    site = build_site(files, {"PELICAN_FAST": {"calls": [CALL]}})
    assert soup(site.read("index.html")).select(".pf-call-banner")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1584230400")  # 2020-03-15
    site = build_site(files, {"PELICAN_FAST": {"calls": [CALL]}})
    assert not soup(site.read("index.html")).select(".pf-call-banner")


def test_rebuild_is_identical(build_site: BuildSite) -> None:
    first = build(build_site, "2020-01-15")
    snapshot = {p.relative_to(first.output): p.read_bytes() for p in first.html_files()}
    second = build(build_site, "2020-01-15")
    assert {p.relative_to(second.output): p.read_bytes() for p in second.html_files()} == snapshot


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ({**CALL, "closes": "2019-01-01"}, r"call 'fast-3': closes .* is before opens"),
        (
            {**CALL, "apply_url": "javascript:alert(1)"},
            r"call 'fast-3': apply_url .* not a safe URL",
        ),
        ({k: v for k, v in CALL.items() if k != "id"}, r"item 1: missing id"),
        ({**CALL, "closes": "demain"}, r"call 'fast-3': closes 'demain' is not an ISO 8601"),
    ],
)
def test_invalid_call_stops_the_build_naming_it(tmp_path: Path, call: dict, message: str) -> None:
    settings = read_settings(
        path=None,
        override={
            "PATH": str(tmp_path),
            "OUTPUT_PATH": str(tmp_path / "out"),
            "PLUGINS": ["pelican_fast"],
            "PELICAN_FAST": {"calls": [call]},
        },
    )
    with pytest.raises(ConfigError, match=message):
        Pelican(settings)


def test_plugin_not_listed_no_banner(build_site: BuildSite) -> None:
    site = build_site(
        {"x.md": "Title: X\nDate: 2020-01-01\n\nx\n"},
        {"PELICAN_FAST": {"calls": [CALL], "now": "2020-01-15"}},
        plugin=False,
    )
    assert "pf-call-banner" not in site.read("x.html")


def test_log_says_where_the_banner_went(open_site: Site) -> None:
    info = open_site.messages(logging.INFO)
    assert any(
        re.match(r"pelican-fast: call banner \('fast-3'\) written into \d+ pages", m) for m in info
    )


def test_pages_rendered_outside_the_generators_get_the_banner_once(build_site: BuildSite) -> None:
    """TEMPLATE_PAGES are rendered by Pelican directly: content_written inserts the banner."""
    files = {
        "_posts/2020-01-01-x.md": "---\ntitle: X\n---\nx\n",
        "extra/special.html": "<!DOCTYPE html>\n<html><head><title>S</title></head>\n<body>\n<p>S</p></body></html>\n",
        "extra/robots.txt": "User-agent: *\n",
    }
    settings = {
        "TEMPLATE_PAGES": {"extra/special.html": "special.html", "extra/robots.txt": "robots.txt"},
        "ARTICLE_EXCLUDES": ["extra"],
        "PAGE_EXCLUDES": ["extra"],
        "PELICAN_FAST": {"calls": [CALL], "now": "2020-01-15"},
    }
    site = build_site(files, settings)
    page = soup(site.read("special.html"))
    assert len(page.select(".pf-call-banner")) == 1
    assert len(page.select("script[src*='calls.js']")) == 1
    assert site.read("robots.txt").strip() == "User-agent: *"
    assert len(soup(site.read("index.html")).select(".pf-call-banner")) == 1


@pytest.mark.parametrize(
    ("fast", "message"),
    [
        (
            {"calls": {"items": [CALL], "timezone": "Mars/Olympus"}},
            r"\['timezone'\]: unknown time zone 'Mars/Olympus'",
        ),
        ({"calls": {"items": [CALL], "locale": "xx"}}, r"\['locale'\]: unknown locale 'xx'"),
        (
            {"calls": [CALL], "now": "le 15 janvier"},
            r"PELICAN_FAST\['now'\]: 'le 15 janvier' is not ISO 8601",
        ),
        ({"calls": "missing.yml"}, r"\['items'\] \(.*missing\.yml\): file not found"),
        (
            {"calls": {"items": [CALL], "heading_level": 7}},
            r"\['heading_level'\] must be between 2 and 6",
        ),
    ],
)
def test_invalid_calls_settings_stop_the_build(tmp_path: Path, fast: dict, message: str) -> None:
    settings = read_settings(
        path=None,
        override={
            "PATH": str(tmp_path),
            "OUTPUT_PATH": str(tmp_path / "out"),
            "PLUGINS": ["pelican_fast"],
            "PELICAN_FAST_BASE_DIR": str(tmp_path),
            "PELICAN_FAST": fast,
        },
    )
    with pytest.raises(ConfigError, match=message):
        Pelican(settings)
