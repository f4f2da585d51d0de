"""`shop-sync customers link NO SHOPIFY_ID` moves an existing link only with `--move`
(issue 14; the linking dialog's rule): without it the command changes nothing, exits 2 and
names the current link(s) on stderr; with it the link moves and the result says from where.

Control: before issue 14 `customers link` gave a linked local customer a second Shopify
customer without a word (exit 0), and had no `--move` option.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app import paths
from desktop_app.cli import main
from desktop_app.records.customers import CustomerRecord
from desktop_app.store import customers, database, shopify_customers
from desktop_app.sync import linking

SHOP = "WEB"
GID = "gid://shopify/Customer/{}".format


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def data(tmp_path: Path, capsys, memory_keyring) -> str:
    folder = tmp_path / "data"
    assert run(capsys, "--data-dir", str(folder), "shop", "add", SHOP, "--domain",
               "web.myshopify.com")[0] == 0
    database.open_database(paths.database_path(folder))
    try:
        customers.upsert_customers([
            {"no": "K0004", "name": "Olivia Lambert", "email": "olivia@example.com"},
            {"no": "K0010", "name": "Lucas Lambert", "email": "lucas@example.com"},
            {"no": "K0020", "name": "Nora Quinn"},
        ])
        shopify_customers.upsert_shopify_customers(SHOP, [
            CustomerRecord(shopify_id=GID(417), first_name="Olivia", last_name="Lambert",
                           email="olivia@example.com"),
            CustomerRecord(shopify_id=GID(146), first_name="Lucas", last_name="Lambert",
                           email="lucas@example.com"),
            CustomerRecord(shopify_id=GID(900), first_name="Nora", last_name="Quinn"),
        ])
        shopify_customers.set_match(SHOP, GID(417), "K0004", reason="email")
        shopify_customers.set_match(SHOP, GID(146), "K0010", reason="email")
    finally:
        database.close_database()
    return str(folder)


def _links(capsys, data: str) -> dict[str, str | None]:
    code, out, _ = run(capsys, "--data-dir", data, "--json", "customers", "list")
    assert code == 0
    return {r["no"]: r["shopify_id"] for r in json.loads(out)}


def test_a_link_that_would_move_is_refused_naming_both_customers(capsys, data):
    before = _links(capsys, data)
    code, out, err = run(capsys, "--data-dir", data, "customers", "link", "K0004", GID(146))
    assert code == 2 and out == ""
    assert ("Shopify customer Lucas Lambert <lucas@example.com> is linked to local customer "
            "K0010 Lucas Lambert") in err
    assert ("local customer K0004 Olivia Lambert is linked to Shopify customer Olivia Lambert "
            "<olivia@example.com>") in err
    assert "--move" in err
    assert _links(capsys, data) == before


def test_a_second_shopify_customer_for_a_linked_local_customer_is_a_move(capsys, data):
    before = _links(capsys, data)
    code, out, err = run(capsys, "--data-dir", data, "customers", "link", "K0004", GID(900))
    assert code == 2, out
    assert err.strip() == (
        "shop-sync: Not linked: local customer K0004 Olivia Lambert is linked to Shopify "
        "customer Olivia Lambert <olivia@example.com>. Move the link with --move, or unlink "
        "first")
    assert _links(capsys, data) == before


def test_move_moves_the_link_and_says_from_where(capsys, data):
    code, out, err = run(capsys, "--data-dir", data, "--json", "customers", "link", "K0004",
                         GID(146), "--move")
    assert code == 0, err
    result = json.loads(out)
    assert result["no"] == "K0004" and result["shopify_id"] == GID(146)
    assert result["moved_from"] == "K0010" and result["unlinked"] == [GID(417)]
    links = _links(capsys, data)
    assert (links["K0004"], links["K0010"]) == (GID(146), None)
    database.open_database(paths.database_path(Path(data)))
    try:
        assert shopify_customers.get_shopify_customer(SHOP, GID(417)).customer_no is None
    finally:
        database.close_database()


def test_a_new_link_needs_no_option_and_text_output_names_the_customers(capsys, data):
    code, out, err = run(capsys, "--data-dir", data, "customers", "link", "K0020", GID(900))
    assert code == 0, err
    assert out.strip() == (f"Customer K0020 Nora Quinn linked to Shopify customer Nora Quinn "
                           f"({GID(900)}).")
    # Linking again what is linked already moves nothing.
    assert run(capsys, "--data-dir", data, "customers", "link", "K0020", GID(900))[0] == 0


def test_the_engine_plan_is_the_one_the_window_uses(capsys, data):
    database.open_database(paths.database_path(Path(data)))
    try:
        plan = linking.link_plan(SHOP, "K0020", GID(417))
        assert plan.moves and plan.taken_by == ("K0004", "Olivia Lambert") and not plan.replaced
        with pytest.raises(linking.LinkMoveError) as caught:
            linking.link(SHOP, "K0020", GID(417))
        assert caught.value.plan == plan
        assert shopify_customers.get_shopify_customer(SHOP, GID(417)).customer_no == "K0004"
    finally:
        database.close_database()
