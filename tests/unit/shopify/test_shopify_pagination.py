"""paginate(): every node once, first/after with endCursor, page size from the cost;
complete_nodes(): the rest of a connection read as the first page of a larger answer."""

from __future__ import annotations

import base64

import httpx
import pytest

from shopify_fakes import answer, body_of, cost
from desktop_app.errors import ShopifyError
from desktop_app.shopify import operations
from desktop_app.shopify.operations import Operation
from desktop_app.shopify.pagination import complete_nodes, page_size_for, paginate


class CustomersShop:
    """Serves `count` customers through a cursor connection, as nodes or edges."""

    def __init__(self, count: int, style: str = "nodes", maximum: float = 2000) -> None:
        self.ids = [f"gid://shopify/Customer/{i}" for i in range(1, count + 1)]
        self.style = style
        self.maximum = maximum
        self.requests: list[dict] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        variables = body_of(request)["variables"]
        self.requests.append(variables)
        first = variables["first"]
        assert 1 <= first <= 250
        start = 0
        if variables.get("after"):
            start = int(base64.b64decode(variables["after"]).decode())
        page = self.ids[start : start + first]
        end = start + len(page)
        nodes = [{"id": i} for i in page]
        info = {
            "hasNextPage": end < len(self.ids),
            "endCursor": base64.b64encode(str(end).encode()).decode() if page else None,
        }
        connection = {"pageInfo": info}
        if self.style == "nodes":
            connection["nodes"] = nodes
        else:
            connection["edges"] = [{"cursor": "x", "node": n} for n in nodes]
        return answer(
            {"customers": connection},
            extensions=cost(requested=2 + first * 2, actual=2 + len(page) * 2,
                            available=self.maximum, maximum=self.maximum),
        )


@pytest.mark.parametrize("style", ["nodes", "edges"])
async def test_every_customer_exactly_once(make_client, style):
    shop = CustomersShop(1234, style)
    client = make_client(shop)
    seen = []
    pages = 0
    async for nodes in paginate(client, "CustomersPage", {"query": "updated_at:>'2026-01-01'"},
                                ("customers",)):
        pages += 1
        seen += [n["id"] for n in nodes]
    assert seen == shop.ids  # all, in order, no duplicates
    assert pages == 5  # 250 per page (2 points per customer)
    assert [r["first"] for r in shop.requests] == [250] * 5
    assert shop.requests[0]["after"] is None
    assert all(r["query"] == "updated_at:>'2026-01-01'" for r in shop.requests)


async def test_fixed_page_size_and_start_cursor(make_client):
    shop = CustomersShop(30)
    client = make_client(shop)
    start = base64.b64encode(b"10").decode()
    seen = [n["id"] async for page in paginate(client, "CustomersPage", {"after": start},
                                               ("customers",), page_size=7) for n in page]
    assert seen == shop.ids[10:]
    # 20 customers after the cursor: pages of 7, 7 and the last 6
    assert [r["first"] for r in shop.requests] == [7, 7, 7]
    assert shop.requests[0]["after"] == start


async def test_empty_connection_yields_one_empty_page(make_client):
    client = make_client(CustomersShop(0))
    pages = [page async for page in paginate(client, "CustomersPage", {}, ("customers",))]
    assert pages == [[]]


async def test_repeated_cursor_stops_with_error(make_client):
    async def stuck(request: httpx.Request) -> httpx.Response:
        return answer({"customers": {"pageInfo": {"hasNextPage": True, "endCursor": "same"},
                                     "nodes": [{"id": "1"}]}})

    client = make_client(stuck)
    with pytest.raises(ShopifyError, match="no new cursor"):
        async for _ in paginate(client, "CustomersPage", {}, ("customers",)):
            pass


async def test_nested_connection_path(make_client):
    async def handler(request: httpx.Request) -> httpx.Response:
        return answer({"customer": {"addressesV2": {
            "pageInfo": {"hasNextPage": False, "endCursor": None}, "nodes": [{"id": "a1"}]}}})

    op = Operation.from_text(
        "query Addr($id: ID!, $first: Int!, $after: String) { customer(id: $id) { "
        "addressesV2(first: $first, after: $after) { pageInfo { hasNextPage endCursor } "
        "nodes { id } } } }"
    )
    client = make_client(handler)
    pages = [p async for p in paginate(client, op, {"id": "gid://shopify/Customer/1"},
                                       ("customer", "addressesV2"))]
    assert pages == [[{"id": "a1"}]]


