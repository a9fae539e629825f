"""``python -m pelican_fast.cli``: the same as the ``pelican-fast`` command."""

import sys

from pelican_fast.cli import main

sys.exit(main())
