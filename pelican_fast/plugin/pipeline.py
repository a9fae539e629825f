"""A post's way from file to page: the per-post pipeline, as an ordered list of steps.

Every file the Jekyll reader is given goes through :data:`STEPS` in order. A step
is a function of the post's :class:`PostContext` (and of the build's shared
:class:`ReadEnvironment`); it reads what earlier steps left and leaves its own
result, or ends the pipeline early by setting ``context.outcome`` (a file that is
not a Jekyll document, a post that cannot be read). Adding a step is adding one
entry to :data:`STEPS`.

The pipeline is pure and per file: it needs nothing from Pelican's objects and
nothing from other files, so Pelican may cache its result per file and read-ahead
workers may run it in another process (``plugin.prefetch``). Whatever needs the
whole site is left as a marker (``core.markers``) for the site-wide steps.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from pelican_fast.core import markers, safe_html, source
from pelican_fast.core.budget import OverBudget, budget_for, time_budget
from pelican_fast.core.diagnostics import ERROR, WARNING, Diagnostic
from pelican_fast.core.settings import FastConfig
from pelican_fast.jekyll import frontmatter, liquid
from pelican_fast.jekyll.config import JekyllSite, jekyll_relative_path
from pelican_fast.jekyll.post import JekyllPost, classify, read_post
from pelican_fast.links import engine
from pelican_fast.plugin import laureate_step, link_step
from pelican_fast.plugin.state import Action, PostState, Prepared

Renderer = Callable[[str], str]


@dataclass(frozen=True)
class ReadEnvironment:
    """What every post of a build shares: settings, the Jekyll site, the Markdown renderer."""

    config: FastConfig
    site: JekyllSite
    content_root: str  # Pelican's PATH, absolute
    render_markdown: Renderer
    link_options: engine.LintOptions
    html_extensions: frozenset[str] = frozenset({"html", "htm"})


@dataclass
class PostContext:
    """One file on its way through the pipeline; each step fills in its part."""

    source_path: str
    relative_path: str  # relative to Pelican's PATH (messages use it)
    document_path: str  # relative to Jekyll's collections_dir (URLs use it)
    state: PostState
    is_html: bool = False
    data: bytes = b""
    text: str = ""
    had_bom: bool = False
    parts: frontmatter.SplitFile | None = None
    post: JekyllPost | None = None
    body: str = ""  # the body, transformed step by step (Markdown until `markdown`)
    liquid: liquid.LiquidContext | None = None
    content: str = ""  # the HTML
    summary: str | None = None
    outcome: Prepared | None = None  # set by a step that ends the pipeline
    step: str = ""  # the step running now (reported when one fails or runs over)

    def skip(self, level: int, message: str, line: int, code: str, column: int = 1) -> None:
        """End the pipeline: the file is not published, and the state says why."""
        self.state.diagnostics.append(Diagnostic(level, message, line, column, code))
        self.outcome = Prepared(Action.SKIPPED, state=self.state)

    def split(self) -> frontmatter.SplitFile:
        assert self.parts is not None, "the front-matter step runs first"
        return self.parts

    def jekyll_post(self) -> JekyllPost:
        assert self.post is not None, "the post step runs first"
        return self.post


StepFunction = Callable[[PostContext, ReadEnvironment], None]


@dataclass(frozen=True)
class Step:
    """One stage of the pipeline: a name (for messages) and what it does."""

    name: str
    run: StepFunction
    doc: str = field(default="", compare=False)


# -- the steps ------------------------------------------------------------------------


def read_bytes(post: PostContext, env: ReadEnvironment) -> None:
    with open(post.source_path, "rb") as handle:
        post.data = handle.read()


def decode(post: PostContext, env: ReadEnvironment) -> None:
    """UTF-8 (with or without BOM), as Jekyll reads it; anything else is skipped."""
    try:
        post.text, post.had_bom = frontmatter.decode(post.data)
    except UnicodeDecodeError as error:
        line = post.data.count(b"\n", 0, error.start) + 1
        post.skip(
            ERROR,
            f"not valid UTF-8 (byte {error.start}); the file is skipped, as Jekyll does",
            line,
            "JK006",
        )
        return
    if not post.text.strip():
        post.skip(WARNING, "empty file; nothing to publish", 1, "JK007")
        return
    post.text, lines = source.strip_controls(post.text)
    if lines:
        # A NUL or other control character stops feed writers and means nothing to readers.
        message = f"removed control characters on {source.describe(lines)}"
        post.state.diagnostics.append(Diagnostic(WARNING, message, lines[0], 1, "JK021"))


def split_front_matter(post: PostContext, env: ReadEnvironment) -> None:
    """Cut the YAML front matter off; files that are not Jekyll documents go to Pelican."""
    post.parts = frontmatter.split(post.text, post.had_bom)
    if post.parts.yaml_text is not None:
        return
    if post.is_html:
        post.outcome = Prepared(Action.HTML_READER)
    elif classify(post.document_path) not in ("post", "draft"):
        # Not a Jekyll document: keep Pelican's own Markdown behaviour.
        post.outcome = Prepared(Action.PELICAN_READER)
    else:
        post.state.diagnostics.append(
            Diagnostic(
                WARNING,
                "no YAML front matter; title and date come from the file name",
                1,
                1,
                "JK001",
            )
        )


def read_jekyll_post(post: PostContext, env: ReadEnvironment) -> None:
    """Front matter read as Jekyll reads it: title, date, URL, taxonomies, authors."""
    parts = post.split()
    try:
        front = frontmatter.parse_yaml(parts)
    except frontmatter.FrontMatterError as error:
        post.skip(ERROR, f"{error.message}; the post is skipped", error.line, "JK000", error.column)
        return
    post.post = read_post(
        post.document_path,
        front,
        env.site,
        tag_split=env.config["tag_split"],
        key_lines=frontmatter.key_lines(parts),
    )
    post.state.diagnostics.extend(post.post.diagnostics)
    post.body = parts.body


def repair_links(post: PostContext, env: ReadEnvironment) -> None:
    """The linter's safe repairs, in memory; findings kept for the site-wide report."""
    post.body, post.state.findings = link_step.repair_body(
        post.body,
        relative_path=post.relative_path,
        line_offset=post.split().body_first_line,
        config=env.config,
        options=env.link_options,
    )
    post.state.findings[:0] = link_step.front_matter_items(
        post.text, post.split(), post.jekyll_post().data, env.config, env.link_options
    )


