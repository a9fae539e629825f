"""Liquid in a real build: the blog's own tags and filters, includes, loops, excerpts (issue 18).

Built twice with Pelican's content cache on: the second build serves the posts from
the cache and must give the same pages and the same one-line-per-name report.
"""

from __future__ import annotations

import html
from typing import Any

from pelican.log import LimitFilter

from tests.conftest import BuildSite


def embed(url: Any, *args: Any) -> str:
    """The port of a typical Jekyll `embed` filter: a YouTube URL becomes an iframe."""
    video = str(url).rsplit("v=", 1)[-1]
    return f'<iframe src="https://www.youtube-nocookie.com/embed/{html.escape(video)}"></iframe>'


def team_link(name: Any, *args: Any) -> str:
    slug = str(name).lower().replace(" ", "-")
    return f'<a href="/equipe/{slug}/">{html.escape(str(name))}</a>'


def oembed(markup: str, variables: Any) -> str:
    return f'<div class="oembed" data-url="{html.escape(markup.strip())}"></div>'


POST = """---
title: Vidéo
excerpt: "Le **résumé** de {{ page.title }}"
images: [/img/a.png, /img/b.png]
team: [Ada Lovelace, Alan Turing]
---
{{ "https://www.youtube.com/watch?v=abc123" | embed }}

{% oembed https://vimeo.com/1 %}

{% for person in page.team %}- {{ person | team_link }}
{% endfor %}
![première]({{ page.images[0] }})

{% include note.html texte="Bonjour" %}

{{ "x" | inconnu }} {{ "y" | inconnu }} {% balise_inconnue %}
"""


def test_user_tags_and_filters_includes_and_loops_in_a_cached_build(
    build_site: BuildSite,
) -> None:
    settings = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "PELICAN_FAST": {
            "jekyll_config": "_config.yml",
            "liquid": {
                "filters": {"embed": embed, "team_link": team_link},
                "tags": {"oembed": oembed},
            },
        },
    }
    root_files = {
        "_config.yml": "permalink: /:year/:month/:day/:title.html\n",
        "_includes/note.html": '<p class="note">{{ include.texte }}</p>\n',
    }
    pages = []
    for run in range(2):
        LimitFilter._raised_messages = set()  # each build is a new `pelican` run
        LimitFilter._group_count.clear()
        site = build_site(
            {
                "_posts/2020-03-01-video.md": POST,
                # A later post: the theme shows the latest in full, the others by excerpt.
                "_posts/2020-04-01-suite.md": "---\ntitle: Suite\n---\nLa suite.\n",
            }
            if run == 0
            else None,
            settings,
            root_files=root_files if run == 0 else None,
            clean=True,
        )
        page = site.read("2020/03/01/video.html")
        pages.append(page)
        assert "youtube-nocookie.com/embed/abc123" in page
        assert 'class="oembed" data-url="https://vimeo.com/1"' in page
        assert '<a href="/equipe/ada-lovelace/">Ada Lovelace</a>' in page
        assert 'src="/img/a.png"' in page
        assert '<p class="note">Bonjour</p>' in page
        # No raw Liquid left but the unknown tag, kept visible (Jekyll would stop on it).
        assert "{{" not in page and page.count("{%") == 1 and "{% balise_inconnue %}" in page
        unknown = [m for m in site.messages() if "inconnu" in m or "balise_inconnue" in m]
        # One line per name for the whole build, with the number of uses and the first place.
        assert len([m for m in unknown if "inconnu" in m and "balise" not in m]) == 1, unknown
        assert any("2" in m and "_posts/2020-03-01-video.md" in m for m in unknown), unknown
        index = site.read("index.html")
        assert "Le **résumé** de Vidéo" in index  # a front-matter excerpt is printed as written
    assert pages[0] == pages[1]
