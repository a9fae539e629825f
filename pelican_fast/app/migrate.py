"""Move a Jekyll repository to Pelican: find what is there, write the settings, say what needs care.

Used by ``pelican-fast init --from-jekyll``. Pure Python, no Pelican import:
it reads the Jekyll tree with the same functions the reader uses, so the
report tells the truth about the build that follows.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican_fast.jekyll import frontmatter, liquid, plugins_rb
from pelican_fast.jekyll.config import JekyllConfigError, build_site, read_config_file
from pelican_fast.jekyll.post import DATE_FILENAME, classify, read_post

MARKUP_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown", ".html", ".htm"}
# Folders of a Jekyll repository that never hold posts or their assets.
NEVER_CONTENT = {
    "_site",
    "_layouts",
    "_includes",
    "_sass",
    "_data",
    "_plugins",
    "node_modules",
    "vendor",
    ".git",
    ".bundle",
    ".jekyll-cache",
    ".sass-cache",
    "output",
}
_ABSOLUTE_ASSET = re.compile(
    r"""(?:\]\(|src=["']|href=["']|^image:\s*["']?)\s*(?:\{\{\s*site\.baseurl\s*\}\})?/([\w.-]+)/""",
    re.MULTILINE,
)
# kramdown syntax Python-Markdown does not understand (attribute lists are fine).
KRAMDOWN_UNSUPPORTED = {
    "{:toc}": re.compile(r"\{:\s*toc\s*\}"),
    "{::options}": re.compile(r"\{::options\b"),
    "{::comment}": re.compile(r"\{::comment\}"),
    "{::nomarkdown}": re.compile(r"\{::nomarkdown\}"),
    "$$ math $$": re.compile(r"\$\$"),
    "{:.class} on a span (no space)": re.compile(r"\{:\.[\w-]+\}(?=\S)"),
}


@dataclass
class Example:
    """How often something occurs, and where it first does."""

    count: int = 0
    where: str = ""

    def add(self, where: str) -> None:
        self.count += 1
        if not self.where:
            self.where = where


@dataclass
class Survey:
    """What a Jekyll repository holds, as pelican-fast will read it."""

    root: Path
    config: dict[str, Any]
    config_path: Path | None
    posts: list[str] = field(default_factory=list)  # relative to root
    drafts: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    post_dirs: list[str] = field(default_factory=list)  # ARTICLE_PATHS
    static_dirs: list[str] = field(default_factory=list)
    liquid: dict[str, Example] = field(default_factory=dict)  # unknown tags and filters
    liquid_errors: dict[str, Example] = field(default_factory=dict)
    plugins: plugins_rb.Plugins = field(default_factory=plugins_rb.Plugins)
    kramdown: dict[str, Example] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    date_differs: list[str] = field(default_factory=list)
    crlf: int = 0
    warnings: list[str] = field(default_factory=list)  # settings not taken from _config.yml


def _walk(root: Path, excluded: set[str]) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        relative = Path(folder).relative_to(root)
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in NEVER_CONTENT
            and not d.startswith(".")
            and str(relative / d).lstrip("./") not in excluded
        )
        for name in sorted(files):
            yield Path(folder) / name


def survey(root: Path) -> Survey:
    """Read a Jekyll repository without changing anything."""
    config_path: Path | None = root / "_config.yml"
    config: dict[str, Any] = {}
    errors: list[str] = []
    if config_path is not None and config_path.exists():
        try:
            config = read_config_file(str(config_path))
        except JekyllConfigError as error:
            errors.append(str(error))
    else:
        config_path = None
    collections_dir = str(config.get("collections_dir") or "").strip("/")
    excluded = {str(e).strip("/") for e in config.get("exclude") or []}
    result = Survey(root=root, config=config, config_path=config_path, errors=errors)
    result.warnings += pagination(config)[1]
    content_root = root / collections_dir if collections_dir else root
    site = build_site(config, {}, None, str(root))
    result.plugins = plugins_rb.scan(root / "_plugins")
    asset_dirs: Counter[str] = Counter()
    post_dirs: set[str] = set()
    for path in _walk(content_root, excluded):
        if path.suffix.lower() not in MARKUP_SUFFIXES:
            continue
        relative = path.relative_to(content_root).as_posix()
        kind = classify(relative)
        if kind == "other":
            continue
        if kind == "ignored":
            result.ignored.append(path.relative_to(root).as_posix())
            continue
        shown = path.relative_to(root).as_posix()
        (result.posts if kind == "post" else result.drafts).append(shown)
        if kind == "post":
            folder = (
                relative.split("/_posts/")[0] + "/_posts" if "/_posts/" in relative else "_posts"
            )
            post_dirs.add(f"{collections_dir}/{folder}" if collections_dir else folder)
        _inspect(path, relative, shown, site, result, asset_dirs)
    result.post_dirs = sorted(post_dirs)
    result.static_dirs = sorted(d for d in asset_dirs if (root / d).is_dir())
    return result


def _inspect(
    path: Path, relative: str, shown: str, site: Any, result: Survey, assets: Counter[str]
) -> None:
    """Look at one post; `relative` is Jekyll's name for it, `shown` the repository path."""
    data = path.read_bytes()
    if b"\r\n" in data:
        result.crlf += 1
    try:
        text, had_bom = frontmatter.decode(data)
    except UnicodeDecodeError:
        result.errors.append(f"{shown}: not valid UTF-8")
        return
    parts = frontmatter.split(text, had_bom)
    try:
        front = frontmatter.parse_yaml(parts)
    except frontmatter.FrontMatterError as error:
        result.errors.append(f"{shown}:{error.line}:{error.column}: {error.message}")
        return
    name_date = DATE_FILENAME.match(relative)
    post = read_post(relative, front, site)
    if name_date and post.date is not None:
        year, month, day = (int(p) for p in name_date.group(1).split("-"))
        if (post.date.year, post.date.month, post.date.day) != (year, month, day):
            result.date_differs.append(
                f"{shown}: {name_date.group(1)} in the name, "
                f"{post.date:%Y-%m-%d} in the front matter (Jekyll uses it)"
            )
    context = liquid.LiquidContext(
        site=site.variables, page=front, line_offset=parts.body_first_line, path=str(path)
    )
    liquid.render(parts.body, context)
    for name, uses in context.unsupported.items():
        example = result.liquid.setdefault(f"Liquid {name}", Example())
        example.count += uses
        example.where = example.where or f"{shown}:{context.unsupported_lines.get(name, 0)}"
    for diagnostic in context.diagnostics:
        if diagnostic.code == "JK010":
            failure = result.liquid_errors.setdefault("Liquid error", Example())
            failure.add(f"{shown}:{diagnostic.line}: {diagnostic.message.removeprefix('Liquid: ')}")
    for label, pattern in KRAMDOWN_UNSUPPORTED.items():
        for match in pattern.finditer(parts.body):
            line = parts.body_first_line + parts.body.count("\n", 0, match.start())
            result.kramdown.setdefault(label, Example()).add(f"{shown}:{line}")
    for match in _ABSOLUTE_ASSET.finditer(text):
        assets[match.group(1)] += 1


