"""Repeats of one finding on one line are one finding (issue 15, part 4)."""

from __future__ import annotations

from tests.links.helpers import fixed, lint

SEVEN = (
    "[https](https://digitalgov.gov) "
    + " ".join(f"[{n}](http://digitalgov.gov)" for n in range(7))
    + "\n"
)


def test_seven_repeats_are_one_finding_with_the_count() -> None:
    found = [f for f in lint(SEVEN) if f.code == "PF503"]
    assert len(found) == 1
    assert "(7 times on this line)" in found[0].message
    assert SEVEN[found[0].start : found[0].end].startswith("http://digitalgov.gov)")


def test_the_grouped_finding_fixes_them_all_and_keeps_the_text_between() -> None:
    repaired = fixed(SEVEN)
    assert "http://" not in repaired
    assert repaired == SEVEN.replace("http://", "https://")
    assert fixed(SEVEN, unsafe=False) == SEVEN  # PF503 is unsafe


def test_repeats_on_different_lines_stay_apart() -> None:
    text = "[a](https://d.gov)\n\n[b](http://d.gov)\n\n[c](http://d.gov)\n"
    assert [f.code for f in lint(text)].count("PF503") == 2


def test_different_defects_on_a_line_stay_apart() -> None:
    text = "[a](www.a.fr) [b](www.b.fr)\n"
    found = [f for f in lint(text) if f.code == "PF203"]
    assert len(found) == 2
    assert fixed(text) == "[a](https://www.a.fr) [b](https://www.b.fr)\n"


def test_repeats_without_fix_are_grouped_too() -> None:
    text = "![a](/i/a b.png) ![a](/i/a b.png)\n"
    found = [f for f in lint(text) if f.code == "PF105"]
    assert len(found) == 1 and found[0].fix is None
    assert "(2 times on this line)" in found[0].message
