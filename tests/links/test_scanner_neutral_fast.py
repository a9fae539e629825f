"""Blocks whose Liquid, escapes or comments sit inside link destinations take the scanner's
fast path, and it finds exactly what the general walk finds (links and work)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican_fast.links import scanner
from pelican_fast.links.blocks import KRAMDOWN, PYTHON_MARKDOWN
from pelican_fast.links.scanner import scan

DESTINATIONS = [
    "{{ site.baseurl }}/img/a.png",
    "{% post_url 2019-01-01-x %}",
    "{{ '/x/' | relative_url }}",
    "{{ site.url }}{{ site.baseurl }}/y/",
    "{% link _posts/2019-01-01-x.md %}",
    "https://x.fr/a\\_b",
    "/a\\)b",
    "<!-- c -->/z",
    "`code`",
    "/p `c` q",
    "{{ a[0] }}",
    "{{ x ) }}",
    "{% if a %}/b{% endif %}",
    " {{ site.baseurl }}/s ",
    "https://plain.fr",
]
TEXTS = ["texte", "", "a {{ b }}", "\\*x\\*", "`c`", "é"]
FILLER = ["Du texte.", "{{ page.title }}", "\\[pas\\]", "<!-- n -->", "`x`", "a\nb", "\x01"]


def _both(body: str, dialect: str) -> tuple[scanner.Scan, scanner.Scan]:
    fast = scan(body, 3, dialect)
    scanner.FAST_PATHS = False
    try:
        general = scan(body, 3, dialect)
    finally:
        scanner.FAST_PATHS = True
    return fast, general


@st.composite
def _blocks(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            bang = "!" if draw(st.booleans()) else ""
            text = draw(st.sampled_from(TEXTS))
            parts.append(f"{bang}[{text}]({draw(st.sampled_from(DESTINATIONS))})")
        else:
            parts.append(draw(st.sampled_from(FILLER)))
    return " ".join(parts)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_blocks(), st.sampled_from([KRAMDOWN, PYTHON_MARKDOWN]))
def test_fast_path_agrees_with_the_general_walk(body: str, dialect: str) -> None:
    fast, general = _both(body, dialect)
    assert fast.links == general.links
    assert fast.work == general.work


@pytest.mark.parametrize("destination", DESTINATIONS)
def test_each_destination_alone(destination: str) -> None:
    fast, general = _both(f"Voir [le lien]({destination}) et [autre](https://o.fr).", KRAMDOWN)
    assert fast.links == general.links and fast.work == general.work


def test_a_liquid_destination_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def walked(*args: object, **kwargs: object) -> None:
        raise AssertionError("the general walk ran")

    monkeypatch.setattr(scanner._Scanner, "events", walked)
    links = scan("Voir [a]({{ site.baseurl }}/x/) et [b]({% post_url 2019-01-01-y %}).").links
    assert [link.url for link in links] == [
        "{{ site.baseurl }}/x/",
        "{% post_url 2019-01-01-y %}",
    ]
