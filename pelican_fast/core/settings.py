"""The one ``PELICAN_FAST`` settings dict: its defaults, its validation, a frozen view.

Pelican users configure plugins through one dict in ``pelicanconf.py`` (as the
sitemap plugin does). Every key is declared here, with its type, default and a
one-line description, so that a typo is a clear error naming the key instead
of a silent no-op, and so that docs/settings.md can be checked against it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

SETTINGS_KEY = "PELICAN_FAST"


class ConfigError(ValueError):
    """A ``PELICAN_FAST`` value is unknown or has the wrong type."""

    exitcode = 2


@dataclass(frozen=True)
class Option:
    """One setting: accepted types, default, and what it is for."""

    types: tuple[type, ...]
    default: Any
    doc: str
    check: Callable[[Any], str | None] | None = None


@dataclass(frozen=True)
class Section:
    """A nested dict of options (``PELICAN_FAST["lint"] = {...}``)."""

    options: Mapping[str, Option | Section]
    doc: str
    # Some sections may also be given as a plain value (e.g. ``True`` for
    # "on with defaults", or a path/list for calls); `shorthand` turns it
    # into a dict before validation.
    shorthand: Callable[[Any], dict[str, Any] | None] | None = None


def _one_of(*choices: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value not in choices:
            return f"must be one of {', '.join(repr(c) for c in choices)}, not {value!r}"
        return None

    return check


def _positive(value: Any) -> str | None:
    return None if value > 0 else f"must be positive, not {value!r}"


def _not_negative(value: Any) -> str | None:
    return None if value >= 0 else f"must not be negative, not {value!r}"


def _list_of_str(value: Any) -> str | None:
    if not all(isinstance(item, str) for item in value):
        return "must be a list of strings"
    return None


def _bool_shorthand(value: Any) -> dict[str, Any] | None:
    if isinstance(value, bool):
        return {"enabled": value}
    return None


def _callables(value: Any) -> str | None:
    for name, function in value.items():
        if not isinstance(name, str) or not callable(function):
            return f"must map names to functions; {name!r} is not a function"
    return None


def _calls_shorthand(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str | list | tuple):
        return {"items": value}
    return None


STR = (str,)
OPT_STR = (str, type(None))
BOOL = (bool,)
INT = (int,)
LIST = (list, tuple)

SCHEMA: dict[str, Option | Section] = {
    # --- Jekyll reader -----------------------------------------------------
    "jekyll_config": Option(
        OPT_STR,
        None,
        "Path of a Jekyll _config.yml (relative to pelicanconf.py) whose permalink, "
        "timezone, url, baseurl, excerpt_separator, defaults and site variables are honoured.",
    ),
    "permalink": Option(
        OPT_STR, None, "Jekyll permalink style or template; overrides _config.yml."
    ),
    "timezone": Option(
        OPT_STR, None, "Time zone of front-matter dates; default: Jekyll's, else TIMEZONE."
    ),
    "baseurl": Option(OPT_STR, None, "Jekyll baseurl; overrides _config.yml."),
    "url": Option(OPT_STR, None, "Jekyll url (the site's origin); overrides _config.yml."),
    "category_from": Option(
        STR,
        "first",
        "Which Jekyll category becomes Pelican's category: 'first' or 'last'.",
        _one_of("first", "last"),
    ),
    "tag_split": Option(
        STR,
        "comma-or-space",
        "How a tag string is split: 'comma-or-space' (commas when present, else spaces), "
        "'space' (Jekyll's rule) or 'comma' (Pelican's rule).",
        _one_of("comma-or-space", "space", "comma"),
    ),
    "future": Option(
        (bool, type(None)),
        None,
        "Publish posts dated after the build time; default: Jekyll's `future` (false).",
    ),
    "redirect_pages": Option(BOOL, True, "Write a redirect page for each redirect_from URL."),
    "markdown": Option(
        (str,),
        "kramdown",
        "How post bodies are rendered: 'kramdown' as Jekyll 4.3 does (kramdown's GFM parser, "
        "the kramdown: options of _config.yml), or 'pelican' with Pelican's MARKDOWN setting.",
        _one_of("kramdown", "pelican"),
    ),
    "safe_html": Option(
        BOOL,
        True,
        "Sanitise post HTML (nh3 allow-list): no event handler, javascript: URL or inline "
        "script; front-matter text escaped.",
    ),
    "inline_scripts": Option(
        STR,
        "externalise",
        "With safe_html: move an inline <script> to a file under pelican_fast/js/ loaded "
        "from the same place ('externalise'), or delete it ('remove').",
        _one_of("externalise", "remove"),
    ),
    "time_budget": Option(
        (int, float, type(None)),
        5.0,
        "Seconds a post may take to read, per 100 KB of source (and at least that): a post "
        "over budget is reported with the step it was in and left out; None or 0: no limit.",
        _not_negative,
    ),
    "workers": Option(
        (int, type(None)),
        None,
        "Worker processes that read posts ahead while Pelican builds (Linux): None picks "
        "one per CPU on multi-core machines for 16 posts or more, 0 reads in order.",
        _not_negative,
    ),
    # --- link engine -------------------------------------------------------
    "links": Section(
        {
            "fix": Option(BOOL, True, "Apply safe link repairs to the built site."),
            "unsafe_fixes": Option(
                BOOL, False, "Also apply unsafe (likely but not certain) repairs in the build."
            ),
            "report": Option(BOOL, True, "Log link findings during the build."),
            "fail_on_error": Option(
                BOOL, False, "Make the build fail when an error-level link finding remains."
            ),
        },
        "Link checking and repair during the Pelican build.",
    ),
    "lint": Section(
        {
            "select": Option(
                LIST, [], "Rule codes or prefixes to enable (default: all).", _list_of_str
            ),
            "ignore": Option(LIST, [], "Rule codes or prefixes to disable.", _list_of_str),
            "site_urls": Option(
                LIST,
                [],
                "Origins of the site itself (default: SITEURL and Jekyll url).",
                _list_of_str,
            ),
            "root": Option(
                OPT_STR, None, "Folder where absolute paths such as /img/x.png resolve."
            ),
            "exclude": Option(LIST, [], "Glob patterns of files not to lint.", _list_of_str),
            "cache_dir": Option(
                OPT_STR,
                None,
                "Folder of the lint cache (default: .pelican-fast-cache in the root).",
            ),
        },
        "Options shared by `pelican-fast lint` and the build.",
    ),
    "check_external": Section(
        {
            "enabled": Option(BOOL, False, "Check external links over HTTP during the build."),
            "cache": Option(STR, ".pelican-fast-cache.json", "Cache file of HTTP results."),
            "max_age": Option(INT, 86400, "Seconds a cached result stays fresh.", _positive),
            "timeout": Option((int, float), 10, "Seconds before a request times out.", _positive),
            "concurrency": Option(INT, 16, "Requests in flight at once.", _positive),
            "per_host": Option(INT, 2, "Requests in flight per host.", _positive),
            "retries": Option(INT, 2, "Retries on timeouts, 429 and 5xx.", _not_negative),
            "retry_wait": Option(
                (int, float), 1.0, "Seconds before the first retry (doubles each time).", _positive
            ),
            "max_retry_wait": Option(
                (int, float),
                30,
                "Longest wait for a retry; a longer Retry-After means rate limited.",
                _positive,
            ),
            "max_redirects": Option(INT, 10, "Redirects followed per URL.", _not_negative),
            "user_agent": Option(
                OPT_STR, None, "User-Agent header; default names pelican-fast and its version."
            ),
            "exclude": Option(LIST, [], "Regular expressions of URLs not to check.", _list_of_str),
            "exclude_hosts": Option(LIST, [], "Hosts not to check.", _list_of_str),
            "exclude_private": Option(BOOL, False, "Skip private, link-local and loopback hosts."),
            "fragments": Option(BOOL, False, "Check #anchors against the target page."),
            "deadline": Option(
                (int, float, type(None)),
                None,
                "Seconds for the whole check; links not settled by then are reported as "
                "not checked (PF915).",
                lambda value: None if value is None else _positive(value),
            ),
        },
        "External link checks (`pelican-fast check`, and the build when enabled).",
        shorthand=_bool_shorthand,
    ),
    # --- widgets -----------------------------------------------------------
    "laureates": Section(
        {
            "data": Option(
                OPT_STR, None, "YAML or JSON file of laureates (relative to pelicanconf.py)."
            ),
            "collection": Option(OPT_STR, None, "Folder of one-Markdown-file-per-startup records."),
            "collection_url": Option(
                OPT_STR,
                None,
                "URL of a collection record's card, with {id} for its file name "
                "(default: the record's link).",
            ),
            "detect": Option(
                BOOL, False, "Turn laureate announcements written as prose into cards."
            ),
            "heading_level": Option(
                INT,
                3,
                "Heading level of a card title (2-6).",
                lambda v: None if 2 <= v <= 6 else "must be between 2 and 6",
            ),
            "new_window": Option(BOOL, False, "Open laureate links in a new window (DSFR rule)."),
            "edition_label": Option(
                STR, "Édition {edition}", "Text of a card's edition badge ('' for no badge)."
            ),
            "stylesheet": Option(BOOL, False, "Link pelican-fast's small fallback stylesheet."),
        },
        "Laureate cards.",
    ),
    "calls": Section(
        {
            "items": Option(
                (list, tuple, str), [], "The calls for projects, or a YAML/JSON file of them."
            ),
            "timezone": Option(STR, "Europe/Paris", "Time zone of dates without an offset."),
            "locale": Option(STR, "fr", "Locale of dates written in words (Babel)."),
            "announce_upcoming": Option(BOOL, False, "Show a banner before a call opens."),
            "banner": Option(BOOL, True, "Insert the site-wide banner on every page."),
            "heading_level": Option(
                INT,
                3,
                "Heading level of a call box title (2-6).",
                lambda v: None if 2 <= v <= 6 else "must be between 2 and 6",
            ),
            "stylesheet": Option(
                BOOL, False, "Link pelican-fast's small fallback stylesheet with the banners."
            ),
        },
        "Call-for-projects banners and call boxes.",
        shorthand=_calls_shorthand,
    ),
    "liquid": Section(
        {
            "filters": Option(
                (dict,),
                {},
                "The blog's own Liquid filters: name -> function(value, *arguments).",
                lambda v: _callables(v),
            ),
            "tags": Option(
                (dict,),
                {},
                "The blog's own Liquid tags: name -> function(markup, variables) returning HTML.",
                lambda v: _callables(v),
            ),
        },
        "Liquid tags and filters of the blog's Jekyll plugins, written in Python.",
    ),
    "now": Option(
        (str, type(None)),
        None,
        "The build instant (ISO 8601) used to decide whether a call is open; "
        "default: SOURCE_DATE_EPOCH, else the current time.",
    ),
}


def _describe(types: tuple[type, ...]) -> str:
    names = ["None" if t is type(None) else t.__name__ for t in types]
    return " or ".join(names)


def _validate(value: Any, schema: Mapping[str, Option | Section], where: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} must be a dict, not {type(value).__name__}")
    result: dict[str, Any] = {}
    for key in value:
        if key not in schema:
            hint = difflib.get_close_matches(str(key), list(schema), n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            known = ", ".join(sorted(schema))
            raise ConfigError(f"{where}[{key!r}]: unknown setting{suggestion}; known: {known}")
    for key, spec in schema.items():
        here = f"{where}[{key!r}]"
        if isinstance(spec, Section):
            raw = value.get(key, {})
            if spec.shorthand is not None and not isinstance(raw, Mapping):
                expanded = spec.shorthand(raw)
                if expanded is not None:
                    raw = expanded
            result[key] = MappingProxyType(_validate(raw, spec.options, here))
            continue
        if key not in value:
            default = spec.default
            result[key] = list(default) if isinstance(default, list) else default
            continue
        item = value[key]
        # bool is an int subclass: refuse True where a number is expected.
        if not isinstance(item, spec.types) or (isinstance(item, bool) and bool not in spec.types):
            raise ConfigError(
                f"{here} must be {_describe(spec.types)}, not {type(item).__name__} ({item!r})"
            )
        if spec.check is not None and item is not None:
            problem = spec.check(item)
            if problem:
                raise ConfigError(f"{here} {problem}")
        result[key] = item
    return result


def validate(raw: Any) -> Mapping[str, Any]:
    """Return the validated settings with defaults filled in, read-only."""
    return MappingProxyType(_validate(raw if raw is not None else {}, SCHEMA, SETTINGS_KEY))


@dataclass(frozen=True)
class FastConfig:
    """Validated settings plus the Pelican settings they were read with."""

    values: Mapping[str, Any]
    base_dir: str
    pelican: Mapping[str, Any] = field(repr=False, default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def resolve(self, path: str) -> str:
        """Resolve a path given in settings (relative to pelicanconf.py)."""
        return path if os.path.isabs(path) else os.path.normpath(os.path.join(self.base_dir, path))


def guess_base_dir(pelican_settings: Mapping[str, Any]) -> str:
    """Where pelicanconf.py lives, as far as we can tell.

    Pelican does not record the path of its settings file. Relative paths in
    PELICAN_FAST are documented as relative to pelicanconf.py; we look in the
    current directory (where `pelican` is normally run), then next to the
    content folder, then inside it.
    """
    cwd = os.getcwd()
    if os.path.exists(os.path.join(cwd, "pelicanconf.py")):
        return cwd
    content = pelican_settings.get("PATH")
    if content:
        parent = os.path.dirname(os.path.abspath(content))
        if os.path.exists(os.path.join(parent, "pelicanconf.py")):
            return parent
        return parent
    return cwd


def load(pelican_settings: Mapping[str, Any], base_dir: str | None = None) -> FastConfig:
    """Validate ``PELICAN_FAST`` from Pelican settings; raise ConfigError if wrong."""
    values = validate(pelican_settings.get(SETTINGS_KEY))
    explicit = pelican_settings.get("PELICAN_FAST_BASE_DIR")
    return FastConfig(
        values=values,
        base_dir=base_dir or explicit or guess_base_dir(pelican_settings),
        pelican=pelican_settings,
    )


def find_settings_file(name: str, config: FastConfig) -> str | None:
    """Find a file named in settings: next to pelicanconf.py, else next to or inside PATH."""
    if os.path.isabs(name):
        return name if os.path.exists(name) else None
    candidates = [config.resolve(name)]
    content = config.pelican.get("PATH")
    if content:
        candidates += [
            os.path.join(os.path.dirname(os.path.abspath(content)), name),
            os.path.join(content, name),
        ]
    return next((c for c in candidates if os.path.exists(c)), None)
