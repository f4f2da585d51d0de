"""Shopify's real Admin API schema, built once per test session (about 3 s)."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema, build_schema

from desktop_app import SHOPIFY_API_VERSION


@pytest.fixture(scope="session")
def shopify_schema(shared) -> GraphQLSchema:
    path = shared / "shopify" / f"admin-schema-{SHOPIFY_API_VERSION}.graphql"
    if not path.is_file():
        pytest.fail(f"Shopify's schema for {SHOPIFY_API_VERSION} is missing: {path}")
    return build_schema(path.read_text("utf-8"))
