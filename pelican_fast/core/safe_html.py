"""Keep what authors typed from running code in readers' browsers.

Posts written in a web CMS over years can carry raw HTML with inline event
handlers (``<img onerror=…>``), ``javascript:`` links or inline ``<script>``
blocks. A hand-written sanitiser cannot follow how browsers parse broken HTML,
so post bodies go through nh3 (ammonia, an HTML5 parser like a browser's) with
an allow-list of what blogs use: iframes, figures, tables, media, details,
SVG basics, ``style``/``class``/``id``/``data-*``/``aria-*`` attributes.
Everything that runs code goes: event handlers, ``javascript:``/``vbscript:``/
``data:`` URLs (``data:image/…`` stays in ``<img src>``), ``srcdoc``,
``<base>``, ``<meta>``, ``<object>``, ``<embed>``.

nh3 deletes every ``<script>``; blogs need some. `html_scan` takes the script
elements out first, and they come back rebuilt here: an external script from
an https host (or the site itself) as it was, an author's inline script moved
to a file named after its content (`ExtractedScript`, written by
`write_scripts`) and loaded from :data:`SCRIPT_URL_MARKER` + name, which the
build replaces with the site's URL. A strict Content-Security-Policy
(``script-src 'self'``) then still holds and the author's chart still draws.

Front-matter text that themes print raw (titles, category, tag and author
names) gets its tags removed and ``<``/``>`` escaped (`escape_text`); other
front-matter strings are HTML-escaped (`escape_value`).
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
import re
import tempfile
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

import nh3
from markupsafe import Markup

from pelican_fast.core import html_scan
from pelican_fast.core.markers import SCRIPT_URL_MARKER, URL_MARKER_SCHEMES

# The build replaces this prefix with "<SITEURL>/" + SCRIPTS_DIR + "/".
SCRIPTS_DIR = "pelican_fast/js"
InlineScripts = Literal["externalise", "remove"]

_SAFE_SCHEMES = {"http", "https", "mailto", "tel", "ftp", "sms", "geo", "irc", "ircs", "xmpp"}
_DANGEROUS_SCHEMES = ("javascript", "vbscript", "data")
# nh3 lets these through to `_Filter` so that it can say what it removed.
_SCHEMES = _SAFE_SCHEMES | set(_DANGEROUS_SCHEMES) | set(URL_MARKER_SCHEMES)

_TEXT = {"p", "div", "span", "br", "hr", "pre", "code", "blockquote", "q", "cite", "abbr"}
_TAGS = (
    set(nh3.ALLOWED_TAGS)
    | _TEXT
    | {"section", "main", "article", "aside", "header", "footer", "nav", "address"}
    | {"figure", "figcaption", "picture", "details", "summary", "iframe", "font", "big"}
    | {"video", "audio", "source", "track", "img", "caption", "tfoot", "time", "center"}
    | {"form", "input", "button", "label", "select", "option", "optgroup", "textarea"}
    | {"fieldset", "legend", "output", "progress", "meter", "dialog"}
    | {"svg", "g", "path", "circle", "ellipse", "line", "polyline", "polygon", "rect"}
    | {"text", "tspan", "defs", "linearGradient", "radialGradient", "stop", "symbol"}
    | {"use", "desc", "marker", "clipPath", "mask", "pattern"}
)
_GLOBAL = {"class", "style", "id", "title", "lang", "dir", "role", "hidden", "translate"}
_SVG = {
    "viewBox", "xmlns", "fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "stroke-dasharray", "opacity", "fill-opacity", "stroke-opacity", "transform", "d", "cx",
    "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "points", "width", "height",
    "preserveAspectRatio", "text-anchor", "font-size", "font-family", "font-weight", "dx",
    "dy", "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform",
    "clip-path", "mask", "marker-end", "marker-start", "refX", "refY", "markerWidth",
    "markerHeight", "orient", "fill-rule", "clip-rule", "href", "xlink:href", "version",
}  # fmt: skip
_ATTRIBUTES: dict[str, set[str]] = {
    "*": _GLOBAL | {"width", "height", "align"},
    "a": {"href", "hreflang", "target", "rel", "name", "type", "download"},
    "img": {"src", "srcset", "sizes", "alt", "loading", "decoding", "border", "usemap"},
    "iframe": {
        "src", "allow", "allowfullscreen", "frameborder", "loading", "referrerpolicy",
        "sandbox", "name", "scrolling", "marginwidth", "marginheight", "srcdoc",
    },
    "video": {
        "src", "poster", "controls", "autoplay", "loop", "muted", "playsinline", "preload",
        "crossorigin",
    },
    "audio": {"src", "controls", "autoplay", "loop", "muted", "preload", "crossorigin"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "td": {"colspan", "rowspan", "headers", "valign", "bgcolor"},
    "th": {"colspan", "rowspan", "headers", "scope", "valign", "abbr", "bgcolor"},
    "table": {"border", "cellpadding", "cellspacing", "summary", "bgcolor"},
    "col": {"span"}, "colgroup": {"span"}, "ol": {"start", "reversed", "type"}, "li": {"value"},
    "time": {"datetime"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "blockquote": {"cite"}, "q": {"cite"}, "details": {"open"}, "font": {"color", "face", "size"},
    "area": {"href", "alt", "shape", "coords", "target", "rel"}, "map": {"name"},
    "form": {"action", "method", "target", "name"},
    "input": {
        "type", "name", "value", "placeholder", "checked", "disabled", "readonly", "min",
        "max", "step", "required", "size", "maxlength", "for", "formaction", "src", "alt",
    },
    "button": {"type", "name", "value", "disabled", "formaction"},
    "label": {"for"}, "select": {"name", "multiple", "disabled", "required", "size"},
    "option": {"value", "selected", "disabled", "label"}, "optgroup": {"label", "disabled"},
    "textarea": {"name", "rows", "cols", "placeholder", "disabled", "readonly", "required"},
    "fieldset": {"disabled", "name"}, "output": {"for", "name"},
    "progress": {"value", "max"}, "meter": {"value", "min", "max", "low", "high", "optimum"},
    **{tag: set(_SVG) for tag in ("svg", "g", "path", "circle", "ellipse", "line", "polyline")},
    **{tag: set(_SVG) for tag in ("polygon", "rect", "text", "tspan", "defs", "stop", "use")},
    **{tag: set(_SVG) for tag in ("linearGradient", "radialGradient", "symbol", "marker")},
    **{tag: set(_SVG) for tag in ("clipPath", "mask", "pattern")},
}  # fmt: skip
_URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "poster", "cite", "background", "xlink:href",
    "longdesc", "usemap", "data", "codebase", "manifest", "icon", "ping", "lowsrc", "dynsrc",
}  # fmt: skip
_SRCSET = {"srcset", "imagesrcset"}
# Tags whose removal is worth a JK020 line (the others are unknown or harmless).
_NOTABLE = {"object", "embed", "applet", "base", "meta", "link", "style", "frame", "frameset"}
# Below this many "<", even the worst nesting costs nh3 little: no need to scan.
_FEW_TAGS = 256
_NOTABLE_TEST = re.compile(
    r"<(?:script|object|embed|applet|base|meta|link|style|frame)[\t\n\f\r />]", re.IGNORECASE
)
_CONTROLS_AND_SPACE = re.compile(r"[\x00-\x20\x7f]+")
_STYLE_DANGER = re.compile(r"expression|javascript|vbscript|behavior|-moz-binding")
_CSS_URL = re.compile(r"url\s*\(\s*['\"]?")
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[\t\n\f\r ]?|(.))", re.DOTALL)
_DATA_IMAGE = re.compile(r"data:image/[a-z0-9.+-]+[;,]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")

_JS_TYPES = {
    "", "text/javascript", "application/javascript", "application/ecmascript",
    "application/x-ecmascript", "application/x-javascript", "text/ecmascript",
    "text/javascript1.0", "text/javascript1.1", "text/javascript1.2", "text/javascript1.3",
    "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
    "text/x-ecmascript", "text/x-javascript", "module",
}  # fmt: skip
_DATA_BLOCKS = {"application/ld+json", "application/json"}
_EXTERNAL_KEPT = {
    "async", "defer", "crossorigin", "integrity", "referrerpolicy", "nomodule", "charset", "id",
}  # fmt: skip
_DATA_ATTRIBUTE = re.compile(r"data-[a-z0-9_.\-]+")
_INERT_DATA = re.compile(r"<!--|</?script", re.IGNORECASE)


@dataclass(frozen=True)
class Removal:
    """One thing taken out of a post's HTML."""

    tag: str
    what: str  # "onerror", "href=javascript:", "inline <script>", "<object"

    def message(self) -> str:
        if self.what == "inline <script>":
            return "removed an inline <script> block (inline_scripts: 'remove' deletes them)"
        if self.what == "nesting":
            return (
                f"left out start tags nested deeper than {html_scan.MAX_DEPTH} elements "
                f"or {html_scan.MAX_FORMATTING} open formatting elements (hostile or broken HTML)"
            )
        if self.what == f"<{self.tag}":
            return f"removed <{self.tag}> (it can run code or change the whole page)"
        if self.tag == "script":
            return f"removed a <script> with {self.what} (only https or site scripts are kept)"
        return f"removed {self.what} from <{self.tag}> (it would run code in readers' browsers)"


