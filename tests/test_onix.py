"""The ONIX for Books 3.0 feed: built for the fixture project (quick) and for the repository's book (the shared
build), validated by onixcheck's XSD and RELAX NG schemas, its page count read back from the interior PDF, and
a broken feed failing ``kambook check``'s rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import onixcheck
import pytest
from lxml import etree
from PIL import Image
from pypdf import PdfReader, PdfWriter

from kambook.coverimage import CoverSource
from kambook.manifest import load_manifest
from kambook.model import Book
from kambook.onix import PrintedPages, Price, feed_inputs, onix_message
from kambook.preflight.handover import check_outputs
from kambook.preflight.onix import check_onix
from kambook.sources.collect import collect_documents
from kambook.transform.numbering import number_book
from kambook.transform.typography import typeset_manifest

PROJECT = Path(__file__).parent / "fixtures" / "manifest" / "project"
NS = {"o": "http://ns.editeur.org/onix/3.0/reference"}
SLUG = "key-account-management"
EBOOK_ISBN = "978-2-36778-046-7"
SENT = dt.datetime(2015, 1, 15, 8, 30, tzinfo=dt.timezone.utc)


def fixture_message(isbn_ebook: str = "", pages: PrintedPages = PrintedPages(48, 8, 2.4)) -> bytes:
    """The fixture project's feed, from its model as the build hands it over (no layout: the pages are given)."""
    manifest = dataclasses.replace(load_manifest(PROJECT / "book.yaml", ("print", "onix")), isbn_ebook=isbn_ebook)
    book = Book(manifest, collect_documents(manifest))
    number_book(book)
    book.manifest = typeset_manifest(manifest)
    return onix_message(feed_inputs(book, pages, CoverSource(b"", 160.0), SENT), "livre-essai-cover.jpg", 1067)


def values(xml: bytes | etree._ElementTree, path: str) -> list[str]:
    """The texts or attributes at ``path``, without the indentation between elements."""
    tree = etree.fromstring(xml) if isinstance(xml, bytes) else xml.getroot()
    return [str(v).strip() for v in tree.xpath(path, namespaces=NS) if str(v).strip()]


def interior_pdf(folder: Path, roman: int, arabic: int) -> Path:
    """An interior of blank pages with the folios the build gives: Roman, then Arabic from 1."""
    writer = PdfWriter()
    for _ in range(roman + arabic):
        writer.add_blank_page(453.5, 680.3)
    writer.set_page_label(0, roman - 1, style="/r")
    writer.set_page_label(roman, roman + arabic - 1, style="/D")
    path = folder / "interior.pdf"
    writer.write(path)
    return path


# -- the feed, on the fixture project ---------------------------------------------------------------


def test_the_fixture_feed_is_valid_onix(tmp_path: Path) -> None:
    xml = fixture_message()
    (tmp_path / "feed.xml").write_bytes(xml)
    assert onixcheck.validate(str(tmp_path / "feed.xml"), schemas=("xsd", "rng")) == []
    assert values(xml, "/o:ONIXMessage/@release") == ["3.0"]
    assert values(xml, "//o:Header/o:SentDateTime/text()") == ["20150115T083000Z"]  # the build's, not the clock's
    assert values(xml, "//o:ProductForm/text()") == ["BC"]  # no e-book ISBN, no e-book product
    assert values(xml, "//o:Extent[o:ExtentType='06']/o:ExtentValue/text()") == ["48"]
    assert values(xml, "//o:Extent[o:ExtentType='00']/o:ExtentValue/text()") == ["40"]
    assert values(xml, "//o:Extent[o:ExtentType='03']/o:ExtentValue/text()") == ["8"]
    assert values(xml, "//o:Measure/o:Measurement/text()") == ["240", "160", "2.4"]
    assert values(xml, "//o:Subject[o:MainSubject]/o:SubjectCode/text()") == ["KJ"]
    assert values(xml, "//o:Price/o:PriceAmount/text()") == ["19.00"]
    assert values(xml, "//o:TextContent[o:TextType='04']/o:Text/o:ul/o:li[2]/text()") == ["Partie I. Première partie"]


