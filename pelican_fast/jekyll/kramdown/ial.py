"""kramdown's inline and attribute lists: ``{: .a .b #id key="v" ref}`` and ``{:ref: …}``.

A block IAL on its own line applies to the block just before it (no blank line between) or
else to the block just after it; a span IAL applies to the element just before it (emphasis,
link, image, code). ALDs define named attribute lists that IALs reference.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from markdown_it.token import Token

_ATTR = re.compile(
    r"""\s*(?:(?P<key>[\w:-]+)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')|(?P<sel>[.#][^\s.#}]+(?:\.[^\s.#}]+)*)|(?P<ref>[\w-]+)|\S+)"""
)

Attrs = dict[str, str]


def parse_attrs(text: str, alds: Mapping[str, Attrs] | None = None) -> tuple[Attrs, list[str]]:
    """Attributes of an IAL body (without the braces and colon), and its bare references."""
    attrs: Attrs = {}
    refs: list[str] = []
    for m in _ATTR.finditer(text):
        if m.group("key"):
            value = m.group("dq") if m.group("dq") is not None else m.group("sq") or ""
            attrs[m.group("key")] = html.unescape(value)
        elif m.group("sel"):
            sel = m.group("sel")
            if sel.startswith("#"):
                head, *classes = sel[1:].split(".")
                attrs["id"] = head
            else:
                classes = sel[1:].split(".")
            for cls in classes:
                if cls:
                    attrs["class"] = f"{attrs['class']} {cls}" if attrs.get("class") else cls
        elif m.group("ref"):
            ref = m.group("ref")
            refs.append(ref)
            for key, value in (alds or {}).get(ref, {}).items():
                if key == "class" and attrs.get("class"):
                    attrs["class"] = f"{attrs['class']} {value}"
                else:
                    attrs.setdefault(key, value)
    return attrs, refs


def apply_attrs(token: Token, attrs: Attrs) -> None:
    """Merge into a token's attributes as kramdown does (classes added, others replaced)."""
    for key, value in attrs.items():
        if key == "class" and token.attrGet("class"):
            token.attrSet("class", f"{token.attrGet('class')} {value}")
        else:
            token.attrSet(key, value)
