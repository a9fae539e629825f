"""Record what Jekyll 4.3's Markdown converter (kramdown + kramdown-parser-gfm) makes of test posts.

    python tools/kramdown_record.py        # rewrites tests/data/kramdown/expected.json

Inputs: tests/data/kramdown/cases/*.md (one kramdown rule each), tests/data/kramdown/corpus/*.md
(realistic posts), the bodies of example_site/content/_posts/*.md (front matter removed, lines
with Liquid dropped) and seeded random combinations of the pieces posts are made of (150 flat, 200 nested). Each is converted by Jekyll's own converter
(``Jekyll::Converters::Markdown``, Debian bookworm's jekyll 4.3.1, ruby-kramdown 2.4.0,
ruby-kramdown-parser-gfm 1.1.0, ruby-rouge 3.30) with Jekyll's default ``kramdown:`` options, merged
with the per-case options of OPTIONS below. The JSON keeps the input, the options and the HTML, so
the tests need no Ruby.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "kramdown"

# case name -> the `kramdown:` map of _config.yml used for it (on top of Jekyll's defaults)
OPTIONS: dict[str, dict[str, object]] = {
    "opt-hard-wrap": {"hard_wrap": True},
    "opt-no-auto-ids": {"auto_ids": False},
    "opt-auto-id-prefix": {"auto_id_prefix": "id-"},
    "opt-smart-quotes-fr": {"smart_quotes": "sbquo,lsquo,bdquo,ldquo"},
    "opt-smart-quotes-entities": {"smart_quotes": ["apos", "apos", "quot", "quot"]},
    "opt-no-typographic-syms": {"typographic_symbols": {"hellip": "..."}},
    "opt-syntax-highlighter-none": {"syntax_highlighter": None},
    "opt-footnote-nr": {"footnote_nr": 5},
    "opt-footnote-prefix": {"footnote_prefix": "post-"},
    "opt-input-kramdown": {"input": "kramdown"},
    "opt-toc-levels": {"toc_levels": [2, 3]},
}

RUBY = r"""
require "jekyll"
require "json"
cases = JSON.parse($stdin.read)
converters = {}
out = {}
cases.each do |c|
  key = JSON.generate(c["options"])
  conv = converters[key] ||= begin
    config = Jekyll.configuration({"quiet" => true, "source" => ARGV[0],
                                   "destination" => ARGV[0] + "/_site",
                                   "kramdown" => c["options"]})
    Jekyll::Site.new(config).find_converter_instance(Jekyll::Converters::Markdown)
  end
  out[c["name"]] = conv.convert(c["input"])
