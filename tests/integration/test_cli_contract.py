"""The `shop-sync` command line against ../shared/CLI.md: names, exit codes, JSON keys.

Commands run in-process through `cli.main` (same code as the installed script) on a real data
folder, with the in-process demo shop and an in-memory keyring.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from desktop_app.cli import main


def run(capsys, *args: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def data(tmp_path: Path) -> str:
    return str(tmp_path / "data")


def test_global_options_before_and_after_the_command(capsys, data, memory_keyring):
    assert run(capsys, "--data-dir", data, "shop", "add", "WEB", "--demo")[0] == 0
    code, out1, _ = run(capsys, "--data-dir", data, "--json", "shop", "list")
    assert code == 0
    code, out2, _ = run(capsys, "shop", "list", "--data-dir", data, "--json")
    assert code == 0
    assert json.loads(out1) == json.loads(out2)
    assert [s["code"] for s in json.loads(out1)] == ["WEB"]


def test_shop_set_and_show_every_setting_by_name(capsys, data, memory_keyring):
    run(capsys, "--data-dir", data, "shop", "add", "WEB", "--domain", "my-store.myshopify.com")
    sample = Path(data).parent / "c1.csv"  # a code a setting names must exist (issue 17)
    sample.write_text("no,name,email,phone,country\nC1,Ann Lee,,,GB\n", "utf-8")
    assert run(capsys, "--data-dir", data, "customers", "import", str(sample))[0] == 0
    code, _, err = run(capsys, "--data-dir", data, "shop", "set", "WEB",
                       "customer_mapping=bill_to", "auto_create_customers=true",
                       "default_customer_no=C1")
    assert code == 0, err
    code, out, _ = run(capsys, "--data-dir", data, "--json", "shop", "show", "WEB")
    shown = json.loads(out)
    assert shown["customer_mapping"] == "bill_to"
    assert shown["auto_create_customers"] is True
    assert shown["domain"] == "my-store.myshopify.com"
    from desktop_app.store.settings import SETTINGS

    assert {s.name for s in SETTINGS} <= set(shown)


@pytest.mark.parametrize(
    "args, needle",
    [
        (("shop", "set", "WEB", "customer_mapping=psychic"), "customer_mapping"),
        (("shop", "set", "WEB", "nonsense=1"), "nonsense"),
        (("shop", "show", "NOPE"), "NOPE"),
        (("shop", "add", "X", "--domain", "evil.com"), "myshopify"),
        (("shop", "add", "X", "--api-url", "http://10.0.0.5:8080"), "127.0.0.1"),
    ],
)
def test_refusals_exit_2_with_a_message_on_stderr(capsys, data, memory_keyring, args, needle):
    run(capsys, "--data-dir", data, "shop", "add", "WEB", "--demo")
    code, out, err = run(capsys, "--data-dir", data, *args)
    assert code == 2
    assert out == ""
    assert needle.lower() in err.lower()


def test_token_is_read_from_stdin_into_the_keyring_only(capsys, data, memory_keyring,
                                                       monkeypatch):
    run(capsys, "--data-dir", data, "shop", "add", "WEB", "--domain", "my-store.myshopify.com")
    secret = "shpat_" + "c0ffee" * 5 + "42"
    code, out, err = run(capsys, "--data-dir", data, "token", "set", "WEB",
                         stdin=secret + "\n", monkeypatch=monkeypatch)
    assert code == 0, err
    assert secret not in out + err
    assert secret in memory_keyring.store.values()
    for path in Path(data).rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
    code, _, _ = run(capsys, "--data-dir", data, "token", "delete", "WEB")
    assert code == 0
    assert secret not in memory_keyring.store.values()


def test_customers_import_list_link_and_assign(capsys, data, memory_keyring, tmp_path):
    csv = tmp_path / "c.csv"
    csv.write_text(
        "no,name,email,phone,country\n"
        "C1,Ann Lee,ann@example.com,+1 613 555 0100,CA\n"
        "C2,Bob Roy,not-an-email,,FR\n"
        "C3,Cleo Ito,cleo@example.jp,03-1234-5678,JP\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "--data-dir", data, "--json", "customers", "import", str(csv))
    report = json.loads(out)
    assert code == 1  # done, but a record failed
    assert report["created"] == 2
    assert [(e["line"], e["record"], e["field"]) for e in report["errors"]] == [
        (3, "C2", "email")
    ]
    code, out, _ = run(capsys, "--data-dir", data, "--json", "customers", "list")
    rows = json.loads(out)
    assert code == 0
    assert {r["no"] for r in rows} == {"C1", "C3"}
    for row in rows:
        assert {"no", "name", "email", "phone", "country", "shopify_id", "web_upload"} <= set(row)
    assert next(r for r in rows if r["no"] == "C1")["phone"] == "+16135550100"

    # Ticks belong to a shop card (issue 14): none yet, nothing is ticked.
    code, _, err = run(capsys, "--data-dir", data, "--json", "customers", "assign-web-upload",
                       "C1")
    assert code == 2 and "no shop" in err
    run(capsys, "--data-dir", data, "shop", "add", "WEB", "--domain", "web.myshopify.com")
    code, out, _ = run(capsys, "--data-dir", data, "--json", "customers", "assign-web-upload",
                       "C1", "C9")
    assert code == 1
    assert json.loads(out) == {"shop": "WEB", "assigned": ["C1"], "unknown": ["C9"]}


def test_sync_customers_on_the_demo_shop_reports_the_contract_keys(capsys, data,
                                                                   memory_keyring):
    run(capsys, "--data-dir", data, "shop", "add", "DEMO", "--demo")
    run(capsys, "--data-dir", data, "templates", "add", "RETAIL")
    run(capsys, "--data-dir", data, "shop", "set", "DEMO", "customer_import=all",
        "auto_create_customers=true", "customer_template=RETAIL")
    code, out, err = run(capsys, "--data-dir", data, "--json", "sync", "customers")
    result = json.loads(out)
    assert code in (0, 1), err
    assert {"resource", "created", "updated", "skipped", "failed", "errors", "api_cost",
            "requests", "seconds"} <= set(result)
    assert result["resource"] == "customers"
    assert result["created"] > 100
    assert result["failed"] == len(result["errors"])
    for error in result["errors"]:
        assert set(error) >= {"record", "field", "message"}
        assert error["message"]
    # The second run is incremental: it imports nothing new and asks Shopify once.
    code, out, _ = run(capsys, "--data-dir", data, "--json", "sync", "customers")
    again = json.loads(out)
    assert again["created"] == 0
    assert again["requests"] == 1
    code, out, _ = run(capsys, "--data-dir", data, "--json", "log", "--last", "5")
    runs = [r for r in json.loads(out) if r["shop"] == "DEMO"]  # not `templates add`'s
    assert len(runs) == 2
    code, out, _ = run(capsys, "--data-dir", data, "--json", "customers", "list")
    linked = [r for r in json.loads(out) if r["shopify_id"]]
    assert len(linked) == result["created"]
    assert all(r["shopify_id"].startswith("gid://shopify/Customer/") for r in linked)


def test_sync_retry_failed_decides_the_failed_customers_again(capsys, data, memory_keyring,
                                                               monkeypatch):
    # Issue 9: a plain re-sync carries unchanged failures over without deciding them again;
    # `--retry-failed` decides every one again (as the history window's Retry failed).
    from desktop_app.sync.customer_resolver import CustomerResolver

    decided: list[str] = []
    original = CustomerResolver.decide

    def spy(self, record, staged, page):
        decided.append(record.shopify_id)
        return original(self, record, staged, page)

    monkeypatch.setattr(CustomerResolver, "decide", spy)
    run(capsys, "--data-dir", data, "shop", "add", "DEMO", "--demo", "--bare")
    run(capsys, "--data-dir", data, "templates", "add", "RETAIL")
    # A template for GB only: the other countries' customers fail (no template).
    run(capsys, "--data-dir", data, "country-templates", "set", "GB", "template=RETAIL")
    run(capsys, "--data-dir", data, "shop", "set", "DEMO", "customer_import=all",
        "auto_create_customers=true")
    for _ in range(2):  # the first creates, the second decides the failures again
        code, out, _ = run(capsys, "--data-dir", data, "--json", "sync", "customers")
    failed = {e["record"] for e in json.loads(out)["errors"]}
    assert code == 1 and failed
    decided.clear()
    code, out, _ = run(capsys, "--data-dir", data, "--json", "sync", "customers")
    assert {e["record"] for e in json.loads(out)["errors"]} == failed
    assert not failed & set(decided)
    code, out, _ = run(capsys, "--data-dir", data, "--json", "sync", "customers",
                       "--retry-failed")
    assert {e["record"] for e in json.loads(out)["errors"]} == failed
    assert failed <= set(decided)


async def test_a_resource_without_a_job_says_so(tmp_path, db):
    # Every CLI resource has a job now (issue 7 added the last ones); a service built
    # without one still refuses it with a typed error rather than running nothing.
    from desktop_app.store import shops
    from desktop_app.sync.service import FeatureUnavailableError, SyncService

    shops.create_shop("DEMO", is_demo=True)
    service = SyncService(vault=None, data_dir=tmp_path, jobs={})
    with pytest.raises(FeatureUnavailableError, match="not available"):
        await service.sync("DEMO", "shipments")


def test_sync_all_runs_every_available_resource_and_lists_the_results(capsys, data,
                                                                      memory_keyring):
    run(capsys, "--data-dir", data, "shop", "add", "DEMO", "--demo")
    code, out, err = run(capsys, "--data-dir", data, "--json", "sync", "all")
    assert code in (0, 1), err
    results = json.loads(out)
    assert isinstance(results, list)
    from desktop_app.cli import SYNC_RESOURCES
    from desktop_app.sync.jobs import default_jobs

    available = {r.value for r in default_jobs()}
    assert [r["resource"] for r in results] == [n for n in SYNC_RESOURCES if n in available]
    assert "customers" in available
    assert all({"resource", "created", "failed", "errors"} <= set(r) for r in results)
