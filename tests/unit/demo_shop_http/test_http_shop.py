"""The demo shop's HTTP surface through the in-process transport."""

from __future__ import annotations

import httpx
import pytest
from demo_http_fakes import GRAPHQL_URL, TOKEN, FakeBackend, gql

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.demo_shop.shop import DemoRequest, DemoShop
from desktop_app.demo_shop.transport import DemoShopTransport

PAGE = "query Page($n: Int!) { customers(first: $n) { nodes { id } pageInfo { hasNextPage } } }"


async def test_query_answers_with_data_cost_and_version(client, backend):
    response = await gql(client, PAGE, {"n": 250})
    assert response.status_code == 200
    assert response.headers["X-Shopify-API-Version"] == SHOPIFY_API_VERSION
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert len(body["data"]["customers"]["nodes"]) == 250
    assert "errors" not in body
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 252
    assert cost["actualQueryCost"] == 252
    assert cost["throttleStatus"] == {
        "maximumAvailable": 2000.0, "currentlyAvailable": 2000 - 252, "restoreRate": 100.0}
    assert backend.contexts[-1].base_url == "http://demo.test"
    assert backend.contexts[-1].scopes == backend.access_scopes
    assert backend.contexts[-1].now.tzinfo is not None


async def test_unused_points_are_refunded(client):
    # 300 customers: the second page of 250 returns 50 nodes.
    first = (await gql(client, "{ customers(first: 250) { nodes { id } } }")).json()
    second = (await client.post(GRAPHQL_URL, json={
        "query": "query($a: String) { customers(first: 250, after: $a) { nodes { id } } }",
        "variables": {"a": "250"}})).json()
    assert len(second["data"]["customers"]["nodes"]) == 50
    assert second["extensions"]["cost"]["requestedQueryCost"] == 252
    assert second["extensions"]["cost"]["actualQueryCost"] == 52
    assert first["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 1748
    assert second["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 1748 - 52


async def test_throttled_once_the_bucket_is_empty_then_served_after_waiting(client, clock, backend):
    for _ in range(7):
        body = (await gql(client, PAGE, {"n": 250})).json()
        assert "data" in body
    runs = backend.executions
    response = await gql(client, PAGE, {"n": 250})
    assert response.status_code == 200
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["message"] == "Throttled"
    assert body["errors"][0]["extensions"]["code"] == "THROTTLED"
    assert body["errors"][0]["extensions"]["documentation"].startswith("https://shopify.dev/")
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 252
    assert cost["actualQueryCost"] is None
    available = cost["throttleStatus"]["currentlyAvailable"]
    assert available == 2000 - 7 * 252
    assert backend.executions == runs  # nothing ran
    clock.advance((252 - available) / cost["throttleStatus"]["restoreRate"])
    again = (await gql(client, PAGE, {"n": 250})).json()
    assert again["data"]["customers"]["nodes"]
    assert client._transport.shop.stats["throttled"] == 1


async def test_max_cost_exceeded_is_refused_before_running(client, backend):
    query = "{ customers(first: 250) { nodes { id defaultAddress { city } addresses(first: 5) { city } } } }"
    body = (await gql(client, query)).json()
    assert "data" not in body
    error = body["errors"][0]
    assert error["extensions"] == {"code": "MAX_COST_EXCEEDED", "cost": 2 + 250 * 7, "maxCost": 1000}
    assert error["message"].startswith(
        "Query cost is 1752, which exceeds the single query max cost limit (1000).")
    assert backend.executions == 0


async def test_mutation_runs_and_costs_ten(client, backend):
    mutation = ("mutation M($input: CustomerInput!) { customerCreate(input: $input) "
                "{ customer { id email } userErrors { field message } } }")
    body = (await gql(client, mutation, {"input": {"email": "new@example.com"}})).json()
    assert body["data"]["customerCreate"]["customer"]["email"] == "new@example.com"
    assert body["extensions"]["cost"]["requestedQueryCost"] == 10
    assert body["extensions"]["cost"]["actualQueryCost"] == 10
    assert backend.customers[-1]["email"] == "new@example.com"


async def test_backend_errors_pass_through_with_partial_data(backend, clock):
    backend.access_scopes = frozenset({"read_customers"})
    shop = DemoShop(backend, clock=clock, sleep=clock.sleep)
    async with httpx.AsyncClient(transport=DemoShopTransport(shop), base_url="http://x",
                                 headers={"X-Shopify-Access-Token": TOKEN}) as http:
        body = (await gql(http, "mutation { customerCreate(input: {email: \"a@b.c\"}) "
                                "{ customer { id } } }")).json()
    assert body["data"] == {"customerCreate": None}
    assert body["errors"][0]["extensions"]["code"] == "ACCESS_DENIED"
    assert body["errors"][0]["path"] == ["customerCreate"]
    assert body["extensions"]["cost"]["requestedQueryCost"] == 10


async def test_search_warnings_are_copied_into_extensions(client):
    body = (await gql(client, '{ customers(first: 2, query: "bogus:1") { nodes { id } } }')).json()
    [entry] = body["extensions"]["search"]
    assert entry["warnings"][0]["code"] == "invalid_field"
    assert "cost" in body["extensions"]
    plain = (await gql(client, "{ customers(first: 2) { nodes { id } } }")).json()
    assert "search" not in plain["extensions"]


async def test_cost_debug_header_adds_a_breakdown(client):
    body = (await gql(client, "{ customers(first: 3) { nodes { id } } }",
                      headers={"Shopify-GraphQL-Cost-Debug": "1"})).json()
    [entry] = body["extensions"]["cost"]["fields"]
    assert entry == {"path": ["customers"], "definedCost": 2, "requestedTotalCost": 5,
                     "requestedChildrenCost": 3}


# --- requests Shopify answers with errors -------------------------------------------------------


async def test_parse_error_is_200_without_data_or_cost(client, backend):
    body = (await gql(client, "{ customers(first: 1) { nodes { id }")).json()
    assert set(body) == {"errors"}
    assert body["errors"][0]["locations"][0]["line"] == 1
    assert body["errors"][0]["extensions"]["code"]
    assert backend.executions == 0


async def test_validation_error_names_shopify_code(client, backend):
    response = await gql(client, "{ customers(first: 1) { nodes { id madeUp } } }")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"errors"}
    assert body["errors"][0]["extensions"]["code"] == "undefinedField"
    assert "madeUp" in body["errors"][0]["message"]
    assert backend.executions == 0


async def test_bad_variable_is_invalid_variable(client, backend):
    body = (await gql(client, PAGE, {"n": "many"})).json()
    assert set(body) == {"errors"}
    error = body["errors"][0]
    assert error["message"] == "Variable $n of type Int! was provided invalid value"
    assert error["extensions"]["code"] == "INVALID_VARIABLE"
    assert error["extensions"]["value"] == "many"
    missing = (await gql(client, PAGE, {})).json()
    assert missing["errors"][0]["extensions"]["code"] == "INVALID_VARIABLE"
    assert backend.executions == 0


async def test_unknown_operation_name(client):
    body = (await client.post(GRAPHQL_URL, json={
        "query": "query A { shop { id } } query B { shop { name } }", "operationName": "C"})).json()
    assert body["errors"][0]["extensions"]["code"] == "OPERATION_NOT_FOUND"
    chosen = (await client.post(GRAPHQL_URL, json={
        "query": "query A { shop { id } } query B { shop { name } }", "operationName": "B"})).json()
    assert chosen["data"] == {"shop": {"name": "Demo Shop"}}


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"variables": {}}',
                                     b'{"query": "{ shop { id } }", "variables": [1]}'])
