"""JekyllReader: Pelican's Markdown reader, taught to read Jekyll posts unchanged.

Pure and per file, because Pelican caches what ``read()`` returns per file:
front matter, metadata mapping, per-file Liquid, per-file link repairs and
Markdown rendering happen here; whatever needs another file (``post_url``,
links to other posts, laureate data files) is left as a marker for
``pelican_fast.plugin.build`` to resolve once every post has been read.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any, ClassVar

from markdown import Markdown
from pelican.readers import HTMLReader, MarkdownReader

from pelican_fast.core import safe_html
from pelican_fast.core import settings as fast_settings
from pelican_fast.core.diagnostics import ERROR, WARNING, Diagnostic
from pelican_fast.jekyll import frontmatter, liquid
from pelican_fast.jekyll.config import JekyllSite, jekyll_relative_path, site_from_settings
from pelican_fast.jekyll.post import JekyllPost, classify, read_post
from pelican_fast.plugin import laureate_step, link_step, prefetch
from pelican_fast.plugin.metadata import pelican_metadata

logger = logging.getLogger(__name__)

STATE_KEY = "pelican_fast"
# Extensions Jekyll's kramdown behaviour needs: fenced code ({% highlight %} and
# ``` blocks) and attribute lists ({: .class}, {:target="_blank"}).
_NEEDED_EXTENSIONS = ("markdown.extensions.fenced_code", "markdown.extensions.attr_list")


@dataclass
class PostState:
    """What the plugin needs to know about a post after reading (picklable)."""

    relative_path: str
    name: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unsupported_liquid: dict[str, int] = field(default_factory=dict)
    findings: list[Any] = field(default_factory=list)
    has_markers: bool = False
    laureates: list[Any] = field(default_factory=list)


JEKYLL_POST = "post"  # a Jekyll document: content, summary, post and state are set
SKIPPED = "skip"  # not published (state holds why)
HTML_READER = "html"  # an HTML file without front matter: Pelican's HTMLReader
PELICAN_READER = "pelican"  # Markdown that is not a Jekyll document: Pelican's reader


@dataclass
class Prepared:
    """What :meth:`JekyllReader.prepare` found out about one file (picklable)."""

    action: str
    content: str = ""
    summary: str | None = None
    post: JekyllPost | None = None
    state: PostState | None = None


def _skipped(
    state: PostState, level: int, message: str, line: int, code: str, column: int = 1
) -> Prepared:
    state.diagnostics.append(Diagnostic(level, message, line, column, code))
    return Prepared(SKIPPED, state=state)


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
        return self._markdown().convert(text)

    # -- reading ------------------------------------------------------------
    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        prepared = prefetch.take(source_path)
        if prepared is None:
            prepared = self.prepare(source_path)
        return self.finish(source_path, prepared)

    def prepare(self, source_path: str) -> Prepared:
        """Everything about one file that needs nothing from Pelican's objects.

        Pure and picklable, so that a worker process can do it ahead of Pelican
        (pelican_fast.plugin.prefetch); :meth:`finish` turns it into what Pelican expects.
        """
        source_relative = jekyll_relative_path(source_path, self.content_root)
        # Jekyll names documents relative to collections_dir; messages use PATH.
        relative = self.site.document_path(source_relative)
        state = PostState(
            relative_path=source_relative, name=os.path.splitext(os.path.basename(source_path))[0]
        )
        with open(source_path, "rb") as handle:
            data = handle.read()
        try:
            text, had_bom = frontmatter.decode(data)
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            return _skipped(
                state,
                ERROR,
                f"not valid UTF-8 (byte {error.start}); the file is skipped, as Jekyll does",
                line,
                "JK006",
            )
        if not text.strip():
            return _skipped(state, WARNING, "empty file; nothing to publish", 1, "JK007")
        parts = frontmatter.split(text, had_bom)
        kind = classify(relative)
        is_html = source_path.rsplit(".", 1)[-1].lower() in self.html_extensions
        if parts.yaml_text is None:
            if is_html:
                return Prepared(HTML_READER)
            if kind not in ("post", "draft"):
                # Not a Jekyll document: keep Pelican's own Markdown behaviour.
                return Prepared(PELICAN_READER)
            state.diagnostics.append(
                Diagnostic(
                    WARNING,
                    "no YAML front matter; title and date come from the file name",
                    1,
                    1,
                    "JK001",
                )
            )
        try:
            front = frontmatter.parse_yaml(parts)
        except frontmatter.FrontMatterError as error:
            return _skipped(
                state,
                ERROR,
                f"{error.message}; the post is skipped",
                error.line,
                "JK000",
                error.column,
            )
        post = read_post(
            relative,
            front,
            self.site,
            tag_split=self.fast["tag_split"],
            key_lines=frontmatter.key_lines(parts),
        )
        state.diagnostics.extend(post.diagnostics)
        content, summary = self._render_body(parts, post, state, is_html)
        if self.fast["safe_html"]:
            content = self._clean(content, parts, state)
            summary = self._clean(summary, parts, state) if summary else summary
        state.has_markers = (
            liquid.POST_URL_MARKER in content
            or liquid.LINK_MARKER in content
            or (summary is not None and ("pelican-fast-" in summary))
        )
        return Prepared(JEKYLL_POST, content, summary, post, state)

    def finish(self, source_path: str, prepared: Prepared) -> tuple[str, dict[str, Any]]:
        """What Pelican's ``read()`` returns, from :meth:`prepare`'s result."""
        if prepared.action == HTML_READER:
            return HTMLReader(self.settings).read(source_path)
        if prepared.action == PELICAN_READER:
            return super().read(source_path)
        state = prepared.state
        assert state is not None
        if prepared.action == SKIPPED:
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

    def _clean(self, html: str, parts: frontmatter.SplitFile, state: PostState) -> str:
        """Remove what would run code in readers' browsers; report it near its source line."""
        cleaned, removals = safe_html.clean(html)
        for removal in dict.fromkeys(removals):
            needle = removal.what.split("=")[0].replace("inline <script>", "<script").lower()
            offset = parts.body.lower().find(needle)
            line = parts.body_first_line + parts.body.count("\n", 0, offset) if offset >= 0 else 0
            state.diagnostics.append(Diagnostic(WARNING, removal.message(), line, 0, "JK020"))
        return cleaned

    def _render_body(
        self, parts: frontmatter.SplitFile, post: JekyllPost, state: PostState, is_html: bool
    ) -> tuple[str, str | None]:
        body, state.findings = link_step.repair_body(
            parts.body,
            relative_path=state.relative_path,
            line_offset=parts.body_first_line,
            config=self.fast,
            site=self.site,
        )
        body, state.laureates = laureate_step.detect(
            body,
            relative_path=state.relative_path,
            line_offset=parts.body_first_line,
            config=self.fast,
            front_matter=post.data,
        )
        page_vars = dict(post.data)
        page_vars.update(
            title=post.title, slug=post.slug, categories=post.categories, tags=post.tags
        )
        if post.location is not None:
            page_vars["url"] = post.location.url
        context = liquid.LiquidContext(
            site=self.site.variables,
            page=page_vars,
            baseurl=self.site.baseurl,
            url=self.site.url,
            line_offset=parts.body_first_line,
        )
        body = liquid.render(body, context)
        state.diagnostics.extend(context.diagnostics)
        state.unsupported_liquid.update(context.unsupported)
        if is_html:
            return body, self._summary(post, body, context, is_html=True)
        content = self.render_markdown(body)
        return content, self._summary(post, body, context)

    def _summary(
        self, post: JekyllPost, body: str, context: liquid.LiquidContext, is_html: bool = False
    ) -> str | None:
        """Jekyll's excerpt: front-matter ``excerpt``, else the text before the separator."""
        excerpt = post.data.get("excerpt")
        if isinstance(excerpt, str) and excerpt.strip():
            return self.render_markdown(liquid.render(excerpt, context))
        separator = str(post.data.get("excerpt_separator") or self.site.excerpt_separator)
        if not separator:
            return None
        head = body.lstrip("\r\n").replace("\r\n", "\n").partition(separator)[0]
        if not head.strip():
            return None
        if is_html:
            return head
        return self.render_markdown(head + _reference_definitions(body, head))


def _reference_definitions(body: str, head: str) -> str:
    """Jekyll appends the post's link reference definitions to an excerpt."""
    if "]:" not in body:
        return ""
    lines = [
        line
        for line in body.splitlines()
        if line.lstrip().startswith("[") and "]:" in line and line not in head
    ]
    return "\n\n" + "\n".join(lines) if lines else ""
