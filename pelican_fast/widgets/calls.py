"""Calls for projects: the model, loading, validation, and status at an instant.

No Pelican import here: the model is pure so that it can be tested (and used
by the command line) without a build. Dates follow what an applicant reads:

- ``closes: 2020-02-28`` means "until the end of that day": 23:59:59 local time;
- ``opens: 2019-12-10`` means "from the start of that day": 00:00:00 local time;
- a datetime with an offset (``2020-02-28T23:59:00+01:00``) is that exact instant;
- a datetime without an offset is local time, in the ``calls.timezone`` zone.

A call accepts applications up to and including its closing second: it is
open while ``opens <= now <= closes`` with ``now`` truncated to the second.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import markdown
import nh3
import yaml
from dateutil import parser as date_parser

from pelican_fast.core.settings import ConfigError
from pelican_fast.jekyll import frontmatter
from pelican_fast.widgets.render import safe_url

logger = logging.getLogger(__name__)

WHERE = "PELICAN_FAST['calls']"
FIELDS = (
    "id",
    "title",
    "edition",
    "opens",
    "closes",
    "apply_url",
    "contact",
    "description",
    "info_url",
)
# Ids end up in HTML ids, storage keys and `{% call id %}`: keep them plain.
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
_EMAIL = re.compile(r"^[^@\s<>\"'(),;:\\\[\]]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# What a description may contain once rendered from Markdown.
DESCRIPTION_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "code", "abbr"}
DESCRIPTION_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
DESCRIPTION_SCHEMES = {"http", "https", "mailto"}


class Status(Enum):
    """Where a call stands at an instant."""

    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Call:
    """One validated call for projects, its instants aware and in the local zone."""

    id: str
    title: str | None
    edition: str | None
    opens: dt.datetime | None
    closes: dt.datetime
    closes_is_date: bool  # "until the end of that day": no time shown
    opens_is_date: bool
    apply_url: str | None
    info_url: str | None
    contact: str | None  # what is shown (an address, a URL)
    contact_url: str | None  # where it leads (mailto:, http(s), relative)
    description_html: str  # sanitised HTML, "" when none
    key: str  # id plus a hash of the content: a dismissal covers this version only

    def status(self, now: dt.datetime) -> Status:
        """Open, closed or upcoming at `now` (to the second)."""
        instant = now.replace(microsecond=0)
        if self.opens is not None and instant < self.opens:
            return Status.UPCOMING
        if instant > self.closes:
            return Status.CLOSED
        return Status.OPEN


def zone(name: str) -> ZoneInfo:
    """The time zone named in settings, or a ConfigError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{WHERE}['timezone']: unknown time zone {name!r}") from None


