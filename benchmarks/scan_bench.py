"""Scanner linearity: time per MB on adversarial inputs at 1, 10 and 100 MB.

    python benchmarks/scan_bench.py                    # every case at 1, 10 and 100 MB
    python benchmarks/scan_bench.py --sizes 1,10 --cases nested,angles

Each case is a Markdown body made by repeating one adversarial unit up to the
size asked for (deeply nested brackets, one very long line, thousands of links
on a line, runs of "[", "(" and "<", Liquid regions between paragraphs...). The
whole body is scanned at once (pelican_fast.links.scanner.scan), as one post:
the worst case, since real posts are small. For each size the script prints the
time per MB and the scanner's own count of loop iterations per MB (Scan.work):
both must stay flat from 1 to 100 MB for the scan to be linear. A superlinear
case shows as a time per MB that grows with the size.

With --processes (default) each measurement runs in a fresh process, so the
memory of a 100 MB scan (millions of links) is returned between cases.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

MB = 1_000_000


def _lines(unit: str) -> Callable[[int], str]:
    """A body of `unit` repeated (ends on a whole unit)."""

    def make(size: int) -> str:
        return unit * max(1, size // len(unit))

    return make


def _one_line(unit: str, line_bytes: int) -> Callable[[int], str]:
    """Very long lines: `unit` repeated up to `line_bytes`, then a blank line."""

    def make(size: int) -> str:
        per_line = max(1, min(line_bytes, size) // len(unit))
        line = unit * per_line + "\n\n"
        return line * max(1, size // len(line))

    return make


def _numbered(unit: str) -> Callable[[int], str]:
    """`unit` repeated with {n} numbered: every reference label is a new one."""

    def make(size: int) -> str:
        count = max(1, size // len(unit.format(n=100000)))
        return "".join(unit.format(n=n) for n in range(count))

    return make


def _nested(depth: int) -> Callable[[int], str]:
    """Paragraphs of `depth` nested brackets around a link, and unclosed ones."""
    unit = "[" * depth + "[a](http://x.fr/a)" + "]" * depth + "(http://y.fr)\n\n"
    unit += "[" * depth + "(" * depth + "<" * depth + " texte\n\n"
    return _lines(unit)


# name -> (what it is, body maker)
CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    "prose": (
        "realistic paragraphs, 4 links each (the baseline)",
        _lines(
            "Le FAST a retenu [quatre projets](https://beta.gouv.fr/startups/) pour "
            "l'accompagnement des [collectivités](/2019/12/03/fast/) et de leurs agents. "
            "Voir ![affiche](/img/affiche.png) et <https://www.numerique.gouv.fr/> "
            "ou écrire à [l'équipe](mailto:fast@beta.gouv.fr).\n\n"
        ),
    ),
    "nested": ("brackets nested 1,000 deep, unclosed brackets", _nested(1000)),
    "long-line": (
        "one 10 MB line of prose with links (no line break)",
        _one_line("du texte sans fin et [un lien](https://a.fr/x) encore ", 10 * MB),
    ),
    "links-one-line": (
        "5,000 links on each line",
        _one_line("[a](http://x.fr/1) ", 5000 * 19),
    ),
    "open-brackets": ("runs of '[' with no ']'", _one_line("[", 100_000)),
    "open-parens": (
        "'[a](' repeated: Python-Markdown's quadratic case",
        _one_line("[a](", 100_000),
    ),
    "angles": ("runs of '<' and '<a href=' with no '>'", _one_line("< <a href=x ", 100_000)),
    "mixed-openers": ("'[', '(', '<', quotes and backticks", _one_line("[(<'\"`![", 100_000)),
    "titles": (
        "destinations with quotes: Python-Markdown's title tracking",
        _one_line("[a](http://x.fr \"t) [b](http://y.fr 'u ", 100_000),
    ),
    "code-spans": (
        "backtick runs of growing length around links",
        _one_line("`a`` [b](x) ``` c```` [d](y) ", 100_000),
    ),
    "references": (
        "reference definitions and uses",
        _numbered("[lien {n}]: https://a.fr/{n}\n\nvoir [lien {n}] et [x][lien {n}]\n\n"),
    ),
    "liquid-regions": (
        "{% raw %} regions between paragraphs with links",
        _lines("{% raw %}[a](x){% endraw %}\n\nTexte [lien](https://a.fr).\n\n"),
    ),
    "html-blocks": (
        "raw HTML blocks with links and comments",
        _lines('<div>\n<a href="https://a.fr">a</a> [b](https://b.fr)\n</div>\n\n<!-- c -->\n\n'),
    ),
    "bare-urls": ("bare URLs in prose", _lines("voir https://a.fr/x ou www.b.fr/y, ")),
}


def measure(case: str, megabytes: float) -> dict[str, object]:
    """Scan one body of `case` at `megabytes`; time and work per MB."""
    from pelican_fast.links.scanner import scan

    body = CASES[case][1](int(megabytes * MB))
    size = len(body.encode("utf-8")) / MB
    gc.collect()
    gc.disable()  # millions of links: collection passes would dominate, not the scan
    start = time.perf_counter()
    result = scan(body)
    seconds = time.perf_counter() - start
    gc.enable()
    return {
        "case": case,
        "megabytes": round(size, 2),
        "links": len(result.links),
        "seconds": round(seconds, 3),
        "seconds_per_mb": round(seconds / size, 4),
        "work_per_mb": round(result.work / size),
    }


def run_child(case: str, megabytes: float) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", case, "--sizes", str(megabytes)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="MB, comma-separated")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated")
    parser.add_argument("--in-process", action="store_true", help="no fresh process per scan")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    if args.child:
        print(json.dumps(measure(args.child, sizes[0])))
        return
    rows = []
    for case in args.cases.split(","):
        results = [
            measure(case, size) if args.in_process else run_child(case, size) for size in sizes
        ]
        first = results[0]
        for result in results:
            result["time_growth"] = round(
                float(str(result["seconds_per_mb"]))
                / max(float(str(first["seconds_per_mb"])), 1e-9),
                2,
            )
            result["work_growth"] = round(
                float(str(result["work_per_mb"])) / max(float(str(first["work_per_mb"])), 1), 2
            )
            rows.append(result)
            print(json.dumps(result), flush=True)
    worst = max(rows, key=lambda r: float(str(r["time_growth"])))
    print(
        json.dumps(
            {"worst_time_growth": worst["time_growth"], "case": worst["case"]}, ensure_ascii=False
        )
    )


if __name__ == "__main__":
    main()
