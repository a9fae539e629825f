"""Liquid as Jekyll 4.3 runs it: recorded Jekyll output, the blog's own tags and filters,
errors that keep the post, and linear behaviour on hostile input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from pelican_fast.jekyll.config import build_site
from pelican_fast.jekyll.liquid import LiquidContext, render, report_lines, summarize
from tests.conftest import REPO
from tools.jekyll_liquid_corpus import CASES, CONFIG, FILES, PAGE

RECORDED = json.loads((REPO / "tests" / "data" / "jekyll_liquid.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("jekyll")
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    for relative, text in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def context(source: Path, **fields: object) -> LiquidContext:
    site = build_site(yaml.safe_load(CONFIG), {}, "UTC", str(source))
    # what the reader gives: the front matter and the post's date (here the file name's)
    page = {**yaml.safe_load(PAGE), "date": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)}
    return LiquidContext(
        site=site.variables, page=page, baseurl=site.baseurl, url=site.url, **fields
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(set(RECORDED) - {"links"}))
def test_same_output_as_jekyll(source: Path, name: str) -> None:
    found = context(source)
    assert render(CASES[name], found) == RECORDED[name]


def test_highlight_becomes_a_fence_for_markdown(source: Path) -> None:
    assert render(CASES["highlight"], context(source)) == "\n```ruby\nx = Cas\n```\n"


def test_cross_file_tags_are_markers(source: Path) -> None:
    text = "{% post_url 2019-04-19-faq %} {% link _docs/history.md %} {% link {{ page.doc }} %}"
    found = context(source)
    found.page = {**found.page, "doc": "/about.md"}
    assert render(text, found) == (
        "pelican-fast-post-url:2019-04-19-faq:end pelican-fast-link:_docs/history.md:end "
        "pelican-fast-link:about.md:end"
    )


def test_include_cached_is_include(source: Path) -> None:
    found = context(source)
    assert render("{% include_cached hello.html who='C' %}", found) == "Hello C!"


def test_include_relative_and_missing_include(source: Path) -> None:
    post = source / "_posts" / "2020-01-01-x.md"
    found = context(source, path=str(post), line_offset=5)
    out = render("a\n{% include_relative part.html %}\n{% include nope.html %}", found)
    assert out == "a\npartial Cas\n{% include nope.html %}"
    [diagnostic] = found.diagnostics
    assert (diagnostic.line, diagnostic.column, diagnostic.code) == (7, 1, "JK010")
    assert "nope.html" in diagnostic.message and "not found" in diagnostic.message


def test_user_filters_and_tags(source: Path) -> None:
    calls: list[tuple[str, object]] = []

    def embed(value: str, width: int = 560) -> str:
        return f'<iframe src="https://www.youtube.com/embed/{value.rsplit("=", 1)[-1]}" width="{width}"></iframe>'

    def oembed(markup: str, variables: dict) -> str:
        calls.append((markup, variables["page"]["title"]))
        return f"<div>{markup.strip()}</div>"

    found = context(source, filters={"embed": embed}, tags={"oembed": oembed})
    out = render(
        "{{ 'https://youtu.be/watch?v=ab' | embed: 300 }}{% oembed https://x.y/z %}", found
    )
    assert (
        out
        == '<iframe src="https://www.youtube.com/embed/ab" width="300"></iframe><div>https://x.y/z</div>'
    )
    assert calls == [("https://x.y/z", "Cas")]
    assert not found.unsupported and not found.diagnostics


def test_user_tag_sees_include_variables(source: Path, tmp_path: Path) -> None:
    found = context(source, tags={"who": lambda markup, variables: variables["include"]["who"]})
    (source / "_includes" / "who.html").write_text("<{% who %}>", encoding="utf-8")
    assert render("{% include who.html who='Zoé' %}", found) == "<Zoé>"


def test_unknown_tags_and_filters_counted_once_per_place(source: Path) -> None:
    found = context(source, line_offset=10)
    text = "{% for i in (1..3) %}{{ i | team_link }}{% endfor %}\n{% oembed a %}\n{% oembed b %}"
    out = render(text, found)
    assert out == "123\n{% oembed a %}\n{% oembed b %}"
    assert found.unsupported == {"| team_link": 1, "{% oembed %}": 2}
    assert found.unsupported_lines == {"| team_link": 10, "{% oembed %}": 11}
    assert found.diagnostics == []
    rows = list(summarize([("a.md", found.unsupported, found.unsupported_lines)] * 3))
    assert rows[0] == ("{% oembed %}", 6, 3, "a.md:11")
    assert report_lines([("a.md", found.unsupported, found.unsupported_lines)] * 3) == [
        "a.md:11: JK011 Liquid tag {% oembed %} is unknown (6 uses in 3 files; left as written);"
        " register it in PELICAN_FAST['liquid']['tags']",
        "a.md:10: JK011 Liquid filter | team_link is unknown (3 uses in 3 files; ignored, as "
        "Jekyll does without the plugin); register it in PELICAN_FAST['liquid']['filters']",
    ]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # the structure is broken: the text is kept as written
        ("x {% if a %}y", "x {% if a %}y"),
        ("x {{ a ", "x {{ a "),
        ("x {% a", "x {% a"),
        ("x {% raw %}{{ y }}", "x {% raw %}{{ y }}"),
        ("x {% comment %} y", "x {% comment %} y"),
        # one bad tag (that Ruby's lax parser refuses too): that tag is dropped
        ("{% for %}{% endfor %}x", "x"),
        ("{% if a == b and %}y{% endif %}x", "x"),
        ("{{ 'a' | replace: 'a', 'b', 'c' }}x", "x"),
    ],
)
def test_syntax_error_keeps_the_post_with_one_diagnostic(
    source: Path, text: str, kept: str
) -> None:
    """Jekyll stops the build; we keep the post and say where."""
    found = context(source, line_offset=3)
    assert render(text, found) == kept
    assert [d.code for d in found.diagnostics] == ["JK010"]
    assert found.diagnostics[0].line == 3


def test_strict_error_mode_keeps_the_text(source: Path) -> None:
    found = context(source)
    found.site = {**found.site, "liquid": {"error_mode": "strict", "strict_filters": True}}
    assert render("{{ 'a' | nope }}", found) == "{{ 'a' | nope }}"
    assert len(found.diagnostics) == 1


@pytest.mark.parametrize("opener", ["{% raw %}", "{% comment %}", "{{ ", "{% ", "{% if a %}"])
def test_hostile_input_one_diagnostic_and_linear(source: Path, opener: str) -> None:
    def steps(count: int) -> tuple[int, int]:
        found = context(source)
        text = (opener + "x\n") * count
        render(text, found)
        return len(found.diagnostics), found.errors

    small, large = steps(10_000), steps(20_000)
    assert small[0] == large[0] == 1
    # errors found grow at most linearly with the input (one per opener at worst)
    assert large[1] <= 2 * max(small[1], 1) + 1


def test_site_data_and_time(source: Path) -> None:
    found = context(source)
    assert render("{{ site.data.team.size }} {{ site.time | date: '%Y' }}", found).startswith(
        "3 20"
    )


def test_link_targets_pages_and_collection_documents_as_jekyll(source: Path) -> None:
    from pelican_fast.jekyll.documents import document_url
    from tools.jekyll_liquid_corpus import LINK_TARGETS

    config = yaml.safe_load(CONFIG)
    found = ["/blog" + str(document_url(str(source), target, config)) for target in LINK_TARGETS]
    assert "|".join(found) == RECORDED["links"]
    assert document_url(str(source), "_data/team.yml", config) is None


@pytest.mark.parametrize(
    "text",
    [
        "{% assign s = 'xxxxxxxxxx' %}"
        + "{% capture s %}{{ s }}{{ s }}{% endcapture %}" * 40
        + "{{ s | size }}",
        "{% assign s = 'xxxxxxxxxx' %}" + "{% assign s = s | append: s %}" * 40,
        "{% for i in (1..100000000) %}{{ i }}{% endfor %}",
    ],
)
def test_resource_bombs_end_in_one_diagnostic(source: Path, text: str) -> None:
    found = context(source)
    assert render(text, found) == text
    assert [d.code for d in found.diagnostics] == ["JK010"]


def test_recursive_include_ends_in_one_diagnostic(source: Path) -> None:
    (source / "_includes" / "self.html").write_text("x{% include self.html %}", encoding="utf-8")
    found = context(source, line_offset=4)
    assert render("a {% include self.html %} b", found) == "a {% include self.html %} b"
    [diagnostic] = found.diagnostics
    assert diagnostic.line == 4 and "recursive include" in diagnostic.message


def test_a_failing_user_tag_or_filter_is_reported_and_the_post_kept(source: Path) -> None:
    def broken(*_args: object) -> str:
        raise KeyError("team")

    found = context(source, filters={"team_link": broken}, tags={"oembed": broken}, line_offset=2)
    out = render("a {{ 'x' | team_link }} b\n{% oembed u %} c", found)
    assert out == "a  b\n c"
    [diagnostic] = found.diagnostics
    assert "team_link raised KeyError" in diagnostic.message and diagnostic.line == 2
    assert found.errors == 2


def test_error_in_an_include_names_it_and_the_line_of_the_include_tag(source: Path) -> None:
    (source / "_includes" / "bad.html").write_text("ok\n{{ 'a' | }\n", encoding="utf-8")
    found = context(source, line_offset=7)
    render("x\n\n{% include bad.html %}", found)
    [diagnostic] = found.diagnostics
    assert diagnostic.line == 9
    assert "in _includes/bad.html line 2" in diagnostic.message