@dataclass(frozen=True)
class ExtractedScript:
    """An author's inline script, moved to ``SCRIPTS_DIR/name``; the name hashes the code."""

    name: str
    code: str


@dataclass
class Cleaned:
    html: str
    removals: list[Removal] = field(default_factory=list)
    scripts: list[ExtractedScript] = field(default_factory=list)


def clean(html: str) -> tuple[str, list[Removal]]:
    """`html` without what runs code (inline scripts deleted); what was removed."""
    cleaned = clean_html(html, inline_scripts="remove")
    return cleaned.html, cleaned.removals


def clean_html(html: str, *, inline_scripts: InlineScripts = "externalise") -> Cleaned:
    """`html` safe to publish; inline scripts moved to `Cleaned.scripts` or removed."""
    if "<" not in html:  # the tokenizer never leaves text: no element, no attribute
        return Cleaned(html)
    result = Cleaned(html)
    rebuilt: list[str] = []
    nonce = ""
    if _NOTABLE_TEST.search(html) or html.count("<") > _FEW_TAGS:
        scanned = html_scan.scan(html)
        result.removals += [Removal(t, f"<{t}") for t in sorted(scanned.tags & _NOTABLE)]
        if scanned.drops:
            result.removals.append(Removal("html", "nesting"))
        if scanned.scripts or scanned.drops:
            nonce = hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()[:16]
            html = _rewrite(html, scanned, nonce, rebuilt, result, inline_scripts)
    sanitised = _sanitise(html, result.removals, nonce if rebuilt else "")
    if rebuilt:
        placeholder = re.compile(f'<pf-script data-pf="{nonce}-([0-9]+)"></pf-script>')
        sanitised = placeholder.sub(lambda m: rebuilt[int(m.group(1))], sanitised)
    if "<pf-script" in sanitised:  # typed by the author: nh3 kept the tag, not its attributes
        sanitised = _LEFTOVER_PLACEHOLDER.sub("", sanitised)
    result.html = sanitised
    if len(result.scripts) > 1:
        result.scripts = list(dict.fromkeys(result.scripts))
    return result


