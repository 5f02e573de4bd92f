"""The event file (``assets/event/*.yaml``): what the booklet says about the symposium."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it.token import Token

from ..errors import Location, Problem, ProblemsError, SourceError, relpath
from ..markdown import make_parser
from ..text.yamlload import compose_and_load, yaml_error

REQUIRED = ("title", "dates", "venue", "organisers", "programme", "contact")


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
OPTIONAL = ("edition", "tagline", "introduction", "workshops_note", "companies", "sections", *NOTES)
#: The booklet's sections and the heading each has when the event file does not rename it (``sections:``).
SECTIONS = {"couverture": "Couverture", "bienvenue": "Bienvenue", "programme": "Programme",
            "ateliers": "Les ateliers", "table-ronde": "Table ronde", "networking": "Networking et dîner de gala",
            "entreprises": "Les entreprises des intervenants", "le-livre": "Le livre",
            "sommaire": "Sommaire du livre", "contact": "Contact"}
ITEM_KEYS = ("time", "title", "kind", "duration", "text")


def load_event(path: Path, root: Path) -> Event:
    """The event file, with every problem reported at once at its line, as book.yaml's are."""
    rel = relpath(path, root)
    try:
        text = path.read_text(encoding="utf-8")
        node, data = compose_and_load(text)
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text (byte {exc.start}): save the file as UTF-8", Location(rel)) from None
    except yaml.YAMLError as exc:
        line, column, problem = yaml_error(exc, text)
        raise SourceError(f"not valid YAML: {problem}", Location(rel, line, column)) from None
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise SourceError("the event file must be 'key: value' lines", Location(rel, 1))
    lines = {key.value: (key.start_mark.line + 1, value) for key, value in node.value}
    problems: list[Problem] = []

    def problem(key: str | None, message: str, at: yaml.Node | None = None) -> None:
        line = at.start_mark.line + 1 if at is not None else lines[key][0] if key in lines else 1
        problems.append(Problem(Location(rel, line), message))

    for key in data:
        if key not in REQUIRED and key not in OPTIONAL:
            close = difflib.get_close_matches(str(key), [*REQUIRED, *OPTIONAL], n=1)
            problem(key, f"unknown key '{key}' in the event file" + (f" (did you mean '{close[0]}'?)" if close else ""))
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        problem(None, f"the event file has no {', '.join(missing)}: add them")
    if "organisers" in data and not _texts(data["organisers"]):
        problem("organisers", "'organisers' must be a list of names")
    if "contact" in data and not isinstance(data["contact"], dict):
        problem("contact", "'contact' must be 'key: value' lines (name, role, phone, email, web)")
    if "programme" in data:
        _check_programme(lines["programme"][1], problem)
    if "sections" in data:
        _check_sections(lines["sections"][1], problem)
    introduction, intro_text = None, ""
    if data.get("introduction"):
        introduction = (path.parent / str(data["introduction"])).resolve()
        try:
            intro_text = introduction.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problem("introduction", f"introduction '{data['introduction']}' is not UTF-8 text (byte {exc.start}): "
                                    "save it as UTF-8")
        except OSError:
            problem("introduction", f"introduction '{data['introduction']}' not found next to the event file")
    if problems:
        raise EventError(problems)
    return Event(title=str(data["title"]), dates=str(data["dates"]), venue=str(data["venue"]),
                 organisers=tuple(map(str, data["organisers"])), programme=tuple(data["programme"]),
                 contact=dict(data["contact"]), edition=str(data.get("edition", "")),
                 tagline=str(data.get("tagline", "")), introduction=introduction, introduction_text=intro_text,
                 introduction_tokens=tuple(make_parser().parse(intro_text, {})) if intro_text else (),
                 workshops_note=str(data.get("workshops_note", "")),
                 companies=tuple(map(str, data.get("companies", []))),
                 sections={**SECTIONS, **{str(k): str(v) for k, v in (data.get("sections") or {}).items()}},
                 **{note: str(data.get(note) or "") for note in NOTES})


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value)


def _check_programme(node: yaml.Node, problem) -> None:  # noqa: ANN001 - load_event's reporter
    """Days with their items, each item with a time and a title: what the programme page prints."""
    if not isinstance(node, yaml.SequenceNode):
        problem(None, "'programme' must be a list of days ('- day: …' with its 'items')", node)
        return
    for day in node.value:
        keys = {k.value: v for k, v in day.value} if isinstance(day, yaml.MappingNode) else None
        if keys is None or "day" not in keys or not isinstance(keys.get("items"), yaml.SequenceNode):
            problem(None, "each day of the programme needs 'day' (its date) and 'items' (a list)", day)
            continue
        for item in keys["items"].value:
            fields = {k.value for k, _ in item.value} if isinstance(item, yaml.MappingNode) else None
            if fields is None or not {"time", "title"} <= fields:
                problem(None, "each item of the programme needs a 'time' and a 'title'", item)
            elif fields - set(ITEM_KEYS):
                problem(None, f"unknown key(s) {', '.join(sorted(fields - set(ITEM_KEYS)))} in a programme item "
                              f"(known: {', '.join(ITEM_KEYS)})", item)


def _check_sections(node: yaml.Node, problem) -> None:  # noqa: ANN001 - load_event's reporter
    """``sections: {programme: Le programme}``: only the booklet's sections, each with a heading."""
    if not isinstance(node, yaml.MappingNode):
        problem(None, f"'sections' must be 'section: heading' lines (sections: {', '.join(SECTIONS)})", node)
        return
    for key, value in node.value:
        if key.value not in SECTIONS:
            close = difflib.get_close_matches(str(key.value), list(SECTIONS), n=1)
            problem(None, f"unknown booklet section '{key.value}'" + (f" (did you mean '{close[0]}'?)" if close
                                                                     else f" (known: {', '.join(SECTIONS)})"), key)
        elif not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
            problem(None, f"section '{key.value}' needs a heading (a line of text)", value)
