"""Differential XSS test: what `safe_html` publishes, parsed as a browser parses it.

The cleaned HTML is parsed with html5lib (the WHATWG algorithm, scripting on,
as in a browser), and the tree must hold nothing that runs code. Payloads:
those of issue 14, and an OWASP filter-evasion cheat sheet's worth.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET

import html5lib
import markdown
import pytest

from pelican_fast.core import html_scan
from pelican_fast.core.safe_html import SCRIPT_URL_MARKER, clean, clean_html
from tests.conftest import BuildSite

ISSUE_14 = [
    '<div><img src="x.png"onerror="alert(1)"></div>',
    '<div><svg/onload="alert(1)"></svg></div>',
    '<iframe src="jav&#x61;script:alert(1)"></iframe>',
    "[x](jav&#x61;script:alert(1))",
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="java&#10;script:alert(1)">x</a>',
    '<script src="data:text/javascript,alert(1)"></script>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
] + [
    f'<div><{tag}><p title="</{tag}><img src=x onerror=alert(1)>"></p></{tag}></div>'
    for tag in ("noscript", "iframe", "textarea", "xmp", "noembed", "noframes", "title", "style")
]

CHEAT_SHEET = [
    # scripts
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<script >alert(1)</script >",
    "<script/x>alert(1)</script>",
    '<script src="http://evil.example/x.js"></script>',
    '<script src="//evil.example/x.js"></script>',
    '<script src="\\\\evil.example/x.js"></script>',
    '<script src="javascript:alert(1)"></script>',
    '<script src=" JaVaScRiPt:alert(1)"></script>',
    '<script type="text/template"><img src=x onerror=alert(1)></script>',
    "<script>/*<!--<script>*/alert(1)/*</script>-->*/</script>",
    "<script><!--<script></script><img src=x onerror=alert(1)>--></script>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>alert(1);//<</script>",
    "<script>alert(1)",
    "<script",
    '<script type="application/ld+json">{"x": "</script><img src=x onerror=alert(1)>"}</script>',
    '<script type="application/ld+json"><!--<script>alert(1)</script>--></script>',
    "<svg><script>alert(1)</script></svg>",
    '<svg><script type="application/ld+json"><img src=x onerror=alert(1)></script></svg>',
    '<math><mtext><script type="application/ld+json"><img src=x onerror=alert(1)></script>',
    '<svg><desc><script type="application/ld+json">{"a": "<img src=x onerror=alert(1)>"}</script>',
    "<svg><script href=data:,alert(1) /></svg>",
    '<svg><script xlink:href="data:,alert(1)"></script></svg>',
    "<math><mi><script>alert(1)</script></mi></math>",
    # event handlers
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x ONERROR=alert(1)>",
    "<img src=x onerror\n=alert(1)>",
    "<img src=x/onerror=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    '<img src="x" onerror="alert(1)"/>',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<div style="x" onmouseover="alert(1)">x</div>',
    "<a onclick='alert(1)' href=#>x</a>",
    "<p onpointerenter=alert(1)>x</p>",
    "<img src=`x` onerror=alert(1)>",
    '<img """><script>alert(1)</script>">',
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "<x onclick=alert(1)>click</x>",
    "<div/onclick=alert(1)>x</div>",
    "<a\x00 onclick=alert(1)>x</a>",
    "<img src=x\x00onerror=alert(1)>",
    # URL schemes
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="jav&#x0D;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:image/svg+xml,<svg onload=alert(1)>">x</a>',
    '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<img src="javascript:alert(1)">',
    '<img src="data:text/html,alert(1)">',
    '<img srcset="javascript:alert(1) 1x">',
    '<img src=x srcset="a.png 1x, javascript:alert(1) 2x">',
    '<video poster="javascript:alert(1)"></video>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<form><input type=image formaction="javascript:alert(1)" src=x></form>',
    '<object data="javascript:alert(1)"></object>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<svg><a xlink:href="javascript:alert(1)"><text y=20>x</text></a></svg>',
    '<svg><a href="javascript:alert(1)"><text y=20>x</text></a></svg>',
    '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
    '<svg><use xlink:href="javascript:alert(1)"/></svg>',
    '<math href="javascript:alert(1)">x</math>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    '<area href="javascript:alert(1)">',
    '<blockquote cite="javascript:alert(1)">x</blockquote>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x]: javascript:alert(1)\n\n[y][x]",
    # page-wide changes
    '<base href="javascript:alert(1)//">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=data:text/html,<script>alert(1)</script>">',
    '<meta charset="x-imap4-modified-utf7">',
    '<link rel="import" href="https://evil.example/x.html">',
    '<iframe src="https://x" srcdoc="<script>alert(1)</script>"></iframe>',
    "<frameset><frame src=javascript:alert(1)></frameset>",
    '<applet code="x"></applet>',
    # styles
    '<div style="width: expression(alert(1))">x</div>',
    '<div style="width: expr/**/ession(alert(1))">x</div>',
    '<div style="width: \\65 xpression(alert(1))">x</div>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<div style=\"background:url('javascript:alert(1)')\">x</div>",
    '<div style="behavior: url(x.htc)">x</div>',
    '<div style="-moz-binding: url(x.xml#xss)">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    # parser confusion
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<noscript><img src=x onerror=alert(1)></noscript>",
    "<noscript><style></noscript><img src=x onerror=alert(1)>",
    "<title><img src=x onerror=alert(1)></title>",
    "<textarea></textarea><img src=x onerror=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<!-- --!><img src=x onerror=alert(1)> -->",
    "<!--><img src=x onerror=alert(1)>-->",
    "<!---><img src=x onerror=alert(1)>-->",
    "<!--[if]><script>alert(1)</script -->",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>",
    "<svg><![CDATA[ > ]]><script>alert(1)</script></svg>",
    "<template><script>alert(1)</script><img src=x onerror=alert(1)></template>",
    "<iframe><script>alert(1)</script></iframe>",
    '<noembed><p title="</noembed><script>alert(1)</script>">',
    "<div><!--</div><script>alert(1)</script>--></div>",
    "<?xml <img src=x onerror=alert(1)> ?>",
    "<!DOCTYPE x<img src=x onerror=alert(1)>>",
    "</x <img src=x onerror=alert(1)>>",
    "<plaintext><img src=x onerror=alert(1)>",
    '<a title="<img src=x onerror=alert(1)>">x</a>',
    "<a title='\"><img src=x onerror=alert(1)>'>x</a>",
    '<img src="x` `<script>alert(1)</script>"` `>',
    "<iframe><img src=x onerror=alert(1)></iframe>",
    "<xmp><script>alert(1)</script></xmp>",
    "<select><template><style><img src=x onerror=alert(1)></style></template></select>",
    "<table><script>alert(1)</script></table>",
    '<div id="x"></div><pf-script data-pf="0-0"></pf-script>',
    # unclosed, nulls, odd bytes
    "<img src=x onerror=alert(1)",
    "<img src=x onerror=alert(1)//",
    '<a href="javascript:alert(1)',
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "<img src=x on\x00error=alert(1)>",
    '<a href="java\x00script:alert(1)">x</a>',
    "<div>" + "<a " * 200,
    "<script>" + "<!--<script>" * 50,
]