async def test_malformed_body_is_400(client, content):
    response = await client.post(GRAPHQL_URL, content=content,
                                 headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"errors": {"query": "Required parameter missing or invalid"}}


async def test_variables_sent_as_a_json_string_are_accepted(client):
    response = await client.post(GRAPHQL_URL, json={"query": PAGE, "variables": '{"n": 2}'})
    assert len(response.json()["data"]["customers"]["nodes"]) == 2


@pytest.mark.parametrize("version", ["2024-01", "2026-10", "unstable"])
async def test_other_versions_fall_forward_to_the_served_one(client, version):
    response = await client.post(f"/admin/api/{version}/graphql.json",
                                 json={"query": "{ shop { name } }"})
    assert response.status_code == 200
    assert response.headers["X-Shopify-API-Version"] == SHOPIFY_API_VERSION


@pytest.mark.parametrize("path", ["/admin/api/latest/graphql.json", "/admin/api/2026-13/graphql.json",
                                  "/admin/graphql.json", "/"])
async def test_unknown_paths_are_404(client, path):
    assert (await client.post(path, json={"query": "{ shop { id } }"})).status_code == 404


async def test_get_on_graphql_endpoint_is_refused(client):
    response = await client.get(GRAPHQL_URL)
    assert response.status_code == 405


