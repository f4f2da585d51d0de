"""Page documents read on with the shared fragment (fragments/) of the first page: both halves
of a long connection carry the same fields. RefundDetails reads the first page of each
connection of a refund, and a page query per connection reads on; OrderById, CompaniesPage and
CompanyById likewise for the connections of an order and of a company."""

from __future__ import annotations

import pytest
from graphql import FieldNode, FragmentSpreadNode, Visitor, visit

from desktop_app.shopify import operations
from desktop_app.shopify.pagination import page_size_for
from desktop_app.sync.refunds import _CONNECTIONS


def _nodes_spread(name: str, key: str) -> str:
    """The one fragment spread that selects the nodes of connection `key` in the document
    `name` as sent (its shared fragments included)."""
    found: list[list[str]] = []

    class Connection(Visitor):
        def enter_field(self, node: FieldNode, *_):
            if node.name.value != key:
                return
            for child in node.selection_set.selections:
                if isinstance(child, FieldNode) and child.name.value == "nodes":
                    found.append([s.name.value if isinstance(s, FragmentSpreadNode) else "?"
                                  for s in child.selection_set.selections])

    visit(operations.load(name).document, Connection())
    assert len(found) == 1 and len(found[0]) == 1, f"{name}.{key}: nodes {found}"
    return found[0][0]


@pytest.mark.parametrize("first_page", ["RefundDetails", "RefundConnections"])
@pytest.mark.parametrize("key, page_query", _CONNECTIONS)
def test_each_page_query_spreads_the_shared_fragment_refund_details_spreads(key, page_query,
                                                                            first_page):
    fragment = _nodes_spread(page_query, key)
    assert fragment == _nodes_spread(first_page, key)
    assert fragment in operations.shared_fragments()
    assert f"{key}(first: $first, after: $after)" in operations.load(page_query).text


@pytest.mark.parametrize(
    "first_page, key, page_query",
    [
        ("OrderById", "lineItems", "OrderLineItemsPage"),
        ("OrderById", "shippingLines", "OrderShippingLinesPage"),
        ("OrderById", "refundLineItems", "RefundLineItemsPage"),
        ("CompaniesPage", "locations", "CompanyLocationsPage"),
        ("CompanyById", "locations", "CompanyLocationsPage"),
    ],
)
def test_order_and_company_pages_spread_the_fragment_of_the_first_page(first_page, key,
                                                                         page_query):
    fragment = _nodes_spread(page_query, key)
    assert fragment == _nodes_spread(first_page, key)
    assert fragment in operations.shared_fragments()


@pytest.mark.parametrize("_key, page_query", _CONNECTIONS)
def test_pages_after_the_first_are_larger_than_it(_key, page_query):
    assert operations.load("RefundDetails").estimate_cost({"lines": 25}) <= 1000
    assert page_size_for(operations.load(page_query), {"id": "x"}) > 25
