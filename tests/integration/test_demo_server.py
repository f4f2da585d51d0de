"""The real demo shop (ShopBackend + HTTP shell) on a real loopback socket, end to end."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.demo_shop import DemoShop
from desktop_app.demo_shop.backend import ShopBackend

REPO = Path(__file__).resolve().parents[2]
GRAPHQL = f"/admin/api/{SHOPIFY_API_VERSION}/graphql.json"
TOKEN = "shpat_integration_canary_5f0c1e"
CREATE = """
mutation Create($input: CustomerInput!) {
  customerCreate(input: $input) { customer { id } userErrors { field message } }
}
"""
PAGE = """
query Page($first: Int!, $after: String) {
  customers(first: $first, after: $after) {
    nodes { id firstName }
    pageInfo { hasNextPage endCursor }
  }
}
"""


@pytest.fixture
async def served(tmp_path: Path, served_demo_shop) -> tuple[DemoShop, ShopBackend, str]:
    served = await served_demo_shop(backend=ShopBackend(),
                                    request_log=tmp_path / "requests.jsonl")
    return served.shop, served.backend, served.url


def client(base_url: str, **kwargs: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, headers={"X-Shopify-Access-Token": TOKEN},
                             timeout=20, **kwargs)  # type: ignore[arg-type]


async def create_customers(http: httpx.AsyncClient, count: int) -> list[str]:
    ids = []
    for i in range(count):
        response = await http.post(GRAPHQL, json={"query": CREATE, "variables": {"input": {
            "firstName": f"Ada{i}", "lastName": "Lovelace", "email": f"ada{i}@example.com"}}})
        assert response.status_code == 200
        payload = response.json()["data"]["customerCreate"]
        assert payload["userErrors"] == []
        ids.append(payload["customer"]["id"])
    return ids


async def test_mutation_then_paging_over_the_socket(served):
    shop, backend, base_url = served
    async with client(base_url) as http:
        created = await create_customers(http, 12)
        seen: list[str] = []
        after = None
        while True:
            response = await http.post(GRAPHQL, json={
                "query": PAGE, "variables": {"first": 5, "after": after}, "operationName": "Page"})
            body = response.json()
            assert response.headers["x-shopify-api-version"] == SHOPIFY_API_VERSION
            assert body["extensions"]["cost"]["requestedQueryCost"] == 7
            connection = body["data"]["customers"]
            seen += [node["id"] for node in connection["nodes"]]
            if not connection["pageInfo"]["hasNextPage"]:
                break
            after = connection["pageInfo"]["endCursor"]
    assert sorted(seen) == sorted(created)
    # The last page held 2 customers: charged 2 + 2, the rest refunded.
    assert body["extensions"]["cost"]["actualQueryCost"] == 4
    log = [json.loads(line) for line in (shop._log.path).read_text().splitlines()]
    assert [x["operationName"] for x in log[-3:]] == ["Page"] * 3
    assert TOKEN not in shop._log.path.read_text()


async def test_thirty_concurrent_requests(served):
    _, _, base_url = served
    async with client(base_url) as http:
        await create_customers(http, 3)
    # Thirty separate connections at once, as thirty clients would open them.
    async def one() -> httpx.Response:
        async with client(base_url) as http:
            return await http.post(GRAPHQL, json={"query": PAGE, "variables": {"first": 10}})

    responses = await asyncio.gather(*(one() for _ in range(30)))
    assert [r.status_code for r in responses] == [200] * 30
    assert all(len(r.json()["data"]["customers"]["nodes"]) == 3 for r in responses)


async def test_bulk_operation_result_is_downloaded_from_its_url(served):
    _, _, base_url = served
    async with client(base_url) as http:
        created = await create_customers(http, 5)
        run = await http.post(GRAPHQL, json={"query": """
            mutation { bulkOperationRunQuery(query: "{ customers { edges { node { id firstName } } } }")
              { bulkOperation { id status } userErrors { field message } } }"""})
        started = run.json()["data"]["bulkOperationRunQuery"]
        assert started["userErrors"] == []
        bulk_id = started["bulkOperation"]["id"]
        for _ in range(50):
            poll = await http.post(GRAPHQL, json={
                "query": "query($id: ID!) { bulkOperation(id: $id) { status url objectCount } }",
                "variables": {"id": bulk_id}})
            operation = poll.json()["data"]["bulkOperation"]
            if operation["status"] == "COMPLETED":
                break
            await asyncio.sleep(0.05)
        assert operation["status"] == "COMPLETED"
        assert operation["url"].startswith(base_url + "/bulk/")
        # The signed URL needs no token, as Shopify's storage URL does not.
        async with httpx.AsyncClient(timeout=20) as anonymous:
            download = await anonymous.get(operation["url"])
        assert download.status_code == 200
        lines = [json.loads(line) for line in download.text.splitlines()]
        assert sorted(line["id"] for line in lines) == sorted(created)


async def test_faults_over_the_socket(served):
    shop, backend, base_url = served
    async with client(base_url) as http:
        shop.faults.force("drop")
        with pytest.raises(httpx.RemoteProtocolError):
            await create_customers(http, 1)
        shop.faults.force("http_503")
        response = await http.post(GRAPHQL, json={"query": PAGE, "variables": {"first": 1}})
        assert response.status_code == 503
        assert (await create_customers(http, 1))
    assert len(backend.state.customers) == 1  # the dropped mutation never ran


def test_serve_command_prints_its_address_and_stops_cleanly(tmp_path):
    """`demo-shop serve` as a process: the ready line, a request, SIGTERM, exit code 0."""
    script = ("import argparse, sys\n"
              "from desktop_app.demo_shop.server import add_arguments, run\n"
              "parser = argparse.ArgumentParser()\nadd_arguments(parser)\n"
              "sys.exit(run(parser.parse_args(sys.argv[1:])))\n")
    state = tmp_path / "state.json"
    empty = ShopBackend()
    try:
        state.write_text(json.dumps(empty.to_json()))
    finally:
        empty.close()
    log = tmp_path / "requests.jsonl"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with subprocess.Popen(
        [sys.executable, "-c", script, "--port", "0", "--state", str(state),
         "--request-log", str(log)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    ) as process:
        try:
            line = process.stdout.readline().strip()  # type: ignore[union-attr]
            assert line.startswith("listening on http://127.0.0.1:"), line
            url = line.removeprefix("listening on ")
            response = httpx.post(url + GRAPHQL, json={"query": "{ shop { name } }"},
                                  headers={"X-Shopify-Access-Token": TOKEN}, timeout=10)
            assert response.status_code == 200 and "shop" in response.json()["data"]
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=10) == 0
        finally:
            if process.poll() is None:
                process.kill()
    assert len(log.read_text().splitlines()) == 1
    assert TOKEN not in log.read_text()


def test_serve_command_refuses_a_remote_host():
    script = ("import argparse, sys\n"
              "from desktop_app.demo_shop.server import add_arguments, run\n"
              "parser = argparse.ArgumentParser()\nadd_arguments(parser)\n"
              "sys.exit(run(parser.parse_args(sys.argv[1:])))\n")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", script, "--host", "0.0.0.0"],
                            capture_output=True, text=True, timeout=30,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 2
    assert "--allow-remote" in result.stderr
    assert result.stdout == ""
    assert time.monotonic() - started < 30
