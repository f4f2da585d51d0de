"""A shop card synced by the real `shop-sync` command line against a `demo-shop serve` process.

`Scenario` sets up one data folder (shop card on the served demo shop, token through
`token set` into the test keyring shared by the child processes, customer and order settings
that turn the generated orders into documents) and reads the database back by content with
`snapshot()`: customers and their links, staged Shopify customers, orders and documents,
without the numbers and timestamps that legitimately differ between runs (customer and
document numbers depend on the order records arrive in). Shopify ids are compared: in these
scenarios nothing is created in the shop, so they are stable.

The set-up takes 11 `shop-sync` processes; a test does not repeat them: `Template` is one
set-up made once per pytest worker (the `template` fixture of conftest.py), and
`Template.scenario(tmp, url)` copies it (data folder and keyring file) with its shop card
pointed at the test's own served shop.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from demo_process import REPO, SHORT_WAITS, child_env, copy_set_up, shop_sync_command

SEED = "7"
CUSTOMERS = "40"
ORDERS = "25"
SHOP_ARGS = ("--seed", SEED, "--customers", CUSTOMERS, "--orders", ORDERS)
#: Settings of the shop card: import everything, create what is unknown, make documents.
SETTINGS = (
    "customer_import=all", "auto_create_customers=true", "customer_template=WEB",
    "auto_create_items=true", "auto_create_orders=true", "shipping_charges_account=6100",
    "tip_account=6200", "sold_gift_card_account=2400", "refund_account=6300",
    "refund_account_non_restock=6310",
)
ACCOUNTS = ("6100", "6200", "2400", "6300", "6310")
LOCAL_CSV = "\n".join(
    ["no,name,contact,address,city,post_code,country,phone,email"]
    + [f"K{i:03d},Shop {i},Kim Lee{i},{i} Main St,Toronto,M5H 1A1,CA,+1416666{i:04d},"
       f"kim{i}@local.example" for i in range(8)]
) + "\n"


def cli_env(tmp: Path) -> dict[str, str]:
    integration = str(REPO / "tests" / "integration")
    env = child_env({"PYTHON_KEYRING_BACKEND": "canary_keyring.ObfuscatingFileKeyring",
                     "CANARY_KEYRING_FILE": str(tmp / "keyring.json"), **SHORT_WAITS})
    env["PYTHONPATH"] = os.pathsep.join([integration, env["PYTHONPATH"]])
    return env


@dataclass
class Scenario:
    """One data folder with a shop card "S" on the demo shop at `url`."""

    tmp: Path
    url: str

    def __post_init__(self) -> None:
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.env = cli_env(self.tmp)
        self.data = self.tmp / "data"

    @property
    def db_path(self) -> Path:
        return self.data / "shop_sync.sqlite3"

    def argv(self, *args: str) -> list[str]:
        return [*shop_sync_command(), "--data-dir", str(self.data), *args]

    def cli(self, *args: str, stdin: str | None = None, ok: tuple[int, ...] = (0,),
            timeout: float = 180) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(self.argv(*args), env=self.env, input=stdin, capture_output=True,
                              text=True, timeout=timeout, cwd=REPO)
        assert done.returncode in ok, (args, done.returncode, done.stderr[-3000:])
        return done

    def popen(self, *args: str, env: dict[str, str] | None = None,
              **kwargs: Any) -> subprocess.Popen[str]:
        """`shop-sync ARGS...` started, in `env` (default: the scenario's, SHORT_WAITS)."""
        return subprocess.Popen(self.argv(*args), env=env or self.env, cwd=REPO, text=True,
                                **kwargs)

    def setup(self) -> Scenario:
        self.cli("shop", "add", "S", "--api-url", self.url)
        self.cli("token", "set", "S", stdin="shpat_fault_suite_not_secret\n")
        self.cli("templates", "add", "WEB")
        for account in ACCOUNTS:  # a card names only accounts that exist (issue 17)
            self.cli("accounts", "add", account)
        self.cli("shop", "set", "S", *SETTINGS)
        csv = self.tmp / "local.csv"
        csv.write_text(LOCAL_CSV, "utf-8")
        self.cli("customers", "import", str(csv))
        return self

    def sync(self, resource: str, ok: tuple[int, ...] = (0, 1)) -> dict[str, Any]:
        done = self.cli("--json", "sync", resource, ok=ok)
        try:
            return json.loads(done.stdout)
        except ValueError:
            raise AssertionError(
                (resource, done.returncode, done.stdout[:500], done.stderr[-2000:])) from None

    def sync_all(self) -> None:
        """Customers, then orders (which make the documents), to completion."""
        self.sync("customers")
        self.sync("orders")

    def snapshot(self) -> dict[str, Any]:
        return snapshot(self)


#: The template's shop card address until a copy is pointed at a served shop (port 9,
#: discard: nothing listens there, so a template never reaches a shop by mistake).
NO_SHOP_URL = "http://127.0.0.1:9"


@dataclass
class Template:
    """A `Scenario.setup()` made once, with no shop behind its card: copy it per test."""

    tmp: Path

    @classmethod
    def build(cls, tmp: Path) -> Template:
        Scenario(tmp, NO_SHOP_URL).setup()
        return cls(tmp)

    def scenario(self, tmp: Path, url: str) -> Scenario:
        """A set-up scenario in `tmp` whose shop card "S" is the shop at `url`."""
        copy_set_up(self.tmp, tmp, "S", url)
        return Scenario(tmp, url)


def _rows(items: list[dict[str, Any]], drop: tuple[str, ...]) -> list[str]:
    return sorted(json.dumps({k: v for k, v in item.items() if k not in drop}, sort_keys=True)
                  for item in items)


def snapshot(s: Scenario) -> dict[str, Any]:
    """The database by content (see the module docstring)."""
    customers = json.loads(s.cli("--json", "customers", "list").stdout)
    key_of = {c["no"]: c["shopify_id"] or f"{c['name']}|{c['email']}" for c in customers}
    orders = json.loads(s.cli("--json", "orders", "list").stdout)
    documents = json.loads(s.cli("--json", "documents", "list").stdout)
    doc_key = {d["no"]: d.get("shopify_order_id") or d["no"] for d in documents}
    for row in [*orders, *documents]:
        for name in [k for k in row if k.endswith("customer_no")]:
            row[name.removesuffix("_no")] = key_of.get(row.pop(name))
    for order in orders:
        order["document"] = doc_key.get(order.pop("document_no"))
    # `with sqlite3.connect()` only commits; closing() closes the file too.
    with contextlib.closing(sqlite3.connect(s.db_path)) as con:
        staged = sorted(
            (gid, first, last, email, phone, state, reason, review, key_of.get(no))
            for gid, first, last, email, phone, state, reason, review, no in con.execute(
                "SELECT s.shopify_id, s.first_name, s.last_name, s.email, s.phone, s.state, "
                "s.match_reason, s.review_state, c.no FROM shopify_customer s "
                "LEFT JOIN customer c ON c.id = s.customer_id"
            )
        )
        addresses = con.execute("SELECT COUNT(*) FROM shopify_address").fetchone()[0]
    return {
        "customers": _rows(customers, ("no", "updated_at")),
        "staged": staged,
        "addresses": addresses,
        "orders": _rows(orders, ()),
        "documents": _rows(documents, ("no",)),
    }


def differences(clean: dict[str, Any], other: dict[str, Any]) -> list[str]:
    """Readable differences between two snapshots (empty when equal)."""
    out = []
    for key in clean:
        if clean[key] != other[key]:
            a, b = clean[key], other[key]
            if isinstance(a, list) and isinstance(b, list):
                only_a = [x for x in a if x not in b][:3]
                only_b = [x for x in b if x not in a][:3]
                out.append(f"{key}: {len(a)} vs {len(b)}; only clean {only_a}; only other {only_b}")
            else:
                out.append(f"{key}: {a!r} vs {b!r}")
    return out
