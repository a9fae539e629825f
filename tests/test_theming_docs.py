"""docs/theming.md cannot drift from the widget templates: names, variables, hooks, examples."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from pelican_fast.plugin import laureate_step
from pelican_fast.widgets import render
from pelican_fast.widgets.laureates import Laureate
from tests.conftest import REPO

DOC = REPO / "docs" / "theming.md"
TEMPLATES = REPO / "pelican_fast" / "widgets" / "templates" / "pelican_fast"
SCRIPT = REPO / "pelican_fast" / "widgets" / "static" / "pelican_fast" / "calls.js"


def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def templates() -> list[Path]:
    found = sorted(TEMPLATES.glob("*.html"))
    assert len(found) >= 4
    return found


def code_block(containing: str) -> str:
    """The fenced block of the doc that contains `containing`."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", doc(), flags=re.DOTALL)
    found = [block for block in blocks if containing in block]
    assert len(found) == 1, containing
    return found[0]


def test_every_template_is_named_in_the_theming_doc() -> None:
    text = doc()
    for path in templates():
        assert f"`pelican_fast/{path.name}`" in text, path.name


def test_every_variable_a_template_reads_is_documented() -> None:
    text = doc()
    env = jinja2.Environment()
    for path in templates():
        tree = env.parse(path.read_text(encoding="utf-8"))
        for name in meta.find_undeclared_variables(tree):
            assert f"`{name}`" in text, (path.name, name)
        for node in tree.find_all(nodes.Getattr):
            if isinstance(node.node, nodes.Name):
                owner, attribute = node.node.name, node.attr
                assert f"`{attribute}`" in text or f"{owner}.{attribute}" in text, (
                    path.name,
                    f"{owner}.{attribute}",
                )


def test_every_hook_class_and_data_attribute_is_documented() -> None:
    text = doc()
    sources = [path.read_text(encoding="utf-8") for path in templates()]
    classes: set[str] = set()
    for source in sources:
        for value in re.findall(r'class="([^"]*)"', source):
            classes.update(re.findall(r"\bpf-[a-z0-9_-]*[a-z0-9]", value))
    classes.update(re.findall(r"\bpf-call-[a-z]+", SCRIPT.read_text(encoding="utf-8")))
    attributes = {a for source in sources for a in re.findall(r"data-pf-[a-z-]+", source)}
    assert {"pf-laureates", "pf-laureate", "pf-call-banner", "pf-call-dismiss"} <= classes
    for hook in sorted(classes | attributes):
        assert f"`{hook}`" in text, hook
    assert "`pf-laureate--service`" in text and "`pf-laureate--incubator`" in text


def test_the_banner_marker_and_the_jinja_global_are_the_real_ones() -> None:
    from pelican_fast.plugin.call_step import JINJA_GLOBAL
    from pelican_fast.widgets.call_html import BANNER_MARKER

    text = doc()
    assert f"`{BANNER_MARKER}`" in text
    assert f"{{{{ {JINJA_GLOBAL}() }}}}" in text


def test_the_example_card_renders_escaped_with_an_override(tmp_path: Path) -> None:
    folder = tmp_path / "overrides" / "pelican_fast"
    folder.mkdir(parents=True)
    (folder / "laureate_card.html").write_text(
        code_block("example override: pelican_fast/laureate_card.html"), encoding="utf-8"
    )
    settings = {"THEME_TEMPLATES_OVERRIDES": [str(tmp_path / "overrides")]}
    section = {"edition_label": "FAST {edition}", "new_window": True, "heading_level": 3}
    laureates = [
        Laureate(name="<script>alert(1)</script>", url="javascript:alert(1)", edition=2),
        Laureate(name="Lapins", url="https://beta.gouv.fr/startups/lapins.html", sponsor='A "B"'),
    ]
    html = laureate_step.render_group(laureates, settings, section, "test")
    assert html.count('<article class="pf-laureate pf-laureate--service card">') == 2
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html
    assert '<a href="https://beta.gouv.fr/startups/lapins.html" target="_blank"' in html
    assert "Sponsor : A &#34;B&#34;" in html
    assert '<p class="card-badge">FAST 2</p>' in html


def test_the_safe_url_pattern_of_the_doc_prints_only_allowed_urls() -> None:
    template = render.environment({}).from_string(code_block("| safe_url"))
    assert "<a" not in template.render(some_url="java\tscript:alert(1)")
    assert '<a href="https://beta.gouv.fr/">' in template.render(some_url=" https://beta.gouv.fr/")
    # Why the doc insists on the `if`: printed directly, a refused URL is "None".
    direct = render.environment({}).from_string('<a href="{{ some_url | safe_url }}">')
    assert direct.render(some_url="javascript:alert(1)") == '<a href="None">'
