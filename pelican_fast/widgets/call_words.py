"""The words of banners and call boxes: sentences per language, dates through Babel.

Dates are written by Babel (CLDR data), never from hand-written month names.
The sentences around them exist in French and English; for another locale the
dates are still in that locale but the sentences fall back to English, with a
warning: a theme overrides the templates to write them in its language.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time, get_timezone_location
from markupsafe import Markup, escape

from pelican_fast.core.settings import ConfigError

logger = logging.getLogger(__name__)

# {closes}, {opens}: a <time> element; the rest is plain text.
MESSAGES: Mapping[str, Mapping[str, str]] = {
    "fr": {
        "call": "Appel à projets",
        "open_until": "Candidatures ouvertes jusqu’au {closes}.",
        "open_until_day": "Candidatures ouvertes jusqu’au {closes} inclus.",
        "upcoming": "Candidatures du {opens} au {closes}.",
        "closed": "Cet appel à projets est clos depuis le {closes}.",
        "closed_day": "Cet appel à projets est clos : les candidatures étaient ouvertes "
        "jusqu’au {closes} inclus.",
        "apply": "Candidater",
        "info": "En savoir plus",
        "contact": "Contact :",
        "dismiss": "Masquer le message",
        "at": "{date} à {time} (heure de {city})",
        "new_window": "nouvelle fenêtre",
    },
    "en": {
        "call": "Call for projects",
        "open_until": "Applications are open until {closes}.",
        "open_until_day": "Applications are open until the end of {closes}.",
        "upcoming": "Applications open from {opens} to {closes}.",
        "closed": "This call for projects closed on {closes}.",
        "closed_day": "This call for projects is closed: applications were open until the "
        "end of {closes}.",
        "apply": "Apply",
        "info": "Learn more",
        "contact": "Contact:",
        "dismiss": "Hide this message",
        "at": "{date} at {time} ({city} time)",
        "new_window": "new window",
    },
}


def parse_locale(name: str) -> Locale:
    """A Babel locale from settings (``fr``, ``fr_FR`` or ``fr-FR``), or a ConfigError."""
    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise ConfigError(f"PELICAN_FAST['calls']['locale']: unknown locale {name!r}") from None


@dataclass(frozen=True)
class Words:
    """Sentences and date formatting for one locale and one local time zone."""

    locale: Locale
    tz: ZoneInfo

    @property
    def messages(self) -> Mapping[str, str]:
        return MESSAGES.get(self.locale.language, MESSAGES["en"])

    def warn_if_untranslated(self) -> None:
        if self.locale.language not in MESSAGES:
            logger.warning(
                "PELICAN_FAST['calls']['locale'] %r: dates are written in it, but the "
                "banner's sentences only exist in %s and fall back to English; override "
                "the templates pelican_fast/call_banner.html and call_box.html to translate them",
                str(self.locale),
                " and ".join(sorted(MESSAGES)),
            )

    def day(self, instant: dt.datetime) -> str:
        """'vendredi 28 février 2020'."""
        return format_date(instant.astimezone(self.tz).date(), format="full", locale=self.locale)

    def moment(self, instant: dt.datetime) -> str:
        """'vendredi 28 février 2020 à 23:59 (heure de Paris)'."""
        local = instant.astimezone(self.tz)
        time = format_time(local, format="short", tzinfo=self.tz, locale=self.locale)
        city = get_timezone_location(self.tz, locale=self.locale, return_city=True)
        if self.locale.language in MESSAGES:
            return self.messages["at"].format(date=self.day(local), time=time, city=city)
        pattern = (
            str(self.locale.datetime_formats["full"])
            .replace("{1}", self.locale.date_formats["full"].pattern)
            .replace("{0}", self.locale.time_formats["short"].pattern)
        )
        return format_datetime(local, pattern, tzinfo=self.tz, locale=self.locale)

    def when(self, instant: dt.datetime, is_date: bool) -> str:
        """The day alone for a date-only bound, else the day and time."""
        return self.day(instant) if is_date else self.moment(instant)

    def time_element(self, instant: dt.datetime, is_date: bool) -> Markup:
        """``<time datetime="ISO">in words</time>``: machines read the instant, people the words."""
        iso = instant.astimezone(self.tz).isoformat()
        return Markup('<time datetime="{}">{}</time>').format(iso, self.when(instant, is_date))

    def sentence(self, key: str, **parts: Markup) -> Markup:
        """A message with its <time> parts; the message is ours, the parts are escaped."""
        return escape(self.messages[key]).format(**parts)
