"""Example site: a Jekyll blog built by Pelican with pelican-fast.

Build it from the repository root with:
    pelican -s example_site/pelicanconf.py
The site is written to example_site/output/.
"""

import os

_HERE = os.path.dirname(os.path.abspath(__file__))

AUTHOR = "L'équipe FAST"
SITENAME = "Blog du FAST (exemple)"
SITEURL = ""
PATH = os.path.join(_HERE, "content")
OUTPUT_PATH = os.path.join(_HERE, "output")
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"

# Jekyll posts live in content/_posts; images under content/img are copied as is.
STATIC_PATHS = ["img"]
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["_posts"]

# The plugin, and its one settings dict (see docs/settings.md).
PLUGINS = ["pelican_fast"]
PELICAN_FAST = {
    # Permalink style, time zone, url and baseurl come from the Jekyll config.
    "jekyll_config": "_config.yml",
    # Laureate cards: from the prose of announcement posts (the 2019-12-03 post),
    # and from a data file placed with {% laureates edition=17 %}.
    "laureates": {
        "detect": True,
        "data": "data/laureats.yml",
        "edition_label": "FAST {edition}",
        "stylesheet": True,
    },
}

FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
DEFAULT_PAGINATION = 10
CACHE_PATH = os.path.join(_HERE, "cache")
