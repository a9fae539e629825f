"""What safe_html costs per post, as a ratio to rendering the same post's Markdown.

    python benchmarks/safe_html_bench.py [--posts 300] [--old path/to/old_safe_html.py]

Posts come from benchmarks/corpus.py (the realistic corpus) plus the example
site; each body is rendered with Python-Markdown (the baseline, measured in the
same run), then cleaned. `--old` times another version of safe_html.py too
(e.g. ``git show REV:pelican_fast/safe_html.py > /tmp/old.py``).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import markdown

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.corpus import generate  # noqa: E402
from pelican_fast.core.safe_html import clean_html  # noqa: E402
from pelican_fast.jekyll import frontmatter  # noqa: E402


def _best(function: Callable[[], object], runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--old", help="another safe_html.py to time as well")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        generate(Path(folder), options.posts)
        files = sorted((Path(folder) / "jekyll" / "_posts").glob("*.md"))
        files += sorted((REPO / "example_site" / "content" / "_posts").glob("*.md"))
        bodies = [frontmatter.split(f.read_text(encoding="utf-8")).body for f in files]
    rendered = [markdown.markdown(body) for body in bodies]
    size = sum(len(html) for html in rendered)
    baseline = _best(lambda: [markdown.markdown(body) for body in bodies], runs=3)
    new = _best(lambda: [clean_html(html) for html in rendered])
    print(f"{len(rendered)} posts, {size / 1e6:.1f} MB of HTML")
    print(f"markdown (baseline): 1.00  ({baseline:.3f} s CPU)")
    print(f"safe_html (nh3):     {new / baseline:.2f}")
    if options.old:
        spec = importlib.util.spec_from_file_location("old_safe_html", options.old)
        assert spec and spec.loader
        old = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = old  # dataclasses look their module up
        spec.loader.exec_module(old)
        before = _best(lambda: [old.clean(html) for html in rendered])
        print(f"safe_html (--old):   {before / baseline:.2f}")


if __name__ == "__main__":
    main()