MARKDOWN_WRAPPERS = [
    "{}",
    "Un paragraphe avec {} dedans.",
    "> {}",
    "- item {}",
    "<div>\n{}\n</div>",
]


def parse(html: str) -> ET.Element:
    parser = html5lib.HTMLParser(namespaceHTMLElements=True)
    return parser.parse("<!doctype html><html><head></head><body>" + html, scripting=True)


def _local(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, local = name[1:].split("}", 1)
        return namespace, local
    return "", name


def _scheme(url: str) -> str:
    squeezed = re.sub(r"[\x00-\x20]", "", url).lower()
    match = re.match(r"([a-z][a-z0-9+.\-]*):", squeezed)
    return match.group(1) if match else ""


def _url_values(name: str, value: str) -> list[str]:
    if name in ("srcset", "imagesrcset"):
        return [part.strip().split(" ")[0] for part in value.split(",")]
    if name == "style":
        return re.findall(r"url\(\s*['\"]?([^'\")]*)", value, re.IGNORECASE)
    if name in (
        "href", "src", "action", "formaction", "poster", "cite", "background", "data",
        "codebase", "longdesc", "usemap", "ping", "manifest", "icon", "lowsrc", "dynsrc",
    ):  # fmt: skip
        return [value]
    return []


def dangers(html: str, whole_page: bool = False) -> list[str]:
    """What in `html`, as a browser's parser builds it, could run code.

    A whole page may have the theme's ``<link>`` elements (their URLs are checked).
    """
    found: list[str] = []
    if "pf-script" in html or ("pelican-fast-" in html and whole_page):
        found.append("placeholder left in the output")
    for element in parse(html).iter():
        if not isinstance(element.tag, str):
            continue
        namespace, tag = _local(element.tag)
        attributes = {_local(k)[1].lower(): v for k, v in element.attrib.items()}
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name == "srcdoc":
                found.append(f"<{tag} srcdoc>")
            for url in _url_values(name, value):
                scheme = _scheme(url)
                image = (
                    tag == "img" and name == "src" and url.strip().lower().startswith("data:image/")
                )
                if scheme in ("javascript", "vbscript") or (scheme == "data" and not image):
                    found.append(f"<{tag} {name}={scheme}:>")
        if tag == "script":
            src = attributes.get("src")
            kind = attributes.get("type", "").strip().lower()
            if not namespace.endswith("xhtml"):
                found.append(f"<script> in {namespace}")
            elif src is None:
                if kind != "application/ld+json" or "<" in (element.text or ""):
                    found.append("inline <script>")
            elif not (
                src.startswith(("https://", SCRIPT_URL_MARKER))
                or (src.startswith("/") and not src.startswith("//"))
            ):
                found.append(f"<script src={src}>")
        if tag in ("base", "object", "embed", "applet", "frame") or (tag, whole_page) == (
            "link",
            False,
        ):
            found.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attributes:
            found.append("<meta http-equiv>")
    return found


def test_the_oracle_sees_each_kind_of_danger() -> None:
    """The checker itself must catch what a browser would run."""
    assert dangers("<img src=x onerror=alert(1)>") == ["<img onerror>"]
    assert dangers('<a href="jav&#x09;ascript:x">x</a>') == ["<a href=javascript:>"]
    assert dangers('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p>') == [
        "<img onerror>"
    ]
    assert dangers("<script>x</script>") == ["inline <script>"]
    assert dangers("<svg><script>x</script></svg>") == ["<script> in http://www.w3.org/2000/svg"]
    assert dangers('<iframe srcdoc="x"></iframe>') == ["<iframe srcdoc>"]
    assert dangers('<base href="/">') == ["<base>"]
    assert dangers('<img src="data:image/png;base64,AA">') == []
    assert dangers('<a href="data:image/png;base64,AA">x</a>') == ["<a href=data:>"]


PAYLOADS = ISSUE_14 + CHEAT_SHEET


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_as_html_is_inert(payload: str) -> None:
    for mode in ("externalise", "remove"):
        cleaned = clean_html(payload, inline_scripts=mode)  # type: ignore[arg-type]
        assert dangers(cleaned.html) == [], (payload, cleaned.html)
        if mode == "remove":
            assert SCRIPT_URL_MARKER not in cleaned.html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_markdown_is_inert(payload: str) -> None:
    for wrapper in MARKDOWN_WRAPPERS:
        rendered = markdown.markdown(wrapper.format(payload))
        html, _ = clean(rendered)
        assert dangers(html) == [], (payload, wrapper, html)


def test_removals_say_what_went() -> None:
    _, removed = clean(
        '<img src=x.png onerror="a()"><a href="java&#x09;script:x">l</a>'
        '<iframe srcdoc="x" src="https://x.org/e"></iframe><object data=x></object>'
        '<script src="http://x.org/a.js"></script><script>x()</script>'
    )
    assert [(r.tag, r.what) for r in removed] == [
        ("object", "<object"),
        ("script", "src=http:"),
        ("script", "inline <script>"),
        ("img", "onerror"),
        ("a", "href=javascript:"),
        ("iframe", "srcdoc"),
    ]
    assert all(r.message() for r in removed)


LEGITIMATE = """<p>Texte <strong>gras</strong> et <a href="https://beta.gouv.fr/" target="_blank" rel="noopener">lien</a>.</p>
<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>
<figure class="fr-content-media"><img src="/img/chart.png" alt="Graphique" width="600" loading="lazy"><figcaption>Légende</figcaption></figure>
<table class="fr-table"><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td colspan="2" style="text-align:right">1</td></tr></tbody></table>
<div class="fr-callout" id="encart" data-chart="x" aria-label="encart" role="note" style="color: #000091; background: url(/img/fond.png)">encart</div>
<details><summary>Plus</summary><p>caché</p></details>
<video controls width="400" poster="/img/p.png"><source src="/v.mp4" type="video/mp4"><track src="/v.vtt" kind="captions" srclang="fr"></video>
<svg viewBox="0 0 10 10" width="10"><circle cx="5" cy="5" r="4" fill="red"></circle></svg>
<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>
<script src="https://d3js.org/d3.v7.min.js" integrity="sha384-x" crossorigin="anonymous"></script>
<img src="data:image/png;base64,iVBORw0KGgo=" alt="pixel">
<!-- pelican-fast:banner -->
<a href="pelican-fast-post-url:2020-01-01-x:end">autre billet</a>
"""


def test_legitimate_content_survives() -> None:
    cleaned = clean_html(LEGITIMATE)
    assert cleaned.removals == []
    assert dangers(cleaned.html) == []
    tree = parse(cleaned.html)

    def find(tag: str) -> list[ET.Element]:
        return [e for e in tree.iter() if isinstance(e.tag, str) and _local(e.tag)[1] == tag]

    [iframe] = find("iframe")
    assert iframe.get("src") == "https://www.youtube.com/embed/dQw4w9WgXcQ"
    for name in ("allow", "allowfullscreen", "width", "height", "title", "referrerpolicy"):
        assert iframe.get(name) is not None, name
    assert [e.get("class") for e in find("figure")] == ["fr-content-media"]
    assert len(find("figcaption")) == 1 and find("img")[0].get("loading") == "lazy"
    assert find("td")[0].get("style") == "text-align:right" and find("td")[0].get("colspan")
    [div] = [e for e in find("div") if e.get("id") == "encart"]
    assert div.get("data-chart") == "x" and div.get("role") == "note"
    assert "url(/img/fond.png)" in (div.get("style") or "")
    assert find("summary") and find("track") and find("circle")
    scripts = find("script")
    assert [s.get("src") for s in scripts] == [
        "https://platform.twitter.com/widgets.js",
        "https://d3js.org/d3.v7.min.js",
    ]
    assert scripts[0].get("async") is not None and scripts[1].get("integrity") == "sha384-x"
    assert find("img")[1].get("src", "").startswith("data:image/png")
    assert "<!-- pelican-fast:banner -->" in cleaned.html
    assert 'href="pelican-fast-post-url:2020-01-01-x:end"' in cleaned.html


def test_inline_script_is_moved_out_in_place() -> None:
    chart = "d3.select('#c').append('svg');\nif (a < b && c > d) { x = '</p>'; }"
    post = f'<p>avant</p>\n<div id="c"></div>\n<script>{chart}</script>\n<p>après</p>'
    cleaned = clean_html(post)
    [script] = cleaned.scripts
    assert script.code == chart and re.fullmatch(r"inline-[0-9a-f]{16}\.js", script.name)
    assert cleaned.html == (
        f'<p>avant</p>\n<div id="c"></div>\n<script src="{SCRIPT_URL_MARKER}{script.name}">'
        "</script>\n<p>après</p>"
    )
    assert cleaned.removals == []
    # Same code, same file; a module stays a module.
    twice = clean_html(f"<script>{chart}</script><script type=module>{chart}</script>")
    assert twice.scripts == [script]
    assert twice.html.count(script.name) == 2 and 'type="module"' in twice.html
    # "remove": deleted and reported.
    removed = clean_html(post, inline_scripts="remove")
    assert removed.scripts == [] and "<script" not in removed.html
    assert [r.what for r in removed.removals] == ["inline <script>"]


def test_script_ends_where_browsers_end_it() -> None:
    code = "var s = '<!--<script>'; var t = '</script>'; // -->"
    [element] = html_scan.scan(f"<script>{code}</script><p>x</p>").scripts
    assert element.code == code
    [element] = html_scan.scan("<script>a</SCRIPT\t>b").scripts
    assert element.code == "a"
    assert (
        html_scan.scan('<textarea><script>x</script></textarea><p title="<script>">').scripts == []
    )
    assert (
        html_scan.scan("<!-- <script>x</script> --><style><script>y</script></style>").scripts == []
    )


def _cpu(function: object, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        function(text)  # type: ignore[operator]
        best = min(best, time.process_time() - start)
    return best


LINEAR_CASES = {
    "open attributes": lambda n: "<div>" + "<a " * n,
    "nested divs": lambda n: "<div>" * n,
    "nested lists": lambda n: "<ul><li>" * n,
    "unknown elements": lambda n: "<x>" * n + "<p></p>" * n,
    "comments": lambda n: "<div>" + "<!--" * n,
    "unclosed scripts": lambda n: "<div>" + "<script>" * n,
    "script escapes": lambda n: "<div>" + "<script><!--<script>" * n,
    "open quotes": lambda n: '<div><p title="' * n,
    "end tags": lambda n: "<div>" + "</x " * n,
    "handlers": lambda n: "<div>" + "<img src=x onerror=y " * n,
    "slashes": lambda n: "<div>" + "<a/b=c " * n,
    "css comments": lambda n: '<div><p style="x:url(' + "/*" * n,
    "css escapes": lambda n: '<div><p style="' + "\\65 " * n,
    "entities": lambda n: "<div>" + "&#x61;" * n,
    "formatting reopened": lambda n: "".join(f"<b id={i}>x<p>" for i in range(n)),
    "svg breakout": lambda n: "<svg><p>" + "<path/>" * n + "<p></p>" * n,
    "tables": lambda n: "<table><tr><td>" * n,
}


@pytest.mark.parametrize("case", LINEAR_CASES)
def test_cleaning_is_linear(case: str) -> None:
    """Eight times the input costs about eight times the work (quadratic: 64 times),
    and the output stays proportional to the input."""
    make = LINEAR_CASES[case]
    small, large = make(2000), make(16000)
    for function in (clean, html_scan.scan):
        base = _cpu(function, small)
        ratio = _cpu(function, large) / max(base, 1e-4)
        assert ratio < 24, (case, function, ratio)
    assert len(clean(large)[0]) <= 20 * len(large) + 1000, case


def test_real_nesting_is_kept() -> None:
    deep = "<div>" * 300 + "x" + "</div>" * 300
    assert clean_html(deep).html == deep
    lists = "<ul>" + "<li>point <em>un</em> <a href=/x>lien</a>" * 2000 + "</ul>"
    cleaned = clean_html(lists)
    assert cleaned.removals == [] and cleaned.html.count("<li>") == 2000
    svg = '<svg viewBox="0 0 9 9">' + '<path d="M0 0"/>' * 3000 + "</svg>"
    cleaned = clean_html(svg)
    assert cleaned.removals == [] and cleaned.html.count("<path") == 3000


def test_too_deep_nesting_is_reported() -> None:
    cleaned = clean_html("<div>" * 2000)
    assert [r.what for r in cleaned.removals] == ["nesting"]
    assert cleaned.html.count("<div>") == html_scan.MAX_DEPTH
    assert "512" in cleaned.removals[0].message()


def test_payloads_in_posts_through_a_full_build(build_site: BuildSite) -> None:
    """The real pipeline (Liquid, Markdown, links, safe_html, Pelican's theme) on every payload."""
    posts = {}
    per_post = 20
    for index in range(0, len(PAYLOADS), per_post):
        chunk = PAYLOADS[index : index + per_post]
        body = "\n\n".join(f"Paragraphe {n}.\n\n{payload}" for n, payload in enumerate(chunk))
        day = 1 + index // per_post
        posts[f"_posts/2020-01-{day:02d}-xss-{day}.md"] = (
            f"---\ntitle: XSS {day}\ndate: 2020-01-{day:02d}\n---\n{body.replace(chr(0), '')}\n"
        )
    site = build_site(posts)
    pages = site.html_files()
    assert len([p for p in pages if "xss-" in p.name]) == len(posts)
    for page in pages:
        assert dangers(page.read_text(encoding="utf-8"), whole_page=True) == [], page
