"""``python -m pelican_fast.links.rules docs/rules``: write the rules' documentation pages."""

import sys

from pelican_fast.links.rules import write_docs

write_docs(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
