"""Fakes for the client's unit tests: a clock and sleep, GraphQL answers, a request recorder."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

TOKEN = "shpat_unit_test_token"


class FakeTime:
    """A clock that only moves when the code under test sleeps (or a test says so)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def cost(
    requested: float = 10,
    actual: float | None = 10,
    available: float = 1990,
    maximum: float = 2000,
    rate: float = 100,
) -> dict[str, Any]:
    """An `extensions` object as Shopify sends it."""
    return {
        "cost": {
            "requestedQueryCost": requested,
            "actualQueryCost": actual,
            "throttleStatus": {
                "maximumAvailable": maximum,
                "currentlyAvailable": available,
                "restoreRate": rate,
            },
        }
    }


def answer(
    data: Any = None,
    errors: list[dict] | None = None,
    extensions: dict | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """A GraphQL HTTP answer."""
    body: dict[str, Any] = {}
    if data is not None:
        body["data"] = data
    if errors is not None:
        body["errors"] = errors
    body["extensions"] = extensions if extensions is not None else cost()
    return httpx.Response(status, json=body, headers=headers or {})


def throttled(requested: float = 100, available: float = 40, rate: float = 100) -> httpx.Response:
    return answer(
        errors=[{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
        extensions=cost(requested=requested, actual=None, available=available, rate=rate),
    )


def body_of(request: httpx.Request) -> dict[str, Any]:
    return json.loads(request.content)


class Recorder:
    """An httpx handler built from a list of answers (or callables), recording requests."""

    def __init__(self, *answers: httpx.Response | Exception | Callable) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        item = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if callable(item) and not isinstance(item, httpx.Response):
            item = item(request)
        if isinstance(item, Exception):
            raise item
        return item
