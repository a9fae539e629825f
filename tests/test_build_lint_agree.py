"""The build and `pelican-fast lint` report the same findings on the same site (issue 15)."""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from pathlib import Path

from pelican_fast.app.lint import LintRequest, lint
from tests.conftest import BuildSite

CONFIG = """\
permalink: /:year/:month/:day/:title/
url: https://blog.example
plugins: [jekyll-feed, jekyll-archives]
jekyll-archives:
  enabled: [tags]
  permalinks:
    tag: /tags/:name/
"""

POSTS: dict[str, str | bytes] = {
    "img/presente.png": b"png",
    "pages/a-propos.md": "---\ntitle: À propos\nlayout: page\n---\nContact : [nous](mailto: a@b.fr).\n",
    "_posts/2020-01-01-un.md": (
        "---\ntitle: Un\ntags: [parc]\n---\n"
        "Voir [le site](<(https://beta.gouv.fr/a>) et [b](http://x.fr/a) [c](https://x.fr/b).\n\n"
        "Écrire à [nous](mailto: a@b.fr) ou [Pix](www.pix.fr).\n\n"
        "Le flux [rss](https://blog.example/feed.xml), le [tag](/tags/parc/), "
        "un [autre](/tags/rien/).\n\n"
        "Trois fois [a](http://d.gov) [b](https://d.gov) [c](http://d.gov) [d](http://d.gov).\n\n"
        "Une image ![](/img/absente.png) et https://nu.fr en clair, ![b](/img/presente.png).\n"
    ),
    "_posts/2020-02-01-deux.md": (
        "---\ntitle: Deux\nimage: /img/absente-aussi.png\n---\n"
        "[Un](/2020/01/01/un/) et [faux](/2020/01/02/un/) [faux](/2020/01/02/un/) "
        "et [source](2020-01-01-un.md).\n\n"
        '<a href=”https://a.fr/x”\\>texte</a> et <iframe src="<https://v.fr/e/>"></iframe>\n\n'
        "[l'article](https://www.lemonde.fr/a/b/. Puis [x](https://github.com/18F/> data-validator)\n"
    ),
}


def build_counts(records: list[logging.LogRecord]) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    pattern = re.compile(r"^([^:\s]+\.md):(\d+):\d+: (PF\d{3}) ")
    for record in records:
        matched = pattern.match(record.getMessage())
        if matched:
            found[(matched.group(1), matched.group(3))] += 1
    return found


def test_build_and_lint_report_the_same_findings(build_site: BuildSite, tmp_path: Path) -> None:
    fast = {"jekyll_config": "_config.yml", "links": {"fix": True}}
    site = build_site(dict(POSTS), {"PELICAN_FAST": fast}, root_files={"_config.yml": CONFIG})
    built = build_counts(site.records)
    (tmp_path / "pelicanconf.py").write_text(
        f"PATH = {str(site.content)!r}\nPELICAN_FAST = {fast!r}\n"
    )
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = lint(LintRequest(settings_file=str(tmp_path / "pelicanconf.py")))
    finally:
        os.chdir(cwd)
    linted: Counter[tuple[str, str]] = Counter()
    for path, finding in result.findings:
        relative = (tmp_path / path).resolve().relative_to(site.content.resolve()).as_posix()
        linted[(relative, finding.code)] += 1
    assert built == linted
    summary = [m for m in site.messages(logging.INFO) if m.startswith("pelican-fast: ")]
    assert len(summary) == 1
    assert summary[0].startswith(
        f"pelican-fast: {result.summary.errors} link error(s), "
        f"{result.summary.warnings} warning(s) (as `pelican-fast lint` counts them)"
    )
    assert linted[("_posts/2020-01-01-un.md", "PF401")] == 1  # /tags/rien/, not /tags/parc/
    assert linted[("_posts/2020-02-01-deux.md", "PF403")] == 1  # the front-matter image