def _rewrite(
    html: str,
    scanned: html_scan.Scan,
    nonce: str,
    rebuilt: list[str],
    result: Cleaned,
    inline_scripts: InlineScripts,
) -> str:
    """`html` with each script element replaced by a placeholder nh3 keeps, and the
    start tags that would nest too deep left out.

    The placeholder's number starts with a hash of the whole post, so an
    author cannot type one: `_check` drops any other.
    """
    edits: list[tuple[int, int, html_scan.ScriptElement | None]] = [
        (script.start, script.end, script) for script in scanned.scripts
    ]
    edits += [(start, end, None) for start, end in scanned.drops]
    edits.sort(key=lambda edit: edit[0])
    parts: list[str] = []
    position = 0
    for start, end, script in edits:
        parts.append(html[position:start])
        position = end
        replacement = _rebuild(script, result, inline_scripts) if script else ""
        if replacement:
            parts.append(f'<pf-script data-pf="{nonce}-{len(rebuilt)}"></pf-script>')
            rebuilt.append(replacement)
    parts.append(html[position:])
    return "".join(parts)


def _rebuild(
    script: html_scan.ScriptElement, result: Cleaned, inline_scripts: InlineScripts
) -> str:
    """The HTML that replaces one script element ("" to remove it)."""
    attributes = script.attributes
    kind = attributes.get("type", "").strip(html_scan.SPACE).lower()
    if "src" in attributes:
        src = attributes["src"]
        problem = _script_src_problem(src)
        if problem or kind not in _JS_TYPES:
            result.removals.append(Removal("script", problem or f"type={kind}"))
            return ""
        kept = [("src", src)]
        kept += [("type", "module")] if kind == "module" else []
        kept += [(name, value) for name, value in attributes.items() if name in _EXTERNAL_KEPT]
        kept += [
            (name, value) for name, value in attributes.items() if _DATA_ATTRIBUTE.fullmatch(name)
        ]
        return _script_tag(kept)
    if kind in _DATA_BLOCKS and not _INERT_DATA.search(script.code):
        # No "<" at all: were the block to land in <svg>, its text would be parsed as markup.
        code = script.code.replace("<", "\\u003c")
        return f'<script type="{kind}">{code}</script>'
    if kind not in _JS_TYPES:
        result.removals.append(Removal("script", f"type={kind}"))
        return ""
    if not script.code.strip():
        return ""
    if inline_scripts == "remove":
        result.removals.append(Removal("script", "inline <script>"))
        return ""
    code = script.code
    digest = hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    extracted = ExtractedScript(f"inline-{digest}.js", code)
    result.scripts.append(extracted)  # duplicates dropped once all are known
    kept = [("src", SCRIPT_URL_MARKER + extracted.name)]
    kept += [("type", "module")] if kind == "module" else []
    return _script_tag(kept)


