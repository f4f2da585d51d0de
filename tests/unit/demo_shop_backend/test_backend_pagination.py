"""Cursor pagination through execute(): windows, sort keys, reverse, errors."""

from __future__ import annotations

from .conftest import Client

PAGE = """
query Page($first: Int, $after: String, $last: Int, $before: String, $sortKey: CustomerSortKeys,
           $reverse: Boolean, $query: String) {
  customers(first: $first, after: $after, last: $last, before: $before, sortKey: $sortKey,
            reverse: $reverse, query: $query) {
    edges { cursor node { id updatedAt displayName } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


def walk_forward(client: Client, size: int, start: str | None = None, **variables) -> list[dict]:
    seen, after, pages = [], start, 0
    while True:
        result = client(PAGE, {"first": size, "after": after, **variables})
        assert result.errors == []
        conn = result.data["customers"]
        seen += [e["node"] for e in conn["edges"]]
        assert conn["pageInfo"]["hasPreviousPage"] == ((pages > 0 or start is not None) and bool(seen))
        pages += 1
        if not conn["pageInfo"]["hasNextPage"]:
            return seen
        after = conn["pageInfo"]["endCursor"]
        assert after == conn["edges"][-1]["cursor"]


def walk_backward(client: Client, size: int, **variables) -> list[dict]:
    seen, before = [], None
    while True:
        result = client(PAGE, {"last": size, "before": before, **variables})
        conn = result.data["customers"]
        seen = [e["node"] for e in conn["edges"]] + seen
        if not conn["pageInfo"]["hasPreviousPage"]:
            return seen
        before = conn["pageInfo"]["startCursor"]


def gid_number(node: dict) -> int:
    return int(node["id"].rsplit("/", 1)[1])


def test_forward_pages_cover_everything_once_in_id_order(client: Client, backend) -> None:
    nodes = walk_forward(client, 70)
    ids = [gid_number(n) for n in nodes]
    assert len(ids) == len(set(ids)) == len(backend.state.customers) == 300
    assert ids == sorted(ids)


def test_backward_pages_match_forward(client: Client) -> None:
    assert walk_backward(client, 70) == walk_forward(client, 70)


def test_updated_at_sort_and_reverse(client: Client) -> None:
    forward = walk_forward(client, 100, sortKey="UPDATED_AT")
    keys = [(n["updatedAt"], gid_number(n)) for n in forward]
    assert keys == sorted(keys)
    backward = walk_forward(client, 100, sortKey="UPDATED_AT", reverse=True)
    assert backward == list(reversed(forward))


def test_name_sort(client: Client) -> None:
    names = [n["displayName"].casefold() for n in walk_forward(client, 250, sortKey="NAME")]
    assert names == sorted(names)


def test_unsupported_sort_key_sorts_by_id(client: Client) -> None:
    ids = [gid_number(n) for n in walk_forward(client, 250, sortKey="RELEVANCE")]
    assert ids == sorted(ids)


def test_paging_with_a_filter_has_no_duplicates(client: Client, backend) -> None:
    nodes = walk_forward(client, 7, query="tag:VIP")
    expected = sorted(c.id for c in backend.state.customers.values() if "VIP" in c.tags)
    assert [gid_number(n) for n in nodes] == expected
    assert len(expected) > 14  # several pages


def test_a_changed_record_moves_between_pages_without_breaking_the_cursor(client: Client) -> None:
    first = client(PAGE, {"first": 5, "sortKey": "UPDATED_AT"}).data["customers"]
    moved = first["edges"][0]["node"]["id"]
    client.tick(3600)
    client(
        "mutation($i: CustomerInput!) { customerUpdate(input: $i) { userErrors { message } } }",
        {"i": {"id": moved, "note": "touched"}},
    )
    rest = walk_forward(client, 100, sortKey="UPDATED_AT", start=first["pageInfo"]["endCursor"])
    assert rest[-1]["id"] == moved  # now the most recently updated
    assert len(rest) == 300 - 5 + 1


def test_window_errors_are_top_level(client: Client) -> None:
    too_many = client(PAGE, {"first": 251})
    assert too_many.data is None
    assert too_many.errors[0]["message"] == "first cannot exceed 250"
    assert too_many.errors[0]["path"] == ["customers"]
    neither = client(PAGE, {})
    assert neither.errors[0]["message"] == "you must provide one of first or last"
    bad_cursor = client(PAGE, {"first": 1, "after": "not-a-cursor"})
    assert bad_cursor.errors[0]["message"] == "Invalid cursor for current pagination sort."


def test_cursor_from_another_sort_key_is_refused(client: Client) -> None:
    cursor = client(PAGE, {"first": 1, "sortKey": "NAME"}).data["customers"]["pageInfo"]["endCursor"]
    result = client(PAGE, {"first": 1, "after": cursor, "sortKey": "UPDATED_AT"})
    assert result.errors[0]["message"] == "Invalid cursor for current pagination sort."


def test_addresses_v2_and_nodes_lookup(client: Client, backend) -> None:
    customer = next(c for c in backend.state.customers.values() if c.addresses)
    result = client(
        """query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
             ... on Customer { addressesV2(first: 5) { nodes { id city } pageInfo { hasNextPage } } } } }""",
        {"ids": [customer.gid, "gid://shopify/Customer/1", customer.addresses[0].gid]},
    )
    first, missing, address = result.data["nodes"]
    assert first["__typename"] == "Customer"
    assert first["addressesV2"]["nodes"][0]["city"] == customer.addresses[0].city
    assert missing is None
    assert address == {"__typename": "MailingAddress", "id": customer.addresses[0].gid}


def test_lookups_by_id(client: Client, backend) -> None:
    one = next(iter(backend.state.customers.values()))
    result = client('query($id: ID!) { customer(id: $id) { id email legacyResourceId } '
                    'other: customer(id: "gid://shopify/Product/1") { id } }', {"id": one.gid})
    assert result.data["customer"] == {"id": one.gid, "email": one.email, "legacyResourceId": str(one.id)}
    assert result.data["other"] is None
    bad = client('{ customer(id: "123") { id } }')
    assert bad.data == {"customer": None}
    assert bad.errors[0]["message"] == "Invalid global id '123'"
    assert bad.errors[0]["extensions"]["code"] == "RESOURCE_NOT_FOUND"


def test_reading_customers_needs_the_scope(client: Client) -> None:
    denied = client("{ shop { name } customers(first: 1) { nodes { id } } }", scopes=frozenset({"read_products"}))
    assert denied.data is None  # customers is non-null, so the error nulls the whole data
    assert denied.errors[0]["extensions"] == {
        "code": "ACCESS_DENIED",
        "documentation": "https://shopify.dev/api/usage/access-scopes",
        "requiredAccess": "`read_customers` access scope.",
    }
