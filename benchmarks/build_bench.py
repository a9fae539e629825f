"""Build benchmark: Pelican with pelican-fast vs plain Pelican on the same posts.

    python benchmarks/build_bench.py --posts 1000 --runs 3 [--warm]

The baseline builds the plain-Pelican twin of the corpus (same Markdown, Pelican's
own metadata, same URL shape); the measured build reads the Jekyll originals with
the plugin (reader, Liquid, link repair, laureate detection, a call banner on
every page). Builds alternate, each in a fresh process, and the medians are
compared. With --warm, both use Pelican's content cache and the cache is filled
first, to show the plugin keeps Pelican's cached speed-up.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402

COMMON = {
    "TIMEZONE": "Europe/Paris",
    "DEFAULT_LANG": "fr",
    "SITEURL": "",
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
    "DEFAULT_PAGINATION": 10,
    "STATIC_PATHS": ["img"],
}


def settings_for(
    mode: str, root: Path, warm: bool, workers: int | None = None
) -> dict[str, object]:
    settings: dict[str, object] = dict(COMMON)
    settings["OUTPUT_PATH"] = str(root / f"out-{mode}")
    settings["CACHE_PATH"] = str(root / f"cache-{mode}")
    settings["CACHE_CONTENT"] = warm
    settings["LOAD_CONTENT_CACHE"] = warm
    if mode == "plain":
        settings["PATH"] = str(root / "pelican")
        settings["ARTICLE_URL"] = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
        settings["ARTICLE_SAVE_AS"] = "{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html"
    else:
        settings["PATH"] = str(root / "jekyll")
        settings["PLUGINS"] = ["pelican_fast"]
        settings["PELICAN_FAST"] = {
            "jekyll_config": str(root / "_config.yml"),
            "laureates": {"detect": True},
            "calls": [
                {
                    "id": "fast-4",
                    "title": "FAST 4",
                    "opens": "2019-12-10",
                    "closes": "2020-02-28T23:59:00+01:00",
                    "apply_url": "https://www.demarches-simplifiees.fr/commencer/fast",
                }
            ],
            "now": "2020-01-15T12:00:00+01:00",
            "workers": workers,
        }
    return settings


def child(mode: str, root: Path, warm: bool, workers: int | None = None) -> None:
    """One build in this process; prints its wall time in seconds."""
    import logging

    logging.disable(logging.WARNING)
    start = time.perf_counter()
    from pelican import Pelican
    from pelican.settings import read_settings

    Pelican(read_settings(None, override=settings_for(mode, root, warm, workers))).run()
    seconds = time.perf_counter() - start
    plugin = sys.modules.get("pelican_fast")
    print(json.dumps({"seconds": seconds, "plugin": getattr(plugin, "__file__", None)}))


def run_child(mode: str, root: Path, warm: bool, workers: int | None = None) -> tuple[float, float]:
    """Wall and CPU (user + system, workers included) seconds of one build in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--root", str(root)]
        + (["--warm"] if warm else [])
        + ([] if workers is None else ["--workers", str(workers)]),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result = json.loads(output.strip().splitlines()[-1])
    if mode == "plugin" and not PLUGIN_SEEN:
        PLUGIN_SEEN.append(result["plugin"])
    return float(result["seconds"]), cpu


def byte_compile_package() -> None:
    """Compile pelican_fast as pip compiles an installed package.

    An editable install is never compiled, and with PYTHONDONTWRITEBYTECODE set (as on
    the reference machine) every run would compile it again: a cost users do not pay.
    """
    import compileall

    import pelican_fast

    compileall.compile_dir(str(Path(pelican_fast.__file__).parent), quiet=1)


PLUGIN_SEEN: list[str] = []  # where the child imported pelican_fast from (check the worktree)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--warm", action="store_true", help="measure with Pelican's content cache warm"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="PELICAN_FAST['workers'] of the plugin build (default: the plugin's choice)",
    )
    parser.add_argument("--child", choices=["plain", "plugin"])
    parser.add_argument("--root", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.root, args.warm, args.workers)
        return
    byte_compile_package()
    with tempfile.TemporaryDirectory(prefix="pf-bench-") as tmp:
        root = Path(tmp)
        generate(root, args.posts)
        if args.warm:
            for mode in ("plain", "plugin"):
                run_child(mode, root, True, args.workers)  # fill the cache
        times: dict[str, list[float]] = {"plain": [], "plugin": []}
        cpu: dict[str, list[float]] = {"plain": [], "plugin": []}
        for run in range(args.runs):
            # Alternate, and swap who goes first each run: neither always follows the other.
            for mode in ("plain", "plugin") if run % 2 == 0 else ("plugin", "plain"):
                wall, used = run_child(mode, root, args.warm, args.workers)
                times[mode].append(wall)
                cpu[mode].append(used)
        # On a shared machine the speed drifts during a run: the ratio of each back-to-back
        # pair is the steadiest figure; medians and minimums are given beside it.
        pairs = [b / a for a, b in zip(times["plain"], times["plugin"], strict=True)]
        cpu_pairs = [b / a for a, b in zip(cpu["plain"], cpu["plugin"], strict=True)]
        plain, plugin = statistics.median(times["plain"]), statistics.median(times["plugin"])
        plain_cpu, plugin_cpu = statistics.median(cpu["plain"]), statistics.median(cpu["plugin"])
        print(
            json.dumps(
                {
                    "posts": args.posts,
                    "runs": args.runs,
                    "warm_cache": args.warm,
                    "workers": "auto" if args.workers is None else args.workers,
                    "cpus": len(os.sched_getaffinity(0)),
                    "plain_seconds": [round(t, 3) for t in times["plain"]],
                    "plugin_seconds": [round(t, 3) for t in times["plugin"]],
                    "plain_median": round(plain, 3),
                    "plugin_median": round(plugin, 3),
                    "ms_per_post_plain": round(1000 * plain / args.posts, 2),
                    "ms_per_post_plugin": round(1000 * plugin / args.posts, 2),
                    "ratio": round(plugin / plain, 3),
                    "ratio_median_of_pairs": round(statistics.median(pairs), 3),
                    "ratio_of_minimums": round(min(times["plugin"]) / min(times["plain"]), 3),
                    "cpu_ratio_median_of_pairs": round(statistics.median(cpu_pairs), 3),
                    "plain_cpu_seconds": [round(t, 3) for t in cpu["plain"]],
                    "plugin_cpu_seconds": [round(t, 3) for t in cpu["plugin"]],
                    "cpu_ratio": round(plugin_cpu / plain_cpu, 3),
                    "pelican_fast": PLUGIN_SEEN[0] if PLUGIN_SEEN else None,
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
