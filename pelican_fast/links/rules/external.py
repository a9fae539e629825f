"""PF9: what ``pelican-fast check`` finds over HTTP (never the Markdown engine).

Declared here with the mapping from a URL's result (its kind and flags, by their
values: this module must not import the HTTP client) to a rule code; the findings
are made per occurrence in ``links/external/findings.py``.
"""

from __future__ import annotations

from pelican_fast.links.model import ERROR, UNSAFE, WARNING
from pelican_fast.links.rules.base import Rule

RULES: tuple[Rule, ...] = (
    Rule(
        "PF901",
        "dead-link",
        ERROR,
        None,
        "An external link whose page answers 404, 410 or another client error, or a persistent "
        "500, or whose host no longer exists.",
        "Readers land on an error page: the site, the page or the form is gone.",
        "[le budget](https://www.assemblee-nationale.fr/15/budget/plf2019/ancienne-page.asp)",
        None,
    ),
    Rule(
        "PF902",
        "moved-permanently",
        WARNING,
        UNSAFE,
        "An external link answered by a permanent redirect (301, 308) to a working page.",
        "It works today through the redirect, which the other site may drop; the new address "
        "is the one to keep. Unsafe: the redirect could be a temporary mistake of that site.",
        "[le guide](http://beta.gouv.fr/guide)",
        "[le guide](https://beta.gouv.fr/guide/)",
    ),
    Rule(
        "PF903",
        "redirect-to-login",
        WARNING,
        None,
        "An external link that now lands on a login page.",
        "Readers cannot see the page; it was probably made private.",
        "[le tableau](https://docs.example.org/spreadsheet/d/abc)",
        None,
    ),
    Rule(
        "PF904",
        "redirect-to-parking",
        WARNING,
        None,
        "An external link whose domain now looks parked or for sale.",
        "The service closed and its domain was taken: the link now advertises something else.",
        "[le service](https://ancien-service.fr)",
        None,
    ),
    Rule(
        "PF905",
        "redirect-to-home",
        WARNING,
        None,
        "A deep external link that now lands on the site's home page.",
        "The page was removed; readers do not find what the post promised.",
        "[le rapport](https://www.numerique.gouv.fr/publications/rapport-2019/)",
        None,
    ),
    Rule(
        "PF906",
        "missing-anchor",
        WARNING,
        None,
        "A `#fragment` that is no id or name of the target page (with `check --fragments`).",
        "The page opens at its top instead of the section the post points to.",
        "[les critères](https://beta.gouv.fr/guide#criteres-disparus)",
        None,
    ),
    Rule(
        "PF910",
        "rate-limited",
        WARNING,
        None,
        "The site kept answering 429 Too Many Requests: the link was not checked.",
        "Unknown, not dead: `check` exits 3 when only such results remain.",
        "[profil](https://www.linkedin.com/company/betagouv)",
        None,
    ),
    Rule(
        "PF911",
        "timeout",
        WARNING,
        None,
        "No answer within the timeout, after retries.",
        "Unknown, not dead: a slow site or network.",
        "[le site](https://lent.example.org)",
        None,
    ),
    Rule(
        "PF912",
        "network-error",
        WARNING,
        None,
        "Connection refused or reset, TLS or DNS trouble.",
        "Unknown, not dead, unless other hosts resolved in the same run and this one did not.",
        "[le site](https://injoignable.example.org)",
        None,
    ),
    Rule(
        "PF913",
        "access-denied",
        WARNING,
        None,
        "The site answers 401 or 403: a login, or robots are refused.",
        "Unknown: the page may work for a person in a browser.",
        "[le document](https://intranet.example.gouv.fr/doc)",
        None,
    ),
    Rule(
        "PF914",
        "server-unavailable",
        WARNING,
        None,
        "502, 503 or 504 that persisted after retries.",
        "Unknown: the site is down now, maybe not tomorrow.",
        "[le site](https://en-maintenance.example.org)",
        None,
    ),
    Rule(
        "PF915",
        "not-checked",
        WARNING,
        None,
        "A link still waiting for its answer when the run's deadline (`check --deadline`) "
        "passed: it was not checked.",
        "Unknown, not dead: the run stopped on time instead of waiting for slow sites. "
        "`check` exits 3 when only such results remain; the next run (or a longer deadline) "
        "checks it.",
        "[le site](https://tres-lent.example.org)",
        None,
    ),
)

# Codes found over HTTP by `pelican-fast check`, never by the Markdown engine.
EXTERNAL_PREFIX = "PF9"

# A result's kind (Kind.value) and flags (Flag.value) -> the rule that reports them.
KIND_CODES = {
    "broken": "PF901",
    "redirected": "PF902",
    "rate-limited": "PF910",
    "timeout": "PF911",
    "network-error": "PF912",
    "denied": "PF913",
    "unavailable": "PF914",
    "not-checked": "PF915",
}
MOVED_PERMANENTLY = KIND_CODES["redirected"]  # the one result with a fix (the new URL)
FLAG_CODES = {
    "login": "PF903",
    "parking": "PF904",
    "home": "PF905",
    "missing-anchor": "PF906",
}
