"""The event file (``assets/event/*.yaml``): what the booklet says about the symposium."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.token import Token

from .. import yamlcheck as yc
from ..errors import ProblemsError, relpath
from ..markdown import make_parser


@dataclass(frozen=True)
class Event:
    title: str
    dates: str
    venue: str
    organisers: tuple[str, ...]
    programme: tuple[dict, ...]
    contact: dict
    edition: str = ""
    tagline: str = ""
    #: The booklet's « Bienvenue » page: its Markdown file, its text (read with the other sources) and its
    #: tokens, typeset by the transform stage with the rest of the event's words.
    introduction: Path | None = None
    introduction_text: str = ""
    introduction_tokens: tuple[Token, ...] = ()
    workshops_note: str = ""
    companies: tuple[str, ...] = field(default_factory=tuple)
    #: The booklet's own words about this event and this book: its pages print them where given.
    roundtable_note: str = ""
    networking_note: str = ""
    companies_note: str = ""
    book_note: str = ""
    #: The booklet's section headings (and PDF outline entries) the event file renames, by section.
    sections: dict = field(default_factory=dict)


class EventError(ProblemsError):
    """The event file does not describe a programme the booklet can print."""

    title = "errors in the event file"
    singular = "error in the event file"


NOTES = ("roundtable_note", "networking_note", "companies_note", "book_note")
#: The booklet's sections and the heading each has when the event file does not rename it (``sections:``).
SECTIONS = {"couverture": "Couverture", "bienvenue": "Bienvenue", "programme": "Programme",
            "ateliers": "Les ateliers", "table-ronde": "Table ronde", "networking": "Networking et dîner de gala",
            "entreprises": "Les entreprises des intervenants", "le-livre": "Le livre",
            "sommaire": "Sommaire du livre", "contact": "Contact"}

F = yc.Field
#: One item of a day: what the programme page prints (``kind`` picks its style, workshops are listed).
ITEM = {"time": F(yc.text, True), "title": F(yc.text, True), "kind": F(yc.text), "duration": F(yc.text),
        "text": F(yc.text)}
DAY = {"day": F(yc.text, True), "items": F(yc.sequence_of(yc.mapping(ITEM)), True)}
CONTACT = {key: F(yc.text) for key in ("name", "role", "phone", "email", "web")}
EVENT = {
    "title": F(yc.text, True), "edition": F(yc.text), "dates": F(yc.text, True), "venue": F(yc.text, True),
    "organisers": F(yc.sequence_of(yc.text), True), "tagline": F(yc.text), "introduction": F(yc.text),
    "programme": F(yc.sequence_of(yc.mapping(DAY)), True), "workshops_note": F(yc.text),
    "companies": F(yc.sequence_of(yc.text)), "contact": F(yc.mapping(CONTACT), True),
    "sections": F(yc.mapping({key: F(yc.text) for key in SECTIONS})),
    **{note: F(yc.text) for note in NOTES},
}


def load_event(path: Path, root: Path) -> Event:
    """The event file, with every problem reported at once at its line, as book.yaml's are."""
    c = yc.Checker(relpath(path, root), EventError)
    node = c.read(path)
    if node is None:
        c.stop("the event file is empty: give the event's title, dates, venue, organisers, programme and contact", 1)
    values = yc.check_mapping(c, node, "the event file", EVENT) or {}
    introduction, intro_text = None, ""
    if "introduction" in values:
        introduction = (path.parent / values["introduction"]).resolve()
        at = yc.value_node(node, "introduction")
        try:
            intro_text = introduction.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            c.fail(at, f"introduction '{values['introduction']}' is not UTF-8 text (byte {exc.start}): "
                       "save it as UTF-8")
        except OSError:
            c.fail(at, f"introduction '{values['introduction']}' not found next to the event file")
    c.raise_problems()  # values lacks nothing required past this line
    values.update(introduction=introduction, sections={**SECTIONS, **values.get("sections", {})})
    return Event(**values, introduction_text=intro_text,
                 introduction_tokens=tuple(make_parser().parse(intro_text, {})) if intro_text else ())
