"""Two versions of pelican-fast on the same posts: lint time and build time, alternated.

    python benchmarks/versions_bench.py --old /path/to/venv-a --new /path/to/venv-b \
        --corpus OUT [--posts 500] [--runs 5]

Each venv has one version installed (``pip install /path/to/checkout``). Runs alternate
(old, new, new, old, …) in fresh processes, and the figures are the medians and the median
of back-to-back pair ratios new ÷ old: this machine's speed drifts within minutes, so only
ratios measured in the same run mean anything. The build is Pelican with the plugin on the
Jekyll corpus (``corpus.py``), read-ahead workers off (one process: less noise); lint is
``pelican-fast lint --jobs 1 --no-cache`` on the same posts (cold).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_bench import settings_for  # noqa: E402
from corpus import generate  # noqa: E402

BUILD = """
import json, logging, sys, time
logging.disable(logging.WARNING)
from pelican import Pelican
from pelican.settings import read_settings
settings = read_settings(path=None, override=json.loads(sys.argv[1]))
start = time.perf_counter()
Pelican(settings).run()
print(time.perf_counter() - start)
"""


def _python(venv: Path) -> str:
    return str(venv / "bin" / "python")


def time_build(venv: Path, root: Path, tag: str) -> float:
    settings = settings_for("plugin", root, warm=False, workers=0)
    settings["OUTPUT_PATH"] = str(root / f"out-{tag}")
    settings["CACHE_PATH"] = str(root / f"cache-{tag}")
    done = subprocess.run(
        [_python(venv), "-c", BUILD, json.dumps(settings)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def time_lint(venv: Path, root: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            str(venv / "bin" / "pelican-fast"),
            "lint",
            "--jobs",
            "1",
            "--exit-zero",
            "--no-progress",
            "--format",
            "json",
            "--no-cache",  # cold: the lint cache (of either version) would hide the work
            str(root / "jekyll" / "_posts"),
        ],
        capture_output=True,
        check=True,
        cwd=root,
    )
    return time.perf_counter() - start


def compare(label: str, old: list[float], new: list[float]) -> dict[str, object]:
    pairs = [n / o for o, n in zip(old, new, strict=True)]
    return {
        "what": label,
        "old_median": round(statistics.median(old), 3),
        "new_median": round(statistics.median(new), 3),
        "median_pair_ratio": round(statistics.median(pairs), 3),
        "old_runs": [round(x, 3) for x in old],
        "new_runs": [round(x, 3) for x in new],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--new", type=Path, required=True)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["lint", "build"], help="time only this")
    args = parser.parse_args()
    root = args.corpus or Path(tempfile.mkdtemp(prefix="pf-versions-"))
    if not (root / "jekyll").exists():
        generate(root, args.posts)
    for venv in (args.old, args.new):
        subprocess.run(
            [_python(venv), "-m", "compileall", "-q", "-x", "tests", str(venv)], check=False
        )
    results = []
    for label, timer in (("lint", time_lint), ("build", time_build)):
        if args.only and label != args.only:
            continue
        old: list[float] = []
        new: list[float] = []
        for run in range(args.runs):
            order = [("old", args.old), ("new", args.new)]
            if run % 2:
                order.reverse()
            for tag, venv in order:
                seconds = timer(venv, root) if timer is time_lint else timer(venv, root, tag)
                (old if tag == "old" else new).append(seconds)
        results.append(compare(label, old, new))
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            load = handle.read().split()[:3]
    except OSError:
        load = []
    print(json.dumps({"posts": args.posts, "load": load, "results": results}, indent=2))


if __name__ == "__main__":
    main()
