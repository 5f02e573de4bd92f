"""Collecting sources: the Markdown files named by the manifest, in reading order."""
