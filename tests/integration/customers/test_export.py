"""Customers to Shopify (issue 5): names, county, country fallback, phones, duplicates,
e-mails, exact-match search, web upload with invites, userErrors, new customer accounts.

Requests are counted with `CountingTransport`; what Shopify holds is read back from the demo
shop with a GraphQL query.
"""

from __future__ import annotations

import pytest

from desktop_app.store import customer_templates, customers, runs, shopify_customers, shops
from customer_harness import Harness, set_shop_country

ADDRESS = {"address": "5 Main St", "city": "Toronto", "post_code": "M5H 1A1", "country": "CA"}


def gid_of(h: Harness, no: str) -> str | None:
    return customers.get_customer(no, shop=h.code).shopify_id


async def upload(h: Harness, no: str, **fields) -> dict:
    """Mark one local customer for web upload, sync, and read it back from Shopify."""
    h.local(no, web_upload=True, **fields)
    await h.sync()
    gid = gid_of(h, no)
    assert gid is not None, h.results[-1].errors
    return await h.shopify_read(gid)


@pytest.mark.parametrize(
    ("sources", "local", "expected"),
    [
        # (name, name 2, contact sources), local names, (first, last, company)
        (("company", "first_last", "first_last"),
         {"name": "Acme", "name_2": "", "contact": "Ann Lee"}, ("Ann", "Lee", "Acme")),
        (("company", "first_last", "first_last"),
         {"name": "Acme", "name_2": "Jan van der Berg", "contact": ""},
         ("Jan", "van der Berg", "Acme")),
        (("last_first", "none", "none"),
         {"name": "Lee Ann", "name_2": "", "contact": ""}, ("Ann", "Lee", None)),
        (("first_last", "company", "last_first"),
         {"name": "Bob Roy", "name_2": "Roy Ltd", "contact": "Lee Ann"}, ("Ann", "Lee", "Roy Ltd")),
        (("company", "none", "none"),
         {"name": "Acme", "name_2": "Ann Lee", "contact": "Ann Lee"}, (None, None, "Acme")),
    ],
)
async def test_name_split_by_sources(harness, sources, local, expected):
    h = harness
    h.settings(name_source=sources[0], name_2_source=sources[1], contact_source=sources[2])
    customer = await upload(h, "L1", email="ann@example.com", **ADDRESS, **local)
    address = customer["addressesV2"]["nodes"][0]
    assert (customer["firstName"], customer["lastName"], address["company"]) == expected


@pytest.mark.parametrize(("source", "county"), [("code", "ON"), ("name", "Ontario"),
                                                ("name", "Ont")])
async def test_county_by_code_or_name(harness, source, county):
    h = harness
    h.settings(county_source=source)
    customer = await upload(h, "L1", email="ann@example.com", county=county, **ADDRESS)
    assert customer["addressesV2"]["nodes"][0]["provinceCode"] == "ON"


async def test_county_that_is_no_province_is_refused_naming_county(harness):
    h = harness
    h.local("L1", email="ann@example.com", county="Atlantis", web_upload=True, **ADDRESS)
    result = await h.sync()
    assert "Atlantis" in h.errors(result)[("L1", "county")]
    assert "CustomerCreate" not in h.transport.count()


async def test_blank_country_falls_back_to_the_company_country(harness):
    h = harness
    set_shop_country(h, "FR")
    customer = await upload(h, "L1", email="ann@example.com", address="1 rue X", city="Paris",
                            post_code="75001", phone="06 12 34 56 78")
    assert customer["addressesV2"]["nodes"][0]["countryCodeV2"] == "FR"
    assert customer["phone"] == "+33612345678"  # read in the fallback country


async def test_blank_country_without_company_country_is_refused(harness):
    h = harness
    shops.save_shop_info(h.code, {"country": ""})
    h.local("L1", email="ann@example.com", address="1 rue X", city="Paris", web_upload=True)
    result = await h.sync()
    assert ("L1", "country") in h.errors(result)


@pytest.mark.parametrize("typed", ["4165550101", "+14165550101", "(416)555-0101",
                                   "+1 416-555-0101", "416.555.0101", "1-416-555-0101"])
async def test_every_dialable_phone_format_is_sent_in_e164(harness, typed):
    h = harness
    customer = await upload(h, "L1", email="ann@example.com", phone=typed, **ADDRESS)
    assert customer["phone"] == "+14165550101"


