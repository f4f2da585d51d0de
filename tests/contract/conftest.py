"""Shopify's real Admin API schema, built once per test process (from its document kept
once per version of its text: tests/conformance/real_schema.py)."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from desktop_app import SHOPIFY_API_VERSION
from tests.conformance.real_schema import schema_at


@pytest.fixture(scope="session")
def shopify_schema(shared) -> GraphQLSchema:
    path = shared / "shopify" / f"admin-schema-{SHOPIFY_API_VERSION}.graphql"
    if not path.is_file():
        pytest.fail(f"Shopify's schema for {SHOPIFY_API_VERSION} is missing: {path}")
    return schema_at(path)