def _python(value: Any) -> str:
    return repr(value)


def pelicanconf(survey_result: Survey, output_dir: Path) -> str:
    """The text of a commented pelicanconf.py for the surveyed repository."""
    config = survey_result.config
    path = os.path.relpath(survey_result.root, output_dir)
    jekyll_config = (
        os.path.relpath(survey_result.config_path, output_dir)
        if survey_result.config_path
        else None
    )
    timezone = str(config.get("timezone") or "UTC")
    lines = [
        '"""Pelican settings written by `pelican-fast init --from-jekyll`.',
        "",
        "Build with:  pelican -s pelicanconf.py",
        '"""',
        "",
        "import os",
        "",
        "_HERE = os.path.dirname(os.path.abspath(__file__))",
        "",
        f"SITENAME = {_python(str(config.get('title') or 'My blog'))}  # Jekyll `title`",
        f"AUTHOR = {_python(str(_author(config)))}  # used when a post names no author",
        'SITEURL = ""  # empty while developing; publishconf.py sets the real one',
        f"PATH = os.path.join(_HERE, {_python(path)})  # the Jekyll source folder",
        'OUTPUT_PATH = os.path.join(_HERE, "output")  # where Pelican writes the site',
        f"TIMEZONE = {_python(timezone)}  # Jekyll `timezone`"
        + (
            "" if config.get("timezone") else " (not set in _config.yml: Jekyll used the machine's)"
        ),
        f"DEFAULT_LANG = {_python(str(config.get('lang') or 'en'))}  # Jekyll `lang`",
        "",
        "# Posts: only the _posts folders, so layouts, includes and pages are not read as posts.",
        f"ARTICLE_PATHS = {_python(survey_result.post_dirs or ['_posts'])}",
        "PAGE_PATHS = []  # Jekyll pages (about.md…): add their folder here to publish them",
        "# Folders copied as they are (images and files the posts link to).",
        f"STATIC_PATHS = {_python(survey_result.static_dirs)}",
        "",
        "# pelican-fast reads the posts as Jekyll does and keeps Jekyll's URLs.",
        'PLUGINS = ["pelican_fast"]',
        "PELICAN_FAST = {",
        "    # permalink, timezone, url, baseurl, defaults… are read from here",
        f'    "jekyll_config": {_python(jekyll_config)},',
        *plugins_rb.stub_lines(survey_result.plugins),
        "}",
        "",
        'FEED_ALL_ATOM = "feeds/all.atom.xml"  # Jekyll sites usually had /feed.xml',
        'CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"',
        f"DEFAULT_PAGINATION = {pagination(config)[0]}  # Jekyll `paginate`",
        "",
    ]
    return "\n".join(lines)


def pagination(config: dict[str, Any]) -> tuple[int | bool, list[str]]:
    """DEFAULT_PAGINATION from Jekyll's ``paginate``, and a warning when it is no count.

    A value that is not a positive whole number (``abc``, ``0``, ``1e400``, ``true``)
    gives Pelican's own default (no pagination) rather than a crash.
    """
    value = config.get("paginate")
    if value is None or value == "":
        return 10, []
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**6:
        return value, []
    warning = (
        f"_config.yml: paginate {str(value)[:40]!r} is not a positive number of posts; "
        "DEFAULT_PAGINATION = False (Pelican's default: no pagination) written instead"
    )
    return False, [warning]


def publishconf(survey_result: Survey) -> str:
    config = survey_result.config
    siteurl = str(config.get("url") or "").rstrip("/") + str(config.get("baseurl") or "").rstrip(
        "/"
    )
    return "\n".join(
        [
            '"""Settings for publishing: `pelican -s publishconf.py`."""',
            "",
            "import os",
            "import sys",
            "",
            "sys.path.append(os.path.dirname(os.path.abspath(__file__)))",
            "from pelicanconf import *  # noqa: E402, F403",
            "",
            f"SITEURL = {_python(siteurl)}  # Jekyll `url` + `baseurl`",
            "RELATIVE_URLS = False",
            'FEED_ALL_ATOM = "feeds/all.atom.xml"',
            "DELETE_OUTPUT_DIRECTORY = True",
            "",
        ]
    )


def _author(config: dict[str, Any]) -> str:
    author = config.get("author")
    if isinstance(author, dict):
        return str(author.get("name") or "")
    return str(author or config.get("title") or "")
