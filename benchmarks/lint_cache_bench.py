"""Lint cache benchmark: cold, warm, one post edited, one post renamed, against the floor.

    python benchmarks/lint_cache_bench.py --posts 10000 [--runs 3]

On one generated corpus (benchmarks/corpus.py), each run takes, in this order and each as
its own process (`pelican-fast lint --format json --exit-zero --jobs 1`):

- the floor: reading and decoding every post (nothing can lint faster);
- cold, no cache (`--no-cache`);
- cold, writing the cache (the cache folder deleted first);
- warm: nothing changed (the report kept by the last run is printed as it is);
- warm without the kept report (``report.bin`` deleted first): every file's findings
  come from the per-file cache;
- one post edited (a sentence with a link appended), then linted with the cache;
- one post renamed (its URL changes: the posts that link to it must be judged again),
  then linted with the cache.

Once (before the first turn, unless ``--no-plain-build``), the plain Pelican build of the
same posts (benchmarks/build_bench.py's baseline, no plugin) is timed too: every figure is
also given as a ratio to it.

After each change the cached run's JSON report is compared with a `--no-cache` run on the
same tree (not timed): they must be identical. Wall time is the median over the runs, peak
memory the child's own maximum resident set size (wait4). The machine is shared: figures
are given as ratios to the floor of the same run, with the load average.

The corpus is written, then left 2.5 s before the first run: the cache trusts a file's
modification time and size only when it was modified more than 2 s before being read
(otherwise it hashes the file), as it is for posts not written a moment ago.
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_bench import byte_compile_package, run_child  # noqa: E402
from corpus import generate  # noqa: E402
from lint_bench import FLOOR  # noqa: E402

SITE_URL = "https://blog.example"
LINT = "import sys; from pelican_fast.cli import main; sys.exit(main(sys.argv[1:]))"


def timed(command: list[str], cwd: Path, output: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (kB) of one child process; stdout to `output`."""
    sink = open(output, "wb") if output is not None else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=subprocess.PIPE)
        assert process.stderr is not None
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    finally:
        if output is not None:
            sink.close()  # type: ignore[union-attr]
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{command} failed ({code}): {errors[-800:]!r}")
    return elapsed, usage.ru_maxrss


def lint_command(site: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        LINT,
        "lint",
        "--format",
        "json",
        "--exit-zero",
        "--site-url",
        SITE_URL,
        "--jobs",
        "1",
        *extra,
        str(site),
    ]


def edit(posts: Path, turn: int) -> str:
    """Append a sentence with a link to one post (a different one at each turn)."""
    names = sorted(posts.iterdir())
    path = names[(turn * 7919 + 11) % len(names)]
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"\nAjout {turn} : voir [la FAQ](https://blog.example/faq-{turn}/).\n")
    return path.name


def rename(posts: Path, turn: int) -> tuple[str, str]:
    """Rename an early post (later posts link to earlier ones): its URL changes."""
    names = sorted(p.name for p in posts.iterdir() if "-renamed" not in p.name)
    old = names[(turn * 13 + 3) % max(1, len(names) // 10)]
    new = old[:-3] + f"-renamed{turn}.md"
    os.rename(posts / old, posts / new)
    return old, new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-verify", action="store_true", help="skip the cold comparisons")
    parser.add_argument(
        "--no-plain-build", action="store_true", help="skip the plain Pelican build (slow)"
    )
    args = parser.parse_args()
    byte_compile_package()
    with tempfile.TemporaryDirectory(prefix="pf-lint-cache-bench-") as tmp:
        root = Path(tmp)
        generate(root, args.posts)
        site = root / "jekyll"
        posts = site / "_posts"
        size = sum(p.stat().st_size for p in posts.iterdir())
        time.sleep(2.5)
        results: dict[str, object] = {
            "posts": args.posts,
            "megabytes": round(size / 1e6, 2),
            "load_average_before": os.getloadavg(),
        }
        times: dict[str, list[float]] = {}
        peaks: dict[str, list[int]] = {}
        verified: list[str] = []

        def measure(name: str, command: list[str], output: Path | None = None) -> None:
            seconds, peak = timed(command, root, output)
            times.setdefault(name, []).append(seconds)
            peaks.setdefault(name, []).append(peak)

        def verify(label: str, cached: Path) -> None:
            if args.no_verify:
                return
            cold = root / "cold.json"
            timed(lint_command(site, "--no-cache"), root, cold)
            if cold.read_bytes() != cached.read_bytes():
                raise SystemExit(f"{label}: the cached report differs from a cold run")
            verified.append(label)

        report = root / "report.json"
        plain = None if args.no_plain_build else run_child("plain", root, warm=False)[0]
        results["plain_pelican_build_seconds"] = None if plain is None else round(plain, 3)
        for turn in range(args.runs):
            measure("floor (read + decode)", [sys.executable, "-c", FLOOR, str(posts)])
            measure("cold, --no-cache", lint_command(site, "--no-cache"), root / "cold.json")
            shutil.rmtree(site / ".pelican-fast-cache", ignore_errors=True)
            measure("cold, writing the cache", lint_command(site), report)
            measure("warm, nothing changed", lint_command(site), report)
            if not args.no_verify and report.read_bytes() != (root / "cold.json").read_bytes():
                raise SystemExit("warm: the cached report differs from a cold run")
            verified.append(f"warm {turn}")
            (site / ".pelican-fast-cache" / "report.bin").unlink()
            measure("warm, per-file cache only", lint_command(site), report)
            if not args.no_verify and report.read_bytes() != (root / "cold.json").read_bytes():
                raise SystemExit("warm (per file): the cached report differs from a cold run")
            edit(posts, turn)
            measure("one post edited", lint_command(site), report)
            verify(f"edited {turn}", report)
            rename(posts, turn)
            measure("one post renamed", lint_command(site), report)
            verify(f"renamed {turn}", report)
            measure("warm again", lint_command(site), report)
        floor = statistics.median(times["floor (read + decode)"])
        cold = statistics.median(times["cold, --no-cache"])
        cache = site / ".pelican-fast-cache" / "lint.bin"
        results["cache_file_mb"] = round(cache.stat().st_size / 1e6, 1)
        results["tools"] = {
            name: {
                "seconds": round(statistics.median(values), 3),
                "all_seconds": [round(v, 3) for v in values],
                "ratio_to_floor": round(statistics.median(values) / floor, 2),
                "ratio_to_cold": round(statistics.median(values) / cold, 3),
                "ratio_to_plain_build": (
                    None if plain is None else round(statistics.median(values) / plain, 4)
                ),
                "ms_per_post": round(1000 * statistics.median(values) / args.posts, 3),
                "peak_rss_mb": round(max(peaks[name]) / 1024, 1),
            }
            for name, values in times.items()
        }
        results["identical_to_cold"] = verified
        results["load_average_after"] = os.getloadavg()
        print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
