"""A corpus of tricky Jekyll posts, to compare pelican-fast's URLs with real Jekyll's.

    python tools/jekyll_corpus.py DIR           # write DIR/<config>/{_config.yml,_posts/...}
    python tools/jekyll_corpus.py DIR --record  # also run `jekyll build` (Jekyll 4.3) on each
                                                # and write tests/data/jekyll_urls.json

The recorded file is what Jekyll 4.3.1 (Debian bookworm's package) wrote for each post; the
test suite compares pelican-fast's computed paths with it, so CI needs no Ruby.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CONFIGS = {
    "pretty-paris": "permalink: pretty\ntimezone: Europe/Paris\n",
    "date-utc": "permalink: date\ntimezone: UTC\n",
    "template-default-tz": "permalink: /:categories/:year/:month/:day/:title:output_ext\n",
    "custom": "permalink: /blog/:year/:i_month/:slug/\ntimezone: America/New_York\n",
    "collection-permalink": "permalink: pretty\ntimezone: UTC\n"
    "collections:\n  posts:\n    output: true\n    permalink: /news/:year/:month/:day/:title/\n",
    "defaults-scoped": "permalink: date\ntimezone: UTC\n"
    "collections:\n  posts:\n    output: true\n    permalink: /news/:year/:title/\n"
    "defaults:\n  - scope: {path: '', type: posts}\n    values: {permalink: /typed/:title/}\n"
    "  - scope: {path: _posts/sub}\n    values: {permalink: '/sub/:categories/:title:output_ext'}\n",
}

POSTS: dict[str, str] = {
    "_posts/2019-12-03-le-fast-2e-edition-a-ses-laureats.md": "---\nlayout: post\ntitle: Le FAST\ndate: '2019-12-03'\ncategories: general\ntags: ''\n---\nx\n",
    "_posts/2019-10-01-front-date-wins.md": "---\ntitle: a\ndate: '2019-10-02 09:00'\n---\nx\n",
    "_posts/2019-10-01-unquoted-naive.md": "---\ntitle: a\ndate: 2019-10-02 23:30:00\n---\nx\n",
    "_posts/2019-10-01-offset.md": "---\ntitle: a\ndate: 2019-10-02 23:30:00 +0200\n---\nx\n",
    "_posts/2019-10-01-zulu.md": "---\ntitle: a\ndate: 2019-10-02T23:30:00Z\n---\nx\n",
    "_posts/2019-10-01-yaml-date.md": "---\ntitle: a\ndate: 2019-10-05\n---\nx\n",
    "_posts/2019-10-01-quoted-offset.md": "---\ntitle: a\ndate: '2019-10-02 23:30:00 -0500'\n---\nx\n",
    "_posts/2019-10-01-fractional.md": "---\ntitle: a\ndate: 2019-10-02T22:30:00.000Z\n---\nx\n",
    "_posts/2019-10-01-no-date.md": "---\ntitle: a\n---\nx\n",
    "_posts/2019-1-5-short-date.md": "---\ntitle: a\n---\nx\n",
    "_posts/2020-01-15-été-numérique.md": "---\ntitle: a\ncategory: Vie de la communauté\n---\nx\n",
    "_posts/2020-01-16-Le-FAST-Majuscules.md": "---\ntitle: a\ncategories: [Général, FAST]\n---\nx\n",
    "_posts/2020-01-17-cats-string.md": "---\ntitle: a\ncategories: dinsic appels\n---\nx\n",
    "_posts/2020-01-18-cats-and-cat.md": "---\ntitle: a\ncategories: [a]\ncategory: b c\n---\nx\n",
    "_posts/2020-01-19-cats-numbers.md": "---\ntitle: a\ncategories: [2019, fast]\n---\nx\n",
    "_posts/2020-01-20-slug-override.md": "---\ntitle: a\nslug: Mon Slug Perso\n---\nx\n",
    "_posts/2020-01-21-v1..2.md": "---\ntitle: a\n---\nx\n",
    "_posts/2020-01-22-trailing-dot..md": "---\ntitle: a\n---\nx\n",
    "_posts/2020-01-23-l'été,-c'est-(bien)-!.md": "---\ntitle: a\n---\nx\n",
    "_posts/2020-01-24-own-permalink.md": "---\ntitle: a\npermalink: /fast/bilan-2020/\n---\nx\n",
    "_posts/2020-01-25-own-permalink-placeholders.md": "---\ntitle: a\npermalink: /archives/:year/:title.html\ncategories: x\n---\nx\n",
    "_posts/2020-01-26-own-permalink-noext.md": "---\ntitle: a\npermalink: /sans-extension\n---\nx\n",
    "_posts/2020-01-27-markdown-ext.markdown": "---\ntitle: a\n---\nx\n",
    "_posts/2020-01-28-html-post.html": "---\ntitle: a\n---\n<p>x</p>\n",
    "_posts/sub/2020-01-29-in-subfolder.md": "---\ntitle: a\ncategories: z\n---\nx\n",
    "dinsic/_posts/2020-01-30-under-category-folder.md": "---\ntitle: a\ncategories: fast\n---\nx\n",
    "_posts/2020-01-31-spaces in name.md": "---\ntitle: a\n---\nx\n",
    "_posts/2020-02-01-unpublished.md": "---\ntitle: a\npublished: false\n---\nx\n",
    "_posts/2020-02-02-no-front-matter.md": "Just text\n",
    "_posts/2020-02-03-crlf.md": "---\r\ntitle: a\r\ncategories: [crlf]\r\n---\r\nx\r\n",
    "_posts/2020-02-04-dots-closer.md": "---\ntitle: a\ncategories: dots\n...\nx\n",
    "_posts/2020-02-05-empty-front.md": "---\n---\nx\n",
    "_posts/2020-02-06-cat-null.md": "---\ntitle: a\ncategories:\n---\nx\n",
    "_posts/2020-02-07-cat-case-dupes.md": "---\ntitle: a\ncategories: [News, news]\n---\nx\n",
    "_posts/2020-02-08-percent-100%.md": "---\ntitle: a\n---\nx\n",
    "_posts/2020-02-09-hash#tag.md": "---\ntitle: a\n---\nx\n",
    "_posts/2020-03-29-dst-night.md": "---\ntitle: a\ndate: 2020-03-29 01:30:00\n---\nx\n",
    "_posts/2020-12-31-new-year-utc.md": "---\ntitle: a\ndate: 2020-12-31T23:30:00Z\n---\nx\n",
    "_posts/2021-01-03-week-edge.md": "---\ntitle: a\npermalink: /:w_year/W:week/:short_day/:title/\n---\nx\n",
    "_posts/2021-01-04-ordinal.md": "---\ntitle: a\npermalink: /:year/:y_day/:short_month/:title/\n---\nx\n",
    "_posts/2021-02-01-titles-folded.md": "---\ntitle: >-\n  Un titre\n  plié\ntags: [a, b]\n---\nx\n",
    "_posts/2021-02-02-titles-escapes.md": '---\ntitle: "L\\u2019été \\"cité\\""\ntags: solo duo\n---\nx\n',
    "_posts/2021-02-03-titles-missing.md": "---\nauthor: x\ntags: 'territoires, préincubation'\n---\nx\n",
    "_posts/2021-02-04-titles-number.md": "---\ntitle: 2019\ntag: seul\n---\nx\n",
    "_posts/2021-02-05-titles-multiline-plain.md": "---\ntitle: Première ligne\n  seconde ligne\n---\nx\n",
    "_posts/2021-02-06-titles-quoted-single.md": "---\ntitle: 'L''été : \"bilan\"'\n---\nx\n",
}

# A layout that prints what Jekyll made of each post, to compare titles, dates and taxonomies.
LAYOUT = "{{ page.title }}\n{{ page.date | date: '%Y-%m-%d %H:%M:%S %z' }}\n{{ page.categories | join: '|' }}\n{{ page.tags | join: '|' }}\n"


def write(root: Path) -> None:
    for name, config in CONFIGS.items():
        site = root / name
        (site).mkdir(parents=True, exist_ok=True)
        probe = "  - scope: {path: ''}\n    values: {layout: probe}\n"
        if "defaults:\n" in config:  # one defaults list: the probe layout first
            text = config.replace("defaults:\n", "defaults:\n" + probe) + "future: true\n"
        else:
            text = config + "future: true\ndefaults:\n" + probe
        (site / "_config.yml").write_text(text, encoding="utf-8")
        (site / "_layouts").mkdir(exist_ok=True)
        for layout in ("probe", "post"):
            (site / "_layouts" / f"{layout}.html").write_text(LAYOUT, encoding="utf-8")
        for relative, text in POSTS.items():
            path = site / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))


def record(root: Path, out: Path) -> None:
    result: dict[str, dict[str, list[str]]] = {}
    for name in CONFIGS:
        site = root / name
        dest = root / f"{name}-out"
        subprocess.run(
            ["jekyll", "build", "-q", "-s", str(site), "-d", str(dest)],
            check=True,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC", "HOME": "/tmp"},
        )
        result[name] = {
            str(p.relative_to(dest)): p.read_text(encoding="utf-8").split("\n")[:4]
            for p in sorted(dest.rglob("*"))
            if p.is_file()
        }
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    target = Path(sys.argv[1])
    write(target)
    if "--record" in sys.argv:
        record(
            target, Path(__file__).resolve().parent.parent / "tests" / "data" / "jekyll_urls.json"
        )
