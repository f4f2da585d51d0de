"""Fixtures of the integration tests that need a demo shop server process.

The helpers live in `demo_process.py` (importable by the tests; conftest modules are not).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from demo_process import ServedShop, served_demo_shop


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[Callable[..., ServedShop]]:
    """A factory: `served = demo_server("--customers", "100")` starts a server process.

    Each gets its own request log in tmp_path; every server started is stopped after the test.
    """
    stack = contextlib.ExitStack()
    counter = iter(range(1_000_000))

    def start(*options: str, request_log: bool = True, **kwargs) -> ServedShop:
        path = tmp_path / f"requests-{next(counter)}.jsonl" if request_log else None
        return stack.enter_context(served_demo_shop(*options, request_log=path, **kwargs))

    with stack:
        yield start

