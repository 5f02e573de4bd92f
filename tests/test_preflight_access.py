"""Screen-edition rules on small tagged PDFs: WeasyPrint's raw output breaks them, kambook's clean-up passes.

Each file is broken in one way, so each test shows one rule catching what a PDF/UA checker or a reader
with a screen reader would meet; the cleaned file shows the rules stay quiet on what kambook produces.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
import weasyprint
from PIL import Image

from kambook.print import weasy_engine  # noqa: F401 - installs kambook's completion of WeasyPrint's tags
from kambook.print.screen import ScreenOptions, finish_screen
from kambook.preflight import check_screen

ENGLISH = ("The key account manager is the one who knows the customer best, and the one who has to tell the "
           "company what the customer is going to need in the years to come. It is not only a sales job: "
           "it is a job of coordination across the whole company, with the people who design, make and "
           "deliver what the customer buys from us every year.")
FRENCH = ("Le responsable compte clé est celui qui connaît le mieux le client, et celui qui doit dire à "
          "l'entreprise ce dont le client aura besoin dans les années qui viennent : anticonstitutionnellement "
          "développées, les organisations transversales demandent une coordination considérable. ") * 3
STYLE = ("@page { size: 120mm 160mm; margin: 15mm } body { font: 11pt serif; text-align: justify }"
         ".narrow { width: 45mm; hyphens: auto }")


def write(target: Path, body: str, lang: str = "fr") -> Path:
    html = (f'<html lang="{lang}"><head><title>Essai</title><style>{STYLE}</style></head>'
            f'<body>{body}</body></html>')
    weasyprint.HTML(string=html, base_url=str(target.parent) + "/").write_pdf(target, pdf_variant="pdf/ua-1")
    return target


def cleaned(source: Path, target: Path, **options: object) -> Path:
    finish_screen(source, target, ScreenOptions(**options))  # type: ignore[arg-type]
    return target


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("access")
    Image.new("RGB", (40, 30), (20, 60, 120)).save(folder / "fig.png")
    body = (f'<h1 id="ch-essai">Essai</h1><p><a href="#ch-essai">Retour au début</a></p>'
            f'<p class="narrow">{FRENCH}</p><p lang="en">{ENGLISH}</p>'
            f'<img src="fig.png" alt="Un carré bleu"><p>Fin.</p>')
    raw = write(folder / "raw.pdf", body)
    made = {"raw": raw, "good": cleaned(raw, folder / "good.pdf", descriptions={"ch-essai": "Chapitre 1 : Essai"})}
    made["english"] = cleaned(write(folder / "english.pdf", body.replace('<p lang="en">', "<p>")),
                              folder / "english-clean.pdf", descriptions={"ch-essai": "Chapitre 1 : Essai"})
    made["no-alt"] = cleaned(write(folder / "no-alt.pdf", body.replace(' alt="Un carré bleu"', "")),
                             folder / "no-alt-clean.pdf", descriptions={"ch-essai": "Chapitre 1 : Essai"})
    blank = write(folder / "blank.pdf", body + '<div style="break-before: right"></div><p>Après.</p>')
    made["blank"] = cleaned(blank, folder / "blank-clean.pdf", descriptions={"ch-essai": "Chapitre 1 : Essai"})
    return made


def findings(pdf: Path, rule: str, level: str = "failure") -> list:
    return [f for f in check_screen(pdf) if f.rule == rule and f.level == level]


SCREEN_RULES = ("link-structure", "link-text", "break-hyphens", "languages", "notes-figures", "screen-blank")


def test_the_cleaned_file_passes_every_screen_rule(pdfs: dict[str, Path]) -> None:
    results = check_screen(pdfs["good"])
    assert [f for f in results if f.rule in SCREEN_RULES and f.level != "ok"] == []
    assert {f.rule for f in results} >= set(SCREEN_RULES)


def test_a_link_described_by_its_id_fails(pdfs: dict[str, Path]) -> None:
    (failure,) = findings(pdfs["raw"], "link-text")
    assert failure.page == 1 and "« ch-essai »" in failure.message


def test_a_link_held_by_a_span_fails(pdfs: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "span.pdf"
    with pikepdf.open(pdfs["good"]) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        annotation = pdf.pages[0].obj.Annots[0]
        for i in range(0, len(nums), 2):
            if int(nums[i]) == int(annotation.StructParent):
                nums[i + 1].S = pikepdf.Name.Span
        pdf.save(broken)
    (failure,) = findings(broken, "link-structure")
    assert failure.page == 1 and "1 in Span" in failure.message
    assert findings(pdfs["good"], "link-structure") == []


def test_break_hyphens_in_the_text_layer_fail_until_cleaned(pdfs: dict[str, Path]) -> None:
    (failure,) = findings(pdfs["raw"], "break-hyphens")
    assert "U+2010" in failure.message and failure.page == 1
    assert findings(pdfs["good"], "break-hyphens") == []


def test_an_english_passage_without_lang_fails(pdfs: dict[str, Path]) -> None:
    (failure,) = findings(pdfs["english"], "languages")
    assert "English passage" in failure.message
    assert findings(pdfs["good"], "languages") == []


def test_a_figure_without_a_description_fails(pdfs: dict[str, Path]) -> None:
    (failure,) = findings(pdfs["no-alt"], "notes-figures")
    assert "without /Alt" in failure.message


def test_a_note_without_id_fails(pdfs: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "note.pdf"
    with pikepdf.open(pdfs["good"]) as pdf:
        document = pdf.Root.StructTreeRoot.K[0]
        note = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Note,
                                                    P=document, K=pikepdf.Array(), Pg=pdf.pages[0].obj))
        document.K.append(note)
        pdf.save(broken)
    (failure,) = findings(broken, "notes-figures")
    assert "Note element without a unique /ID" in failure.message and failure.page == 1


def test_a_blank_page_in_the_screen_edition_fails(pdfs: dict[str, Path]) -> None:
    failures = findings(pdfs["blank"], "screen-blank")
    assert [f.page for f in failures] == [len(pikepdf.open(pdfs["blank"]).pages) - 1]
