"""The demo shop's schema document, parsed and checked once per version of schema.graphql
(`demo_shop/schema_cache.py`): every demo shop start paid 0.12 s of CPU for it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import graphql
import pytest

from desktop_app.demo_shop import backend, schema_cache
from desktop_app.demo_shop.schema_cache import schema_document

SMALL = "type Query {\n  shop: Shop\n}\n\ntype Shop {\n  name: String\n}\n"


def _no_parse(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(graphql, "parse", refuse)


def _kept(source: Path) -> list[Path]:
    return sorted((source.parent / "__pycache__").glob(f"{source.name}.*.pickle"))


@pytest.fixture
def source(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # as the test command runs
    path = tmp_path / "schema.graphql"
    path.write_text(SMALL, "utf-8")
    return path


def test_the_second_start_reads_the_checked_document_instead_of_parsing(source,
                                                                        monkeypatch) -> None:
    first = schema_document(source)
    assert len(_kept(source)) == 1
    _no_parse(monkeypatch)
    again = schema_document(source)
    assert graphql.print_ast(again) == graphql.print_ast(first)
    schema = graphql.build_ast_schema(again, assume_valid_sdl=True)
    assert list(schema.type_map["Shop"].fields) == ["name"]


def test_an_edited_schema_is_parsed_and_checked_again(source, monkeypatch) -> None:
    schema_document(source)
    (old,) = _kept(source)
    source.write_text(SMALL.replace("name: String", "name: String\n  plan: String"), "utf-8")
    document = schema_document(source)
    schema = graphql.build_ast_schema(document, assume_valid_sdl=True)
    assert list(schema.type_map["Shop"].fields) == ["name", "plan"]
    assert _kept(source) != [old] and len(_kept(source)) == 1  # the old version is dropped
    # ... and a definition that is no longer valid is refused, not read from a cache.
    source.write_text(SMALL + "\ntype Shop {\n  other: String\n}\n", "utf-8")
    with pytest.raises(TypeError, match="only one type named .Shop"):  # as build_schema
        schema_document(source)


def test_a_damaged_cache_is_parsed_again_and_replaced(source) -> None:
    schema_document(source)
    (kept,) = _kept(source)
    kept.write_bytes(b"not a pickle")
    document = schema_document(source)
    assert "shop: Shop" in graphql.print_ast(document)
    assert kept.read_bytes() != b"not a pickle"


def test_nothing_is_kept_where_python_keeps_no_bytecode(source, monkeypatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # PYTHONDONTWRITEBYTECODE
    schema_document(source)
    assert _kept(source) == []


def test_the_demo_schema_from_the_cache_is_the_schema_of_the_file(tmp_path,
                                                                    monkeypatch) -> None:
    """The demo shop's own schema, built from a kept document (no parse at all), prints as
    the one graphql-core builds from the file's text, with its checks."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    copy = tmp_path / "schema.graphql"
    shutil.copy(backend.SCHEMA_PATH, copy)
    schema_document(copy)  # parsed, checked and kept
    monkeypatch.setattr(backend, "SCHEMA_PATH", copy)
    backend.build_demo_schema.cache_clear()
    try:
        _no_parse(monkeypatch)
        built = backend.build_demo_schema()
    finally:
        backend.build_demo_schema.cache_clear()
    monkeypatch.undo()
    expected = graphql.build_schema(backend.SCHEMA_PATH.read_text("utf-8"))
    assert graphql.print_schema(built) == graphql.print_schema(expected)
    assert built.query_type.fields["shop"].resolve is not None  # resolvers bound as before
    assert schema_cache.cache_path(copy, copy.read_bytes()).is_file()


def test_a_source_in_a_read_only_folder_is_kept_in_the_folder_given(tmp_path,
                                                                    monkeypatch) -> None:
    """As the tests keep Shopify's own schema (`../shared/shopify` is read-only)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    source = tmp_path / "read-only" / "schema.graphql"
    source.parent.mkdir()
    source.write_text(SMALL, "utf-8")
    cache_dir = tmp_path / "cache"
    first = schema_document(source, cache_dir)
    kept = sorted(cache_dir.glob(f"{source.name}.*.pickle"))
    assert len(kept) == 1 and _kept(source) == []  # nothing written beside the source
    assert kept[0] == schema_cache.cache_path(source, source.read_bytes(), cache_dir)
    _no_parse(monkeypatch)
    assert graphql.print_ast(schema_document(source, cache_dir)) == graphql.print_ast(first)


def test_without_locations_a_new_source_is_parsed_once_and_still_checked(source,
                                                                         monkeypatch) -> None:
    parses: list[dict[str, object]] = []
    parse = graphql.parse

    def counted(*args, **kwargs):
        parses.append(kwargs)
        return parse(*args, **kwargs)

    monkeypatch.setattr(graphql, "parse", counted)
    document = schema_document(source, locations=False)
    assert parses == [{"no_location": True}] and document.loc is None
    assert len(_kept(source)) == 1
    assert graphql.print_ast(schema_document(source)) == graphql.print_ast(document)
    source.write_text(SMALL + "\ntype Shop {\n  other: String\n}\n", "utf-8")
    with pytest.raises(TypeError, match="only one type named .Shop"):
        schema_document(source, locations=False)
