"""The file name extensions Jekyll reads as Markdown (its ``markdown_ext`` default).

A module of its own: the walk of the tree, the index and the linter all need it,
and none of them should import another for it.
"""

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
