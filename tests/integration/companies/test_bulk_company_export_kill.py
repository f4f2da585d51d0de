"""Issue 21: `shop-sync sync companies` killed (SIGKILL) once its bulk create of new companies
was started, then run again, ends with every local organisation linked to exactly one Shopify
company, none made twice, and Shopify ran one bulk mutation in all: the second run adopts the
first's operation (by the id the first recorded in `bulk_company_creates`, or by its text
when the kill came before the id was recorded), running or already finished.

Everything is a real process: `shop-sync demo-shop serve` on a loopback port (its request log
tells when the bulk mutation was started) and the command line with its own data folder.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from bulk_writes import (
    KILL_CASES,
    finish_served_bulk_mutations,
    kill_sync_at,
    operation_names,
    served_gql,
    slow_served_shop,
)
from demo_process import SHORT_WAITS, child_env, run_cli

pytestmark = pytest.mark.slow

TOKEN = "shpat_bulk_company_kill"
LOCAL = 20
NOS = [f"B{i:03d}" for i in range(LOCAL)]
COMPANIES = "{ companies(first: 250) { nodes { id externalId } } }"


def _process_shop(tmp: Path, url: str) -> tuple[dict[str, str], Path]:
    """A data folder with shop card "S" on `url` (bulk writes from 5) and the `NOS`
    organisations ticked for web upload."""
    csv = tmp / "organisations.csv"
    csv.write_text("\n".join([
        "no,name,contact,address,city,post_code,county,country,email,category",
        *(f"{no},Firm {i},Ann Lee{i},{i} Bank St,Ottawa,K1P 1J1,ON,CA,buyer{i}@org.example,"
          "organisation" for i, no in enumerate(NOS))]) + "\n", "utf-8")
    env, data = child_env({"SHOP_SYNC_TOKEN_S": TOKEN, **SHORT_WAITS,
                           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}), tmp / "data"
    for args in (("shop", "add", "S", "--api-url", url),
                 ("customers", "import", str(csv)),
                 ("customers", "assign-web-upload", *NOS),
                 ("shop", "set", "S", "customer_import=none", "bulk_write_threshold=5")):
        run_cli(env, data, *args)
    return env, data


def _links(data: Path) -> list[tuple[str, str, bool]]:
    with sqlite3.connect(data / "shop_sync.sqlite3") as con:
        return sorted((e, r, c is not None) for e, r, c in con.execute(
            "SELECT external_id, match_reason, customer_id FROM shopify_company"))


@KILL_CASES
def test_a_sync_killed_during_its_bulk_company_create_ends_the_same_when_run_again(
        tmp_path, kill_at, finished):
    with slow_served_shop(tmp_path) as served:
        env, data = _process_shop(tmp_path, served.url)
        kill_sync_at(env, data, served, kill_at, resource="companies")
        assert [link for link in _links(data) if link[2]] == []  # killed before any link
        if finished:
            finish_served_bulk_mutations(served.url)
            assert len(served_gql(served.url, COMPANIES)["companies"]["nodes"]) == LOCAL

        done = json.loads(run_cli(env, data, "--json", "sync", "companies").stdout)
        assert done["errors"] == [] and done["created"] == LOCAL

        shop = served_gql(served.url, COMPANIES)["companies"]["nodes"]
        assert sorted(c["externalId"] for c in shop) == NOS  # none twice, none lost
        assert _links(data) == [(no, "exported", True) for no in NOS]
        names = operation_names(served)
        assert names.count("BulkOperationRunMutation") == 1, names
        assert names.count("CompanyCreate") == 0
        assert names.count("CompanySearch") == 0  # linked from the result file, not searched
        # Nothing is owed any more: a third run sends nothing.
        before = len(names)
        third = json.loads(run_cli(env, data, "--json", "sync", "companies").stdout)
        assert (third["created"], third["updated"], third["errors"]) == (0, 0, [])
        later = operation_names(served)[before:]
        assert not {"BulkOperationRunMutation", "CompanyCreate", "CompanySearch",
                    "BulkOperationRunQuery"} & set(later), later
