"""The persistent lint cache: a file's findings are reused only when nothing they depend on changed.

What a file's findings depend on, and how each is checked:

- its bytes: a BLAKE2b hash; the (mtime, size) recorded when it was read is a fast
  pre-check, trusted only when the file was last modified at least ``RACY_NS`` before
  it was read (otherwise an edit within the same clock tick, same size, could hide);
- the code, the rule selection and every setting that reaches the rules: the
  *options key* (package version, selected codes, site origins, root, the Jekyll
  settings) — a different key discards every file's findings;
- the site index: while a file is linted, every question its links ask the index is
  recorded with a digest of the answer (:class:`Recorder`). On the next run, when
  the index changed at all, the questions are asked again of the new index: a file
  is linted again only if one of its answers differs. Adding, renaming or deleting
  a post thus re-checks the posts whose links it answers, and no other. A question
  the recorder does not know is answered by the digest of the whole index (exact,
  only coarser).

The index entries themselves (each file's front matter, read by the first pass)
are cached per file too, keyed by (mtime, size) and hash. A file's findings are kept
as the JSON and text lines the report prints (a warm run decodes none), each file's
record marshalled on its own (written back as the bytes read when unchanged, and
never walked by the garbage collector).

One file holds it all (``lint.bin``), written whole to a temporary file then
renamed over the old one, so a reader or a second run at once sees either the old
cache or the new, never a torn one; the last writer wins. Its payload is checked
against a CRC-32 and its format and version before use, and each record for its
shape: anything else (truncated, corrupt, another version of pelican-fast or of
Python) is ignored and rebuilt. The report a whole run printed is kept beside it
(``report.bin``, see lint_memo).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import shutil
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING, Any

from pelican_fast.app import report
from pelican_fast.core import version
from pelican_fast.jekyll.entry import IndexEntry
from pelican_fast.jekyll.extensions import MARKDOWN_EXTENSIONS
from pelican_fast.links.model import Applicability, Finding, Fix, Severity

if TYPE_CHECKING:  # the index is built (and imported) only when a file must be linted
    from pelican_fast.links.index import SiteIndex, SitePost

DIRNAME = ".pelican-fast-cache"
FILENAME = "lint.bin"
FORMAT = "pelican-fast-lint-cache/3"
MAGIC = b"PFLINTCACHE3\n"
GITIGNORE = "# Created by pelican-fast: the lint cache, safe to delete.\n*\n"
RACY_NS = 2_000_000_000  # a file modified this recently is checked by its hash
REWRITE_AFTER_REHASHING = 64  # files: see LintCache._rehashed
# Set by the command line, a short process: what the cache loads lives until it exits,
# and frozen out of the collector's reach it is not walked again (25 ms at 10,000 posts).
# Off in a long-lived process, where frozen objects would never be collected.
FREEZE_LOADED = False

Query = tuple[str, tuple[Any, ...]]  # (question, its arguments), marshal-able
Answered = tuple[str, tuple[Any, ...], bytes]  # with the digest of the answer


def digest(data: bytes | memoryview, size: int = 16) -> bytes:
    return hashlib.blake2b(data, digest_size=size).digest()


def _answer_digest(value: object) -> bytes:
    return digest(repr(value).encode("utf-8", "surrogatepass"), 8)


# -- the site index, questioned and recorded ---------------------------------------

# Questions whose answer depends only on what the options key already covers
# (baseurl, origins, permalink template): asked of the index as they are.
_GLOBAL = frozenset(
    {"baseurl", "origins", "template", "guess_permalink", "is_own", "strip_baseurl"}
)
_GLOBAL |= {"looks_like_post"}
# Questions recorded with their arguments.
_ASKED = (
    "exists",
    "post_named",
    "has_folder",
    "near_files",
    "posts_with_slug",
    "posts_with_stem",
    "family",
)

_WHOLE: list[tuple[SiteIndex, bytes, bytes]] = []  # (index, its digest, posts_by_name's)


def _whole(site: SiteIndex) -> tuple[bytes, bytes]:
    for known, whole, names in _WHOLE:
        if known is site:
            return whole, names
    state = [
        (f.name, _canonical(getattr(site, f.name)))
        for f in fields(site)
        if not f.name.startswith("_")
    ]
    whole = digest(repr(state).encode("utf-8", "surrogatepass"))
    names = _answer_digest(site.posts_by_name)
    _WHOLE[:] = [(site, whole, names)]
    return whole, names


def _canonical(value: object) -> object:
    """Sets in a repr that does not depend on the process's string hashing."""
    return sorted(value) if isinstance(value, (set, frozenset)) else value