def _script_tag(attributes: Iterable[tuple[str, str]]) -> str:
    text = "".join(
        f' {name}="{html.escape(value, quote=True)}"' if value or name == "src" else f" {name}"
        for name, value in attributes
    )
    return f"<script{text}></script>"


def _script_src_problem(src: str) -> str:
    """Why a script `src` is refused ("" when it is https or on the site itself)."""
    url = _url(src)
    scheme = _SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        return "" if name == "https" else f"src={name}:"
    if url.startswith(("//", "\\\\", "/\\", "\\/")):
        return "src=//"  # another host, over whatever scheme the page has
    return "" if url else "src="


def _url(value: str) -> str:
    """A URL as browsers read it: ends trimmed, tabs and newlines removed anywhere."""
    return value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11"
                       "\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ").replace(
        "\t", "").replace("\n", "").replace("\r", "")  # fmt: skip


def dangerous_scheme(value: str) -> str:
    """ "javascript", "vbscript" or "data" when a URL attribute would use that scheme."""
    squeezed = _CONTROLS_AND_SPACE.sub("", value).lower()
    for scheme in _DANGEROUS_SCHEMES:
        if squeezed.startswith(scheme + ":"):
            return scheme
    return ""


@dataclass
class _Call:
    removals: list[Removal]
    nonce: str


# The call being sanitised, for `_check` (one nh3.Cleaner serves every call).
_CURRENT: ContextVar[_Call] = ContextVar("safe_html_call")
_PLACEHOLDER = "pf-script"
_LEFTOVER_PLACEHOLDER = re.compile("</?pf-script>")


