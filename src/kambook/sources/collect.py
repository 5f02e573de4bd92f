"""Collect the book's documents in reading order from the manifest, reporting every unreadable one."""

from __future__ import annotations

from ..errors import Location, Problem, ProblemsError, SourceError, relpath
from ..manifest import Manifest
from ..model import Document
from .chapters import file_slug, read_document


class SourcesError(ProblemsError):
    title = "errors in the chapters"
    singular = "error in the chapters"


def collect_documents(manifest: Manifest) -> list[Document]:
    root = manifest.root
    plan: list[tuple] = []
    for entry in manifest.front_matter:
        if entry.file:
            plan.append((entry.file, "front", file_slug(entry.file), -1))
    for index, part in enumerate(manifest.parts):
        plan.append((part.file, "part", f"partie-{index + 1}", index))
        plan.extend((chapter, "chapter", file_slug(chapter), index) for chapter in part.chapters)
    for entry in manifest.back_matter:
        if entry.file:
            plan.append((entry.file, "back", file_slug(entry.file), -1))

    documents: list[Document] = []
    problems: list[Problem] = []
    slugs: dict[str, str] = {}
    for path, role, slug, part_index in plan:
        rel = relpath(path, root)
        if slug in slugs:
            problems.append(Problem(Location(rel), f"file name '{path.name}' gives the page name '{slug}' "
                                                   f"already taken by {slugs[slug]}: rename one of them"))
            continue
        slugs[slug] = rel
        try:
            doc = read_document(path, rel, role, slug)
        except ProblemsError as exc:  # a front matter with several problems
            problems.extend(exc.problems)
            continue
        except SourceError as exc:
            problems.append(Problem(exc.location or Location(rel), exc.message))
            continue
        doc.part_index = part_index
        documents.append(doc)
    if problems:
        raise SourcesError(problems)
    return documents
