"""PF5: links that work today but will rot or leak (expiring hosts, tracking, http)."""

from __future__ import annotations

from pelican_fast.links import urls
from pelican_fast.links.model import FRONT_MATTER, INFO, UNSAFE, WARNING
from pelican_fast.links.rules.base import Cascade, Reporter, Rule

RULES: tuple[Rule, ...] = (
    Rule(
        "PF501",
        "expiring-image-host",
        WARNING,
        None,
        "An image on a host whose URLs expire (googleusercontent, LinkedIn and Facebook CDNs, "
        "Slack or Discord attachments).",
        "The image disappears weeks later; copy it into the site.",
        "![](https://lh3.googleusercontent.com/abc=w600)",
        None,
    ),
    Rule(
        "PF502",
        "tracking-parameters",
        INFO,
        None,
        "Tracking parameters in a URL (`utm_*`, `fbclid`, `gclid`, `xtor`…).",
        "They follow readers across sites and make the same page look like many.",
        "[le site](https://beta.gouv.fr/?utm_source=newsletter)",
        None,
    ),
    Rule(
        "PF503",
        "insecure-http",
        WARNING,
        UNSAFE,
        "An `http://` link to a host the same post (or the site) links to with `https://`.",
        "The host serves HTTPS; plain HTTP exposes readers and is often redirected.",
        "[a](https://beta.gouv.fr/a) et [b](http://beta.gouv.fr/b)",
        "[a](https://beta.gouv.fr/a) et [b](https://beta.gouv.fr/b)",
    ),
)


def check_hygiene(cascade: Cascade, report: Reporter, https_hosts: set[str]) -> None:
    """PF501/PF502/PF503 on a working http(s) destination."""
    link = cascade.link
    value = cascade.value
    start, end = link.dest_start, link.dest_end
    lowered = value.lower()
    if not lowered.startswith(("http://", "https://")):
        return
    if (link.image or link.kind == FRONT_MATTER or link.tag in ("img", "iframe", "source")) and (
        urls.expiring_host(value)
    ):
        report.add("PF501", f"image on {urls.host_of(value)}, whose URLs expire", start, end)
    tracked = urls.tracking_parameters(value) if "?" in value else []
    if tracked:
        report.add("PF502", "tracking parameters: " + ", ".join(tracked), start, end)
    if lowered.startswith("http://"):
        host = urls.strip_www(urls.host_of(value))
        if host and host in https_hosts:
            cascade.stage += 1
            report.add(
                "PF503",
                f"http:// link to {host}, which is linked with https:// elsewhere",
                start,
                end,
                cascade.render("https://" + value[len("http://") :]),
                cascade.applicability(UNSAFE),
                cascade.stage,
            )
