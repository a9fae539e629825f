"""A post read once and placed by several templates lands where reading it again would."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from pelican_fast.jekyll.config import JekyllSite
from pelican_fast.jekyll.permalink import (
    GUESSED_TEMPLATES,
    PostIdentity,
    UnknownPlaceholder,
    placeholders,
    render_template,
)
from pelican_fast.jekyll.post import locations, read_post

TEMPLATES = (
    *GUESSED_TEMPLATES,
    "/:title_/:year_:month/",  # "title_" is not a placeholder: ":title" then "_"
    "/:nope/:title/",  # unknown placeholder: no location
    "/:slugified_categories/:week/:w_day:output_ext",
)
FRONTS = [
    {},
    {"categories": ["Équipe", ["nested", "Équipe"]], "title": "x"},
    {"category": "solo", "categories": "a b", "slug": "Mon Slug"},
    {"date": "2019-12-03 23:30:00 +0100"},
    {"date": dt.date(2020, 2, 29), "permalink": "/own/:title/"},
    {"permalink": "/own/:bad/"},
    {"date": "not a date"},
]
PATHS = ["_posts/2019-12-03-le-fast.md", "dinsic/_posts/2021-01-03-Héllo wörld.markdown"]


@pytest.mark.parametrize("front", FRONTS)
@pytest.mark.parametrize("path", PATHS)
def test_locations_match_reading_with_each_template(path: str, front: dict) -> None:
    site = JekyllSite(timezone="Europe/Paris")
    post = read_post(path, front, site)
    expected = [read_post(path, front, replace(site, permalink=t)).location for t in TEMPLATES]
    assert locations(post, TEMPLATES) == expected


def test_a_file_without_a_url_has_no_locations() -> None:
    post = read_post("about.md", {}, JekyllSite())
    assert locations(post, TEMPLATES) == [None] * len(TEMPLATES)


def test_render_template_resolves_underscored_names_against_the_mapping() -> None:
    # A mapping that knows "a_" uses it; one that knows only "a" keeps the "_".
    assert render_template("/:a_/x", {"a_": "1", "a": "2"}) == "/1/x"
    assert render_template("/:a_/x", {"a": "2"}) == "/2_/x"
    assert render_template("/:a__:b", {"a": "é", "b": "c"}) == "/%C3%A9__c"


@pytest.mark.parametrize(
    "template", [*TEMPLATES, "/:title__x/:month_/", ":year:day_", "/{x}}/:title{/", "/../.:slug//"]
)
def test_placeholders_render_as_a_plain_mapping_of_their_values(template: str) -> None:
    identity = PostIdentity(
        slug="Héllo wörld",
        basename="2021-01-03-x",
        categories=("A b", "é"),
        date=dt.datetime(2021, 1, 3, 7, 8, 9),
        cleaned_path="/2021-01-03-x",
    )
    values = placeholders(identity)
    plain = {name: values[name] for name in values}
    try:
        expected = render_template(template, plain)
    except UnknownPlaceholder as error:
        with pytest.raises(UnknownPlaceholder, match=error.args[0]):
            render_template(template, values)
        return
    assert render_template(template, values) == expected
    assert render_template(template, values) == expected  # its cached escapes too
