"""The repairs people make by hand, offered by the linter (issue 15, part 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelican_fast.links.model import UNSAFE
from tests.links.helpers import codes, fixed, lint, make_site


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "C'est le lancement de https://mon-entreprise.fr aujourd'hui",
            "C'est le lancement de <https://mon-entreprise.fr> aujourd'hui",
        ),
        ("Voir https://a.fr/x.", "Voir <https://a.fr/x>."),
        (
            "LexImpact (https://beta.gouv.fr/startups/leximpact.html) simule",
            "[LexImpact](https://beta.gouv.fr/startups/leximpact.html) simule",
        ),
        (
            "le service Mon Entreprise (https://mon-entreprise.fr), lancé",
            "le service [Mon Entreprise](https://mon-entreprise.fr), lancé",
        ),
        (
            "avec La Bonne Boite Emploi (https://lbb.fr) ici",
            "avec La [Bonne Boite Emploi](https://lbb.fr) ici",
        ),
        ("voir le simulateur (https://a.fr/s)", "voir le [simulateur](https://a.fr/s)"),
        ("de (https://a.fr/s)", "de (<https://a.fr/s>)"),
        ("(https://a.fr/s)", "(<https://a.fr/s>)"),
        ("Site : (https://a.fr/s)", "Site : (<https://a.fr/s>)"),
    ],
)
def test_bare_url_unsafe_fix(text: str, expected: str) -> None:
    found = [f for f in lint(text + "\n") if f.code == "PF209"]
    assert len(found) == 1
    assert found[0].fix is not None and found[0].fix.applicability == UNSAFE
    assert fixed(text + "\n", unsafe=False) == text + "\n"
    assert fixed(text + "\n") == expected + "\n"
    assert "PF209" not in codes(expected + "\n")


def test_bare_url_followed_by_a_stray_character_is_not_rewritten() -> None:
    text = "voir (https://github.com/18F/> data-validator) ici\n"
    found = [f for f in lint(text) if f.code == "PF209"]
    assert found and all(f.fix is None for f in found)
    assert fixed(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[l'existence de la CNIL](https://www.lemonde.fr/a/chasse-aux-francais/. Puis",
            "[l'existence de la CNIL](https://www.lemonde.fr/a/chasse-aux-francais/). Puis",
        ),
        ("[a](https://a.fr/b, et c", "[a](https://a.fr/b), et c"),
        ("[a](https://a.fr/b?!", "[a](https://a.fr/b)?!"),
        ("[a](https://a.fr/b;", "[a](https://a.fr/b);"),
        ("[a](https://a.fr/b.html et c", "[a](https://a.fr/b.html) et c"),
    ],
)
def test_closing_a_destination_leaves_sentence_punctuation_outside(
    text: str, expected: str
) -> None:
    assert "PF104" in codes(text + "\n")
    assert fixed(text + "\n") == expected + "\n"


@pytest.mark.parametrize(
    "text",
    [
        "[data-validator](https://github.com/18F/> data-validator)",
        "[billet](https://18f.gsa.gov/2014/12/11/> large-scale-agile/)",
    ],
)
def test_quote_mark_inside_a_url_is_one_defect_with_one_code(text: str) -> None:
    found = lint(text + "\n")
    assert [f.code for f in found] == ["PF101"]
    repaired = fixed(text + "\n")
    assert "> " not in repaired
    assert codes(repaired) == []
    assert fixed(text + "\n", unsafe=False) == text + "\n"


@pytest.mark.parametrize(
    ("on_disk", "linked"),
    [
        ("img/collaborative-brainstorming-session..png", "collaborative-brainstorming-session.png"),
        ("img/user--research.jpg", "user-research.jpg"),
        ("img/Atelier.PNG", "atelier.png"),
    ],
)
def test_near_match_finds_doubled_dots_dashes_and_extension_case(
    tmp_path: Path, on_disk: str, linked: str
) -> None:
    site = make_site(tmp_path, {"_posts/2020-01-01-x.md": "---\ntitle: X\n---\nx\n", on_disk: b"x"})
    text = f"![photo](/img/{linked})\n"
    found = [f for f in lint(text, site) if f.code == "PF403"]
    assert len(found) == 1 and found[0].fix is not None
    assert fixed(text, site=site) == f"![photo](/{on_disk})\n"
