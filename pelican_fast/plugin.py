"""Signal handlers: where each step of pelican-fast runs in a Pelican build.

Blinker signals are process-wide: once connected, a handler also fires for a
later Pelican instance in the same process that did not list the plugin.
Every handler therefore checks that the current build enabled pelican-fast,
so that an installed but unlisted plugin changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pelican_fast import build, external_build, link_build
from pelican_fast import settings as fast_settings
from pelican_fast.instant import build_instant
from pelican_fast.jekyll.config import site_from_settings
from pelican_fast.jekyll.reader import STATE_KEY, JekyllReader, PostState
from pelican_fast.widgets import call_build, laureate_build

logger = logging.getLogger(__name__)

PLUGIN_NAME = "pelican_fast"


def enabled(settings: Mapping[str, Any]) -> bool:
    """Did this build list pelican-fast in PLUGINS?"""
    for plugin in settings.get("PLUGINS") or ():
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        if name == PLUGIN_NAME or name.endswith("." + PLUGIN_NAME):
            return True
    return False


class BuildState:
    """Per-build state, reset at each run (autoreload reuses the process)."""

    def __init__(self) -> None:
        self.config: fast_settings.FastConfig | None = None
        self.diagnostics_logged: set[str] = set()
        self.generators: list[Any] = []


STATE = BuildState()


def on_initialized(pelican: Any) -> None:
    """Validate PELICAN_FAST before anything is read: a clear error, not a traceback."""
    global STATE
    if not enabled(pelican.settings):
        return
    STATE = BuildState()
    STATE.config = fast_settings.load(pelican.settings)
    site_from_settings(STATE.config)  # fail early on a missing or broken _config.yml
    call_build.prepare(STATE.config)


def on_readers_init(readers: Any) -> None:
    if not enabled(readers.settings):
        return
    for extension in JekyllReader.file_extensions:
        readers.reader_classes[extension] = JekyllReader


def on_pretaxonomy(generator: Any) -> None:
    """Jekyll does not publish posts dated in the future unless ``future: true``."""
    if not enabled(generator.settings):
        return
    config = STATE.config or fast_settings.load(generator.settings)
    site = site_from_settings(config)
    if site.future:
        return
    now = build_instant(config["now"], site.timezone)
    kept = []
    for article in generator.articles:
        if getattr(article, STATE_KEY, None) is not None and article.date > now:
            logger.info(
                "%s: dated %s, in the future: not published (Jekyll's future: false)",
                article.relative_source_path,
                article.date.isoformat(),
            )
            continue
        kept.append(article)
    generator.articles = kept


def on_content_context(generator: Any, metadata: Mapping[str, Any]) -> None:
    """Log a post's diagnostics each time it is read, from the cache or not."""
    if not enabled(generator.settings):
        return
    state = metadata.get(STATE_KEY)
    if isinstance(state, PostState) and state.diagnostics:
        if state.relative_path in STATE.diagnostics_logged:
            return
        STATE.diagnostics_logged.add(state.relative_path)
        build.log_diagnostics(state.relative_path, state.diagnostics)


def on_all_generators_finalized(generators: list[Any]) -> None:
    if not generators or not enabled(generators[0].settings):
        return
    settings = generators[0].settings
    config = STATE.config or fast_settings.load(settings)
    site = site_from_settings(config)
    STATE.generators = list(generators)
    contents = build.all_contents(generators)
    index = build.SiteIndex.from_contents(contents)
    build.resolve_markers(
        contents, index, site.baseurl, build.static_paths(generators), settings["PATH"]
    )
    link_build.finalize(contents, config, site, generators)
    laureate_build.finalize(contents, config, generators)
    call_build.finalize(contents, config, generators)


def on_content_written(path: str, context: Any) -> None:
    if context and enabled(context):
        call_build.on_content_written(path, context)


def on_finalized(pelican: Any) -> None:
    if not enabled(pelican.settings):
        return
    config = STATE.config or fast_settings.load(pelican.settings)
    site = site_from_settings(config)
    contents = build.all_contents(STATE.generators)
    if config["redirect_pages"] and contents:
        origin = build.site_origin(pelican.settings, site.url, site.baseurl)
        build.write_redirects(
            contents, pelican.output_path, origin, str(pelican.settings.get("DEFAULT_LANG", "en"))
        )
    laureate_build.on_finalized(pelican, config)
    call_build.on_finalized(pelican, config)
    link_build.on_finalized(pelican, config)
    external_build.on_finalized(pelican, config, contents)
