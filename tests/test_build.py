"""End-to-end: real Pelican builds of Jekyll posts, asserting on the written HTML."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from pelican_fast.core.settings import ConfigError
from tests.conftest import SEED_NAME, BuildSite, seed_text

CONFIG = "permalink: pretty\ntimezone: Europe/Paris\nurl: https://blog.example\n"

POSTS = {
    f"_posts/{SEED_NAME}": seed_text(),
    "_posts/2019-04-19-faq.md": (
        '---\ntitle: "FAQ du FAST"\ndate: 2019-04-19 10:30:00 +0200\n'
        "categories: [dinsic, fast]\ntags: [fonds, FAQ]\nauthor: Marie Dupont\n"
        "excerpt: >-\n  Tout sur le **FAST**.\nredirect_from:\n  - /fast/faq/\n---\n"
        "Premier paragraphe.\n\nSecond paragraphe.\n"
    ),
    "_posts/2019-10-01-appel.md": (
        "---\ntitle: 'Postulez : 2ème édition'\ndate: '2019-10-02 09:00'\n"
        "categories: dinsic appels\ntags: 'territoires, préincubation'\n---\n"
        "Lire [la FAQ]({% post_url 2019-04-19-faq %}) et [le dossier]({{ site.baseurl }}/fast/).\n\n"
        "Suite.\n"
    ),
    "_posts/2020-01-15-été-numérique.md": (
        '---\r\ntitle: "L\\u2019été"\r\ndate: 2020-01-15T23:30:00Z\r\n'
        "category: Vie de la communauté\r\ntags:\r\n---\r\nCorps CRLF.\r\n"
    ).encode(),
    "_posts/2020-02-01-brouillon.md": "---\ntitle: Brouillon\npublished: false\n---\nPas prêt.\n",
    "_posts/2020-03-10-bilan.md": (
        "---\ntitle: Bilan\npermalink: /fast/bilan-2020/\ncategories: [general]\n---\n"
        "{% highlight python %}\nx = {{ site.url }}\n{% endhighlight %}\n\n"
        '{% raw %}{{ pas rendu }}{% endraw %}\n\n[DINUM](https://numerique.gouv.fr){:target="_blank"}\n'
        "{: .lead}\n\n{% include bouton.html %}\n"
    ),
    "_posts/2020-05-05-sans-titre.md": "---\nauthor: Paul\n---\nNote: ce corps commence comme une métadonnée.\n",
}


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


@pytest.fixture
def site(build_site: BuildSite):
    return build_site(
        POSTS,
        {"PELICAN_FAST": {"jekyll_config": "_config.yml"}},
        root_files={"_config.yml": CONFIG},
    )


def test_every_post_is_written_at_its_jekyll_url(site) -> None:
    expected = [
        "general/2019/12/03/le-fast-2e-edition-a-ses-laureats/index.html",
        "dinsic/fast/2019/04/19/faq/index.html",
        "dinsic/appels/2019/10/02/appel/index.html",  # front-matter date wins
        "vie de la communauté/2020/01/16/été-numérique/index.html",  # 23:30Z is the 16th in Paris
        "fast/bilan-2020/index.html",
        "2020/05/05/sans-titre/index.html",
    ]
    for path in expected:
        assert site.exists(path), path
    assert not site.exists("2020/02/01/brouillon/index.html")
    assert not list(site.output.rglob("_posts*"))


def test_titles_dates_categories_tags_in_html(site) -> None:
    page = soup(site.read("dinsic/appels/2019/10/02/appel/index.html"))
    assert page.title is not None and "Postulez : 2ème édition" in page.title.text
    assert page.find("abbr", class_="published")["title"] == "2019-10-02T09:00:00+02:00"
    tags = [a.text for a in page.select("a[href^='/tag/']")]
    assert tags == ["territoires", "préincubation"]
    assert page.select_one(".post-info a[href^='/category/']").text == "dinsic"
    seed = soup(site.read("general/2019/12/03/le-fast-2e-edition-a-ses-laureats/index.html"))
    assert "Le FAST 2è édition a ses lauréats !" in seed.title.text


def test_post_url_and_baseurl_are_resolved(site) -> None:
    page = soup(site.read("dinsic/appels/2019/10/02/appel/index.html"))
    hrefs = [a["href"] for a in page.select(".entry-content a")]
    assert "/dinsic/fast/2019/04/19/faq/" in hrefs
    assert "/fast/" in hrefs
    assert "pelican-fast" not in str(page)


def test_excerpt_front_matter_and_first_paragraph(site) -> None:
    index = site.read("index.html")
    assert "Tout sur le **FAST**." in index  # printed as written, as Jekyll does
    assert "Premier paragraphe" not in index  # the front-matter excerpt wins
    assert 'Lire <a href="/dinsic/fast/2019/04/19/faq/">la FAQ</a>' in index
    assert "Suite." not in index  # first paragraph only, as Jekyll


def test_liquid_highlight_raw_kramdown_and_unknown_tags(site) -> None:
    html = site.read("fast/bilan-2020/index.html")
    page = soup(html)
    assert "x = https://blog.example" in page.find("pre").text
    assert "{{ pas rendu }}" in html
    link = page.find("a", string="DINUM")
    assert link["target"] == "_blank"
    assert "lead" in link.parent["class"]
    assert "{% include bouton.html %}" in html
    assert any(
        m.startswith("_posts/2020-03-10-bilan.md:15:1: JK010") and "include" in m
        for m in site.messages()
    )


def test_body_line_that_looks_like_metadata_is_kept(site) -> None:
    html = site.read("2020/05/05/sans-titre/index.html")
    assert "Note: ce corps commence comme une métadonnée." in html
    assert "Sans Titre" in soup(html).title.text


def test_redirect_pages(site) -> None:
    page = soup(site.read("fast/faq/index.html"))
    assert page.find("link", rel="canonical")["href"] == "/dinsic/fast/2019/04/19/faq/"
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"].endswith(
        "url=/dinsic/fast/2019/04/19/faq/"
    )
    assert page.find("script") is None


def test_feed_has_posts_with_jekyll_urls(site) -> None:
    feed = site.read("feeds/all.atom.xml")
    assert "/dinsic/fast/2019/04/19/faq/" in feed
    assert "Brouillon" not in feed


def test_unpublished_post_is_a_draft(site) -> None:
    assert site.exists("drafts/brouillon.html")


def test_invalid_yaml_skips_only_that_post_with_file_and_line(build_site: BuildSite) -> None:
    site = build_site(
        {
            "_posts/2019-01-01-broken.md": "---\ntitle: ok\ntags: [a, b\n---\nBody\n",
            "_posts/2019-01-02-fine.md": "---\ntitle: Fine\n---\nBody\n",
        }
    )
    assert site.exists("2019/01/02/fine.html")
    errors = site.messages(logging.ERROR)
    assert any(m.startswith("_posts/2019-01-01-broken.md:4:") and "YAML" in m for m in errors), (
        errors
    )


def test_non_utf8_and_empty_files_are_reported_and_skipped(build_site: BuildSite) -> None:
    site = build_site(
        {
            "_posts/2019-01-01-latin1.md": "---\ntitle: Été\n---\nCafé\n".encode("latin-1"),
            "_posts/2019-01-02-empty.md": "",
            "_posts/2019-01-03-fine.md": "---\ntitle: Fine\n---\nBody\n",
        }
    )
    assert site.exists("2019/01/03/fine.html")
    messages = site.messages()
    assert any(
        m.startswith("_posts/2019-01-01-latin1.md:2:1: JK006 not valid UTF-8") for m in messages
    )
    assert any(m.startswith("_posts/2019-01-02-empty.md:1:1: JK007 empty file") for m in messages)


def test_post_without_front_matter_still_published(build_site: BuildSite) -> None:
    site = build_site({"_posts/2019-01-01-plain.md": "Just text.\n"})
    assert "Just text." in site.read("2019/01/01/plain.html")


def test_second_cached_build_is_identical_and_sees_post_url_changes(build_site: BuildSite) -> None:
    settings = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "PELICAN_FAST": {"permalink": "pretty"},
    }
    files = {
        "_posts/2019-01-01-target.md": "---\ntitle: Target\n---\nT\n",
        "_posts/2019-02-01-source.md": "---\ntitle: Source\n---\n[t]({% post_url 2019-01-01-target %})\n",
    }
    first = build_site(files, settings)
    snapshot = {p.relative_to(first.output): p.read_bytes() for p in first.html_files()}
    second = build_site(None, settings)
    assert {p.relative_to(second.output): p.read_bytes() for p in second.html_files()} == snapshot
    # Move the target (its front matter date changes its URL): the source must follow,
    # although the source file itself did not change and comes from the cache.
    (second.content / "_posts/2019-01-01-target.md").write_text(
        "---\ntitle: Target\ndate: 2019-01-05\n---\nT\n", encoding="utf-8"
    )
    third = build_site(None, settings)
    assert 'href="/2019/01/05/target/"' in third.read("2019/02/01/source/index.html")


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_a_cache_written_by_another_version_is_dropped_not_unpickled(
    build_site: BuildSite, layer: str
) -> None:
    """Pelican unpickles its content cache without asking the plugin: an old cache naming
    a class that moved (or data that changed meaning) must be dropped, never read."""
    import pickle

    from pelican_fast.plugin import cache_version

    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": layer}
    files = {"_posts/2019-01-01-a.md": "---\ntitle: Premier\n---\nCorps\n"}
    first = build_site(files, settings)
    cache = first.root / "cache"
    caches = sorted(p.name for p in cache.iterdir() if p.name.endswith(("Generator", "Readers")))
    assert caches, "Pelican wrote no content cache"
    # What an older pelican-fast left: a pickle naming a module that no longer exists
    # (GLOBAL opcode; unpickling it raises ModuleNotFoundError, which Pelican lets through).
    payload = b"cpelican_fast.jekyll.reader\nPostState\n."
    with pytest.raises(ModuleNotFoundError):
        pickle.loads(payload)
    for name in caches:
        (cache / name).write_bytes(payload)
    (cache / cache_version.STAMP_FILE).write_text("1 0.0.1\n", encoding="utf-8")
    second = build_site(None, settings)
    assert "Premier" in second.read("2019/01/01/a.html")
    assert (cache / cache_version.STAMP_FILE).read_text(encoding="utf-8") == cache_version.stamp()
    # Same version: the cache is kept and used (nothing dropped).
    assert cache_version.ensure({"CACHE_CONTENT": True, "CACHE_PATH": str(cache)}) is False


def test_plugin_not_listed_changes_nothing(build_site: BuildSite) -> None:
    site = build_site(
        {"_posts/2019-01-01-x.md": "Title: Pelican native\nDate: 2019-01-01\n\nBody\n"},
        plugin=False,
    )
    assert site.exists("pelican-native.html")


def test_unknown_setting_is_a_clear_error(tmp_path: Path) -> None:
    settings = read_settings(
        path=None,
        override={
            "PATH": str(tmp_path),
            "OUTPUT_PATH": str(tmp_path / "out"),
            "PLUGINS": ["pelican_fast"],
            "PELICAN_FAST": {"permalnk": "pretty"},
        },
    )
    with pytest.raises(ConfigError, match=r"PELICAN_FAST\['permalnk'\].*did you mean 'permalink'"):
        Pelican(settings)


def test_wrong_type_is_a_clear_error(tmp_path: Path) -> None:
    settings = read_settings(
        path=None,
        override={
            "PATH": str(tmp_path),
            "OUTPUT_PATH": str(tmp_path / "out"),
            "PLUGINS": ["pelican_fast"],
            "PELICAN_FAST": {"laureates": {"detect": "yes"}},
        },
    )
    with pytest.raises(ConfigError, match=r"\['laureates'\]\['detect'\] must be bool, not str"):
        Pelican(settings)


def test_future_posts_follow_jekyll_future_setting(build_site: BuildSite) -> None:
    files = {
        "_posts/2099-01-01-plus-tard.md": "---\ntitle: Plus tard\n---\nBientôt.\n",
        "_posts/2019-01-01-avant.md": "---\ntitle: Avant\n---\nDéjà.\n",
    }
    # "now" is the instant of calls for projects: it must not hide posts.
    site = build_site(files, {"PELICAN_FAST": {"now": "2018-01-01T00:00:00Z"}})
    assert site.exists("2019/01/01/avant.html")
    assert not site.exists("2099/01/01/plus-tard.html")
    site = build_site(files, {"PELICAN_FAST": {"future": True}})
    assert site.exists("2099/01/01/plus-tard.html")


def test_posts_sharing_a_slug_are_not_translations(build_site: BuildSite) -> None:
    site = build_site(
        {
            "_posts/2018-03-01-newsletter.md": "---\ntitle: Lettre 2018\n---\nA\n",
            "_posts/2019-03-01-newsletter.md": "---\ntitle: Lettre 2019\n---\nB\n",
        }
    )
    index = site.read("index.html")
    assert "Lettre 2018" in index and "Lettre 2019" in index
    assert "Translations" not in site.read("2019/03/01/newsletter.html")
    assert not any("translation" in m.lower() or "items" in m for m in site.messages())


def test_uppercase_extension_and_html_posts_are_read(build_site: BuildSite) -> None:
    site = build_site(
        {
            "_posts/2019-01-01-majuscules.MD": "---\ntitle: Majuscules\n---\n*Lu*\n",
            "_posts/2019-01-02-ancien.html": (
                "---\ntitle: Ancien billet HTML\nauthor: {name: Ada, url: https://ada.example}\n"
                "---\n<p>Déjà en <em>HTML</em>, {{ site.baseurl }}ok.</p>\n"
            ),
        },
        {"PELICAN_FAST": {"baseurl": "/blog"}},
    )
    assert "<em>Lu</em>" in site.read("2019/01/01/majuscules.html")
    html = site.read("2019/01/02/ancien.html")
    assert "<p>Déjà en <em>HTML</em>, /blogok.</p>" in html
    assert "Ada" in html


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_diagnostics_are_logged_again_on_cached_builds(build_site: BuildSite, layer: str) -> None:
    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": layer}
    files = {
        "_posts/2019-01-01-sans-titre.md": "---\nauthor: A\n---\nCorps\n",
        "_posts/2019-01-02-casse.md": "---\ntitle: [oups\n---\nCorps\n",
    }
    for _ in range(2):
        site = build_site(files, settings)
        messages = site.messages()
        assert sum("2019-01-01-sans-titre.md:1:1: JK002" in m for m in messages) == 1, messages
        assert sum("2019-01-02-casse.md:" in m and "JK000" in m for m in messages) == 1, messages
        files = {}


def test_author_and_category_with_the_same_name_do_not_crash_feeds(build_site: BuildSite) -> None:
    # Pelican's defaults write both feeds to feeds/{slug}.atom.xml.
    site = build_site(
        {"_posts/2019-01-01-x.md": "---\ntitle: X\nauthor: DINUM\ncategories: dinum\n---\nx\n"},
        {
            "AUTHOR_FEED_ATOM": "feeds/{slug}.atom.xml",
            "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
        },
    )
    assert "<title>Blog" not in site.read("feeds/dinum.atom.xml")
    assert site.exists("feeds/author.dinum.atom.xml")
    assert any("share slugs (dinum)" in m for m in site.messages())


def test_two_posts_with_one_url_do_not_stop_the_build(build_site: BuildSite) -> None:
    site = build_site(
        {
            "_posts/2019-01-01-doublon.md": "---\ntitle: Premier\n---\nA\n",
            "_posts/2019-01-01-doublon.markdown": "---\ntitle: Second\n---\nB\n",
        }
    )
    # Jekyll writes posts in path order, so the last path wins.
    assert "Premier" in site.read("2019/01/01/doublon.html")
    assert any(
        m.startswith("Conflict: _posts/2019-01-01-doublon.markdown") for m in site.messages()
    )


def test_a_bug_in_an_optional_step_does_not_lose_the_site(
    build_site: BuildSite, monkeypatch
) -> None:
    from pelican_fast.plugin import laureate_step

    def broken(*_args: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(laureate_step, "finalize", broken)
    site = build_site({"_posts/2019-01-01-a.md": "---\ntitle: A\n---\nA\n"})
    assert site.exists("2019/01/01/a.html")
    assert any("laureate cards failed" in m for m in site.messages())


def test_link_to_a_collection_document_keeps_its_fragment_once(build_site) -> None:
    site = build_site(
        {
            "_posts/2020-01-01-a.md": (
                "---\ntitle: A\n---\n[h]({% link _docs/history.md %}#v3-9-3) "
                "[p]({% link\n  about.md %})\n"
            ),
            "_docs/history.md": "---\ntitle: H\n---\nH\n",
            "about.md": "---\ntitle: About\n---\nA\n",
        },
        {"PELICAN_FAST": {"jekyll_config": "_config.yml"}, "ARTICLE_PATHS": ["_posts"]},
        root_files={"_config.yml": "permalink: date\n"},
    )
    page = soup(site.read("2020/01/01/a.html"))
    assert page.find("a", string="h")["href"] == "/docs/history.html#v3-9-3"
    assert page.find("a", string="p")["href"] == "/about.html"


def test_liquid_includes_data_and_loops_in_a_cached_build(build_site) -> None:
    files = {
        "_posts/2020-02-02-liquid.md": (
            "---\ntitle: Liquid\nimages: [a.png, b.png]\n---\n"
            "{% include note.html text=page.title %}\n\n"
            "| name | role |\n| --- | --- |\n"
            "{% for m in site.data.team %}| {{ m.name }} | {{ m.role | upcase }} |\n{% endfor %}\n"
            "![x]({{ page.images[1] | relative_url }}) {{ page.title | }}\n"
        ),
    }
    root = {
        "_config.yml": "permalink: date\nbaseurl: /b\n",
        "_includes/note.html": '<p class="note">{{ include.text }}</p>',
        "_data/team.yml": "- {name: Ada, role: dev}\n- {name: Bob, role: ops}\n",
    }
    settings = {
        "PELICAN_FAST": {"jekyll_config": "_config.yml"},
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
    }
    first = build_site(files, settings, root_files=root).read("2020/02/02/liquid.html")
    second_site = build_site(files, settings, root_files=root)
    second = second_site.read("2020/02/02/liquid.html")
    page = soup(first)
    assert page.select_one("p.note").text == "Liquid"
    assert [td.text for td in page.select("td")] == ["Ada", "DEV", "Bob", "OPS"]
    assert page.find("img")["src"] == "/b/b.png"
    assert "{{" not in first and "{%" not in first
    assert second == first
    assert not [m for m in second_site.messages() if "JK01" in m]
