"""Generate a realistic Jekyll corpus (and its plain-Pelican twin) for the benchmarks.

    python benchmarks/corpus.py OUT_DIR --posts 1000

Writes OUT_DIR/jekyll/_posts/*.md (Jekyll front matter in every form the reader
supports, Liquid, 5-20 links per post of which some are broken, a few laureate
lists, laureates named in passing in one post in ten) and OUT_DIR/pelican/*.md: the same Markdown with Pelican's own metadata
header, Liquid already resolved, and the same URLs, so that a build of the twin
does the same Markdown and template work without the plugin (the baseline).

What a years-old blog written in a CMS also has, in about the shares seen in such
blogs: links to earlier posts (``{% post_url %}`` and absolute links to the blog's own
domain, some to posts that do not exist), ``redirect_from`` lists, kramdown attribute
lists, ``{% raw %}`` regions, HTML blocks, several authors, and images under ``img/``
of which most exist (both trees get the same image files).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import unicodedata
from pathlib import Path

WORDS = (
    "administration numérique service public usagers startup d'État équipe produit "
    "impact mesure accompagnement incubateur territoire collectivité ministère agents "
    "données ouverture accessibilité démarche simplification formulaire déploiement "
    "financement appel projets édition fonds accélération mentors sponsor "
    "expérimentation itération utilisateur besoin terrain solution problème politique"
).split()
CATEGORIES = ["general", "dinsic", "fast", "appels", "Vie de la communauté", "territoires"]
TAGS = ["fonds", "FAQ", "territoires", "préincubation", "startups d'État", "design", "data"]
AUTHORS = ["Marie Dupont", "Paul Martin", "Awa Diallo", "Jean-Luc Picard", "Équipe FAST"]
GOOD_LINKS = [
    "https://beta.gouv.fr/startups/lapins.html",
    "https://www.numerique.gouv.fr/",
    "https://trackdechets.beta.gouv.fr",
    "https://doc.incubateur.net/communaute",
    "/img/posts/affiche-1.png",
    "mailto:contact@beta.gouv.fr",
]
BROKEN_LINKS = [
    "<(https://beta.gouv.fr/startups/lapins.html>",
    "<mailto: fast@beta.gouv.fr>",
    "www.cmachance.fr",
    "fast@beta.gouv.fr",
    "https://https://classe-a-12.beta.gouv.fr",
    "",
]
LAUREATES = """
La DINUM a retenu {n} lauréats :