def answer(site: SiteIndex, name: str, args: tuple[Any, ...]) -> bytes:
    """The digest of `site`'s answer to one recorded question."""
    if name in _ASKED:
        return _answer_digest(getattr(site, name)(*args))
    if name == "post_at":
        return _answer_digest(site.posts_by_path.get(args[0]))
    if name == "url_like":
        from pelican_fast.links.index import SitePost

        return _answer_digest(site.url_like(SitePost(*args[0]), args[1]))
    if name == "posts_by_name":
        return _whole(site)[1]
    return _whole(site)[0]  # "*": something the recorder does not know


class _PostsByPath:
    """``site.posts_by_path`` as the rules use it (``get``, ``in``), recorded."""

    def __init__(self, recorder: Recorder) -> None:
        self._recorder = recorder

    def get(self, key: str, default: Any = None) -> SitePost | None:
        found = self._recorder.site.posts_by_path.get(key)
        self._recorder.note("post_at", (key,), found)
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return self.get(str(key)) is not None


class Recorder:
    """A SiteIndex stand-in that records each question a file's links ask, and its answer."""

    def __init__(self, site: SiteIndex) -> None:
        self.site = site
        self.asked: dict[Query, bytes] = {}
        self.posts_by_path = _PostsByPath(self)
        # What the options key covers, asked of the index directly (without __getattr__).
        self.baseurl = site.baseurl
        self.origins = site.origins
        self.is_own = site.is_own
        self.strip_baseurl = site.strip_baseurl
        self.looks_like_post = site.looks_like_post

    def note(self, name: str, args: tuple[Any, ...], value: object) -> None:
        key = (name, args)
        if key not in self.asked:
            self.asked[key] = _answer_digest(value)

    def _ask(self, name: str, *args: Any) -> Any:
        value = getattr(self.site, name)(*args)
        self.note(name, args, value)
        return value

    def exists(self, path: str) -> bool:
        return bool(self._ask("exists", path))

    def post_named(self, target: str) -> list[SitePost]:
        return list(self._ask("post_named", target))

    def has_folder(self, path: str) -> bool:
        return bool(self._ask("has_folder", path))

    def near_files(self, path: str) -> list[str]:
        return list(self._ask("near_files", path))

    def posts_with_slug(self, path: str) -> list[SitePost]:
        return list(self._ask("posts_with_slug", path))

    def posts_with_stem(self, stem: str) -> list[SitePost]:
        return list(self._ask("posts_with_stem", stem))

    def family(self, path: str) -> str | None:
        value = self._ask("family", path)
        return None if value is None else str(value)

    def url_like(self, post: SitePost, written: str) -> str | None:
        value = self.site.url_like(post, written)
        self.note("url_like", ((post.name, post.relative_path, post.url), written), value)
        return value

    @property
    def posts_by_name(self) -> dict[str, list[SitePost]]:
        self.asked.setdefault(("posts_by_name", ()), _whole(self.site)[1])
        return self.site.posts_by_name

    def __getattr__(self, name: str) -> Any:
        if name not in _GLOBAL:  # unknown to the recorder: depend on the whole index
            self.asked.setdefault(("*", ()), _whole(self.site)[0])
        return getattr(self.site, name)

    def answers(self) -> list[Answered]:
        return [(name, args, value) for (name, args), value in self.asked.items()]


# -- records -------------------------------------------------------------------------


