"""Read a ``pelicanconf.py`` the way ``pelican.settings.read_settings`` does, without Pelican.

The linter and the link checker need a handful of a site's settings (``PATH``,
``SITEURL``, ``TIMEZONE``, ``PELICAN_FAST``) and run on every commit: importing
Pelican would cost them a noticeable part of their start, and would tie the
application layer to Pelican. The file is executed as Pelican executes it (a
module of its own); its upper-case names are the settings; ``PATH``,
``OUTPUT_PATH`` and ``CACHE_PATH`` are made absolute relative to the file, and
``PATH`` defaults to the current folder, as in Pelican.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any

from pelican_fast.core.settings import ConfigError

_RELATIVE_TO_FILE = ("PATH", "OUTPUT_PATH", "CACHE_PATH")


def read_pelicanconf(path: str) -> dict[str, Any]:
    """The settings a ``pelicanconf.py`` defines; a broken file is a ConfigError."""
    name = "pelican_fast_conf_" + os.path.splitext(os.path.basename(path))[0]
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ConfigError(f"{path}: not a Python file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # as Pelican's load_source: the file may import itself
        try:
            spec.loader.exec_module(module)
        finally:
            sys.modules.pop(name, None)
    except ConfigError:
        raise
    except BaseException as error:  # SystemExit included: a settings file must not end us
        raise ConfigError(f"{path}: {type(error).__name__}: {error}") from None
    settings = {key: value for key, value in vars(module).items() if key.isupper()}
    base = os.path.dirname(os.path.abspath(path))
    for key in _RELATIVE_TO_FILE:
        value = settings.get(key)
        if isinstance(value, str) and not os.path.isabs(value):
            settings[key] = os.path.abspath(os.path.normpath(os.path.join(base, value)))
    settings.setdefault("PATH", os.path.abspath(os.curdir))
    siteurl = settings.get("SITEURL")
    if isinstance(siteurl, str) and siteurl.endswith("/"):
        settings["SITEURL"] = siteurl.rstrip("/")
    return settings
