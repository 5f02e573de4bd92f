"""The event file (``assets/event/*.yaml``): what the booklet says about the symposium."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import Location, SourceError, relpath
from ..text.yamlload import yaml_error

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
    introduction: Path | None = None
    workshops_note: str = ""
    companies: tuple[str, ...] = field(default_factory=tuple)


def load_event(path: Path, root: Path) -> Event:
    rel = relpath(path, root)
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text (byte {exc.start}): save the file as UTF-8", Location(rel)) from None
    except yaml.YAMLError as exc:
        line, column, problem = yaml_error(exc, text)
        raise SourceError(f"not valid YAML: {problem}", Location(rel, line, column)) from None
    if not isinstance(data, dict):
        raise SourceError("the event file must be 'key: value' lines", Location(rel, 1))
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise SourceError(f"the event file has no {', '.join(missing)}: add them", Location(rel, 1))
    unknown = set(data) - set(REQUIRED) - {"edition", "tagline", "introduction", "workshops_note", "companies"}
    if unknown:
        raise SourceError(f"unknown key(s) {', '.join(sorted(unknown))} in the event file", Location(rel, 1))
    introduction = None
    if data.get("introduction"):
        introduction = (path.parent / str(data["introduction"])).resolve()
        if not introduction.is_file():
            raise SourceError(f"introduction '{data['introduction']}' not found next to the event file",
                              Location(rel, 1))
    return Event(title=str(data["title"]), dates=str(data["dates"]), venue=str(data["venue"]),
                 organisers=tuple(map(str, data["organisers"])), programme=tuple(data["programme"]),
                 contact=dict(data["contact"]), edition=str(data.get("edition", "")),
                 tagline=str(data.get("tagline", "")), introduction=introduction,
                 workshops_note=str(data.get("workshops_note", "")),
                 companies=tuple(map(str, data.get("companies", []))))
