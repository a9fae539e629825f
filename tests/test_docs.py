"""The documentation cannot drift from the code: every setting is documented."""

from __future__ import annotations

from pelican_fast.settings import SCHEMA, Section
from tests.conftest import REPO


def test_every_setting_is_documented_with_a_default() -> None:
    text = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    for key, spec in SCHEMA.items():
        names = [key] if not isinstance(spec, Section) else [key, *spec.options]
        for name in names:
            assert f"| `{name}` |" in text or f"## `{name}`" in text, name
