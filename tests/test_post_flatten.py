"""Categories and tags as nested lists, flattened as Ruby's Array#flatten does, bounded."""

from __future__ import annotations

from pelican_fast.jekyll.post import _FLATTEN_LIMIT, _flatten


def test_a_flat_list_is_copied_as_it_is() -> None:
    value = ["a", 1, None, ("t",)]
    assert _flatten(value[:3]) == ["a", 1, None]
    assert _flatten(value[:3]) is not value
    assert _flatten(value) == ["a", 1, None, "t"]


def test_nested_and_looping_lists() -> None:
    looped: list = ["x"]
    looped.append(looped)
    assert _flatten(["a", ["b", ["c"]], "d"]) == ["a", "b", "c", "d"]
    assert _flatten(looped) == ["x"]


def test_a_long_list_is_cut_at_the_limit_flat_or_not() -> None:
    assert len(_flatten(list(range(3 * _FLATTEN_LIMIT)))) == _FLATTEN_LIMIT
    assert len(_flatten([list(range(3 * _FLATTEN_LIMIT))])) == _FLATTEN_LIMIT
    assert _flatten(list(range(_FLATTEN_LIMIT))) == list(range(_FLATTEN_LIMIT))
