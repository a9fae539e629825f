"""Reading Jekyll posts: front matter, metadata, permalinks, Liquid, the reader."""
