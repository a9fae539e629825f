"""Links inside raw HTML: every URL attribute, exact spans, the same repairs as Markdown."""

from __future__ import annotations

import pytest

from pelican_fast.links.model import HTML, SAFE
from pelican_fast.links.scanner import scan, srcset_candidates
from tests.links.helpers import codes, fixed, lint


def html_links(text: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, URL) of each HTML link, checking that its span holds the URL."""
    found = []
    for link in scan(text).links:
        if link.kind != HTML:
            continue
        assert text[link.dest_start : link.dest_end] == link.url
        found.append((link.tag, link.attr, link.url))
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '<video src="/v.mp4" poster="/p.png"></video>',
            {("video", "src", "/v.mp4"), ("video", "poster", "/p.png")},
        ),
        ('<object data="/doc.pdf"></object>', {("object", "data", "/doc.pdf")}),
        ('<form action="https://a.fr/f"></form>', {("form", "action", "https://a.fr/f")}),
        (
            '<blockquote cite="https://a.fr/c">x</blockquote>',
            {("blockquote", "cite", "https://a.fr/c")},
        ),
        (
            '<table background="/bg.png"><tr><td>x</td></tr></table>',
            {("table", "background", "/bg.png")},
        ),
        ('<link href="/feed.xml">', {("link", "href", "/feed.xml")}),
        ('x <span data-src="/no.png">y</span>', set()),
        ('x <form action="">y</form>', set()),
        ('<blockquote cite="Jean">x</blockquote>', set()),
        ('<q cite="./source.html">x</q>', {("q", "cite", "./source.html")}),
    ],
)
def test_every_url_attribute_of_any_tag_is_a_link(text: str, expected: set) -> None:
    assert set(html_links(text + "\n")) == expected


def test_srcset_gives_one_link_per_candidate_with_its_exact_span() -> None:
    text = '<img alt="" srcset="/a.png 1x, /b%20c.png 2x,/d.png, https://e.fr/f(1).png 3x" src="/a.png">\n'
    urls = [url for _, attr, url in html_links(text) if attr == "srcset"]
    assert urls == ["/a.png", "/b%20c.png", "/d.png", "https://e.fr/f(1).png"]


def test_srcset_splitting() -> None:
    assert srcset_candidates("") == []
    assert srcset_candidates(" , ,") == []
    assert srcset_candidates("a.png") == [(0, 5)]
    value = "a.png 100w, b.png (x, y) 2x,c.png"
    assert [value[s:e] for s, e in srcset_candidates(value)] == ["a.png", "b.png", "c.png"]


def test_srcset_candidate_is_repaired_in_place() -> None:
    text = '<img alt="x" srcset="/a.png 1x, https//b.fr/c.png 2x">\n'
    assert "PF206" in codes(text)
    assert fixed(text) == '<img alt="x" srcset="/a.png 1x, https://b.fr/c.png 2x">\n'


def test_poster_without_scheme_gets_the_markdown_repair() -> None:
    text = '<video poster="www.x.fr/a.png" src="/v.mp4"></video>\n'
    assert "PF203" in codes(text)
    assert fixed(text) == '<video poster="https://www.x.fr/a.png" src="/v.mp4"></video>\n'


def test_mailto_blank_in_an_attribute() -> None:
    text = 'Écrire à <a href="mailto: a@b.fr">a@b.fr</a>\n'
    assert fixed(text) == 'Écrire à <a href="mailto:a@b.fr">a@b.fr</a>\n'


def test_angle_brackets_inside_an_iframe_block_attribute() -> None:
    text = (
        "Avant.\n\n"
        '<iframe src="<https://mes-aides.1jeune1solution.beta.gouv.fr/>" width="100%"></iframe>\n\n'
        "Après.\n"
    )
    found = [f for f in lint(text) if f.code == "PF101"]
    assert len(found) == 1
    assert (
        text[found[0].start : found[0].end] == "<https://mes-aides.1jeune1solution.beta.gouv.fr/>"
    )
    assert found[0].fix is not None and found[0].fix.applicability == SAFE
    assert '<iframe src="https://mes-aides.1jeune1solution.beta.gouv.fr/" width' in fixed(
        text, False
    )


TYPOGRAPHIC = (
    'Voir <a target="_blank" rel="noopener" '
    "href=”https://www.1jeune1solution.gouv.fr/mes-aides”\\>les aides</a> ici.\n"
)


def test_typographic_quotes_and_escaped_end_safe_fix_keeps_html() -> None:
    found = [f for f in lint(TYPOGRAPHIC) if f.code == "PF108"]
    assert len(found) == 1, lint(TYPOGRAPHIC)
    assert "typographic quotes" in found[0].message
    assert "PF209" not in codes(TYPOGRAPHIC)  # not "plain text": it is a broken tag
    assert fixed(TYPOGRAPHIC, unsafe=False) == (
        'Voir <a target="_blank" rel="noopener" '
        'href="https://www.1jeune1solution.gouv.fr/mes-aides">les aides</a> ici.\n'
    )


def test_typographic_quotes_unsafe_fix_is_the_markdown_link() -> None:
    assert fixed(TYPOGRAPHIC) == (
        "Voir [les aides](https://www.1jeune1solution.gouv.fr/mes-aides) ici.\n"
    )


def test_no_markdown_rewrite_when_the_tag_has_other_attributes() -> None:
    text = '<a class="btn" href=”https://a.fr/x”\\>les aides</a>\n'
    assert fixed(text) == '<a class="btn" href="https://a.fr/x">les aides</a>\n'


def test_no_markdown_rewrite_when_the_text_holds_markup() -> None:
    text = "<a href=”https://a.fr/x”\\>les <b>aides</b></a>\n"
    assert fixed(text) == '<a href="https://a.fr/x">les <b>aides</b></a>\n'


def test_unclosed_quote_message_says_what_is_wrong() -> None:
    text = 'Voir <a href="http://www.knightfoundation.org/grants/201447979>Knight Foundation</a>.\n'
    found = [f for f in lint(text) if f.code == "PF108"]
    assert len(found) == 1
    message = found[0].message
    assert 'href=""' not in message
    assert "never closed" in message
    assert 'href="http://www.knightfoundation.org/grants/201447979"' in message
    assert fixed(text) == (
        'Voir <a href="http://www.knightfoundation.org/grants/201447979">Knight Foundation</a>.\n'
    )


def test_fixing_html_links_is_idempotent() -> None:
    for text in (TYPOGRAPHIC, '<img alt="" srcset="www.a.fr/x.png 1x">\n'):
        once = fixed(text)
        assert fixed(once) == once


@pytest.mark.parametrize(
    "unit",
    ["<a href=”x”\\>t</a>", "<a href=\\>", '<img srcset="a 1x,', "<a href=x>t", '<iframe src="/>'],
)
def test_html_scanning_stays_linear(unit: str) -> None:
    small = scan(unit * (250_000 // len(unit))).work
    large = scan(unit * (1_000_000 // len(unit))).work
    assert large <= 4.5 * max(small, 1)
