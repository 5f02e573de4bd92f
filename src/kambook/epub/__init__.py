"""The EPUB 3 edition: one reflowable e-book from the same book model as the site and the PDFs.

``write_epub`` renders each part, chapter, appendix and back-matter page with the shared ``render/``
layer (as the site does), turns the HTML into well-formed XHTML, marks where the printed pages begin
(``PageMap``, handed over by the build from the print layout), embeds the book's fonts cut to the
characters it uses, and packs a reproducible, EPUB 3.3 and EPUB Accessibility 1.1 conformant file.
"""

from .inputs import PageMap
from .writer import EpubInfo, write_epub

__all__ = ["EpubInfo", "PageMap", "write_epub"]