# --- bulk result files ------------------------------------------------------------------------


async def test_bulk_result_is_streamed(client, backend):
    lines = "".join(f'{{"id":"gid://shopify/Customer/{i}"}}\n' for i in range(20_000))
    (backend.bulk_dir / "7.jsonl").write_text(lines)
    response = await client.get("/bulk/7.jsonl")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/jsonl"
    assert int(response.headers["content-length"]) == len(lines)
    assert response.text == lines
    assert (await client.get("/bulk/8.jsonl")).status_code == 404
    assert (await client.get("/bulk/x.jsonl")).status_code == 404


# --- DemoRequest --------------------------------------------------------------------------------


async def test_handle_directly_with_mixed_case_headers(backend, clock):
    shop = DemoShop(backend, clock=clock, sleep=clock.sleep)
    request = DemoRequest("POST", GRAPHQL_URL, {"x-SHOPIFY-access-TOKEN": TOKEN},
                          b'{"query": "{ shop { name } }"}', "http://h")
    response = await shop.handle(request)
    assert response.status == 200
    assert response.json()["data"] == {"shop": {"name": "Demo Shop"}}
    assert TOKEN not in repr(request)
    assert TOKEN not in repr(request.headers)


async def test_plan_sets_the_bucket(backend, clock):
    assert DemoShop(FakeBackend(customers=1, plan="plus"), clock=clock).bucket.maximum == 20000
    assert DemoShop(backend, plan="advanced", clock=clock).bucket.restore_rate == 200
    with pytest.raises(KeyError):
        DemoShop(backend, plan="platinum", clock=clock)


def test_served_version_is_the_app_pinned_version():
    from desktop_app.demo_shop.shop import SERVED_API_VERSION

    assert SERVED_API_VERSION == SHOPIFY_API_VERSION


async def test_a_bug_in_the_shop_answers_500_instead_of_raising(backend, clock, caplog):
    def broken(_bulk_id: int) -> None:
        raise RuntimeError("boom")

    backend.bulk_result_path = broken
    shop = DemoShop(backend, clock=clock)
    response = await shop.handle(DemoRequest("GET", "/bulk/1.jsonl", {}, b""))
    assert response.status == 500
    assert shop.stats["internal_errors"] == 1
    assert "boom" in caplog.text


async def test_a_backend_exception_is_shopify_internal_error(backend, clock):
    def explode(*_args: object) -> None:
        raise RuntimeError("resolver bug")

    backend.execute = explode
    shop = DemoShop(backend, clock=clock)
    response = await shop.handle(DemoRequest(
        "POST", GRAPHQL_URL, {"X-Shopify-Access-Token": TOKEN}, b'{"query": "{ shop { name } }"}'))
    body = response.json()
    assert response.status == 200
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert error["extensions"]["requestId"] == response.headers["X-Request-Id"]
    assert body["extensions"]["cost"]["actualQueryCost"] == 1
