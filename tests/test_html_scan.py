"""html_scan finds the script elements html5lib (the WHATWG parser, scripting on) finds.

Token soups of the constructs that decide where a script starts and ends:
script-data escapes, comments, RAWTEXT/RCDATA elements, quoted attributes,
bogus comments, unclosed tags. The scanner must agree on every script's code.
"""

from __future__ import annotations

import html5lib
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican_fast.core import html_scan

TOKENS = [
    "<script>", "</script>", "<!--", "-->", "<script ", "</script ", "a", "<", ">", "-", '"',
    "'", '<p title="', "<textarea>", "</textarea>", "<!-- x -->", "<SCRIPT>", "</SCRIPT\t>",
    "<style>", "</style>", "<noscript>", "</noscript>", "<div>", "</div>", "<?x", "<!x>",
    "</ x>", "/", "=", " ", "\n", "<script/>", "<script src=x>", "<iframe>", "</iframe>",
    "<xmp>", "</xmp>", "<title>", "</title>", "<!--->", "<!-->", "--!>", "<plaintext>",
    "<noembed>", "</noembed>", "<noframes>", "</noframes>", "<a b='>'>", "<a b=>", "</>",
]  # fmt: skip
# Only what moves the script-data state machine: its escapes are found more often.
SCRIPT_DATA_TOKENS = [
    "<script>", "</script>", "<!--", "-->", "<script ", "</script/", "a", "-", "<", ">",
    "<!-->", "<!--->", "<SCRIPT>", "</SCRIPT\t>", "<scripts>", "</scripta",
]  # fmt: skip
HTML = "{http://www.w3.org/1999/xhtml}script"


def browser_scripts(text: str) -> list[str]:
    parser = html5lib.HTMLParser(namespaceHTMLElements=True)
    tree = parser.parse("<!doctype html><body>" + text, scripting=True)
    return [element.text or "" for element in tree.iter() if element.tag == HTML]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=16))
def test_scanner_agrees_with_html5lib(tokens: list[str]) -> None:
    text = "".join(tokens)
    assert [s.code for s in html_scan.scan(text).scripts] == browser_scripts(text), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SCRIPT_DATA_TOKENS), min_size=1, max_size=12))
def test_script_ends_where_html5lib_ends_it(tokens: list[str]) -> None:
    text = "<script>" + "".join(tokens)
    assert [s.code for s in html_scan.scan(text).scripts] == browser_scripts(text), text


def test_attributes_are_read_as_browsers_read_them() -> None:
    [script] = html_scan.scan(
        "<script SRC='https://a.example/x.js?a=1&amp;b=2' src=ignored async data-x=\"y\"></script>"
    ).scripts
    assert script.attributes == {
        "src": "https://a.example/x.js?a=1&b=2",
        "async": "",
        "data-x": "y",
    }