@dataclass
class Record:
    """What a worker sends back with a linted file, for the cache (findings travel apart)."""

    relative: str
    mtime_ns: int
    size: int
    trusted: bool
    hash: bytes
    answers: list[Answered]


# Records are stored as tuples of every dataclass field, in declaration order: a field
# added later is stored too (a value marshal cannot write leaves the cache unwritten).
_FINDING_FIELDS = tuple(f.name for f in fields(Finding))
_FIX_AT = _FINDING_FIELDS.index("fix")
_FIX_FIELDS = tuple(f.name for f in fields(Fix))
_ENTRY_FIELDS = tuple(f.name for f in fields(IndexEntry))


_SEVERITY_AT = _FINDING_FIELDS.index("severity")
_APPLICABILITY_AT = _FIX_FIELDS.index("applicability")


def _plain(value: Any) -> Any:
    """What marshal can write: an enum member (a str subclass) as its str value."""
    return value.value if isinstance(value, Enum) else value


def encode_finding(finding: Finding) -> tuple[Any, ...]:
    values = [_plain(getattr(finding, name)) for name in _FINDING_FIELDS]
    fix = finding.fix
    values[_FIX_AT] = None if fix is None else tuple(_plain(getattr(fix, n)) for n in _FIX_FIELDS)
    return tuple(values)


# A warm run rebuilds every finding it reports: filling the instance's __dict__ costs a
# fifth of a frozen dataclass's __init__ (one object.__setattr__ per field).
_PLAIN_FINDING = "__slots__" not in Finding.__dict__ and not hasattr(Finding, "__post_init__")


def decode_finding(values: Sequence[Any]) -> Finding:
    if len(values) != len(_FINDING_FIELDS):
        raise ValueError("not a finding of this version")
    values = list(values)
    values[_SEVERITY_AT] = Severity(values[_SEVERITY_AT])
    fix = values[_FIX_AT]
    if fix is not None:
        fix = list(fix)
        fix[_APPLICABILITY_AT] = Applicability(fix[_APPLICABILITY_AT])
        values[_FIX_AT] = Fix(*fix)
    if not _PLAIN_FINDING:
        return Finding(*values)
    finding = object.__new__(Finding)
    finding.__dict__.update(zip(_FINDING_FIELDS, values, strict=True))
    return finding


def encode_entry(entry: IndexEntry | None) -> tuple[Any, ...] | None:
    if entry is None:
        return None
    return tuple(getattr(entry, name) for name in _ENTRY_FIELDS)


def decode_entry(values: Sequence[Any] | None) -> IndexEntry | None:
    if values is None:
        return None
    if len(values) != len(_ENTRY_FIELDS):
        raise ValueError("not an index entry of this version")
    return IndexEntry(*values)


_CONTENT = (*MARKDOWN_EXTENSIONS, ".html", ".htm")
# What a file adds to the index: its entry (encoded) and its front matter's (key, image).
Stored = tuple[tuple[Any, ...] | None, tuple[bytes, str | None] | None]


def stored(row: Stored | bytes) -> Stored:
    """An index row as the cache keeps it (marshalled: one object, not tracked by the
    garbage collector, decoded only when the index is built), or as computed."""
    if isinstance(row, bytes):
        entry, front = marshal.loads(row)
        return entry, None if front is None else (front[0], front[1])
    return row


def _row(kept: bytes | tuple[Any, ...]) -> tuple[Any, ...]:
    """A file's lint record: kept marshalled (a save writes an unchanged record as the
    bytes it read, and the garbage collector does not track bytes), or as made."""
    row = marshal.loads(kept) if isinstance(kept, bytes) else kept
    if not isinstance(row, tuple) or len(row) != 8:
        raise ValueError("not a lint record of this version")
    return row


def _stored_findings(
    shown: str, counts: report.Counts, found: Sequence[Any], fragments: Sequence[Sequence[str]]
) -> report.FileFindings:
    """A file's findings as the cache keeps them: printed from the kept fragments,
    decoded into findings only when asked for. Any inconsistency is a miss."""
    json, text = fragments  # report.CACHED_FRAGMENTS
    total = counts[0] + counts[1] + counts[2]
    rows, snippets = found if found else ((), ())
    if not len(rows) == len(snippets) == len(json) == len(text) == total:
        raise ValueError("not a record of this version")
    return report.FileFindings(
        shown,
        "",
        decode=partial(_decode_findings, rows, snippets) if rows else None,
        counts=counts,
        fragments={"json": json, "text": text},
    )


