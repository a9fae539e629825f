"""``python -m pelican_fast.cli``: the ``pelican-fast`` command (used by benchmarks/)."""

from __future__ import annotations

import sys

from pelican_fast.cli import main

sys.exit(main())
