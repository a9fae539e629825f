"""Leaf layer: diagnostics, source decoding, markers, settings schema."""