**Lapins** : Réduire les rendez-vous annulés _(Consortium de collectivités)._ [En savoir plus](<(https://beta.gouv.fr/startups/lapins.html>).

**Trackdéchets** : Gérer la traçabilité des déchets _(Ministère de la transition écologique)._ [En savoir plus](https://trackdechets.beta.gouv.fr).

**Cmachance.fr** : Faciliter la mise en relation dans l'artisanat _(Chambre des métiers)._ [En savoir plus](https://www.cmachance.fr).
"""


# a valid 1×1 PNG, so that image links point at real files
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


# Sentences that mention laureates without listing them (one post in ten has one; the
# vocabulary above does not hold the word, since real prose does not repeat it at random).
MENTIONS = [
    "Les lauréats de la précédente édition témoignent de leur première année.",
    "Vous êtes lauréat ? Écrivez-nous pour raconter votre projet.",
    "Les futurs lauréats seront accompagnés par un coach pendant six mois.",
    "Lauréate en 2019, l'équipe a depuis ouvert son service à trois régions.",
]


def ascii_slug(word: str) -> str:
    """What a CMS writes in file names: lower-case ASCII, apostrophes dropped."""
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return plain.replace("'", "").lower()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, links: list[tuple[str, str]]) -> str:
    parts = [sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(2, 5))]
    for text, url in links:
        index = rng.randrange(len(parts))
        parts[index] += f" Voir [{text}]({url})."
    return " ".join(parts)


def front_matter_date(rng: random.Random, day: dt.date) -> tuple[str, dt.datetime]:
    """A date in one of the YAML forms real posts use, and the instant it means."""
    form = rng.randrange(4)
    at = dt.datetime(day.year, day.month, day.day, rng.randint(7, 19), rng.choice([0, 15, 30]))
    if form == 0:
        return f"date: {day.isoformat()}", dt.datetime(day.year, day.month, day.day)
    if form == 1:
        return f"date: '{at:%Y-%m-%d %H:%M}'", at
    if form == 2:
        return f"date: {at:%Y-%m-%d %H:%M:%S} +0100", at
    return "", dt.datetime(day.year, day.month, day.day)


SITE = "https://blog.example"
IMAGES = 7  # img/posts/affiche-0.png … affiche-6.png exist; higher numbers do not


def earlier_links(rng: random.Random, earlier: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """Links to earlier posts: (text, Jekyll form, resolved form for the twin)."""
    links: list[tuple[str, str, str]] = []
    if not earlier:
        return links
    for _ in range(rng.choice([0, 0, 1, 2])):
        name, url = rng.choice(earlier)
        text = sentence(rng, 3).rstrip(".")
        if rng.random() < 0.5:
            links.append((text, "{% post_url " + name + " %}", url))
        elif rng.random() < 0.8:
            links.append((text, SITE + url, SITE + url))
        else:  # a post that was renamed or never existed
            links.append((text, SITE + url + "ancien/", SITE + url + "ancien/"))
    return links


def make_post(
    rng: random.Random, index: int, earlier: list[tuple[str, str]] | None = None
) -> tuple[str, str, str, dict[str, str]]:
    """One post: (file name, Jekyll text, twin body, twin metadata)."""
    earlier = earlier or []
    day = dt.date(2016, 1, 1) + dt.timedelta(days=index % 3400)
    words = (rng.choice(WORDS) for _ in range(4))
    slug = "-".join(ascii_slug(word) for word in words) + f"-{index}"
    date_line, instant = front_matter_date(rng, day)
    cats = rng.sample(CATEGORIES, rng.randint(1, 2))
    tags = rng.sample(TAGS, rng.randint(0, 3))
    author = rng.choice(AUTHORS)
    title = sentence(rng, rng.randint(4, 9)).rstrip(".")
    excerpt = sentence(rng, 12)
    n_links = rng.randint(5, 20)
    links = [
        (
            sentence(rng, 2).rstrip("."),
            rng.choice(BROKEN_LINKS if rng.random() < 0.1 else GOOD_LINKS),
        )
        for _ in range(n_links)
    ]
    paragraphs = []
    per = max(1, n_links // 4)
    for start in range(0, n_links, per):
        paragraphs.append(paragraph(rng, links[start : start + per]))
    if index % 50 == 0:
        paragraphs.insert(1, LAUREATES.format(n=3))
    elif index % 10 == 5:  # laureates named in passing: detection must look, and find nothing
        paragraphs.insert(1, rng.choice(MENTIONS))
    paragraphs.insert(2, "## " + sentence(rng, 4).rstrip("."))
    twin_paragraphs = list(paragraphs)
    for text, jekyll_url, twin_url in earlier_links(rng, earlier):
        paragraphs.append(f"Lire aussi [{text}]({jekyll_url}).")
        twin_paragraphs.append(f"Lire aussi [{text}]({twin_url}).")
    extras = []
    if index % 10 == 3:
        extras.append(
            "[Candidater](https://www.demarches-simplifiees.fr/commencer/fast)\n{: .fr-btn}"
        )
    if index % 25 == 7:
        extras.append(
            '<div class="encart">\n<p>Contact : <a href="mailto:contact@beta.gouv.fr">'
            "contact@beta.gouv.fr</a></p>\n</div>"
        )
    if index % 40 == 11:
        extras.append("{% raw %}`{{ page.title }}`{% endraw %} s'affiche tel quel.")
    image = index % (IMAGES + 1 if index % 20 == 0 else IMAGES)  # 1 in 20 may be missing
    extras.append(f"![Affiche]({{{{ site.baseurl }}}}/img/posts/affiche-{image}.png)")
    paragraphs += extras
    twin_paragraphs += [
        e.replace("{% raw %}", "").replace("{% endraw %}", "").replace("{{ site.baseurl }}", "")
        for e in extras
    ]
    body = "\n\n".join(paragraphs) + "\n"
    twin_body = "\n\n".join(twin_paragraphs) + "\n"
    tag_yaml = (
        "tags: '" + ", ".join(tags).replace("'", "''") + "'"
        if index % 2
        else "tags: [" + ", ".join(f'"{t}"' for t in tags) + "]"
    )
    cat_yaml = (
        "categories: " + (" ".join(c for c in cats if " " not in c) or "general")
        if index % 3 == 0
        else "categories: [" + ", ".join(f'"{c}"' for c in cats) + "]"
    )
    second = rng.choice(AUTHORS)
    author_yaml = (
        f"authors: [{author}, {second}]"
        if index % 8 == 5 and second != author
        else f"author: {author}"
    )
    redirect_yaml = (
        f"redirect_from:\n  - /{slug}/\n  - /blog/{index}.html" if index % 20 == 9 else ""
    )
    jekyll = (
        "\n".join(
            line
            for line in [
                "---",
                "layout: post",
                f'title: "{title}"',
                date_line,
                cat_yaml,
                tag_yaml,
                author_yaml,
                f"image: /img/posts/affiche-{index % IMAGES}.png",
                redirect_yaml,
                "excerpt: >-",
                f"  {excerpt}",
                "---",
            ]
            if line
        )
        + "\n"
        + body
    )
    meta = {
        "title": title,
        "date": instant.strftime("%Y-%m-%d %H:%M"),
        "slug": slug,
        "category": cats[0] if index % 3 else (cats[0] if " " not in cats[0] else "general"),
        "tags": ", ".join(tags),
        "author": author,
        "summary": excerpt,
    }
    if author_yaml.startswith("authors"):
        meta["author"] = ""
        meta["authors"] = f"{author}, {second}"
    return f"{day.isoformat()}-{slug}.md", jekyll, twin_body, meta


def pelican_twin(body: str, meta: dict[str, str]) -> str:
    """The same post for plain Pelican: its own metadata header, Liquid resolved."""
    header = "\n".join(f"{key.capitalize()}: {value}" for key, value in meta.items() if value)
    return header + "\n\n" + body


def generate(out: Path, posts: int, seed: int = 2019) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    jekyll_dir = out / "jekyll" / "_posts"
    pelican_dir = out / "pelican"
    jekyll_dir.mkdir(parents=True)
    pelican_dir.mkdir(parents=True)
    (out / "_config.yml").write_text(
        "permalink: /:year/:month/:day/:title/\ntimezone: Europe/Paris\nurl: https://blog.example\n",
        encoding="utf-8",
    )
    for tree in (out / "jekyll", pelican_dir):
        images = tree / "img" / "posts"
        images.mkdir(parents=True)
        for number in range(IMAGES):
            (images / f"affiche-{number}.png").write_bytes(PNG)
    earlier: list[tuple[str, str]] = []
    for index in range(posts):
        name, jekyll, body, meta = make_post(rng, index, earlier)
        (jekyll_dir / name).write_text(jekyll, encoding="utf-8")
        (pelican_dir / name).write_text(pelican_twin(body, meta), encoding="utf-8")
        if index % 5 == 0:
            day, slug = name[:10], name[11:-3]
            earlier.append((name[:-3], "/" + day.replace("-", "/") + f"/{slug}/"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    arguments = parser.parse_args()
    generate(arguments.out, arguments.posts)
    print(f"{arguments.posts} posts written under {arguments.out}")
