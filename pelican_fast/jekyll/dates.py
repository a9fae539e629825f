"""Front-matter date strings read as Ruby's ``Time.parse`` reads them (Jekyll's Utils.parse_date).

Ruby's ``Date._parse`` first finds a time anywhere in the text (``10:00``, ``3pm``,
``12h00``) with the zone after it, then a date, in this order: day and month
name (``21 March 2016``, ``2 octobre 2019``: the first three letters count), month
name and day (``March 21, 2016``), ``2016-03-21``, ``21/03/2016`` or
``2016/03/21``, ``21.03.2016``, ``20160321``; the rest of the text is ignored
(``2017-09-27 (optional)``). A zone counts only if ``Time.zone_offset`` knows it:
numeric offsets, ``Z``, UTC, GMT, the US zones and the military letters; any
other name (``CET``) leaves the time local, as in Ruby. No third-party parser,
so no warning is ever printed. Checked against Ruby 3.1 in tests/test_dates.py.
"""

from __future__ import annotations

import datetime as dt
import re

# Ruby's Time::ZoneOffset (hours).
ZONES: dict[str, int] = {
    "UTC": 0,
    "UT": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    **{letter: hours for letter, hours in zip("ABCDEFGHIKLM", range(1, 13), strict=True)},
    **{letter: -hours for letter, hours in zip("NOPQRSTUVWXY", range(1, 13), strict=True)},
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[^\-\d\s']*"

_TIME = re.compile(
    r"(?<![\d:])(\d{1,2})\s*(?::\s*(\d{2})(?:\s*:\s*(\d{2})(?:[.,](\d+))?)?|h(?:\s*(\d{1,2}))?)"
    r"(?:\s*([ap])(?:m\b|\.m\.))?"
    r"|(?<![\d:])(\d{1,2})\s*([ap])(?:m\b|\.m\.)",
    re.IGNORECASE,
)
_ZONE = re.compile(r"\s*(?:([+-])(\d{2}):?(\d{2})?(?!\d)|([A-Za-z]+)\b(?![+-]\d))")
_EU = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\b\s*" + _MONTH + r"\s*,?\s*(\d{4})\b", re.I)
_US = re.compile(_MONTH + r"\s*(\d{1,2})(?:st|nd|rd|th)?\b\s*,?\s*(\d{4})\b", re.I)
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_SLASH_DOT = re.compile(r"(?<![\d.])(\d{1,4})([/.])(\d{1,2})\2(\d{1,4})(?![\d.])")
_LONGEST = 512  # a date is short: beyond this, hostile text is not scanned
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")


def parse_time(text: str, tz: dt.tzinfo | None) -> dt.datetime:
    """The instant `text` names; naive strings are in `tz` (left naive when `tz` is None).

    Raises ValueError when Ruby's ``Time.parse`` would raise ArgumentError.
    """
    value = text.strip()[:_LONGEST]
    hour = minute = second = micro = 0
    offset: dt.timedelta | None = None
    clock = _TIME.search(value)
    rest = value
    if clock is not None:
        if clock.group(7):
            hour, meridian = int(clock.group(7)), clock.group(8)
        else:
            hour = int(clock.group(1))
            minute = int(clock.group(2) or clock.group(5) or 0)
            second = int(clock.group(3) or 0)
            micro = int((clock.group(4) or "0")[:6].ljust(6, "0"))
            meridian = clock.group(6)
        if meridian:
            hour = hour % 12 + (12 if meridian.lower() == "p" else 0)
        offset = _offset(_ZONE.match(value, clock.end()))
        rest = value[: clock.start()] + " " + value[clock.end() :]
    year, month, day = _date(rest)
    try:
        naive = dt.datetime(year, month, day, hour, minute, second, micro)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (argument out of range)") from None
    if offset is not None:
        return naive.replace(tzinfo=dt.timezone(offset))
    return naive.replace(tzinfo=tz) if tz is not None else naive


def _date(text: str) -> tuple[int, int, int]:
    found = _EU.search(text)
    if found:
        return int(found.group(3)), _MONTHS.index(found.group(2).lower()) + 1, int(found.group(1))
    found = _US.search(text)
    if found:
        return int(found.group(3)), _MONTHS.index(found.group(1).lower()) + 1, int(found.group(2))
    found = _ISO.search(text)
    if found:
        return int(found.group(1)), int(found.group(2)), int(found.group(3))
    found = _SLASH_DOT.search(text)
    if found:
        first, second, third = found.group(1), int(found.group(3)), found.group(4)
        if len(first) == 4:  # 2016/03/21
            return int(first), second, int(third)
        return int(third), second, int(first)  # 21/03/2016, 21.03.2016
    found = _COMPACT.search(text)
    if found:
        return int(found.group(1)), int(found.group(2)), int(found.group(3))
    raise ValueError(f"{text!r} is not a date")


def _offset(zone: re.Match[str] | None) -> dt.timedelta | None:
    if zone is None:
        return None
    if zone.group(1):
        sign = -1 if zone.group(1) == "-" else 1
        return sign * dt.timedelta(hours=int(zone.group(2)), minutes=int(zone.group(3) or 0))
    hours = ZONES.get(zone.group(4).upper())
    return None if hours is None else dt.timedelta(hours=hours)
