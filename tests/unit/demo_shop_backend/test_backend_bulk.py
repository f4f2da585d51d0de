"""Bulk operations: Shopify's bulk query rules, lifecycle, JSONL with __parentId."""

from __future__ import annotations

import json

import pytest

from .conftest import Client

RUN = """
mutation($query: String!, $group: Boolean!) {
  bulkOperationRunQuery(query: $query, groupObjects: $group) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}
"""
POLL = """
query($id: ID!) {
  bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl
                           createdAt completedAt query type }
}
"""
CUSTOMERS_WITH_ADDRESSES = """
{ customers(query: "tag:VIP") { edges { node { id email tags
    addressesV2 { edges { node { id city countryCodeV2 } } } } } } }
"""


def run(client: Client, query: str, group: bool = False) -> dict:
    result = client(RUN, {"query": query, "group": group})
    assert result.errors == []
    return result.data["bulkOperationRunQuery"]


def poll_until_done(client: Client, gid: str) -> tuple[list[str], dict]:
    statuses = []
    for _ in range(10):
        op = client(POLL, {"id": gid}).data["bulkOperation"]
        statuses.append(op["status"])
        if op["status"] not in ("CREATED", "RUNNING", "CANCELING"):
            return statuses, op
    raise AssertionError(statuses)


def lines(client: Client, op: dict) -> list[dict]:
    numeric = int(op["id"].rsplit("/", 1)[1])
    path = client.backend.bulk_result_path(numeric)
    assert path is not None
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_lifecycle_and_jsonl(client: Client, backend) -> None:
    started = run(client, CUSTOMERS_WITH_ADDRESSES)
    assert started["userErrors"] == [] and started["bulkOperation"]["status"] == "CREATED"
    gid = started["bulkOperation"]["id"]
    assert client.backend.bulk_result_path(int(gid.rsplit("/", 1)[1])) is None
    statuses, op = poll_until_done(client, gid)
    assert statuses == ["RUNNING", "COMPLETED"]

    vips = [c for c in backend.state.customers.values() if "VIP" in c.tags]
    addresses = sum(len(c.addresses) for c in vips)
    records = lines(client, op)
    assert op["objectCount"] == str(len(records)) == str(len(vips) + addresses)
    assert op["rootObjectCount"] == str(len(vips))
    numeric = int(gid.rsplit("/", 1)[1])
    assert op["fileSize"] == str(client.backend.bulk_result_path(numeric).stat().st_size)
    assert op["url"] == f"http://127.0.0.1:8123/bulk/{numeric}.jsonl"
    assert op["type"] == "QUERY" and op["errorCode"] is None and op["completedAt"]

    parents = [r for r in records if "__parentId" not in r]
    children = [r for r in records if "__parentId" in r]
    # Ungrouped: every parent line comes before every child line.
    assert records == parents + children
    assert [p["id"] for p in parents] == [c.gid for c in sorted(vips, key=lambda c: c.id)]
    assert "addressesV2" not in parents[0]
    by_id = {c.gid: c for c in vips}
    for child in children:
        owner = by_id[child["__parentId"]]
        assert child["id"] in {a.gid for a in owner.addresses}
        assert set(child) == {"id", "city", "countryCodeV2", "__parentId"}


def test_group_objects_puts_children_after_their_parent(client: Client) -> None:
    op = run(client, CUSTOMERS_WITH_ADDRESSES, group=True)["bulkOperation"]
    _, done = poll_until_done(client, op["id"])
    records = lines(client, done)
    current = None
    for record in records:
        if "__parentId" in record:
            assert record["__parentId"] == current
        else:
            current = record["id"]


def test_empty_result_has_no_url(client: Client) -> None:
    op = run(client, '{ customers(query: "tag:nobody-has-this") { edges { node { id } } } }')["bulkOperation"]
    _, done = poll_until_done(client, op["id"])
    assert done["status"] == "COMPLETED"
    assert done["objectCount"] == "0" and done["url"] is None


