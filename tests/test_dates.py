"""Front-matter date strings read as Ruby's Time.parse reads them (recorded once with Ruby 3.1)."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from zoneinfo import ZoneInfo

import pytest

from pelican_fast.jekyll.dates import parse_time
from pelican_fast.jekyll.post import parse_date
from tests.conftest import REPO

RECORDED = json.loads((REPO / "tests" / "data" / "ruby_time_parse.json").read_text("utf-8"))


@pytest.mark.parametrize("text", sorted(RECORDED))
def test_same_as_ruby_time_parse(text: str) -> None:
    expected = RECORDED[text]
    if "error" in expected:
        with pytest.raises(ValueError):
            parse_time(text, None)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no UnknownTimezoneWarning (or any other) may leak
        found = parse_time(text, None)
    assert found.replace(tzinfo=None, microsecond=0).isoformat() == expected["wall"]
    offset = found.utcoffset()
    assert (None if offset is None else int(offset.total_seconds())) == expected["offset"]


def test_post_date_keeps_the_instant_in_the_site_zone() -> None:
    paris = ZoneInfo("Europe/Paris")
    assert parse_date("2016-03-21 12:00 EDT", paris) == dt.datetime(
        2016, 3, 21, 17, 0, tzinfo=paris
    )
    assert parse_date("2017-09-27 (optional)", paris) == dt.datetime(2017, 9, 27, tzinfo=paris)
