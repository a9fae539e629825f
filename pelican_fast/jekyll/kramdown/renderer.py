"""KramdownRenderer: one markdown-it parser configured as Jekyll's kramdown, built once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import fence, hr, lheading, list_block
from markdown_it.rules_inline import autolink, escape, html_inline, image, link
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from pelican_fast.jekyll.kramdown import blocks, html_blocks, inline, lists, postprocess, tables
from pelican_fast.jekyll.kramdown.inline import InlineRule
from pelican_fast.jekyll.kramdown.links import RenderedLink, collect_links
from pelican_fast.jekyll.kramdown.links import recording as recording_rule
from pelican_fast.jekyll.kramdown.options import KramdownOptions
from pelican_fast.jekyll.kramdown.rouge_languages import ROUGE_LANGUAGES
from pelican_fast.jekyll.kramdown.typography import Typographer, typography_rule

_LANG = re.compile(r"[^\s?]+")
_ROUGE = frozenset(name.lower() for name in ROUGE_LANGUAGES)


def _same(url: str) -> str:
    return url


def _always(url: str) -> bool:
    return True


class KramdownRenderer:
    """Renders a post body (after Liquid) to the HTML fragment Jekyll 4.3 would write."""

    def __init__(self, options: KramdownOptions = KramdownOptions()) -> None:  # noqa: B008
        self.options = options
        self.md = self._build(options, record=False)
        self._links_md: MarkdownIt | None = None  # built on first use of links()

    def render(self, text: str) -> str:
        return self.md.render(text, {})

    def links(self, text: str) -> list[RenderedLink]:
        """Every link, image and HTML href/src the rendered HTML holds, at its source place."""
        env: dict[str, Any] = {"kd_links": True}
        if self._links_md is None:
            self._links_md = self._build(self.options, record=True)
        return collect_links(self._links_md.parse(text, env), text, env)

    # -- construction --------------------------------------------------------
    def _build(self, options: KramdownOptions, record: bool) -> MarkdownIt:
        """The parser; with ``record``, its link rules also note where destinations are
        written (for links(): render() does not pay for the wrappers)."""

        def recording(rule: InlineRule, kind: str) -> InlineRule:
            return recording_rule(rule, kind) if record else rule

        md = MarkdownIt("commonmark", {"html": True, "breaks": options.hard_wrap})
        # kramdown writes URLs as given (no percent-encoding) and blocks no scheme: unsafe
        # URLs are the business of the safe_html step that runs on every post.
        md.normalizeLink = _same  # type: ignore[method-assign]
        md.normalizeLinkText = _same  # type: ignore[method-assign,assignment]
        md.validateLink = _always  # type: ignore[method-assign]
        md.enable(["table", "strikethrough"])
        footnote_plugin(md)
        deflist_plugin(md)
        block = md.block.ruler
        deflist = next(r.fn for r in block.__rules__ if r.name == "deflist")
        block.at(
            "deflist",
            blocks.multi_term_deflist(deflist),
            {"alt": ["paragraph", "reference", "blockquote"]},
        )
        block.at(
            "list",
            blocks.kramdown_list(list_block),
            {"alt": ["paragraph", "reference", "blockquote"]},
        )
        block.at(
            "html_block", html_blocks.html_block, {"alt": ["paragraph", "reference", "blockquote"]}
        )
        block.at("table", tables.table)
        block.at("code", blocks.code_block)
        block.at("lheading", blocks.one_line_setext(lheading))
        block.at(
            "fence",
            blocks.one_word_fence(fence),
            {"alt": ["paragraph", "reference", "blockquote", "list"]},
        )
        block.at("hr", hr, {"alt": ["reference", "blockquote", "list"]})  # not "paragraph"
        block.before(
            "table",
            "kd_extensions",
            blocks.extensions,
            {"alt": ["paragraph", "reference", "blockquote", "list"]},
        )
        block.before("table", "kd_math", blocks.math_block)
        block.before(
            "table", "kd_eob", blocks.end_of_block, {"alt": ["paragraph", "blockquote", "list"]}
        )
        block.before(
            "reference", "kd_abbr", blocks.abbreviations, {"alt": ["paragraph", "reference"]}
        )
        md.inline.ruler.at("escape", inline.kramdown_escape(escape))
        md.inline.ruler.before("escape", "kd_math", inline.inline_math)
        md.inline.ruler.before("link", "kd_span_ial", inline.span_ial)
        md.inline.ruler.before("kd_span_ial", "kd_span_ext", inline.span_extensions)
        rule = md.inline.ruler
        rule.after(
            "link", "kd_spaced_link", recording(inline.guarded(inline.spaced_link, 0), "link")
        )
        rule.at("image", recording(inline.guarded(image, 1), "image"))
        rule.after(
            "image", "kd_spaced_image", recording(inline.guarded(inline.spaced_image, 1), "image")
        )
        rule.at("link", recording(inline.guarded(link, 0), "link"))
        rule.at("autolink", recording(autolink, "autolink"))
        md.inline.ruler.at(
            "html_inline", recording(inline.kramdown_html_inline(html_inline), "html")
        )
        typo = Typographer(options.smart_quotes, options.symbols)
        core = md.core.ruler
        core.before("text_join", "kd_list_markers", lists.merge_marker_changes)
        core.before("text_join", "kd_lazy_blocks", lists.lazy_blocks)
        core.before("text_join", "kd_list_markers_again", lists.merge_marker_changes)
        core.before("text_join", "kd_one_dl", lists.merge_definition_lists)
        core.before("text_join", "kd_list_paragraphs", lists.paragraphs)
        core.before("text_join", "kd_item_ial", postprocess.list_item_ial)
        core.before("text_join", "kd_span_ial", postprocess.span_ial)
        core.before("text_join", "kd_block_ial", postprocess.block_ial)
        core.before("text_join", "kd_typography", typography_rule(typo))
        core.push("kd_heading_ids", postprocess.heading_ids(options))
        core.push("kd_abbr", postprocess.abbreviations)
        core.push("kd_strong_outside", postprocess.strong_outside)
        core.push("kd_autolinks", postprocess.mailto_text)
        core.push("kd_tasks", postprocess.task_lists)
        core.push(
            "kd_toc",
            postprocess.table_of_contents(
                options,
                lambda children, env: md.renderer.renderInline(children, md.options, env),  # type: ignore[attr-defined]
            ),
        )
        self._render_rules(md, options)
        return md

    def _render_rules(self, md: MarkdownIt, options: KramdownOptions) -> None:
        rouge = bool(options.syntax_highlighter)

        def code(renderer: Any, token: Token, info: str) -> str:
            """kramdown's code block markup; IAL classes join the wrapper's (language first)."""
            content = token.content
            m = _LANG.match(info.strip())
            lang = m.group(0) if m else ""
            extra = dict(token.attrs)
            classes = str(extra.pop("class", "") or "")
            token.attrs = extra
            attrs = renderer.renderAttrs(token)
            if not rouge or (lang and lang.lower() not in _ROUGE):
                names = " ".join(n for n in (f"language-{lang}" if lang else "", classes) if n)
                cls = f' class="{escapeHtml(names)}"' if names else ""
                return f"<pre{attrs}><code{cls}>{escapeHtml(content)}</code></pre>\n"
            names = " ".join(n for n in (f"language-{lang or 'plaintext'}", classes) if n)
            return (
                f'<div class="{escapeHtml(names)} highlighter-rouge"{attrs}><div class="highlight">'
                f'<pre class="highlight"><code>{escapeHtml(content)}</code></pre></div></div>\n'
            )

        def fence(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            token = tokens[idx]
            return code(self, token, token.info)

        def code_block(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            token = tokens[idx]
            return code(self, token, "")

        def code_inline(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            token = tokens[idx]
            if rouge:
                classes = "language-plaintext highlighter-rouge"
                if token.attrGet("class"):
                    classes = f"{token.attrGet('class')} {classes}"
                token.attrSet("class", classes)
            return f"<code{self.renderAttrs(token)}>{escapeHtml(token.content)}</code>"

        def ordered_list_open(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            token = tokens[idx]
            if "start" in token.attrs:
                del token.attrs["start"]
            return self.renderToken(tokens, idx, opts, env)

        def math_block(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            return f"\\[{escapeHtml(tokens[idx].content)}\\]\n"

        def math_inline(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            return f"\\({escapeHtml(tokens[idx].content)}\\)"

        def image(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            token = tokens[idx]
            token.attrSet("alt", token.content)  # kramdown: the label as written
            return f"<img{self.renderAttrs(token)} />"

        def strike_open(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            return "<del>"

        def strike_close(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            return "</del>"

        def nothing(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            return ""

        prefix = options.footnote_prefix
        first = options.footnote_nr

        def name(token: Token) -> str:
            label = token.meta.get("label")
            return prefix + (str(label) if label is not None else str(token.meta["id"] + 1))

        def footnote_ref(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            token = tokens[idx]
            ident = escapeHtml(name(token))
            ref = f"fnref:{ident}" + (f":{token.meta['subId']}" if token.meta.get("subId") else "")
            return (
                f'<sup id="{ref}" role="doc-noteref"><a href="#fn:{ident}" class="footnote" '
                f'rel="footnote">{token.meta["id"] + first}</a></sup>'
            )

        def footnote_block_open(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            start = f' start="{first}"' if first != 1 else ""
            return f'<div class="footnotes" role="doc-endnotes">\n<ol{start}>\n'

        def footnote_block_close(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            return "</ol>\n</div>\n"

        def footnote_open(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            return f'<li id="fn:{escapeHtml(name(tokens[idx]))}" role="doc-endnote">\n'

        def footnote_close(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            return "</li>\n"

        def footnote_anchor(
            self: Any, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType
        ) -> str:
            token = tokens[idx]
            sub = token.meta.get("subId") or 0
            ref = f"fnref:{escapeHtml(name(token))}" + (f":{sub}" if sub else "")
            mark = "&#8617;" + (f"<sup>{sub + 1}</sup>" if sub else "")
            return f'\u00a0<a href="#{ref}" class="reversefootnote" role="doc-backlink">{mark}</a>'

        for rule_name, fn in {
            "fence": fence,
            "code_block": code_block,
            "code_inline": code_inline,
            "ordered_list_open": ordered_list_open,
            "math_block": math_block,
            "math_inline": math_inline,
            "kd_ial": nothing,
            "image": image,
            "s_open": strike_open,
            "s_close": strike_close,
            "kd_span_ial": nothing,
            "footnote_ref": footnote_ref,
            "footnote_block_open": footnote_block_open,
            "footnote_block_close": footnote_block_close,
            "footnote_open": footnote_open,
            "footnote_close": footnote_close,
            "footnote_anchor": footnote_anchor,
        }.items():
            md.add_render_rule(rule_name, fn)
