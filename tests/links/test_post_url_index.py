"""A broken {% post_url %} finds its candidates in an index, never by a scan of every post."""

from __future__ import annotations

from typing import Any

from pelican_fast.links.index import SiteIndex, name_stem
from pelican_fast.links.rules import site as internal

SOURCE = internal.Source("_posts/2020-01-01-x.md", "/2020/01/01/x.html")


class _NoScan(dict[str, Any]):
    """posts_by_name that may be looked up but not walked: a walk is per post, per link."""

    def _walked(self, *args: object) -> Any:
        raise AssertionError("every post was scanned to judge one link")

    items = values = keys = __iter__ = _walked


def _index(posts: int) -> SiteIndex:
    index = SiteIndex()
    for number in range(posts):
        name = f"2019-01-{number % 28 + 1:02d}-post-{number}"
        index.add_post(name, f"_posts/{name}.md", f"/2019/01/{number}/post-{number}.html")
    index.add_post("2020-02-02-faq", "_posts/2020-02-02-faq.md", "/2020/02/02/faq.html")
    index.add_post("2018-03-03-twice", "_posts/2018-03-03-twice.md", "/2018/03/03/twice.html")
    index.add_post("2019-03-03-twice", "_posts/2019-03-03-twice.md", "/2019/03/03/twice.html")
    index.posts_by_name = _NoScan(index.posts_by_name)
    return index


def test_a_unique_post_with_the_slug_is_offered_without_walking_the_posts() -> None:
    verdict = internal.check("{% post_url 2019-04-18-faq %}", _index(3000), SOURCE)
    assert verdict is not None and verdict.code == "PF404"
    assert verdict.replacement == "{% post_url 2020-02-02-faq %}"


def test_two_posts_with_the_slug_offer_nothing_and_none_is_none() -> None:
    index = _index(10)
    twice = internal.check("{% post_url 2017-01-01-twice %}", index, SOURCE)
    assert twice is not None and twice.code == "PF404" and twice.replacement is None
    missing = internal.check("{% post_url 2017-01-01-nowhere %}", index, SOURCE)
    assert missing is not None and missing.replacement is None
    assert internal.check("{% post_url 2020-02-02-faq %}", index, SOURCE) is None


def test_a_folder_before_the_name_and_an_undated_name() -> None:
    verdict = internal.check("{% post_url dinsic/2019-01-01-faq %}", _index(5), SOURCE)
    assert verdict is not None and verdict.replacement == "{% post_url 2020-02-02-faq %}"
    assert name_stem("faq") == "faq"
    assert name_stem("2019-1-2-2019-01-01-x") == "2019-01-01-x"  # one date only, as Jekyll
