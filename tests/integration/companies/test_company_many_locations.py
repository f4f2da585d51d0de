"""Companies with more locations than the first page (10) holds: every location is read, page
by page to the end, on import, on a B2B order's company read, and after an export (demo shop,
real service; the demo shop pages `Company.locations` by cursor as Shopify does)."""

from __future__ import annotations

from desktop_app.store import companies as store
from desktop_app.store import customer_templates, customers
from desktop_app.sync.companies import b2b_order_parties
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.results import SyncResult

NET30 = "gid://shopify/PaymentTermsTemplate/4"
NET60 = "gid://shopify/PaymentTermsTemplate/5"
LOCATIONS = 30


def _address(n: int) -> dict:
    return {"address1": f"{n} Dock Rd", "city": "Toronto", "zip": "M5V 1J1",
            "countryCode": "CA", "zoneCode": "ON"}


async def _company_with_30_locations(h) -> tuple[str, list[str]]:
    company = await h.company(
        company={"name": "Acme Supply Inc."},
        companyContact={"email": "buyer@acme.example", "firstName": "Ann", "lastName": "Lee"},
        companyLocation={"name": "Store 1", "billingSameAsShipping": True,
                         "shippingAddress": _address(1),
                         "buyerExperienceConfiguration": {"paymentTermsTemplateId": NET30}},
    )
    ids = [company["locations"]["nodes"][0]["id"]]
    for n in range(2, LOCATIONS + 1):
        ids.append(await h.location(
            company["id"], name=f"Store {n}", shippingAddress=_address(n),
            buyerExperienceConfiguration={"paymentTermsTemplateId": NET60 if n == LOCATIONS
                                          else NET30}))
    return company["id"], ids


async def test_import_reads_all_30_locations_and_links_each(harness):
    h = harness
    customer_templates.save_customer_template({"code": "B2B", "country": "CA", "category": "organisation"})
    h.settings(company_import="all", auto_create_customers=True, customer_template="B2B")
    gid, location_ids = await _company_with_30_locations(h)

    result = await h.sync()

    assert (result.created, result.failed) == (1, 0), result.errors
    # The first 10 come with the company; the other 20 in further pages of its locations.
    assert h.transport.operations.count("CompanyLocationsPage") >= 1
    staged = store.get_company(h.code, gid)
    assert sorted(loc.shopify_id for loc in staged.locations) == sorted(location_ids)
    no = staged.customer_no
    assert no is not None
    assert all(loc.ship_to_code is not None for loc in staged.locations)
    # One location is the organisation's own address, the 29 others become ship-tos.
    ship_tos = store.ship_to_addresses(no)
    assert len(ship_tos) == LOCATIONS - 1
    assert {s.address for s in ship_tos} == {f"{n} Dock Rd" for n in range(2, LOCATIONS + 1)}

    # A B2B order at the 30th location finds it (its own terms and ship-to).
    ctx = JobContext(h.code, await h.service.client_for(h.code), SyncResult("orders"),
                     NullReporter(), 0)
    parties = await b2b_order_parties(ctx, gid, location_ids[-1])
    last = next(s for s in ship_tos if s.address == f"{LOCATIONS} Dock Rd")
    assert (parties.sell_to_no, parties.ship_to_code, parties.payment_terms_code) == (
        no, last.code, "NET60")

    # Nothing changed: the next run keeps all 30 and reports nothing.
    again = await h.sync()
    assert (again.created, again.updated, again.failed) == (0, 0, 0), again.errors
    assert len(store.get_company(h.code, gid).locations) == LOCATIONS


async def test_an_order_reads_a_new_company_with_all_its_locations(harness):
    h = harness
    h.settings(company_import="with_orders", auto_create_customers=False)
    gid, location_ids = await _company_with_30_locations(h)
    client = await h.service.client_for(h.code)
    ctx = JobContext(h.code, client, SyncResult("orders"), NullReporter(), 0)
    await b2b_order_parties(ctx, gid, location_ids[-1])  # stages the company (CompanyById)
    assert len(store.get_company(h.code, gid).locations) == LOCATIONS


async def test_export_of_an_organisation_with_30_addresses_then_nothing_to_send(harness):
    h = harness
    h.settings(company_import="none")
    customers.upsert_customers([{
        "no": "O9", "name": "Bistro Nord", "contact": "Marc Roy", "email": "marc@bistro.example",
        "address": "5 Rue Principale", "city": "Ottawa", "post_code": "K1N 5T2", "county": "ON",
        "country": "CA", "category": "organisation", "web_upload": True,
    }])
    for n in range(1, LOCATIONS):
        store.upsert_ship_to("O9", f"S{n:02d}", {"name": f"Depot {n}", "address": f"{n} Quai",
                                                 "city": "Ottawa", "county": "ON",
                                                 "country": "CA"})

    first = await h.sync()

    assert (first.created, first.failed) == (1, 0), first.errors
    (company,) = h.backend.state.companies.values()
    assert len(company.locations) == LOCATIONS
    staged = store.get_company(h.code, company.gid)
    assert len(staged.locations) == LOCATIONS
    assert {loc.ship_to_code for loc in staged.locations} == (
        {""} | {f"S{n:02d}" for n in range(1, LOCATIONS)})

    # Linked, with every location known: nothing is created twice, nothing is sent.
    again = await h.sync()
    assert (again.created, again.updated, again.failed) == (0, 0, 0), again.errors
    assert h.transport.operations == ["PaymentTermsTemplates"]
    assert len(company.locations) == LOCATIONS

    # A change on the 25th ship-to is one address assignment to that location.
    store.upsert_ship_to("O9", "S25", {"address": "25 Rue Neuve"})
    third = await h.sync()
    assert (third.updated, third.failed) == (1, 0), third.errors
    assert third.failed == 0
    assert h.transport.operations.count("CompanyLocationAssignAddress") == 1
    s25 = next(loc for loc in company.locations if loc.external_id == "O9/S25")
    assert s25.shipping_address.address1 == "25 Rue Neuve"
