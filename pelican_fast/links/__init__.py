"""The link engine: scanner, rules, fixes, site index (no Pelican import here)."""
