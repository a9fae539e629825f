"""Laureates: the model, and the sources that are not prose (data file, front matter, collection).

No Pelican import here: the CLI and the build share it. A laureate is a plain
frozen dataclass so that Pelican's reader cache can pickle the ones a post
declares or that detection found (see ``widgets.detect``).
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import yaml

from pelican_fast.jekyll import frontmatter

logger = logging.getLogger(__name__)

KINDS = ("service", "incubator")
# Keys a data entry may use, and the aliases people (and startup registries) write.
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "nom", "title", "titre"),
    "description": ("description", "mission", "desc"),
    "sponsor": ("sponsor", "sponsors", "administration", "owner", "porteur"),
    "url": ("url", "link", "lien", "href"),
    "edition": ("edition", "édition", "promotion", "fast"),
    "amount": ("amount", "montant"),
    "logo": ("logo", "image"),
    "kind": ("kind", "type"),
}
# Provenance written by `pelican-fast laureates --format yaml`: accepted, not shown.
PROVENANCE = ("post", "line")
_KNOWN = {alias for names in ALIASES.values() for alias in names} | set(PROVENANCE)

_ORDINALS = {
    "premier": 1,
    "premiers": 1,
    "première": 1,
    "premiere": 1,
    "premières": 1,
    "deuxième": 2,
    "deuxieme": 2,
    "second": 2,
    "seconde": 2,
    "troisième": 3,
    "troisieme": 3,
    "quatrième": 4,
    "quatrieme": 4,
    "cinquième": 5,
    "cinquieme": 5,
    "sixième": 6,
    "sixieme": 6,
    "septième": 7,
    "septieme": 7,
    "huitième": 8,
    "huitieme": 8,
    "neuvième": 9,
    "neuvieme": 9,
    "dixième": 10,
    "dixieme": 10,
    "onzième": 11,
    "onzieme": 11,
    "douzième": 12,
    "douzieme": 12,
    "treizième": 13,
    "treizieme": 13,
    "quatorzième": 14,
    "quatorzieme": 14,
    "quinzième": 15,
    "quinzieme": 15,
}
_EDITION_NUMBER = re.compile(
    r"^\s*(?:fast|édition|edition|promotion|n°|#)?\s*#?\s*(\d{1,3})(?!\d)", re.I
)


@dataclass(frozen=True)
class Laureate:
    """One laureate of one edition, wherever it was written.

    ``url`` is as repaired by the link engine but not yet judged: the
    allow-list is applied when rendering, so that the CLI can still report
    what the author wrote.
    """

    name: str
    description: str = ""
    sponsor: str = ""
    url: str = ""
    edition: int | str | None = None
    amount: int | float | str | None = None
    logo: str = ""
    kind: str = "service"
    post: str = ""
    line: int = 0
    source: str = "data"  # data | front-matter | collection | detected
    group: int = 0  # which placement in the post (detected groups are numbered)

    def record(self) -> dict[str, Any]:
        """The fields the CLI reports (and that a data file accepts back)."""
        return {
            "post": self.post,
            "line": self.line,
            "edition": self.edition,
            "name": self.name,
            "description": self.description,
            "sponsor": self.sponsor,
            "url": self.url,
            "kind": self.kind,
        }

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class LaureateDataError(ValueError):
    """A data file cannot be read at all (entries with problems are only skipped)."""


def parse_edition(value: Any) -> int | str | None:
    """``2``, ``"2"``, ``"FAST 2"``, ``"2e édition"``, ``"deuxième"`` -> 2; other text kept."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if not text:
        return None
    number = _EDITION_NUMBER.match(text)
    if number:
        return int(number.group(1))
    word = text.lower().split()[0] if text.split() else ""
    if word in _ORDINALS:
        return _ORDINALS[word]
    return text


def same_edition(a: int | str | None, b: int | str | None) -> bool:
    return a is not None and b is not None and str(a).casefold() == str(b).casefold()


