"""Jekyll 4.3's Liquid filters (Jekyll::Filters and Jekyll::Filters::URLFilters).

They replace python-liquid's filters of the same name (``where``, ``sort``,
``find`` differ from Shopify's), and follow Jekyll's code rather than its docs.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
import unicodedata
from collections.abc import Callable, Mapping
from io import StringIO
from typing import Any
from urllib.parse import quote, quote_plus
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from liquid import Environment, RenderContext
from liquid.filter import with_context

from pelican_fast.jekyll import dates
from pelican_fast.jekyll.liquid.engine import current, plain, ruby_inspect, ruby_to_s
from pelican_fast.jekyll.permalink import slugify as jekyll_slugify

_ABSOLUTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _normalize_uri(value: str) -> str:
    """Addressable's ``normalize``, as far as paths go: encode what must be encoded."""
    return quote(value, safe="/:?#[]@!$&'()*+,;=%~-._")


def _baseurl() -> str:
    baseurl = current().site.get("baseurl")
    if baseurl is None:
        baseurl = current().baseurl
    return str(baseurl or "").removesuffix("/")


def _leading_slash(part: str) -> str:
    return part if not part or part.startswith("/") else "/" + part


def relative_url(value: Any) -> Any:
    value = plain(value)
    if value is None:
        return None
    if isinstance(value, Mapping) and "url" in value:
        value = value["url"]
    text = ruby_to_s(value)
    if _ABSOLUTE.match(text):
        return text
    return _normalize_uri(_leading_slash(_baseurl()) + _leading_slash(text))


def absolute_url(value: Any) -> Any:
    value = plain(value)
    if value is None:
        return None
    text = ruby_to_s(value)
    if _ABSOLUTE.match(text):
        return text
    site_url = current().site.get("url") or current().url
    relative = relative_url(text)
    if not site_url:
        return relative
    return _normalize_uri(str(site_url) + relative)


def to_time(value: Any) -> dt.datetime | None:
    """Jekyll's ``time(input)``: dates, times, epoch integers and strings as Ruby reads them."""
    value = plain(value)
    zone = _site_zone()
    if isinstance(value, dt.datetime):
        return value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=zone)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, zone)
    if isinstance(value, str) and value.strip():
        if value.strip() in ("now", "today"):
            return dt.datetime.now(zone)
        try:
            return dates.parse_time(value, zone).astimezone(zone)
        except ValueError:
            return None
    return None


def liquid_date(value: Any, fmt: Any = None) -> Any:
    """Liquid's ``date``: strings as Ruby's ``Time.parse`` reads them, kept in their own zone."""
    value = plain(value)
    if value is None:
        return None
    if fmt is None or ruby_to_s(plain(fmt)) == "":
        return value
    zone = _site_zone()
    time: dt.date | None = None
    if isinstance(value, dt.datetime | dt.date):
        time = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        time = dt.datetime.fromtimestamp(value, zone)
    elif isinstance(value, str):
        text = value.strip()
        if text in ("now", "today"):
            time = dt.datetime.now(zone)
        elif text.isdigit():
            time = dt.datetime.fromtimestamp(int(text), zone)
        else:
            try:
                time = dates.parse_time(text, zone)
            except ValueError:
                return value
    if time is None:
        return value
    return time.strftime(ruby_to_s(plain(fmt)))


def _site_zone() -> dt.tzinfo:
    """Jekyll's ``time()`` gives local time, and Jekyll sets TZ to ``timezone``."""
    name = current().site.get("timezone")
    if name:
        try:
            return ZoneInfo(str(name))
        except (ValueError, ZoneInfoNotFoundError):
            pass
    return dt.UTC


def _ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def _date_string(value: Any, month: str, kind: Any, style: Any) -> Any:
    time = to_time(value)
    if time is None:
        return value
    if kind == "ordinal":
        if style == "US":
            return f"{time.strftime(month)} {_ordinal(time.day)}, {time.year}"
        return f"{_ordinal(time.day)} {time.strftime(month)} {time.year}"
    return time.strftime(f"%d {month} %Y")


def date_to_string(value: Any, kind: Any = None, style: Any = None) -> Any:
    return _date_string(value, "%b", kind, style)


def date_to_long_string(value: Any, kind: Any = None, style: Any = None) -> Any:
    return _date_string(value, "%B", kind, style)


def date_to_xmlschema(value: Any) -> Any:
    time = to_time(value)
    if time is None:
        return value
    return time.isoformat(timespec="seconds")


def date_to_rfc822(value: Any) -> Any:
    time = to_time(value)
    if time is None:
        return value
    return time.strftime("%a, %d %b %Y %H:%M:%S ") + (time.strftime("%z") or "+0000")


def xml_escape(value: Any) -> str:
    return html.escape(ruby_to_s(value), quote=False).replace('"', "&quot;")


