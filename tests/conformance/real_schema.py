"""Shopify's real Admin API schema (`../shared/shopify`, the pinned version), as the
conformance and contract tests read it: built once per process, from the schema's document
parsed and checked once per version of its text (`demo_shop/schema_cache.py`, kept in this
folder's `__pycache__`: the shared folder is read-only).

The kept document is the one `graphql.build_schema` would parse and check (its source text,
graphql-core's version and Python's name it), so the schema built from it prints the same;
building it from the text took about 2.5 s of CPU in each test process that read it (the
conformance replay, its derivation tests, the two contract files, each once), from the kept
document 1.5 s. It is kept without source locations (parsed once so when not kept yet):
fewer objects for the cycle collector to walk for the rest of the process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graphql import GraphQLSchema, build_ast_schema

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.demo_shop.schema_cache import schema_document

REPO = Path(__file__).resolve().parents[2]
SCHEMA_PATH = REPO.parent / "shared" / "shopify" / f"admin-schema-{SHOPIFY_API_VERSION}.graphql"
CACHE_DIR = Path(__file__).with_name("__pycache__")


@cache
def schema_at(path: Path) -> GraphQLSchema:
    """The schema defined in `path` (built once per process), as `graphql.build_schema`
    builds it from the file's text."""
    document = schema_document(path, CACHE_DIR, locations=False)  # parsed once when not kept
    return build_ast_schema(document, assume_valid_sdl=True)


def shopify_schema() -> GraphQLSchema:
    """Shopify's schema for the pinned version."""
    return schema_at(SCHEMA_PATH)
