"""Signal handlers: where each step of pelican-fast runs in a Pelican build.

Blinker signals are process-wide: once connected, a handler also fires for a
later Pelican instance in the same process that did not list the plugin.
Every handler therefore checks that the current build enabled pelican-fast,
so that an installed but unlisted plugin changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from pelican_fast.core import safe_html
from pelican_fast.core import settings as fast_settings
from pelican_fast.core.diagnostics import BuildFailure
from pelican_fast.core.instant import build_instant
from pelican_fast.jekyll import liquid
from pelican_fast.jekyll.config import site_from_settings
from pelican_fast.plugin import (
    build,
    cache_version,
    call_step,
    laureate_step,
    link_step,
    prefetch,
    session,
)
from pelican_fast.plugin.reader import JekyllReader
from pelican_fast.plugin.session import BuildSession
from pelican_fast.plugin.state import SCRIPTS_KEY, STATE_KEY, PostState

logger = logging.getLogger(__name__)

PLUGIN_NAME = "pelican_fast"
TRANSLATION_ID = "pelican_fast_translation_id"


def enabled(settings: Mapping[str, Any]) -> bool:
    """Did this build list pelican-fast in PLUGINS?"""
    for plugin in settings.get("PLUGINS") or ():
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        if name == PLUGIN_NAME or name.endswith("." + PLUGIN_NAME):
            return True
    return False


def _session(settings: Mapping[str, Any]) -> BuildSession:
    """This build's session (one is made when a handler runs without `initialized`)."""
    current = session.current()
    if current is None:
        config = fast_settings.load(settings)
        current = session.begin(config, site_from_settings(config))
    return current


def on_initialized(pelican: Any) -> None:
    """Validate PELICAN_FAST before anything is read: a clear error, not a traceback."""
    session.end()  # `pelican --autoreload`: nothing of the last build is kept
    if not enabled(pelican.settings):
        return
    config = fast_settings.load(pelican.settings)
    # site_from_settings fails early on a missing or broken _config.yml.
    current = session.begin(config, site_from_settings(config))
    cache_version.ensure(pelican.settings)  # before any generator loads Pelican's cache
    if pelican.settings.get("ARTICLE_TRANSLATION_ID") == "slug":
        # Jekyll posts are identified by their file, not their slug: two posts
        # named 2018-…-newsletter and 2019-…-newsletter are not translations of
        # each other. Native Pelican content keeps its slug as identity.
        pelican.settings["ARTICLE_TRANSLATION_ID"] = TRANSLATION_ID
    current.calls = call_step.prepare(config)


def on_generator_init(generator: Any) -> None:
    """Jinja globals a theme may call (the call banners)."""
    if enabled(generator.settings):
        call_step.on_generator_init(generator, _session(generator.settings).call_state)


