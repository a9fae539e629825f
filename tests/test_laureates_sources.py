"""Laureates that are not prose: data files, front matter, startup-record collections, and the CLI."""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path

import pytest

from pelican_fast.cli import main
from pelican_fast.widgets import laureates as model
from tests.conftest import EXAMPLE_POSTS, SEED_NAME, write_files

DATA_YAML = """\
- name: Pix
  mission: Certifier ses compétences numériques
  sponsor: Ministère de l'Éducation nationale
  url: https://pix.fr
  edition: FAST 3
  montant: 200000
- title: Zam
  description: Examiner les amendements
  sponsors: [SGG, DINUM]
  link: https://zam.beta.gouv.fr
  promotion: 3
  kind: incubator
- mission: sans nom
- name: Inconnu
  couleur: bleu
"""


def test_data_file_yaml_with_aliases(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "laureats.yml"
    path.write_text(DATA_YAML, encoding="utf-8")
    found = model.load_data_file(str(path))
    assert [(x.name, x.sponsor, x.url, x.edition, x.amount, x.kind) for x in found] == [
        ("Pix", "Ministère de l'Éducation nationale", "https://pix.fr", 3, 200000, "service"),
        ("Zam", "SGG, DINUM", "https://zam.beta.gouv.fr", 3, None, "incubator"),
        ("Inconnu", "", "", None, None, "service"),
    ]
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "entry 3: laureate without a name" in messages
    assert "unknown laureate key(s) couleur" in messages


def test_data_file_json_and_wrapped_list(tmp_path: Path) -> None:
    path = tmp_path / "laureats.json"
    path.write_text(json.dumps({"laureates": [{"name": "Pix", "edition": 2}]}), encoding="utf-8")
    assert [(x.name, x.edition, x.source) for x in model.load_data_file(str(path))] == [
        ("Pix", 2, "data")
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [("name: Pix\n", "expected a list"), ("- [unclosed\n", "not valid YAML")],
)
def test_data_file_errors_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "laureats.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(model.LaureateDataError, match=message):
        model.load_data_file(str(path))
    with pytest.raises(model.LaureateDataError, match="cannot read"):
        model.load_data_file(str(tmp_path / "absent.yml"))


def test_front_matter_laureates(caplog: pytest.LogCaptureFixture) -> None:
    front = {
        "edition": "4e édition",
        "laureates": [
            {"name": "Pix", "description": "Certifier", "url": "https://pix.fr"},
            {"name": "Zam", "edition": 5},
            "pas un dictionnaire",
        ],
    }
    found = model.from_front_matter(front, post="_posts/x.md", line=7)
    assert [(x.name, x.edition, x.source, x.post, x.line) for x in found] == [
        ("Pix", 4, "front-matter", "_posts/x.md", 7),
        ("Zam", 5, "front-matter", "_posts/x.md", 7),
    ]
    assert "must be a mapping" in caplog.text
    assert model.from_front_matter({"laureates": "Pix"}, post="x.md") == []


def test_collection_of_startup_records(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "_startups/lapins.md": (
                "---\ntitle: RDV Solidarités\nmission: Réduire les rendez-vous non honorés\n"
                "sponsors:\n  - /organisations/anct\n  - /organisations/fabrique-territoires\n"
                "link: https://rdv-solidarites.fr\nfast:\n  promotion: 2\n  montant: 100000\n---\nCorps.\n"
            ),
            "_startups/sans-fast.md": "---\ntitle: Autre\nmission: x\n---\n",
            "_startups/ancien.md": (
                "---\ntitle: Ancien\nmission: m\nowner: Ministère des Armées\n"
                "fast: {promotion: 1}\n---\n"
            ),
            "_organisations/anct.md": "---\nname: Agence nationale de la cohésion des territoires\n---\n",
        },
    )
    folder = str(tmp_path / "_startups")
    found = model.load_collection(folder)
    assert [(x.name, x.sponsor, x.url, x.edition, x.amount) for x in found] == [
        ("Ancien", "Ministère des Armées", "", 1, None),
        (
            "RDV Solidarités",
            "Agence nationale de la cohésion des territoires, fabrique-territoires",
            "https://rdv-solidarites.fr",
            2,
            100000,
        ),
    ]
    templated = model.load_collection(folder, "https://beta.gouv.fr/startups/{id}.html")
    assert templated[1].url == "https://beta.gouv.fr/startups/lapins.html"
    with pytest.raises(model.LaureateDataError):
        model.load_collection(str(tmp_path / "absent"))


def test_editions_and_selection() -> None:
    assert model.parse_edition("FAST 3") == 3
    assert model.parse_edition("deuxième") == 2
    assert model.parse_edition(4.0) == 4
    assert model.parse_edition("printemps 2020") == "printemps 2020"
    items = [
        model.Laureate("Pix", edition=3),
        model.Laureate("pix", edition=3),
        model.Laureate("Zam", edition=4),
    ]
    assert [x.name for x in model.for_edition(items, 3)] == ["Pix"]
    assert [x.name for x in model.for_edition(items, "3")] == ["Pix"]


# -- CLI -------------------------------------------------------------------------------
def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["laureates", *args]) == 0
    return capsys.readouterr().out


def test_cli_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    records = json.loads(run_cli(capsys, str(EXAMPLE_POSTS), "--format", "json"))
    assert [r["name"] for r in records] == ["Lapins", "Trackdéchets", "Cmachance.fr", "Classe à 12"]
    assert list(records[0]) == [
        "post",
        "line",
        "edition",
        "name",
        "description",
        "sponsor",
        "url",
        "kind",
    ]
    assert records[0]["post"].endswith(SEED_NAME)
    assert records[0]["line"] == 36
    assert records[1]["url"] == "https://trackdechets.beta.gouv.fr"
    assert records[3]["sponsor"] == "Ministére de l'éducation nationale"


def test_cli_yaml_is_a_valid_data_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = run_cli(capsys, str(EXAMPLE_POSTS / SEED_NAME), "--format", "yaml")
    path = tmp_path / "laureats.yml"
    path.write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        loaded = model.load_data_file(str(path))
    assert not caplog.records
    assert [(x.name, x.edition) for x in loaded] == [
        ("Lapins", 2),
        ("Trackdéchets", 2),
        ("Cmachance.fr", 2),
        ("Classe à 12", 2),
    ]


def test_cli_csv_and_front_matter_lines(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "_posts/2020-01-01-declare.md": (
                "---\ntitle: Déclarés\nedition: 5\nlaureates:\n  - name: Pix\n    url: https://pix.fr\n---\n"
                "{% laureates %}\n"
            ),
            "_posts/2020-01-02-rien.md": "---\ntitle: Rien\n---\nPas de lauréats ici.\n",
            "_site/ignored.md": "---\nlaureates: [{name: Non}]\n---\n",
        },
    )
    rows = list(csv.DictReader(io.StringIO(run_cli(capsys, str(tmp_path), "--format", "csv"))))
    assert [(r["name"], r["line"], r["edition"], r["url"]) for r in rows] == [
        ("Pix", "4", "5", "https://pix.fr")
    ]


def test_cli_output_file_and_missing_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out.json"
    assert main(["laureates", str(EXAMPLE_POSTS), "-o", str(out)]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 4
    assert main(["laureates", str(tmp_path / "absent")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
