"""The Liquid tags and filters a Jekyll blog defines in ``_plugins/*.rb``.

``pelican-fast init`` names them and writes commented stubs in pelicanconf.py,
to be written in Python under ``PELICAN_FAST["liquid"]``. Found by Liquid's
registration calls: ``Liquid::Template.register_tag('name', …)`` and
``Liquid::Template.register_filter(Module)`` (the module's public methods).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_TAG = re.compile(r"""register_tag\(?\s*['":]([\w-]+)""")
_FILTER_MODULE = re.compile(r"register_filter\(?\s*([\w:]+)")
_METHOD = re.compile(r"^[ \t]*def[ \t]+([a-z_]\w*[?!]?)", re.MULTILINE)
_MODULE = re.compile(r"^[ \t]*module[ \t]+(?:\w+::)*(\w+)", re.MULTILINE)
_PRIVATE = re.compile(r"^[ \t]*(?:private|protected)[ \t]*$", re.MULTILINE)


@dataclass
class Plugins:
    """Names found, each with the file (relative to the site) that defines it."""

    tags: dict[str, str] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)


def scan(folder: Path) -> Plugins:
    """Tags and filters registered by the ``.rb`` files of `folder` (``_plugins``).

    A filter module may be defined in one file and registered in another: a file's
    public methods count when it defines a module registered anywhere.
    """
    found = Plugins()
    if not folder.is_dir():
        return found
    texts: dict[str, str] = {}
    for path in sorted(folder.rglob("*.rb")):
        try:
            texts[f"_plugins/{path.relative_to(folder).as_posix()}"] = path.read_text(
                encoding="utf-8", errors="replace"
            )
        except OSError:
            continue
    registered: set[str] = set()
    for shown, text in texts.items():
        for match in _TAG.finditer(text):
            found.tags.setdefault(match.group(1), shown)
        registered.update(m.group(1).rsplit("::", 1)[-1] for m in _FILTER_MODULE.finditer(text))
    for shown, text in texts.items():
        modules = {m.group(1) for m in _MODULE.finditer(text)}
        if not modules & registered:
            continue
        public = _PRIVATE.split(text, maxsplit=1)[0]
        for match in _METHOD.finditer(public):
            name = match.group(1)
            if name not in ("initialize", "render") and not name.startswith("_"):
                found.filters.setdefault(name, shown)
    return found


def stub_lines(plugins: Plugins) -> list[str]:
    """Commented ``"liquid"`` entry for PELICAN_FAST, one stub per plugin tag and filter."""
    if not plugins.tags and not plugins.filters:
        return []
    lines = [
        "    # The blog's Liquid plugins (_plugins/*.rb), to write in Python (docs/jekyll.md):",
        "    # a filter is called as f(value, *arguments), a tag as f(markup, variables).",
        '    # "liquid": {',
    ]
    if plugins.filters:
        lines.append('    #     "filters": {')
        lines += [
            f'    #         "{name}": lambda value, *args: value,  # {where}'
            for name, where in sorted(plugins.filters.items())
        ]
        lines.append("    #     },")
    if plugins.tags:
        lines.append('    #     "tags": {')
        lines += [
            f'    #         "{name}": lambda markup, variables: "",  # {where}'
            for name, where in sorted(plugins.tags.items())
        ]
        lines.append("    #     },")
    lines.append("    # },")
    return lines