async def test_phone_extension_is_kept_apart(harness):
    h = harness
    customer = await upload(h, "L1", email="ann@example.com", phone="416-555-0101 ext. 42",
                            **ADDRESS)
    assert customer["phone"] == "+14165550101"


async def test_undialable_phone_and_invalid_emails_are_refused_by_field(harness):
    h = harness
    h.local("P1", email="p1@example.com", phone="12", web_upload=True, **ADDRESS)
    h.local("E1", email="not-an-email", web_upload=True, **ADDRESS)
    h.local("E2", email="", web_upload=True, **ADDRESS)
    h.local("E3", email="ann@@example.com; ann@example.com", web_upload=True, **ADDRESS)
    h.local("OK", email="ok@example.com; other@example.com", web_upload=True, **ADDRESS)
    result = await h.sync()
    assert set(h.errors(result)) == {("P1", "phone"), ("E1", "email"), ("E2", "email"),
                                     ("E3", "email")}
    assert h.transport.count()["CustomerCreate"] == 1
    assert (await h.shopify_read(gid_of(h, "OK")))["email"] == "ok@example.com"


async def test_duplicate_phones_locally_and_in_shopify(harness):
    h = harness
    taken = await h.shopify_customer(email="owner@example.com", phone="+14165550111")
    h.settings(customer_import="none")  # the owner is not even staged: the search finds it
    h.local("A", email="a@example.com", phone="416 555 0101", web_upload=True, **ADDRESS)
    h.local("B", email="b@example.com", phone="+1 (416) 555-0101", web_upload=True, **ADDRESS)
    h.local("C", email="c@example.com", phone="416-555-0111", web_upload=True, **ADDRESS)
    result = await h.sync()
    errors = h.errors(result)
    assert set(errors) == {("B", "phone"), ("C", "phone")}
    assert "A" in errors[("B", "phone")]
    assert taken in errors[("C", "phone")]
    assert gid_of(h, "A") is not None and gid_of(h, "C") is None
    assert h.transport.count()["CustomerCreate"] == 1


async def test_exact_match_rule_against_look_alike_customers(harness):
    h = harness
    look_alike = await h.shopify_customer(email="ann.x@x.com", firstName="Ann")
    await h.shopify_customer(email="ann@x.com.au", firstName="Ann")
    same = await h.shopify_customer(email="bob@x.com", firstName="Bob")
    h.local("ANN", email="ann@x.com", web_upload=True, **ADDRESS)
    h.local("BOB", email="BOB@X.com", web_upload=True, **ADDRESS)
    h.settings(customer_import="none")
    result = await h.sync()
    assert result.failed == 0
    ann = gid_of(h, "ANN")
    assert ann not in (None, look_alike)  # a new customer, not the look-alike
    assert (await h.shopify_read(ann))["email"] == "ann@x.com"
    assert gid_of(h, "BOB") == same  # the exact (case-insensitive) hit is linked
    assert h.transport.count()["CustomerCreate"] == 1


async def test_three_of_fifty_with_invites_then_nothing_then_one_update(harness):
    h = harness
    h.settings(send_invite_on_upload=True, customer_import="none")
    for i in range(50):
        h.local(f"L{i:02d}", name=f"Customer {i}", email=f"c{i}@example.com",
                phone=f"+1416555{i:04d}", **ADDRESS)
    unknown = customers.set_web_upload(["L03", "L17", "L42"])
    assert unknown == []

    first = await h.sync()
    counts = h.transport.count()
    assert counts["CustomerCreate"] == 3 and counts["CustomerSendAccountInvite"] == 3
    assert first.created == 3 and first.failed == 0
    assert len(h.backend.state.sent_invites) == 3

    second = await h.sync()
    assert h.transport.operations == []
    assert second.requests == 0

    customers.update_customer("L17", {"phone": "(416) 555-9999"})
    third = await h.sync()
    mutations = [op for op in h.transport.operations if op.startswith("Customer")
                 and op not in ("CustomerById", "CustomerSearch")]
    assert mutations == ["CustomerUpdate"]
    assert third.updated == 1
    assert (await h.shopify_read(gid_of(h, "L17")))["phone"] == "+14165559999"


