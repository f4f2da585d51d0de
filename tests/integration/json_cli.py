"""`shop-sync --json` run in-process on one data folder, and GraphQL calls to a served demo
shop: the session the CLI integration tests share (tests/integration/orders/, customers/)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.cli import main

GRAPHQL = f"/admin/api/{SHOPIFY_API_VERSION}/graphql.json"


class JsonCli:
    """`run` gives (exit code, parsed JSON or None, stderr); `ok` asserts exit 0."""

    def __init__(self, capsys, monkeypatch, data: Path, url: str = "") -> None:
        self.capsys, self.monkeypatch, self.data, self.url = capsys, monkeypatch, data, url

    def run(self, *args: str, stdin: str | None = None) -> tuple[int, Any, str]:
        if stdin is not None:
            self.monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(["--data-dir", str(self.data), "--json", *args])
        out = self.capsys.readouterr()
        return code, (json.loads(out.out) if out.out.strip() else None), out.err

    def ok(self, *args: str, stdin: str | None = None) -> Any:
        code, data, err = self.run(*args, stdin=stdin)
        assert code == 0, (args, err, data)
        return data

    def gql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """A GraphQL call to the served shop (its `data`; no top-level errors allowed)."""
        answer = httpx.post(self.url + GRAPHQL, json={"query": query, "variables": variables},
                            headers={"X-Shopify-Access-Token": "shpat_test"}, timeout=30)
        payload = answer.json()
        assert "errors" not in payload, payload
        return payload["data"]