def _decode_findings(
    rows: Sequence[Sequence[Any]], snippets: Sequence[Sequence[Any]]
) -> tuple[list[Finding], list[report.Snippet]]:
    return [decode_finding(row) for row in rows], [(s[0], s[1], s[2]) for s in snippets]


# -- the cache -------------------------------------------------------------------------


def _key(*parts: object) -> bytes:
    code = (FORMAT, version.__version__, _code_stamp())
    return digest(repr((*code, *parts)).encode("utf-8", "surrogatepass"))


_STAMP: list[bytes] = []


def _code_stamp() -> bytes:
    """The package's own files, by (name, mtime, size): an edited checkout between two
    releases (the version unchanged) must not reuse findings of the old code."""
    if not _STAMP:
        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        seen = []
        for folder, dirs, names in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith(".py"):
                    stat = stat_of(os.path.join(folder, name))
                    if stat is not None:
                        seen.append((folder[len(package) :], name, *stat))
        _STAMP.append(digest(repr(seen).encode("utf-8", "surrogatepass")))
    return _STAMP[0]


def _reads(relative: str) -> bool:
    """Whether the index entry of this file depends on its content (see tree.describe):
    other files add their path only."""
    return relative.lower().endswith(_CONTENT)


def stat_of(path: str) -> tuple[int, int] | None:
    """(mtime_ns, size) of the file at `path`, the cache's fast pre-check (None: gone)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _hash_file(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return digest(handle.read())
    except OSError:
        return None


@dataclass
class LintCache:
    """The cache of one lint run: what it loaded, and what it will write."""

    folder: str
    site_key: bytes
    started: int = field(default_factory=time.time_ns)
    old_index: dict[str, Any] = field(default_factory=dict)
    new_index: dict[str, Any] = field(default_factory=dict)
    old_lint: dict[str, Any] = field(default_factory=dict)
    new_lint: dict[str, Any] = field(default_factory=dict)
    old_queries: list[Answered] = field(default_factory=list)
    old_options: bytes = b""
    old_index_digest: bytes = b""
    options_key: bytes = b""
    index_digest: bytes = b""
    dirty: bool = False
    # (mtime_ns, size) of the files the index pass looked at: the lint pass needs no stat.
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)
    _replayed: dict[int, bool] = field(default_factory=dict)
    rehashed: int = 0  # files found unchanged by their hash (see _rehashed)
    _referenced: set[int] = field(default_factory=set)  # questions of the rows kept
    entries_changed: bool = False  # an index entry was added or differs from the cached one
    index_order: list[str] | None = None  # the walk order, when it differs from the cache's
    _site: Callable[[], SiteIndex | None] | None = None

    @property
    def path(self) -> str:
        return os.path.join(self.folder, FILENAME)

    @classmethod
    def open(
        cls, folder: str, site: object, root: str, origins: Iterable[str], guess: bool
    ) -> LintCache:
        """The cache in `folder` for this site (empty when missing, foreign or corrupt)."""
        cache = cls(folder, _key(repr(site), root, sorted(origins), guess))
        payload = _load(cache.path)
        if payload is None:
            cache.dirty = True
            return cache
        try:
            (_, _, site_key, index, options, index_digest, lint, queries) = payload
            if site_key == cache.site_key and isinstance(index, dict):
                cache.old_index = index
                if isinstance(lint, dict) and _queries(queries):
                    cache.old_lint, cache.old_queries = lint, queries
                    cache.old_options, cache.old_index_digest = options, index_digest
            else:
                cache.dirty = True
        except (TypeError, ValueError):
            cache.dirty = True
        return cache

    def trusted(self, mtime_ns: int) -> bool:
        return mtime_ns < self.started - RACY_NS

    def _rehashed(self) -> None:
        """A file whose (mtime, size) could not be trusted was found unchanged by its hash.

        Its newer stat is worth writing the whole cache for only when many are: after a
        ``git checkout`` every file is, while a post edited moments before the last run
        is one hash at each run (cheaper than rewriting the cache).
        """
        self.rehashed += 1
        if self.rehashed > REWRITE_AFTER_REHASHING:
            self.dirty = True

    # -- the index pass ---------------------------------------------------------
    def entries(self, items: Sequence[tuple[str, str]]) -> dict[str, bytes]:
        """The files of `items` whose index entry is known and still valid (see `stored`),
        judged by the (mtime, size) in `stats` (taken by the caller, before any read)."""
        known: dict[str, bytes] = {}
        old_index = self.old_index
        stats = self.stats
        new_index = self.new_index
        trusted_before = self.started - RACY_NS
        for path, relative in items:
            old = old_index.get(relative)
            now = stats.get(relative)
            if old is None or now is None:
                continue
            try:
                mtime_ns, size, trusted, hashed, blob = old
                if not (trusted and now == (mtime_ns, size)) and _reads(relative):
                    if not hashed or _hash_file(path) != hashed:
                        continue
                    old = (*now, now[0] < trusted_before, hashed, blob)
                    self._rehashed()
                known[relative] = blob
            except (TypeError, ValueError):
                continue
            new_index[relative] = old
        return known

    def stat_before(self, path: str, relative: str) -> tuple[int, int] | None:
        """The stat the caller took before any file was read, else one now."""
        return self.stats.get(relative) or stat_of(path)

    def remember_entries(
        self, described: Iterable[tuple[tuple[str, str], tuple[int, int] | None, Stored]]
    ) -> None:
        """Entries computed this run (encoded), with the stat taken before each file was read."""
        for (path, relative), stat, row in described:
            self.dirty = True
            old = self.old_index.get(relative)
            if old is None or stored(old[4]) != row:
                self.entries_changed = True
            if stat is None:
                continue
            self.stats[relative] = stat
            trusted = self.trusted(stat[0])
            # Modified in the last seconds: its (mtime, size) will not be trusted next
            # time, so keep its hash (read again, only for these files).
            hashed = b"" if trusted or not _reads(relative) else _hash_file(path) or b""
            blob = marshal.dumps(row)
            self.new_index[relative] = (*stat, trusted, hashed, blob)

    def entries_digest(self, order: list[str], made: Callable[[], bytes]) -> bytes:
        """The digest of the index entries of the files `order` (in walk order): the
        one the cache holds when no file was added, removed or described differently,
        else `made()`. Equal entries marshalled differently only cost a replay."""
        self.index_order = order
        if not self.entries_changed and self.old_index_digest and list(self.old_index) == order:
            return self.old_index_digest
        return made()

    # -- the lint pass ----------------------------------------------------------
    def begin_lint(
        self, options_key: bytes, index_digest: bytes, site: Callable[[], SiteIndex | None]
    ) -> None:
        """Before the lint pass: the options key, the digest of the index entries
        (:func:`entries_digest`), and how to get the index (built only if needed)."""
        self.options_key = options_key
        self._site = site
        self.index_digest = index_digest
        if options_key != self.old_options:
            self.old_lint, self.old_queries = {}, []
            self.dirty = True

    def _still(self, qid: int) -> bool:
        if self.index_digest == self.old_index_digest:
            return True
        known = self._replayed.get(qid)
        if known is None:
            site = self._site() if self._site is not None else None
            assert site is not None
            name, args, value = self.old_queries[qid]
            known = answer(site, name, tuple(args)) == value
            self._replayed[qid] = known
        return known

    def lookup(
        self, path: str, relative: str, shown: str, fixing: bool, unsafe: bool
    ) -> report.FileFindings | None:
        """The findings of the file at `path` if still valid, as `shown` reports them."""
        kept = self.old_lint.get(relative)
        if kept is None:
            return None
        try:
            old = row = _row(kept)
            mtime_ns, size, trusted, hashed, counts, found, fragments, qids = old
            now = self.stats.get(relative) or stat_of(path)
            if now is None:
                return None
            if not (trusted and now == (mtime_ns, size)):
                if _hash_file(path) != hashed:
                    return None
                old = (*now, self.trusted(now[0]), *old[3:])
                self._rehashed()
            if self.index_digest != self.old_index_digest and not all(map(self._still, qids)):
                return None
            self._referenced.update(qids)
            if fixing and counts[3] + (counts[4] if unsafe else 0):
                return None  # fixes are computed from the file's current text, never reused
            result = _stored_findings(shown, counts, found, fragments)
        except (TypeError, ValueError, IndexError, KeyError, EOFError):
            return None
        self.new_lint[relative] = kept if old is row else old  # the bytes read, if unchanged
        return result

    def remember(self, record: Record, result: report.FileFindings) -> None:
        self.dirty = True
        found: tuple[Any, ...] = ()
        fragments: tuple[tuple[str, ...], ...] = ((),) * len(report.CACHED_FRAGMENTS)
        if len(result):
            # A warm run prints the fragments without decoding the findings.
            found = ([encode_finding(f) for f in result.findings], result.snippets)
            fragments = tuple(tuple(result.fragments(v)) for v in report.CACHED_FRAGMENTS)
        self.new_lint[record.relative] = (
            record.mtime_ns,
            record.size,
            record.trusted,
            record.hash,
            result.counts,
            found,
            fragments,
            record.answers,  # interned into the query table by save()
        )

    # -- writing -------------------------------------------------------------------
    def _interned(self) -> tuple[list[Answered], dict[str, Any]]:
        """The query table made anew from the rows kept: each question once, with its
        answer. A reused row's questions were answered the same by the new index."""
        table: dict[tuple[str, tuple[Any, ...]], int] = {}
        queries: list[Answered] = []
        lint: dict[str, Any] = {}
        for relative, kept in self.new_lint.items():
            old = _row(kept)
            qids = []
            for item in old[7]:
                if isinstance(item, int):  # from the old table: its answer was checked
                    name, args, value = self.old_queries[item]
                else:
                    name, args, value = item
                key = (name, tuple(args))
                qid = table.get(key)
                if qid is None:
                    qid = table[key] = len(queries)
                    queries.append((name, tuple(args), value))
                qids.append(qid)
            lint[relative] = marshal.dumps((*old[:7], qids))
        return queries, lint

    def _appended(self) -> tuple[list[Answered], dict[str, Any]]:
        """The old query table with the questions of the files linted now added.

        A row kept from the cache refers to answers that still hold (checked against
        the new index when it changed); an answer that changed stays in the table,
        referred to by no row, and a new answer is matched with its value, so never
        with such a stale one. A run with one post edited or renamed rewrites no row
        but those of the files it linted."""
        queries = list(self.old_queries)
        table: dict[tuple[str, tuple[Any, ...], bytes], int] | None = None
        lint: dict[str, Any] = {}
        for relative, row in self.new_lint.items():
            if isinstance(row, bytes):  # kept as it was: its questions are in the table
                lint[relative] = row
                continue
            items = row[7]
            if all(isinstance(item, int) for item in items):
                lint[relative] = marshal.dumps(row)
                continue
            if table is None:
                table = {(n, tuple(a), v): qid for qid, (n, a, v) in enumerate(queries)}
            qids = []
            for name, args, value in items:
                key = (name, tuple(args), value)
                qid = table.get(key)
                if qid is None:
                    qid = table[key] = len(queries)
                    queries.append(key)
                qids.append(qid)
            lint[relative] = marshal.dumps((*row[:7], qids))
        return queries, lint

    def save(self) -> None:
        """Write the cache (atomically) when anything in it changed; never raises OSError."""
        if not self.dirty and self.index_digest == self.old_index_digest:
            return
        # Rows kept as they were keep their place in the old table (no decoding, no
        # re-encoding), new questions are added; the table is made anew once more than
        # half of it is answers no row refers to any more.
        fresh = sum(1 for row in self.new_lint.values() if not isinstance(row, bytes))
        if self.old_queries and len(self.old_queries) <= 2 * (len(self._referenced) + fresh):
            queries, lint = self._appended()
        else:
            queries, lint = self._interned()
        index = self.new_index
        order = self.index_order
        if order is not None and list(index) != order:
            index = {relative: index[relative] for relative in order if relative in index}
        payload = (
            FORMAT,
            version.__version__,
            self.site_key,
            index,
            self.options_key,
            self.index_digest,
            lint,
            queries,
        )
        # A cache that cannot be written is only a slower next run.
        with contextlib.suppress(OSError, ValueError):
            _write(self.folder, marshal.dumps(payload))


