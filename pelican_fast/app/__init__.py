"""Use cases without argparse or Pelican: lint, check, migrate a Jekyll blog, reports."""