async def test_shopify_user_errors_are_listed_against_the_customer_and_the_batch_goes_on(harness):
    h = harness
    h.settings(customer_import="none")
    h.local("A", email="a@example.com", web_upload=True, **ADDRESS)
    h.local("B", email="b@example.com", web_upload=True, county="ON", **ADDRESS)
    h.local("C", email="c@example.com", web_upload=True, **ADDRESS)
    # A province Shopify does not know for Canada reaches Shopify when the shop's county
    # table claims it: the shop table row makes the app accept it, Shopify refuses it.
    customer_templates.set_tax_areas(h.code, [{"country_code": "CA", "county_code": "XX",
                                    "county_name": "Nowhere"}])
    customers.update_customer("B", {"county": "XX"})
    result = await h.sync()
    errors = h.errors(result)
    assert [key for key in errors if key[0] == "B"] == [("B", "address.province")]
    assert errors[("B", "address.province")] == "Province is invalid"
    assert gid_of(h, "A") is not None and gid_of(h, "C") is not None
    run = runs.run_dicts(runs.RunFilter(shop=h.code, limit=1))[0]
    assert {"record": "B", "field": "address.province", "code": "shopify_refused",
            "message": "Province is invalid",
            "resolved": False} in run["errors"]


async def test_new_customer_accounts_upload_counts_and_the_reason_is_shown(harness):
    h = harness
    h.backend.state.shop.legacy_customer_accounts = False
    h.settings(send_invite_on_upload=True, customer_import="none")
    h.local("L1", email="ann@example.com", web_upload=True, **ADDRESS)
    result = await h.sync()
    assert result.created == 1 and gid_of(h, "L1") is not None
    assert "classic customer accounts" in h.errors(result)[("L1", "invite")]
    again = await h.sync()
    assert again.requests == 0 and again.failed == 0  # not retried every run


async def test_other_addresses_added_online_survive_an_update(harness):
    h = harness
    h.settings(customer_import="none")
    customer = await upload(h, "L1", email="ann@example.com", **ADDRESS)
    gid = customer["id"]
    await h.add_address(gid, {"address1": "1 rue X", "city": "Paris", "zip": "75001",
                              "countryCode": "FR"}, default=False)
    h.settings(customer_import="all")
    await h.sync()  # stage the new address
    customers.update_customer("L1", {"city": "Ottawa"})
    await h.sync()
    after = await h.shopify_read(gid)
    cities = sorted(a["city"] for a in after["addressesV2"]["nodes"])
    assert cities == ["Ottawa", "Paris"]
    assert after["defaultAddress"]["id"] == customer["defaultAddress"]["id"]


async def test_a_create_whose_link_was_lost_is_found_not_duplicated(harness):
    """What a kill between customerCreate and the local link leaves behind."""
    h = harness
    h.settings(customer_import="none", send_invite_on_upload=True)
    made = await h.shopify_customer(email="ann@example.com", firstName="Ann")
    h.local("L1", name="Ann", contact="Ann Lee", email="ann@example.com", web_upload=True,
            **ADDRESS)
    result = await h.sync()
    assert gid_of(h, "L1") == made and result.failed == 0
    assert "CustomerCreate" not in h.transport.count()
    assert h.transport.count()["CustomerSendAccountInvite"] == 1  # never invited before
    assert len(h.shopify_customers()) == 1


@pytest.mark.parametrize("customer_import", ["none", "all"])
async def test_a_run_cut_off_after_the_create_is_adopted_with_its_invitation(
    harness, customer_import
):
    """Killed between customerCreate and saving the link: the next run (whether its import
    matches the customer first, or the export's search finds it) links it as exported,
    sends the invitation still owed, and creates nothing twice."""
    import asyncio

    h = harness
    h.settings(send_invite_on_upload=True, customer_import=customer_import,
               auto_create_customers=False)
    h.local("L1", name="Ann Lee", email="ann@example.com", phone="+14165550101", **ADDRESS)
    customers.set_web_upload(["L1"])
    original = h.transport.handle_async_request

    async def cut_after_create(request):
        response = await original(request)
        if h.transport.operations and h.transport.operations[-1] == "CustomerCreate":
            raise asyncio.CancelledError  # the process dies with the answer in flight
        return response

    h.transport.handle_async_request = cut_after_create
    task = asyncio.ensure_future(h.sync())
    with pytest.raises(asyncio.CancelledError):
        await task
    h.transport.handle_async_request = original
    assert len(h.shopify_customers()) == 1  # Shopify has it; we have no link yet
    assert customers.get_customer("L1", shop=h.code).shopify_id is None

    await h.sync()
    links = shopify_customers.list_links(h.code, customer_no="L1")
    assert [(link.match_reason) for link in links] == ["exported"]
    assert len(h.shopify_customers()) == 1
    assert h.transport.count()["CustomerCreate"] == 0  # the re-run (counts are per sync)
    assert len(h.backend.state.sent_invites) == 1
