"""Throughput of the link engine on a corpus of real-sized posts.

Run from the repository root: ``python benchmarks/links_bench.py [N]``.
Prints MB/s of the scanner alone, ms per post for the whole per-file lint,
and the cost of the link engine in a real Pelican build (links on vs off).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pelican_fast.jekyll import frontmatter
from pelican_fast.links import engine
from pelican_fast.links.scanner import scan

ROOT = Path(__file__).resolve().parent.parent
SEED = (
    ROOT / "example_site" / "content" / "_posts" / "2019-12-03-le-fast-2e-edition-a-ses-laureats.md"
)
CORPUS = sorted((ROOT / "tests" / "links" / "corpus").glob("*.md"))


def corpus(count: int) -> list[str]:
    """Posts made of the seed and the test corpus, shuffled paragraph by paragraph."""
    rng = random.Random(1)
    paragraphs: list[str] = []
    for path in [SEED, *CORPUS]:
        body = frontmatter.split(path.read_text(encoding="utf-8")).body
        paragraphs += [p for p in body.split("\n\n") if p.strip() and "```" not in p]
    posts = []
    for number in range(count):
        chosen = rng.sample(paragraphs, k=min(len(paragraphs), 18))
        posts.append(
            f"---\ntitle: Post {number}\ndate: 2020-01-{number % 28 + 1:02d}\n---\n"
            + "\n\n".join(chosen)
            + "\n"
        )
    return posts


def real_posts(count: int) -> list[str]:
    """The seed post and the example site's posts, as written, repeated."""
    folder = ROOT / "example_site" / "content" / "_posts"
    texts = [
        p.read_text(encoding="utf-8").replace("permalink:", "x-permalink:")
        for p in sorted(folder.glob("*.md"))
    ]
    return [texts[n % len(texts)] for n in range(count)]


def best_of(runs: int, function) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def build(posts: list[str], links_on: bool) -> float:
    from pelican import Pelican
    from pelican.settings import read_settings

    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder, "content", "_posts")
        content.mkdir(parents=True)
        for number, text in enumerate(posts):
            (content / f"2020-01-{number % 28 + 1:02d}-post-{number}.md").write_text(text)
        Path(folder, "pelicanconf.py").write_text("\n")
        links = {} if links_on else {"fix": False, "report": False}
        settings = read_settings(
            None,
            override={
                "PATH": str(Path(folder, "content")),
                "OUTPUT_PATH": str(Path(folder, "output")),
                "PLUGINS": ["pelican_fast"],
                "PELICAN_FAST": {"links": links},
                "PELICAN_FAST_BASE_DIR": folder,
                "SITEURL": "",
                "TIMEZONE": "UTC",
                "FEED_ALL_ATOM": None,
                "CATEGORY_FEED_ATOM": None,
                "LOAD_CONTENT_CACHE": False,
            },
        )
        old = os.getcwd()
        os.chdir(folder)
        try:
            start = time.perf_counter()
            Pelican(settings).run()
            return time.perf_counter() - start
        finally:
            os.chdir(old)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    posts = real_posts(count) if "--real" in sys.argv else corpus(count)
    size = sum(len(p.encode("utf-8")) for p in posts)
    bodies = [frontmatter.split(p).body for p in posts]
    scanning = best_of(3, lambda: [scan(b) for b in bodies])
    options = engine.LintOptions()
    linting = best_of(3, lambda: [engine.lint_document(p, options) for p in posts])
    print(f"{count} posts, {size / 1e6:.2f} MB ({size / count / 1000:.1f} kB/post)")
    print(f"scanner: {size / 1e6 / scanning:.1f} MB/s, {scanning / count * 1000:.3f} ms/post")
    print(f"per-file lint (scan + rules): {linting / count * 1000:.3f} ms/post")
    if "--build" in sys.argv:
        import logging

        logging.disable(logging.WARNING)
        sample = posts[: min(count, 300)]
        offs, ons = [], []
        for _ in range(9):  # alternate, keep the best of each: less noise on a busy machine
            offs.append(build(sample, False))
            ons.append(build(sample, True))
        off, on = min(offs), min(ons)
        print(
            f"Pelican build of {len(sample)} posts: links off {off / len(sample) * 1000:.2f} ms/post, "
            f"on {on / len(sample) * 1000:.2f} ms/post (+{(on - off) / off * 100:.1f}%)"
        )


if __name__ == "__main__":
    main()
