"""page_key: the canonical form under which the index stores and finds site paths.

Its fast path (plain ASCII paths, the usual post URL) must give what the decoding
path gives: compared here with the definition written out in full.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from pelican_fast.links.index import page_key


def canonical(path: str) -> str:
    """Decoded, NFC, no query or fragment, single slashes, no index.html, no .html."""
    path = unicodedata.normalize("NFC", unquote(path.split("#", 1)[0].split("?", 1)[0]))
    path = "/" + re.sub(r"/{2,}", "/", path).strip("/")
    for suffix in ("/index.html", "/index.htm"):
        if path.endswith(suffix):
            path = path[: -len(suffix)] or "/"
    if path == "/index.html":
        path = "/"
    if path.endswith(".html") and path != "/":
        path = path[: -len(".html")]
    return path.rstrip("/") or "/"


PIECES = ["a", "b", "/", ".", "-", " ", "%", "%20", "%C3%A9", "é", "e\u0301", "?q", "#f"]
PIECES += ["//", "index.html", "index.htm", ".html", "2020/01/02/"]


@given(st.lists(st.sampled_from(PIECES), max_size=10))
def test_page_key_is_the_canonical_form(pieces: list[str]) -> None:
    path = "".join(pieces)
    assert page_key(path) == canonical(path)


def test_page_keys_of_post_urls() -> None:
    assert page_key("/2020/01/02/titre/") == "/2020/01/02/titre"
    assert page_key("/2020/01/02/titre.html") == "/2020/01/02/titre"
    assert page_key("/a//b/index.html?x#y") == "/a/b"
    assert page_key("/caf%C3%A9/") == page_key("/café") == "/café"
