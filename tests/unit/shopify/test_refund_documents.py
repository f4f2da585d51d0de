"""The refund documents: RefundDetails reads the first page of each connection of a refund,
and a page query per connection reads on with the same fragment (so both halves of a long
refund carry the same fields)."""

from __future__ import annotations

import pytest
from graphql import FragmentDefinitionNode, print_ast

from desktop_app.shopify import operations
from desktop_app.shopify.pagination import page_size_for
from desktop_app.sync.refunds import _CONNECTIONS


def _fragments(name: str) -> dict[str, str]:
    return {d.name.value: print_ast(d) for d in operations.load(name).document.definitions
            if isinstance(d, FragmentDefinitionNode)}


@pytest.mark.parametrize("key, page_query", _CONNECTIONS)
def test_each_page_query_selects_what_refund_details_selects(key, page_query):
    details = _fragments("RefundDetails")
    page = _fragments(page_query)
    assert page, f"{page_query} selects its nodes through a fragment"
    for name, text in page.items():
        assert details.get(name) == text, f"{page_query}: fragment {name} differs"
    node_fields = operations.load(page_query).text
    assert f"{key}(first: $first, after: $after)" in node_fields


@pytest.mark.parametrize("_key, page_query", _CONNECTIONS)
def test_pages_after_the_first_are_larger_than_it(_key, page_query):
    assert operations.load("RefundDetails").estimate_cost({"lines": 25}) <= 1000
    assert page_size_for(operations.load(page_query), {"id": "x"}) > 25
