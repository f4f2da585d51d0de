"""Shop Card settings that name a local code (issue 17): `store.setting_codes`, checked by
`ShopAdmin` for the window's Save and `shop-sync shop set` alike."""

from __future__ import annotations

import pytest

from desktop_app.credentials.vault import Vault
from desktop_app.store import customer_templates, customers, gl_accounts, setting_codes, shops
from desktop_app.store import settings as shop_settings
from desktop_app.store.models import Customer
from desktop_app.sync.service import SyncService
from desktop_app.sync.shop_admin import ShopAdmin, address_columns


@pytest.fixture
async def admin(db, tmp_path, memory_keyring):
    shops.create_shop("WEB", domain="first-store.myshopify.com")
    shops.create_shop("DEMO", is_demo=True)
    service = SyncService(vault=Vault(), data_dir=tmp_path, jobs={})
    yield ShopAdmin(service, Vault())
    await service.aclose()


def test_the_registry_marks_the_settings_that_name_codes():
    marked = {s.name: s.refers_to for s in setting_codes.referring_settings()}
    accounts = ("shipping_charges_account", "tip_account", "sold_gift_card_account",
                "no_item_account", "refund_account", "refund_account_non_restock")
    assert marked == {"default_customer_no": "customer", "customer_template": "customer_template",
                      "default_company_no": "customer", "return_location": "location",
                      **dict.fromkeys(accounts, "account")}
    assert shop_settings.disagreements() == []


async def test_an_unknown_code_refuses_the_whole_save_naming_the_setting(admin):
    with pytest.raises(shop_settings.SettingError) as refused:
        await admin.save_card(
            "WEB", {"name": "Renamed", **address_columns("second-store.myshopify.com")},
            {"customer_import": "all", "customer_template": "NOPE"})
    assert refused.value.details == {"setting": "customer_template", "value": "NOPE",
                                     "reason": "unknown_code"}
    card = shops.get_shop("WEB")
    assert (card.name, card.domain, card.get("customer_import")) == (
        "WEB", "first-store.myshopify.com", "with_orders")


async def test_a_known_code_is_stored_as_spelt_and_a_stale_one_left_as_it_was(admin):
    customer_templates.save_customer_template({"code": "RETAIL"})
    admin.set_settings("WEB", {"customer_template": "retail"})
    assert shops.get_shop("WEB").get("customer_template") == "RETAIL"
    # Saved before these checks (or by the demo's first start): saving the card again with
    # the same value works; only a changed value is checked.
    shops.update_shop_settings("WEB", {"default_customer_no": "GONE"})
    await admin.save_card("WEB", {"name": "Web"}, {"default_customer_no": "GONE",
                                                    "history_days": 30})
    assert shops.get_shop("WEB").get("history_days") == 30
    with pytest.raises(shop_settings.SettingError):
        admin.set_settings("WEB", {"default_customer_no": "GONE2"})


def test_a_real_card_is_not_offered_nor_given_the_demos_sample_customers(admin):
    customers.create_customer({"no": "C1", "name": "Mine"})
    customers.create_customer({"no": "K0001", "name": "Sample"})
    demo_id = shops.shop_by_code("DEMO").id
    Customer.update(demo_shop=demo_id).where(Customer.no == "K0001").execute()
    assert [c.code for c in setting_codes.code_choices("default_customer_no", "WEB")] == ["C1"]
    assert [c.code for c in setting_codes.code_choices("default_customer_no", "DEMO")] == [
        "C1", "K0001"]
    with pytest.raises(shop_settings.SettingError):
        admin.set_settings("WEB", {"default_customer_no": "K0001"})
    admin.set_settings("DEMO", {"default_customer_no": "K0001"})


def test_an_account_setting_names_a_local_gl_account(admin):
    # Control: before the G/L accounts table (v17) any text was saved here.
    with pytest.raises(shop_settings.SettingError) as refused:
        admin.set_settings("WEB", {"tip_account": "6200"})
    assert refused.value.details == {"setting": "tip_account", "value": "6200",
                                     "reason": "unknown_code"}
    assert "G/L account '6200'" in str(refused.value) and "accounts add 6200" in str(
        refused.value)
    gl_accounts.TABLE.add("6200", "Tips")
    assert [(c.code, c.description) for c in setting_codes.code_choices("tip_account", "WEB")
            ] == [("6200", "Tips")]
    admin.set_settings("WEB", {"tip_account": "6200"})
    assert shops.get_shop("WEB").get("tip_account") == "6200"
