"""The shape of the house holds: imports run down the layers declared in pyproject.toml, the products never
import one another, and each engine (WeasyPrint, pdfium, Jinja) stays where the README says it lives."""

from __future__ import annotations

import tomllib

import pytest
from bookproject import ROOT

from kambook import __file__ as package_init

PACKAGE = ROOT / "src" / "kambook"


def contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def test_every_contract_is_kept(capsys: pytest.CaptureFixture[str]) -> None:
    from importlinter.cli import lint_imports
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert status == 0, report  # the report names each import that breaks a rule, with its line
    assert f"{len(contracts())} kept, 0 broken" in report


def test_every_module_has_a_layer() -> None:
    """A new folder or top-level module cannot slip past the rules: each one is placed in a layer."""
    layers = next(c for c in contracts() if c["id"] == "layers")["layers"]
    placed = {name.strip() for layer in layers for name in layer.replace("|", ":").split(":")}
    assert (PACKAGE / "__init__.py").samefile(package_init)
    here = {f"kambook.{p.name}" for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    here |= {f"kambook.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")}
    assert here - placed == set(), "add these to a layer in pyproject.toml's [tool.importlinter]"
    assert placed - here == set(), "these layers name modules that no longer exist"


def test_no_product_imports_another() -> None:
    layers = next(c for c in contracts() if c["id"] == "layers")["layers"]
    products = next(layer for layer in layers if "kambook.site" in layer)
    assert [p.strip() for p in products.split("|")] == ["kambook.site", "kambook.print", "kambook.flipbook",
                                                        "kambook.preflight", "kambook.epub", "kambook.onix",
                                                        "kambook.proofs"]