def detect_laureates(post: PostContext, env: ReadEnvironment) -> None:
    """Laureate lists in prose become markers; the cards are rendered site-wide."""
    post.body, post.state.laureates = laureate_step.detect(
        post.body,
        relative_path=post.relative_path,
        line_offset=post.split().body_first_line,
        config=env.config,
        front_matter=post.jekyll_post().data,
    )


def render_liquid(post: PostContext, env: ReadEnvironment) -> None:
    """Liquid over the whole body, before Markdown, as Jekyll does."""
    jekyll_post = post.jekyll_post()
    page_vars = dict(jekyll_post.data)
    page_vars.update(
        title=jekyll_post.title,
        slug=jekyll_post.slug,
        categories=jekyll_post.categories,
        tags=jekyll_post.tags,
    )
    if jekyll_post.location is not None:
        page_vars["url"] = jekyll_post.location.url
    if jekyll_post.date is not None:
        page_vars["date"] = jekyll_post.date  # Jekyll's page.date: a time, not the YAML text
    user = env.config["liquid"]
    context = liquid.LiquidContext(
        site=env.site.variables,
        page=page_vars,
        baseurl=env.site.baseurl,
        url=env.site.url,
        line_offset=post.split().body_first_line,
        path=post.source_path,
        markdown=env.render_markdown,
        filters=user["filters"],
        tags=user["tags"],
    )
    post.liquid = context
    post.body = liquid.render(post.body, context)
    post.state.diagnostics.extend(context.diagnostics)
    post.state.unsupported_liquid.update(context.unsupported)
    post.state.unsupported_lines.update(context.unsupported_lines)


def render_markdown(post: PostContext, env: ReadEnvironment) -> None:
    """The body to HTML (HTML posts are output as they are), and Jekyll's excerpt."""
    post.content = post.body if post.is_html else env.render_markdown(post.body)
    post.summary = _excerpt(post, env)


def sanitise(post: PostContext, env: ReadEnvironment) -> None:
    """Remove what would run code in readers' browsers; report it near its source line.

    An author's inline script is moved to a file (``inline_scripts``): it travels in the
    post's state, so Pelican's cache keeps it, and is written once the site is built.
    """
    if not env.config["safe_html"]:
        return
    post.content = _clean(post.content, post, env)
    if post.summary:
        # Themes print the summary through striptags into <meta content="…">: harden it.
        post.summary = safe_html.harden_for_striptags(_clean(post.summary, post, env))


def note_markers(post: PostContext, env: ReadEnvironment) -> None:
    """Remember whether the site-wide step has post_url/link markers to resolve here."""
    post.state.has_markers = markers.has_url_markers(post.content) or markers.has_url_markers(
        post.summary
    )


STEPS: tuple[Step, ...] = (
    Step("read", read_bytes),
    Step("decode", decode),
    Step("front matter", split_front_matter),
    Step("post", read_jekyll_post),
    Step("link repair", repair_links),
    Step("laureate detection", detect_laureates),
    Step("liquid", render_liquid),
    Step("markdown", render_markdown),
    Step("sanitise", sanitise),
    Step("markers", note_markers),
)


