"""One ``<Product>`` per edition: the paperback, with the interior's real page count, trim size and spine,
and the e-book when book.yaml gives its ISBN, each pointing to the other."""

from __future__ import annotations

from lxml import etree

from . import codes as c
from .collateral import collateral
from .elements import sub
from .inputs import FeedInputs


def print_product(feed: FeedInputs, cover_file: str, cover_width_px: int) -> etree._Element:
    """The paperback: its ISBN and EAN, form, size, pages, subjects, texts, cover, publisher and price."""
    product = _identified(feed, feed.isbn, "paperback", gtin=True)
    detail = _descriptive(product, feed, c.FORM_PAPERBACK)
    trim, pages = feed.manifest.trim, feed.pages
    for kind, mm in ((c.MEASURE_HEIGHT, trim.height_mm), (c.MEASURE_WIDTH, trim.width_mm),
                     (c.MEASURE_THICKNESS, pages.spine_mm)):
        measure = sub(detail, "Measure")
        sub(measure, "MeasureType", kind)
        sub(measure, "Measurement", f"{mm:g}")
        sub(measure, "MeasureUnitCode", c.MILLIMETRES)
    _title_and_contributor(detail, feed)
    for kind, count in ((c.EXTENT_MAIN, pages.main), (c.EXTENT_FRONT, pages.front),
                        (c.EXTENT_PRODUCTION, pages.total)):
        if count:
            _extent(detail, kind, count)
    _subjects(detail, feed)
    collateral(product, feed, cover_file, cover_width_px)
    _publishing(product, feed)
    if feed.isbn_ebook:
        _related(product, c.RELATION_EBOOK_OF_PRINT, feed.isbn_ebook)
    _supply(product, feed, priced=True)
    return product


def ebook_product(feed: FeedInputs, cover_file: str, cover_width_px: int) -> etree._Element:
    """The EPUB edition: its own ISBN, the print counterpart's page count, unpriced until book.yaml says."""
    product = _identified(feed, feed.isbn_ebook, "ebook")
    detail = _descriptive(product, feed, c.FORM_DOWNLOAD, c.FORM_DETAIL_EPUB)
    _title_and_contributor(detail, feed)
    _extent(detail, c.EXTENT_PRINT_COUNTERPART, feed.pages.total)
    _subjects(detail, feed)
    collateral(product, feed, cover_file, cover_width_px)
    _publishing(product, feed)
    _related(product, c.RELATION_PRINT_OF_EBOOK, feed.isbn)
    _supply(product, feed, priced=False)
    return product


def _identified(feed: FeedInputs, isbn: str, form: str, gtin: bool = False) -> etree._Element:
    product = etree.Element(f"{{{c.NAMESPACE}}}Product")
    sub(product, "RecordReference", f"{feed.manifest.slug}.{form}.{isbn}")
    sub(product, "NotificationType", c.NOTIFICATION_CONFIRMED)
    sub(product, "RecordSourceType", c.RECORD_SOURCE_PUBLISHER)
    sub(product, "RecordSourceName", feed.manifest.publisher)
    for kind in (c.ID_ISBN13, c.ID_GTIN13) if gtin else (c.ID_ISBN13,):
        identifier = sub(product, "ProductIdentifier")
        sub(identifier, "ProductIDType", kind)
        sub(identifier, "IDValue", isbn)
    return product


def _descriptive(product: etree._Element, feed: FeedInputs, form: str, form_detail: str = "") -> etree._Element:
    detail = sub(product, "DescriptiveDetail")
    sub(detail, "ProductComposition", c.PRODUCT_SINGLE_COMPONENT)
    sub(detail, "ProductForm", form)
    if form_detail:
        sub(detail, "ProductFormDetail", form_detail)
    return detail


