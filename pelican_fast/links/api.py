"""Small entry points of the link engine for other parts of pelican-fast.

Placeholder until the link engine lands: the engine's owner replaces these
bodies with calls into the scanner, rules and fixes (same signatures).
"""

from __future__ import annotations


def repair_destination(raw: str) -> str | None:
    """A link destination as the engine would repair it (safe and unsafe fixes).

    Returns the repaired URL, the input trimmed when nothing needs repair, or
    None when it is empty or cannot be repaired without inventing a target.
    """
    cleaned = raw.strip().strip("<>").strip()
    return cleaned or None
