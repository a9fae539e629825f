"""Every rule: a case it reports, a case it leaves alone, and what its fix writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelican_fast.links.model import SAFE, UNSAFE
from pelican_fast.links.rules import BY_CODE, EXTERNAL_PREFIX, RULES, Selection, unknown_codes
from tests.links.helpers import codes, fixed, lint, make_site

SITE_RULES = {"PF401", "PF402", "PF403", "PF404"}
FILE_RULES = {"PF001", "PF002", "PF003", "PF004"}  # reported by the command, tested there
# PF9xx are found over HTTP by `pelican-fast check` (tests/test_check_command.py).
HTTP_RULES = {r.code for r in RULES if r.code.startswith(EXTERNAL_PREFIX)}


@pytest.fixture
def site(tmp_path: Path):
    return make_site(
        tmp_path,
        {
            "_posts/2019-04-19-faq.md": "---\ntitle: FAQ\ncategories: [dinsic, fast]\n---\nx\n",
            "_posts/2019-10-01-appel.md": "---\ntitle: A\ndate: 2019-10-02\n---\nx\n",
            "_posts/2020-01-01-x.md": "---\ntitle: X\n---\nx\n",
            "img/posts/affiche.jpg": b"jpg",
            "img/posts/photo.png": b"png",
            "docs/guide.pdf": b"pdf",
        },
    )


def catalogue_cases():
    return [r for r in RULES if r.code not in SITE_RULES | FILE_RULES | HTTP_RULES]


@pytest.mark.parametrize("rule", catalogue_cases(), ids=lambda r: r.code)
def test_documented_example_is_reported(rule) -> None:
    assert rule.code in codes(rule.bad + "\n")


@pytest.mark.parametrize("rule", [r for r in catalogue_cases() if r.good], ids=lambda r: r.code)
def test_documented_fix_writes_the_documented_result(rule) -> None:
    assert fixed(rule.bad + "\n") == rule.good + "\n"
    assert rule.code not in codes(rule.good + "\n")


@pytest.mark.parametrize("rule", catalogue_cases(), ids=lambda r: r.code)
def test_fix_safety_matches_the_catalogue(rule) -> None:
    findings = [f for f in lint(rule.bad + "\n") if f.code == rule.code]
    for finding in findings:
        if rule.fix is None:
            assert finding.fix is None
        elif rule.fix == UNSAFE and finding.fix is not None:
            assert finding.fix.applicability == UNSAFE


@pytest.mark.parametrize("rule", [r for r in RULES if r.code in SITE_RULES], ids=lambda r: r.code)
def test_site_rule_documented_example(rule, site) -> None:
    bad = rule.bad.replace("blog.beta.gouv.fr", "blog.example").replace(
        "Affiche-1.JPG", "Affiche-1.JPG"
    )
    assert rule.code in [f.code for f in lint(bad + "\n", site, select=("ALL",))]


# (markdown, rule code, expected text after --fix --unsafe-fixes, or None when not fixable)
POSITIVE = [
    ("[a](<(https://x.fr/a>)", "PF101", "[a](https://x.fr/a)"),
    ("[a]((https://x.fr))", "PF101", "[a](https://x.fr)"),
    ("[a](https://x.fr>)", "PF101", "[a](https://x.fr)"),
    ("[a](<1. https://x.fr>)", "PF101", "[a](https://x.fr)"),
    ("[a](“https://x.fr”)", "PF101", "[a](https://x.fr)"),
    ('<a href="<https://x.fr>">a</a>', "PF101", '<a href="https://x.fr">a</a>'),
    ("[a] (https://x.fr)", "PF102", "[a](https://x.fr)"),
    ("[a]  (mailto:a@b.fr)", "PF102", "[a](mailto:a@b.fr)"),
    ("(a)[https://x.fr]", "PF103", "[a](https://x.fr)"),
    ("[a](https://x.fr et b", "PF104", "[a](https://x.fr) et b"),
    ("![a](/img/a b.png)", "PF105", None),
    ("[a](https://x.fr et la suite)", "PF106", "[a](https://x.fr) et la suite)"),
    ("[a](*https://x.fr*)", "PF107", "[a](https://x.fr)"),
    ("[a](_a@b.fr_)", "PF107", "[a](mailto:a@b.fr)"),
    ('<a href=\\"https://x.fr\\">a</a>', "PF108", '<a href="https://x.fr">a</a>'),
    ("<img src=”/i.png” alt=x>", "PF108", '<img src="/i.png" alt=x>'),
    ("[a][nope]", "PF109", None),
    ("<div>\n[a](https://x.fr)\n</div>", "PF110", None),
    ("[a](mailto:  a@b.fr)", "PF201", "[a](mailto:a@b.fr)"),
    ("[a](mailto:%20a@b.fr)", "PF201", "[a](mailto:a@b.fr)"),
    ("[a](https:// x.fr)", "PF201", "[a](https://x.fr)"),
    ("[a](a.b@c.gouv.fr)", "PF202", "[a](mailto:a.b@c.gouv.fr)"),
    ("[a](mailto;a@b.fr)", "PF202", "[a](mailto:a@b.fr)"),
    ("[a](maito:a@b.fr)", "PF202", "[a](mailto:a@b.fr)"),
    ('<a href="a@b.fr">a</a>', "PF202", '<a href="mailto:a@b.fr">a</a>'),
    ("[a](pix.fr)", "PF203", "[a](https://pix.fr)"),
    ("[a](beta.gouv.fr/startups/)", "PF203", "[a](https://beta.gouv.fr/startups/)"),
    ("[http://www.x.org](www.x.org)", "PF203", "[http://www.x.org](http://www.x.org)"),
    ("<www.pix.fr>", "PF203", "<https://www.pix.fr>"),
    ("[a](https://mes-aides)", "PF204", None),
    ("[a](http://https://x.fr)", "PF205", "[a](https://x.fr)"),
    ("[a](https://http//x.fr)", "PF205", "[a](http://x.fr)"),
    ("[a](http://mailto:a@b.fr)", "PF205", "[a](mailto:a@b.fr)"),
    ("[a](https:/x.fr)", "PF206", "[a](https://x.fr)"),
    ("[a](http:///x.fr)", "PF206", "[a](http://x.fr)"),
    ("[a](htpps://x.fr)", "PF206", "[a](https://x.fr)"),
    (
        "[a](https://l.facebook.com/l.php?u=https%3A%2F%2Fx.fr%2Fp&h=AT0)",
        "PF207",
        "[a](https://x.fr/p)",
    ),
    (
        "[a](https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fx.fr%2F&data=1)",
        "PF207",
        "[a](https://x.fr/)",
    ),
    ("[a](https://slack-redir.net/link?url=https%3A%2F%2Fx.fr)", "PF207", "[a](https://x.fr)"),
    (
        '<iframe src="https://youtu.be/dQw4w9WgXcQ"></iframe>',
        "PF208",
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
    ),
    ("voir www.x.org, merci", "PF209", "voir [www.x.org](https://www.x.org), merci"),
    ("[a](http://localhost:4000/2019/01/01/x/)", "PF210", None),
    ("[a](C:\\Users\\m\\doc.pdf)", "PF210", None),
    ("[a](<>)", "PF301", None),
    ("[https://x.fr/a]()", "PF301", "[https://x.fr/a](https://x.fr/a)"),
    ('<a href="">a</a>', "PF301", None),
    ("[![]()](https://x.fr)", "PF303", None),
    ('<img src="">', "PF303", None),
    ("![](/i.png)", "PF304", None),
    ('<img src="/i.png">', "PF304", None),
    ("[a](#)", "PF305", None),
    ("[a](https://)", "PF305", None),
    ('<img src="https://media.licdn.com/dms/image/x" alt="x">', "PF501", None),
    ("[a](https://x.fr/?fbclid=abc)", "PF502", None),
    (
        "[a](https://x.fr/) [b](http://www.x.fr/b)",
        "PF503",
        "[a](https://x.fr/) [b](https://www.x.fr/b)",
    ),
]

NEGATIVE = [
    ("[a](https://fr.wikipedia.org/wiki/Foo_(bar))", "PF101"),
    ("[a](<https://x.fr/a b>)", "PF101"),
    ("[a](./page/)", "PF101"),
    ("[1] (voir plus bas)", "PF102"),
    ("[sic] (https://x.fr et ailleurs)", "PF102"),
    ("(voir)[plus loin]", "PF103"),
    ("[a](https://x.fr) (b)", "PF104"),
    ('[a](https://x.fr "titre")', "PF105"),
    ('[a](https://x.fr/page "un titre")', "PF106"),
    ("[a](https://x.fr/a_b_)", "PF107"),
    ('<a href="https://x.fr">a</a>', "PF108"),
    ("[a][1]\n\n[1]: https://x.fr", "PF109"),
    ('<div markdown="1">\n[a](https://x.fr)\n</div>', "PF110"),
    ('<div>\n<img src="/i.png" alt="[a](b)">\n</div>', "PF110"),
    ("[a](mailto:a@b.fr)", "PF201"),
    ("[a](mailto:a@b.fr)", "PF202"),
    ("[a](index.html)", "PF203"),
    ("[a](photo.png)", "PF203"),
    ("[a](fichier.md)", "PF203"),
    ("[a](https://localhost)", "PF204"),
    ("[a](https://x.fr/https://y.fr)", "PF205"),
    ("[a](https://x.fr)", "PF206"),
    ("[a](https://www.google.com/search?q=x)", "PF207"),
    ("[a](https://www.youtube.com/watch?v=dQw4w9WgXcQ)", "PF208"),
    ("`https://x.fr` et [a](https://x.fr) et <https://y.fr>", "PF209"),
    ("```\nhttps://code.fr\n```", "PF209"),
    ("[a](https://x.fr)", "PF210"),
    ("![]()", "PF301"),
    ("[![logo](/l.png)](https://x.fr)", "PF302"),
    ("[a]()", "PF303"),
    ('<img src="/i.png" alt="">', "PF304"),
    ("[a](#section)", "PF305"),
    ("![](https://x.fr/i.png)", "PF501"),
    ("[a](https://x.fr/?page=2)", "PF502"),
    ("[b](http://www.x.fr/b)", "PF503"),
]


@pytest.mark.parametrize(("text", "code", "expected"), POSITIVE)
def test_reported_and_fixed(text: str, code: str, expected: str | None) -> None:
    found = [f for f in lint(text + "\n") if f.code == code]
    assert found, codes(text + "\n")
    if expected is None:
        assert all(f.fix is None for f in found) or fixed(text + "\n") == text + "\n"
    else:
        assert fixed(text + "\n") == expected + "\n"


@pytest.mark.parametrize(("text", "code"), NEGATIVE)
def test_not_reported(text: str, code: str) -> None:
    assert code not in codes(text + "\n")


def test_safe_fix_leaves_unsafe_ones() -> None:
    text = "[a](www.pix.fr) [b](<mailto: a@b.fr>)\n"
    assert fixed(text, unsafe=False) == "[a](www.pix.fr) [b](mailto:a@b.fr)\n"
    assert fixed(text, unsafe=True) == "[a](https://www.pix.fr) [b](mailto:a@b.fr)\n"


def test_cascade_applies_every_step_in_one_replacement() -> None:
    findings = lint("[a](<(**a@b.fr**>)\n")
    assert [f.code for f in findings] == ["PF101", "PF107", "PF202"]
    assert findings[-1].fix is not None and findings[-1].fix.replacement == "mailto:a@b.fr"
    assert findings[-1].fix.applicability == SAFE
    assert fixed("[a](<(**a@b.fr**>)\n") == "[a](mailto:a@b.fr)\n"


def test_no_fix_invents_a_destination() -> None:
    for text in ("[a]()", "[a](#)", "![]()", "[a](https://mes-aides)", "[a](file:///C:/x.pdf)"):
        assert fixed(text + "\n") == text + "\n"


def test_host_without_tld_fixed_from_link_text() -> None:
    assert fixed("[mes-aides.gouv.fr](https://mes-aides/simulation)\n") == (
        "[mes-aides.gouv.fr](https://mes-aides.gouv.fr/simulation)\n"
    )


def test_reference_definition_is_repaired_where_it_is_written() -> None:
    text = "Voir [le site][1].\n\n[1]: www.pix.fr\n"
    assert fixed(text) == "Voir [le site][1].\n\n[1]: https://www.pix.fr\n"


def test_suppression_comments() -> None:
    text = (
        "<!-- pelican-fast: disable-next-line PF203 -->\n[a](www.pix.fr)\n[b](www.pix.fr)\n"
        "<!-- pelican-fast: disable PF3 -->\n[c]()\n<!-- pelican-fast: enable PF3 -->\n[d]()\n"
        "[e](#) <!-- pelican-fast: disable-line -->\n"
    )
    found = [(f.line, f.code) for f in lint(text)]
    assert found == [(3, "PF203"), (7, "PF301")]


def test_selection_by_prefix_and_ignore() -> None:
    selection = Selection(select=["PF2"], ignore=["PF203"])
    assert "PF201" in selection and "PF203" not in selection and "PF101" not in selection
    assert "PF402" not in Selection() and "PF402" in Selection(select=["PF402"])
    assert unknown_codes(["PF1", "XX9", "ALL"]) == ["XX9"]


def test_every_code_is_unique_and_documented_shape() -> None:
    assert len(BY_CODE) == len(RULES)
    for rule in RULES:
        assert rule.code.startswith("PF") and len(rule.code) == 5
        assert rule.severity in ("error", "warning", "info")
        assert rule.fix in (None, SAFE, UNSAFE)


# -- rules that need the site ------------------------------------------------------


def test_own_domain_post_at_its_front_matter_date(site) -> None:
    ok = "[a](https://blog.example/2019/10/02/appel/)\n"
    bad = "[a](https://blog.example/2019/10/01/appel/)\n"
    assert "PF401" not in codes(ok, site)
    assert "PF401" in codes(bad, site)
    assert fixed(bad, site=site) == ok
    assert fixed(bad, unsafe=False, site=site) == bad


def test_own_domain_unknown_page_not_shaped_like_a_post_is_left_alone(site) -> None:
    assert codes("[a](https://blog.example/communaute/)\n", site) == []
    assert "PF401" in codes("[a](https://blog.example/2018/01/01/inconnu/)\n", site)


def test_other_domains_are_not_checked_against_the_site(site) -> None:
    assert codes("[a](https://autre.example/2019/10/01/appel/)\n", site) == []


def test_absolute_path_near_match(site) -> None:
    text = "![a](/img/posts/Affiche-1.JPG)\n"
    assert "PF403" in codes(text, site)
    assert fixed(text, site=site) == "![a](/img/posts/affiche.jpg)\n"
    assert "PF403" not in codes("![a](/img/posts/affiche.jpg)\n", site)


def test_missing_file_without_single_match_is_reported_only(site) -> None:
    text = "![a](/img/posts/absente.jpg)\n"
    assert "PF403" in codes(text, site)
    assert fixed(text, site=site) == text


def test_files_in_folders_the_site_lacks_are_not_judged(site) -> None:
    assert codes("![a](/assets/theme/logo.png)\n", site) == []


def test_relative_path_from_a_post(site) -> None:
    text = "![a](img/posts/photo.png) [b](2019-04-19-faq.md)\n"
    assert (
        fixed(text, site=site) == "![a](/img/posts/photo.png) [b](/dinsic/fast/2019/04/19/faq/)\n"
    )


def test_post_url_and_link_tags(site) -> None:
    assert codes("[a]({% post_url 2019-04-19-faq %})\n", site) == []
    assert "PF404" in codes("[a]({% post_url 2019-04-18-faq %})\n", site)
    assert fixed("[a]({% post_url 2019-04-18-faq %})\n", site=site) == (
        "[a]({% post_url 2019-04-19-faq %})\n"
    )
    assert codes("[a]({% link docs/guide.pdf %})\n", site) == []
    assert "PF403" in codes("[a]({% link docs/absent.pdf %})\n", site)
    assert codes("[a]({{ site.baseurl }}/docs/guide.pdf)\n", site) == []


def test_front_matter_image(site) -> None:
    text = "---\ntitle: T\nimage: /img/posts/Photo.PNG\n---\nx\n"
    found = lint(text, site)
    assert [(f.code, f.line) for f in found] == [("PF403", 3)]
    assert fixed(text, site=site) == text.replace("Photo.PNG", "photo.png")


def test_own_domain_absolute_opt_in(site) -> None:
    text = "[a](https://blog.example/dinsic/fast/2019/04/19/faq/)\n"
    assert [f.code for f in lint(text, site, select=("PF402",))] == ["PF402"]
    assert codes(text, site) == []  # not selected by default


def test_near_match_ignores_case_accents_blanks_and_copies() -> None:
    from pelican_fast.links.index import fuzzy_key

    assert fuzzy_key("/img/Été 2019-1.JPEG") == fuzzy_key("/img/ete_2019.jpg")
    assert fuzzy_key("/img/photo-2-.png") == fuzzy_key("/img/photo.png")
    assert fuzzy_key("/img/photo.png") != fuzzy_key("/img/photos.png")
