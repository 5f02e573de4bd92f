"""Bad exports fail with an ExportError that says where and what to do, never with a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from cms_paths import FIXTURES

from kambook.cms import FORMATS, detect_format, load_export
from kambook.errors import ExportError

HOSTILE = FIXTURES / "hostile"


def failure(path: Path, fmt: str | None = None) -> ExportError:
    with pytest.raises(ExportError) as caught:
        load_export(path, fmt)
    return caught.value


def test_billion_laughs_refused_with_location() -> None:
    error = failure(HOSTILE / "billion-laughs.xml")
    assert "billion laughs" in error.message
    assert error.location.line == 3 and error.location.column > 0
    assert "remove the <!DOCTYPE" in error.message


def test_external_entity_refused() -> None:
    error = failure(HOSTILE / "external-entity.xml")
    assert "external resource" in error.message and error.location.line == 2


def test_truncated_xml_names_line_and_column(tmp_path: Path, samples: Path) -> None:
    data = (samples / "blogger" / "pelican-bloggerexport.xml").read_bytes()
    truncated = tmp_path / "backup.xml"
    truncated.write_bytes(data[: len(data) // 2])
    error = failure(truncated)
    assert error.location.file == str(truncated) and error.location.line > 1 and error.location.column > 0
    assert f"line {error.location.line}, column {error.location.column}" in error.message


def test_truncated_json_names_line_and_column() -> None:
    error = failure(HOSTILE / "truncated.json")
    assert (error.location.line, error.location.column) == (1, 86)
    assert "truncated" in error.message


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "export.xml"
    empty.write_bytes(b"")
    assert "empty" in failure(empty).message
    assert "empty" in failure(empty, "wxr").message


@pytest.mark.parametrize("name", ["ghost-missing-id.json", "strapi-missing-title"])
def test_missing_required_field(name: str) -> None:
    error = failure(HOSTILE / name)
    assert "has no" in error.message and "fix" in error.message


@pytest.mark.parametrize("name", ["unknown.json", "unknown.xml"])
def test_unknown_format_detected(name: str) -> None:
    error = failure(HOSTILE / name)
    assert "unknown" in error.message and all(fmt in error.message for fmt in FORMATS)
    with pytest.raises(ExportError):
        detect_format(HOSTILE / name)


def test_unknown_format_named() -> None:
    error = failure(FIXTURES / "ghost-current.json", "medium")
    assert "unknown export format 'medium'" in error.message


def test_wrong_format_named_is_still_clean() -> None:
    assert "Ghost" in failure(FIXTURES / "contentful-fr-default.json", "ghost").message
    assert "<feed>" in failure(FIXTURES / "wxr-classic-and-blocks.xml", "blogger").message


def test_missing_path_and_archive(tmp_path: Path) -> None:
    assert "does not exist" in failure(tmp_path / "nowhere.xml").message
    archive = tmp_path / "export.tar.gz"
    archive.write_bytes(b"\x1f\x8b")
    assert "unpack" in failure(archive).message


def test_detect_format_of_fixtures() -> None:
    assert detect_format(FIXTURES / "blogger-takeout.atom") == "blogger"
    assert detect_format(FIXTURES / "wxr-classic-and-blocks.xml") == "wxr"
    assert detect_format(FIXTURES / "ghost-current.json") == "ghost"
    assert detect_format(FIXTURES / "contentful-fr-default.json") == "contentful"
    assert detect_format(FIXTURES / "folder-pairs") == "folder"
