"""Citations and bibliography: from ``[@key, p. 14]`` to HTML, through citeproc-py and a CSL style.

An upstream stage: the transform pass over the book (``transform/citations_pass.py``) uses it; it
imports only the floor (errors, text). Read in this order:

- :mod:`.syntax` — the inside of citation brackets (:func:`parse_cite`, :class:`CiteItem`);
- :mod:`.engine` — :class:`Bibliography`, the two passes over citeproc-py, :class:`UnknownCitationError`;
- :mod:`.style` — the CSL style, and what citeproc-py 0.11 gets wrong with it;
- :mod:`.files` — a bibliography file of either format, duplicate and unknown keys;
- :mod:`.csljson`, :mod:`.bibtex` (bibtexparser 2), :mod:`.bibtex_csl`, :mod:`.latex` (pylatexenc) — the readers.

Errors an author can fix are reported so the caller can point at a file and line:
:class:`~kambook.errors.SourceError` from :meth:`Bibliography.load` (file and line of the entry),
:class:`UnknownCitationError` (a ``KeyError``) for cited keys not in the bibliography, whose caller
owns the Markdown position, and ``ValueError`` from :func:`parse_cite` for bracket text that is not a
citation.
"""

from .engine import Bibliography, UnknownCitationError
from .syntax import LOCATOR_LABELS, CiteItem, parse_cite

__all__ = ["LOCATOR_LABELS", "Bibliography", "CiteItem", "UnknownCitationError", "parse_cite"]