def test_the_same_inputs_give_the_same_bytes() -> None:
    assert fixture_message() == fixture_message()


def test_an_ebook_isbn_adds_the_ebook_related_to_the_paperback(tmp_path: Path) -> None:
    xml = fixture_message(EBOOK_ISBN)
    (tmp_path / "feed.xml").write_bytes(xml)
    assert onixcheck.validate(str(tmp_path / "feed.xml"), schemas=("xsd", "rng")) == []
    assert values(xml, "//o:Product/o:DescriptiveDetail/o:ProductForm/text()") == ["BC", "ED"]
    paperback, ebook = etree.fromstring(xml).findall("o:Product", NS)
    assert values(etree.ElementTree(paperback), "o:RelatedMaterial//o:IDValue/text()") == ["9782367780467"]
    assert values(etree.ElementTree(paperback), "o:RelatedMaterial//o:ProductRelationCode/text()") == ["27"]
    assert values(etree.ElementTree(ebook), "o:ProductIdentifier/o:IDValue/text()") == ["9782367780467"]
    assert values(etree.ElementTree(ebook), "o:RelatedMaterial//o:ProductRelationCode/text()") == ["13"]
    assert values(etree.ElementTree(ebook), ".//o:Extent[o:ExtentType='08']/o:ExtentValue/text()") == ["48"]
    assert values(etree.ElementTree(ebook), ".//o:UnpricedItemType/text()") == ["02"]  # book.yaml has no price


@pytest.mark.parametrize(("amount", "taxable", "tax"), [("29.00", "27.49", "1.51"), ("19.00", "18.01", "0.99"),
                                                        ("10.55", "10.00", "0.55")])
def test_the_vat_a_fixed_price_includes(amount: str, taxable: str, tax: str) -> None:
    price = Price(amount, "EUR")
    assert (price.taxable, price.tax) == (taxable, tax)


# -- the check ----------------------------------------------------------------------------------------


def checked(tmp_path: Path, xml: bytes, roman: int = 8, arabic: int = 40) -> dict[str, tuple[str, str]]:
    """The check's verdict per rule on a feed beside its cover image, against an interior of these pages."""
    (tmp_path / "feed.xml").write_bytes(xml)
    Image.new("RGB", (10, 15)).save(tmp_path / "livre-essai-cover.jpg")
    facts: dict = {}
    findings = check_onix(tmp_path / "feed.xml", interior_pdf(tmp_path, roman, arabic), "feed.xml", facts)
    return {f.rule: (f.level, f.message) for f in findings}


def test_the_check_passes_a_good_feed(tmp_path: Path) -> None:
    verdict = checked(tmp_path, fixture_message())
    assert {rule: level for rule, (level, _) in verdict.items()} == {
        "onix-schema": "ok", "onix-pages": "ok", "onix-cover": "ok"}


def test_a_feed_broken_against_the_schema_fails(tmp_path: Path) -> None:
    xml = fixture_message().replace(b"<ProductForm>BC</ProductForm>", b"<ProductForm>XX</ProductForm>")
    level, message = checked(tmp_path, xml)["onix-schema"]
    assert level == "failure" and "schema error" in message and "XX" in message


def test_a_page_count_other_than_the_interiors_fails(tmp_path: Path) -> None:
    verdict = checked(tmp_path, fixture_message(), roman=8, arabic=56)
    assert verdict["onix-pages"] == ("failure", "the feed gives 48 pages, the interior has 64: rebuild, so the "
                                                "feed describes this interior")
    assert verdict["onix-schema"][0] == "ok"


def test_a_missing_cover_image_fails(tmp_path: Path) -> None:
    verdict = checked(tmp_path, fixture_message())
    (tmp_path / "livre-essai-cover.jpg").unlink()
    findings = check_onix(tmp_path / "feed.xml", tmp_path / "interior.pdf", "feed.xml", {})
    assert verdict["onix-cover"][0] == "ok"
    assert [(f.level, f.message) for f in findings if f.rule == "onix-cover"] == [
        ("failure", "the cover image livre-essai-cover.jpg is not beside the feed")]


