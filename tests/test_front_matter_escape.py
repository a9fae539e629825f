"""Front matter reaches Pelican's templates escaped: a description cannot open a tag.

Built end to end with Pelican's own ``simple`` theme, which prints
``{{ article.description }}`` raw in ``<meta content="…">`` and the title
through ``striptags`` in an attribute.
"""

from __future__ import annotations

from markupsafe import Markup

from pelican_fast.core.safe_html import escape_text, escape_value
from tests.conftest import BuildSite
from tests.test_xss import _local, dangers, parse

HOSTILE = """---
title: 'Titre x" autofocus onfocus="alert(1)'
date: 2020-01-10
description: '"><script>alert(2)</script><img src=x onerror=alert(3)>'
image: '" onerror="alert(4)'
---
Corps.
"""

HONEST = """---
title: Un titre
date: 2020-01-11
description: 'Fast & "furieux" <3 l''été'
---
Corps.
"""


def _meta_description(html: str) -> list[str]:
    return [
        element.get("content", "")
        for element in parse(html).iter()
        if isinstance(element.tag, str)
        and _local(element.tag)[1] == "meta"
        and element.get("name") == "description"
    ]


def test_front_matter_is_escaped_in_the_simple_theme(build_site: BuildSite) -> None:
    site = build_site(
        {"_posts/2020-01-10-piege.md": HOSTILE, "_posts/2020-01-11-honnete.md": HONEST},
        {"THEME": "simple"},
    )
    pages = site.html_files()
    assert len(pages) > 3
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert dangers(html, whole_page=True) == [], page
    [hostile] = site.output.rglob("piege.html")
    html = hostile.read_text(encoding="utf-8")
    assert _meta_description(html) == ['"> alert(2)']  # tags removed, the rest is text
    [honest] = site.output.rglob("honnete.html")
    html = honest.read_text(encoding="utf-8")
    # Decoded once by the browser, the text is what the author wrote.
    assert _meta_description(html) == ['Fast & "furieux" <3 l\'été']
    assert 'content="Fast &amp; &quot;furieux&quot; &lt;3 l&#x27;été"' in html


def test_front_matter_is_raw_without_safe_html(build_site: BuildSite) -> None:
    site = build_site(
        {"_posts/2020-01-11-honnete.md": HONEST},
        {"THEME": "simple", "PELICAN_FAST": {"safe_html": False}},
    )
    [honest] = site.output.rglob("honnete.html")
    assert 'content="Fast & "furieux" <3' in honest.read_text(encoding="utf-8")


def test_escape_value_is_once_and_follows_structures() -> None:
    shared = ["<b>x</b> & y", {"k": '"q"'}]
    escaped = escape_value({"a": shared, "b": shared, "n": 3, "t": True, "s": "a&b"})
    assert escaped["a"] == [Markup("x &amp; y"), {"k": Markup("&quot;q&quot;")}]
    assert escaped["a"] is escaped["b"] and escaped["n"] == 3 and escaped["t"] is True
    assert str(Markup.escape(escaped["s"])) == "a&amp;b"  # |e does not escape twice
    looped: list[object] = []
    looped.append(looped)
    assert escape_value(looped)[0] is not looped


def test_escape_text_quotes_cannot_end_an_attribute() -> None:
    assert escape_text('Il a dit "bonjour"') == "Il a dit \u201cbonjour\u201d"
    title = escape_text('x" autofocus onfocus="alert(1)')
    assert '"' not in Markup(title).striptags()
