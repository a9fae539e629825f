"""JekyllReader: Pelican's Markdown reader, taught to read Jekyll posts unchanged.

``read()`` = :meth:`JekyllReader.prepare` (the per-post pipeline of
``plugin.pipeline``: pure and per file, because Pelican caches what ``read()``
returns per file) + :meth:`JekyllReader.finish` (Pelican's metadata objects).
Whatever needs another file (``post_url``, links to other posts, laureate data
files) is left as a marker for the site-wide steps once every post is read.
"""

from __future__ import annotations

import logging
import os
from typing import Any, ClassVar

from markdown import Markdown
from pelican.readers import HTMLReader, MarkdownReader

from pelican_fast.core import safe_html
from pelican_fast.core import settings as fast_settings
from pelican_fast.jekyll.config import JekyllSite, site_from_settings
from pelican_fast.jekyll.kramdown import KramdownOptions, KramdownRenderer
from pelican_fast.plugin import link_step, pipeline, prefetch, session
from pelican_fast.plugin.metadata import pelican_metadata
from pelican_fast.plugin.state import SCRIPTS_KEY, STATE_KEY, Action, Prepared

logger = logging.getLogger(__name__)

# Extensions Jekyll's kramdown behaviour needs: fenced code ({% highlight %} and
# ``` blocks) and attribute lists ({: .class}, {:target="_blank"}).
_NEEDED_EXTENSIONS = ("markdown.extensions.fenced_code", "markdown.extensions.attr_list")


class JekyllReader(MarkdownReader):
    """Reads Markdown files with YAML front matter the way Jekyll 4.3 does."""

    file_extensions: ClassVar[list[str]] = ["md", "markdown", "mkd", "mdown", "html", "htm"]
    # Jekyll posts may be HTML (output as is, after Liquid); an HTML file
    # without front matter is Pelican's, read by its own HTMLReader.
    html_extensions: ClassVar[frozenset[str]] = frozenset({"html", "htm"})

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self.fast = fast_settings.load(settings)
        self.site: JekyllSite = site_from_settings(self.fast)
        self.content_root = os.path.abspath(settings.get("PATH", "."))
        self._body_md: Markdown | None = None
        # Jekyll's Markdown (kramdown's GFM parser), or Pelican's own (`markdown` setting).
        self._kramdown: KramdownRenderer | None = None
        if self.fast["markdown"] == "kramdown":
            options = KramdownOptions.from_config(self.site.variables.get("kramdown"))
            self._kramdown = KramdownRenderer(options)
        self.environment = pipeline.ReadEnvironment(
            config=self.fast,
            site=self.site,
            content_root=self.content_root,
            render_markdown=self.render_markdown,
            link_options=link_step.options(self.fast, self.site),
            html_extensions=self.html_extensions,
        )

    # -- Markdown -----------------------------------------------------------
    def _markdown(self) -> Markdown:
        """One Markdown instance per reader, without the `meta` extension.

        Pelican's reader enables `meta`, which would eat a Jekyll body whose
        first line looks like ``Note: ...``; the front matter is YAML here.
        """
        if self._body_md is None:
            config = dict(self.settings["MARKDOWN"])
            extensions = [
                e
                for e in config.get("extensions", [])
                if e not in ("markdown.extensions.meta", "meta")
            ]
            names = {e if isinstance(e, str) else type(e).__name__ for e in extensions}
            if "markdown.extensions.extra" not in names and "extra" not in names:
                extensions += [e for e in _NEEDED_EXTENSIONS if e not in names]
            config["extensions"] = extensions
            self._body_md = Markdown(**config)
        self._body_md.reset()
        return self._body_md

    def render_markdown(self, text: str) -> str:
        if self._kramdown is not None:
            return self._kramdown.render(text)
        return self._markdown().convert(text)

    # -- reading ------------------------------------------------------------
    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        build = session.current()
        prepared = prefetch.take(build.read_aheads, source_path) if build else None
        if prepared is None:
            prepared = self.prepare(source_path)
        return self.finish(source_path, prepared)

    def prepare(self, source_path: str) -> Prepared:
        """Everything about one file that needs nothing from Pelican's objects.

        Pure and picklable (``plugin.pipeline``), so that a worker process can do it
        ahead of Pelican (``plugin.prefetch``); :meth:`finish` turns it into what
        Pelican expects.
        """
        return pipeline.run(source_path, self.environment)

    def _cleaned(self, content: str, metadata: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """A page of Pelican's own readers, cleaned like the posts when ``safe_html`` is on."""
        if not self.fast["safe_html"]:
            return content, metadata
        cleaned = safe_html.clean_html(content, inline_scripts=self.fast["inline_scripts"])
        if cleaned.scripts:
            metadata[SCRIPTS_KEY] = list(cleaned.scripts)
        return cleaned.html, metadata

    def finish(self, source_path: str, prepared: Prepared) -> tuple[str, dict[str, Any]]:
        """What Pelican's ``read()`` returns, from :meth:`prepare`'s result."""
        if prepared.action == Action.HTML_READER:
            return self._cleaned(*HTMLReader(self.settings).read(source_path))
        if prepared.action == Action.PELICAN_READER:
            return self._cleaned(*super().read(source_path))
        state = prepared.state
        assert state is not None
        if prepared.action == Action.SKIPPED:
            return "", {"status": "skip", STATE_KEY: state, "title": state.name}
        post = prepared.post
        assert post is not None
        safe = self.fast["safe_html"]
        metadata = pelican_metadata(
            post,
            self.settings,
            category_from=self.fast["category_from"],
            baseurl=self.site.baseurl,
            escape=safe_html.escape_text if safe else str,
        )
        if prepared.summary is not None:
            metadata["summary"] = prepared.summary
        metadata[STATE_KEY] = state
        return prepared.content, metadata
