"""The ONIX for Books 3.0 code list values the feed uses, named (EDItEUR code lists, issue bundled with the
``onixcheck`` schemas; the list number of each is given, so a value can be looked up there)."""

from __future__ import annotations

NAMESPACE = "http://ns.editeur.org/onix/3.0/reference"
RELEASE = "3.0"

NOTIFICATION_CONFIRMED = "03"  # list 1: notification confirmed on publication (a complete record)
RECORD_SOURCE_PUBLISHER = "01"  # list 3
PRODUCT_SINGLE_COMPONENT = "00"  # list 2: product composition
ID_ISBN13 = "15"  # list 5: ProductIDType ISBN-13
ID_GTIN13 = "03"  # list 5: GTIN-13, the EAN the barcode carries
FORM_PAPERBACK = "BC"  # list 150: paperback / softback
FORM_DOWNLOAD = "ED"  # list 150: digital download
FORM_DETAIL_EPUB = "E101"  # list 175: EPUB
MEASURE_HEIGHT, MEASURE_WIDTH, MEASURE_THICKNESS = "01", "02", "03"  # list 48
MILLIMETRES = "mm"  # list 50
TITLE_DISTINCTIVE = "01"  # list 15: the title as on the title page
TITLE_LEVEL_PRODUCT = "01"  # list 149
LANGUAGE_OF_TEXT = "01"  # list 22
#: list 23: main content (the highest Arabic folio), front matter (the Roman-numbered pages), production
#: page count (every page of the book block, blank ones included: the interior PDF's pages) and, for the
#: e-book, the page count of its print counterpart.
EXTENT_MAIN, EXTENT_FRONT, EXTENT_PRODUCTION, EXTENT_PRINT_COUNTERPART = "00", "03", "06", "08"
UNIT_PAGES = "03"  # list 24
SCHEME_THEMA, SCHEME_CLIL, SCHEME_KEYWORDS = "93", "29", "20"  # list 27: subject scheme identifier
TEXT_DESCRIPTION, TEXT_TOC, TEXT_BACK_COVER = "03", "04", "05"  # list 153 (05: primary cover copy)
TEXT_FORMAT_XHTML, TEXT_FORMAT_PLAIN = "05", "06"  # list 34
AUDIENCE_UNRESTRICTED = "00"  # list 154: content audience
RESOURCE_FRONT_COVER = "01"  # list 158
RESOURCE_IMAGE = "03"  # list 159: resource mode
RESOURCE_DOWNLOADABLE = "02"  # list 161: a file the sender hands over with the feed
FEATURE_FORMAT, FEATURE_HEIGHT, FEATURE_WIDTH = "01", "02", "03"  # list 162
FILE_JPEG = "D502"  # list 178
PUBLISHER = "01"  # list 45: publishing role
STATUS_ACTIVE = "04"  # list 64: publishing status
DATE_PUBLICATION = "01"  # list 163: publishing date role
DATE_YYYYMMDD = "00"  # list 55
RELATION_EBOOK_OF_PRINT = "27"  # list 51: <RelatedProduct> is an electronic version of this print product
RELATION_PRINT_OF_EBOOK = "13"  # list 51: this e-publication is based on the print <RelatedProduct>
SUPPLIER_PUBLISHER = "01"  # list 93: publisher to resellers
AVAILABLE = "20"  # list 65
#: list 58: fixed retail price including tax, the price France's loi Lang (1981, and 2011 for e-books)
#: has every bookseller charge.
PRICE_FIXED_INCL_TAX = "04"
UNPRICED_TBA = "02"  # list 57: price to be announced (an e-book whose price book.yaml does not give)
TAX_VAT = "01"  # list 171
TAX_RATE_REDUCED = "R"  # list 62: books take France's reduced VAT rate