def _sanitise(html: str, removals: list[Removal], nonce: str) -> str:
    """nh3 with the allow-list; placeholders ``data-pf="<nonce>-<n>"`` kept."""
    token = _CURRENT.set(_Call(removals, nonce))
    try:
        return _cleaner().clean(html)
    finally:
        _CURRENT.reset(token)


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """Built once: converting the allow-list for each call would cost more than cleaning."""
    return nh3.Cleaner(
        tags=_TAGS | {_PLACEHOLDER},
        clean_content_tags={"script", "style", "object", "embed", "applet", "noscript"},
        attributes={**_ATTRIBUTES, _PLACEHOLDER: {"data-pf"}},
        generic_attribute_prefixes={"data-", "aria-", "on"},
        attribute_filter=_check,
        strip_comments=False,
        link_rel=None,
        url_schemes=_SCHEMES,
    )


def _check(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: what may stay, and a Removal for what goes."""
    call = _CURRENT.get()
    removals = call.removals
    if tag == _PLACEHOLDER:  # only the placeholders this call made keep their number
        return value if call.nonce and value.startswith(call.nonce + "-") else None
    lowered = name.lower()
    if lowered.startswith("on") or lowered == "srcdoc":
        removals.append(Removal(tag, lowered))
        return None
    if lowered in _URL_ATTRIBUTES:
        scheme = dangerous_scheme(value)
        if (scheme, tag, lowered) == ("data", "img", "src") and _DATA_IMAGE.match(
            _CONTROLS_AND_SPACE.sub("", value).lower()
        ):
            return value
        if scheme:
            removals.append(Removal(tag, f"{lowered}={scheme}:"))
            return None
        if tag == "use" and not value.strip().startswith("#"):
            removals.append(Removal(tag, f"{lowered}=another document"))
            return None
    elif lowered in _SRCSET:
        schemes = [dangerous_scheme(part) for part in value.split(",")]
        if any(schemes):
            removals.append(Removal(tag, f"{lowered}={next(s for s in schemes if s)}:"))
            return None
    elif lowered == "style" and _risky_style(value):
        removals.append(Removal(tag, "style=script"))
        return None
    return value


def _risky_style(value: str) -> bool:
    """A style that could run script (old IE, old Firefox) or load a script URL."""
    plain = _css_plain(value)
    if _STYLE_DANGER.search(plain):
        return True
    for match in _CSS_URL.finditer(plain):
        target = plain[match.end() : match.end() + 64]
        if dangerous_scheme(target) and not _DATA_IMAGE.match(_CONTROLS_AND_SPACE.sub("", target)):
            return True
    return False


def _css_plain(value: str) -> str:
    """A style's text lower-cased, without comments and escapes (linear: no regex over comments)."""
    parts: list[str] = []
    position = 0
    while True:
        opening = value.find("/*", position)
        if opening < 0:
            parts.append(value[position:])
            break
        parts.append(value[position:opening])
        closing = value.find("*/", opening + 2)
        if closing < 0:
            break
        position = closing + 2
    text = "".join(parts)
    if "\\" in text:
        text = _CSS_ESCAPE.sub(_css_unescape, text)
    return text.lower()


def _css_unescape(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return match.group(2)


def write_scripts(output_dir: str, scripts: Iterable[ExtractedScript]) -> list[str]:
    """Write each script to ``output_dir/SCRIPTS_DIR/name``; the paths written.

    Names hash the code, so a file that exists already holds the same code and
    is left alone (idempotent, and safe when builds share an output folder).
    Each file is written to a temporary name and renamed: a reader never sees
    half a script.
    """
    folder = os.path.join(output_dir, *SCRIPTS_DIR.split("/"))
    written: list[str] = []
    for script in scripts:
        if not re.fullmatch(r"inline-[0-9a-f]{16}\.js", script.name):
            raise ValueError(f"not an extracted script name: {script.name!r}")
        path = os.path.join(folder, script.name)
        if os.path.isfile(path):
            continue
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".inline-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(script.code)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        written.append(path)
    return written


def resolve_script_urls(html: str, siteurl: str) -> str:
    """`html` with :data:`SCRIPT_URL_MARKER` replaced by the scripts' folder URL."""
    if SCRIPT_URL_MARKER not in html:
        return html
    return html.replace(SCRIPT_URL_MARKER, f"{siteurl.rstrip('/')}/{SCRIPTS_DIR}/")


_TAG = re.compile(r"<[a-zA-Z/!?][^<>]*>?")


def escape_text(text: str) -> str:
    """Plain text that themes print without escaping: tags removed, ``<``/``>`` escaped.

    Tags are removed rather than escaped because themes also print titles
    through Jinja's ``striptags``, which unescapes entities: an escaped
    ``&lt;img onerror=…&gt;`` would come back as a live tag in ``<title>`` and
    in attributes. For the same reason a straight double quote becomes a
    typographic one: Pelican's ``simple`` theme prints
    ``title="Permalink to {{ article.title|striptags }}"``, where ``&quot;``
    would be decoded back into a quote that ends the attribute.
    """
    if '"' in text:
        text = _curly_quotes(text)
    if "<" not in text and ">" not in text:
        return text
    text = " ".join(_TAG.sub(" ", text).split())
    return text.replace("<", "&lt;").replace(">", "&gt;")


_STRIPTAGS_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)  # what Jinja's striptags removes
_QUOTES = re.compile(r'"|&quot;|&#0*34;|&#[xX]0*22;|\'|&#0*39;|&#[xX]0*27;|&apos;')


def harden_for_striptags(html: str) -> str:
    """`html` whose text, once a theme prints it through ``striptags`` in an attribute, cannot
    close that attribute: straight quotes in text become typographic ones.

    Themes print a summary as ``content="{{ article.summary|striptags }}"`` without escaping
    (Pelican's Jinja does not autoescape), and ``striptags`` decodes ``&lt;``/``&quot;``: a
    summary that quotes HTML as text (``&lt;img src="x"onerror=…&gt;``) would become a live
    element. Tags are left as they are (striptags removes them); only text changes.
    """
    if '"' not in html and "'" not in html and "&" not in html:
        return html
    out: list[str] = []
    position = 0
    for tag in _STRIPTAGS_TAG.finditer(html):
        out.append(_QUOTES.sub(_typographic, html[position : tag.start()]))
        out.append(tag.group())
        position = tag.end()
    out.append(_QUOTES.sub(_typographic, html[position:]))
    return "".join(out)


def _typographic(match: re.Match[str]) -> str:
    quote = match.group()
    return (
        "\u201d" if quote == '"' or "22" in quote or "34" in quote or "quot" in quote else "\u2019"
    )


def _curly_quotes(text: str) -> str:
    pieces = text.split('"')
    out = [pieces[0]]
    for index, piece in enumerate(pieces[1:]):
        out.append("\u201c" if index % 2 == 0 else "\u201d")
        out.append(piece)
    return "".join(out)


def escape_value(value: Any) -> Any:
    """Front-matter data as templates get it: every string escaped, containers copied.

    Strings lose their tags (see `escape_text`) and are HTML-escaped, as
    ``Markup`` so that a theme's ``|e`` or an autoescaping environment does not
    escape them a second time. Numbers, dates and booleans are left as they
    are. A structure shared between keys is escaped once (YAML aliases).
    """
    return _escape(value, {})


def _escape(value: Any, done: dict[int, Any]) -> Any:
    if isinstance(value, str):
        if "<" in value:
            value = " ".join(_TAG.sub(" ", value).split())
        return Markup(html.escape(value, quote=True))
    if not isinstance(value, list | tuple | dict):
        return value
    if id(value) in done:
        return done[id(value)]
    if isinstance(value, dict):
        copy: dict[Any, Any] = {}
        done[id(value)] = copy
        for key, item in value.items():
            copy[key] = _escape(item, done)
        return copy
    items: list[Any] = []
    done[id(value)] = items
    items.extend(_escape(item, done) for item in value)
    if isinstance(value, tuple):
        done[id(value)] = tuple(items)
        return done[id(value)]
    return items