def cgi_escape(value: Any) -> str:
    return quote_plus(ruby_to_s(value), safe="*")


def uri_escape(value: Any) -> str:
    return quote(ruby_to_s(value), safe="!#$&'()*+,/:;=?@[]~-._%")


def number_of_words(value: Any, mode: Any = None) -> int:
    text = ruby_to_s(value)
    if mode in ("cjk", "auto"):
        cjk = len(re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]", text))
        if mode == "cjk" or cjk:
            rest = re.sub(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]", " ", text)
            return cjk + len(rest.split())
    return len(text.split())


def array_to_sentence_string(value: Any, connector: Any = "and") -> Any:
    items = [ruby_to_s(item) for item in _array(value)]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} {connector} {items[1]}"
    return f"{', '.join(items[:-1])}, {connector} {items[-1]}"


def markdownify(value: Any) -> str:
    function = current().markdown
    text = ruby_to_s(value)
    return function(text) if function is not None else text


_SMART = (
    (re.compile(r"---"), "\u2014"),
    (re.compile(r"--"), "\u2013"),
    (re.compile(r"\.\.\."), "\u2026"),
    (re.compile(r"(^|[\s(\[{\u2014\u2013-])\""), "\\1\u201c"),
    (re.compile(r"\""), "\u201d"),
    (re.compile(r"(^|[\s(\[{\u2014\u2013-])'"), "\\1\u2018"),
    (re.compile(r"'"), "\u2019"),
)


def smartify(value: Any) -> str:
    """SmartyPants: curly quotes, dashes, ellipses."""
    text = ruby_to_s(value)
    for pattern, replacement in _SMART:
        text = pattern.sub(replacement, text)
    return text


def slugify(value: Any, mode: Any = "default") -> Any:
    value = plain(value)
    if value is None:
        return None
    text, mode = ruby_to_s(value), str(mode or "default")
    if mode == "latin":  # I18n.transliterate, then the default mode
        decomposed = unicodedata.normalize("NFKD", text)
        text, mode = "".join(c for c in decomposed if not unicodedata.combining(c)), "default"
    return jekyll_slugify(text, mode)


def _json_ready(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if isinstance(value, dt.date):
        return ruby_to_s(value)
    return value


def jsonify(value: Any) -> str:
    return json.dumps(_json_ready(value), ensure_ascii=False, separators=(",", ":"))


def normalize_whitespace(value: Any) -> str:
    return re.sub(r"\s+", " ", ruby_to_s(value)).strip()


def _array(value: Any) -> list[Any]:
    value = plain(value)
    if value is None:
        return []
    if isinstance(value, Mapping):
        return list(value.values())
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def _property(item: Any, name: Any) -> Any:
    """Jekyll's ``item_property``: ``a.b`` walks into maps."""
    value = plain(item)
    for part in str(name).split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list | tuple) and part.lstrip("-").isdigit():
            index = int(part)
            value = value[index] if -len(value) <= index < len(value) else None
        else:
            return None
    return value


def where(value: Any, name: Any, target: Any) -> Any:
    items = _array(value)
    target = plain(target)
    wanted = "" if target is None else ruby_to_s(target)
    kept = []
    for item in items:
        found = _property(item, name)
        values = found if isinstance(found, list | tuple) else ([] if found is None else [found])
        strings = [ruby_to_s(v) for v in values]
        if wanted in strings or (target in ("", None) and not strings):
            kept.append(item)
    return kept


_TEMPLATES: dict[tuple[int, str], Any] = {}


def _template(context: RenderContext, source: str) -> Any:
    """where_exp/find_exp/group_by_exp expressions, parsed once (they run in loops)."""
    key = (id(context.env), source)
    template = _TEMPLATES.get(key)
    if template is None:
        if len(_TEMPLATES) > 1024:
            _TEMPLATES.clear()
        template = _TEMPLATES[key] = context.env.from_string(source)
    return template


def _expression_test(
    context: RenderContext, variable: str, expression: str
) -> Callable[[Any], bool]:
    template = _template(context, "{% if " + str(expression) + " %}1{% endif %}")

    def test(item: Any) -> bool:
        buffer = StringIO()
        with context.extend({str(variable): item}):
            template.render_with_context(context, buffer, partial=True)
        return buffer.getvalue() == "1"

    return test


@with_context
def where_exp(value: Any, variable: Any, expression: Any, *, context: RenderContext) -> Any:
    test = _expression_test(context, str(variable), str(expression))
    return [item for item in _array(value) if test(item)]


@with_context
def find_exp(value: Any, variable: Any, expression: Any, *, context: RenderContext) -> Any:
    test = _expression_test(context, str(variable), str(expression))
    return next((item for item in _array(value) if test(item)), None)


