"""What ``kambook import`` reports: counts, languages, labels and the selection, as JSON and as tables."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from cms_paths import OWN_EXPORT

from kambook.cms import load_export
from kambook.cms.select import Selection, select_articles
from kambook.cms.summary import appendix_letter, summarize, summary_tables

BLOGGER = OWN_EXPORT / "blog-relation-btob.blogger.xml"


def render(summary: dict) -> str:
    console = Console(width=200, record=True, color_system=None)
    for table in summary_tables(summary):
        console.print(table)
    return console.export_text()


def test_own_export_counts_and_selection() -> None:
    export = load_export(BLOGGER)
    selected = select_articles(export, Selection(labels=("Symposium", "Tribune")))
    summary = json.loads(json.dumps(summarize(export, selected)))  # JSON-ready: survives a round trip
    assert (summary["format"], summary["title"]) == ("blogger", "Le Blog de la Relation BtoB")
    assert summary["file"].endswith("blog-relation-btob.blogger.xml")
    assert summary["counts"] == {"articles": 8, "posts": 7, "pages": 1, "published": 7, "drafts": 1,
                                 "scheduled": 0, "protected": 0, "private": 0, "comments": 3,
                                 "skipped": {"settings": 8, "template": 1},
                                 "selected": 3}
    assert summary["languages"] == {"fr": 8}
    assert summary["labels"] == {"Key Account Management": 5, "Digital": 2, "Enquête": 2, "Symposium": 2,
                                 "Cloud": 1, "Evènement": 1, "Recherche": 1, "Tribune": 1}
    articles = summary["articles"]
    assert [a["date"] for a in articles][:2] == ["2013-12-02", "2014-08-22"]
    assert [(a["slug"], a["appendix"]) for a in articles if a["selected"]] == [
        ("tribune-le-cloud-facteur-de-croissance", "A"), ("une-premiere-en-france-le-symposium", "B"),
        ("le-management-des-comptes-cles-lhonneur", "C")]
    welcome = articles[0]
    assert welcome == {"slug": "bienvenue-welcome", "title": "Bienvenue - Welcome!", "date": "2013-12-02",
                       "kind": "page", "status": "published", "access": "public",
                       "never_printed": None, "language": "fr", "labels": [],
                       "authors": ["Hubert Faucher"], "url": "http://relation-btob.blogspot.com/p/bienvenue-welcome.html",
                       "selected": False, "appendix": None}
    draft = articles[-1]
    assert draft["status"] == "draft" and draft["url"] == "" and not draft["selected"]


def test_strapi_copy_gives_the_same_report_but_its_file() -> None:
    blogger, strapi = load_export(BLOGGER), load_export(OWN_EXPORT / "blog-relation-btob.strapi")
    a, b = summarize(blogger, None), summarize(strapi, None)
    assert a["counts"]["selected"] is None and not any(x["selected"] for x in a["articles"])
    assert a["articles"] == b["articles"] and a["labels"] == b["labels"] and a["languages"] == b["languages"]


def test_tables_show_counts_labels_and_appendix_letters() -> None:
    export = load_export(BLOGGER)
    text = render(summarize(export, select_articles(export, Selection(slugs=("bienvenue-welcome",)))))
    tables = summary_tables(summarize(export, None))
    assert [t.title for t in tables] == ["Le Blog de la Relation BtoB (blogger)", "Langues et libellés", "Articles"]
    for fragment in ("Billets", "Brouillons", "Commentaires", "settings : 8, template : 1", "Key Account Management",
                     "une-once-de-rituels-pour-orchestrer", "draft"):
        assert fragment in text
    row = next(line for line in text.splitlines() if "bienvenue-welcome" in line)
    assert " A " in row and "2013-12-02" in row and "page" in row
    assert "pas de book.yaml" in render(summarize(export, None))


def test_shared_sample_summary(samples: Path) -> None:
    export = load_export(samples / "blogger" / "pelican-bloggerexport.xml")
    summary = summarize(export, [])
    assert summary["counts"] | {"skipped": None} == {"articles": 4, "posts": 2, "pages": 2, "published": 2,
                                                    "drafts": 2, "scheduled": 0, "protected": 0, "private": 0,
                                                        "comments": 1, "skipped": None,
                                                    "selected": 0}
    assert summary["counts"]["skipped"] == {"settings": 58, "template": 1}
    ghost = summarize(load_export(samples / "ghost" / "nsisongeffiong-ghost-6.26-export.json"), None)
    undated = [a for a in ghost["articles"] if a["date"] is None]
    assert undated and ghost["articles"][-len(undated):] == undated
    assert "sans date" in render(ghost)


def test_appendix_letters() -> None:
    assert [appendix_letter(n) for n in (1, 2, 26, 27, 28, 52, 53)] == ["A", "B", "Z", "AA", "AB", "AZ", "BA"]
