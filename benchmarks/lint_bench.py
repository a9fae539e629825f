"""Lint benchmark: `pelican-fast lint` against other Markdown linters and the floor.

    python benchmarks/lint_bench.py --posts 10000 [--runs 3] [--build]

On one generated corpus (benchmarks/corpus.py), in the same run:
- the floor: reading and decoding every file (nothing can lint faster);
- `pelican-fast lint --format json --exit-zero`, with 1 and 2 worker processes when the
  command has a `--jobs` option;
- pymarkdown (`pymarkdownlnt` from PyPI, installed on demand with `pip install --target`
  into a cache folder, not into the environment running this script);
- markdownlint-cli2 (npm), when `npm` can install it;
- with --build, the plain Pelican build of the same posts (the budget: lint in under a tenth).

Each tool runs as a separate process; wall time is the median of --runs (tools take turns
within a run), peak memory is the child's own maximum resident set size (wait4: with
`--jobs 2`, the largest of the command and its workers, each counted alone). Output is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from build_bench import byte_compile_package  # noqa: E402
from corpus import generate  # noqa: E402

FLOOR = """
import sys, pathlib
total = 0
for path in pathlib.Path(sys.argv[1]).rglob("*.md"):
    total += len(path.read_bytes().decode("utf-8"))
print(total)
"""


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int, int]:
    """Wall seconds, exit code and peak RSS (kB) of one child process.

    The peak comes from wait4, so it is this child's alone (not the largest of every
    child so far); for a command with worker processes it is the largest of the command
    and its workers, each process counted on its own.
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    if code not in (0, 1):
        raise RuntimeError(f"{command[0]} failed ({code}): {errors[-500:]}")
    return elapsed, code, usage.ru_maxrss


def median_run(
    tools: dict[str, list[str]], runs: int, cwd: Path | None = None
) -> dict[str, dict[str, Any]]:
    """Each tool `runs` times, taking turns (a slow spell of a shared machine hits all)."""
    times: dict[str, list[float]] = {name: [] for name in tools}
    peaks: dict[str, list[int]] = {name: [] for name in tools}
    for _ in range(runs):
        for name, command in tools.items():
            seconds, _code, peak = timed(command, cwd)
            times[name].append(seconds)
            peaks[name].append(peak)
    return {
        name: {
            "seconds": round(statistics.median(times[name]), 3),
            "all_seconds": [round(t, 3) for t in times[name]],
            "peak_rss_mb": round(max(peaks[name]) / 1024, 1),
        }
        for name in tools
    }


def has_option(option: str) -> bool:
    help_text = subprocess.run(
        [sys.executable, "-m", "pelican_fast.cli", "lint", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout
    return option in help_text


def pymarkdown_command(cache: Path) -> tuple[list[str], dict[str, str]] | None:
    """pymarkdown from a --target folder in `cache` (installed there on first use)."""
    target = cache / "pymarkdown"
    if not (target / "pymarkdown").exists():
        installed = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "-q",
                "--target",
                str(target),
                "pymarkdownlnt",
            ],
            capture_output=True,
        )
        if installed.returncode != 0:
            return None
    return [sys.executable, "-m", "pymarkdown", "scan", "-r"], {"PYTHONPATH": str(target)}


def markdownlint_command(cache: Path) -> list[str] | None:
    if not shutil.which("npm"):
        return None
    prefix = cache / "npm"
    binary = prefix / "node_modules" / ".bin" / "markdownlint-cli2"
    if binary.exists():
        return [str(binary)]
    prefix.mkdir(parents=True, exist_ok=True)
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
    parser.add_argument(
        "--cache", type=Path, default=HERE / ".cache", help="where other linters are installed"
    )
    parser.add_argument("--no-others", action="store_true", help="only pelican-fast and the floor")
    args = parser.parse_args()
    byte_compile_package()
    with tempfile.TemporaryDirectory(prefix="pf-lint-bench-") as tmp:
        root = Path(tmp)
        generate(root, args.posts)
        posts = root / "jekyll" / "_posts"
        size = sum(p.stat().st_size for p in posts.iterdir())
        results: dict[str, object] = {
            "posts": args.posts,
            "megabytes": round(size / 1e6, 2),
            "load_average_before": os.getloadavg(),
        }
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
        if has_option("--no-cache"):  # cold runs: a warm cache would report without linting
            lint.insert(-1, "--no-cache")
        if has_option("--jobs"):
            tools["pelican-fast lint (1 worker)"] = [*lint, "--jobs", "1"]
            tools["pelican-fast lint (2 workers)"] = [*lint, "--jobs", "2"]
        else:
            tools["pelican-fast lint"] = lint
        if args.build:
            # The baseline takes turns with the linters, so each run's ratio compares
            # measurements taken minutes apart at most (this machine's speed drifts).
            tools["plain Pelican build"] = [
                sys.executable,
                str(HERE / "build_bench.py"),
                "--child",
                "plain",
                "--root",
                str(root),
            ]
        measured = median_run(tools, args.runs, cwd=REPO)
        others: dict[str, list[str]] = {}
        environment: dict[str, dict[str, str]] = {}
        if not args.no_others:
            found = pymarkdown_command(args.cache)
            if found:
                others["pymarkdown scan"] = [*found[0], str(posts)]
                environment["pymarkdown scan"] = found[1]
            markdownlint = markdownlint_command(args.cache)
            if markdownlint:
                others["markdownlint-cli2"] = [*markdownlint, str(posts / "*.md")]
        for name, command in others.items():  # slow: one run each, after ours
            extra = environment.get(name)
            if extra:
                command = ["env", *(f"{k}={v}" for k, v in extra.items()), *command]
            measured.update(median_run({name: command}, 1, cwd=root))
        for values in measured.values():
            seconds = values["seconds"]
            values["posts_per_second"] = round(args.posts / seconds)
            values["mb_per_second"] = round(size / 1e6 / seconds, 1)
        if args.build:
            builds = measured["plain Pelican build"]["all_seconds"]
            for name in list(measured):
                if name.startswith("pelican-fast lint"):
                    runs = measured[name]["all_seconds"]
                    measured[name]["fraction_of_build"] = round(
                        statistics.median(runs) / statistics.median(builds), 3
                    )
                    measured[name]["fraction_of_build_per_run"] = [
                        round(lint / build, 3) for lint, build in zip(runs, builds, strict=True)
                    ]
        results["tools"] = measured
        results["load_average_after"] = os.getloadavg()
        print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