def find(value: Any, name: Any, target: Any) -> Any:
    target = plain(target)
    for item in _array(value):
        found = _property(item, name)
        if target is None:
            if found is None:
                return item
        elif isinstance(found, list | tuple):
            if ruby_to_s(target) in [ruby_to_s(v) for v in found]:
                return item
        elif ruby_to_s(found) == ruby_to_s(target):
            return item
    return None


def _groups(pairs: list[tuple[Any, Any]]) -> list[dict[str, Any]]:
    groups: dict[Any, list[Any]] = {}
    names: dict[Any, Any] = {}
    for key, item in pairs:
        marker = ruby_to_s(key) if not isinstance(key, str) else key
        groups.setdefault(marker, []).append(item)
        names.setdefault(marker, key)
    return [{"name": names[k], "items": v, "size": len(v)} for k, v in groups.items()]


def group_by(value: Any, name: Any) -> list[dict[str, Any]]:
    return _groups([(ruby_to_s(_property(item, name)), item) for item in _array(value)])


@with_context
def group_by_exp(value: Any, variable: Any, expression: Any, *, context: RenderContext) -> Any:
    template = _template(context, "{{ " + str(expression) + " }}")
    pairs = []
    for item in _array(value):
        buffer = StringIO()
        with context.extend({str(variable): item}):
            template.render_with_context(context, buffer, partial=True)
        pairs.append((buffer.getvalue(), item))
    return _groups(pairs)


def _sort_key(value: Any) -> tuple[int, Any]:
    value = plain(value)
    if isinstance(value, bool):
        return (1, str(value))
    if isinstance(value, int | float):
        return (0, value)
    if isinstance(value, dt.datetime):
        return (2, value.timestamp() if value.tzinfo else value.replace(tzinfo=dt.UTC).timestamp())
    if isinstance(value, dt.date):
        return (2, dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC).timestamp())
    return (3, ruby_to_s(value))


def sort(value: Any, name: Any = None, nils: Any = "first") -> Any:
    items = _array(value)
    if name is None:
        return sorted(items, key=_sort_key)
    present = [i for i in items if _property(i, name) is not None]
    absent = [i for i in items if _property(i, name) is None]
    ordered = sorted(present, key=lambda i: _sort_key(_property(i, name)))
    return ordered + absent if nils == "last" else absent + ordered


def sample(value: Any, count: Any = 1) -> Any:
    items = _array(value)
    if count in (1, None):
        return random.choice(items) if items else None
    return random.sample(items, min(int(count), len(items)))


def push(value: Any, item: Any) -> list[Any]:
    return [*_array(value), plain(item)]


def pop(value: Any, count: Any = 1) -> list[Any]:
    items = _array(value)
    return items[: max(len(items) - int(count), 0)]


def shift(value: Any, count: Any = 1) -> list[Any]:
    return _array(value)[int(count) :]


def unshift(value: Any, item: Any) -> list[Any]:
    return [plain(item), *_array(value)]


def inspect(value: Any) -> str:
    return xml_escape(ruby_inspect(value))


def to_integer(value: Any) -> Any:
    """Ruby's ``to_i``: the leading integer of a string (``"12abc"`` is 12), else 0."""
    value = plain(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return int(value)
    leading = re.match(r"\s*[+-]?\d+", ruby_to_s(value).replace("_", ""))
    return int(leading.group(0)) if leading else 0


FILTERS: dict[str, Callable[..., Any]] = {
    "date": liquid_date,
    "relative_url": relative_url,
    "absolute_url": absolute_url,
    "date_to_string": date_to_string,
    "date_to_long_string": date_to_long_string,
    "date_to_xmlschema": date_to_xmlschema,
    "date_to_rfc822": date_to_rfc822,
    "xml_escape": xml_escape,
    "cgi_escape": cgi_escape,
    "uri_escape": uri_escape,
    "number_of_words": number_of_words,
    "array_to_sentence_string": array_to_sentence_string,
    "markdownify": markdownify,
    "smartify": smartify,
    "slugify": slugify,
    "jsonify": jsonify,
    "normalize_whitespace": normalize_whitespace,
    "where": where,
    "where_exp": where_exp,
    "find": find,
    "find_exp": find_exp,
    "group_by": group_by,
    "group_by_exp": group_by_exp,
    "sort": sort,
    "sample": sample,
    "push": push,
    "pop": pop,
    "shift": shift,
    "unshift": unshift,
    "inspect": inspect,
    "to_integer": to_integer,
}

# Filters of Liquid 5 that Liquid 4.0 (Jekyll 4.3) does not have.
_NOT_IN_LIQUID_4 = ("find_index", "has", "reject", "squish", "sum")


def register(env: Environment) -> None:
    for name in _NOT_IN_LIQUID_4:
        env.filters.pop(name, None)
    for name, function in FILTERS.items():
        env.add_filter(name, function)
