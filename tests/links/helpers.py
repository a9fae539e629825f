"""Small helpers shared by the link-engine tests."""

from __future__ import annotations

from pathlib import Path

from pelican_fast.app.site_index import index_folder
from pelican_fast.jekyll.config import build_site
from pelican_fast.links import engine
from pelican_fast.links.index import SiteIndex
from pelican_fast.links.model import Finding
from pelican_fast.links.rules import Selection


def options(site: SiteIndex | None = None, select: tuple[str, ...] = ()) -> engine.LintOptions:
    origins = site.origins if site is not None else frozenset()
    return engine.LintOptions(selection=Selection(select), site=site, origins=origins)


def lint(
    text: str,
    site: SiteIndex | None = None,
    path: str = "_posts/2020-01-01-x.md",
    select: tuple[str, ...] = (),
) -> list[Finding]:
    source = None
    if site is not None:
        post = site.posts_by_path.get(path)
        source = engine.internal.Source(path, post.url if post else None)
    return engine.lint_document(text, options(site, select), source).findings


def codes(
    text: str, site: SiteIndex | None = None, path: str = "_posts/2020-01-01-x.md"
) -> list[str]:
    return [f.code for f in lint(text, site, path)]


def fixed(
    text: str,
    unsafe: bool = True,
    site: SiteIndex | None = None,
    path: str = "_posts/2020-01-01-x.md",
) -> str:
    source = None
    if site is not None:
        post = site.posts_by_path.get(path)
        source = engine.internal.Source(path, post.url if post else None)
    return engine.fix_document(text, options(site), unsafe, source).text


def make_site(
    root: Path, files: dict[str, str | bytes], config: str = "permalink: pretty\n"
) -> SiteIndex:
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode())
    import yaml

    jekyll = build_site(yaml.safe_load(config) or {}, {}, "UTC")
    return index_folder(str(root), jekyll, ["https://blog.example"])
