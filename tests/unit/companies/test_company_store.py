"""The business customer tables: models match m0005, links and ship-to codes."""

from __future__ import annotations

from desktop_app.shopify.company_records import company_record
from desktop_app.store import companies as store
from desktop_app.store import customers, shops


def test_company_models_match_the_migrated_schema(db):
    for model in store.COMPANY_MODELS:
        table = model._meta.table_name
        info = {row[1]: row for row in db.execute_sql(f"PRAGMA table_info({table})")}
        fields = {f.column_name: f for f in model._meta.sorted_fields}
        assert info and set(info) == set(fields), table
        for column, field in fields.items():
            if not field.primary_key:
                assert bool(info[column][3]) == (not field.null), f"{table}.{column}"


def _node(locations):
    return {"id": "gid://shopify/Company/1", "name": "Acme", "updatedAt": "2026-01-02T00:00:00Z",
            "mainContact": {"id": "gid://shopify/CompanyContact/2",
                            "customer": {"id": "gid://shopify/Customer/3", "email": "A@B.example"}},
            "locations": {"pageInfo": {"hasNextPage": False}, "nodes": locations}}


def test_stage_keeps_links_and_drops_vanished_locations(db):
    shops.create_shop("S1", is_demo=True)
    customers.upsert_customers([{"no": "O1", "name": "Acme", "category": "organisation"}])
    loc = {"id": "gid://shopify/CompanyLocation/5", "name": "HQ",
           "taxSettings": {"taxRegistrationId": "X1"},
           "buyerExperienceConfiguration": {"paymentTermsTemplate": {
               "id": "gid://shopify/PaymentTermsTemplate/4", "name": "Net 30",
               "paymentTermsType": "NET", "dueInDays": 30}},
           "shippingAddress": {"address1": "1 St", "countryCode": "ca"}}
    other = {"id": "gid://shopify/CompanyLocation/6", "name": "Depot"}
    assert store.stage_company("S1", company_record(_node([loc, other])))
    store.link_company("S1", "gid://shopify/Company/1", "O1", reason="email")
    store.link_location("S1", "gid://shopify/Company/1", "gid://shopify/CompanyLocation/5", "")
    assert not store.stage_company("S1", company_record(_node([loc])))  # same updatedAt
    staged = store.get_company("S1", "gid://shopify/Company/1")
    assert staged.customer_no == "O1" and staged.main_contact_email == "a@b.example"
    [hq] = staged.locations
    assert (hq.ship_to_code, hq.tax_registration_id, hq.due_in_days) == ("", "X1", 30)
    assert hq.shipping_address["country_code"] == "CA"
    assert store.company_of_customer("S1", "O1") == "gid://shopify/Company/1"


def test_ship_to_codes_and_organisations(db):
    shops.create_shop("S1", is_demo=True)
    customers.upsert_customers([
        {"no": "O1", "name": "Acme", "category": "organisation", "web_upload": True},
        {"no": "O2", "name": "Beta", "category": "organisation"},
        {"no": "P1", "name": "Ann", "web_upload": True},
    ])
    store.upsert_ship_to("O1", "L1", {"city": "Ottawa"})
    assert store.next_ship_to_code("O1") == "L2"
    assert store.organisations("S1", export_all=False) == [("O1", None)]
    assert [no for no, _ in store.organisations("S1", export_all=True)] == ["O1", "O2"]