def _text(value: Any) -> str:
    """A scalar as display text; lists are joined (several sponsors)."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, Mapping):
        return _text(value.get("name") or value.get("acronym") or value.get("title"))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _amount(value: Any) -> int | float | str | None:
    if value is None or isinstance(value, bool) or value == "":
        return None
    if isinstance(value, int | float):
        return value
    return _text(value) or None


def _pick(entry: Mapping[str, Any], field: str) -> Any:
    for alias in ALIASES[field]:
        if alias in entry and entry[alias] not in (None, ""):
            return entry[alias]
    return None


def from_mapping(
    entry: Mapping[str, Any],
    *,
    where: str,
    source: str,
    post: str = "",
    line: int = 0,
    group: int = 0,
    default_edition: int | str | None = None,
) -> Laureate | None:
    """One laureate from a dict written by a person; None (and a warning) if unusable."""
    if not isinstance(entry, Mapping):
        logger.warning("%s: a laureate must be a mapping of keys to values, not %r", where, entry)
        return None
    unknown = sorted(str(k) for k in entry if str(k) not in _KNOWN)
    if unknown:
        logger.warning(
            "%s: unknown laureate key(s) %s ignored (known: %s)",
            where,
            ", ".join(unknown),
            ", ".join(ALIASES),
        )
    name = _text(_pick(entry, "name"))
    if not name:
        logger.warning("%s: laureate without a name; skipped", where)
        return None
    edition_raw = _pick(entry, "edition")
    if isinstance(edition_raw, Mapping):  # registry style: fast: {promotion, montant}
        edition_raw = edition_raw.get("promotion")
    kind = _text(_pick(entry, "kind")).lower() or "service"
    if kind not in KINDS:
        logger.warning("%s: kind %r is not one of %s; 'service' is used", where, kind, KINDS)
        kind = "service"
    url = _pick(entry, "url")
    logo = _pick(entry, "logo")
    return Laureate(
        name=name,
        description=_text(_pick(entry, "description")),
        sponsor=_text(_pick(entry, "sponsor")),
        url=url.strip() if isinstance(url, str) else "",
        edition=parse_edition(edition_raw) if edition_raw is not None else default_edition,
        amount=_amount(_pick(entry, "amount")),
        logo=logo.strip() if isinstance(logo, str) else "",
        kind=kind,
        post=post or str(entry.get("post") or ""),
        line=line or (entry["line"] if isinstance(entry.get("line"), int) else 0),
        source=source,
        group=group,
    )


# -- data file ----------------------------------------------------------------
def load_data_file(path: str) -> list[Laureate]:
    """Laureates of a YAML or JSON file: a list, or ``{laureates: [...]}``.

    Raises LaureateDataError when the file cannot be read or parsed; an entry
    with a problem is skipped with a warning naming the file and its position.
    """
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except OSError as error:
        raise LaureateDataError(f"{path}: cannot read laureates: {error.strerror}") from None
    try:
        data = json.loads(text) if path.lower().endswith(".json") else frontmatter.load_yaml(text)
    except (ValueError, yaml.YAMLError) as error:
        raise LaureateDataError(f"{path}: not valid YAML/JSON: {error}") from None
    if isinstance(data, Mapping) and isinstance(data.get("laureates"), list):
        data = data["laureates"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise LaureateDataError(f"{path}: expected a list of laureates, not {type(data).__name__}")
    found = []
    for index, entry in enumerate(data):
        laureate = from_mapping(entry, where=f"{path}: entry {index + 1}", source="data")
        if laureate is not None:
            found.append(laureate)
    return found


# -- front matter ---------------------------------------------------------------
def from_front_matter(
    front_matter: Mapping[str, Any], *, post: str, line: int = 0
) -> list[Laureate]:
    """The ``laureates:`` list of a post; the post's ``edition`` (if any) is the default."""
    raw = front_matter.get("laureates")
    if raw is None:
        return []
    where = f"{post}:{line}" if line else post
    if not isinstance(raw, list):
        logger.warning("%s: front-matter 'laureates' must be a list; ignored", where)
        return []
    edition = parse_edition(front_matter.get("edition"))
    found = []
    for index, entry in enumerate(raw):
        laureate = from_mapping(
            entry,
            where=f"{where}: laureates[{index}]",
            source="front-matter",
            post=post,
            line=line,
            default_edition=edition,
        )
        if laureate is not None:
            found.append(laureate)
    return found


