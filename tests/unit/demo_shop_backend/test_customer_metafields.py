"""Customer metafields and tax exemptions, and Business Central's per-customer query (issue 20).

BC_QUERY is, to the letter, the body of Business Central's Shopify connector's
`GetCustomer.graphql` (microsoft/BCApps, `src/Apps/W1/Shopify/App/.resources/graphql/Customers/`,
commit 79ad12c), its `{{CustomerId}}` filled in; BC_CONSENT_QUERY is the same with the two
consent objects the issue names (`emailMarketingConsent`, `smsMarketingConsent`). The real
answers and costs compared are those of ../shared/shopify/captures-2025-01/customers/
customer-metafields-erasure-address-fidelity.json (and the texts of captured-user-errors.json).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.demo_shop import DemoRequest, DemoShop, ShopBackend
from desktop_app.demo_shop.metafields import TYPES

GRAPHQL_PATH = f"/admin/api/{SHOPIFY_API_VERSION}/graphql.json"
HEADERS = {"X-Shopify-Access-Token": "test-admin", "Content-Type": "application/json"}
CAPTURE = (Path(__file__).resolve().parents[4] / "shared" / "shopify" / "captures-2025-01"
           / "customers" / "customer-metafields-erasure-address-fidelity.json")

BC_QUERY = (
    '{customer(id: "gid://shopify/Customer/{{CustomerId}}") {legacyResourceId firstName lastName '
    'defaultEmailAddress { emailAddress marketingState marketingUpdatedAt } defaultPhoneNumber '
    '{ phoneNumber } taxExempt taxExemptions verifiedEmail state note createdAt updatedAt tags '
    'addresses {id company firstName lastName address1 address2 zip city countryCodeV2 country '
    'provinceCode province phone} defaultAddress {id} metafields(first: 50) {edges {node {id '
    'namespace ownerType legacyResourceId key value type}}}}}'
)
BC_CONSENT_QUERY = BC_QUERY.replace(
    "defaultPhoneNumber { phoneNumber }",
    "defaultPhoneNumber { phoneNumber } emailMarketingConsent { marketingState "
    "marketingOptInLevel consentUpdatedAt } smsMarketingConsent { marketingState "
    "marketingOptInLevel consentUpdatedAt consentCollectedFrom }")
# Shopify's rules as the demo shop applies them: customer 1, defaultEmailAddress 1,
# defaultPhoneNumber 1, addresses (no first:) 1, defaultAddress 1, and metafields(first: 50):
# 2 + 50 x 0.4 (a metafield's price fitted to the capture's figures, cost.py) = 22.
BC_REQUESTED = 1 + 1 + 1 + 1 + 1 + 2 + math.ceil(50 * 0.4)
CREATE = """mutation($input: CustomerInput!) { customerCreate(input: $input) {
  customer { id metafields(first: 5) { nodes { id namespace key type value } } taxExemptions }
  userErrors { field message } } }"""
UPDATE = CREATE.replace("customerCreate", "customerUpdate")
SET = """mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) {
  metafields { namespace key type value } userErrors { field message code elementIndex } } }"""
DELETE = """mutation($m: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $m) {
  deletedMetafields { ownerId namespace key } userErrors { field message } } }"""
READ = """query($id: ID!) { customer(id: $id) {
  metafields(first: 10) { nodes { namespace key value } }
  one: metafield(namespace: "custom", key: "tier") { value } } }"""


def _capture() -> dict[str, Any]:
    if not CAPTURE.is_file():
        pytest.fail(f"the real-store capture is missing: {CAPTURE}")
    return json.loads(CAPTURE.read_text("utf-8"))


async def _post(shop: DemoShop, query: str, variables: dict[str, Any] | None = None
                ) -> dict[str, Any]:
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    response = await shop.handle(DemoRequest("POST", GRAPHQL_PATH, dict(HEADERS), body))
    assert response.status == 200, response.body
    return response.json()


@pytest.fixture
async def shop():
    backend = ShopBackend.generate(seed=1, customers=0, orders=0)
    shop = DemoShop(backend, plan="plus")
    yield shop
    shop.close()
    backend.close()


def _setting(owner: str, key: str, value: str, type_: str = "single_line_text_field",
             namespace: str = "custom") -> dict[str, str]:
    """One MetafieldsSetInput."""
    return {"ownerId": owner, "namespace": namespace, "key": key, "value": value, "type": type_}


def _cost(payload: dict[str, Any]) -> tuple[int, int]:
    cost = payload["extensions"]["cost"]
    return cost["requestedQueryCost"], cost["actualQueryCost"]


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


async def test_the_captured_metafield_documents_answer_and_cost_as_shopify_did(shop) -> None:
    """The capture's own create and read, sent as recorded: the same data and the same
    requested/actual cost (17/16 and 8/7) as the real store."""
    capture = _capture()
    create = capture["create"]
    answer = await _post(shop, create["request"]["query"], create["request"]["variables"])
    real = create["response"]
    assert _without_ids(answer["data"]) == _without_ids(real["data"])
    assert _cost(answer) == _cost(real) == (17, 16)

    read = capture["downstreamRead"]
    customer_id = answer["data"]["customerCreate"]["customer"]["id"]
    answer = await _post(shop, read["request"]["query"], {"id": customer_id})
    assert _without_ids(answer["data"]) == _without_ids(read["response"]["data"])
    assert _cost(answer) == _cost(read["response"]) == (8, 7)


async def _bc_customer(shop: DemoShop) -> str:
    made = await _post(shop, CREATE, {"input": {
        "email": "Buyer@Example.com", "firstName": "Ann", "lastName": "Lee",
        "taxExemptions": ["CA_BC_RESELLER_EXEMPTION"],
        "addresses": [{"address1": "1 Main St", "city": "Vancouver", "countryCode": "CA",
                       "provinceCode": "BC", "zip": "V5K 0A1"}],
        "metafields": [{"namespace": "custom", "key": "tier", "type": "single_line_text_field",
                        "value": "gold"},
                       {"namespace": "custom", "key": "vip", "type": "boolean",
                        "value": "true"}]}})
    assert made["data"]["customerCreate"]["userErrors"] == []
    return made["data"]["customerCreate"]["customer"]["id"]


def _check_bc_answer(payload: dict[str, Any], customer_id: str) -> None:
    assert "errors" not in payload, payload
    customer = payload["data"]["customer"]
    numeric = customer_id.rsplit("/", 1)[1]
    assert customer["legacyResourceId"] == numeric
    assert (customer["firstName"], customer["lastName"]) == ("Ann", "Lee")
    assert customer["defaultEmailAddress"] == {
        "emailAddress": "buyer@example.com", "marketingState": "NOT_SUBSCRIBED",
        "marketingUpdatedAt": None}
    assert customer["defaultPhoneNumber"] is None
    assert customer["taxExempt"] is False
    assert customer["taxExemptions"] == ["CA_BC_RESELLER_EXEMPTION"]
    assert (customer["verifiedEmail"], customer["state"], customer["tags"]) == (
        True, "DISABLED", [])
    [address] = customer["addresses"]
    assert (address["city"], address["countryCodeV2"], address["country"],
            address["provinceCode"], address["province"]) == (
        "Vancouver", "CA", "Canada", "BC", "British Columbia")
    assert (address["firstName"], address["lastName"]) == ("Ann", "Lee")  # as Shopify copies them
    assert customer["defaultAddress"] == {"id": address["id"]}
    nodes = [edge["node"] for edge in customer["metafields"]["edges"]]
    assert [(n["namespace"], n["key"], n["type"], n["value"], n["ownerType"]) for n in nodes] == [
        ("custom", "tier", "single_line_text_field", "gold", "CUSTOMER"),
        ("custom", "vip", "boolean", "true", "CUSTOMER")]
    for node in nodes:
        assert node["id"] == f"gid://shopify/Metafield/{node['legacyResourceId']}"
    # Requested: Shopify's rules (see BC_REQUESTED). Actual: customer 1, e-mail 1, the null
    # phone 1 (nothing below it), one address 1, defaultAddress 1, metafields 2 + ceil(2 x 0.4).
    assert _cost(payload) == (BC_REQUESTED, 8)


async def test_business_centrals_customer_query_runs_in_process(shop) -> None:
    customer_id = await _bc_customer(shop)
    query = BC_QUERY.replace("{{CustomerId}}", customer_id.rsplit("/", 1)[1])
    _check_bc_answer(await _post(shop, query), customer_id)
    consent = await _post(shop, BC_CONSENT_QUERY.replace("{{CustomerId}}",
                                                        customer_id.rsplit("/", 1)[1]))
    assert consent["data"]["customer"]["emailMarketingConsent"] == {
        "marketingState": "NOT_SUBSCRIBED", "marketingOptInLevel": "SINGLE_OPT_IN",
        "consentUpdatedAt": None}
    assert consent["data"]["customer"]["smsMarketingConsent"] is None  # no phone number
    assert _cost(consent) == (BC_REQUESTED + 2, 10)  # two more objects (one null)


async def test_business_centrals_customer_query_runs_served(served_demo_shop) -> None:
    served = await served_demo_shop(customers=0)
    customer_id = await _bc_customer(served.shop)
    query = BC_QUERY.replace("{{CustomerId}}", customer_id.rsplit("/", 1)[1])
    async with httpx.AsyncClient(base_url=served.url, headers=HEADERS, timeout=10) as http:
        response = await http.post(GRAPHQL_PATH, json={"query": query})
    assert response.status_code == 200
    _check_bc_answer(response.json(), customer_id)


async def test_customer_update_writes_metafields_by_namespace_and_key(shop) -> None:
    customer_id = await _bc_customer(shop)
    changed = await _post(shop, UPDATE, {"input": {"id": customer_id, "metafields": [
        {"namespace": "custom", "key": "tier", "value": "platinum"},
        {"namespace": "profile", "key": "birthday", "type": "date", "value": "1990-01-01"}]}})
    assert changed["data"]["customerUpdate"]["userErrors"] == []
    nodes = changed["data"]["customerUpdate"]["customer"]["metafields"]["nodes"]
    assert [(n["key"], n["value"]) for n in nodes] == [
        ("tier", "platinum"), ("vip", "true"), ("birthday", "1990-01-01")]
    read = await _post(shop, READ, {"id": customer_id})
    assert read["data"]["customer"]["one"] == {"value": "platinum"}


async def test_customer_input_metafields_refused_with_the_captured_texts(shop) -> None:
    customer_id = await _bc_customer(shop)
    bad_type = await _post(shop, UPDATE, {"input": {"id": customer_id, "metafields": [
        {"namespace": "custom", "key": "bad_type", "type": "not_a_type", "value": "bad"}]}})
    assert bad_type["data"]["customerUpdate"] == {"customer": None, "userErrors": [
        {"field": ["metafields", "0", "type"],
         "message": f"Type must be one of the following: {TYPES}."}]}
    with_id = await _post(shop, CREATE, {"input": {"email": "x@example.com", "metafields": [
        {"id": "gid://shopify/Metafield/9", "namespace": "custom", "key": "k",
         "type": "single_line_text_field", "value": "v"}]}})
    assert with_id["data"]["customerCreate"]["userErrors"] == [
        {"field": ["metafields", "0", "id"], "message": "Cannot specify metafield ID on creation"}]
    read = await _post(shop, READ, {"id": customer_id})
    assert [n["key"] for n in read["data"]["customer"]["metafields"]["nodes"]] == ["tier", "vip"]


async def test_metafields_set_and_delete(shop) -> None:
    customer_id = await _bc_customer(shop)
    done = await _post(shop, SET, {"m": [
        _setting(customer_id, "tier", "silver"),
        _setting(customer_id, "score", "12", "number_integer")]})
    assert done["data"]["metafieldsSet"] == {"metafields": [
        {"namespace": "custom", "key": "tier", "type": "single_line_text_field",
         "value": "silver"},
        {"namespace": "custom", "key": "score", "type": "number_integer", "value": "12"}],
        "userErrors": []}
    gone = await _post(shop, DELETE, {"m": [
        {"ownerId": customer_id, "namespace": "custom", "key": "vip"},
        {"ownerId": customer_id, "namespace": "custom", "key": "never"}]})
    assert gone["data"]["metafieldsDelete"] == {"deletedMetafields": [
        {"ownerId": customer_id, "namespace": "custom", "key": "vip"}, None], "userErrors": []}
    read = await _post(shop, READ, {"id": customer_id})
    assert [(n["key"], n["value"]) for n in read["data"]["customer"]["metafields"]["nodes"]] == [
        ("tier", "silver"), ("score", "12")]


async def test_metafields_set_refuses_all_or_nothing(shop) -> None:
    customer_id = await _bc_customer(shop)
    refused = await _post(shop, SET, {"m": [
        _setting(customer_id, "ok", "v"),
        _setting(customer_id, "k", "v"),
        _setting(customer_id, "key", "v", namespace="protected"),
        _setting(customer_id, "flag", "maybe", "boolean"),
        _setting("gid://shopify/Customer/1", "key", "v")]})
    errors = [(e["field"], e["message"], e["code"])
              for e in refused["data"]["metafieldsSet"]["userErrors"]]
    assert refused["data"]["metafieldsSet"]["metafields"] is None
    assert errors == [
        (["metafields", "1", "key"], "Key is too short (minimum is 2 characters)", "TOO_SHORT"),
        (["metafields", "2", "namespace"], "Namespace protected is a reserved namespace", None),
        (["metafields", "3", "value"], "Value must be true or false.", "INVALID_VALUE"),
        (["metafields", "4", "ownerId"], "Owner does not exist.", "INVALID_VALUE")]
    too_many = await _post(shop, SET, {"m": [
        _setting(customer_id, f"k{i}", "v") for i in range(26)]})
    assert too_many["data"]["metafieldsSet"]["userErrors"] == [
        {"field": ["metafields"], "message": "Exceeded the maximum metafields input limit of 25.",
         "code": "LESS_THAN_OR_EQUAL_TO", "elementIndex": None}]
    read = await _post(shop, READ, {"id": customer_id})
    assert [n["key"] for n in read["data"]["customer"]["metafields"]["nodes"]] == ["tier", "vip"]


async def test_metafields_and_tax_exemptions_survive_the_state_file(shop, tmp_path) -> None:
    made = await _post(shop, CREATE, {"input": {
        "email": "kept@example.com", "taxExemptions": ["US_CA_RESELLER_EXEMPTION"],
        "metafields": [{"namespace": "custom", "key": "tier", "type": "single_line_text_field",
                        "value": "gold"}]}})
    customer_id = made["data"]["customerCreate"]["customer"]["id"]
    path = tmp_path / "state.json"
    path.write_text(json.dumps(shop.backend.to_json()), "utf-8")
    again = ShopBackend.from_json(json.loads(path.read_text("utf-8")))
    reopened = DemoShop(again, plan="plus")
    try:
        read = await _post(reopened, READ.replace("one:", "taxExemptions one:"),
                           {"id": customer_id})
        assert read["data"]["customer"]["metafields"]["nodes"] == [
            {"namespace": "custom", "key": "tier", "value": "gold"}]
        assert read["data"]["customer"]["taxExemptions"] == ["US_CA_RESELLER_EXEMPTION"]
    finally:
        reopened.close()
        again.close()
