"""Passes over the parsed book: numbering, references, citations, typography, assets."""
