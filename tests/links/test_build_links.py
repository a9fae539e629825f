"""The link engine in a real Pelican build: the seed post's links repaired in the HTML."""

from __future__ import annotations

import logging

import pytest
from bs4 import BeautifulSoup
from pelican.log import LimitFilter

from pelican_fast.plugin import link_step
from pelican_fast.plugin.link_step import LinkErrors
from tests.conftest import SEED_NAME, BuildSite, seed_text

SEED_PAGE = "general/2019/12/03/le-fast-2e-edition-a-ses-laureats/index.html"
CONFIG = "permalink: pretty\ntimezone: Europe/Paris\nurl: https://blog.example\n"
OTHER = "---\ntitle: FAQ\ndate: 2019-04-20\ncategories: [dinsic]\n---\nBody.\n"


def seed_line(fragment: str) -> int:
    return next(n for n, line in enumerate(seed_text().splitlines(), 1) if fragment in line)


CACHE = {
    "CACHE_CONTENT": True,
    "LOAD_CONTENT_CACHE": True,
    "CONTENT_CACHING_LAYER": "reader",
    "CHECK_MODIFIED_METHOD": "md5",
}


def build(build_site: BuildSite, settings: dict | None = None, extra: dict | None = None):
    files = {f"_posts/{SEED_NAME}": seed_text(), **(extra or {})}
    fast = {"jekyll_config": "_config.yml", **(settings or {})}
    return build_site(files, {"PELICAN_FAST": fast, **CACHE}, root_files={"_config.yml": CONFIG})


def test_seed_links_are_repaired_in_the_built_page(build_site: BuildSite) -> None:
    site = build(build_site)
    page = BeautifulSoup(site.read(SEED_PAGE), "html.parser")
    hrefs = [a["href"] for a in page.find_all("a", href=True)]
    assert "https://beta.gouv.fr/startups/lapins.html" in hrefs
    assert not any(h.startswith("(") for h in hrefs)
    mail = page.find("a", string="fast@beta.gouv.fr")
    assert mail["href"] == "mailto:fast@beta.gouv.fr"
    assert "%20" not in site.read(SEED_PAGE).split("fast@beta.gouv.fr")[0][-40:]
    # The feed, written from the same content, has the repaired links too.
    feed = site.read("feeds/all.atom.xml")
    assert "https://beta.gouv.fr/startups/lapins.html" in feed
    assert "(https://beta.gouv.fr" not in feed


def test_every_broken_seed_link_is_logged_on_its_line(build_site: BuildSite) -> None:
    site = build(build_site)
    everything = site.messages(logging.INFO)
    path = f"_posts/{SEED_NAME}"
    lapins = seed_line("startups/lapins.html")
    mail = seed_line("mailto: fast@")
    image = seed_line("![]()")
    assert any(m.startswith(f"{path}:{lapins}:") and "PF101" in m for m in everything)
    assert any(m.startswith(f"{path}:{mail}:") and "PF201" in m for m in everything)
    # ![]() cannot be repaired: a warning with file:line, and one summary line.
    warnings = site.messages()
    assert any(m.startswith(f"{path}:{image}:") and "PF303" in m for m in warnings)
    summary = [m for m in warnings if m.startswith("pelican-fast: ")]
    assert len(summary) == 1 and "1 link error(s)" in summary[0] and "2 repaired" in summary[0]


def test_findings_survive_the_reader_cache(
    build_site: BuildSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(build_site)
    LimitFilter._raised_messages = set()  # a new `pelican` run is a new process
    LimitFilter._group_count.clear()

    def not_called(*args: object, **kwargs: object) -> None:
        raise AssertionError("the post should come from Pelican's cache")

    monkeypatch.setattr(link_step, "repair_body", not_called)
    site = build(build_site)
    assert any("PF303" in m for m in site.messages()), site.messages(logging.DEBUG)
    assert "https://beta.gouv.fr/startups/lapins.html" in site.read(SEED_PAGE)


def test_own_domain_link_to_a_post_checked_against_jekyll_urls(build_site: BuildSite) -> None:
    body = (
        "---\ntitle: Liens\ndate: 2019-05-01\n---\n"
        "[ok](https://blog.example/dinsic/2019/04/20/faq/) et\n"
        "[nom de fichier](https://blog.example/dinsic/2019/04/19/faq/)\n"
    )
    site = build(
        build_site,
        extra={"_posts/2019-04-19-faq.md": OTHER, "_posts/2019-05-01-liens.md": body},
    )
    messages = [m for m in site.messages() if "2019-05-01-liens.md" in m]
    assert any(m.startswith("_posts/2019-05-01-liens.md:6:") and "PF401" in m for m in messages), (
        site.messages()
    )
    assert not any(":5:" in m for m in messages), messages


def test_fail_on_error_fails_the_build(build_site: BuildSite) -> None:
    with pytest.raises(LinkErrors):
        build(build_site, {"links": {"fail_on_error": True}})


def test_fix_off_keeps_the_source_link(build_site: BuildSite) -> None:
    site = build(build_site, {"links": {"fix": False}})
    assert 'href="(https://beta.gouv.fr/startups/lapins.html"' in site.read(SEED_PAGE)
    assert any("PF101" in m for m in site.messages())


def test_ignore_in_lint_settings_applies_to_the_build(build_site: BuildSite) -> None:
    site = build(build_site, {"lint": {"ignore": ["PF3"]}})
    assert not any("PF303" in m for m in site.messages(logging.INFO))
