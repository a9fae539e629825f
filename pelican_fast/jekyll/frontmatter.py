"""Split a Jekyll file into YAML front matter and body, and parse the YAML safely.

Line numbers are kept so that every later message (YAML errors, link findings)
can point at the line of the original file. Used by the reader and by the
linter, which must not import Pelican.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

# libyaml is ~10x faster than the pure-Python loader (see DESIGN.md); both are safe.
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Jekyll: \A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?) in multi-line mode.
_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


class FrontMatterError(ValueError):
    """The front matter is not valid YAML, or not a mapping."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class SplitFile:
    """A file cut in two, with where each part starts in the original text."""

    yaml_text: str | None  # None when the file has no front matter
    body: str
    yaml_first_line: int  # 1-based line of the first YAML line
    body_first_line: int  # 1-based line where the body starts
    body_offset: int  # character offset of the body in the (BOM-less) text
    had_bom: bool


def decode(data: bytes) -> tuple[str, bool]:
    """Decode UTF-8 with or without BOM; raise UnicodeDecodeError otherwise."""
    had_bom = data.startswith(b"\xef\xbb\xbf")
    return data.decode("utf-8-sig"), had_bom


def split(text: str, had_bom: bool = False) -> SplitFile:
    """Cut the front matter off `text` (already decoded, BOM removed)."""
    if text.startswith("\ufeff"):
        text, had_bom = text[1:], True
    opened = _OPEN.match(text)
    if opened:
        close = _CLOSE.search(text, opened.end())
        if close:
            yaml_text = text[opened.end() : close.start()]
            body_offset = close.end()
            return SplitFile(
                yaml_text=yaml_text,
                body=text[body_offset:],
                yaml_first_line=2,
                body_first_line=text.count("\n", 0, body_offset) + 1,
                body_offset=body_offset,
                had_bom=had_bom,
            )
    return SplitFile(None, text, 1, 1, 0, had_bom)


