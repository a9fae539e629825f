"""The lint cache: every cached run reports exactly what a cold run (no cache) reports.

Each test changes a tree the way people do (edit, add, delete, rename a post, change
a setting or the rule selection, upgrade pelican-fast) and compares the cached run
with a ``--no-cache`` run of the same tree; others check that the cache is really
used (files are not linted again), and that a broken or foreign cache is ignored.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican_fast.app import lint as lint_module
from pelican_fast.app import lint_cache
from pelican_fast.app.lint import LintRequest, LintResult, lint
from pelican_fast.cli import main
from pelican_fast.core import version
from pelican_fast.links import engine
from tests.conftest import write_files

SITE_URL = "https://blog.example"
CONFIG = "title: t\nurl: https://blog.example\npermalink: /:year/:month/:day/:title/\n"


def post(day: int, slug: str, links: str = "") -> tuple[str, str]:
    name = f"_posts/2020-01-{day:02d}-{slug}.md"
    return name, f"---\ntitle: {slug}\n---\nHello {slug}.\n\n{links}\n"


def base_site(root: Path) -> None:
    files = dict(
        [
            post(1, "alpha", "[b]({% post_url 2020-01-02-beta %}) [www](www.a.fr)"),
            post(2, "beta", f"[a]({SITE_URL}/2020/01/01/alpha/) ![i](/img/chat.png)"),
            post(3, "gamma", "[b](/2020/01/02/beta/) [x](/2020/01/09/nope/) [d](delta)"),
            post(4, "delta", "[g]({% post_url 2020-01-03-gama %}) ![i](/img/Chat-1.PNG)"),
            post(5, "eps", "[mail](<mailto: a@b.fr>) [self](../../04/delta/)"),
        ]
    )
    files["_config.yml"] = CONFIG
    files["img/chat.png"] = b"png"
    files["a-propos.md"] = "---\ntitle: A\npermalink: /a-propos/\n---\n[g](/2020/01/03/gamma/)\n"
    write_files(root, files)


def run(root: Path, cache: bool = True, **options: object) -> LintResult:
    with contextlib.chdir(root):
        values: dict[str, object] = {"site_urls": [SITE_URL], "jobs": 1, **options}
        return lint(LintRequest(paths=["."], cache=cache, **values))  # type: ignore[arg-type]


def same_as_cold(root: Path, **options: object) -> LintResult:
    warm = run(root, **options)
    cold = run(root, cache=False, **options)
    assert warm.files == cold.files
    assert warm.summary == cold.summary
    return warm


@pytest.fixture
def site(tmp_path: Path) -> Path:
    base_site(tmp_path)
    return tmp_path


@pytest.fixture
def linted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files linted (not taken from the cache), in order."""
    seen: list[str] = []
    original = lint_module.lint_file

    def counting(job: lint_module.Job, target: lint_module.Target) -> lint_module.Outcome:
        seen.append(Path(target.path).name)
        return original(job, target)

    monkeypatch.setattr(lint_module, "lint_file", counting)
    return seen


def test_a_second_run_reuses_every_file_and_reports_the_same(site: Path, linted: list[str]) -> None:
    first = run(site)
    assert len(linted) == 6 and first.summary.errors >= 3
    linted.clear()
    assert same_as_cold(site).files == first.files
    assert len(linted) == 6  # the cold run only
    linted.clear()
    run(site)
    assert linted == []
    assert (site / ".pelican-fast-cache" / ".gitignore").read_text().endswith("*\n")


