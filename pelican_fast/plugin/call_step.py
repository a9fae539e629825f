"""Call-for-projects banners and call boxes inside a Pelican build.

- ``prepare``: at start-up, load and validate the calls (a clear error naming the call).
- ``on_generator_init``: offer themes the Jinja global ``pelican_fast_call_banners()``,
  and wrap the generator's templates so that a rendered page gets its banners,
  by string, before Pelican writes it (about 10 us a page, no extra I/O).
- ``finalize``: once every post is read: reload the calls and the build instant
  (Pelican's autoreload runs again in the same process), render call boxes in
  posts that name a call.
- ``on_content_written``: the fallback for pages rendered some other way
  (TEMPLATE_PAGES, other plugins): insert into the written file, by string.
- ``on_finalized``: banners in redirect pages, then copy the script and stylesheet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from pelican_fast.core import markers
from pelican_fast.core.instant import InstantError, build_instant
from pelican_fast.core.settings import ConfigError, FastConfig, find_settings_file
from pelican_fast.plugin.build import redirect_file
from pelican_fast.widgets import call_html
from pelican_fast.widgets.call_words import Words, parse_locale
from pelican_fast.widgets.calls import Call, Status, load_calls, zone
from pelican_fast.widgets.render import STATIC_PACKAGE_DIR

logger = logging.getLogger(__name__)

JINJA_GLOBAL = "pelican_fast_call_banners"
HTML_SUFFIXES = (".html", ".htm")
DONE = "pelican_fast_banner_done"  # in a page's context: the banner step already ran
ASSETS = (call_html.SCRIPT, call_html.STYLESHEET)


@dataclass
class CallState:
    """What this build knows about its calls; rebuilt at each run."""

    settings: Mapping[str, Any]
    calls: dict[str, Call]
    now: dt.datetime
    words: Words
    block: call_html.BannerBlock
    heading_level: int
    contents: list[Any] = field(default_factory=list)
    pages_with_banner: int = 0

    def status(self, call: Call) -> Status:
        return call.status(self.now)


@lru_cache(maxsize=1)
def asset_version() -> str:
    """A hash of the script and stylesheet: browsers fetch a new version when they change."""
    digest = hashlib.sha256()
    for name in ASSETS:
        with open(os.path.join(STATIC_PACKAGE_DIR, name), "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:10]


def _state(config: FastConfig) -> CallState:
    section = config["calls"]
    tz = zone(section["timezone"])
    words = Words(parse_locale(section["locale"]), tz)
    try:
        now = build_instant(config["now"], section["timezone"])
    except InstantError as error:
        raise ConfigError(str(error)) from None

    def resolve(path: str) -> str:
        return find_settings_file(path, config) or config.resolve(path)

    calls = load_calls(section["items"], tz, resolve)
    if calls:
        words.warn_if_untranslated()
    banners: list[str] = []
    for call in calls:
        status = call.status(now)
        announced = status is Status.UPCOMING and section["announce_upcoming"]
        if section["banner"] and (status is Status.OPEN or announced):
            banners.append(call_html.banner(config.pelican, call, status, words))
        logger.debug(
            "call %r: %s at %s (closes %s)",
            call.id,
            status.value,
            now.isoformat(),
            call.closes.isoformat(),
        )
    return CallState(
        settings=config.pelican,
        calls={call.id: call for call in calls},
        now=now,
        words=words,
        block=call_html.BannerBlock(tuple(banners), asset_version(), section["stylesheet"]),
        heading_level=section["heading_level"],
    )


StateOf = Callable[[], "CallState | None"]


def prepare(config: Any) -> CallState:
    """Validate the calls; raise pelican_fast.core.settings.ConfigError when one is wrong."""
    return _state(config)


def on_generator_init(generator: Any, state_of: StateOf) -> None:
    """Offer the Jinja global, and insert banners as the generator's pages are rendered.

    Themes may place the banners themselves: ``{{ pelican_fast_call_banners() }}``.
    Otherwise the banner block goes into the rendered string before Pelican
    writes it (no second read and write of the file); pages rendered some
    other way get it in ``on_content_written``.
    """
    generator.env.globals[JINJA_GLOBAL] = _call_banners(state_of)
    get_template = generator.get_template
    if getattr(get_template, "pelican_fast_banners", False):
        return

    def get_template_with_banners(name: str) -> Any:
        return _WithBanners(get_template(name), state_of)

    get_template_with_banners.pelican_fast_banners = True  # type: ignore[attr-defined]
    generator.get_template = get_template_with_banners


class _WithBanners:
    """A theme template whose HTML output gets the banner block."""

    def __init__(self, template: Any, state_of: StateOf) -> None:
        self._template = template
        self._state_of = state_of

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)

    def render(self, *args: Any, **kwargs: Any) -> str:
        output: str = self._template.render(*args, **kwargs)
        state = self._state_of()
        context = args[0] if args and isinstance(args[0], dict) else kwargs
        name = str(context.get("output_file") or "")
        if state is None or not state.block.banners or not name.endswith(HTML_SUFFIXES):
            return output
        if isinstance(args[0] if args else None, dict):
            args[0][DONE] = True  # the writer sends this dict to content_written
        changed = call_html.insert(output, state.block, str(context.get("SITEURL") or ""))
        if changed is None:
            return output
        state.pages_with_banner += 1
        return changed


def _call_banners(state_of: StateOf) -> Callable[[Any], Markup]:
    @jinja2.pass_context
    def call_banners(context: Any) -> Markup:
        """The banner block for the page being rendered ('' when no call is open).

        The block carries its signature, so the page is not given a second copy
        when it is written.
        """
        state = state_of()
        if state is None:
            return Markup("")
        return Markup(state.block.html(str(context.get("SITEURL") or "")))

    return call_banners


def finalize(contents: list[Any], config: Any, generators: list[Any]) -> CallState:
    """Render call boxes in posts; the state the write phase uses from now on."""
    state = _state(config)
    state.contents = list(contents)
    for content in contents:
        _place_boxes(content, state)
    return state


def _box(state: CallState, call: Call) -> str:
    return call_html.box(state.settings, call, state.status(call), state.words, state.heading_level)


def _place_boxes(content: Any, state: CallState) -> None:
    """Boxes where ``{% call id %}`` was written, then for ``call: id`` at the top."""
    original = content._content or ""
    source = getattr(content, "relative_source_path", "?")
    text = call_html.neutralise(original)
    placed: set[str] = set()

    def unknown(where: str, call_id: str) -> None:
        known = ", ".join(sorted(state.calls)) or "none"
        logger.warning("%s: %s: no call with id %r (known: %s)", source, where, call_id, known)

    def replace(match: Any) -> str:
        boxes = []
        for call_id in call_html.call_marker_ids(match):
            call = state.calls.get(call_id)
            if call is None:
                unknown("{% call %}", call_id)
            elif call_id not in placed:
                placed.add(call_id)
                boxes.append(_box(state, call))
        return "\n".join(boxes)

    if markers.CALL_COMMENT in text:
        text = call_html.CALL_MARKER.sub(replace, text)
    top = []
    for call_id in call_html.front_matter_ids(getattr(content, "call", None)):
        call = state.calls.get(call_id)
        if call is None:
            unknown("call", call_id)
        elif call_id not in placed:
            placed.add(call_id)
            top.append(_box(state, call))
    if top:
        text = "\n".join(top) + "\n" + text
    _neutralise_title(content)
    if text != original:
        _freeze_summary(content)
        content._content = text
    _clean_summary(content)


def _neutralise_title(content: Any) -> None:
    """Themes print titles raw: a title must not carry a banner marker or the hook class."""
    title = getattr(content, "title", None)
    if isinstance(title, str):
        clean = call_html.neutralise(title)
        if clean != title:
            content.title = clean
            if isinstance(getattr(content, "metadata", None), dict):
                content.metadata["title"] = clean


def _freeze_summary(content: Any) -> None:
    """Keep Pelican's summary of the body as written: a box is not part of an excerpt."""
    metadata = getattr(content, "metadata", None)
    if isinstance(metadata, dict) and "summary" not in metadata:
        summary = content.summary
        if isinstance(summary, str):
            metadata["summary"] = summary
            content._summary = summary


