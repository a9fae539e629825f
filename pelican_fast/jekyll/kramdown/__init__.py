"""Markdown rendered as Jekyll 4.3 renders it: kramdown with its GFM parser.

A pure package (no Pelican): markdown-it-py does the CommonMark work, and small rule modules
teach it where kramdown differs (list interruption, heading ids, typography, IAL/ALD, block
HTML, tables, footnote markup, escapes). See docs/markdown.md.
"""

from pelican_fast.jekyll.kramdown.links import RenderedLink
from pelican_fast.jekyll.kramdown.options import KramdownOptions
from pelican_fast.jekyll.kramdown.renderer import KramdownRenderer

__all__ = ["KramdownOptions", "KramdownRenderer", "RenderedLink"]
