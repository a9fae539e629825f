"""The documentation cannot drift from the code: every setting is documented."""

from __future__ import annotations

from pelican_fast.core.settings import SCHEMA, Section
from tests.conftest import REPO


def test_every_setting_is_documented_with_a_default() -> None:
    text = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    for key, spec in SCHEMA.items():
        names = [key] if not isinstance(spec, Section) else [key, *spec.options]
        for name in names:
            assert f"| `{name}` |" in text or f"## `{name}`" in text, name


def test_documentation_site_builds_with_warnings_as_errors(tmp_path) -> None:
    """`mkdocs build --strict`: broken links, missing pages and bad nav fail the tests."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    reference = (tmp_path / "site" / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
    assert "--from-jekyll" in reference
