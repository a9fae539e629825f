"""Jekyll semantics of one post: dates, categories, tags, authors, titles, slugs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pelican_fast.jekyll.config import JekyllSite, build_site
from pelican_fast.jekyll.post import classify, read_post, split_tags

UTC = ZoneInfo("UTC")
PARIS = ZoneInfo("Europe/Paris")


def post(front: dict, path: str = "_posts/2019-12-03-le-fast.md", tz: str = "UTC", **kw):
    return read_post(path, front, JekyllSite(timezone=tz), **kw)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2019, 12, 4), dt.datetime(2019, 12, 4, tzinfo=PARIS)),
        # An unquoted YAML timestamp without offset is UTC (Psych/SafeYAML).
        (dt.datetime(2019, 12, 4, 10, 0), dt.datetime(2019, 12, 4, 11, 0, tzinfo=PARIS)),
        (
            dt.datetime(2019, 12, 4, 10, 0, tzinfo=dt.UTC),
            dt.datetime(2019, 12, 4, 11, 0, tzinfo=PARIS),
        ),
        # A quoted string is local time unless it carries an offset (Time.parse).
        ("2019-12-04", dt.datetime(2019, 12, 4, tzinfo=PARIS)),
        ("2019-12-04 10:00", dt.datetime(2019, 12, 4, 10, 0, tzinfo=PARIS)),
        ("2019-12-04 10:00:00 +0000", dt.datetime(2019, 12, 4, 11, 0, tzinfo=PARIS)),
        ("2019-12-04T10:00:00Z", dt.datetime(2019, 12, 4, 11, 0, tzinfo=PARIS)),
    ],
)
def test_date_forms(value: object, expected: dt.datetime) -> None:
    result = post({"date": value}, tz="Europe/Paris").date
    assert result == expected
    assert result is not None and result.utcoffset() == expected.utcoffset()


def test_missing_date_uses_file_name() -> None:
    assert post({}).date == dt.datetime(2019, 12, 3, tzinfo=UTC)


def test_invalid_date_warns_and_falls_back_to_file_name() -> None:
    result = post({"date": "pas une date"})
    assert result.date == dt.datetime(2019, 12, 3, tzinfo=UTC)
    assert any(d.code == "JK003" for d in result.diagnostics)


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ({"categories": "general"}, ["general"]),
        ({"categories": "dinsic appels"}, ["dinsic", "appels"]),
        ({"categories": ["Vie locale", "fast"]}, ["Vie locale", "fast"]),
        ({"category": "Vie locale"}, ["Vie locale"]),
        ({"categories": ["a"], "category": "b"}, ["a", "b"]),
        ({"categories": [2019, None]}, ["2019", ""]),
        ({"categories": None}, []),
        ({}, []),
    ],
)
def test_categories(front: dict, expected: list[str]) -> None:
    assert post(front).categories == expected


def test_posts_folder_never_becomes_a_category_but_parent_folders_do() -> None:
    assert post({}, path="_posts/2019-12-03-x.md").categories == []
    assert post({}, path="dinsic/_posts/2019-12-03-x.md").categories == ["dinsic"]
    assert post({}, path="_posts/sub/2019-12-03-x.md").categories == []


@pytest.mark.parametrize(
    ("raw", "mode", "expected"),
    [
        (None, "comma-or-space", []),
        ("", "comma-or-space", []),
        ("fonds faq", "comma-or-space", ["fonds", "faq"]),
        ("territoires, préincubation", "comma-or-space", ["territoires", "préincubation"]),
        ("territoires, préincubation", "space", ["territoires,", "préincubation"]),
        ("startups d'État, fonds", "comma", ["startups d'État", "fonds"]),
        (["a b", "c", None, 3], "comma-or-space", ["a b", "c", "3"]),
    ],
)
def test_tags(raw: object, mode: str, expected: list[str]) -> None:
    assert split_tags(raw, mode) == expected


def test_singular_tag_key() -> None:
    assert post({"tag": "seul"}).tags == ["seul"]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ({"author": "Marie Dupont"}, ["Marie Dupont"]),
        ({"authors": ["Marie Dupont", "Paul Martin"]}, ["Marie Dupont", "Paul Martin"]),
        ({"authors": "Marie Dupont, Paul Martin"}, ["Marie Dupont", "Paul Martin"]),
        ({}, []),
    ],
)
def test_authors(front: dict, expected: list[str]) -> None:
    assert post(front).authors == expected


def test_missing_title_is_derived_from_slug_with_a_warning() -> None:
    result = post({}, path="_posts/2020-05-05-fin-de-l-appel.md")
    assert result.title == "Fin De L Appel"
    assert [d.code for d in result.diagnostics] == ["JK002"]


def test_non_string_title() -> None:
    assert post({"title": 2019}).title == "2019"


def test_published_false() -> None:
    assert post({"published": False}).published is False
    assert post({"published": "false"}).published is True  # Jekyll compares with false itself


def test_redirect_from_string_or_list() -> None:
    assert post({"redirect_from": "/old/"}).redirect_from == ["/old/"]
    assert post({"redirect_from": ["/a/", "/b.html"]}).redirect_from == ["/a/", "/b.html"]


def test_classify() -> None:
    assert classify("_posts/2019-01-01-a.md") == "post"
    assert classify("blog/_posts/2019-1-1-a.markdown") == "post"
    assert classify("_posts/notes.md") == "ignored"
    assert classify("_drafts/idea.md") == "draft"
    assert classify("about.md") == "other"


def test_front_matter_defaults_from_config() -> None:
    site = build_site(
        {
            "defaults": [
                {"scope": {"path": "", "type": "posts"}, "values": {"author": "Équipe"}},
                {"scope": {"path": "dinsic"}, "values": {"author": "DINSIC"}},
            ]
        },
        {},
        "UTC",
    )
    assert read_post("_posts/2019-01-01-a.md", {}, site).authors == ["Équipe"]
    assert read_post("dinsic/_posts/2019-01-01-a.md", {}, site).authors == ["DINSIC"]
    assert read_post("_posts/2019-01-01-a.md", {"author": "Moi"}, site).authors == ["Moi"]


def test_settings_override_jekyll_config() -> None:
    site = build_site(
        {"permalink": "pretty", "timezone": "Europe/Paris", "baseurl": "blog/"},
        {"permalink": "/:title/", "timezone": None},
        "UTC",
    )
    assert site.permalink == "/:title/"
    assert site.timezone == "Europe/Paris"
    assert site.baseurl == "/blog"
