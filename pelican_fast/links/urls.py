"""What a destination string is: an e-mail address, a host, a wrapped redirect…

Pure string functions the rules share. Nothing here touches the network.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
EMAIL = re.compile(
    r"^[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?:\?\S*)?$", re.UNICODE
)
EMAIL_IN_TEXT = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
URL_IN_TEXT = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
HOST_IN_TEXT = re.compile(r"(?:[\w-]+\.)+[^\W\d_]{2,}")

# Top-level domains a link to a site is likely to use. Two-letter codes are
# country domains, minus those that are more often file extensions.
_GENERIC_TLD_NAMES = (
    "com net org info biz gov edu int mil eu app dev tech xyz online site club shop store "
    "blog news paris bzh alsace corsica asso coop museum travel pro name mobi aero jobs "
    "cloud digital social media agency studio design email link live page world space "
    "website today network systems solutions services center team life group works tools "
    "community foundation institute academy school education health care green earth"
)
_GENERIC_TLDS = frozenset(_GENERIC_TLD_NAMES.split(" "))
_FILE_EXTENSIONS = "md js py sh rb pl cs ts gz xz so rs ps db ml hs go"
_FILE_LIKE = frozenset(_FILE_EXTENSIONS.split(" "))
LOCAL_HOSTS = re.compile(r"^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|[\w-]+\.local)$")
TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|xtor|igshid|"
    r"yclid|_ga|ref_src|s_cid|at_medium|at_campaign)$",
    re.IGNORECASE,
)
EXPIRING_HOSTS = re.compile(
    r"(?:^|\.)(?:googleusercontent\.com|media\.licdn\.com|fbcdn\.net|files\.slack\.com|"
    r"cdn\.discordapp\.com|media\.discordapp\.net|trello-attachments\.s3\.amazonaws\.com|"
    r"mail\.google\.com|drive\.google\.com|dl\.dropboxusercontent\.com)$",
    re.IGNORECASE,
)


def has_scheme(url: str) -> bool:
    matched = SCHEME.match(url)
    # "c:\\" is a Windows drive, not a scheme; "{{" is Liquid.
    return matched is not None and len(matched.group(1)) > 1


def is_email(text: str) -> bool:
    return bool(EMAIL.match(text))


def known_tld(label: str) -> bool:
    label = label.lower()
    if len(label) == 2 and label.isalpha():
        return label not in _FILE_LIKE
    return label in _GENERIC_TLDS


_HOSTLIKE = re.compile(r"^((?:[\w-]+\.)+([^\W\d_]{2,}))(?::\d+)?(?:[/?#].*)?$", re.UNICODE)


def scheme_less_host(url: str) -> str | None:
    """``www.pix.fr/x`` -> ``www.pix.fr``; None when `url` does not start with a host."""
    if has_scheme(url) or url.startswith(("/", ".", "#", "?", "{", "\\")):
        return None
    matched = _HOSTLIKE.match(url)
    if not matched:
        return None
    host, tld = matched.group(1), matched.group(2)
    if host.lower().startswith("www.") or known_tld(tld):
        return host
    return None


_HOST = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^/?#@\s]*@)?(\[[^\]]*\]|[^/?#:\s]*)")


def host_of(url: str) -> str:
    """Lower-cased host of an absolute URL, '' when there is none."""
    matched = _HOST.match(url)
    return matched.group(1).lower() if matched else ""


def strip_www(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


def is_local(url: str) -> bool:
    lowered = url.lower()
    if lowered.startswith("file:") or re.match(r"^[a-z]:[\\/]", lowered) or url.startswith("\\\\"):
        return True
    if lowered.startswith(("http://", "https://")):
        return bool(LOCAL_HOSTS.match(host_of(url)))
    return False


def _first(params: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        values = params.get(name)
        if values and values[0].lower().startswith(("http://", "https://")):
            return values[0]
    return None


_REDIRECTORS = re.compile(
    r"google\.|facebook\.com|messenger\.com|instagram\.com|safelinks|slack-redir|linkedin\.com"
    r"|youtube\.com",
    re.IGNORECASE,
)


def unwrap_redirect(url: str) -> str | None:
    """The real destination inside a redirector's URL, or None."""
    if "?" not in url or not _REDIRECTORS.search(host_of(url)):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    path = parts.path
    params = parse_qs(parts.query)
    if re.fullmatch(r"(?:www\.)?google\.[a-z.]+", host) and path == "/url":
        return _first(params, "url", "q")
    if host in ("l.facebook.com", "lm.facebook.com", "l.messenger.com") and path == "/l.php":
        return _first(params, "u")
    if host == "l.instagram.com":
        return _first(params, "u")
    if host.endswith("safelinks.protection.outlook.com"):
        return _first(params, "url")
    if host == "slack-redir.net" and path == "/link":
        return _first(params, "url")
    if host in ("www.linkedin.com", "linkedin.com") and path.startswith("/redir/redirect"):
        return _first(params, "url")
    if host in ("www.youtube.com", "youtube.com") and path == "/redirect":
        return _first(params, "q")
    return None


_YOUTUBE_ID = re.compile(r"^[\w-]{6,}$")


def youtube_embed(url: str) -> str | None:
    """``https://www.youtube.com/embed/ID`` for a watch or youtu.be URL, else None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    params = parse_qs(parts.query)
    video = None
    if host in ("www.youtube.com", "youtube.com", "m.youtube.com") and parts.path == "/watch":
        video = (params.get("v") or [""])[0] or None
    elif host == "youtu.be":
        video = parts.path.strip("/") or None
    if not video or not _YOUTUBE_ID.match(video):
        return None
    start = (params.get("t") or params.get("start") or [""])[0].rstrip("s")
    suffix = f"?start={start}" if start.isdigit() else ""
    return f"https://www.youtube.com/embed/{video}{suffix}"


def tracking_parameters(url: str) -> list[str]:
    if "?" not in url:
        return []
    try:
        query = urlsplit(url).query
    except ValueError:
        return []
    names = [part.split("=", 1)[0] for part in query.split("&") if part]
    return [name for name in names if TRACKING.match(name)]


def expiring_host(url: str) -> bool:
    return bool(EXPIRING_HOSTS.search(host_of(url)))


_STRICT_URL = re.compile(
    r"(?:(?:https?|ftp)://|mailto:|www\.)\S|[^\s@()<>\[\]]+@[\w-]+(?:\.[\w-]+)+$", re.IGNORECASE
)


def looks_like_url(text: str) -> bool:
    """A destination someone clearly meant: a scheme, www. or an e-mail address."""
    return bool(_STRICT_URL.match(text))


def origin_host(origin: str) -> str:
    """``https://www.Blog.example/x`` -> ``blog.example``."""
    origin = origin.strip().lower()
    if "://" in origin:
        origin = origin.split("://", 1)[1]
    host = origin.split("/", 1)[0].split(":", 1)[0]
    return host[4:] if host.startswith("www.") else host
