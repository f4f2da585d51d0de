"""The import rule of docs/ARCHITECTURE.md for the shared records: `records/` imports nothing
of the app but itself, and `store/` never imports `shopify/`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "desktop_app"


def _app_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {n for n in names if n.startswith("desktop_app")}


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


@pytest.mark.parametrize("path", sorted((PACKAGE / "records").glob("*.py")), ids=_name)
def test_records_import_only_records(path):
    assert {n for n in _app_imports(path) if not n.startswith("desktop_app.records")} == set()


@pytest.mark.parametrize("path", sorted((PACKAGE / "store").rglob("*.py")), ids=_name)
def test_the_store_does_not_import_shopify(path):
    assert {n for n in _app_imports(path) if n.startswith("desktop_app.shopify")} == set()