def _localize(naive: dt.datetime, tz: ZoneInfo, where: str, field: str) -> dt.datetime:
    """Attach `tz`; a wall time skipped by a daylight-saving change moves forward."""
    aware = naive.replace(tzinfo=tz)
    round_trip = aware.astimezone(dt.UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != naive:
        logger.warning(
            "%s: %s %s does not exist in %s (daylight-saving change); read as %s",
            where,
            field,
            naive.isoformat(),
            tz.key,
            round_trip.isoformat(),
        )
    return round_trip


def parse_instant(
    value: Any, tz: ZoneInfo, *, end_of_day: bool, where: str, field: str
) -> tuple[dt.datetime, bool]:
    """An aware datetime in `tz`, and whether `value` was a date alone."""
    if isinstance(value, str) and _DATE_ONLY.match(value.strip()):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError as error:
            raise ConfigError(f"{where}: {field} {value!r} is not a date ({error})") from None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        midnight = dt.datetime.combine(value, dt.time())
        return _day_bound(midnight, tz, end_of_day, where, field), True
    elif isinstance(value, str) and value.strip():
        try:
            parsed = date_parser.isoparse(value.strip().replace(" ", "T", 1))
        except (ValueError, OverflowError) as error:
            raise ConfigError(
                f"{where}: {field} {value!r} is not an ISO 8601 date or datetime ({error})"
            ) from None
    else:
        raise ConfigError(
            f"{where}: {field} must be a date (YYYY-MM-DD) or an ISO 8601 datetime, not {value!r}"
        )
    if parsed.tzinfo is None:
        return _localize(parsed, tz, where, field), False
    return parsed.astimezone(tz), False


def _day_bound(
    midnight: dt.datetime, tz: ZoneInfo, end_of_day: bool, where: str, field: str
) -> dt.datetime:
    if end_of_day:
        midnight = midnight.replace(hour=23, minute=59, second=59)
    return _localize(midnight, tz, where, field)


def _text(value: Any, where: str, field: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ConfigError(f"{where}: {field} must be text, not {type(value).__name__}")
    text = str(value).strip()
    return text or None


def _url(value: Any, where: str, field: str) -> str | None:
    text = _text(value, where, field)
    if text is None:
        return None
    url = safe_url(text)
    if url is None:
        raise ConfigError(
            f"{where}: {field} {text!r} is not a safe URL (http, https, mailto or a relative path)"
        )
    return url


def contact_link(value: Any, where: str) -> tuple[str | None, str | None]:
    """(shown text, link) for a contact: an e-mail address becomes a mailto link."""
    text = _text(value, where, "contact")
    if text is None:
        return None, None
    address = text.removeprefix("mailto:").strip()
    if _EMAIL.match(address):
        return address, "mailto:" + quote(address, safe="@+")
    if text.lower().startswith("mailto:"):
        raise ConfigError(f"{where}: contact {text!r} is not an e-mail address")
    url = safe_url(text)
    if url is None or not re.match(r"^(https?://|/)", url):
        raise ConfigError(
            f"{where}: contact {text!r} is neither an e-mail address nor an http(s) URL"
        )
    return text, url


def render_description(source: str | None) -> str:
    """Markdown to HTML, then sanitised: whatever the data file holds, no script runs."""
    if not source:
        return ""
    rendered = markdown.markdown(source)
    return nh3.clean(
        rendered,
        tags=DESCRIPTION_TAGS,
        attributes=DESCRIPTION_ATTRIBUTES,
        url_schemes=DESCRIPTION_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


def _content_key(call_id: str, raw: Mapping[str, Any]) -> str:
    digest = hashlib.sha256()
    for name in FIELDS:
        digest.update(f"{name}={raw.get(name)!s}\x00".encode())
    return f"{call_id}-{digest.hexdigest()[:10]}"


def parse_call(raw: Any, position: int, tz: ZoneInfo) -> Call:
    """One call from a dict; ConfigError names the call (its id, else its position)."""
    where = f"{WHERE} item {position + 1}"
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}: a call must be a dict, not {type(raw).__name__}")
    raw_id = raw.get("id")
    call_id = "" if raw_id is None or isinstance(raw_id, bool) else str(raw_id).strip()
    if call_id:
        where = f"{WHERE} call {call_id!r}"
    else:
        raise ConfigError(f"{where}: missing id (a short name such as 'fast-3')")
    if not _ID.match(call_id):
        raise ConfigError(f"{where}: id must be letters, digits, '-', '_' or '.', without spaces")
    for key in raw:
        if key not in FIELDS:
            hint = difflib.get_close_matches(str(key), FIELDS, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            logger.warning("%s: unknown key %r ignored%s", where, key, suggestion)
    if raw.get("closes") in (None, ""):
        raise ConfigError(f"{where}: missing closes (the closing date)")
    closes, closes_is_date = parse_instant(
        raw["closes"], tz, end_of_day=True, where=where, field="closes"
    )
    opens: dt.datetime | None = None
    opens_is_date = False
    if raw.get("opens") not in (None, ""):
        opens, opens_is_date = parse_instant(
            raw["opens"], tz, end_of_day=False, where=where, field="opens"
        )
        if closes < opens:
            raise ConfigError(
                f"{where}: closes ({closes.isoformat()}) is before opens ({opens.isoformat()})"
            )
    contact, contact_url = contact_link(raw.get("contact"), where)
    description = _text(raw.get("description"), where, "description")
    return Call(
        id=call_id,
        title=_text(raw.get("title"), where, "title"),
        edition=_text(raw.get("edition"), where, "edition"),
        opens=opens,
        closes=closes,
        closes_is_date=closes_is_date,
        opens_is_date=opens_is_date,
        apply_url=_url(raw.get("apply_url"), where, "apply_url"),
        info_url=_url(raw.get("info_url"), where, "info_url"),
        contact=contact,
        contact_url=contact_url,
        description_html=render_description(description),
        key=_content_key(call_id, raw),
    )


def parse_calls(items: Iterable[Any], tz: ZoneInfo) -> list[Call]:
    """Every call, validated; duplicate ids are an error."""
    calls: list[Call] = []
    seen: set[str] = set()
    for position, raw in enumerate(items):
        call = parse_call(raw, position, tz)
        if call.id in seen:
            raise ConfigError(f"{WHERE} call {call.id!r}: the id is used by two calls")
        seen.add(call.id)
        calls.append(call)
    return calls


def read_items(path: str) -> Sequence[Any]:
    """The list of calls in a YAML or JSON file (a list, or a dict with a ``calls`` list)."""
    where = f"{WHERE}['items'] ({path})"
    try:
        with open(path, encoding="utf-8") as handle:
            if path.lower().endswith(".json"):
                data = json.load(handle)
            else:
                data = frontmatter.load_yaml(handle.read())
    except FileNotFoundError:
        raise ConfigError(f"{where}: file not found") from None
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        raise ConfigError(f"{where}: cannot be read: {error}") from None
    if isinstance(data, Mapping) and "calls" in data:
        data = data["calls"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise ConfigError(f"{where}: must hold a list of calls, not {type(data).__name__}")
    return data


def load_calls(items: Any, tz: ZoneInfo, resolve: Any = os.path.abspath) -> list[Call]:
    """Calls from settings: a list of dicts, or a file path resolved with `resolve`."""
    if isinstance(items, str):
        return parse_calls(read_items(resolve(items)), tz)
    return parse_calls(items or [], tz)