def on_article_preread(generator: Any) -> None:
    """Before Pelican reads its first article: start reading ahead (plugin.prefetch)."""
    _read_ahead(generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES")


def on_page_preread(generator: Any) -> None:
    _read_ahead(generator, "PAGE_PATHS", "PAGE_EXCLUDES")


def _read_ahead(generator: Any, paths_key: str, excludes_key: str) -> None:
    if not enabled(generator.settings):
        return
    current = _session(generator.settings)
    _guarded(
        "read-ahead",
        lambda: prefetch.start(
            generator,
            paths_key,
            excludes_key,
            current.config["workers"],
            current.read_aheads,
            current.read_ahead_started,
        ),
    )


def on_readers_init(readers: Any) -> None:
    """Read Markdown (any case: Jekyll accepts ``.MD``) and HTML posts with JekyllReader."""
    if not enabled(readers.settings):
        return
    for extension in JekyllReader.file_extensions:
        for variant in {extension, extension.upper(), extension.capitalize()}:
            readers.reader_classes[variant] = JekyllReader


def on_article_generator_finalized(generator: Any) -> None:
    """Keep author feeds from overwriting category feeds.

    Pelican's defaults write both to ``feeds/{slug}.atom.xml``: a Jekyll blog
    with an author and a category of the same name (a team writing in its
    own category) makes Pelican stop with FileOverwriteFailedError. When that
    collision exists, author feeds move to ``feeds/author.{slug}…``.
    """
    if not enabled(generator.settings):
        return
    category_slugs = {category.slug for category, _ in generator.categories}
    clashing = sorted({a.slug for a, _ in generator.authors} & category_slugs)
    if not clashing:
        return
    for kind in ("ATOM", "RSS"):
        author_key, category_key = f"AUTHOR_FEED_{kind}", f"CATEGORY_FEED_{kind}"
        pattern = generator.settings.get(author_key)
        if not pattern or pattern != generator.settings.get(category_key):
            continue
        moved = str(pattern).replace("{slug}", "author.{slug}")
        for target in (generator.settings, generator.context):
            target[author_key] = moved
            if f"{author_key}_URL" in target:
                target[f"{author_key}_URL"] = str(target[f"{author_key}_URL"]).replace(
                    "{slug}", "author.{slug}"
                )
        logger.warning(
            "authors and categories share slugs (%s) and %s == %s: author feeds are "
            "written to %s instead; set %s in pelicanconf.py to choose",
            ", ".join(clashing),
            author_key,
            category_key,
            moved,
            author_key,
        )


def on_content_object_init(content: Any) -> None:
    """Give every content the identity Pelican groups translations by."""
    if not hasattr(content, TRANSLATION_ID) and enabled(content.settings):
        setattr(content, TRANSLATION_ID, getattr(content, "slug", None) or "")


def on_pretaxonomy(generator: Any) -> None:
    """Jekyll does not publish posts dated in the future unless ``future: true``."""
    if not enabled(generator.settings):
        return
    _drop_conflicting_destinations(generator)
    site = _session(generator.settings).site
    if site.future:
        return
    # Jekyll compares with the real clock; PELICAN_FAST["now"] is the instant
    # for calls for projects and must not hide posts.
    now = build_instant(None, site.timezone)
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


def _pelican_pages(settings: Mapping[str, Any]) -> dict[str, str]:
    """The files Pelican writes itself (home page, archives…), by output path."""
    pages = {}
    for template in settings.get("DIRECT_TEMPLATES") or ():
        save_as = settings.get(f"{str(template).upper()}_SAVE_AS", f"{template}.html")
        if save_as:
            pages[str(save_as).lstrip("/")] = str(template)
    for key in ("FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS"):
        if settings.get(key):
            pages[str(settings[key]).lstrip("/")] = key
    return pages


def _drop_conflicting_destinations(generator: Any) -> None:
    """Two posts with one URL: keep the last, as Jekyll does, and say so. A post whose
    permalink is a page Pelican writes itself (``permalink: /index.html``) is left out:
    it would silently replace the home page.

    Pelican refuses to write a file twice and would stop the whole build.
    """
    by_path: dict[str, list[Any]] = {}
    reserved = _pelican_pages(generator.settings)
    dropped: set[int] = set()
    for article in generator.articles:
        if getattr(article, STATE_KEY, None) is None:
            continue
        save_as = str(article.save_as).lstrip("/")
        if save_as in reserved:
            dropped.add(id(article))
            logger.error(
                "%s: its permalink is %s, where Pelican writes its %s page; the post is "
                "not written (choose another permalink)",
                article.relative_source_path,
                save_as,
                reserved[save_as],
            )
            continue
        by_path.setdefault(article.save_as, []).append(article)
    for save_as, articles in by_path.items():
        if len(articles) < 2:
            continue
        articles.sort(key=lambda a: a.relative_source_path)
        for loser in articles[:-1]:
            dropped.add(id(loser))
        logger.warning(
            "Conflict: %s are all written to %s; keeping %s, as Jekyll does",
            ", ".join(a.relative_source_path for a in articles),
            save_as,
            articles[-1].relative_source_path,
        )
    if dropped:
        generator.articles = [a for a in generator.articles if id(a) not in dropped]


def on_content_context(generator: Any, metadata: Mapping[str, Any]) -> None:
    """Log a post's diagnostics each time it is read, from the cache or not."""
    if not enabled(generator.settings):
        return
    _log_once(_session(generator.settings), metadata.get(STATE_KEY))


def _log_once(current: BuildSession, state: Any) -> None:
    if not isinstance(state, PostState) or state.relative_path in current.diagnostics_logged:
        return
    current.diagnostics_logged.add(state.relative_path)
    build.log_diagnostics(state.relative_path, state.diagnostics)


def on_all_generators_finalized(generators: list[Any]) -> None:
    current = session.current()
    if current is not None:
        prefetch.stop_all(current.read_aheads)  # every file is read
    if not generators or not enabled(generators[0].settings):
        return
    settings = generators[0].settings
    current = _session(settings)
    config, site = current.config, current.site
    current.generators = list(generators)
    contents = build.all_contents(generators)
    # With CONTENT_CACHING_LAYER = "generator", cached posts are not read again
    # and no context signal fires for them: log their diagnostics here.
    for content in contents:
        _log_once(current, getattr(content, STATE_KEY, None))
    index = build.PostIndex.from_contents(contents)
    build.resolve_markers(
        contents,
        index,
        site.baseurl,
        build.static_paths(generators),
        settings["PATH"],
        site.variables,
        str(settings.get("SITEURL") or ""),
    )
    _report_unknown_liquid(contents)
    _guarded("link checks", link_step.finalize, contents, config, site, generators, current.links)
    _guarded("laureate cards", laureate_step.finalize, contents, config, generators)

    def call_boxes() -> None:
        current.calls = call_step.finalize(contents, config, generators)

    _guarded("call boxes", call_boxes)


def _write_scripts(output_path: str, contents: list[Any]) -> None:
    """Authors' inline scripts, moved to files (``inline_scripts``), once the site is written."""
    scripts = [
        script
        for content in contents
        if isinstance(state := getattr(content, STATE_KEY, None), PostState)
        for script in state.scripts
    ]
    scripts += [s for content in contents for s in getattr(content, SCRIPTS_KEY, None) or []]
    if scripts:
        safe_html.write_scripts(output_path, dict.fromkeys(scripts))


def _report_unknown_liquid(contents: list[Any]) -> None:
    """Unknown Liquid tags and filters: one line per name for the whole build, not per use."""
    states = [
        state
        for content in contents
        if isinstance(state := getattr(content, STATE_KEY, None), PostState)
        and state.unsupported_liquid
    ]
    rows = ((s.relative_path, s.unsupported_liquid, s.unsupported_lines) for s in states)
    for line in liquid.report_lines(rows):
        logger.warning("%s", line)


def _guarded(step: str, function: Callable[..., Any], *args: Any) -> None:
    """Run one optional step; a bug in it is reported and the site is still built.

    Configuration errors and deliberate failures (``links.fail_on_error``) stop
    the build as they should.
    """
    try:
        function(*args)
    except (BuildFailure, fast_settings.ConfigError):
        raise
    except Exception:
        logger.exception("pelican-fast: %s failed; the build goes on without them", step)


def on_content_written(path: str, context: Any) -> None:
    if context and enabled(context):
        current = session.current()
        calls = current.calls if current is not None else None
        _guarded("call banners", call_step.on_content_written, path, context, calls)


def on_finalized(pelican: Any) -> None:
    if not enabled(pelican.settings):
        return
    current = _session(pelican.settings)
    config, site = current.config, current.site
    contents = build.all_contents(current.generators)
    if config["redirect_pages"] and contents:
        origin = build.site_origin(pelican.settings, site.url, site.baseurl)
        build.write_redirects(
            contents, pelican.output_path, origin, str(pelican.settings.get("DEFAULT_LANG", "en"))
        )
    _guarded("moved-out scripts", _write_scripts, pelican.output_path, contents)
    _guarded("laureate assets", laureate_step.on_finalized, pelican, config)
    _guarded("call assets", call_step.on_finalized, pelican, config, current.calls)
    try:
        _guarded("link report", link_step.on_finalized, pelican, config, current.links)
        if config["check_external"]["enabled"]:
            # Imported only when used: the HTTP client costs a noticeable part of a build's start.
            from pelican_fast.plugin import external_step

            _guarded("external link checks", external_step.on_finalized, pelican, config, contents)
    finally:
        session.end()  # the build is over: nothing of it is kept