def test_products_with_variants(client: Client, backend) -> None:
    op = run(client, "{ products { edges { node { id title variants { edges { node { id sku price } } } } } } }")["bulkOperation"]
    _, done = poll_until_done(client, op["id"])
    records = lines(client, done)
    assert int(done["rootObjectCount"]) == len(backend.state.products)
    assert sum("sku" in r for r in records) == len(backend.state.variants)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("{ customers { nodes { id } } }",
         "All connection fields in a bulk query must select their contents using 'edges' > 'node', "
         "e.g: 'customers { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: 'customers'."),
        ('{ node(id: "gid://shopify/Customer/1") { id } }', "Bulk queries cannot contain a top level `node` field."),
        ("{ shop { id } }", "Bulk queries must contain at least one connection."),
        ("", "Invalid bulk query: syntax error, unexpected end of file"),
        ('mutation { customerCreate(input: {email: "x@example.com"}) { customer { id } } }',
         "Invalid operation type. Only `query` operations are supported."),
        ("{ customers { edges { node { email addressesV2 { edges { node { city } } } } } } }",
         "The parent 'node' field for a nested connection must select the 'id' field without an alias "
         "and must be of 'ID' return type. Connection fields without 'id': customers."),
        ("{ products { edges { node { id variants { edges { node { id product { id variants { edges { node { id } } } } } } } } } } }",
         "Bulk queries cannot contain connections with a nesting depth greater than 2."),
        ("#" + "a" * 65535, "Query is too large (65536 bytes; maximum is 65535 bytes)"),
    ],
)
def test_bulk_query_rules(client: Client, query: str, message: str) -> None:
    payload = run(client, query)
    assert payload["bulkOperation"] is None
    assert payload["userErrors"] == [{"field": ["query"], "message": message, "code": "INVALID"}]


def test_at_most_five_running(client: Client) -> None:
    gids = [run(client, "{ customers { edges { node { id } } } }")["bulkOperation"]["id"] for _ in range(5)]
    busy = run(client, "{ customers { edges { node { id } } } }")
    assert busy["bulkOperation"] is None
    assert busy["userErrors"] == [{
        "field": None, "code": "OPERATION_IN_PROGRESS",
        "message": f"A bulk query operation for this app and shop is already in progress: {', '.join(gids)}.",
    }]
    poll_until_done(client, gids[0])
    assert run(client, "{ customers { edges { node { id } } } }")["userErrors"] == []


CANCEL = "mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { field message } } }"


def test_cancel(client: Client) -> None:
    gid = run(client, "{ customers { edges { node { id } } } }")["bulkOperation"]["id"]
    canceling = client(CANCEL, {"id": gid}).data["bulkOperationCancel"]
    assert canceling == {"bulkOperation": {"status": "CANCELING"}, "userErrors": []}
    statuses, op = poll_until_done(client, gid)
    assert statuses == ["CANCELED"] and op["url"] is None
    late = client(CANCEL, {"id": gid}).data["bulkOperationCancel"]
    assert late["userErrors"] == [{"field": None, "message": "A bulk operation cannot be canceled when it is canceled"}]
    missing = client(CANCEL, {"id": "gid://shopify/BulkOperation/0"}).data["bulkOperationCancel"]
    assert missing == {"bulkOperation": None, "userErrors": [{"field": ["id"], "message": "Bulk operation does not exist"}]}


def test_missing_scope_fails_the_operation(client: Client) -> None:
    scopes = frozenset({"read_products"})
    started = client(RUN, {"query": "{ customers { edges { node { id } } } }", "group": False}, scopes=scopes)
    gid = started.data["bulkOperationRunQuery"]["bulkOperation"]["id"]
    _, op = poll_until_done(client, gid)
    assert op["status"] == "FAILED" and op["errorCode"] == "ACCESS_DENIED"


def test_current_bulk_operation_advances_too(client: Client) -> None:
    gid = run(client, "{ locations { edges { node { id name } } } }")["bulkOperation"]["id"]
    seen = [client("{ currentBulkOperation { id status objectCount } }").data["currentBulkOperation"] for _ in range(2)]
    assert [s["status"] for s in seen] == ["RUNNING", "COMPLETED"]
    assert seen[1]["id"] == gid and seen[1]["objectCount"] == "2"


def test_close_removes_files(client: Client, backend) -> None:
    op = run(client, "{ locations { edges { node { id } } } }")["bulkOperation"]
    _, done = poll_until_done(client, op["id"])
    path = backend.bulk_result_path(int(done["id"].rsplit("/", 1)[1]))
    assert path.is_file()
    backend.close()
    assert not path.exists()
