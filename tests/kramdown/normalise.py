"""What the comparison with kramdown's HTML treats as insignificant.

Both sides are parsed (html.parser) and written back the same way, so that:
- ASCII whitespace between block tags, the indentation kramdown adds, and runs of whitespace in
  text (outside ``<pre>``) do not count: a browser shows them alike;
- attribute order, quoting, ``<br>`` vs ``<br />`` and ``allowfullscreen`` vs
  ``allowfullscreen=""`` do not count;
- inside ``<pre>``, Rouge's highlighting ``<span class="…">`` are removed (their text kept):
  the renderer writes kramdown's code block markup without a highlighter's token spans;
- characters and their entities are the same (``&#8617;`` is ``↩``).
Everything else (tags, nesting, attribute values, text, ids) must match exactly.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "iframe",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "script",
        "style",
    ]
)
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)


def _walk(node: Tag, out: list[str], in_pre: bool) -> None:
    for child in node.children:
        if isinstance(child, Comment):
            out.append(f"<!--{child}-->")
        elif isinstance(child, NavigableString):
            text = str(child)
            if not in_pre:
                text = re.sub(r"[ \t\n\r\f]+", " ", text)  # not the no-break space
            out.append(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        elif isinstance(child, Tag):
            if in_pre and child.name == "span":
                _walk(child, out, in_pre)
                continue
            attrs = "".join(
                f' {k}="{" ".join(v) if isinstance(v, list) else v}"'
                for k, v in sorted(child.attrs.items())
            )
            out.append(f"<{child.name}{attrs}>")
            if child.name in VOID:
                continue
            _walk(child, out, in_pre or child.name in ("pre", "script", "style"))
            out.append(f"</{child.name}>")


def normalise(html: str) -> str:
    out: list[str] = []
    _walk(BeautifulSoup(html, "html.parser"), out, False)
    text = "".join(out)
    tags = "|".join(sorted(BLOCK))
    text = re.sub(rf"[ \t\n\r\f]*(</?(?:{tags})\b[^>]*>)[ \t\n\r\f]*", r"\1", text)
    return text.strip()
