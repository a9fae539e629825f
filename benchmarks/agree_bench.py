"""Lint's cost per post before and after a change, measured in the same run (a ratio).

Run from the repository root: ``python benchmarks/agree_bench.py OLD_TREE [ROUNDS]`` where
OLD_TREE holds the ``pelican_fast`` package to compare with (``git archive REV pelican_fast |
tar -x -C OLD_TREE``). Each round times the per-file lint (engine.lint_document) and the
scanner alone over the same posts (the recorded kramdown corpus, the example site, the linter
corpus), once in a child process for each tree, alternately; the best round of each counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = r"""
import sys, time, json
from pathlib import Path
root = Path(sys.argv[1])
from pelican_fast.jekyll import frontmatter
from pelican_fast.links import engine
from pelican_fast.links.scanner import scan
paths = sorted([*(root / "tests/data/kramdown/corpus").glob("*.md"),
                *(root / "example_site/content/_posts").glob("*.md"),
                *(root / "tests/links/corpus").glob("*.md")])
texts = [p.read_text(encoding="utf-8").replace("permalink:", "x-permalink:") for p in paths] * 4
bodies = [frontmatter.split(t).body for t in texts]
options = engine.LintOptions()
def timed(function):
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best
lint = timed(lambda: [engine.lint_document(t, options) for t in texts]) / len(texts)
scanned = timed(lambda: [scan(b) for b in bodies]) / len(bodies)
import pelican_fast
print(json.dumps({"lint": lint, "scan": scanned, "posts": len(texts), "from": pelican_fast.__file__}))
"""


def measure(tree: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": tree}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT)],
        env=env,
        cwd=tree,  # (python -c puts the working folder first on sys.path)
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result["from"].startswith(str(Path(tree).resolve())), result["from"]
    return result


def main() -> None:
    old, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
    best: dict[str, dict[str, float]] = {"old": {}, "new": {}}
    trees = [("old", old), ("new", str(ROOT))]
    for number in range(rounds):
        for name, tree in trees if number % 2 == 0 else trees[::-1]:  # neither always first
            result = measure(tree)
            for key in ("lint", "scan"):
                best[name][key] = min(best[name].get(key, float("inf")), result[key])
    for key in ("lint", "scan"):
        before, after = best["old"][key] * 1000, best["new"][key] * 1000
        print(f"{key}: {before:.3f} ms/post before, {after:.3f} after, ratio {after / before:.3f}")


if __name__ == "__main__":
    main()
