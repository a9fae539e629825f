"""Laureate detection: cost per post against rendering the same post, and linearity.

    python benchmarks/laureates_bench.py              # both
    python benchmarks/laureates_bench.py --per-post   # the cost per post only

1. Every post of tests/data/laureates/posts is read by ``detect.find`` and rendered by
   markdown-it-py (the baseline, measured in the same run, alternating): the ratio says
   what detection adds to a post's build.
2. Adversarial bodies (runs of blanks in an item or a heading, "[" runs, sponsor clauses
   repeated...) at 3 sizes, 4x apart: for linear code the time grows about 4x per step.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from markdown_it import MarkdownIt  # noqa: E402

from pelican_fast.jekyll import frontmatter  # noqa: E402
from pelican_fast.widgets import detect  # noqa: E402

POSTS = HERE.parent / "tests" / "data" / "laureates" / "posts"

CASES: dict[str, Callable[[int], str]] = {
    "blanks in an item": lambda n: "Les 2 lauréats :\n\n- **A**, x" + " " * n + "y\n- **B** : z\n",
    "blanks in a heading": lambda n: "# Les lauréats" + " " * n + "x\n\n- **A** : x\n",
    "open brackets": lambda n: "Les lauréats :\n\n- " + "[" * n + "\n- **B** : y\n",
    "issu de repeated": lambda n: "Les lauréats :\n\n- **A**, x " + "issu de " * (n // 8) + "\n",
    "dash segments": lambda n: "Les lauréats :\n\n- **A**, x" + " - Ministère" * (n // 12) + "\n",
    "many items": lambda n: "Les lauréats :\n\n" + "- **[A](https://a.fr)** : x\n" * (n // 28),
}


def _time(action: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


def per_post() -> None:
    markdown = MarkdownIt("commonmark")
    ratios = []
    for path in sorted(POSTS.glob("*.md")):
        parts = frontmatter.split(path.read_text(encoding="utf-8"))
        body, title = parts.body, path.stem
        render = _time(lambda body=body: markdown.render(body))
        found = _time(lambda body=body, title=title: detect.find(body, title=title))
        ratios.append(found / render)
    print(
        f"{len(ratios)} posts: detection / markdown-it render, "
        f"median {statistics.median(ratios):.2f}, max {max(ratios):.2f}"
    )


def linearity() -> None:
    for name, make in CASES.items():
        sizes = (8_000, 32_000, 128_000)
        times = [_time(lambda n=n, make=make: detect.find(make(n)), 3) for n in sizes]
        growth = " ".join(f"{b / max(a, 1e-6):.1f}x" for a, b in itertools.pairwise(times))
        print(f"{name:20} {times[-1] * 1000:8.1f} ms at 128k chars, growth per 4x: {growth}")


if __name__ == "__main__":
    per_post()
    if "--per-post" not in sys.argv:
        linearity()
