"""The printed book: the print document, the layout loop over units (the one door to WeasyPrint, its
project-only fetcher), the merge, the finishing of the screen edition, the interior and the cover, the
CMYK assets and fonts. Only this package imports WeasyPrint."""
