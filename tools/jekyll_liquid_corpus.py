"""Liquid cases rendered by real Jekyll 4.3, for tests/test_liquid.py.

    python tools/jekyll_liquid_corpus.py DIR --record   # needs `jekyll` (Debian's 4.3.1)

Each case is an HTML post without layout (so Jekyll renders only its Liquid); the
output is recorded in tests/data/jekyll_liquid.json and the suite needs no Ruby.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CONFIG = (
    "title: Le blog\nurl: https://blog.example\nbaseurl: /blog\ntimezone: UTC\n"
    "repository: org/repo\nfuture: true\npermalink: /:title/\n"
    "defaults:\n  - scope: {path: ''}\n    values: {layout: null}\n"
    "collections:\n  docs:\n    output: true\n"
    "  guides:\n    output: true\n    permalink: /g/:path/\n"
)
FILES = {
    "_data/team.yml": "- name: Ada\n  role: dev\n  age: 36\n- name: Bob\n  role: ops\n  age: 25\n"
    "- name: Cy\n  role: dev\n  age: 41\n",
    "_data/links.json": '{"home": "/", "docs": {"url": "/docs/"}}',
    "_data/prices.csv": "item,price\npen,2\nbook,12\n",
    "_includes/hello.html": "Hello {{ include.who }}{% if include.n %} x{{ include.n }}{% endif %}!",
    "_includes/nested.html": "[{% include hello.html who=include.who %}]",
    "_includes/svg/icon.svg": '<svg class="icon"></svg>',
    "_includes/loop.html": "{% for p in include.people %}{{ p.name }};{% endfor %}",
    "_posts/part.html": "partial {{ page.title }}",
    "_docs/history.md": "---\ntitle: History\n---\nh\n",
    "_docs/sub/Deep Page.md": "---\ntitle: Deep\n---\nd\n",
    "_docs/own.md": "---\npermalink: /own/:name/\n---\no\n",
    "_guides/start.md": "---\ntitle: Start\n---\ns\n",
    "about.md": "---\ntitle: About\n---\na\n",
    "team/index.md": "---\ntitle: Team\n---\nt\n",
    "team/people.html": "---\npermalink: /crew/\n---\np\n",
    "team/jobs.markdown": "---\ntitle: Jobs\n---\nj\n",
}
# {% link %} targets: pages and documents of collections other than posts.
LINK_TARGETS = [
    "_docs/history.md",
    "_docs/sub/Deep Page.md",
    "_docs/own.md",
    "_guides/start.md",
    "about.md",
    "team/index.md",
    "team/people.html",
    "team/jobs.markdown",
]
PAGE = (
    "title: Cas\nimages: [a.png, b.png]\nmeta: {k: v, n: 3}\ntags: [x, y, z]\nfm_date: 2019-10-05\n"
    'quote: "It\'s \'single\' \\"double\\" (x) -- and --- so..."\n'
)
CASES: dict[str, str] = {
    "output": "{{ page.title }}|{{ page.images[1] }}|{{ page.meta.k }}|{{ page.missing }}|",
    "split-output": "{{ site.repository\n}}|{{\n page.title | upcase }}",
    "for": "{% for i in page.images %}{{ forloop.index }}:{{ i }},{% endfor %}",
    "for-limit": "{% for t in page.tags limit:2 offset:1 %}{{ t }}{% endfor %}|"
    "{% for t in page.tags reversed %}{{ t }}{% endfor %}",
    "assign-capture": "{% assign n = page.tags | size %}{% capture c %}n={{ n }}{% endcapture %}{{ c }}",
    "if-case": "{% if page.meta.n > 2 %}big{% elsif page.meta.n %}small{% else %}none{% endif %}"
    "{% case page.meta.k %}{% when 'v' %}V{% else %}?{% endcase %}"
    "{% unless page.nope %}U{% endunless %}",
    "tablerow": "{% tablerow t in page.tags cols:2 %}{{ t }}{% endtablerow %}",
    "cycle-increment": "{% for t in page.tags %}{% cycle 'a', 'b' %}{% endfor %}"
    "{% increment c %}{% increment c %}",
    "raw-comment": "{% raw %}{{ kept }}{% endraw %}{% comment %}gone{% endcomment %}!",
    "whitespace": "a  {%- if true -%}  b  {%- endif -%}  c {{- ' d ' -}} e",
    "include": "{% include hello.html who='Ana' n=page.meta.n %}",
    "include-nested": "{% include nested.html who=page.title %}",
    "include-svg": "{% include svg/icon.svg %}",
    "include-variable": "{% assign f = 'hello.html' %}{% include {{ f }} who=\"V\" %}",
    "include-loop": "{% include loop.html people=site.data.team %}",
    "data-where-sort": "{{ site.data.team | where: 'role', 'dev' | map: 'name' | join: ',' }}|"
    "{{ site.data.team | sort: 'age' | map: 'name' | join: ',' }}|"
    "{{ site.data.links.docs.url }}|{{ site.data.prices[1].price }}",
    "where-exp-group": "{{ site.data.team | where_exp: 'p', 'p.age > 30' | map: 'name' | join: ',' }}|"
    "{% assign g = site.data.team | group_by: 'role' %}{% for x in g %}{{ x.name }}={{ x.size }};{% endfor %}|"
    "{% assign f = site.data.team | find: 'name', 'Bob' %}{{ f.age }}|"
    "{% assign e = site.data.team | find_exp: 'p', 'p.age < 30' %}{{ e.name }}",
    "group-by-exp": "{% assign g = site.data.team | group_by_exp: 'p', 'p.age | modulo: 2' %}"
    "{% for x in g %}{{ x.name }}:{{ x.items | map: 'name' | join: '+' }};{% endfor %}",
    "urls": "{{ '/a b/' | relative_url }}|{{ 'x.png' | absolute_url }}|{{ 'https://o.rg/' | relative_url }}"
    "|{{ '' | relative_url }}",
    "dates": "{{ '2016-03-21 12:00:00 +0200' | date_to_string }}|"
    "{{ '2016-03-21 12:00:00 +0200' | date_to_long_string: 'ordinal', 'US' }}|"
    "{{ '2016-03-01 12:00:00 +0200' | date_to_string: 'ordinal' }}|"
    "{{ '2016-03-21 12:00:00 +0200' | date_to_xmlschema }}|"
    "{{ '2016-03-21 12:00:00 +0200' | date_to_rfc822 }}|"
    "{{ '2016-03-21 12:00:00 +0200' | date: '%Y/%m/%d %H:%M' }}",
    "escapes": "{{ 'a & <b> \"c\" d' | xml_escape }}|{{ 'a b&c/é?' | cgi_escape }}|"
    "{{ 'a b/é?x=1' | uri_escape }}",
    "words": "{{ 'one two  three\nfour' | number_of_words }}|"
    "{{ page.tags | array_to_sentence_string }}|{{ page.images | array_to_sentence_string: 'et' }}",
    "slugify": "{{ 'Le FAST : été 2020!' | slugify }}|{{ 'Le FAST : été 2020!' | slugify: 'latin' }}|"
    "{{ 'a.b_c d' | slugify: 'pretty' }}",
    "json-inspect": "{{ page.meta | jsonify }}|{{ page.tags | jsonify }}|{{ page.meta | inspect }}",
    "normalize": "{{ '  a \n\t b  ' | normalize_whitespace }}|",
    "push-pop": "{{ page.tags | push: 'w' | join: ',' }}|{{ page.tags | pop | join: ',' }}|"
    "{{ page.tags | shift | join: ',' }}|{{ page.tags | unshift: 'w' | join: ',' }}",
    "standard-filters": "{{ 'abc' | capitalize | append: '!' | prepend: '>' }}|{{ 3 | plus: 4 | times: 2 }}|"
    "{{ 'a,b,c' | split: ',' | reverse | join: '-' }}|{{ 'hello world' | truncate: 8 }}|"
    "{{ nil | default: 'dft' }}|{{ '<p>x</p>' | strip_html }}|{{ 'x' | unknown_filter }}",
    "smartify": "{{ page.quote | smartify }}",
    "page-date": "{{ page.date }}|{{ page.date | date: '%Y-%m-%d %H:%M %z' }}|"
    "{{ page.date | date_to_xmlschema }}|{{ page.fm_date }}|{{ page.fm_date | date_to_string }}",
    # error_mode warn: what Ruby's lax parser accepts (python-liquid alone refuses these)
    "lax-output": "{{ page.title | default: 'x' | }}|{{ 'a' | append: 'b' 'c' }}|"
    "{{ page.title downcase }}|{{ page.title | | downcase }}|"
    "{{ page.title | append: 'x' 'y' | upcase }}|{% assign n = page.title | size + 1 %}{{ n }}|"
    "{% for t in page.tags, %}{{ t }}{% endfor %}",
    "lax-if": "{% if page.title == 'Cas' && false %}yes{% endif %}|"
    "{% unless page.title != 'Cas' && x %}U{% endunless %}|"
    "{% if nope %}1{% elsif page.title=='Cas' ; %}2{% endif %}|"
    "{% if page.title == 'Cas' and page.x or true %}Y{% endif %}",
    "filters-more": "{{ site.data.team | where: 'age', 25 | map: 'name' | join }}|"
    "{{ site.data.team | where: 'nope', nil | size }}|"
    "{% assign g = site.data.team | group_by: 'nope' %}{{ g[0].name | inspect }}:{{ g[0].size }}|"
    "{{ site.data.team | sort: 'role', 'last' | map: 'name' | join: ',' }}|"
    "{{ page.fm_date | jsonify }}|{{ page.fm_date | date_to_long_string }}|"
    "{{ 'é a%20b' | uri_escape }}|{{ '/ü x' | absolute_url }}|"
    "{{ 'Hé Ho_x.y' | slugify: 'raw' }}|{{ 'Hé Ho_x.y' | slugify: 'ascii' }}|"
    "{{ page.images | array_to_sentence_string }}|{{ 'x' | inspect }}|{{ nil | inspect }}|"
    "{{ '12abc' | to_integer }}|{{ page.tags | where_exp: 't', \"t != 'y'\" | join }}|"
    "{{ page.meta | jsonify }}",
    "ws-raw-2": "a  {%- raw -%}  b  {% endraw -%}  c|{% raw %}{% endraw %}|{%raw%}{{x}}{%endraw%}",
    "ws-comment": "x  {%- comment -%} y {%- endcomment -%}  z",
    "nested-comment": "{% comment %}{% comment %}n{% endcomment %}s{% endcomment %}w",
    "date-filter": "{{ '2016-03-21 12:00 EDT' | date: '%Y-%m-%d %H:%M %z' }}|"
    "{{ '2017-09-27 (optional)' | date: '%d/%m/%Y %H:%M' }}|{{ page.fm_date | date: '%A %-d %B %Y' }}|"
    "{{ 1458561600 | date: '%Y-%m-%d %H:%M' }}|{{ 'garbage' | date: '%Y' }}|{{ nil | date: '%Y' }}|"
    "{{ '2016-03-21' | date: '' }}|{{ '2016-03-21 10:00 CET' | date: '%H:%M %z' }}",
    "links": "|".join(f"{{% link {target} %}}" for target in LINK_TARGETS),
    "highlight": "{% highlight ruby linenos %}\nx = {{ page.title }}\n{% endhighlight %}",
}


def write(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    for relative, text in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, template in CASES.items():
        path = root / "_posts" / f"2020-01-01-{name}.html"
        path.write_text(f"---\n{PAGE}---\n{template}", encoding="utf-8")


def record(root: Path, out: Path) -> None:
    dest = root.parent / f"{root.name}-out"
    subprocess.run(
        ["jekyll", "build", "-q", "-s", str(root), "-d", str(dest)],
        check=True,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC", "HOME": "/tmp"},
    )
    result = {
        name: (dest / name / "index.html").read_text(encoding="utf-8")
        for name in CASES
        if name not in ("highlight", "links")
    }
    result["links"] = (dest / "links" / "index.html").read_text(encoding="utf-8")
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    target = Path(sys.argv[1])
    write(target)
    if "--record" in sys.argv:
        record(
            target, Path(__file__).resolve().parent.parent / "tests" / "data" / "jekyll_liquid.json"
        )
