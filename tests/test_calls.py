"""The call model: loading, validation, status at an instant, words and sanitising."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from pelican_fast.core.settings import ConfigError
from pelican_fast.widgets import call_html
from pelican_fast.widgets.call_words import Words, parse_locale
from pelican_fast.widgets.calls import Status, load_calls, parse_call, parse_calls

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC

FAST_3 = {
    "id": "fast-3",
    "title": "FAST 3",
    "edition": "3e édition",
    "opens": "2019-12-10",
    "closes": "2020-02-28T23:59:00+01:00",
    "apply_url": "https://www.demarches-simplifiees.fr/commencer/fast-3",
    "contact": "fast@beta.gouv.fr",
}


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def words_of(node) -> str:
    return " ".join(node.get_text().split())


def call(**changes: object):
    return parse_call({**FAST_3, **changes}, 0, PARIS)


# --- status at an instant ---------------------------------------------------


@pytest.mark.parametrize(
    ("now", "status"),
    [
        ("2019-12-09T23:59:59+01:00", Status.UPCOMING),
        ("2019-12-10T00:00:00+01:00", Status.OPEN),  # a date opens at the start of the day
        ("2020-01-15T12:00:00+01:00", Status.OPEN),
        ("2020-02-28T23:58:59+01:00", Status.OPEN),
        ("2020-02-28T23:59:00+01:00", Status.OPEN),  # the closing second itself
        ("2020-02-28T23:59:00.999+01:00", Status.OPEN),
        ("2020-02-28T23:59:01+01:00", Status.CLOSED),
        ("2020-02-28T22:59:00+00:00", Status.OPEN),  # the same instant, seen from UTC
        ("2020-02-28T22:59:01+00:00", Status.CLOSED),
        ("2020-03-15T00:00:00+01:00", Status.CLOSED),
    ],
)
def test_status_around_the_closing_minute(now: str, status: Status) -> None:
    assert call().status(at(now)) is status


def test_a_closing_date_means_the_end_of_that_day_local_time() -> None:
    fast = call(closes="2020-02-28")
    assert fast.closes.isoformat() == "2020-02-28T23:59:59+01:00"
    assert fast.closes_is_date
    assert fast.status(at("2020-02-28T23:59:59.500+01:00")) is Status.OPEN
    assert fast.status(at("2020-02-29T00:00:00+01:00")) is Status.CLOSED
    # 23:30 UTC on the 28th is already the 29th in Paris.
    assert fast.status(at("2020-02-28T22:59:59+00:00")) is Status.OPEN
    assert fast.status(at("2020-02-28T23:00:00+00:00")) is Status.CLOSED


def test_yaml_dates_and_datetimes_are_accepted() -> None:
    fast = call(opens=dt.date(2019, 12, 10), closes=dt.date(2020, 2, 28))
    assert fast.opens == dt.datetime(2019, 12, 10, tzinfo=PARIS)
    assert fast.closes == dt.datetime(2020, 2, 28, 23, 59, 59, tzinfo=PARIS)
    offset = dt.timezone(dt.timedelta(hours=1))
    exact = call(closes=dt.datetime(2020, 2, 28, 23, 59, tzinfo=offset))
    assert exact.closes.isoformat() == "2020-02-28T23:59:00+01:00"
    assert not exact.closes_is_date


def test_a_datetime_without_offset_is_local_time() -> None:
    fast = call(closes="2020-02-28T18:00")
    assert fast.closes.isoformat() == "2020-02-28T18:00:00+01:00"
    assert call(closes="2020-02-28 18:00:00").closes == fast.closes


@pytest.mark.parametrize(
    ("closes", "iso", "last_open_utc"),
    [
        # Spring forward: on 29 March 2020 Paris moved from +01:00 to +02:00.
        ("2020-03-29", "2020-03-29T23:59:59+02:00", "2020-03-29T21:59:59+00:00"),
        ("2020-03-28", "2020-03-28T23:59:59+01:00", "2020-03-28T22:59:59+00:00"),
        # Fall back: on 25 October 2020 Paris moved from +02:00 to +01:00.
        ("2020-10-25", "2020-10-25T23:59:59+01:00", "2020-10-25T22:59:59+00:00"),
        ("2020-10-24", "2020-10-24T23:59:59+02:00", "2020-10-24T21:59:59+00:00"),
        ("2020-03-29T12:00", "2020-03-29T12:00:00+02:00", "2020-03-29T10:00:00+00:00"),
    ],
)
def test_daylight_saving_changes(closes: str, iso: str, last_open_utc: str) -> None:
    fast = call(opens="2020-01-01", closes=closes)
    assert fast.closes.isoformat() == iso
    last = at(last_open_utc)
    assert fast.status(last) is Status.OPEN
    assert fast.status(last + dt.timedelta(seconds=1)) is Status.CLOSED


def test_a_wall_time_skipped_by_daylight_saving_moves_forward(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        fast = call(opens="2020-01-01", closes="2020-03-29T02:30")
    assert fast.closes.isoformat() == "2020-03-29T03:30:00+02:00"
    assert "does not exist in Europe/Paris" in caplog.text


def test_other_time_zone() -> None:
    reunion = parse_call({**FAST_3, "closes": "2020-02-28"}, 0, ZoneInfo("Indian/Reunion"))
    assert reunion.closes.isoformat() == "2020-02-28T23:59:59+04:00"


def test_opens_is_optional() -> None:
    fast = call(opens=None)
    assert fast.opens is None
    assert fast.status(at("1990-01-01T00:00:00+00:00")) is Status.OPEN


# --- validation -------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"closes": "2019-12-01"},
            r"call 'fast-3': closes \(2019-12-01T23:59:59\+01:00\) is before opens",
        ),
        ({"closes": "28/02/2020"}, r"call 'fast-3': closes '28/02/2020' is not an ISO 8601"),
        ({"closes": "2020-02-30"}, r"call 'fast-3': closes '2020-02-30' is not a date"),
        ({"opens": "bientôt"}, r"call 'fast-3': opens 'bientôt' is not an ISO 8601"),
        ({"closes": None}, r"call 'fast-3': missing closes"),
        ({"closes": 20200228}, r"call 'fast-3': closes must be a date"),
        (
            {"apply_url": "javascript:alert(1)"},
            r"call 'fast-3': apply_url 'javascript:alert\(1\)' is not a safe URL",
        ),
        ({"info_url": "java\tscript:alert(1)"}, r"call 'fast-3': info_url .* is not a safe URL"),
        ({"apply_url": "data:text/html,x"}, r"apply_url .* is not a safe URL"),
        ({"contact": "javascript:alert(1)"}, r"call 'fast-3': contact .* is neither an e-mail"),
        (
            {"contact": "mailto:not an address"},
            r"call 'fast-3': contact .* is not an e-mail address",
        ),
        ({"id": None}, r"PELICAN_FAST\['calls'\] item 1: missing id"),
        ({"id": ""}, r"item 1: missing id"),
        ({"id": "fast 3"}, r"call 'fast 3': id must be letters"),
        ({"id": 'x"><script>'}, r"id must be letters"),
        ({"title": {"a": 1}}, r"call 'fast-3': title must be text"),
    ],
)
def test_invalid_calls_are_clear_errors_naming_the_call(changes: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        call(**changes)


def test_unknown_keys_are_warned_not_fatal(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        fast = call(closing="2020-01-01")
    assert fast.id == "fast-3"
    assert "call 'fast-3': unknown key 'closing' ignored (did you mean 'closes'?)" in caplog.text


def test_duplicate_ids_and_non_dict_items() -> None:
    with pytest.raises(ConfigError, match="'fast-3': the id is used by two calls"):
        parse_calls([FAST_3, FAST_3], PARIS)
    with pytest.raises(ConfigError, match="item 2: a call must be a dict"):
        parse_calls([FAST_3, "fast-4"], PARIS)


def test_contact_email_becomes_mailto_and_urls_stay() -> None:
    assert call().contact_url == "mailto:fast@beta.gouv.fr"
    assert call(contact="mailto:fast@beta.gouv.fr").contact == "fast@beta.gouv.fr"
    assert (
        call(contact="https://beta.gouv.fr/contact").contact_url == "https://beta.gouv.fr/contact"
    )
    assert call(contact=None).contact_url is None


# --- loading ----------------------------------------------------------------


def test_load_from_yaml_and_json_files(tmp_path: Path) -> None:
    (tmp_path / "appels.yml").write_text(
        "- id: fast-3\n  title: FAST 3\n  opens: 2019-12-10\n  closes: 2020-02-28T23:59:00+01:00\n"
        "  apply_url: https://example.org/\n",
        encoding="utf-8",
    )
    (tmp_path / "appels.json").write_text(json.dumps({"calls": [FAST_3]}), encoding="utf-8")
    from_yaml = load_calls("appels.yml", PARIS, lambda p: str(tmp_path / p))
    from_json = load_calls("appels.json", PARIS, lambda p: str(tmp_path / p))
    assert from_yaml[0].closes == from_json[0].closes
    assert from_yaml[0].opens == dt.datetime(2019, 12, 10, tzinfo=PARIS)


def test_bad_files_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.yml").write_text("- id: [\n", encoding="utf-8")
    (tmp_path / "dict.yml").write_text("id: fast-3\n", encoding="utf-8")
    resolve = lambda p: str(tmp_path / p)  # noqa: E731
    with pytest.raises(ConfigError, match=r"\['items'\] \(.*missing.yml\): file not found"):
        load_calls("missing.yml", PARIS, resolve)
    with pytest.raises(ConfigError, match=r"bad\.yml.*cannot be read"):
        load_calls("bad.yml", PARIS, resolve)
    with pytest.raises(ConfigError, match=r"dict\.yml.*must hold a list of calls"):
        load_calls("dict.yml", PARIS, resolve)


# --- description sanitising ------------------------------------------------

HOSTILE = (
    "**Fonds** pour [les équipes](https://beta.gouv.fr).\n\n"
    "<script>alert('x')</script><img src=x onerror=alert(1)>"
    '<a href="javascript:alert(1)">clic</a> <b onclick="alert(1)" style="color:red">gras</b>\n\n'
    "[lien](javascript:alert(2)) <iframe src=https://evil.example></iframe>"
    "<svg><script>alert(3)</script></svg><style>body{}</style>"
    '<a href="https://ok.example" onmouseover="x" target="_blank">ok</a>'
)


def test_hostile_descriptions_are_sanitised() -> None:
    html = call(description=HOSTILE).description_html
    assert "<strong>Fonds</strong>" in html
    assert '<a href="https://beta.gouv.fr" rel="noopener noreferrer">les équipes</a>' in html
    page = BeautifulSoup(html, "html.parser")
    assert not page.find_all(["script", "img", "iframe", "svg", "style"])
    for tag in page.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.startswith("on"), tag
            assert name != "style", tag
            assert "javascript" not in str(value).lower(), tag
    assert "alert" not in page.get_text()


# --- words ------------------------------------------------------------------


def test_closing_date_in_words_french_and_english() -> None:
    fast = call()
    fr = Words(parse_locale("fr"), PARIS)
    en = Words(parse_locale("en-GB"), PARIS)
    assert fr.when(fast.closes, False) == "vendredi 28 février 2020 à 23:59 (heure de Paris)"
    assert en.when(fast.closes, False) == "Friday, 28 February 2020 at 23:59 (Paris time)"
    assert fr.when(call(closes="2020-02-28").closes, True) == "vendredi 28 février 2020"


def test_other_locales_use_babel_dates_and_warn(caplog: pytest.LogCaptureFixture) -> None:
    de = Words(parse_locale("de"), PARIS)
    assert "Freitag, 28. Februar 2020" in de.when(call().closes, False)
    with caplog.at_level(logging.WARNING):
        de.warn_if_untranslated()
    assert "fall back to English" in caplog.text
    with pytest.raises(ConfigError, match="unknown locale 'xx-YY'"):
        parse_locale("xx-YY")


def test_banner_markup(tmp_path: Path) -> None:
    fast = call(title='FAST <3 & "co"')
    html = call_html.banner({}, fast, Status.OPEN, Words(parse_locale("fr"), PARIS))
    node = BeautifulSoup(html, "html.parser").select_one(".pf-call-banner")
    assert node is not None
    assert node["role"] == "region"
    assert node.select_one("#" + node["aria-labelledby"]).text == 'FAST <3 & "co" – 3e édition'
    assert {"fr-notice", "fr-notice--info", "pf-call-banner"} <= set(node["class"])
    assert node["data-pf-closes"] == "2020-02-28T23:59:00+01:00"
    assert node["data-pf-key"].startswith("fast-3-")
    assert node.select_one(".fr-notice__body .fr-notice__title")
    assert node.select_one("time")["datetime"] == "2020-02-28T23:59:00+01:00"
    assert "jusqu’au vendredi 28 février 2020 à 23:59" in words_of(node)
    assert node.select_one("a.fr-notice__link")["href"] == FAST_3["apply_url"]
    assert node.select_one("a[href='mailto:fast@beta.gouv.fr']").text == "fast@beta.gouv.fr"
    assert "<script" not in html and "style=" not in html and " on" not in html.replace("\n", " ")


def test_the_key_changes_with_the_content() -> None:
    assert call().key == call().key
    assert call().key != call(closes="2020-03-06").key


@pytest.mark.parametrize(
    ("status", "expected", "apply"),
    [
        (Status.OPEN, "Candidatures ouvertes jusqu’au vendredi 28 février 2020 à 23:59", True),
        (Status.CLOSED, "Cet appel à projets est clos depuis le vendredi 28 février 2020", False),
        (Status.UPCOMING, "Candidatures du mardi 10 décembre 2019 au vendredi 28 février", False),
    ],
)
def test_call_box_says_the_status(status: Status, expected: str, apply: bool) -> None:
    html = call_html.box({}, call(), status, Words(parse_locale("fr"), PARIS), 2)
    node = BeautifulSoup(html, "html.parser").select_one(".fr-callout.pf-call-box")
    assert node is not None
    assert node.select_one("h2.fr-callout__title").text == "FAST 3 – 3e édition"
    assert expected in words_of(node)
    assert bool(node.select(".pf-call-apply")) is apply


# --- insertion --------------------------------------------------------------

BLOCK = call_html.BannerBlock(('<div class="pf-call-banner">B</div>',), "v1", False)


def test_insert_after_body_or_at_the_marker() -> None:
    page = '<html><head><title>t</title></head><BODY class="x">\n<main>M</main></BODY></html>'
    out = call_html.insert(page, BLOCK, "")
    assert out is not None
    assert out.index('<BODY class="x">') < out.index("pf-call-banner") < out.index("<main>")
    assert '<script src="/pelican_fast/calls.js?v=v1" defer></script>' in out
    assert call_html.insert(out, BLOCK, "") is None  # never twice
    marked = page.replace("<main>", "<nav>N</nav><!-- pelican-fast:banner --><main>")
    out = call_html.insert(marked, BLOCK, "https://blog.example/")
    assert out is not None
    assert out.index("</nav>") < out.index("pf-call-banner") < out.index("<main>")
    assert "pelican-fast:banner" not in out
    assert 'src="https://blog.example/pelican_fast/calls.js?v=v1"' in out


def test_marker_before_body_is_ignored_and_fragments_untouched() -> None:
    page = '<head><meta content="<!-- pelican-fast:banner -->"></head><body><p>x</p></body>'
    out = call_html.insert(page, BLOCK, "")
    assert out is not None and out.index("<body>") < out.index("pf-call-banner")
    assert call_html.insert("<p>no body</p>", BLOCK, "") is None
    assert call_html.insert(page, call_html.BannerBlock((), "v", False), "") is None


def test_authors_cannot_place_suppress_or_fake_a_banner() -> None:
    text = (
        "<p>a <!-- pelican-fast:banner --> b <!-- pf-calls 0123abcd --></p>"
        '<div class="note pf-call-banner x" data-pf-closes="2099">fake</div>'
        '<pre><code>&lt;div class="pf-call-banner"&gt;</code></pre>'
    )
    out = call_html.neutralise(text)
    assert "pelican-fast:banner" not in out and "pf-calls" not in out
    assert '<div class="note pf-quoted-banner x"' in out
    assert '&lt;div class="pf-call-banner"&gt;' in out  # code shown as written


def test_every_call_field_is_documented() -> None:
    from pelican_fast.widgets.calls import FIELDS
    from tests.conftest import REPO

    text = (REPO / "docs" / "calls.md").read_text(encoding="utf-8")
    for name in FIELDS:
        assert f"| `{name}` |" in text, name


_PIECES = [*"ab <>/=\"'-!\n", "<body>", "<!-- pelican-fast:banner -->", "pf-call-banner"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@given(head=_TEXT, attributes=st.sampled_from(["", ' class="x"', " id=a\tdata-x='>'"]), tail=_TEXT)
def test_insertion_gives_exactly_one_block_and_is_idempotent(
    head: str, attributes: str, tail: str
) -> None:
    head = head.replace("<body", "<bod")  # the page's own <body> comes first
    page = f"<html><head>{head}</head><body{attributes}>{tail}</html>"
    out = call_html.insert(page, BLOCK, "")
    if "'>'" in attributes:
        return  # a ">" inside an attribute value: the cheap scan stops early, by design
    assert out is not None
    assert out.count(BLOCK.signature) == 1
    assert out.count("pelican_fast/calls.js") == 1
    assert out.startswith(f"<html><head>{head}</head><body{attributes}>")
    assert call_html.insert(out, BLOCK, "") is None


@given(st.datetimes(min_value=dt.datetime(2019, 1, 1), max_value=dt.datetime(2021, 1, 1)))
def test_status_follows_the_order_of_instants(naive: dt.datetime) -> None:
    now = naive.replace(tzinfo=UTC)
    fast = call()
    status = fast.status(now)
    assert fast.opens is not None
    if now < fast.opens:
        assert status is Status.UPCOMING
    elif now.replace(microsecond=0) <= fast.closes:
        assert status is Status.OPEN
    else:
        assert status is Status.CLOSED


def test_safe_url_keeps_blanks_percent_encoded_and_judges_schemes_as_browsers_do() -> None:
    """A blank inside a URL is part of the address: removing it (`a b` -> `ab`) would
    point the card at another page; a blank inside a scheme is ignored by browsers."""
    from pelican_fast.widgets.render import safe_url

    assert safe_url("https://x.fr/a b.pdf") == "https://x.fr/a%20b.pdf"
    assert safe_url("/img/ma photo.jpg") == "/img/ma%20photo.jpg"
    assert safe_url("  https://x.fr/  ") == "https://x.fr/"
    assert safe_url("/\t/evil.example") == "/%09/evil.example"  # not protocol-relative
    assert safe_url("java\tscript:alert(1)") is None
    assert safe_url("java\nscript:alert(1)") is None
    assert safe_url("jav\x00ascript:alert(1)") is None
    assert safe_url("mailto:a@b.fr") == "mailto:a@b.fr"
