"""`pelican-fast init --from-jekyll`: settings for a Jekyll tree with real blogs' quirks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from pelican_fast.cli import main
from tests.conftest import _clear_log_dedup, write_files

JEKYLL_TREE = {
    "_config.yml": (
        "title: Blog de l'incubateur\nurl: https://blog.example.org\nbaseurl: /blog\n"
        "permalink: /:categories/:year/:month/:day/:title/\ntimezone: Europe/Paris\n"
        "lang: fr\ncollections_dir: collections\npaginate: 5\nexclude: [vendor, notes]\n"
    ),
    "collections/_posts/2019-12-03-le-fast.md": (
        "---\ntitle: Le FAST\ndate: 2019-12-05\ncategories: general\n---\n"
        "Voir ![affiche](/img/posts/affiche.png) et {% include bouton.html %}.\n\n"
        "* TOC\n{:toc}\n"
    ),
    "collections/_posts/2020-01-15-été-numérique.md": (
        "---\r\ntitle: L'été\r\n---\r\nCorps [pdf]({{ site.baseurl }}/assets/docs/x.pdf)\r\n"
    ).encode(),
    "collections/_posts/notes.md": "---\ntitle: pas un billet\n---\n",
    "collections/_drafts/idee.md": "---\ntitle: Idée\n---\nPlus tard.\n",
    "collections/dinsic/_posts/2019-04-19-faq.md": "---\ntitle: FAQ\n---\n{% if x %}oui{% endif %}\n",
    "_layouts/post.html": "---\nlayout: default\n---\n{{ content }}\n",
    "about.md": "---\ntitle: À propos\npermalink: /about/\n---\nNous.\n",
    "img/posts/affiche.png": b"\x89PNG",
    "assets/docs/x.pdf": b"%PDF",
    "notes/2019-01-01-brouillon.md": "---\ntitle: exclu\n---\n",
    "README.md": "# Le dépôt du blog\n",
}


def test_init_writes_settings_that_build_with_jekyll_urls(tmp_path: Path, capsys) -> None:
    jekyll = tmp_path / "blog"
    write_files(jekyll, JEKYLL_TREE)
    assert main(["init", "--from-jekyll", str(jekyll)]) == 0
    out = capsys.readouterr().out
    assert "wrote" in out and "pelicanconf.py" in out
    assert "Posts: 3 in collections/_posts, collections/dinsic/_posts; drafts: 1" in out
    assert "not named YYYY-MM-DD-title (Jekyll ignores them): 1" in out
    assert "with CRLF line endings: 1" in out
    assert "Static folders: assets, img" in out
    assert "Liquid error: 1 (e.g. collections/_posts/2019-12-03-le-fast.md:6: {% include" in out
    assert "{% if" not in out  # a standard tag, rendered
    assert "{:toc}: 1 (e.g. collections/_posts/2019-12-03-le-fast.md:9)" in out
    assert "2019-12-03 in the name, 2019-12-05 in the front matter" in out
    assert "pelican -s" in out
    # The post's absolute image path exists; its {% include %} is not a link: no link errors.
    assert "Links: 0 errors;" in out

    conf = (jekyll / "pelicanconf.py").read_text(encoding="utf-8")
    assert 'PLUGINS = ["pelican_fast"]' in conf and "# Jekyll `timezone`" in conf
    assert "https://blog.example.org/blog" in (jekyll / "publishconf.py").read_text()

    _clear_log_dedup()
    cwd = os.getcwd()
    os.chdir(jekyll)
    try:
        Pelican(read_settings(str(jekyll / "pelicanconf.py"))).run()
    finally:
        os.chdir(cwd)
    output = jekyll / "output"
    assert (output / "general/2019/12/05/le-fast/index.html").exists()
    assert (output / "2020/01/15/été-numérique/index.html").exists()
    assert (output / "dinsic/2019/04/19/faq/index.html").exists()
    assert (output / "img/posts/affiche.png").exists()
    assert (output / "assets/docs/x.pdf").exists()
    assert not list(output.rglob("*brouillon*"))


def test_init_never_overwrites_without_force(tmp_path: Path, capsys) -> None:
    write_files(tmp_path, {"_config.yml": "title: x\n", "_posts/2019-01-01-a.md": "---\n---\nA\n"})
    (tmp_path / "pelicanconf.py").write_text("# mine\n")
    assert main(["init", "--from-jekyll", str(tmp_path)]) == 2
    assert "exists; use --force" in capsys.readouterr().out
    assert (tmp_path / "pelicanconf.py").read_text() == "# mine\n"
    assert main(["init", "--from-jekyll", str(tmp_path), "--force"]) == 0
    assert "pelican_fast" in (tmp_path / "pelicanconf.py").read_text()


def test_init_output_elsewhere(tmp_path: Path) -> None:
    write_files(tmp_path / "jekyll", {"_posts/2019-01-01-a.md": "---\ntitle: A\n---\nA\n"})
    assert (
        main(
            ["init", "--from-jekyll", str(tmp_path / "jekyll"), "--output", str(tmp_path / "site")]
        )
        == 0
    )
    conf = (tmp_path / "site" / "pelicanconf.py").read_text()
    assert "os.path.join(_HERE, '../jekyll')" in conf
    assert '"jekyll_config": None' in conf


@pytest.mark.parametrize("missing", ["nowhere"])
def test_init_missing_folder_is_a_usage_error(tmp_path: Path, missing: str) -> None:
    assert main(["init", "--from-jekyll", str(tmp_path / missing)]) == 2


def test_init_names_plugin_tags_and_filters_once_and_writes_stubs(tmp_path: Path, capsys) -> None:
    posts = {
        f"_posts/2020-01-{day:02d}-p.md": "---\ntitle: P\n---\n"
        + "{{ page.v | embed }} {% oembed x %} {{ 'a' | team_link }}\n" * 5
        for day in range(1, 21)
    }
    plugins = {
        "_plugins/embed.rb": (
            "module Jekyll\n  module Embed\n    def embed(url)\n      url\n    end\n"
            "    private\n    def helper\n    end\n  end\nend\n"
            "Liquid::Template.register_filter(Jekyll::Embed)\n"
        ),
        "_plugins/oembed.rb": "class O < Liquid::Tag\nend\nLiquid::Template.register_tag('oembed', O)\n",
    }
    jekyll = tmp_path / "blog"
    write_files(jekyll, {"_config.yml": "title: B\n", **posts, **plugins})
    assert main(["init", "--from-jekyll", str(jekyll)]) == 0
    out = capsys.readouterr().out
    assert out.count("team_link") == 1 and out.count("{% oembed %}") == 2  # report + plugins
    assert "Liquid {% oembed %}: 100 (e.g. _posts/2020-01-01-p.md:4)" in out
    assert len(out.splitlines()) < 60
    conf = (jekyll / "pelicanconf.py").read_text(encoding="utf-8")
    assert '#         "embed": lambda value, *args: value,  # _plugins/embed.rb' in conf
    assert '#         "oembed": lambda markup, variables: "",  # _plugins/oembed.rb' in conf
    assert "helper" not in conf
    assert "DEFAULT_LANG = 'en'" in conf


def test_plugin_filters_defined_and_registered_in_different_files(tmp_path: Path) -> None:
    from pelican_fast.jekyll.plugins_rb import scan

    write_files(
        tmp_path / "_plugins",
        {
            "filters/team.rb": "module Jekyll\n  module TeamFilters\n    def team_link(n)\n    end\n"
            "    def team_photo(n)\n    end\n  end\nend\n",
            "register.rb": "Liquid::Template.register_filter(Jekyll::TeamFilters)\n",
            "other.rb": "module Unrelated\n  def helper\n  end\nend\n",
            "tag.rb": 'Liquid::Template.register_tag("oembed", Jekyll::OEmbed)\n',
        },
    )
    found = scan(tmp_path / "_plugins")
    assert found.filters == {
        "team_link": "_plugins/filters/team.rb",
        "team_photo": "_plugins/filters/team.rb",
    }
    assert found.tags == {"oembed": "_plugins/tag.rb"}