# -- collection of startup records --------------------------------------------------
_MARKDOWN_EXTENSIONS = (".md", ".markdown")


def _organisation_names(folder: str) -> dict[str, str]:
    """``/organisations/<id>`` -> name, from a sibling ``_organisations`` folder."""
    names: dict[str, str] = {}
    parent = os.path.dirname(os.path.abspath(folder))
    for candidate in ("_organisations", "organisations"):
        directory = os.path.join(parent, candidate)
        if not os.path.isdir(directory):
            continue
        for file_name in os.listdir(directory):
            if not file_name.endswith(_MARKDOWN_EXTENSIONS):
                continue
            data = _read_record(os.path.join(directory, file_name))
            label = _text(data.get("name") or data.get("acronym") or data.get("title"))
            if label:
                names[os.path.splitext(file_name)[0]] = label
    return names


def _read_record(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            text, had_bom = frontmatter.decode(handle.read())
        return frontmatter.parse_yaml(frontmatter.split(text, had_bom))
    except (OSError, UnicodeDecodeError) as error:
        logger.warning("%s: cannot read startup record: %s", path, error)
    except frontmatter.FrontMatterError as error:
        logger.warning("%s:%d: %s; record skipped", path, error.line, error.message)
    return {}


def _sponsor_label(value: Any, organisations: Mapping[str, str]) -> str:
    items = value if isinstance(value, list | tuple) else [value]
    labels = []
    for item in items:
        if isinstance(item, str) and item.startswith("/organisations/"):
            slug = item.rsplit("/", 1)[-1]
            labels.append(organisations.get(slug) or (slug.upper() if len(slug) <= 6 else slug))
        else:
            labels.append(_text(item))
    return ", ".join(label for label in labels if label)


def load_collection(folder: str, url_template: str | None = None) -> list[Laureate]:
    """Startup records (one Markdown file each) that have a ``fast: {promotion}`` map.

    Records follow the public startup registries' shape: ``title``,
    ``mission``, ``sponsors`` (names or ``/organisations/<id>`` references),
    ``link`` and ``fast: {promotion, montant}``. ``url_template`` (e.g.
    ``https://beta.gouv.fr/startups/{id}.html``) links to the registry page
    instead of the service itself.
    """
    if not os.path.isdir(folder):
        raise LaureateDataError(f"{folder}: laureate collection folder not found")
    organisations: dict[str, str] | None = None
    found = []
    for file_name in sorted(os.listdir(folder)):
        if not file_name.endswith(_MARKDOWN_EXTENSIONS) or file_name.startswith("."):
            continue
        path = os.path.join(folder, file_name)
        data = _read_record(path)
        fast = data.get("fast")
        if not isinstance(fast, Mapping) or fast.get("promotion") in (None, ""):
            continue
        if organisations is None:
            organisations = _organisation_names(folder)
        record_id = os.path.splitext(file_name)[0]
        url = url_template.replace("{id}", record_id) if url_template else data.get("link")
        kind = "incubator" if str(data.get("kind") or "").lower() == "incubator" else "service"
        name = _text(data.get("title") or data.get("name")) or record_id
        found.append(
            Laureate(
                name=name,
                description=_text(data.get("mission") or data.get("description")),
                sponsor=_sponsor_label(data.get("sponsors") or data.get("owner"), organisations),
                url=url.strip() if isinstance(url, str) else "",
                edition=parse_edition(fast.get("promotion")),
                amount=_amount(fast.get("montant") or fast.get("amount")),
                logo=_text(data.get("logo")),
                kind=kind,
                post=path,
                source="collection",
            )
        )
    return found


# -- selection ------------------------------------------------------------------------
def for_edition(laureates: Iterable[Laureate], edition: int | str | None) -> list[Laureate]:
    """Laureates of one edition, de-duplicated by name (the first source wins)."""
    seen: set[str] = set()
    chosen = []
    for laureate in laureates:
        if edition is not None and not same_edition(laureate.edition, edition):
            continue
        key = laureate.name.casefold()
        if key in seen:
            continue
        seen.add(key)
        chosen.append(laureate)
    return chosen