def _title_and_contributor(detail: etree._Element, feed: FeedInputs) -> None:
    m = feed.manifest
    title = sub(detail, "TitleDetail")
    sub(title, "TitleType", c.TITLE_DISTINCTIVE)
    element = sub(title, "TitleElement")
    sub(element, "TitleElementLevel", c.TITLE_LEVEL_PRODUCT)
    sub(element, "TitleText", m.title)
    if m.subtitle:
        sub(element, "Subtitle", m.subtitle)
    contributor = sub(detail, "Contributor")
    sub(contributor, "SequenceNumber", "1")
    sub(contributor, "ContributorRole", m.contributor_role)
    sub(contributor, "PersonName", m.author)
    if m.affiliation:
        sub(sub(contributor, "ProfessionalAffiliation"), "Affiliation", m.affiliation)
    if feed.biography:
        sub(contributor, "BiographicalNote", feed.biography, textformat=c.TEXT_FORMAT_PLAIN)
    language = sub(detail, "Language")
    sub(language, "LanguageRole", c.LANGUAGE_OF_TEXT)
    sub(language, "LanguageCode", feed.language)


def _extent(detail: etree._Element, kind: str, pages: int) -> None:
    extent = sub(detail, "Extent")
    sub(extent, "ExtentType", kind)
    sub(extent, "ExtentValue", str(pages))
    sub(extent, "ExtentUnit", c.UNIT_PAGES)


def _subjects(detail: etree._Element, feed: FeedInputs) -> None:
    """Thema codes (the first one the main subject), CLIL codes (the first one main too), the keywords."""
    subjects = feed.manifest.subjects
    for scheme, values in ((c.SCHEME_THEMA, subjects.thema), (c.SCHEME_CLIL, subjects.clil)):
        for i, code in enumerate(values):
            subject = sub(detail, "Subject")
            if i == 0:
                sub(subject, "MainSubject")
            sub(subject, "SubjectSchemeIdentifier", scheme)
            sub(subject, "SubjectCode", code)
    if feed.manifest.keywords:
        subject = sub(detail, "Subject")
        sub(subject, "SubjectSchemeIdentifier", c.SCHEME_KEYWORDS)
        sub(subject, "SubjectHeadingText", "; ".join(feed.manifest.keywords))


def _publishing(product: etree._Element, feed: FeedInputs) -> None:
    m = feed.manifest
    publishing = sub(product, "PublishingDetail")
    sub(sub(publishing, "Imprint"), "ImprintName", feed.imprint)
    publisher = sub(publishing, "Publisher")
    sub(publisher, "PublishingRole", c.PUBLISHER)
    sub(publisher, "PublisherName", m.publisher)
    if m.publisher_city:
        sub(publishing, "CityOfPublication", m.publisher_city)
    sub(publishing, "CountryOfPublication", feed.price.country)
    sub(publishing, "PublishingStatus", c.STATUS_ACTIVE)
    date = sub(publishing, "PublishingDate")
    sub(date, "PublishingDateRole", c.DATE_PUBLICATION)
    sub(date, "Date", m.date.strftime("%Y%m%d"), dateformat=c.DATE_YYYYMMDD)


def _related(product: etree._Element, relation: str, isbn: str) -> None:
    related = sub(sub(product, "RelatedMaterial"), "RelatedProduct")
    sub(related, "ProductRelationCode", relation)
    identifier = sub(related, "ProductIdentifier")
    sub(identifier, "ProductIDType", c.ID_ISBN13)
    sub(identifier, "IDValue", isbn)


def _supply(product: etree._Element, feed: FeedInputs, priced: bool) -> None:
    """The publisher supplies booksellers at the fixed price, VAT included (the e-book: price to come)."""
    supply = sub(sub(product, "ProductSupply"), "SupplyDetail")
    supplier = sub(supply, "Supplier")
    sub(supplier, "SupplierRole", c.SUPPLIER_PUBLISHER)
    sub(supplier, "SupplierName", feed.manifest.publisher)
    sub(supply, "ProductAvailability", c.AVAILABLE)
    if not priced:
        sub(supply, "UnpricedItemType", c.UNPRICED_TBA)
        return
    price = sub(supply, "Price")
    sub(price, "PriceType", c.PRICE_FIXED_INCL_TAX)
    sub(price, "PriceAmount", feed.price.amount)
    tax = sub(price, "Tax")
    sub(tax, "TaxType", c.TAX_VAT)
    sub(tax, "TaxRateCode", c.TAX_RATE_REDUCED)
    sub(tax, "TaxRatePercent", feed.price.vat_percent)
    sub(tax, "TaxableAmount", feed.price.taxable)
    sub(tax, "TaxAmount", feed.price.tax)
    sub(price, "CurrencyCode", feed.price.currency)
    sub(sub(price, "Territory"), "CountriesIncluded", feed.price.country)
