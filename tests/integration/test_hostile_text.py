"""Text in, text out (issue 14), end to end through the `shop-sync` command line on a real data
folder: hostile names in the in-process demo shop (its state file holds JSON "\\ud800"
escapes, ESC/BEL, bidi overrides and NUL) are synced as customers and companies, a CSV with
control characters is imported, and `customers list` never writes a control character to
the terminal, also for text stored before the repair step existed.

Controls (before issue 14): the companies sync stopped with a UnicodeEncodeError traceback on
the lone surrogate; the customers sync stored ESC and BEL as they came, and `customers list`
wrote them to the terminal (reliability review 2026-12-07, finding 3); the CSV import stored
ESC and U+202E.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from demo_shops import shop_gql

from desktop_app.cli import main
from desktop_app.demo_shop import DemoShop, ShopBackend

ANSI = "\x1b[2J\x1b]0;PWNED\x07Ansi"
RTL = "\u202eevil\u202c gpj.exe"
CUSTOMER_CREATE = """
mutation C($input: CustomerInput!) {
  customerCreate(input: $input) { customer { id } userErrors { field message } }
}"""
COMPANY_CREATE = """
mutation C($input: CompanyCreateInput!) {
  companyCreate(input: $input) { company { id } userErrors { field message code } }
}"""
#: What a terminal acts on: C0 controls but newline, DEL, C1 controls, bidi formatting.
UNSAFE = [chr(c) for c in (*range(10), *range(11, 32), *range(0x7f, 0xa0))] + [
    chr(c) for c in (*range(0x202a, 0x202f), *range(0x2066, 0x206a))]


def _unsafe_in(text: str) -> list[str]:
    return sorted({repr(ch) for ch in text if ch in UNSAFE})


async def _gql(shop: DemoShop, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    (result,) = (await shop_gql(shop, query, variables)).values()
    assert result["userErrors"] == [], result
    return result


def _write_hostile_demo_state(data: Path) -> None:
    """The demo shop of card DEMO, with hostile customers and a company (as JSON escapes)."""

    async def build() -> dict[str, Any]:
        backend = ShopBackend.generate(seed=5, customers=3, orders=0)
        shop = DemoShop(backend, plan="plus")
        try:
            await _gql(shop, CUSTOMER_CREATE, {"input": {
                "firstName": ANSI, "lastName": "Lee\u2066", "email": "ansi@example.com",
                "note": "first line\r\nsecond\x00 line\x07", "addresses": [{
                    "address1": "1 Main\nSt", "city": "Ottawa\x1b[31m", "zip": "K1P 1J1",
                    "countryCode": "CA", "provinceCode": "ON"}]}})
            await _gql(shop, CUSTOMER_CREATE, {"input": {
                "firstName": RTL, "lastName": "Cruz \ud800\x9b", "email": "rtl@example.com",
                "addresses": [{"address1": "2 Main St", "city": "Ottawa", "zip": "K1P 1J1",
                               "countryCode": "CA", "provinceCode": "ON"}]}})
            await _gql(shop, COMPANY_CREATE, {"input": {
                "company": {"name": "ACME \ud800 Ltd\x1b[31m", "note": "a\u202eb"},
                "companyContact": {"email": "buyer@acme.example", "firstName": "Ann\x07",
                                   "lastName": "Lee"},
                "companyLocation": {"name": "Head\x00 office", "shippingAddress": {
                    "address1": "1 Bank St", "city": "Ottawa", "zip": "K1P 1J1",
                    "countryCode": "CA", "zoneCode": "ON"}, "billingSameAsShipping": True},
            }})
            return backend.to_json()
        finally:
            shop.close()
            backend.close()

    state = asyncio.run(build())
    (data / "demo").mkdir(parents=True)
    # json.dumps writes the lone surrogates as "\ud800" escapes, as a JSON API would send them.
    text = json.dumps(state)
    assert "\\ud800" in text and "\\u001b" in text
    (data / "demo" / "DEMO.json").write_text(text, encoding="ascii")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_hostile_names_sync_as_clean_text_and_list_safely(capsys, data, memory_keyring):
    _write_hostile_demo_state(data)
    d = str(data)
    assert run(capsys, "--data-dir", d, "shop", "add", "DEMO", "--demo", "--bare")[0] == 0
    assert run(capsys, "--data-dir", d, "templates", "add", "RETAIL")[0] == 0
    assert run(capsys, "--data-dir", d, "shop", "set", "DEMO", "customer_import=all",
               "auto_create_customers=true", "customer_template=RETAIL",
               "company_import=all")[0] == 0

    code, out, err = run(capsys, "--data-dir", d, "--json", "sync", "customers")
    assert code in (0, 1), err
    assert "Traceback" not in err
    code, out, err = run(capsys, "--data-dir", d, "--json", "sync", "companies")
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err
    result = json.loads(out)
    assert code in (0, 1) and result["failed"] == 0, result

    code, out, err = run(capsys, "--data-dir", d, "--json", "customers", "list")
    rows = {r["email"]: r for r in json.loads(out)}
    assert rows["ansi@example.com"]["name"] == "[2J]0;PWNEDAnsi Lee"
    assert rows["rtl@example.com"]["name"] == "evil gpj.exe Cruz \ufffd"
    company = next(r for r in rows.values() if r["name"].startswith("ACME"))
    assert company["name"] == "ACME \ufffd Ltd[31m"
    assert not _unsafe_in(out)

    code, out, err = run(capsys, "--data-dir", d, "customers", "list", "--search", "Ansi")
    assert code == 0 and "PWNEDAnsi" in out
    assert not _unsafe_in(out + err)

    # The Shopify side as staged: the note keeps its line break, loses BEL; NUL is U+FFFD.
    from desktop_app import paths
    from desktop_app.store import companies, database, shopify_customers

    database.open_database(paths.database_path(data))
    try:
        staged = [r for r in shopify_customers.list_shopify_customers("DEMO", "ansi", limit=5)]
        assert [(r.first_name, r.last_name, r.note) for r in staged] == [
            ("[2J]0;PWNEDAnsi", "Lee", "first line\nsecond\ufffd line")]
        (address,) = shopify_customers.get_shopify_customer("DEMO", staged[0].shopify_id).addresses
        assert (address.address1, address.city) == ("1 Main St", "Ottawa[31m")
        (acme,) = [c for c in companies.list_companies("DEMO") if c.name.startswith("ACME")]
        assert (acme.name, acme.main_contact_first_name) == ("ACME \ufffd Ltd[31m", "Ann")
        assert [loc.name for loc in acme.locations] == ["Head\ufffd office"]
    finally:
        database.close_database()


def test_text_stored_before_the_repair_is_escaped_on_the_terminal(capsys, data,
                                                                    memory_keyring):
    d = str(data)
    assert run(capsys, "--data-dir", d, "shop", "add", "LOCAL", "--domain",
               "local.myshopify.com")[0] == 0
    from desktop_app import paths
    from desktop_app.store import customers, database

    database.open_database(paths.database_path(data))
    try:  # as an earlier version stored it: straight into the store
        customers.upsert_customers([{"no": "OLD1", "name": ANSI + RTL, "email": "old@example.com"}])
    finally:
        database.close_database()
    code, out, err = run(capsys, "--data-dir", d, "customers", "list")
    assert code == 0 and not _unsafe_in(out + err)
    assert "\\x1b[2J\\x1b]0;PWNED\\x07Ansi\\u202eevil" in out
    code, out, err = run(capsys, "--data-dir", d, "--json", "customers", "list")
    assert not _unsafe_in(out)
    # Same JSON value: a script reads the stored text back exactly.
    assert json.loads(out)[0]["name"] == ANSI + RTL


def test_csv_import_drops_control_and_bidi_characters(capsys, data, tmp_path,
                                                       memory_keyring):
    csv = tmp_path / "ctrl.csv"
    csv.write_text(
        "no,name,city,email\n"
        f'C1,"{ANSI}",Paris\x07,c1@example.com\n'
        f'C2,"Two\nLines\u202e",Lyon\x00,c2@example.com\n'
        "C3,\x1b\x07,Nice,c3@example.com\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--data-dir", str(data), "--json", "customers", "import",
                         str(csv))
    report = json.loads(out)
    # C3's name is nothing but control characters: refused as empty, naming line and field.
    assert code == 1 and report["created"] == 2, report
    assert [(e["line"], e["record"], e["field"], e["message"]) for e in report["errors"]] == [
        (5, "C3", "name", "required")]
    code, out, err = run(capsys, "--data-dir", str(data), "--json", "customers", "list")
    assert code == 0, err
    rows = {r["no"]: r for r in json.loads(out)}
    assert rows["C1"]["name"] == "[2J]0;PWNEDAnsi"
    assert rows["C2"]["name"] == "Two Lines"
    assert not _unsafe_in(out)
