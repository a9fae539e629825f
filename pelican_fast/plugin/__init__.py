"""The Pelican glue, the only layer that imports Pelican: reader, per-post pipeline, build steps."""
