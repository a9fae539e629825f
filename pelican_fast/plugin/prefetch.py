"""Read ahead: the reader's per-file work done by worker processes while Pelican reads.

Pelican reads its files one after another, on one core, and reading is most of a
build (Markdown above all). What JekyllReader does to one file (front matter,
Liquid, link repairs, laureate detection, Markdown, HTML cleaning) needs nothing
from the other files: that is why it can be cached per file. So when the machine
has more than one core, worker processes forked from the build run
``JekyllReader.prepare`` on the files Pelican is about to read, in Pelican's
order, and the reader takes each result when Pelican gets to that file. What
needs Pelican's objects (metadata, taxonomies) stays in the build process.

A file is prepared by the build process itself, exactly as without workers, when
no worker result can be used: it changed since a worker read it, a worker failed,
the file was not expected. The output is the same either way (the tests build
sites both ways and compare every file).

Only with the ``fork`` start method (Linux): the workers inherit the build's
readers as they are; only results travel, pickled.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import weakref
from typing import Any

logger = logging.getLogger(__name__)

# Fewer files than this are read faster than a pool starts.
MIN_FILES = 16
# Longest wait for one worker result before preparing the file here instead.
RESULT_TIMEOUT = 120.0

# In a worker process only: the generator's Readers, inherited through fork (a worker
# serves one read-ahead of one build, so this is process state, not build state).
_READERS: Any = None

Stamp = tuple[int, int]


def _stamp(path: str) -> Stamp | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def _prepare(paths: list[str]) -> list[tuple[str, Stamp | None, Any]]:
    """In a worker: prepare files with the reader Pelican would use for each."""
    done: list[tuple[str, Stamp | None, Any]] = []
    for path in paths:
        try:
            reader = _READERS.readers.get(path.rsplit(".", 1)[-1])
            stamp = _stamp(path)
            done.append((path, stamp, reader.prepare(path)))
        except Exception:  # the build process prepares it again and reports what goes wrong
            done.append((path, None, None))
    return done


class _LoggedInWorker(Exception):
    """A worker was about to log: the build process prepares that file and logs it."""


def _start_worker() -> None:
    """In a worker: nothing is printed, and Ctrl-C is for the build process.

    The worker is forked from a build whose other threads (the spinner ``pelican`` shows
    while it builds) may hold the console's lock at that moment, so a worker must never
    write to it. Whatever it would log instead aborts that file's preparation: the build
    process then prepares the file itself and logs what there is to log, in order.
    """

    def refuse(_logger: logging.Logger, record: logging.LogRecord) -> None:
        raise _LoggedInWorker(record.getMessage())

    logging.Logger.handle = refuse  # type: ignore[method-assign,assignment]
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_for(setting: int | None, files: int) -> int:
    """How many workers: as set (0: none), else one per CPU on multi-core Linux."""
    if not sys.platform.startswith("linux") or files < 1:
        return 0
    if setting is not None:
        return max(0, setting)
    cpus = available_cpus()
    if cpus < 2 or files < MIN_FILES:
        return 0
    return min(cpus, 8)


class ReadAhead:
    """Results of worker processes for `paths`, taken in any order by the reader."""

    def __init__(
        self, readers: Any, paths: list[str], workers: int, active: list[ReadAhead] | None = None
    ) -> None:
        global _READERS
        self.active = active if active is not None else []  # the session's list, or its own
        self.expected = set(paths)
        self.ready: dict[str, tuple[Stamp | None, Any]] = {}
        _READERS = readers
        try:
            self.pool: Any = multiprocessing.get_context("fork").Pool(workers, _start_worker)
        finally:
            _READERS = None  # the build process keeps no reference of its own
        # Files go by small batches (fewer messages), in Pelican's order; imap hands the
        # batches back in that order, each as soon as it is done.
        size = max(1, min(8, len(paths) // (workers * 16)))
        batches = [paths[i : i + size] for i in range(0, len(paths), size)]
        self.results: Any = self.pool.imap(_prepare, batches)

    def take(self, path: str) -> Any:
        """The prepared file, or None: then the reader prepares it itself."""
        if path not in self.expected:
            return None
        if not self.wait(path):
            return None
        self.expected.discard(path)
        stamp, prepared = self.ready.pop(path, (None, None))
        if not self.expected:
            self.close()
        if prepared is None or stamp is None or stamp != _stamp(path):
            return None
        return prepared

    def wait(self, path: str) -> bool:
        """Block until the workers are done with `path`; False if the read-ahead stopped."""
        while path not in self.ready:
            try:
                batch = self.results.next(RESULT_TIMEOUT)
            except StopIteration:
                break
            except Exception as error:  # a worker died or hangs: read the rest here
                logger.warning("pelican-fast: read-ahead stopped (%r); reading in order", error)
                self.close(terminate=True)
                return False
            for done, stamp, prepared in batch:
                self.ready[done] = (stamp, prepared)
        return True

    def close(self, terminate: bool = False) -> None:
        if self in self.active:
            self.active.remove(self)
        self.expected.clear()
        self.ready.clear()
        if terminate:
            self.pool.terminate()
        else:
            self.pool.close()
        self.pool.join()


def take(active: list[ReadAhead], path: str) -> Any:
    """A worker's result for the file at `path`, if a read-ahead of `active` prepared it."""
    for read_ahead in active:
        if path in read_ahead.expected:
            return read_ahead.take(path)
    return None


def start(
    generator: Any,
    paths_key: str,
    excludes_key: str,
    setting: int | None,
    active: list[ReadAhead],
    started: weakref.WeakSet[Any],
) -> None:
    """Prepare ahead the files `generator` is about to read (at its first read)."""
    if generator in started:
        return
    started.add(generator)
    readers = generator.readers
    todo: list[str] = []
    for relative in generator.get_files(
        generator.settings[paths_key], exclude=generator.settings[excludes_key]
    ):
        reader = readers.readers.get(relative.rsplit(".", 1)[-1])
        if not hasattr(reader, "prepare"):
            continue
        if generator.get_cached_data(relative, None) is not None:
            continue  # Pelican's generator-level cache has it: it will not be read
        path = os.path.abspath(os.path.join(generator.path, relative))
        if readers.get_cached_data(path, (None, None))[0] is not None:
            continue  # nor when the reader-level cache has it
        todo.append(path)
    workers = workers_for(setting, len(todo))
    if workers < 1:
        return
    active.append(ReadAhead(readers, todo, workers, active))


def stop_all(active: list[ReadAhead]) -> None:
    """End every read-ahead of `active` (the build is over, or stopped)."""
    for read_ahead in list(active):
        read_ahead.close(terminate=True)
