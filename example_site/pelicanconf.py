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
    # The build instant, fixed so that the example builds the same every day:
    # the 4th call is open (a banner on every page), the 2nd is closed.
    "now": "2020-05-15T12:00:00+02:00",
    # Calls for projects (see docs/calls.md).
    "calls": {
        "items": [
            {
                "id": "fast-2",
                "title": "Fonds d'accélération des startups d'État",
                "edition": "2e édition",
                "opens": "2019-10-01",
                "closes": "2019-11-04T23:59:00+01:00",
                "apply_url": "https://www.demarches-simplifiees.fr/commencer/fast-2",
                "contact": "fast@beta.gouv.fr",
            },
            {
                "id": "fast-4",
                "title": "Fonds d'accélération des startups d'État",
                "edition": "4e édition",
                "opens": "2020-05-04",
                "closes": "2020-06-30",
                "apply_url": "https://www.demarches-simplifiees.fr/commencer/fast-4",
                "info_url": "/dinsic/fast/2019/04/19/fonds-dacceleration-des-startups-detat-faq/",
                "contact": "fast@beta.gouv.fr",
                "description": "Un ticket de co-financement pour **accélérer** un service "
                "numérique public qui a fait ses preuves.",
            },
        ],
        # The example's theme is not DSFR: link the small fallback stylesheet.
        "stylesheet": True,
    },
    # Laureate cards: from the prose of announcement posts (the 2019-12-03 post),
    # and from a data file placed with {% laureates edition=3 %} (the 2020-04-20 post).
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