def _clean_summary(content: Any) -> None:
    """No call marker, banner marker or hook class in a summary (indexes, feeds)."""
    metadata = getattr(content, "metadata", None)
    summary = metadata.get("summary") if isinstance(metadata, dict) else None
    if not isinstance(summary, str) or not isinstance(metadata, dict):
        return
    clean = call_html.CALL_MARKER.sub("", call_html.neutralise(summary))
    if clean != summary:
        metadata["summary"] = clean
        content._summary = clean


def on_content_written(path: str, context: Any, state: CallState | None) -> None:
    """Insert the banners of open calls into a written page."""
    if state is None or not state.block.banners or not path.endswith(HTML_SUFFIXES):
        return
    if not isinstance(context, Mapping):
        context = {}
    if context.get(DONE):
        return
    siteurl = str(context.get("SITEURL") or "")
    if _insert_into(path, state, siteurl, assets=True):
        state.pages_with_banner += 1


def _insert_into(path: str, state: CallState, siteurl: str, assets: bool) -> bool:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            page = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        logger.debug("%s: not read for the call banner: %s", path, error)
        return False
    changed = call_html.insert(page, state.block, siteurl, assets)
    if changed is None:
        return False
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(changed)
    return True


def on_finalized(pelican: Any, config: Any, state: CallState | None) -> None:
    """Banners in redirect pages (no script there), then copy static assets."""
    if state is None or not state.calls:
        return
    output = str(pelican.output_path)
    if state.block.banners:
        siteurl = str(pelican.settings.get("SITEURL") or "")
        for content in state.contents:
            if getattr(content, "status", "") != "published":
                continue
            for old in getattr(content, "redirect_from", None) or []:
                relative = redirect_file(str(old))
                path = os.path.join(output, relative) if relative else ""
                if path and os.path.isfile(path):
                    _insert_into(path, state, siteurl, assets=False)
        logger.info(
            "pelican-fast: call banner (%s) written into %d pages",
            ", ".join(repr(call_id) for call_id in state.calls if _has_banner(state, call_id)),
            state.pages_with_banner,
        )
    for name in ASSETS:
        if name == call_html.STYLESHEET and not config["calls"]["stylesheet"]:
            continue
        destination = os.path.join(output, name)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        shutil.copyfile(os.path.join(STATIC_PACKAGE_DIR, name), destination)


def _has_banner(state: CallState, call_id: str) -> bool:
    return any(f'data-pf-call="{call_id}"' in banner for banner in state.block.banners)