def test_the_index_pass_reads_no_front_matter_when_warm(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(site)
    from pelican_fast.app import lint_pool

    described: list[str] = []
    original = lint_pool._describe

    def counting(shared: object, item: tuple[str, str]) -> object:
        described.append(item[1])
        return original(shared, item)  # type: ignore[arg-type]

    monkeypatch.setattr(lint_pool, "_describe", counting)
    same_as_cold(site)
    described.clear()
    (site / "_posts" / "2020-01-03-gamma.md").write_text("---\ntitle: G\n---\nnew\n")
    run(site)
    assert described == ["_posts/2020-01-03-gamma.md"]


def test_editing_a_post_relints_that_post(site: Path, linted: list[str]) -> None:
    run(site)
    linted.clear()
    path = site / "_posts" / "2020-01-05-eps.md"
    path.write_text(path.read_text().replace("mailto: a", "mailto:a"))  # same index, same size-1
    same_as_cold(site)
    assert linted[0] == "2020-01-05-eps.md" and len(linted) == 1 + 6  # then the cold run


def test_renaming_a_post_relints_the_posts_that_link_to_it(site: Path, linted: list[str]) -> None:
    before = run(site)
    os.rename(site / "_posts/2020-01-02-beta.md", site / "_posts/2020-01-07-beta.md")
    linted.clear()
    after = run(site)
    # alpha's post_url and gamma's link to beta now break; delta's broken post_url asked
    # for posts named "gama" without their date (none before, none after); eps and the
    # page do not depend on beta; the renamed post is a new file.
    assert sorted(linted) == [
        "2020-01-01-alpha.md",
        "2020-01-03-gamma.md",
        "2020-01-07-beta.md",
    ]
    assert after.summary.errors > before.summary.errors
    linted.clear()
    same_as_cold(site)


@pytest.mark.parametrize("change", ["add", "delete", "rename", "retitle"])
def test_changes_to_the_site_are_seen(site: Path, change: str) -> None:
    run(site)
    posts = site / "_posts"
    if change == "add":
        write_files(site, dict([post(9, "nope", "[a](/2020/01/01/alpha/)")]))
    elif change == "delete":
        (posts / "2020-01-01-alpha.md").unlink()
    elif change == "rename":
        os.rename(posts / "2020-01-03-gamma.md", posts / "2020-01-03-gama.md")
    else:  # a permalink in the front matter moves the post, the file stays
        path = posts / "2020-01-02-beta.md"
        path.write_text(path.read_text().replace("title: beta", "title: beta\npermalink: /b/"))
    same_as_cold(site)
    (site / "img" / "Chat-1.PNG").write_bytes(b"png")  # a new file answers delta's image
    same_as_cold(site)


def test_settings_selection_and_version_are_part_of_the_key(
    site: Path, monkeypatch: pytest.MonkeyPatch, linted: list[str]
) -> None:
    run(site)
    same_as_cold(site, select=["PF4"])
    same_as_cold(site, ignore=["PF401"])
    same_as_cold(site, site_urls=[SITE_URL, "https://other.example"])
    (site / "pyproject.toml").write_text('[tool.pelican-fast]\nignore = ["PF403"]\n')
    same_as_cold(site)
    (site / "_config.yml").write_text(CONFIG.replace(":title/", ":title.html"))
    same_as_cold(site)
    run(site)
    linted.clear()
    monkeypatch.setattr(version, "__version__", "99.0")
    run(site)
    assert len(linted) == 6  # another version: nothing reused


def test_fix_never_reuses_a_fix_and_diff_writes_no_cache(site: Path) -> None:
    expected = site.parent / "expected"
    import shutil

    shutil.copytree(site, expected)
    run(site)
    cache = site / ".pelican-fast-cache" / "lint.bin"
    stamp = cache.stat().st_mtime_ns
    path = site / "_posts" / "2020-01-01-alpha.md"
    path.write_text(path.read_text().replace("[www](www.a.fr)", "[www](www.b.fr) [w](www.c.fr)"))
    (expected / "_posts" / "2020-01-01-alpha.md").write_text(path.read_text())
    diff = run(site, diff=True)
    assert cache.stat().st_mtime_ns == stamp
    assert diff.diffs == run(expected, cache=False, diff=True).diffs
    fixed = run(site, fix=True, unsafe_fixes=True)
    assert fixed.files == run(expected, cache=False, fix=True, unsafe_fixes=True).files
    assert path.read_text() == (expected / "_posts" / "2020-01-01-alpha.md").read_text()
    assert "https://www.c.fr" in path.read_text()
    same_as_cold(site)


def test_a_corrupt_or_foreign_cache_is_ignored_and_rebuilt(
    site: Path, monkeypatch: pytest.MonkeyPatch, linted: list[str]
) -> None:
    cache = site / ".pelican-fast-cache" / "lint.bin"
    run(site)
    good = cache.read_bytes()
    flipped = bytearray(good)
    flipped[-20] ^= 0xFF
    for broken in (b"", good[: len(good) // 2], bytes(flipped), b"\x00" * 100, good + b"x"):
        cache.write_bytes(broken)
        linted.clear()
        same_as_cold(site)
        assert len(linted) == 12  # the cache run and the cold run lint everything
        assert lint_cache._load(str(cache)) is not None  # rebuilt
    with monkeypatch.context() as patch:
        patch.setattr(version, "__version__", "0.0.1-other")
        run(site)
    linted.clear()
    run(site)
    assert len(linted) == 6


def test_a_cache_payload_of_the_wrong_shape_is_ignored(site: Path, linted: list[str]) -> None:
    """Even with a valid checksum (written by a buggy or hostile tool), a wrong shape is a
    miss: the file is linted again, the report is a cold run's."""
    import marshal

    run(site)
    folder = site / ".pelican-fast-cache"
    payload = lint_cache._load(str(folder / "lint.bin"))
    queries = payload[7]
    name = "_posts/2020-01-01-alpha.md"
    real = marshal.loads(payload[6][name])  # (mtime, size, trusted, hash, counts, found, ...)
    rows: list[object] = [(1, 2), b"\x00garbage", marshal.dumps((1, 2)), None]
    for found in (b"\x00garbage", (1, 2), ([("PF1",)], []), ((), ()), (real[5][0][:1], ())):
        rows.append(
            marshal.dumps((*real[:5], found, *real[6:]))
        )  # the file matches, not its findings
    rows.append(marshal.dumps((*real[:6], ("json only",), *real[7:])))
    for row in rows:
        for odd_queries in (queries, [("exists", 1)]):
            odd = (*payload[:6], {**payload[6], name: row}, odd_queries)
            lint_cache._write(str(folder), marshal.dumps(odd))
            linted.clear()
            run(site)  # the index unchanged: questions are not asked again
            assert "2020-01-01-alpha.md" in linted
            same_as_cold(site)
    for lint_table in ({"x": None}, [1]):
        lint_cache._write(str(folder), marshal.dumps((*payload[:6], lint_table, queries)))
        same_as_cold(site)
    lint_cache._write(str(folder), marshal.dumps((*payload[:3], {"a": 1}, *payload[4:])))
    same_as_cold(site)


def test_clean_removes_the_cache_and_no_cache_writes_none(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site)
    folder = site / ".pelican-fast-cache"
    assert main(["lint", "--no-cache", "--exit-zero", "."]) == 0
    assert not folder.exists()
    assert main(["lint", "--exit-zero", "."]) == 0
    assert (folder / "lint.bin").exists()
    capsys.readouterr()
    assert main(["clean", "."]) == 0
    assert not folder.exists() and "removed" in capsys.readouterr().out
    assert main(["clean", "."]) == 0
    mine = site / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    (site / "pyproject.toml").write_text('[tool.pelican-fast.lint]\ncache_dir = "mine"\n')
    assert main(["lint", "--exit-zero", "."]) == 0
    assert (mine / "lint.bin").exists() and not folder.exists()
    (mine / ".gitignore").write_text("not ours\n")
    assert main(["clean", "."]) == 2
    assert (mine / "notes.txt").read_text() == "keep"


def test_two_runs_at_once_leave_a_usable_cache(site: Path) -> None:
    command = [
        sys.executable,
        "-c",
        "import sys; from pelican_fast.cli import main; "
        f"sys.exit(main(['lint', '--exit-zero', '--site-url', '{SITE_URL}', '--jobs', '1', '.']))",
    ]
    for round_ in range(3):
        write_files(site, dict([post(10 + round_, f"new{round_}", "[a](/2020/01/01/alpha/)")]))
        processes = [
            subprocess.Popen(command, cwd=site, stdout=subprocess.DEVNULL) for _ in range(3)
        ]
        assert [p.wait(timeout=120) for p in processes] == [0, 0, 0]
        assert lint_cache._load(str(site / ".pelican-fast-cache" / "lint.bin")) is not None
        same_as_cold(site)
    assert not [p for p in (site / ".pelican-fast-cache").iterdir() if p.suffix == ".tmp"]


# -- any sequence of changes ------------------------------------------------------------

SLUGS = ["alpha", "beta", "gamma", "delta", "eps", "zeta"]
links = st.sampled_from(
    [
        "[a]({% post_url 2020-01-01-alpha %})",
        "[b]({% post_url 2020-01-02-beta %})",
        f"[g]({SITE_URL}/2020/01/03/gamma/)",
        "[d](/2020/01/04/delta/)",
        "[z](/2020/01/06/zeta/)",
        "[e](../../05/eps/)",
        "![i](/img/chat.png)",
        "![i](/img/Chat-1.png)",
        "[w](www.a.fr)",
        "[x](/2020/01/09/nope/)",
    ]
)
changes = st.one_of(
    st.tuples(st.just("edit"), st.sampled_from(SLUGS), st.lists(links, max_size=3)),
    st.tuples(st.just("add"), st.integers(1, 9), st.sampled_from(SLUGS)),
    st.tuples(st.just("delete"), st.sampled_from(SLUGS)),
    st.tuples(st.just("rename"), st.sampled_from(SLUGS), st.integers(1, 9)),
    st.tuples(st.just("select"), st.sampled_from([[], ["PF4"], ["PF1", "PF403"]])),
    st.tuples(st.just("version"), st.sampled_from(["0.1.0", "0.2.0"])),
    st.tuples(st.just("image"), st.booleans()),
)


@contextlib.contextmanager
def _version(value: str) -> Iterator[None]:
    original = version.__version__
    version.__version__ = value
    try:
        yield
    finally:
        version.__version__ = original


def _apply(root: Path, change: tuple, tick: int) -> None:
    posts = root / "_posts"
    existing = {p.name.split("-", 3)[3][:-3]: p for p in posts.iterdir()}
    kind = change[0]
    touched: Path | None = None
    if kind == "edit" and change[1] in existing:
        touched = existing[change[1]]
        touched.write_text(touched.read_text() + " ".join(change[2]) + "\n")
    elif kind == "add":
        name, text = post(change[1], SLUGS[(change[1] + len(existing)) % len(SLUGS)], "[l](/)")
        touched = root / name
        touched.write_text(text)
    elif kind == "delete" and change[1] in existing and len(existing) > 1:
        existing[change[1]].unlink()
    elif kind == "rename" and change[1] in existing:
        touched = posts / f"2020-01-{change[2]:02d}-{change[1]}.md"
        os.rename(existing[change[1]], touched)
    elif kind == "image":
        image = root / "img" / "Chat-1.png"
        if change[1]:
            image.write_bytes(b"png")
        elif image.exists():
            image.unlink()
    if touched is not None and touched.exists():
        # Old enough that its (mtime, size) is trusted: the fast path is what is tested.
        old = 1_000_000_000 + tick
        os.utime(touched, (old, old))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(changes, min_size=1, max_size=6))
def test_any_sequence_of_changes_reports_what_a_cold_run_does(sequence: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        base_site(root)
        for path in root.rglob("*"):
            os.utime(path, (1_000_000_000, 1_000_000_000))
        select: list[str] = []
        current = version.__version__
        run(root)
        for tick, change in enumerate(sequence, start=1):
            if change[0] == "select":
                select = change[1]
            elif change[0] == "version":
                current = change[1]
            else:
                _apply(root, change, tick)
            with _version(current):
                same_as_cold(root, select=select)


def test_the_recorder_answers_what_the_index_answers(site: Path) -> None:
    """The recorded questions are asked again of a new index: the answers must match."""
    result = run(site, cache=False)
    assert result.files
    from pelican_fast.app import lint_pool
    from pelican_fast.jekyll.config import build_site

    index, _ = lint_pool.site_index(
        str(site),
        build_site({"permalink": "/:year/:month/:day/:title/"}, {}, None),
        [SITE_URL],
        False,
        1,
    )
    recorder = lint_cache.Recorder(index)
    options = engine.LintOptions(site=index, origins=index.origins)
    recorded = engine.LintOptions(site=recorder, origins=index.origins)  # type: ignore[arg-type]
    for path in sorted((site / "_posts").iterdir()):
        text = path.read_text()
        assert (
            engine.lint_document(text, recorded).findings
            == engine.lint_document(text, options).findings
        )
    assert recorder.asked
    for (name, args), value in recorder.asked.items():
        assert lint_cache.answer(index, name, args) == value


def test_a_file_edited_in_the_same_clock_tick_is_seen(site: Path) -> None:
    """Same size, same mtime (a coarse clock, or a tool restoring it): a file modified
    moments before it was cached is checked by its hash, not by its (mtime, size)."""
    path = site / "_posts" / "2020-01-05-eps.md"
    run(site)
    before = path.stat()
    path.write_text(path.read_text().replace("mailto: a", "mailto:xa"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert "PF201" not in {f.code for name, f in run(site).findings if name.endswith("eps.md")}
    same_as_cold(site)


def test_worker_processes_write_the_same_cache(site: Path, linted: list[str]) -> None:
    run(site, jobs=2)  # recorded in worker processes
    linted.clear()
    same_as_cold(site)
    assert len(linted) == 6  # the cold run only: every file came from the cache


def test_every_question_of_the_site_rules_is_recorded_by_name(site: Path) -> None:
    """A question the recorder does not know makes the file depend on the whole index:
    each added post would then re-lint it. Links of every kind the site rules judge
    must be answered by named, recorded questions."""
    (site / "_posts" / "2020-01-06-all.md").write_text(
        "---\ntitle: all\n---\n"
        f"[a]({SITE_URL}/2020/01/09/nope/) [t](/tag/nope/) [c](/categories/x/) "
        "[p](/page2/) [y](/2020/) [f](/feed.xml) [i](/img/chat.PNG) [d](/img/) "
        "[l]({% link _posts/2020-01-09-nope.md %}) [u]({% post_url 2020-01-09-nope %}) "
        "[r](2020-01-01-alpha.md) [s](../alpha/) [w](https://www.blog.example/a-propos) "
        "[b]({{ site.baseurl }}/nope/) [x](/2020/01/01/alpha/#top)\n"
    )
    from pelican_fast.app import lint_pool
    from pelican_fast.jekyll.config import build_site

    jekyll = build_site({"permalink": "/:year/:month/:day/:title/"}, {}, None)
    index, _ = lint_pool.site_index(str(site), jekyll, [SITE_URL], False, 1)
    recorder = lint_cache.Recorder(index)
    recorded = engine.LintOptions(site=recorder, origins=index.origins)  # type: ignore[arg-type]
    found = []
    for path in sorted((site / "_posts").iterdir()):
        found += engine.lint_document(path.read_text(), recorded).findings
    assert {f.code for f in found} >= {"PF401", "PF404"}
    assert {name for name, _ in recorder.asked} >= {"exists", "post_named", "family"}
    assert ("*", ()) not in recorder.asked


def test_the_table_of_questions_does_not_grow_without_end(site: Path) -> None:
    """Answers no file refers to any more (links edited away, posts renamed) are
    dropped once they are half of the table; every run still reports as a cold one."""
    import marshal

    path = site / "_posts" / "2020-01-05-eps.md"
    for turn in range(12):
        links = " ".join(f"[x{turn}-{i}](/nope/{turn}/{i}/)" for i in range(8))
        path.write_text(f"---\ntitle: eps\n---\n{links}\n")
        if turn % 3 == 2:
            os.rename(site / "_posts" / "2020-01-04-delta.md", site / "_posts" / "2020-01-06-d.md")
            os.rename(site / "_posts" / "2020-01-06-d.md", site / "_posts" / "2020-01-04-delta.md")
        same_as_cold(site)
        payload = lint_cache._load(str(site / ".pelican-fast-cache" / "lint.bin"))
        referenced = {qid for row in payload[6].values() for qid in marshal.loads(row)[7]}
        assert len(payload[7]) <= 2 * len(referenced) + 8