def test_a_feed_that_is_not_xml_fails(tmp_path: Path) -> None:
    verdict = checked(tmp_path, b"<ONIXMessage release='3.0'><Header>")
    assert verdict["onix-schema"][0] == verdict["onix-pages"][0] == "failure"


# -- the repository's book, from the shared build -----------------------------------------------------------


def test_the_books_feed_validates_and_carries_the_interiors_page_count(built_book) -> None:
    result, dist = built_book
    feed = dist / "publisher" / f"{SLUG}.onix.xml"
    assert onixcheck.validate(str(feed), schemas=("xsd", "rng")) == []
    interior = PdfReader(dist / "publisher" / f"{SLUG}-interior.pdf")
    tree = etree.parse(str(feed))
    assert values(tree, "//o:Extent[o:ExtentType='06']/o:ExtentValue/text()") == [str(len(interior.pages))]
    assert len(interior.pages) == result.interior_pages
    last_folio = max(int(label) for label in interior.page_labels if label.isdigit())
    assert values(tree, "//o:Extent[o:ExtentType='00']/o:ExtentValue/text()") == [str(last_folio)]
    assert values(tree, "//o:ProductIdentifier[o:ProductIDType='15']/o:IDValue/text()") == ["9782367780450"]
    assert values(tree, "//o:TitleText/text()") == ["Key Account Management"]
    assert values(tree, "//o:Contributor/o:PersonName/text()") == ["Hubert Faucher"]
    assert values(tree, "//o:Price/o:PriceAmount/text()") == ["29.00"]
    assert values(tree, "//o:Price/o:CurrencyCode/text()") == ["EUR"]
    assert values(tree, "//o:Subject[o:MainSubject]/o:SubjectCode/text()") == ["KJMV7"]
    assert values(tree, "//o:Measure[o:MeasureType='03']/o:Measurement/text()") == [f"{result.cover.spine_mm:g}"]
    toc = values(tree, "//o:TextContent[o:TextType='04']/o:Text//o:li/text()")
    assert "Avant-propos" in toc and any(line.startswith("Chapitre 12. ") for line in toc)


def test_the_books_cover_image_is_the_front_panel(built_book) -> None:
    _, dist = built_book
    tree = etree.parse(str(dist / "publisher" / f"{SLUG}.onix.xml"))
    link = values(tree, "//o:SupportingResource//o:ResourceLink/text()")
    assert link == [f"{SLUG}-cover.jpg"]
    with Image.open(dist / "publisher" / link[0]) as image:
        size = image.size
    assert size[1] == 1600 and round(size[0] / size[1], 2) == round(160 / 240, 2)
    assert values(tree, "//o:ResourceVersionFeature[o:ResourceVersionFeatureType='03']/o:FeatureValue/text()") == \
        [str(size[0])]


def test_kambook_check_reports_the_feeds_verdict_and_a_broken_copy_fails(built_book, tmp_path: Path) -> None:
    result, dist = built_book
    copy = tmp_path / "dist"
    shutil.copytree(dist / "publisher", copy / "publisher")
    report = check_outputs(result.book.manifest, copy)
    verdict = {f.rule: f.level for f in report.findings if f.rule.startswith("onix")}
    assert verdict == {"onix-schema": "ok", "onix-pages": "ok", "onix-cover": "ok"}
    assert report.facts["onix"]["pages"]["production"] == result.interior_pages
    sums = (copy / "publisher" / "SHA256SUMS").read_text(encoding="utf-8")
    assert f"{SLUG}.onix.xml" in sums and f"{SLUG}-cover.jpg" in sums
    feed = copy / "publisher" / f"{SLUG}.onix.xml"
    pages = str(result.interior_pages).encode()
    feed.write_bytes(feed.read_bytes().replace(b"<ExtentType>06</ExtentType>\n        <ExtentValue>" + pages,
                                               b"<ExtentType>06</ExtentType>\n        <ExtentValue>" + pages + b"0"))
    failures = [f for f in check_outputs(result.book.manifest, copy).failures if f.rule.startswith("onix")]
    assert [f.rule for f in failures] == ["onix-pages"]
    assert f"{result.interior_pages}0 pages" in failures[0].message
