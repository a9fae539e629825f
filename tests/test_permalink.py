"""Jekyll 4.3 permalinks: styles, templates, placeholders, and Jekyll's quirks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pelican_fast.jekyll.config import JekyllSite
from pelican_fast.jekyll.permalink import STYLES, escape_path, slugify, template_for
from pelican_fast.jekyll.post import read_post

PARIS = "Europe/Paris"


def url_of(path: str, front: dict | None = None, permalink: str = "date", tz: str = "UTC"):
    site = JekyllSite(permalink=template_for(permalink), timezone=tz)
    post = read_post(path, front or {}, site)
    assert post.location is not None
    return post.location.url, post.location.save_as


# The table "Given a post named 2009-04-29-slap-chop.md" of Jekyll's permalink docs.
@pytest.mark.parametrize(
    ("template", "url", "save_as"),
    [
        (
            "/:categories/:year/:month/:day/:title:output_ext",
            "/2009/04/29/slap-chop.html",
            "2009/04/29/slap-chop.html",
        ),
        (
            "/:categories/:year/:month/:day/:title/",
            "/2009/04/29/slap-chop/",
            "2009/04/29/slap-chop/index.html",
        ),
        ("/:year/:month/:title", "/2009/04/slap-chop", "2009/04/slap-chop.html"),
    ],
)
def test_documented_templates(template: str, url: str, save_as: str) -> None:
    assert url_of("_posts/2009-04-29-slap-chop.md", permalink=template) == (url, save_as)


@pytest.mark.parametrize(
    ("style", "url"),
    [
        ("date", "/general/2019/12/03/le-fast.html"),
        ("pretty", "/general/2019/12/03/le-fast/"),
        ("ordinal", "/general/2019/337/le-fast.html"),
        ("weekdate", "/general/2019/W49/Tue/le-fast.html"),
        ("none", "/general/le-fast.html"),
    ],
)
def test_builtin_styles(style: str, url: str) -> None:
    assert url_of("_posts/2019-12-03-le-fast.md", {"categories": "general"}, style)[0] == url


def test_every_placeholder() -> None:
    template = (
        "/:year/:short_year/:month/:i_month/:short_month/:long_month/:day/:i_day/"
        ":y_day/:w_year/:week/:w_day/:short_day/:long_day/:hour/:minute/:second/"
        ":slug/:name/:collection:output_ext"
    )
    url, _ = url_of(
        "_posts/2021-01-03-Hello-World.md", {"date": dt.datetime(2021, 1, 3, 7, 8, 9)}, template
    )
    # 3 January 2021 is a Sunday in ISO week 53 of 2020.
    assert url == (
        "/2021/21/01/1/Jan/January/03/3/003/2020/53/7/Sun/Sunday/07/08/09/"
        "hello-world/2021-01-03-hello-world/posts.html"
    )


def test_title_keeps_case_slug_lowercases() -> None:
    assert url_of("_posts/2019-12-03-Le-FAST.md", permalink="/:title/")[0] == "/Le-FAST/"
    assert url_of("_posts/2019-12-03-Le-FAST.md", permalink="/:slug/")[0] == "/le-fast/"


def test_accented_file_name_is_percent_encoded_in_url_not_on_disk() -> None:
    url, save_as = url_of("_posts/2020-01-15-été-numérique.md", permalink="date")
    assert url == "/2020/01/15/%C3%A9t%C3%A9-num%C3%A9rique.html"
    assert save_as == "2020/01/15/été-numérique.html"


def test_categories_lowercased_spaces_escaped_and_deduplicated() -> None:
    url, save_as = url_of(
        "_posts/2020-01-15-x.md",
        {"categories": ["Vie de la communauté", "vie de la communauté"]},
        "pretty",
    )
    assert url == "/vie%20de%20la%20communaut%C3%A9/2020/01/15/x/"
    assert save_as == "vie de la communauté/2020/01/15/x/index.html"


def test_categories_from_folders_above_posts_come_first() -> None:
    url, _ = url_of("dinsic/_posts/2019-04-19-faq.md", {"categories": "fast"}, "pretty")
    assert url == "/dinsic/fast/2019/04/19/faq/"


def test_slugified_categories() -> None:
    url, _ = url_of(
        "_posts/2019-04-19-faq.md",
        {"categories": ["Vie Locale!"]},
        "/:slugified_categories/:title/",
    )
    assert url == "/vie-locale/faq/"


def test_front_matter_date_decides_the_url_not_the_file_name() -> None:
    url, _ = url_of("_posts/2019-10-01-appel.md", {"date": "2019-10-02 09:00"}, "pretty")
    assert url == "/2019/10/02/appel/"


def test_timezone_moves_the_day() -> None:
    late = dt.datetime(2019, 12, 3, 23, 30, tzinfo=dt.UTC)
    assert url_of("_posts/2019-12-03-x.md", {"date": late}, "pretty", PARIS)[0] == "/2019/12/04/x/"
    assert url_of("_posts/2019-12-03-x.md", {"date": late}, "pretty", "UTC")[0] == "/2019/12/03/x/"


def test_own_permalink_wins_and_takes_placeholders() -> None:
    assert url_of("_posts/2020-03-10-bilan.md", {"permalink": "/fast/bilan-2020/"}, "pretty") == (
        "/fast/bilan-2020/",
        "fast/bilan-2020/index.html",
    )
    assert url_of("_posts/2020-03-10-bilan.md", {"permalink": "/blog/:year/:title.html"})[0] == (
        "/blog/2020/bilan.html"
    )


def test_front_matter_slug_overrides_file_name() -> None:
    front = {"slug": "Mon Slug Perso"}
    assert url_of("_posts/2020-03-10-bilan.md", front, "/:title/")[0] == "/Mon-Slug-Perso/"
    assert url_of("_posts/2020-03-10-bilan.md", front, "/:slug/")[0] == "/mon-slug-perso/"


def test_sanitize_quirks_double_dots_and_trailing_dots() -> None:
    assert url_of("_posts/2019-01-01-v1..2.md")[0] == "/2019/01/01/v1/2.html"
    assert url_of("_posts/2019-01-01-hello..md")[0] == "/2019/01/01/hello.html"


def test_pretty_slugify_keeps_punctuation_jekyll_keeps() -> None:
    assert slugify("L'été, c'est (bien) !", mode="pretty", cased=True) == "L'été,-c'est-(bien)-!"
    assert slugify("The _config.yml file") == "the-config-yml-file"
    assert slugify("The _config.yml file", mode="pretty") == "the-_config.yml-file"


def test_escape_path() -> None:
    assert escape_path("plain/path-1.html") == "plain/path-1.html"
    assert escape_path("a b#c") == "a%20b%23c"


def test_style_names() -> None:
    assert template_for(":pretty") == STYLES["pretty"]
    assert template_for(None) == STYLES["date"]
    assert template_for("/:title/") == "/:title/"


def test_date_in_paris_is_local_midnight() -> None:
    site = JekyllSite(timezone=PARIS)
    post = read_post("_posts/2019-12-03-x.md", {"date": dt.date(2019, 12, 3)}, site)
    assert post.date == dt.datetime(2019, 12, 3, tzinfo=ZoneInfo(PARIS))


@pytest.mark.parametrize(
    ("path", "is_dir", "excluded"),
    [
        ("vendor/bundle", True, True),  # Jekyll's default excludes
        ("vendor/bundle/ruby/gems/x/README.md", False, True),
        ("Gemfile.lock", False, True),  # a pattern is also a prefix, as in Jekyll
        ("notes", True, True),  # "notes/" names the folder
        ("notes/idee.md", False, True),
        ("notesbis.md", False, True),  # prefix: Jekyll's start_with? too
        ("x/brouillon.txt", False, True),  # a glob's * crosses "/"
        ("x/garder.txt", False, False),  # include: the last part matches
        ("assets", True, False),
        ("assets/cache", True, False),  # include: the folder itself
        ("assets/cache/a.md", False, False),
        ("_posts/2020-01-01-a.md", False, False),
    ],
)
def test_jekyll_exclude_and_include(path: str, is_dir: bool, excluded: bool) -> None:
    from pelican_fast.jekyll.config import build_site

    site = build_site(
        {
            "exclude": ["notes", "*.txt", "assets/cache/"],
            "include": ["garder.txt", "assets/cache/"],
        },
        {},
        None,
    )
    assert site.excluded(path, is_dir) is excluded
