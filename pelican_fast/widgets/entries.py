"""One laureate out of one list item, paragraph, heading section or table row, as people write them.

``**Lapins** : mission _(sponsor)._ [En savoir plus](url)``,
``1. [Nom, le service](url), mission, Incubé à …``, ``[**Nom**](url) : mission``,
``Nom : mission (Ministère …)``: the name is the bold or linked head (else the
text before the first separator), the sponsor comes from an italic or
administrative parenthesis, an ``Incubé à``/``Porté par`` clause or a
``Sponsor :`` line, and the laureate's URL is the name's link or a
"en savoir plus" link, never another link of the description.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pelican_fast.widgets import prose

# Words that make a parenthesis or a heading an administration (a sponsor).
ADMINISTRATION = re.compile(
    r"minist[eè]re|direction|d[ée]l[ée]gation|secr[ée]tariat|agence|d[ée]partement|r[ée]gion"
    r"|collectivit|conseil|chambre|consortium|pr[ée]fecture|caisse|office|institut|ville d"
    r"|commune|m[ée]tropole|universit|fabrique|incubateur|atelier num|acad[ée]mie|rectorat"
    r"|tribunal|cour d|p[ôo]le emploi|france travail|urssaf|gendarmerie|police|arm[ée]es?\b"
    r"|haut[- ]commissariat|[ée]tablissement|services? d[eu]|centre national|assurance maladie"
    r"|autorit[ée]|mission interminist|\bDINUM\b|\bDINSIC\b|\bDGFIP\b|\bDG[A-Z]{1,5}\b"
    r"|\bSG[A-Z]{1,4}\b|\bCNAF\b|\bCNAM\b|\bCAF\b|\bANCT\b|\bANSSI\b|\bINSEE\b|\bADEME\b"
    r"|\bCNIL\b|\bMTES?\b|\bMTE\b|\bMEN\b|\bMENJ\b|\bMI\b|\bMEAE\b|\bMSA\b|\bIGN\b|\bANAH\b"
    r"|\bBPI\b|\bONF\b|\bOFB\b",
    re.IGNORECASE,
)
INCUBATOR = re.compile(r"\b(?:incubateurs?|fabriques?|acc[ée]l[ée]rateurs?|labs?)\b", re.I)
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]{0,3}[A-Z][A-Za-z]{0,4}$")
# "L'incubateur du Ministère de X", "La Fabrique numérique des ministères sociaux": an
# incubator named after its administration (a laureate of its own, whose sponsor that is).
_INCUBATOR_NAME = re.compile(
    r"^(?:l['’]\s*|la\s+|le\s+)?(?:incubateur|fabrique|acc[ée]l[ée]rateur|atelier|lab)"
    r"(?:\s+num[ée]rique)?\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)(?P<of>\S.*)$",
    re.IGNORECASE,
)

# Link texts that point at the laureate itself, not at something it mentions.
_MORE = re.compile(
    r"^(?:\W*)(?:en savoir plus|plus d['’]info\w*|pour en savoir plus|voir"
    r"|voir (?:le|la|leur|son|sa) \w+"
    r"|(?:le |leur |son )?site(?: web| internet)?|d[ée]couvr\w*|lien|ici|fiche|page|consulter"
    r"|acc[ée]der|visiter|more|read more|website|→|»)(?:\W.*)?$",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"(?:https?://)?[\w.-]+\.(?:fr|com|org|net|io|eu|info)(?:/\S*)?", re.I)
_REGISTRY_PAGE = re.compile(r"beta\.gouv\.fr/startups/|/startups?/[\w.-]+", re.I)

_LEADING_NOISE = re.compile(r"^(?:[^\w*_\[<«\"“'(]+|\d{1,2}\s*[).:/-]\s+|#\d+\s+)")
_BOLD_HEAD = re.compile(r"^(\*\*\*?|__)(?=\S)(.+?)(?<=\S)\1(?!\*)", re.DOTALL)
_ITALIC_HEAD = re.compile(r"^([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_SEPARATOR = re.compile(r"\s*(?::|–|—|=>|→|/)\s+|\s+-\s+|\s*:\s*$|,\s+|\s*:(?=\S)(?!//)")
_LEADING_SEPARATOR = re.compile(r"^\s*(?::|,|–|—|-|=>|→|\.|;)\s*")
_LEADING_PARENTHESIS = re.compile(r"^\s*\(([^()]{2,120})\)")
_TRAILING_ITALIC_PARENTHESIS = re.compile(
    r"\s*(?:[_*]\s*\(([^()]{2,200})\)\s*\.?\s*[_*]|\(\s*[_*]([^()]{2,200})[_*]\s*\))[\s.;,]*$"
)
_TRAILING_PARENTHESIS = re.compile(r"(?<!\])\s*(?<!\])\(([^()/]{2,160})\)[\s.;,]*$")
# Who a clause names: a linked organisation ("[l'incubateur X](url)", its text is kept)
# or plain words, with an acronym in parentheses.
_WHO = (
    r"(?P<who>\[[^\[\]\n]{2,160}\]\([^()\s]{1,300}\)"
    r"|[^.;()\n\[\]]{2,160}?(?:\s*\([A-Z][\w.-]{1,12}\))?)"
)
_CLAUSE = re.compile(
    r"(?:^|(?<=[,.;:–—(-])\s*|\s+)[_*]*"
    r"(?P<verb>(?:incub[ée]e?s?|port[ée]e?s?|sponsoris[ée]e?s?|soutenue?s?|pilot[ée]e?s?|"
    r"d[ée]velopp[ée]e?s?)\s+(?:à|au|aux|par|chez|dans|avec)\b"
    r"|sponsors?[_*]*\s*:|administrations?(?:\s+(?:porteuses?|sponsors?))?[_*]*\s*:"
    r"|porteurs?(?:\s+du projet)?[_*]*\s*:"
    r"|commanditaires?[_*]*\s*:)"  # "**Sponsor** : ANCT" too
    r"[_*]*\s*" + _WHO + r"[_*]*\s*(?:[.;)]|$|\n|(?=\())",
    re.IGNORECASE,
)
# "Issu de l'incubateur des ministères sociaux.", "au sein de l'incubateur du Ministère …":
# the organisation keeps its article; it must name an administration (not "leur direction").
ORIGIN_VERB = r"issue?s?\s+(?:du|des|de|d['’])|au\s+sein\s+(?:du|des|de|d['’])"
_ORIGIN = re.compile(
    r"(?:^|(?<=[,.;:–—(-])\s*|\s+)[_*]*(?P<verb>"
    + ORIGIN_VERB
    + r")\s*"
    + _WHO
    + r"[_*]*\s*(?:[.;)]|$|\n|(?=\())",
    re.IGNORECASE,
)
# "mission, de la Fabrique numérique du Ministère A & du Ministère B": a last segment.
_OF_SEGMENT = re.compile(
    r"(?:,|\s[-–—])\s+(?:de\s+(?P<who>(?:la|l['’])\s*(?:fabrique|incubateur|atelier"
    r"|acc[ée]l[ée]rateur)[^.;()\n\[\]]{0,200}?)|du\s+(?P<ministry>minist[èe]re[^.;()\n\[\]]{0,200}?))"
    r"[\s.;]*$",
    re.IGNORECASE,
)
_NOT_AN_ORGANISATION = re.compile(
    r"^(?:leurs?|son|sa|ses|notre|nos|votre|vos|mon|ma|mes|chaque|un|une|ce|cet|cette|ces"
    r"|tou(?:te)?s?|plusieurs|nombreu\w*|diff[ée]rent\w*|certain\w*)\b",
    re.IGNORECASE,
)
_LAST_SEGMENT = re.compile(
    r"(?:\s+[-–—|]\s+|,\s+)((?:[A-ZÀ-Ý]|l['’][A-ZÀ-Ý])[^,\-–—|()]{1,100}?)[\s.;]*$"
)
_PLURAL_CLAUSE = re.compile(r"^(?:incub|port|sponsoris|soutenu|pilot|d[ée]velopp|issu)\w*s\b", re.I)
_LABEL = re.compile(
    r"^\s*(?:[-*+•]\s+)?(?:\*\*|__)?\s*(?P<label>mission|description|objectifs?|le projet|"
    r"sponsors?|administrations?(?:\s+(?:porteuses?|sponsors?))?|porteurs?(?:\s+du projet)?|"
    r"commanditaires?|minist[èe]re|incubateur|lien|site(?:\s+(?:web|internet))?|url|"
    r"montant|financement|ticket|montant attribu[ée])\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*"
    r"(?P<value>.+)$",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"(?:montant|financement|ticket|dotation|enveloppe|subvention|cofinancement"
    r"|financ[ée]e? [àa] hauteur de)"
    r"[^\d\n]{0,30}?(\d[\d\s\u00a0\u202f.,]*\d|\d)\s*(k€|K€|k ?euros|M€|€|euros|millions?)",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:à|a|au|aux|par|chez|dans|avec)\s+", re.I)
_DEFINITE = re.compile(r"^(?:la|le|les)\s+|^l['’]\s*", re.I)
_NOT_A_NAME = re.compile(
    r"^(?:un|une|des|du|de|d['’]|pour|avec|sans|avoir|être|etre|faire|mettre|prévoir|prevoir"
    r"|il|elle|ils|elles|nous|vous|on|ce|cet|cette|ces|si|et|ou|mais|dans|sur|en|à|a)\b",
    re.IGNORECASE,
)


# "**Les prochaines étapes** : …", "**Budget** : …": labels of a post about one service.
_GENERIC_NAME = re.compile(
    r"^(?:les?\s+|la\s+|l['’]\s*|nos\s+|notre\s+|vos\s+|votre\s+|leurs?\s+)?"
    r"(?:prochaine?s?|suite|objectifs?|r[ée]sultats?|impacts?|bilan|contexte|probl[èe]mes?"
    r"|solutions?|chiffres|calendrier|[ée]quipes?|budget|financements?|cofinancement"
    r"|accompagnements?|crit[èe]res|conditions|modalit[ée]s|contacts?|dates?|dur[ée]e|montants?"
    r"|missions?|descriptions?|sponsors?|administrations?|[ée]tapes|points?|avantages"
    r"|b[ée]n[ée]fices|ce qui|pourquoi|comment|quand|o[ùu]|qui|stands?)\b",
    re.IGNORECASE,
)


@dataclass
class Entry:
    """What one item says about one laureate (before the group's context is applied)."""

    name: str
    url: str | None = None  # raw destination as written
    description: str = ""
    sponsor: str = ""
    group_sponsor: str = ""  # "Incubés à …": meant for the whole list
    amount: int | float | None = None
    logo: str = ""
    kind: str = "service"
    head: str = "plain"  # bold | link | plain | heading | table
    separated: bool = False
    linked_name: bool = False  # the name itself is a link ("**[Nom](url)**")

    @property
    def has_substance(self) -> bool:
        return bool(self.description or self.url or self.sponsor)


def clean_name(text: str) -> str:
    text = text.strip().strip("«»\"“”'’ \u00a0").strip()
    text = re.sub(r"\s*[:;,.–—-]+$", "", text).strip()
    return text.strip("«»\"“”'’ \u00a0").strip()


_SPONSOR_LEAD = re.compile(
    r"^(?:(?:sponsors?|administrations?(?:\s+(?:porteuses?|sponsors?))?|porteurs?"
    r"|commanditaires?)\s*:\s*|(?:issue?s?|au\s+sein|sein)\s+(?:de\s+|d['’]\s*|du\s+|des\s+))",
    re.IGNORECASE,
)


_VERB_LEAD = re.compile(
    r"^(?:incub|port|sponsoris|soutenu|pilot|d[ée]velopp)\w*\s+(?:à|au|aux|par|chez)\s+", re.I
)


def is_incubator_name(name: str) -> bool:
    """ "L'incubateur du Ministère de X": a name that says what it is, even without bold."""
    return _INCUBATOR_NAME.match(name) is not None


def clean_sponsor(text: str, *, after_verb: bool = False) -> str:
    """Trim a sponsor; after ``Incubé à``/``Porté par`` also drop the article (``la Fabrique``)."""
    text = " ".join(text.split()).strip(" .;,:–—-_*")
    text = _SPONSOR_LEAD.sub("", text)  # "(sponsor : France Travail)", "Issu de l'incubateur X"
    verb = _VERB_LEAD.match(text)  # "(porté par le SGG)"
    if verb:
        text, after_verb = text[verb.end() :], True
    if after_verb:
        text = _DEFINITE.sub("", _ARTICLE.sub("", text))
    return text


def clean_description(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\s*\($", "", text)  # "mission (porté par X)" once the clause is out
    return text.strip(" .;,:–—-").strip()


def sponsor_line(text: str) -> str:
    """The sponsor of a paragraph that says nothing else ("Issu de l'incubateur X.")."""
    if len(text) > 240:
        return ""
    rest, sponsor, _plural = _extract_sponsor(prose.plain(text))
    return sponsor if sponsor and not clean_description(rest) else ""


def is_administration(text: str) -> bool:
    text = text.strip()
    return bool(ADMINISTRATION.search(text) or _ACRONYM.match(text))


def parse_amount(text: str) -> int | float | None:
    match = _AMOUNT.search(text)
    if not match:
        return None
    digits = re.sub(r"[\s\u00a0\u202f]", "", match.group(1))
    if "," in digits and "." not in digits and len(digits.rsplit(",", 1)[1]) != 3:
        digits = digits.replace(",", ".")
    digits = digits.replace(",", "")
    if digits.count(".") > 1 or (digits.count(".") == 1 and len(digits.rsplit(".", 1)[1]) == 3):
        digits = digits.replace(".", "")
    try:
        value = float(digits)
    except ValueError:
        return None
    unit = match.group(2).lower()
    if unit.startswith("k"):
        value *= 1_000
    elif unit.startswith(("m€", "million")):
        value *= 1_000_000
    return int(value) if value.is_integer() else value


def _sponsor_parenthesis(text: str, after: str) -> bool:
    """``**Nom** (Etalab) – mission``: a parenthesis between name and separator is the sponsor."""
    if is_administration(text):
        return True
    if re.match(r"^\s*(?:ex\b|anciennement|aujourd|d[ée]sormais)", text, re.I):
        return False
    return text[:1].isupper() and bool(_LEADING_SEPARATOR.match(after))


def _strip_strays(text: str, references: Mapping[str, str]) -> tuple[str, str]:
    """Remove images (the first is the logo) and links without text; return (text, logo)."""
    logo = ""
    pieces = []
    position = 0
    for link in prose.links(text, references):
        if link.kind in ("bare", "autolink"):
            continue
        if link.image:
            if not logo and link.raw_url.strip():
                logo = link.raw_url.strip().strip("<>")
        elif prose.plain(link.text):
            continue
        pieces.append(text[position : link.start])
        position = link.end
    pieces.append(text[position:])
    return "".join(pieces), logo


def _head(text: str, references: Mapping[str, str]) -> tuple[str, str | None, str, str]:
    """Split `text` into (name markdown, name's raw URL, rest, head style)."""
    bold = _BOLD_HEAD.match(text)
    if bold:
        inner = bold.group(2)
        inner_links = [link for link in prose.links(inner, references) if not link.image]
        url = inner_links[0].raw_url if inner_links else None
        rest = text[bold.end() :]
        # "**Nom : mission**" or "**Nom** **: mission**": the colon ends the name.
        name_part, colon, after = inner.partition(":")
        if colon and after.strip() and not inner_links and len(name_part.split()) <= 8:
            return name_part, None, ":" + after + rest, "bold"
        return inner, url, rest, "bold"
    found = [link for link in prose.links(text, references) if not link.image]
    if found and found[0].start == 0 and found[0].kind != "bare":
        first = found[0]
        return first.text, first.raw_url, text[first.end :], "link"
    italic = _ITALIC_HEAD.match(text)
    if italic and _LEADING_SEPARATOR.match(text[italic.end() :]):
        return italic.group(2), None, text[italic.end() :], "plain"
    spans = [(link.start, link.end) for link in found]
    for separator in _SEPARATOR.finditer(text):
        if any(start <= separator.start() < end for start, end in spans):
            continue
        if separator.start() == 0:
            continue
        return text[: separator.start()], None, text[separator.start() :], "plain"
    return text, None, "", "plain"


def _apply_label(entry: Entry, label: str, value: str, references: Mapping[str, str]) -> None:
    label = label.lower()
    value_links = [link for link in prose.links(value, references) if not link.image]
    text = prose.plain(value, references)
    if label.startswith(("lien", "site", "url")):
        if entry.url is None:
            entry.url = value_links[0].raw_url if value_links else value.strip()
    elif label.startswith(("montant", "financement", "ticket")):
        entry.amount = parse_amount(f"montant {text}")
    elif label.startswith(("mission", "description", "objectif", "le projet")):
        entry.description = clean_description(" ".join(filter(None, [entry.description, text])))
    else:
        entry.sponsor = clean_sponsor(text, after_verb=label.startswith("incub"))


_SPONSOR_BEFORE = re.compile(
    r"(?:issue?s?\s+(?:du|des|de|d['’])|au\s+sein\s+(?:du|des|de|d['’])"
    r"|(?:incub|port|sponsoris|soutenu)\w*\s+(?:à|au|aux|par|chez)|sponsors?\s*:)\s*$",
    re.IGNORECASE,
)
# "**Pix** : service de la Fabrique Numérique du Ministère A & du Ministère B"
_RELATIVE = re.compile(r"\s+(?:qui|que|dont|pour|afin|avec)\b", re.IGNORECASE)
_SERVICE_OF = re.compile(
    r"\b(?:services?|startups?(?:\s+d['’][ée]tat)?|produits?)\s+(?:num[ée]riques?\s+)?de\s+"
    r"(?P<who>(?:la|l['’])\s*(?:fabrique|incubateur|atelier|acc[ée]l[ée]rateur)"
    r"[^.;()\n\[\]]{0,200}?)[\s.;]*$",
    re.IGNORECASE,
)


def _laureate_link(
    description: str, name: str, references: Mapping[str, str]
) -> tuple[str | None, str]:
    """The description's link that is the laureate's own (and the description without it)."""
    chosen: prose.ProseLink | None = None
    for link in prose.links(description, references):
        if link.image:
            continue
        label = prose.plain(link.text)
        if _SPONSOR_BEFORE.search(description, max(0, link.start - 40), link.start):
            continue  # "Issu de [l'incubateur X](url)": the sponsor's link, not the laureate's
        if (
            _MORE.match(label)
            or label.casefold() == name.casefold()
            or link.kind in ("bare", "autolink")
            or _REGISTRY_PAGE.search(link.raw_url)
            or _DOMAIN.fullmatch(label)
        ):
            chosen = link
            break
    if chosen is None:
        return None, description
    label = prose.plain(chosen.text)
    if _MORE.match(label) or chosen.kind in ("bare", "autolink") or _DOMAIN.fullmatch(label):
        # "… [En savoir plus](url)." says nothing: drop it from the description.
        before = description[: chosen.start].rstrip(" (")
        after = description[chosen.end :].lstrip(" )")
        description = before + (" " if before and after else "") + after
    return chosen.raw_url, description


_BLANKS = re.compile(r"[ \t]{2,}")
_WHO_ENDS = re.compile(r",\s+(?:pour|afin|qui|que|dont|avec|en|et)\b", re.IGNORECASE)
_DASH = re.compile(r"\s+[-–—|]\s+")


def _dash_segments(description: str) -> tuple[str, str, bool] | None:
    """ "mission - Direction …, du logement - Ministère B": the last dash-separated
    segments that name administrations (several are one joint sponsor)."""
    parts = _DASH.split(description)
    if len(parts) < 2 or len(parts) > 12:
        return None
    sponsors: list[str] = []
    while len(parts) > 1:
        candidate = parts[-1].strip(" .;,")
        if not (
            re.match(r"(?:[A-ZÀ-Ý]|l['’][A-ZÀ-Ý])", candidate)
            and is_administration(candidate)
            and len(candidate.split()) <= 10
        ):
            break
        sponsors.insert(0, candidate)
        parts.pop()
    if not sponsors:
        return None
    rest = _join_before(description, len(parts))
    return rest, clean_sponsor(" - ".join(sponsors)), False


def _join_before(description: str, kept: int) -> str:
    """`description` up to the dash that follows its `kept`-th segment."""
    dashes = list(_DASH.finditer(description))
    return description[: dashes[kept - 1].start()]


def _tail(text: str) -> int:
    """Where to look for a sponsor clause: the last 2,000 characters (an item is shorter;
    a hostile one must not make every position try a 160-character clause)."""
    return max(0, len(text) - 2000)


def _origin(description: str) -> re.Match[str] | None:
    """The first "Issu de …"/"au sein de …" clause that names an administration."""
    for tried, match in enumerate(_ORIGIN.finditer(description, _tail(description))):
        if tried == 8:  # an item names its origin once or twice: the rest is not a list of them
            break
        who = prose.plain(match.group("who"))
        if is_administration(who) and not _NOT_AN_ORGANISATION.match(who):
            return match
    return None


def _extract_sponsor(description: str) -> tuple[str, str, bool]:
    """(description without the sponsor, cleaned sponsor, whether it is for the whole group)."""
    italic = _TRAILING_ITALIC_PARENTHESIS.search(description)
    if italic:
        who = italic.group(1) or italic.group(2) or ""
        return description[: italic.start()], clean_sponsor(prose.plain(who)), False
    clause = _CLAUSE.search(description, _tail(description)) or _origin(description)
    trailing = _TRAILING_PARENTHESIS.search(description)
    if trailing and not is_administration(trailing.group(1)):
        trailing = None
    # "…, Incubé à la Fabrique (MTE)." ends the item: the clause names the sponsor. A clause
    # inside the description ("des services portés par l'ADEME (Agence …)") yields to a
    # final parenthesis.
    if clause and (trailing is None or not description[clause.end() :].strip(" .;,)")):
        origin = re.match(ORIGIN_VERB, clause.group("verb"), re.I) is not None
        raw, after = clause.group("who"), description[clause.end() :]
        cut = _WHO_ENDS.search(raw)  # "par la DINUM, pour l'ouverture …": the rest is mission
        if cut:
            raw, after = raw[: cut.start()], raw[cut.start() :] + " " + after
        who = clean_sponsor(prose.plain(raw), after_verb=not origin)
        plural = bool(_PLURAL_CLAUSE.match(clause.group("verb").strip()))
        rest = description[: clause.start()] + " " + after
        return rest, who, plural
    if trailing:
        return description[: trailing.start()], clean_sponsor(trailing.group(1)), False
    of = _OF_SEGMENT.search(description)
    if of:
        who = of.group("who") or of.group("ministry") or ""
        return description[: of.start()], clean_sponsor(who), False
    service_of = _SERVICE_OF.search(description, _tail(description))
    if service_of:  # the mission stays whole: "service de …" is what it says
        who = _RELATIVE.split(service_of.group("who"), maxsplit=1)[0]  # "… qui certifie"
        return description, clean_sponsor(who), False
    segments = _dash_segments(description)
    if segments is not None:
        return segments
    last = _LAST_SEGMENT.search(description)
    if last and is_administration(last.group(1)) and len(last.group(1).split()) <= 10:
        # "mission - Ministère de l'Agriculture", "mission, DINUM"
        return description[: last.start()], clean_sponsor(last.group(1)), False
    return description, "", False


def parse_entry(
    text: str, references: Mapping[str, str] | None = None, *, head: str | None = None
) -> Entry | None:
    """Read one laureate from `text`; `head` is a heading's text when the entry is a section."""
    references = references or {}
    text = text.replace("&nbsp;", " ").replace("\u00a0", " ")
    # One space for a run of blanks: the patterns below may start at every blank, so a long
    # run would cost its length squared.
    text = _BLANKS.sub(" ", text)
    text, logo = _strip_strays(text.strip(), references)
    lines = [line.strip() for line in text.split("\n")]
    first = _LEADING_NOISE.sub("", lines[0]) if lines else ""
    if head is not None:
        heading, logo_h = _strip_strays(head, references)
        logo = logo or logo_h
        head_links = [link for link in prose.links(heading, references) if not link.image]
        name_md, url, style = heading, (head_links[0].raw_url if head_links else None), "heading"
        rest_lines = lines
        separated = True
    else:
        name_md, url, rest, style = _head(first, references)
        rest_lines = [rest, *lines[1:]]
        separated = bool(_LEADING_SEPARATOR.match(rest)) or name_md.rstrip().endswith(":")
    name = clean_name(prose.plain(name_md, references))
    name_sponsor = ""
    inside = re.fullmatch(r"(.+?)\s*\(([^()]{2,120})\)", name)
    if inside and _INCUBATOR_NAME.match(name) and _ACRONYM.match(inside.group(2)):
        inside = None  # "L'incubateur de la Direction Y (DY)": the acronym is the name's
    if inside and _sponsor_parenthesis(inside.group(2), ": ."):
        name, name_sponsor = clean_name(inside.group(1)), clean_sponsor(inside.group(2))
    if not name:
        return None
    entry = Entry(name=name, url=url, logo=logo, head=style, separated=separated)
    entry.linked_name = bool(url and url.strip())
    entry.sponsor = name_sponsor
    description_parts: list[str] = []
    for index, line in enumerate(rest_lines):
        if not line.strip():
            continue
        label = _LABEL.match(line)
        if label and (index > 0 or head is not None or not description_parts):
            _apply_label(entry, label.group("label"), label.group("value"), references)
            continue
        line = re.sub(r"^\s*[-*+•]\s+", "", line) if index > 0 else line
        description_parts.append(line)
    description = " ".join(description_parts)
    if head is None:
        parenthesis = _LEADING_PARENTHESIS.match(description)
        if parenthesis and _sponsor_parenthesis(
            parenthesis.group(1), description[parenthesis.end() :]
        ):
            entry.sponsor = entry.sponsor or clean_sponsor(prose.plain(parenthesis.group(1)))
            description = description[parenthesis.end() :]
        leading = _LEADING_SEPARATOR.match(description)
        if leading:
            entry.separated = True
            description = description[leading.end() :]
    link_url, description = _laureate_link(description, name, references)
    if entry.url is None or not entry.url.strip():
        entry.url = link_url
    if entry.amount is None:
        entry.amount = parse_amount(prose.plain(description, references))
    description, sponsor, plural = _extract_sponsor(description)
    if sponsor:
        if plural:
            entry.group_sponsor = sponsor
        entry.sponsor = entry.sponsor or sponsor
    entry.description = clean_description(
        " ".join(filter(None, [entry.description, prose.plain(description, references)]))
    )
    if INCUBATOR.search(name) or re.match(
        r"^(?:un |l['’]\s*|notre )?(?:incubateur|fabrique|acc[ée]l[ée]rateur)",
        entry.description,
        re.I,
    ):
        entry.kind = "incubator"
    of = _INCUBATOR_NAME.match(name)
    if not entry.sponsor and of and is_administration(of.group("of")):
        entry.sponsor = clean_sponsor(of.group("of"))
    if entry.url is not None and not entry.url.strip():
        entry.url = None
    return entry


def plausible(entry: Entry) -> bool:
    """Does this look like a laureate (a short proper name with something said about it)?"""
    name = entry.name
    words = name.split()
    incubator = _INCUBATOR_NAME.match(name) is not None  # "L'incubateur de la Direction …"
    linked = entry.head == "link" or entry.linked_name  # the author linked it: a name
    most = 14 if incubator else 12 if linked else 9
    if not words or len(words) > most or len(name) > (120 if incubator or linked else 80):
        return False
    if not re.search(r"[^\W\d_]{2}", name):
        return False  # "2021": a date, not a name
    if not linked and re.fullmatch(r"\d{1,2}\s*h\s*\d{0,2}.*", name):
        return False  # "9h30 : accueil": a schedule
    if name.endswith(("?", "!")) or "lauréat" in name.lower() or "laureat" in name.lower():
        return False
    if entry.head == "plain":
        if not entry.separated or len(entry.description.split()) < 2:
            return False
        if not (name[0].isupper() or name[0].isdigit()):
            return False
        if len(words) > (14 if incubator else 6):
            return False
    # A linked name ("**[Mission Apprentissage](url)**") is a name, even if it reads like a label.
    if not linked and (_NOT_A_NAME.match(name) or _GENERIC_NAME.match(name)):
        return False
    return entry.has_substance or (entry.head in ("link", "bold") and bool(entry.url))
