"""Issue 21: bulk writes (`shopify.bulk_mutations`) against the demo shop.

Staged upload to the target the shop hands out (a real multipart POST on a loopback socket),
bulkOperationRunMutation, polling, the result file read back and matched by `__lineNumber`;
a lost answer to the start adopted, not started twice; and the demo shop's own refusals
(storage signature, NO_SUCH_FILE, INVALID_MUTATION, OPERATION_IN_PROGRESS).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from urllib.parse import unquote

import httpx
import pytest
from demo_shops import RecordingTransport

from desktop_app.errors import BulkOperationError
from desktop_app.shopify import bulk_mutations
from desktop_app.shopify.bulk_mutations import BulkWriteStats, run_bulk_mutation

TAGS_ADD = "CustomerTagsAdd"
MUTATION = """# idempotent: true
mutation CustomerTagsAdd($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } }
}"""


async def _no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


def _mutation():
    from desktop_app.shopify.operations import Operation

    return Operation.from_text(MUTATION)


async def staged_target(client, method: str) -> dict:  # type: ignore[no-untyped-def]
    """A new upload target for a file "v.jsonl" (its url, resourceUrl, parameters)."""
    data = await client.execute("StagedUploadsCreate", {"input": [{
        "resource": "BULK_MUTATION_VARIABLES", "filename": "v.jsonl",
        "mimeType": "text/jsonl", "httpMethod": method}]})
    return data["stagedUploadsCreate"]["stagedTargets"][0]


def customer_gids(backend, count: int) -> list[str]:
    return [c.gid for c in sorted(backend.state.customers.values(), key=lambda c: c.id)[:count]]


def tags_of(backend, gid: str) -> list[str]:
    return list(backend.state.customers[int(gid.rsplit("/", 1)[-1])].tags)


async def test_lines_are_written_over_real_http_and_matched_to_their_records(
        served_demo_shop):
    served = await served_demo_shop(customers=6)
    gids = customer_gids(served.backend, 5)
    lines = [{"id": gid, "tags": [f"bulk-{i}"]} for i, gid in enumerate(gids)]
    lines.insert(2, {"id": "gid://shopify/Customer/1", "tags": ["x"]})  # no such customer
    lines.insert(4, {"id": gids[0]})  # variables Shopify cannot run ($tags missing)
    from desktop_app.shopify.address import ShopAddress
    from desktop_app.shopify.auth import StaticToken
    from desktop_app.shopify.client import ShopifyClient

    async def token() -> str:
        return "t"

    stats = BulkWriteStats()
    async with ShopifyClient(ShopAddress.parse(served.url), StaticToken(token),
                             sleep=_no_wait) as client:
        results = await run_bulk_mutation(client, _mutation(), lines, stats=stats)
        points = client.stats.points_actual
    assert [r.index for r in results] == list(range(7))
    assert [r.ok for r in results] == [True, True, False, True, False, True, True]
    assert results[2].user_errors and not results[2].error
    assert results[4].error.startswith("Shopify refused it") and "tags" in results[4].error
    for i, gid in enumerate(gids):
        assert f"bulk-{i}" in tags_of(served.backend, gid)
    assert stats.operations == 1 and stats.adopted == 0 and served.shop.stats["staged_uploads"] == 1
    assert points < 40  # two mutations, a look-up and the polls, whatever the line count


class Tampering(RecordingTransport):
    """The in-process transport, losing the answer to the first `lose` request after the
    shop executed it, and serving result files with their lines reversed and the line of
    `drop` left out."""

    def __init__(self, shop, lose: str = "", drop: int | None = None) -> None:
        super().__init__(shop)
        self.lose = lose
        self.drop = drop

    async def handle_async_request(self, request):  # type: ignore[no-untyped-def]
        response = await super().handle_async_request(request)
        if self.lose and self.operations and self.operations[-1] == self.lose:
            self.lose = ""
            raise httpx.RemoteProtocolError("Server disconnected", request=request)
        if self.drop is None or not request.url.path.startswith("/bulk/"):
            return response
        lines = (await response.aread()).decode().splitlines()
        kept = [x for x in reversed(lines) if json.loads(x)["__lineNumber"] != self.drop]
        return httpx.Response(200, content=("\n".join(kept) + "\n").encode(), request=request)


async def test_a_lost_answer_to_the_start_is_adopted_not_started_twice(demo_shop):
    shop = demo_shop(customers=4)
    shop._transport = Tampering(shop.shop, lose="BulkOperationRunMutation")
    gids = customer_gids(shop.backend, 3)
    stats = BulkWriteStats()
    async with shop.client(sleep=_no_wait) as client:
        results = await run_bulk_mutation(
            client, _mutation(), [{"id": g, "tags": ["once"]} for g in gids], stats=stats)
    assert all(r.ok for r in results)
    sent = shop.transport.count()
    assert sent["BulkOperationRunMutation"] == 1 and sent["BulkOperationsRunning"] == 2
    mutations = [op for op in shop.backend.state.bulk_operations.values()
                 if op.type == "MUTATION"]
    assert len(mutations) == 1
    assert all(tags_of(shop.backend, g).count("once") == 1 for g in gids)


async def test_results_are_matched_by_line_number_and_a_missing_line_is_a_failure(demo_shop):
    shop = demo_shop(customers=5)
    shop._transport = Tampering(shop.shop, drop=1)
    gids = customer_gids(shop.backend, 4)
    async with shop.client(sleep=_no_wait) as client:
        results = await run_bulk_mutation(
            client, _mutation(), [{"id": g, "tags": ["t"]} for g in gids])
    assert [r.index for r in results] == [0, 1, 2, 3]
    assert [r.ok for r in results] == [True, False, True, True]
    assert results[1].error == "Shopify reported no result for it"
    assert [r.payload["node"]["id"] for r in results if r.ok] == [gids[0], gids[2], gids[3]]


async def test_a_large_batch_goes_as_several_operations_in_order(demo_shop):
    shop = demo_shop(customers=8)
    gids = customer_gids(shop.backend, 7)
    stats = BulkWriteStats()
    async with shop.client(sleep=_no_wait) as client:
        results = await run_bulk_mutation(
            client, _mutation(), [{"id": g, "tags": [f"n{i}"]} for i, g in enumerate(gids)],
            max_upload_bytes=200, stats=stats)
    assert stats.operations >= 3 and stats.lines == 7
    assert [r.payload["node"]["id"] for r in results] == gids
    assert all(f"n{i}" in tags_of(shop.backend, g) for i, g in enumerate(gids))


async def test_the_storage_service_refuses_a_form_that_is_not_the_target_s(demo_shop):
    shop = demo_shop(customers=1)
    async with shop.client(sleep=_no_wait) as client:
        target = await staged_target(client, "POST")
        fields = {p["name"]: p["value"] for p in target["parameters"]}
        assert target["resourceUrl"] is None and fields["key"].startswith("tmp/")
        forged = dict(fields, key=fields["key"].replace("v.jsonl", "other.jsonl"))
        refused = await client.http.post(target["url"], data=forged,
                                         files={"file": ("v", b'{"a":1}\n', "text/jsonl")})
        assert refused.status_code == 403 and b"SignatureDoesNotMatch" in refused.content
        # Never uploaded under that key: the bulk mutation cannot find it.
        data = await client.execute("BulkOperationRunMutation", {
            "mutation": MUTATION, "stagedUploadPath": fields["key"]})
        errors = data["bulkOperationRunMutation"]["userErrors"]
        assert [e["code"] for e in errors] == ["NO_SUCH_FILE"]
        accepted = await client.http.post(target["url"], data=fields,
                                          files={"file": ("v", b'{"id":"x"}\n', "text/jsonl")})
        assert accepted.status_code == 201 and b"<Key>" in accepted.content
        data = await client.execute("BulkOperationRunMutation", {
            "mutation": "query Q { shop { id } }", "stagedUploadPath": fields["key"]})
        errors = data["bulkOperationRunMutation"]["userErrors"]
        assert [e["code"] for e in errors] == ["INVALID_MUTATION"]


async def test_five_running_bulk_mutations_refuse_a_sixth_and_the_client_says_so(
        demo_shop, monkeypatch):
    shop = demo_shop(customers=2)
    gid = customer_gids(shop.backend, 1)[0]
    async with shop.client(sleep=_no_wait) as client:
        for i in range(5):  # started, never polled: they stay CREATED
            path = await bulk_mutations.stage_upload(
                client, json.dumps({"id": gid, "tags": [str(i)]}).encode() + b"\n")
            await client.execute("BulkOperationRunMutation",
                                 {"mutation": MUTATION, "stagedUploadPath": path})
        with pytest.raises(BulkOperationError) as refused:
            await run_bulk_mutation(client, _mutation(), [{"id": gid, "tags": ["six"]}])
    assert refused.value.details["codes"] == ["OPERATION_IN_PROGRESS"]
    assert Counter(op.type for op in shop.backend.state.bulk_operations.values()
                   if op.running)["MUTATION"] == 5


async def test_a_put_target_takes_the_file_at_its_signed_url_only(demo_shop):
    shop = demo_shop(customers=1)
    async with shop.client(sleep=_no_wait) as client:
        target = await staged_target(client, "PUT")
        unsigned = target["url"].split("?", 1)[0]
        refused = await client.http.put(unsigned, content=b'{"id":"x"}\n')
        assert refused.status_code == 403
        assert (await client.http.put(target["url"], content=b'{"id":"x"}\n')).status_code == 200
    key = unquote(unsigned.split("/staged-uploads/", 1)[1])
    assert key.startswith("tmp/") and key.endswith("/v.jsonl")
    assert shop.backend.staged_uploads.file_of(key).read_bytes() == b'{"id":"x"}\n'
