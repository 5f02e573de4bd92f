"""Choosing the appendices: filters, labels and slugs, order, title overrides and slug typos."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cms_paths import OWN_EXPORT

from kambook.cms import Export, load_export
from kambook.cms.select import Selection, select_articles

SURVEY = "orchestrer-les-relations-comptes-cles"
WELCOME = "bienvenue-welcome"
DRAFT = "une-once-de-rituels-pour-orchestrer-vos-relations-comptes-cles"
TRIBUNE = "tribune-le-cloud-facteur-de-croissance"
OCT = "une-premiere-en-france-le-symposium"
NOV = "le-management-des-comptes-cles-lhonneur"
DEC = "key-account-management-1970-2010-la"
EVENT = "evenement-lancement-officiel-de-loffre-getplus"


@pytest.fixture(scope="module", params=["blog-relation-btob.blogger.xml", "blog-relation-btob.strapi"])
def export(request: pytest.FixtureRequest) -> Export:
    return load_export(OWN_EXPORT / request.param)


def slugs(export: Export, **options: object) -> list[str]:
    return [a.slug for a in select_articles(export, Selection(**options))]  # type: ignore[arg-type]


def test_default_takes_every_published_article_by_date(export: Export) -> None:
    assert slugs(export) == [WELCOME, SURVEY, EVENT, TRIBUNE, OCT, NOV, DEC]


def test_labels_select_published_articles_only(export: Export) -> None:
    assert slugs(export, labels=("Key Account Management",)) == [SURVEY, OCT, NOV, DEC]
    assert slugs(export, labels=("Symposium", "tribune")) == [TRIBUNE, OCT, NOV]  # labels ignore case
    assert slugs(export, labels=("Enquête",), status=("published", "draft")) == [SURVEY, DRAFT]
    assert slugs(export, labels=("No such label",)) == []


def test_slugs_or_labels_minus_exclude(export: Export) -> None:
    assert slugs(export, slugs=(WELCOME, SURVEY), labels=("Symposium",), exclude=(NOV,)) == [WELCOME, SURVEY, OCT]
    assert slugs(export, exclude=(WELCOME, EVENT, TRIBUNE)) == [SURVEY, OCT, NOV, DEC]


def test_status_kind_and_dates_filter_even_listed_slugs(export: Export) -> None:
    assert slugs(export, slugs=(DRAFT, SURVEY)) == [SURVEY]  # a listed draft stays out unless drafts are asked
    assert slugs(export, status=("draft",)) == [DRAFT]
    assert slugs(export, kinds=("page",)) == [WELCOME]
    assert slugs(export, date_from=date(2014, 9, 4), date_to=date(2014, 10, 27)) == [EVENT, TRIBUNE, OCT]
    assert slugs(export, date_to=date(2014, 1, 1)) == [WELCOME]


def test_listed_order_then_labels_by_date(export: Export) -> None:
    chosen = slugs(export, slugs=(DEC, WELCOME, DEC), labels=("Symposium", "Digital"), order="listed")
    assert chosen == [DEC, WELCOME, EVENT, TRIBUNE, OCT, NOV]


def test_title_overrides(export: Export) -> None:
    selection = Selection(slugs=(SURVEY, WELCOME), titles={WELCOME: "Bienvenue", EVENT: "not selected"})
    welcome, survey = select_articles(export, selection)[0], select_articles(export, selection)[1]
    assert welcome.title == "Bienvenue" and welcome.body_html == export.by_slug(WELCOME).body_html
    assert survey.title == export.by_slug(SURVEY).title
    assert export.by_slug(WELCOME).title == "Bienvenue - Welcome!"  # the export itself is untouched


@pytest.mark.parametrize("field", ["slugs", "exclude", "titles"])
def test_unknown_slug_names_the_export_and_close_matches(export: Export, field: str) -> None:
    value: object = {"orchestrer-relations-comptes-cles": "T"} if field == "titles" else ("orchestrer-relations-comptes-cles",)
    with pytest.raises(ValueError) as error:
        select_articles(export, Selection(**{field: value}))  # type: ignore[arg-type]
    message = str(error.value)
    assert message.startswith(f"no article with slug 'orchestrer-relations-comptes-cles' in {Path(export.path).name}")
    assert f"'{SURVEY}'" in message and DRAFT not in message.split(";")[0]


def test_unknown_slug_prefix_suggests_the_full_slug(export: Export) -> None:
    with pytest.raises(ValueError, match="close matches: 'bienvenue-welcome'"):
        select_articles(export, Selection(exclude=("bienvenue",)))
    with pytest.raises(ValueError) as error:
        select_articles(export, Selection(slugs=("zzz",)))
    assert str(error.value) == f"no article with slug 'zzz' in {Path(export.path).name}"


def test_selection_freezes_yaml_values_and_rejects_nonsense() -> None:
    selection = Selection(labels=["A"], slugs="one", titles={"one": "One"})  # type: ignore[arg-type]
    assert selection.labels == ("A",) and selection.slugs == ("one",)
    with pytest.raises(TypeError):
        selection.titles["two"] = "Two"  # type: ignore[index]
    for bad in ({"status": ("publish",)}, {"kinds": ("article",)}, {"order": "title"},
                {"date_from": date(2015, 1, 1), "date_to": date(2014, 1, 1)}):
        with pytest.raises(ValueError):
            Selection(**bad)  # type: ignore[arg-type]


def test_undated_articles_come_last_and_leave_date_ranges(samples: Path) -> None:
    export = load_export(samples / "ghost" / "nsisongeffiong-ghost-6.26-export.json")
    everything = select_articles(export, Selection(status=("published", "draft", "scheduled")))
    dated = [a for a in everything if a.published]
    assert len(everything) == len(export.articles) and len(dated) < len(everything)
    assert dated == sorted(dated, key=lambda a: a.published)  # type: ignore[arg-type, return-value]
    undated = everything[len(dated):]
    assert all(a.published is None for a in undated)
    assert [a.title.casefold() for a in undated] == sorted(a.title.casefold() for a in undated)
    ranged = select_articles(export, Selection(status=("published", "draft"), date_from=date(1990, 1, 1)))
    assert ranged and all(a.published for a in ranged)
