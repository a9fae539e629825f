"""pelican-fast: read Jekyll posts in Pelican unchanged, keep their links working,
and show laureate cards and call-for-projects banners.

Enable it with ``PLUGINS = ["pelican_fast"]``; configure it with one
``PELICAN_FAST = {...}`` dict (see docs/settings.md).
"""

from __future__ import annotations

from pelican_fast.core.version import __version__

__all__ = ["__version__", "register"]


def register() -> None:
    """Connect pelican-fast to Pelican's signals (Pelican calls this once per process)."""
    from pelican import signals

    from pelican_fast.plugin import handlers

    signals.initialized.connect(handlers.on_initialized)
    signals.readers_init.connect(handlers.on_readers_init)
    signals.content_object_init.connect(handlers.on_content_object_init)
    signals.generator_init.connect(handlers.on_generator_init)
    signals.article_generator_preread.connect(handlers.on_article_preread)
    signals.page_generator_preread.connect(handlers.on_page_preread)
    signals.article_generator_context.connect(handlers.on_content_context)
    signals.article_generator_pretaxonomy.connect(handlers.on_pretaxonomy)
    signals.article_generator_finalized.connect(handlers.on_article_generator_finalized)
    signals.page_generator_context.connect(handlers.on_content_context)
    signals.all_generators_finalized.connect(handlers.on_all_generators_finalized)
    signals.content_written.connect(handlers.on_content_written)
    signals.finalized.connect(handlers.on_finalized)
