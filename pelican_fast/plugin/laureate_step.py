"""Laureate cards inside a Pelican build (glue between widgets.laureates and Pelican).

- ``detect``: per file, from the reader (cache-safe): find laureate prose and
  front-matter laureates, replace detected prose with markers, return the data.
- ``finalize``: once every post is read: render the cards (data files may
  have changed without any post changing, so this is never cached).
- ``on_finalized``: copy the optional fallback stylesheet.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pelican_fast.core import markers
from pelican_fast.links.api import repair_destination
from pelican_fast.plugin.state import STATE_KEY
from pelican_fast.widgets import detect as prose_detect
from pelican_fast.widgets import laureates as model
from pelican_fast.widgets import render

logger = logging.getLogger(__name__)

STYLESHEET = "pelican_fast/laureates.css"
# What Liquid (``{% laureates … %}``) and detection leave in the HTML. Markdown
# may wrap a marker written inside a paragraph in <p>…</p>: the cards replace both.
MARKER = markers.LAUREATES_PATTERN
_ARGUMENT = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


def _section(config: Any) -> Mapping[str, Any]:
    return config["laureates"] if config is not None else {}


def detect(
    body: str,
    *,
    relative_path: str,
    line_offset: int,
    config: Any,
    front_matter: dict[str, Any],
) -> tuple[str, list[Any]]:
    """Return the body with laureate prose replaced by markers, and the post's laureates.

    Front-matter laureates are always returned (the CLI reports them, and
    ``{% laureates %}`` places them); prose is read only when ``detect`` is on.
    """
    found: list[model.Laureate] = model.from_front_matter(front_matter, post=relative_path)
    if _section(config).get("detect"):
        try:
            groups = prose_detect.find(
                body,
                title=str(front_matter.get("title") or ""),
                front_matter=front_matter,
                post=relative_path,
                line_offset=line_offset,
                repair=repair_destination,
            )
        except Exception:  # a heuristic must never stop a build: keep the prose
            logger.exception("%s: laureate detection failed; the prose is kept", relative_path)
            groups = []
        if groups:
            body = prose_detect.replace(body, groups)
            for group in groups:
                found.extend(group.laureates)
    return body, found


# -- rendering -------------------------------------------------------------------------
def _arguments(raw: str) -> dict[str, str]:
    return {
        m.group(1): next(g for g in (m.group(2), m.group(3), m.group(4)) if g is not None)
        for m in _ARGUMENT.finditer(raw.replace("&quot;", '"'))
    }


def _amount_label(amount: Any) -> str:
    if isinstance(amount, bool) or amount is None or amount == "":
        return ""
    if isinstance(amount, int | float):
        whole = round(amount)
        return f"{whole:,}".replace(",", "\u202f") + "\u00a0€"
    return str(amount)


def _broken_relative(url: str) -> bool:
    """A "relative" URL whose path holds a scheme is a broken absolute one, not a path."""
    if render.is_external(url) or url.lower().startswith("mailto:"):
        return False
    return "://" in re.split(r"[?#]", url, maxsplit=1)[0]


def card(laureate: model.Laureate, section: Mapping[str, Any], where: str) -> dict[str, Any]:
    """What a card template needs, with the URL judged by the allow-list."""
    url = render.safe_url(laureate.url) if laureate.url else None
    if url is not None and _broken_relative(url):
        url = None  # "(https://…": a destination the link engine could not repair
    if laureate.url and url is None:
        logger.warning(
            "%s: laureate %r: URL %r is not allowed (only http, https, mailto or relative); "
            "the card is shown without a link",
            where,
            laureate.name,
            laureate.url,
            extra={"limit_msg": "More laureate URLs refused"},
        )
    logo = render.safe_url(laureate.logo) if laureate.logo else None
    edition = laureate.edition
    label_template = str(section.get("edition_label") or "")
    badge = label_template.replace("{edition}", str(edition)) if edition is not None else ""
    return {
        "name": laureate.name,
        "description": laureate.description,
        "sponsor": laureate.sponsor,
        "url": url,
        "external": bool(url and render.is_external(url)),
        "edition": edition,
        "badge": badge if label_template else "",
        "amount": _amount_label(laureate.amount),
        "logo": logo,
        "kind": laureate.kind,
    }


def render_group(
    laureates: Sequence[model.Laureate],
    settings: Mapping[str, Any],
    section: Mapping[str, Any],
    where: str,
    stylesheet_href: str = "",
) -> str:
    return render.render(
        settings,
        "laureates.html",
        laureates=[card(laureate, section, where) for laureate in laureates],
        heading_level=int(section.get("heading_level") or 3),
        new_window=bool(section.get("new_window")),
        stylesheet_href=stylesheet_href,
    )


class Sources:
    """The data file and the collection, read once per build (never cached)."""

    def __init__(self, config: Any) -> None:
        self.items: list[model.Laureate] = []
        section = _section(config)
        data = section.get("data")
        if data:
            self._load(lambda: model.load_data_file(self._path(config, data)))
        collection = section.get("collection")
        if collection:
            template = section.get("collection_url")
            self._load(lambda: model.load_collection(self._path(config, collection), template))

    @staticmethod
    def _path(config: Any, name: str) -> str:
        from pelican_fast.core.settings import find_settings_file

        return find_settings_file(name, config) or config.resolve(name)

    def _load(self, loader: Any) -> None:
        try:
            self.items.extend(loader())
        except model.LaureateDataError as error:
            logger.error("%s", error)

    def edition(self, edition: int | str | None) -> list[model.Laureate]:
        return model.for_edition(self.items, edition)


def _stylesheet_href(settings: Mapping[str, Any]) -> str:
    return f"{str(settings.get('SITEURL') or '').rstrip('/')}/{STYLESHEET}"


def _state_of(content: Any) -> Any:
    return getattr(content, STATE_KEY, None) or getattr(content, "metadata", {}).get(STATE_KEY)


def finalize(contents: Iterable[Any], config: Any, generators: list[Any]) -> None:
    """Render laureate cards in place of their markers (detected, front matter, data)."""
    section = _section(config)
    sources: Sources | None = None
    settings: Mapping[str, Any] = generators[0].settings if generators else {}
    for content in contents:
        html = getattr(content, "_content", None) or ""
        state = _state_of(content)
        where = getattr(content, "relative_source_path", "") or getattr(state, "relative_path", "")
        declared = [x for x in getattr(state, "laureates", []) or [] if x.source == "front-matter"]
        if declared and markers.LAUREATES_TEXT not in html:
            logger.warning(
                "%s: %d laureate(s) in the front matter but no {%% laureates %%} to place them",
                where,
                len(declared),
            )
        if markers.LAUREATES_COMMENT not in html:
            continue
        if sources is None:
            sources = Sources(config)
        posted = list(getattr(state, "laureates", []) or [])
        content._content = _render_markers(html, posted, sources, settings, section, where)


def _render_markers(
    html: str,
    posted: Sequence[model.Laureate],
    sources: Sources,
    settings: Mapping[str, Any],
    section: Mapping[str, Any],
    where: str,
) -> str:
    """`html` with each laureate marker replaced by its cards (the stylesheet linked once)."""
    first = True

    def replace(match: re.Match[str]) -> str:
        nonlocal first
        arguments = _arguments(match.group("a") or match.group("b") or "")
        chosen = _choose(arguments, posted, sources, where)
        if not chosen:
            return ""
        href = _stylesheet_href(settings) if section.get("stylesheet") and first else ""
        first = False
        return render_group(chosen, settings, section, where, href)

    return MARKER.sub(replace, html)


def _choose(
    arguments: Mapping[str, str],
    posted: Sequence[model.Laureate],
    sources: Sources | None,
    where: str,
) -> list[model.Laureate]:
    if "detected" in arguments:
        group = int(arguments["detected"]) if arguments["detected"].isdigit() else -1
        return [x for x in posted if x.source == "detected" and x.group == group]
    if "edition" in arguments:
        edition = model.parse_edition(arguments["edition"])
        chosen = sources.edition(edition) if sources is not None else []
        chosen += [
            x
            for x in posted
            if x.source == "front-matter" and model.same_edition(x.edition, edition)
        ]
        chosen = model.for_edition(chosen, None)
        if not chosen:
            logger.warning(
                "%s: {%% laureates edition=%s %%}: no laureate of that edition in the data "
                "file, collection or front matter",
                where,
                arguments["edition"],
            )
        return chosen
    chosen = [x for x in posted if x.source == "front-matter"]
    if not chosen:
        logger.warning(
            "%s: {%% laureates %%} without edition=… places the front matter's "
            "'laureates:' list, and this post has none",
            where,
        )
    return chosen


def on_finalized(pelican: Any, config: Any) -> None:
    """Copy the optional stylesheet to the output."""
    if not _section(config).get("stylesheet"):
        return
    source = os.path.join(render.STATIC_PACKAGE_DIR, STYLESHEET)
    target = os.path.join(pelican.output_path, STYLESHEET)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(source, target)
