"""Front-matter date strings read as Ruby's ``Time.parse`` reads them (Jekyll's Utils.parse_date).

Ruby looks for a date anywhere in the text and ignores the rest
(``2017-09-27 (optional)``), then a time after it, then a zone: numeric offsets,
``Z`` and the zones of ``Time.zone_offset`` only (UTC, GMT, the US ones and the
military letters). Any other zone name (``CET``) leaves the time local, as in
Ruby. Month-name forms go to dateutil, silenced (its UnknownTimezoneWarning
used to leak on every run).
"""

from __future__ import annotations

import datetime as dt
import re
import warnings

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

_DATE = re.compile(
    r"(?<!\d)(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?!\d)|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"
)
_TIME = re.compile(
    r"[T\s]*(\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?|h(\d{2}))"
    r"|[T\s]*(\d{1,2})(?=\s*[ap]\.?m\b)",
    re.IGNORECASE,
)
_MERIDIAN = re.compile(r"\s*([ap])\.?m\b\.?", re.IGNORECASE)
_ZONE = re.compile(r"\s*(?:([+-])(\d{2}):?(\d{2})?(?!\d)|([A-Za-z]+)\b(?![+-]\d))")


def parse_time(text: str, tz: dt.tzinfo | None) -> dt.datetime:
    """The instant `text` names; naive strings are in `tz` (left naive when `tz` is None).

    Raises ValueError when Ruby's ``Time.parse`` would raise ArgumentError.
    """
    value = text.strip()
    found = _DATE.search(value)
    if found is None:
        return _fallback(value, tz)
    if found.group(1):
        year, month, day = int(found.group(1)), int(found.group(3)), int(found.group(4))
    else:
        year, month, day = int(found.group(5)), int(found.group(6)), int(found.group(7))
    hour = minute = second = micro = 0
    position = found.end()
    clock = _TIME.match(value, position)
    has_clock = clock is not None and (clock.group(2) or clock.group(5) or clock.group(6))
    if clock is not None and has_clock:
        hour = int(clock.group(1) or clock.group(6))
        minute = int(clock.group(2) or clock.group(5) or 0)
        second = int(clock.group(3) or 0)
        micro = int((clock.group(4) or "0")[:6].ljust(6, "0"))
        position = clock.end()
        meridian = _MERIDIAN.match(value, position)
        if meridian:
            hour = hour % 12 + (12 if meridian.group(1).lower() == "p" else 0)
            position = meridian.end()
    try:
        naive = dt.datetime(year, month, day, hour, minute, second, micro)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (argument out of range)") from None
    zone = _ZONE.match(value, position) if has_clock else None
    offset = _offset(zone)
    if offset is not None:
        return naive.replace(tzinfo=dt.timezone(offset))
    return naive.replace(tzinfo=tz) if tz is not None else naive


def _offset(zone: re.Match[str] | None) -> dt.timedelta | None:
    if zone is None:
        return None
    if zone.group(1):
        sign = -1 if zone.group(1) == "-" else 1
        return sign * dt.timedelta(hours=int(zone.group(2)), minutes=int(zone.group(3) or 0))
    hours = ZONES.get(zone.group(4).upper())
    return None if hours is None else dt.timedelta(hours=hours)


def _fallback(value: str, tz: dt.tzinfo | None) -> dt.datetime:
    """``March 21, 2016``, ``Mon, 21 Mar 2016 12:00:00 +0000``: dateutil, quietly."""
    if not re.search(r"[A-Za-z]{3}", value) or not re.search(r"\d", value):
        raise ValueError(f"{value!r} is not a date")
    from dateutil import parser as date_parser  # slow to import; rare forms only

    zones = {name: hours * 3600 for name, hours in ZONES.items() if len(name) > 1}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = date_parser.parse(value, fuzzy=True, tzinfos=zones)
        except (ValueError, OverflowError):
            raise ValueError(f"{value!r} is not a date") from None
    if parsed.tzinfo is not None and parsed.utcoffset() is not None:
        return parsed
    parsed = parsed.replace(tzinfo=None)
    return parsed.replace(tzinfo=tz) if tz is not None else parsed
