"""The fault tests reuse the demo-shop process helpers of tests/integration."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent / "integration"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def pytest_asyncio_loop_factories(config, item):
    """Async fault tests run on a qasync loop, as the window's engine does (one that destroys
    its Qt objects when closed: tests/qt_loop.py)."""
    from qt_loop import new_loop

    return {"qasync": new_loop}


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    """The scenarios' set-up (fault_harness.Scenario.setup), made once per test run (by one
    pytest worker: shared_setup.py): `template.scenario(tmp, url)` gives a test its copy, on
    its own served shop."""
    from fault_harness import Template
    from shared_setup import once_per_run

    return once_per_run(tmp_path_factory, "template", Template.build)


@pytest.fixture(scope="session")
def clean_run(tmp_path_factory, template) -> dict:
    """One uninterrupted, fault-free run: {"full": snapshot, "customers_only": snapshot},
    made once per test run (shared_setup.py).

    `customers_only` is taken after the customers sync, before orders: the controls compare
    it with `full` to prove the comparison sees a difference.
    """
    from shared_setup import once_per_run

    return once_per_run(tmp_path_factory, "clean", lambda tmp: _clean_run(template, tmp))


def _clean_run(template, tmp) -> dict:
    from demo_process import served_demo_shop
    from fault_harness import SHOP_ARGS

    with served_demo_shop(*SHOP_ARGS) as served:
        scenario = template.scenario(tmp, served.url)
        scenario.sync("customers")
        partial = scenario.snapshot()
        scenario.sync("orders")
        full = scenario.snapshot()
    assert len(full["customers"]) >= 40 and len(full["documents"]) >= 5, full
    return {"full": full, "customers_only": partial}