def parse_yaml(split_file: SplitFile) -> dict[str, Any]:
    """Parse the front matter; an empty one is ``{}``.

    Raises FrontMatterError with the line and column in the original file.
    """
    if split_file.yaml_text is None or not split_file.yaml_text.strip():
        return {}
    try:
        data = _load(split_file)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = split_file.yaml_first_line + (mark.line if mark else 0)
        column = (mark.column + 1) if mark else 1
        problem = error.problem or error.context or "invalid YAML"
        context = f" ({error.context})" if error.context and error.problem else ""
        raise FrontMatterError(
            f"invalid YAML front matter: {problem}{context}", line, column
        ) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(
            f"invalid YAML front matter: {error}", split_file.yaml_first_line, 1
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(
            f"front matter must be a mapping of keys to values, not {type(data).__name__}",
            split_file.yaml_first_line,
            1,
        )
    return {str(key): value for key, value in data.items()}


# A document expands to at most this many values and characters (or its own
# length, if larger): aliases can multiply a few lines into billions ("billion
# laughs"), which every later step (categories, Liquid, templates) would walk.
EXPANSION_LIMIT = 1_000_000
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def load_yaml(text: str) -> Any:
    """A whole YAML file (``_config.yml``, a data file) with the bounds of front matter.

    Raises FrontMatterError (a ValueError) naming the line for an alias bomb or
    an impossible date, and yaml.YAMLError for invalid YAML.
    """
    try:
        return _load(SplitFile(text, "", 1, 1, 0, False))
    except FrontMatterError as error:
        raise FrontMatterError(
            f"line {error.line}, column {error.column}: {error.message}", error.line, error.column
        ) from None


def _load(split_file: SplitFile) -> Any:
    """yaml.load, with alias expansion bounded and bad dates reported where they are."""
    text = split_file.yaml_text or ""
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "*" in text:  # an alias is always written with "*"
            _check_expansion(node, split_file, max(EXPANSION_LIMIT, len(text)))
        else:
            try:
                return _construct_tree(loader, node, 0)
            except Exception:  # PyYAML, below, constructs it (or says what is wrong)
                pass
        try:
            return loader.construct_document(node)
        except (ValueError, OverflowError) as error:
            raise _construction_error(loader, node, error, split_file) from None
    finally:
        loader.dispose()


_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
# Scalars whose constructor is a plain function of the node (no state, no generator).
_PLAIN_SCALARS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_STR = "tag:yaml.org,2002:str"
# A string is its node's value (SafeConstructor.construct_yaml_str), unless a loader changed it.
_STR_IS_VALUE = (
    SafeLoader.yaml_constructors.get(_STR) is yaml.constructor.SafeConstructor.construct_yaml_str
)
_DEEPEST = 32  # nesting beyond this is left to PyYAML (its construction is not recursive)


class _NotPlain(Exception):
    """A node ``_construct_tree`` leaves to PyYAML."""


def _construct_tree(loader: Any, node: yaml.Node, depth: int) -> Any:
    """What ``loader.construct_document(node)`` returns, for a tree of plain mappings,
    sequences and scalars without aliases: PyYAML's generic construction (generators,
    caches, state per node) costs more than the parse itself. Anything else (merge
    keys, explicit tags, a key that is a collection, an error) raises, and the caller
    lets PyYAML construct the document as always."""
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        return _scalar(loader, node)
    if depth > _DEEPEST:
        raise _NotPlain
    if tag == _MAP and isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _NotPlain  # a collection as a key
            # A merge key "<<" or a value key "=" has its own tag: _scalar refuses it.
            mapping[_scalar(loader, key_node)] = _construct_tree(loader, value_node, depth + 1)
        return mapping
    if tag == _SEQ and isinstance(node, yaml.SequenceNode):
        return [_construct_tree(loader, item, depth + 1) for item in node.value]
    raise _NotPlain


def _scalar(loader: Any, node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == _STR and _STR_IS_VALUE:
        return node.value
    if tag in _PLAIN_SCALARS:
        return loader.yaml_constructors[tag](loader, node)
    raise _NotPlain


def _check_expansion(root: yaml.Node, split_file: SplitFile, limit: int) -> None:
    """Raise FrontMatterError when the node graph, aliases expanded, exceeds `limit`.

    Aliases share nodes, so the graph is small; the expanded size of each node
    is computed once (post-order, iterative: no recursion limit), which makes
    the check linear in the size of the text.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            size = 1 + (len(node.value) if isinstance(node, yaml.ScalarNode) else 0)
            for child in _children(node):
                size += sizes[id(child)]
            sizes[key] = min(size, limit + 1)
            if size > limit:
                mark = node.start_mark
                raise FrontMatterError(
                    f"YAML aliases expand to more than {limit:,} values and characters; "
                    "the front matter is refused",
                    split_file.yaml_first_line + mark.line,
                    mark.column + 1,
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            mark = node.start_mark
            raise FrontMatterError(
                "a YAML alias refers to a value that contains it",
                split_file.yaml_first_line + mark.line,
                mark.column + 1,
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return []


def _construction_error(
    loader: Any, root: yaml.Node, error: Exception, split_file: SplitFile
) -> FrontMatterError:
    """Where a value PyYAML matched but could not build is (``date: 2020-02-30``)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode) and node.tag == _TIMESTAMP_TAG:
            try:
                loader.construct_yaml_timestamp(node)
            except (ValueError, OverflowError) as problem:
                mark = node.start_mark
                return FrontMatterError(
                    f"invalid date {node.value!r} ({problem})",
                    split_file.yaml_first_line + mark.line,
                    mark.column + 1,
                )
        stack.extend(reversed(_children(node)))
    return FrontMatterError(
        f"invalid value in front matter: {error}", split_file.yaml_first_line, 1
    )


def key_lines(split_file: SplitFile) -> dict[str, int]:
    """Map each top-level key to its 1-based line in the original file (cheap text scan)."""
    lines: dict[str, int] = {}
    if split_file.yaml_text is None:
        return lines
    for index, line in enumerate(split_file.yaml_text.splitlines()):
        if line and not line[0].isspace() and not line.startswith(("#", "-")):
            key = line.split(":", 1)[0].strip().strip("'\"")
            if key and key not in lines:
                lines[key] = split_file.yaml_first_line + index
    return lines
