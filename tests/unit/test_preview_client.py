"""`PreviewClient` (issue 19): queries reach the shop, mutations never do; each held one is
answered as Shopify would (a new id, the record as written, no userErrors), and later reads
see the preview's own changes: a record it "made" is answered locally, one it "changed"
comes back from the shop with the changed fields over it and the addresses it added.

Control: with `execute` sending mutations (the held branch removed), the first test sees
CustomerCreate reach the transport and fails.
"""

from __future__ import annotations

import json

import httpx

from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import StaticToken
from desktop_app.shopify.client import ShopifyClient
from desktop_app.sync.preview_client import FIRST_PREVIEW_ID, PreviewClient

REAL = "gid://shopify/Customer/7"


async def _token() -> str:
    return "shpat_x"


def _client(sent: list[dict]) -> ShopifyClient:
    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        sent.append(body)
        customer = {"id": REAL, "firstName": "Ann", "lastName": "Lee", "email": "a@x.com",
                    "phone": None, "locale": "en", "note": "", "tags": [], "taxExempt": False,
                    "state": "ENABLED", "verifiedEmail": True, "createdAt": "2026-01-01T00:00:00Z",
                    "updatedAt": "2026-01-01T00:00:00Z", "defaultAddress": None,
                    "addressesV2": {"pageInfo": {"hasNextPage": False}, "nodes": []}}
        return httpx.Response(200, json={"data": {"customer": customer}})

    return ShopifyClient(ShopAddress.loopback(9), StaticToken(_token),
                         transport=httpx.MockTransport(answer))


async def test_mutations_are_held_and_answered_and_later_reads_see_them():
    sent: list[dict] = []
    client = PreviewClient(_client(sent))
    data = await client.execute("CustomerCreate", {"input": {
        "firstName": "Bo", "lastName": "Ek", "email": "bo@x.com"}})
    payload = data["customerCreate"]
    made = payload["customer"]["id"]
    assert made == f"gid://shopify/Customer/{FIRST_PREVIEW_ID}"
    assert payload["userErrors"] == [] and payload["customer"]["updatedAt"]
    address = await client.execute("CustomerAddressCreate", {
        "customerId": made, "setAsDefault": True,
        "address": {"address1": "1 Main St", "city": "Oslo", "countryCode": "NO"}})
    assert address["customerAddressCreate"]["address"]["id"].startswith(
        "gid://shopify/MailingAddress/")
    assert sent == []  # nothing reached the shop

    read = (await client.execute("CustomerById", {"id": made}))["customer"]
    assert sent == []  # Shopify does not have it: answered here
    assert (read["firstName"], read["email"], read["tags"]) == ("Bo", "bo@x.com", [])
    (node,) = read["addressesV2"]["nodes"]
    assert (node["address1"], node["countryCodeV2"]) == ("1 Main St", "NO")
    assert read["defaultAddress"]["id"] == node["id"]
    assert [h.name for h in client.held] == ["CustomerCreate", "CustomerAddressCreate"]


async def test_a_changed_record_reads_back_with_the_change_over_the_shops_answer():
    sent: list[dict] = []
    client = PreviewClient(_client(sent))
    await client.execute("CustomerUpdate", {"input": {"id": REAL, "email": "new@x.com"}})
    await client.execute("CustomerAddressCreate", {
        "customerId": REAL, "setAsDefault": False,
        "address": {"address1": "2 High St", "city": "Leeds", "countryCode": "GB"}})
    assert sent == []
    read = (await client.execute("CustomerById", {"id": REAL}))["customer"]
    assert [b["operationName"] for b in sent] == ["CustomerById"]  # a query goes through
    assert (read["email"], read["firstName"]) == ("new@x.com", "Ann")
    assert read["updatedAt"] != "2026-01-01T00:00:00Z"
    assert [n["city"] for n in read["addressesV2"]["nodes"]] == ["Leeds"]
