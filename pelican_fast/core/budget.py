"""A time budget for one post: a hostile or pathological file must not hang a whole site.

Posts come by pull request from many hands; one of them may hold a construct on
which a parser is slow (a million brackets, an alias bomb, a catastrophic
pattern). Every post is read before Pelican writes any page, so one slow post
would mean no site at all. Each post's work therefore runs under a budget: when
it runs over, :class:`OverBudget` is raised where the work is (a ``SIGALRM``
timer: it interrupts pure Python and the ``re`` engine alike), the post is
reported with the step it was in and how long it ran, and the others go on.

The timer works in a process's main thread on POSIX systems (the build, lint,
and their worker processes all run posts there); elsewhere the budget is not
enforced and the work runs to its end.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator

# Seconds a post may take per 100 KB of source, and at least.
DEFAULT_SECONDS_PER_100KB = 5.0


class OverBudget(Exception):
    """The post's work ran past its budget."""

    def __init__(self, budget: float, elapsed: float) -> None:
        super().__init__(f"over its time budget of {budget:g} s")
        self.budget = budget
        self.elapsed = elapsed


def budget_for(size: int, seconds_per_100kb: float | None) -> float | None:
    """The budget of a file of `size` bytes (None: no budget)."""
    if not seconds_per_100kb or seconds_per_100kb <= 0:
        return None
    return seconds_per_100kb * max(1.0, size / 100_000)


def enforceable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in the block once `seconds` have passed.

    Nested budgets are not supported: an outer timer set by someone else is put
    back as it was (its remaining time shortened by what the block used).
    """
    if seconds is None or not enforceable():
        yield
        return
    start = time.monotonic()

    def expire(_signum: int, _frame: object) -> None:
        raise OverBudget(seconds, time.monotonic() - start)

    previous_handler = signal.signal(signal.SIGALRM, expire)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:
            left = max(previous_delay - (time.monotonic() - start), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, previous_interval)
