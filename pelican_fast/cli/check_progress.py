"""The progress line of ``pelican-fast check``: counts on a terminal, nothing in CI.

A run over hundreds of sites takes a while; on a terminal a maintainer wants
to see it move (checked / cached / failed). Piped or in CI, any progress
output is noise in the logs, so nothing is printed.
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from pelican_fast.links.external import CheckSummary, Result


class CheckProgress:
    """Feeds a rich progress bar from the checker's per-URL callback."""

    def __init__(self, total: int, *, enabled: bool, console: Console | None = None) -> None:
        self.summary = CheckSummary(total=total)
        self.console = console or Console(stderr=True)
        self.enabled = enabled and self.console.is_terminal
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> CheckProgress:
        if self.enabled:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("checking links"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[counts]}"),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task("check", total=self.summary.total, counts="")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.__exit__(kind, error, trace)

    def __call__(self, result: Result) -> None:
        self.summary.add(result)
        if self._progress is not None and self._task is not None:
            s = self.summary
            counts = f"checked {s.checked} · cached {s.cached} · failed {s.failed}"
            self._progress.update(self._task, advance=1, counts=counts)
