"""Write a repaired source back without ever losing what its author did meanwhile.

``lint --fix`` and ``check --fix`` read a file, work on it (seconds; minutes for
a check over HTTP), then write it back. In between, an editor may have saved the
file, a symlink may stand for it, it may be read-only on purpose, its folder may
not be writable. :func:`write_atomic` takes what the caller read and re-checks
it (size, mtime, content hash) just before the rename: a file that changed is
left alone and reported, never overwritten. Nothing here raises for a file
that cannot be written: the caller gets a :class:`WriteResult` to report, and
the run goes on.

The one window left is between the last check and ``os.replace`` (a few system
calls): closing it would need locks editors do not take.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class WriteStatus(StrEnum):
    WRITTEN = "written"
    CHANGED = "changed-since-read"  # edited, replaced or removed after it was read
    READ_ONLY = "read-only"  # no write permission for its owner: left alone on purpose
    UNWRITABLE = "unwritable"  # the folder or the file system refused the write


@dataclass(frozen=True)
class Snapshot:
    """What was read, for a caller that does not keep the bytes."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, data: bytes, mtime_ns: int) -> Snapshot:
        return cls(len(data), mtime_ns, hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class WriteResult:
    """What became of one write: reported as a finding unless ``written``."""

    status: WriteStatus
    path: str  # as given by the caller
    target: str  # the file actually written: a symlink's target
    message: str = ""

    @property
    def written(self) -> bool:
        return self.status is WriteStatus.WRITTEN


def read_bytes(path: str) -> tuple[bytes, Snapshot]:
    """The file's bytes and their snapshot (mtime taken from the same open file)."""
    with open(path, "rb") as handle:
        mtime_ns = os.fstat(handle.fileno()).st_mtime_ns
        data = handle.read()
    return data, Snapshot.of(data, mtime_ns)


def encode(text: str, bom: bool) -> bytes:
    """UTF-8, with the BOM the file had; line endings are those of ``text``."""
    return ("\ufeff" + text if bom else text).encode("utf-8")


def write_atomic(
    path: str,
    text: str,
    bom: bool,
    read: bytes | Snapshot,
    *,
    before_replace: Callable[[], None] | None = None,
) -> WriteResult:
    """Replace the file at ``path`` (through symlinks) with ``text``, unless it changed.

    ``read`` is what the caller read (its bytes, or their :class:`Snapshot`).
    The new content goes to a temporary file in the same folder, is synced,
    given the original's permissions, re-checked against ``read`` and renamed
    over the original. ``before_replace`` runs just before that last check
    (tests use it to play a concurrent edit).
    """
    target = os.path.realpath(path)

    def result(status: WriteStatus, message: str = "") -> WriteResult:
        return WriteResult(status, path, target, message)

    try:
        info = os.stat(target)
    except FileNotFoundError:
        return result(WriteStatus.CHANGED, "removed since it was read: fixes not written")
    except OSError as error:
        return result(WriteStatus.UNWRITABLE, f"cannot write: {_reason(error)}")
    if not stat.S_ISREG(info.st_mode):
        return result(WriteStatus.UNWRITABLE, "not a regular file: fixes not written")
    if not info.st_mode & stat.S_IWUSR or not os.access(target, os.W_OK):
        return result(WriteStatus.READ_ONLY, "read-only: fixes not written")
    changed = _changed(target, read)
    if changed:
        return result(WriteStatus.CHANGED, changed)
    folder = os.path.dirname(target)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".pelican-fast-", suffix=".tmp")
    except OSError as error:
        return result(
            WriteStatus.UNWRITABLE, f"folder {folder} not writable ({_reason(error)}): not written"
        )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(encode(text, bom))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(temporary, info.st_uid, info.st_gid)
        if before_replace is not None:
            before_replace()
        changed = _changed(target, read)
        if changed:
            _discard(temporary)
            return result(WriteStatus.CHANGED, changed)
        os.replace(temporary, target)
    except OSError as error:
        _discard(temporary)
        return result(WriteStatus.UNWRITABLE, f"cannot write: {_reason(error)}")
    except BaseException:
        _discard(temporary)
        raise
    _sync_folder(folder)
    return result(WriteStatus.WRITTEN)


def replace_file(path: str, data: bytes, mode: int = 0o644) -> None:
    """Create or replace the file at ``path`` itself, atomically; a symlink there is
    replaced, never followed (so a link planted at ``path`` cannot redirect the write).
    Raises OSError."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".pelican-fast-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        _discard(temporary)
        raise


def _changed(target: str, read: bytes | Snapshot) -> str:
    """Why the file is no longer what was read ("" when it is the same)."""
    why = "changed since it was read (edited meanwhile?): fixes not written, the edit is kept"
    try:
        with open(target, "rb") as handle:
            info = os.fstat(handle.fileno())
            if isinstance(read, Snapshot):
                if (info.st_size, info.st_mtime_ns) != (read.size, read.mtime_ns):
                    return why
                if hashlib.sha256(handle.read()).hexdigest() != read.sha256:
                    return why
            elif info.st_size != len(read) or handle.read() != read:
                return why
    except FileNotFoundError:
        return "removed since it was read: fixes not written"
    except OSError as error:
        return f"cannot be read again ({_reason(error)}): fixes not written"
    return ""


def _discard(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _sync_folder(folder: str) -> None:
    """Make the rename durable (best effort: not every system opens folders)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
