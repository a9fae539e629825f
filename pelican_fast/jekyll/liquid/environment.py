"""The shared Liquid environments: python-liquid set up as Jekyll's Liquid, with its tags
and filters (one per ``liquid:`` configuration of ``_config.yml``)."""

from __future__ import annotations

from functools import lru_cache

from liquid import Mode, StrictUndefined, Undefined

from pelican_fast.jekyll.liquid import filters, tags
from pelican_fast.jekyll.liquid.engine import (
    NOT_IN_LIQUID_4,
    JekyllEnvironment,
    JekyllOutput,
    LaxAssignTag,
    UnknownTag,
)


@lru_cache(maxsize=8)
def environment(
    error_mode: str = "warn", strict_filters: bool = False, strict_variables: bool = False
) -> JekyllEnvironment:
    """The shared environment for one of Jekyll's ``liquid:`` configurations."""
    mode = {"lax": Mode.LAX, "strict": Mode.STRICT}.get(error_mode, Mode.WARN)
    env = JekyllEnvironment(
        tolerance=mode,
        strict_filters=strict_filters,
        undefined=StrictUndefined if strict_variables else Undefined,
    )
    for name in NOT_IN_LIQUID_4:
        env.tags.pop(name, None)
    env.add_tag(UnknownTag)
    env.add_tag(LaxAssignTag)
    env.add_tag(JekyllOutput)
    tags.register(env)
    filters.register(env)
    return env
