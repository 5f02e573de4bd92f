"""The ONIX feed as a distributor's intake would check it: the ONIX 3.0 schemas' verdict, the page count
against the interior PDF a printer prints, and the cover image it links to.

``onixcheck`` (PyPI) bundles EDItEUR's XSD and RELAX NG schemas, code lists included; both are run, as
intakes differ in which one they use. The page counts are read back from the files, not from the build,
so a feed left from another build, or edited by hand, is caught.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .report import Finding

NS = {"o": "http://ns.editeur.org/onix/3.0/reference"}
PAPERBACK = "o:Product[o:DescriptiveDetail/o:ProductForm='BC']"
#: ONIX code list 23: the production page count (every page of the book block) and the highest Arabic folio.
PRODUCTION, MAIN = "06", "00"
SHOWN_MESSAGES = 5


def check_onix(feed: Path, interior: Path, label: str, facts: dict) -> list[Finding]:
    """The schemas' verdict, the paperback's page counts against the interior, and its cover image."""
    findings = [_schemas(feed, label, facts)]
    try:
        tree = etree.parse(str(feed))
    except (OSError, etree.XMLSyntaxError) as exc:
        return findings + [Finding("onix-pages", "failure", label, None, f"the feed cannot be read: {exc}")]
    findings.append(_pages(tree, interior, label, facts))
    findings.append(_cover(tree, feed.parent, label))
    return findings


def _schemas(feed: Path, label: str, facts: dict) -> Finding:
    import onixcheck
    messages = onixcheck.validate(str(feed), schemas=("xsd", "rng"))
    facts["onixcheck"] = "valid" if not messages else [m.short for m in messages]
    if not messages:
        return Finding("onix-schema", "ok", label, None, "valid ONIX 3.0 (XSD and RELAX NG schemas, onixcheck)")
    shown = "; ".join(f"line {_line(m.location)}: {m.message}" for m in messages[:SHOWN_MESSAGES])
    more = f" (and {len(messages) - SHOWN_MESSAGES} more)" if len(messages) > SHOWN_MESSAGES else ""
    return Finding("onix-schema", "failure", label, None, f"{len(messages)} schema error(s): {shown}{more}")


def _line(location: str) -> str:
    """The line of an onixcheck location, ``file.xml:LINE:COLUMN``."""
    parts = location.rsplit(":", 2)
    return parts[1] if len(parts) == 3 else "?"


def _extent(tree: etree._ElementTree, kind: str) -> int | None:
    values = tree.xpath(f"/o:ONIXMessage/{PAPERBACK}/o:DescriptiveDetail/o:Extent[o:ExtentType='{kind}']"
                        "/o:ExtentValue/text()", namespaces=NS)
    return int(values[0]) if values and values[0].strip().isdigit() else None


def _pages(tree: etree._ElementTree, interior: Path, label: str, facts: dict) -> Finding:
    """The paperback's production page count is the interior's; its main content count, the last folio."""
    production, main = _extent(tree, PRODUCTION), _extent(tree, MAIN)
    facts["pages"] = {"production": production, "main_content": main}
    if production is None:
        return Finding("onix-pages", "failure", label, None, "the paperback (ProductForm BC) has no production page "
                                                             "count (ExtentType 06)")
    try:
        reader = PdfReader(interior)
        pages, labels = len(reader.pages), reader.page_labels
    except (OSError, PdfReadError, ValueError) as exc:
        return Finding("onix-pages", "failure", label, None, f"the interior cannot be read to compare: {exc}")
    last_folio = max((int(folio) for folio in labels if folio.isdigit()), default=None)
    if production != pages:
        return Finding("onix-pages", "failure", label, None, f"the feed gives {production} pages, the interior has "
                                                             f"{pages}: rebuild, so the feed describes this interior")
    if main is not None and main != last_folio:
        return Finding("onix-pages", "failure", label, None, f"the feed's main content ends on page {main}, the "
                                                             f"interior's last Arabic folio is {last_folio}")
    return Finding("onix-pages", "ok", label, None, f"{pages} pages, as the interior")


def _cover(tree: etree._ElementTree, folder: Path, label: str) -> Finding:
    """The front cover the feed links to is handed over with it (a relative link names a file beside it)."""
    links = tree.xpath("//o:SupportingResource[o:ResourceContentType='01']//o:ResourceLink/text()", namespaces=NS)
    if not links:
        return Finding("onix-cover", "failure", label, None, "no front cover (ResourceContentType 01): booksellers "
                                                             "show a blank")
    relative = [link for link in links if "://" not in link]
    missing = [link for link in relative if not (folder / link).is_file()]
    if missing:
        return Finding("onix-cover", "failure", label, None, f"the cover image {missing[0]} is not beside the feed")
    return Finding("onix-cover", "ok", label, None, f"front cover {links[0]}")