def _queries(table: object) -> bool:
    """Whether `table` is a table of recorded questions: (name, arguments, answer)."""
    return isinstance(table, list) and all(
        isinstance(query, tuple)
        and len(query) == 3
        and isinstance(query[0], str)
        and isinstance(query[1], tuple)
        and isinstance(query[2], bytes)
        for query in table
    )


def header() -> bytes:
    return MAGIC + f"{FORMAT} {version.__version__} {sys.implementation.cache_tag}\n".encode()


def checksum(body: bytes | memoryview) -> bytes:
    """Against a torn or corrupted file, not against an adversary: the cache holds no
    code (marshal, not pickle), and whoever can write it can write the posts. CRC-32
    reads 17 MB in 6 ms where BLAKE2b takes 24."""
    return zlib.crc32(body).to_bytes(4, "big")


def _load_marshalled(path: str) -> Any:
    """What `_write` wrote at `path` (header, checksum, marshalled body): None when
    missing, torn, corrupt, or written by another format, version of pelican-fast or
    of Python."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    head = header()
    if not data.startswith(head) or len(data) < len(head) + 4:
        return None
    view = memoryview(data)  # no copy of a cache of many megabytes
    check, body = data[len(head) : len(head) + 4], view[len(head) + 4 :]
    if checksum(body) != check:
        return None
    # Tens of thousands of tuples, without cycles: the garbage collector would walk
    # the growing heap again and again while they are made.
    enabled = gc.isenabled()
    gc.disable()
    try:
        payload = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None
    finally:
        if enabled:
            gc.enable()
    if FREEZE_LOADED:
        gc.freeze()
    return payload


def _load(path: str) -> Any:
    payload = _load_marshalled(path)
    if (
        not isinstance(payload, tuple)
        or len(payload) != 8
        or payload[:2] != (FORMAT, version.__version__)
    ):
        return None
    return payload


def write_atomic(folder: str, name: str, parts: Sequence[bytes]) -> None:
    """Write the header then `parts` as `folder/name`, atomically (a temporary file
    renamed over it); the folder is made, with its .gitignore, if need be."""
    os.makedirs(folder, exist_ok=True)
    ignore = os.path.join(folder, ".gitignore")
    if not os.path.exists(ignore):
        with open(ignore, "w", encoding="utf-8") as handle:
            handle.write(GITIGNORE)
    descriptor, temporary = tempfile.mkstemp(prefix=".lint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(header())
            for part in parts:
                handle.write(part)
        os.replace(temporary, os.path.join(folder, name))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write(folder: str, body: bytes) -> None:
    write_atomic(folder, FILENAME, [checksum(body), body])


def is_cache(folder: str) -> bool:
    """Whether `folder` is a cache pelican-fast made (`clean` removes nothing else)."""
    try:
        with open(os.path.join(folder, ".gitignore"), encoding="utf-8") as handle:
            return handle.read() == GITIGNORE
    except OSError:
        return False


def remove(folder: str) -> bool:
    """Delete the cache in `folder`; False when there is none (or it is not ours)."""
    if not os.path.isdir(folder) or not is_cache(folder):
        return False
    shutil.rmtree(folder)
    return True


def options_key(site_key: bytes, *parts: object) -> bytes:
    return _key(site_key, *parts)
