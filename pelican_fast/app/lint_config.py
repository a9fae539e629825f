"""Where ``pelican-fast lint`` finds its settings: CLI, pyproject.toml, pelicanconf.py.

Precedence: command-line options, then ``[tool.pelican-fast]`` of the nearest
pyproject.toml, then ``PELICAN_FAST["lint"]`` of ./pelicanconf.py. Pelican is
imported only when a pelicanconf.py is read (it is slow to import). The Jekyll
configuration (permalink, timezone, url, baseurl) comes from PELICAN_FAST when
it names one, else from a ``_config.yml`` next to or inside the linted folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican_fast.core import settings as fast_settings
from pelican_fast.core.pelicanconf import read_pelicanconf
from pelican_fast.core.settings import ConfigError
from pelican_fast.jekyll.config import JekyllConfigError, JekyllSite, build_site, read_config_file

LINT_KEYS = frozenset(fast_settings.SCHEMA["lint"].options)  # type: ignore[union-attr]
JEKYLL_KEYS = ("permalink", "timezone", "baseurl", "url", "future")


@dataclass
class LintConfig:
    """Everything the lint command needs to know before reading posts."""

    lint: Mapping[str, Any]  # the validated PELICAN_FAST["lint"] section, merged
    values: Mapping[str, Any]  # the validated PELICAN_FAST dict
    base_dir: str  # where relative paths in settings resolve
    content_path: str | None = None  # PATH of pelicanconf.py
    siteurl: str = ""
    timezone: str | None = None
    sources: list[str] = field(default_factory=list)  # files the settings came from
    permalink_known: bool = False  # a _config.yml or a permalink setting was found
    pelican: Mapping[str, Any] = field(default_factory=dict)  # the pelicanconf.py settings

    def jekyll_site(self, root: str) -> JekyllSite:
        """Jekyll's settings for the site rooted at `root`."""
        name = self.values["jekyll_config"]
        path = None
        if name:
            path = name if os.path.isabs(name) else os.path.join(self.base_dir, name)
            if not os.path.exists(path):
                raise ConfigError(f"PELICAN_FAST['jekyll_config']: {name!r} not found")
        else:
            for folder in (root, os.path.dirname(os.path.abspath(root)), os.getcwd()):
                candidate = os.path.join(folder, "_config.yml")
                if os.path.exists(candidate):
                    path = candidate
                    break
        jekyll: dict[str, Any] = {}
        if path:
            try:
                jekyll = read_config_file(path)
            except JekyllConfigError as error:
                raise ConfigError(str(error)) from None
            self.sources.append(path)
        overrides = {key: self.values[key] for key in JEKYLL_KEYS}
        self.permalink_known = bool(path) or bool(self.values["permalink"])
        return build_site(jekyll, overrides, self.timezone)


def find_pyproject(start: str) -> str | None:
    folder = os.path.abspath(start)
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.exists(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def read_pyproject(path: str) -> dict[str, Any]:
    """``[tool.pelican-fast]``, with lint keys allowed at its top level."""
    import tomllib  # only when there is a pyproject.toml to read

    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from None
    table = data.get("tool", {}).get("pelican-fast")
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.pelican-fast] must be a table")
    result: dict[str, Any] = {}
    lint: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name in LINT_KEYS:
            lint[name] = value
        elif name == "lint" and isinstance(value, dict):
            lint.update({k.replace("-", "_"): v for k, v in value.items()})
        else:
            result[name] = value
    if lint:
        result["lint"] = lint
    return result


def load(settings_file: str | None = None, cwd: str | None = None) -> LintConfig:
    """Merge pelicanconf.py and pyproject.toml (the CLI applies its own options on top)."""
    cwd = cwd or os.getcwd()
    sources: list[str] = []
    raw: dict[str, Any] = {}
    pelican: dict[str, Any] = {}
    base_dir = cwd
    conf = settings_file or os.path.join(cwd, "pelicanconf.py")
    if settings_file and not os.path.exists(settings_file):
        raise ConfigError(f"settings file {settings_file} not found")
    if os.path.exists(conf):
        pelican = read_pelicanconf(conf)
        raw = dict(pelican.get(fast_settings.SETTINGS_KEY) or {})
        base_dir = os.path.dirname(os.path.abspath(conf))
        sources.append(conf)
    pyproject = find_pyproject(cwd)
    if pyproject:
        extra = read_pyproject(pyproject)
        if extra:
            sources.append(pyproject)
            lint = {**dict(raw.get("lint") or {}), **extra.pop("lint", {})}
            raw.update(extra)
            if lint:
                raw["lint"] = lint
            if not pelican:
                base_dir = os.path.dirname(pyproject)
    values = fast_settings.validate(raw)
    content = pelican.get("PATH")
    return LintConfig(
        lint=values["lint"],
        values=values,
        base_dir=base_dir,
        content_path=str(content) if content else None,
        siteurl=str(pelican.get("SITEURL") or ""),
        timezone=pelican.get("TIMEZONE"),
        sources=sources,
        pelican=pelican,
    )
