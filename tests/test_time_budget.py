"""A post that hangs is reported and left out; the rest of the site is built (issue 14).

The hang is made certain (a step that never ends on one post), so the tests do not
depend on how fast this machine is: only the budget's expiry is timed, and every
good post takes milliseconds against a budget of seconds.
"""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from pelican_fast.app.lint import LintRequest, lint
from pelican_fast.core.budget import OverBudget, budget_for, time_budget
from pelican_fast.plugin import pipeline
from tests.conftest import BuildSite

GOOD = {
    f"_posts/2020-01-{day:02d}-bon-{day}.md": f"---\ntitle: Bon {day}\n---\nTexte {day}.\n"
    for day in range(1, 21)
}
HOSTILE = {"_posts/2020-02-01-piege.md": "---\ntitle: Piège\n---\nHANG here\n"}


def _spin_on_hang(post: pipeline.PostContext, env: pipeline.ReadEnvironment) -> None:
    """Stands for a parser that never ends on one hostile post."""
    if "HANG" in post.body:
        while True:
            pass


@pytest.fixture
def hanging_step(monkeypatch: pytest.MonkeyPatch) -> None:
    steps = list(pipeline.STEPS)
    at = [s.name for s in steps].index("markdown")
    steps.insert(at, pipeline.Step("hostile parser", _spin_on_hang))
    monkeypatch.setattr(pipeline, "STEPS", tuple(steps))


def test_budget_interrupts_a_loop_and_restores_the_timer() -> None:
    with pytest.raises(OverBudget) as raised, time_budget(0.2):
        while True:
            pass
    assert raised.value.budget == 0.2 and raised.value.elapsed >= 0.2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with time_budget(5):
        pass  # a block that ends in time is left alone
    assert budget_for(50_000, 5.0) == 5.0 and budget_for(300_000, 5.0) == 15.0
    assert budget_for(10, 0) is None and budget_for(10, None) is None


@pytest.mark.parametrize("workers", [0, 2])
def test_a_hanging_post_is_named_left_out_and_the_site_built(
    build_site: BuildSite, hanging_step: None, workers: int
) -> None:
    start = time.monotonic()
    site = build_site(
        {**GOOD, **HOSTILE}, {"PELICAN_FAST": {"time_budget": 1.0, "workers": workers}}
    )
    assert time.monotonic() - start < 60  # ended (a hang would never get here)
    for day in range(1, 21):
        assert f"Texte {day}." in site.read(f"2020/01/{day:02d}/bon-{day}.html")
    assert not site.exists("2020/02/01/piege.html")
    messages = "\n".join(site.messages())
    assert "_posts/2020-02-01-piege.md" in messages and "JK030" in messages
    assert "'hostile parser' step" in messages
    # Reported once, not read again in the build process after a worker gave up.
    assert messages.count("JK030") == 1


def test_lint_reports_a_hanging_file_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pelican_fast.links import engine

    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2020-01-01-bon.md").write_text("[x](www.exemple.fr)\n", encoding="utf-8")
    (posts / "2020-01-02-piege.md").write_text("HANG\n", encoding="utf-8")
    original = engine.lint_document

    def slow(text: str, *args: object, **kwargs: object) -> engine.FileReport:
        if "HANG" in text:
            while True:
                pass
        return original(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "lint_document", slow)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pelicanconf.py").write_text("PELICAN_FAST = {'time_budget': 0.5}\n")
    result = lint(LintRequest(paths=[str(posts)], jobs=1))
    codes = {(path.rsplit("/", 1)[-1], f.code) for path, f in result.findings}
    assert ("2020-01-02-piege.md", "PF004") in codes
    assert ("2020-01-01-bon.md", "PF203") in codes  # the other file was linted
    assert result.summary.errors >= 1
    from pelican_fast.cli import main

    assert main(["lint", "--format", "json", str(posts), "--jobs", "1"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert any(f["code"] == "PF004" for f in data["findings"])
