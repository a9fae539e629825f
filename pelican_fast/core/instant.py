"""The build instant: when "now" is for this build (future posts, open calls).

``PELICAN_FAST["now"]`` when set (tests, previews), else ``SOURCE_DATE_EPOCH``
(reproducible builds), else the current time.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from dateutil import parser as date_parser


class InstantError(ValueError):
    """PELICAN_FAST["now"] or SOURCE_DATE_EPOCH cannot be read."""


def build_instant(now_setting: str | None, timezone: str = "UTC") -> dt.datetime:
    """An aware datetime; a ``now`` without offset is read in `timezone`."""
    if now_setting:
        try:
            parsed = date_parser.isoparse(now_setting)
        except ValueError as error:
            raise InstantError(
                f"PELICAN_FAST['now']: {now_setting!r} is not ISO 8601 ({error})"
            ) from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(timezone))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except ValueError:
            raise InstantError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
    return dt.datetime.now(tz=dt.UTC)