async def test_null_parent_yields_nothing(make_client):
    async def handler(request: httpx.Request) -> httpx.Response:
        return answer({"customer": None})

    op = Operation.from_text(
        "query Addr($first: Int!, $after: String) { customer(id: \"x\") { "
        "addressesV2(first: $first, after: $after) { nodes { id } } } }"
    )
    pages = [p async for p in paginate(make_client(handler), op, {}, ("customer", "addressesV2"))]
    assert pages == []


def test_page_size_follows_the_cost():
    page = operations.load("CustomersPage")
    assert page_size_for(page, {}) == 250  # 2 + 250 x 2 = 502
    assert page_size_for(page, {}, bucket_maximum=100) == 49  # 2 + 49 x 2 = 100
    heavy = Operation.from_text(
        "query H($first: Int!) { customers(first: $first) { nodes { id "
        "addressesV2(first: 5) { nodes { id } } } } }"
    )  # 1 + 2 + 5 = 8 per customer
    assert page_size_for(heavy, {}) == 124  # 2 + 124 x 8 = 994 <= 1000
    huge = Operation.from_text(
        "query X($first: Int!) { customers(first: $first) { nodes { id "
        "addressesV2(first: 250) { nodes { id } } } } }"
    )
    assert page_size_for(huge, {}) == 3
    flat = Operation.from_text("query F($first: Int!) { shop { name } }")
    assert page_size_for(flat, {}) == 250


async def test_page_size_shrinks_once_the_bucket_is_known(make_client):
    shop = CustomersShop(300, maximum=200)
    client = make_client(shop)
    async for _ in paginate(client, "CustomersPage", {}, ("customers",)):
        pass
    firsts = [r["first"] for r in shop.requests]
    assert firsts[0] == 250  # bucket unknown: only the 1000-point cap applies
    assert set(firsts[1:]) == {99}  # 2 + 99 x 2 = 200


# --- complete_nodes: the rest of a connection that came as part of a larger answer ----------


async def test_complete_nodes_reads_on_from_the_end_cursor(make_client):
    shop = CustomersShop(30)
    client = make_client(shop)
    first_page = {"nodes": [{"id": i} for i in shop.ids[:10]],
                  "pageInfo": {"hasNextPage": True,
                               "endCursor": base64.b64encode(b"10").decode()}}
    nodes = await complete_nodes(client, first_page, "CustomersPage", {"query": "x"},
                                 ("customers",), page_size=8)
    assert [n["id"] for n in nodes] == shop.ids
    assert [(r["first"], r["query"]) for r in shop.requests] == [(8, "x")] * 3
    assert shop.requests[0]["after"] == first_page["pageInfo"]["endCursor"]


async def test_complete_nodes_asks_nothing_for_a_complete_connection(make_client):
    shop = CustomersShop(3)
    client = make_client(shop)
    whole = {"nodes": [{"id": "1"}], "pageInfo": {"hasNextPage": False, "endCursor": "c"}}
    assert await complete_nodes(client, whole, "CustomersPage", {}, ("customers",)) == [
        {"id": "1"}]
    assert await complete_nodes(client, {"nodes": [{"id": "2"}]}, "CustomersPage", {},
                                ("customers",)) == [{"id": "2"}]
    assert await complete_nodes(client, None, "CustomersPage", {}, ("customers",)) == []
    assert shop.requests == []


async def test_complete_nodes_refuses_more_pages_without_a_cursor(make_client):
    client = make_client(CustomersShop(3))
    cut = {"nodes": [{"id": "1"}], "pageInfo": {"hasNextPage": True, "endCursor": None}}
    with pytest.raises(ShopifyError, match="no cursor"):
        await complete_nodes(client, cut, "CustomersPage", {}, ("customers",))
