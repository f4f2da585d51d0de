"""What the customers' bulk write tests share (issue 21): a harness whose transport lets a
test kill the run between the shop's answer and the app's reading of it, and ways to let the
demo shop finish the bulk mutations a killed run left, in process or served on loopback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bulk_writes import (  # noqa: F401  (shared with the companies' bulk write tests)
    KILL_CASES,
    die_after,
    finish_bulk_mutations,
    finish_served_bulk_mutations,
    kill_sync_at,
    operation_names,
    served_gql,
    slow_served_shop,
)
from customer_harness import SHOP, Harness
from demo_process import SHORT_WAITS, child_env, run_cli
from hooked_transport import HookedTransport

from desktop_app.demo_shop import ShopBackend

CUSTOMERS = "{ customers(first: 250) { nodes { id email } } }"


def hooked_harness(demo_shop, service, threshold: int) -> Harness:  # type: ignore[no-untyped-def]
    """A shop card importing nothing, bulk writes from `threshold`, on a `HookedTransport`."""
    shop = demo_shop(backend=ShopBackend())
    shop._transport = HookedTransport(shop.shop)
    h = Harness(shop.backend, shop.shop, shop.transport, service(shop, SHOP))
    h.settings(customer_import="none", bulk_write_threshold=threshold)
    return h


#: The local customers of the process tests.
LOCAL = 30
NOS = [f"K{i:03d}" for i in range(LOCAL)]


def local_csv(tmp: Path, domain: str = "local.example") -> Path:
    """A CSV of the `NOS` customers (e-mails `kim<i>@<domain>`), for `customers import`."""
    csv = tmp / f"local-{domain}.csv"
    csv.write_text("\n".join([
        "no,name,contact,address,city,post_code,country,phone,email",
        *(f"{no},Shop {i},Kim Lee{i},{i} Main St,Toronto,M5H 1A1,CA,+1416777{i:04d},"
          f"kim{i}@{domain}" for i, no in enumerate(NOS))]) + "\n", "utf-8")
    return csv


def process_shop(tmp: Path, url: str, token: str) -> tuple[dict[str, str], Path]:
    """A data folder with shop card "S" on `url` (importing nothing, bulk writes from 5) and
    the `NOS` customers ticked for web upload; the environment of its `shop-sync` runs."""
    env, data = child_env({"SHOP_SYNC_TOKEN_S": token, **SHORT_WAITS,
                           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}), tmp / "data"
    for args in (("shop", "add", "S", "--api-url", url),
                 ("customers", "import", str(local_csv(tmp))),
                 ("customers", "assign-web-upload", *NOS),
                 ("shop", "set", "S", "customer_import=none", "bulk_write_threshold=5")):
        run_cli(env, data, *args)
    return env, data


def assert_refused_in_bulk(h: Harness, result: Any, no: str, field: str, words: str) -> None:
    """One bulk mutation was sent, and its only refusal is Shopify's for `no` on `field`
    (code `shopify_refused`, a message with `words`), as one by one names it."""
    assert h.transport.count()["BulkOperationRunMutation"] == 1
    assert [(e.record, e.field, e.code) for e in result.errors] == [
        (no, field, "shopify_refused")]
    assert words in result.errors[0].message


#: The in-process tests: this many local customers, bulk writes from THRESHOLD.
COUNT = 12
THRESHOLD = 5
ADDRESS = {"address": "5 Main St", "city": "Toronto", "post_code": "M5H 1A1", "country": "CA",
           "county": "ON"}


def web_customers(h: Harness, prefix: str, count: int = COUNT,
                  **extra: dict[str, str]) -> list[str]:
    """`count` local customers ticked for web upload, `<prefix>000`... (e-mail
    `kim<i>@local.example`, a phone and an address each; `extra` overrides fields by no.)."""
    nos = [f"{prefix}{i:03d}" for i in range(count)]
    for i, no in enumerate(nos):
        fields = {"name": f"Shop {i}", "contact": f"Kim Lee{i}",
                  "email": f"kim{i}@local.example", "phone": f"+1416555{i:04d}", **ADDRESS}
        h.local(no, web_upload=True, **{**fields, **extra.get(no, {})})
    return nos
