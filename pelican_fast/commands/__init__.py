"""Subcommands of the pelican-fast CLI, one module each."""