def run(source_path: str, env: ReadEnvironment, steps: tuple[Step, ...] | None = None) -> Prepared:
    """Take one file through every step; what the reader hands to Pelican."""
    relative = jekyll_relative_path(source_path, env.content_root)
    post = PostContext(
        source_path=source_path,
        relative_path=relative,
        document_path=env.site.document_path(relative),
        state=PostState(
            relative_path=relative, name=os.path.splitext(os.path.basename(source_path))[0]
        ),
        is_html=source_path.rsplit(".", 1)[-1].lower() in env.html_extensions,
    )
    budget = _budget(source_path, env)
    try:
        with time_budget(budget):
            for step in STEPS if steps is None else steps:
                post.step = step.name
                step.run(post, env)
                if post.outcome is not None:
                    return post.outcome
    except OverBudget as over:
        # Left out of the site, the others built: reported with the step and the time.
        post.skip(
            ERROR,
            f"reading took more than {over.budget:g} s (in the {post.step!r} step); "
            "the post is left out of the site (PELICAN_FAST['time_budget'])",
            1,
            "JK030",
        )
        assert post.outcome is not None
        return post.outcome
    return Prepared(Action.JEKYLL_POST, post.content, post.summary, post.post, post.state)


def _budget(source_path: str, env: ReadEnvironment) -> float | None:
    try:
        size = os.path.getsize(source_path)
    except OSError:
        return None
    return budget_for(size, env.config["time_budget"])


# -- helpers of the steps -------------------------------------------------------------


def _clean(html: str, post: PostContext, env: ReadEnvironment) -> str:
    cleaned = safe_html.clean_html(html, inline_scripts=env.config["inline_scripts"])
    if not cleaned.scripts and not cleaned.removals:
        return cleaned.html
    parts = post.split()
    lowered = parts.body.lower()

    def line_at(offset: int) -> int:
        return parts.body_first_line + parts.body.count("\n", 0, offset) if offset >= 0 else 0

    def script_line(code: str) -> int:
        """The line of the <script> element holding `code` (else of the first one)."""
        first = code.strip().split("\n", 1)[0].lower()
        inside = lowered.find(first) if first else -1
        return line_at(
            lowered.rfind("<script", 0, inside) if inside >= 0 else lowered.find("<script")
        )

    for script in cleaned.scripts:
        if script in post.state.scripts:
            continue  # the excerpt repeats the body's
        post.state.scripts.append(script)
        # Posts come by pull request: say that this one carries code that will run.
        message = (
            f"inline <script> moved to {safe_html.SCRIPTS_DIR}/{script.name}: it runs on the "
            "page (review it; inline_scripts: 'remove' deletes authors' scripts)"
        )
        post.state.diagnostics.append(
            Diagnostic(WARNING, message, script_line(script.code), 0, "JK022")
        )
    for removal in dict.fromkeys(cleaned.removals):
        needle = removal.what.split("=")[0].replace("inline <script>", "<script").lower()
        line = line_at(lowered.find(needle))
        post.state.diagnostics.append(Diagnostic(WARNING, removal.message(), line, 0, "JK020"))
    return cleaned.html


def _excerpt(post: PostContext, env: ReadEnvironment) -> str | None:
    """Jekyll's excerpt: front-matter ``excerpt``, else the text before the separator."""
    jekyll_post = post.jekyll_post()
    excerpt = jekyll_post.data.get("excerpt")
    if isinstance(excerpt, str):
        # Jekyll prints a front-matter excerpt as written (after Liquid), not as Markdown;
        # `excerpt: ''` is an empty excerpt.
        assert post.liquid is not None
        return liquid.render(excerpt, post.liquid)
    separator = str(jekyll_post.data.get("excerpt_separator") or env.site.excerpt_separator)
    if not separator:
        return None
    body = post.body.lstrip("\r\n").replace("\r\n", "\n")
    head, found, _rest = body.partition(separator)
    if not head.strip():
        return None
    if post.is_html:
        return head
    if not found:
        return post.content  # the whole post: already rendered, not rendered twice
    return env.render_markdown(head + _reference_definitions(body, head))


def _reference_definitions(body: str, head: str) -> str:
    """Jekyll appends the post's link reference definitions to an excerpt (linear)."""
    if "]:" not in body:
        return ""
    in_head = set(head.splitlines())
    lines = [
        line
        for line in body.splitlines()
        if line.lstrip().startswith("[") and "]:" in line and line not in in_head
    ]
    return "\n\n" + "\n".join(lines) if lines else ""


def describe() -> list[tuple[str, str]]:
    """The steps in order with the first line of their docstring (for docs and tests)."""
    return [(step.name, (step.run.__doc__ or "").strip().split("\n")[0]) for step in STEPS]


__all__ = [
    "STEPS",
    "PostContext",
    "ReadEnvironment",
    "Step",
    "describe",
    "run",
]