end
puts JSON.generate(out)
"""

LIQUID = re.compile(r"\{[{%]")


def seed_bodies() -> dict[str, str]:
    """The example site's posts without front matter, lines holding Liquid dropped."""
    bodies = {}
    for path in sorted((REPO / "example_site" / "content" / "_posts").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text.split("\n---\n", 1)[1]
        lines = [line for line in text.splitlines(keepends=True) if not LIQUID.search(line)]
        bodies["seed-" + path.stem] = "".join(lines)
    return bodies


# Pieces real posts are made of, put together at random (seeded, so the record is stable):
# the differential test then meets combinations no one thought of writing by hand.
FUZZ_BLOCKS = [
    "## {text}",
    "### {text} {{#ancre-{n}}}",
    "{text}",
    "{text}\n{text}",
    "- {text}\n- {text}",
    "{text} :\n- {text}\n- {text}",
    "1. {text}\n2. {text}",
    "> {text}",
    "| {text} | {text} |\n|---|---|\n| {text} | {text} |",
    "```\n{text}\n```",
    "{text}\n{{: .classe-{n}}}",
    '<div class="encart">\n{text}\n</div>',
    "Terme {n}\n: {text}",
]
FUZZ_WORDS = [
    "l'État",
    "d'accord",
    "aujourd'hui",
    '"citation"',
    "'simple'",
    "« guillemets »",
    "...",
    "--",
    "---",
    "<<",
    ">>",
    "*emphase*",
    "**gras**",
    "`code`",
    "[lien](http://x.example/a)",
    "![image](/img/a.png)",
    "<https://auto.example>",
    "\\*",
    "\\$",
    "l'*Europe*",
    "5'10\"",
    "les '90s",
    '("entre")',
    "x_y_z",
    "A & B",
    "&amp;",
    "&eacute;",
    "€",
    "été",
    "2019.",
    "100 %",
    ":",
    "?",
    "!",
    "#",
    "<b>gras</b>",
    "<span>s</span>",
    "«",
    "»",
    "’",
    "—",
    "c'est",
    '"',
    "'",
    'word"s',
    "it's",
    "don't",
    "'n'",
    '"*x*"',
    "[^1]",
    "$$a$$",
    "{: .c}",
]


# A second, nested set: containers inside containers, blocks glued without blank lines.
FUZZ_NESTED_BLOCKS = [
    *FUZZ_BLOCKS,
    "- {text}\n  - {text}\n    - {text}\n- {text}",
    "1. {text}\n\n   {text}\n\n2. {text}",
    "- {text}\n\n  ```\n  {text}\n  ```",
    "> {text}\n>\n> - {text}\n> - {text}",
    "> {text}\n{text}",
    "{text}\n> {text}",
    "{text}\n## {text}",
    "* {text}\n\n* {text}\n* {text}",
    '<div markdown="1">\n## {text}\n\n{text}\n</div>',
    "{text}\n\n    {text}",
    "| {text} |\n| {text} |",
    "{text}  \n{text}\\\n{text}",
    "***",
    "<!-- {text} -->",
    "<p>{text}</p>",
    '[{text}](http://x.example/{n} "titre {n}")',
    "* TOC\n{{:toc}}",
]


def fuzz_cases(
    count: int = 150,
    seed: int = 2026,
    shapes: list[str] | None = None,
    joiners: tuple[str, ...] = ("\n\n",),
) -> dict[str, str]:
    import random

    rng = random.Random(seed)
    cases = {}
    for index in range(count):
        blocks = []
        for _ in range(rng.randint(1, 4)):
            text = " ".join(rng.choice(FUZZ_WORDS + ["mot"] * 8) for _ in range(rng.randint(2, 9)))
            blocks.append(rng.choice(shapes or FUZZ_BLOCKS).format(text=text, n=index))
        body = "".join(b + rng.choice(joiners) for b in blocks)
        if "[^1]" in body:
            body += "\n[^1]: La note.\n"
        cases[f"fuzz-{index:03d}"] = body
    return cases


def main() -> None:
    inputs: dict[str, str] = {}
    for folder in ("cases", "corpus"):
        for path in sorted((DATA / folder).glob("*.md")):
            inputs[f"{folder}/{path.stem}"] = path.read_text(encoding="utf-8")
    inputs.update({f"seed/{k}": v for k, v in seed_bodies().items()})
    inputs.update({f"fuzz/{k}": v for k, v in fuzz_cases().items()})
    nested = fuzz_cases(200, 7, FUZZ_NESTED_BLOCKS, ("\n\n", "\n\n", "\n"))
    inputs.update({f"fuzz2/{k}": v for k, v in nested.items()})
    cases = [
        {"name": name, "input": text, "options": OPTIONS.get(name.split("/", 1)[1], {})}
        for name, text in inputs.items()
    ]
    with tempfile.TemporaryDirectory() as empty:
        result = subprocess.run(
            ["ruby", "-e", RUBY, empty],
            input=json.dumps(cases),
            capture_output=True,
            text=True,
            check=True,
        )
    html = json.loads(result.stdout)
    record = {
        c["name"]: {"input": c["input"], "options": c["options"], "html": html[c["name"]]}
        for c in cases
    }
    (DATA / "expected.json").write_text(
        json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"{len(record)} cases recorded in {DATA / 'expected.json'}")


if __name__ == "__main__":
    main()
