"""Lint benchmark: `pelican-fast lint` against other Markdown linters and the floor.

    python benchmarks/lint_bench.py --posts 10000 [--runs 3] [--build]

On one generated corpus (benchmarks/corpus.py), in the same run:
- the floor: reading and decoding every file (nothing can lint faster);
- `pelican-fast lint --format json --exit-zero`, with 1 and 2 worker processes when the
  command has a `--jobs` option;
- pymarkdown (`pymarkdownlnt` from PyPI, installed on demand with `pip install`);
- markdownlint-cli2 (npm), when `npx` can run it;
- with --build, the plain Pelican build of the same posts (the budget: lint in under a tenth).

Each tool runs as a separate process; wall time is the median of --runs, peak memory is the
child's maximum resident set size (getrusage). Output is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402

FLOOR = """
import sys, pathlib
total = 0
for path in pathlib.Path(sys.argv[1]).rglob("*.md"):
    total += len(path.read_bytes().decode("utf-8"))
print(total)
"""


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int, int]:
    """Wall seconds, exit code and peak RSS (kB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr[-500:]}")
    return elapsed, done.returncode, max(peak, before)


def median_run(command: list[str], runs: int, cwd: Path | None = None) -> dict[str, float]:
    times, peaks = [], []
    for _ in range(runs):
        seconds, _code, peak = timed(command, cwd)
        times.append(seconds)
        peaks.append(peak)
    return {
        "seconds": round(statistics.median(times), 3),
        "peak_rss_mb": round(max(peaks) / 1024, 1),
    }


def has_option(option: str) -> bool:
    help_text = subprocess.run(
        [sys.executable, "-m", "pelican_fast.cli", "lint", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout
    return option in help_text


def pymarkdown_command() -> list[str] | None:
    try:
        import pymarkdown  # noqa: F401
    except ImportError:
        installed = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "pymarkdownlnt"], capture_output=True
        )
        if installed.returncode != 0:
            return None
    return [sys.executable, "-m", "pymarkdown", "scan", "-r"]


def markdownlint_command(workdir: Path) -> list[str] | None:
    if not shutil.which("npx"):
        return None
    prefix = workdir / "npm"
    prefix.mkdir(exist_ok=True)
    installed = subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(prefix),
            "--no-audit",
            "--no-fund",
            "markdownlint-cli2@0.15",
        ],
        capture_output=True,
    )
    binary = prefix / "node_modules" / ".bin" / "markdownlint-cli2"
    return [str(binary)] if installed.returncode == 0 and binary.exists() else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="also time the plain Pelican build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pf-lint-bench-") as tmp:
        root = Path(tmp)
        generate(root, args.posts)
        posts = root / "jekyll" / "_posts"
        size = sum(p.stat().st_size for p in posts.iterdir())
        results: dict[str, object] = {"posts": args.posts, "megabytes": round(size / 1e6, 2)}
        tools: dict[str, list[str]] = {
            "floor (read + decode)": [sys.executable, "-c", FLOOR, str(posts)],
        }
        lint = [
            sys.executable,
            "-m",
            "pelican_fast.cli",
            "lint",
            "--format",
            "json",
            "--exit-zero",
            "--site-url",
            "https://blog.example",
            str(root / "jekyll"),
        ]
        if has_option("--jobs"):
            tools["pelican-fast lint (1 worker)"] = [*lint, "--jobs", "1"]
            tools["pelican-fast lint (2 workers)"] = [*lint, "--jobs", "2"]
        else:
            tools["pelican-fast lint"] = lint
        pymarkdown = pymarkdown_command()
        if pymarkdown:
            tools["pymarkdown scan"] = [*pymarkdown, str(posts)]
        markdownlint = markdownlint_command(root)
        if markdownlint:
            tools["markdownlint-cli2"] = [*markdownlint, str(posts / "*.md")]
        measured: dict[str, dict[str, float]] = {}
        for name, command in tools.items():
            measured[name] = median_run(command, args.runs, cwd=REPO)
            seconds = measured[name]["seconds"]
            measured[name]["posts_per_second"] = round(args.posts / seconds)
            measured[name]["mb_per_second"] = round(size / 1e6 / seconds, 1)
        if args.build:
            build = [
                sys.executable,
                str(HERE / "build_bench.py"),
                "--child",
                "plain",
                "--root",
                str(root),
            ]
            measured["plain Pelican build"] = median_run(build, 1, cwd=REPO)
        results["tools"] = measured
        print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
