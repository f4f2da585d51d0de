"""Issue 14, customers: a blank is not a clear, Shopify's company field holds only a company,
and a Shopify customer in review is never linked by the export.

Every run is the real `SyncService.sync(shop, Resource.CUSTOMERS)` against the in-process demo
shop and a real SQLite store; what the app sent is read from `CountingTransport` (operation
names and variables), what Shopify holds from the demo shop with a GraphQL query.
"""

from __future__ import annotations

from customer_harness import Harness

from desktop_app.store import agreed, customers, shopify_customers

TORONTO = {"address1": "10 King St", "address2": "Suite 5", "city": "Toronto",
           "zip": "M5H 1A1", "countryCode": "CA", "provinceCode": "ON"}
LOCAL_TORONTO = {"address": "10 King St", "address_2": "Suite 5", "city": "Toronto",
                 "post_code": "M5H 1A1", "county": "ON", "country": "CA"}
PARIS = {"address1": "1 rue de Rivoli", "city": "Paris", "zip": "75001", "countryCode": "FR"}
ADDRESS_UPDATE = """
mutation AU($customerId: ID!, $addressId: ID!, $address: MailingAddressInput!) {
  customerAddressUpdate(customerId: $customerId, addressId: $addressId, address: $address)
  { address { id } userErrors { field message } }
}"""


def sent(h: Harness, operation: str) -> list[dict]:
    """The variables of every `operation` the app sent in the last sync."""
    return [v for op, v in zip(h.transport.operations, h.transport.variables) if op == operation]


_MUTATIONS = {"CustomerCreate", "CustomerUpdate", "CustomerAddressCreate",
              "CustomerAddressUpdate", "CustomerSendAccountInvite"}


def mutations(h: Harness) -> list[str]:
    """The customer mutations the app sent in the last sync, in order."""
    return [op for op in h.transport.operations if op in _MUTATIONS]


def gid_of(h: Harness, no: str) -> str | None:
    return customers.get_customer(no, shop=h.code).shopify_id


# --- (a) to Shopify: "Can update Shopify customers" -------------------------------------------


async def test_export_leaves_never_filled_fields_alone_clears_emptied_ones_sends_only_changes(
    harness,
):
    h = harness
    h.settings(can_update_shopify_customers=True)
    gid = await h.shopify_customer(email="ann@example.com", firstName="Ann", lastName="Lee",
                                   phone="+14165550101", addresses=[TORONTO])
    # The local customer never had a first name, last name or phone: only Name (the
    # company-source field by default) and an address.
    h.local("L1", name="Ann Lee", email="ann@example.com", **LOCAL_TORONTO)

    first = await h.sync()  # the import links it by e-mail; the export updates it
    assert first.failed == 0, first.errors
    assert gid_of(h, "L1") == gid
    shopify = await h.shopify_read(gid)
    # Control: before issue 14 this run sent firstName, lastName and phone as null and the
    # person's name as the address company.
    assert (shopify["firstName"], shopify["lastName"], shopify["phone"]) == (
        "Ann", "Lee", "+14165550101")
    assert shopify["addressesV2"]["nodes"][0]["company"] is None
    assert mutations(h) == []

    # A changed field is the only field sent.
    customers.update_customer("L1", {"city": "Ottawa"})
    await h.sync()
    assert mutations(h) == ["CustomerAddressUpdate"]
    assert sent(h, "CustomerAddressUpdate")[0]["address"] == {"city": "Ottawa"}

    # A field the merchant emptied (agreed before) is cleared on purpose; nothing else moves.
    customers.update_customer("L1", {"address_2": ""})
    await h.sync()
    assert sent(h, "CustomerAddressUpdate")[0]["address"] == {"address2": None}
    address = (await h.shopify_read(gid))["addressesV2"]["nodes"][0]
    assert (address["address2"], address["city"], address["address1"]) == (
        None, "Ottawa", "10 King St")

    # A phone typed locally goes up alone; emptied again, it is cleared in Shopify.
    customers.update_customer("L1", {"phone": "+14165550199"})
    await h.sync()
    assert mutations(h) == ["CustomerUpdate"]
    assert sent(h, "CustomerUpdate")[0]["input"] == {"id": gid, "phone": "+14165550199"}
    customers.update_customer("L1", {"phone": ""})
    await h.sync()
    assert sent(h, "CustomerUpdate")[0]["input"] == {"id": gid, "phone": None}
    after = await h.shopify_read(gid)
    assert (after["firstName"], after["lastName"], after["phone"]) == ("Ann", "Lee", None)


async def test_a_link_without_agreed_values_never_clears_and_its_first_exchange_records_them(
    harness,
):
    """A link older than schema 9 (or made by hand) has no agreed values: a local blank
    clears nothing, even where Shopify's value came from us; the first exchange records the
    baseline, after which an emptied field is cleared."""
    h = harness
    h.settings(can_update_shopify_customers=True, customer_import="none")
    gid = await h.shopify_customer(email="bob@example.com", firstName="Bob", lastName="Roy",
                                   phone="+14165550102", addresses=[TORONTO])
    h.settings(customer_import="all")
    h.local("L2", name="Bob Roy", contact="Bob Roy", email="bob@example.com",
            phone="+14165550102", **LOCAL_TORONTO)
    await h.sync()  # staged and linked
    agreed.forget_agreed(h.code, [gid])  # as a link made before this version
    customers.update_customer("L2", {"phone": "", "city": "Ottawa"})

    await h.sync()
    assert mutations(h) == ["CustomerAddressUpdate"]  # the city; the blank phone is kept
    assert (await h.shopify_read(gid))["phone"] == "+14165550102"
    assert set(agreed.read_agreed(h.code, [gid])) == {gid}

    customers.update_customer("L2", {"phone": "+14165550103"})
    await h.sync()
    customers.update_customer("L2", {"phone": ""})
    await h.sync()
    assert sent(h, "CustomerUpdate")[0]["input"] == {"id": gid, "phone": None}


# --- (b) from Shopify: "Shopify can update customers" -----------------------------------------


async def test_import_keeps_never_filled_fields_clears_emptied_ones_takes_only_changes(harness):
    h = harness
    h.settings(shopify_can_update_customers=True)
    h.local("L1", name="Ann Lee", contact="Ann Lee", email="ann@example.com",
            phone="+33612345678", address="1 rue de Rivoli", address_2="Bâtiment B",
            city="Paris", post_code="75001", county="Île-de-France", country="FR")
    gid = await h.shopify_customer(email="ann@example.com", firstName="Ann", lastName="Lee",
                                   phone="+33612345678",
                                   addresses=[{**PARIS, "firstName": "Ann", "lastName": "Lee"}])

    first = await h.sync()  # linked by e-mail and updated from Shopify
    assert first.failed == 0, first.errors
    row = customers.get_customer("L1")
    # Control: before issue 14 the blank address2 and province of Shopify blanked these.
    assert (row.address_2, row.county) == ("Bâtiment B", "Île-de-France")
    assert row.phone == "+33612345678"

    # The merchant edits Contact locally; Shopify changes the city only: the city alone moves.
    customers.update_customer("L1", {"contact": "Ann (accounts)"})
    address_id = (await h.shopify_read(gid))["addressesV2"]["nodes"][0]["id"]
    data = await h.gql(ADDRESS_UPDATE, {"customerId": gid, "addressId": address_id,
                                        "address": {"city": "Lyon", "zip": "69001"}})
    assert data["customerAddressUpdate"]["userErrors"] == []
    await h.sync()
    row = customers.get_customer("L1")
    assert (row.city, row.post_code) == ("Lyon", "69001")
    assert (row.contact, row.address_2, row.county) == ("Ann (accounts)", "Bâtiment B",
                                                        "Île-de-France")

    # Shopify empties the phone both sides had agreed on: the local phone is cleared.
    await h.shopify_update(gid, phone=None)
    await h.sync()
    assert customers.get_customer("L1").phone == ""
    assert list(h.transport.count()) == ["CustomersPage"]  # nothing sent back


async def test_import_of_a_link_without_agreed_values_never_clears(harness):
    h = harness
    h.settings(shopify_can_update_customers=True)
    h.local("L1", name="Ann Lee", email="ann@example.com", phone="+33612345678",
            address="1 rue de Rivoli", city="Paris", post_code="75001", country="FR")
    gid = await h.shopify_customer(email="ann@example.com", firstName="Ann", lastName="Lee",
                                   phone="+33612345678", addresses=[PARIS])
    await h.sync()
    agreed.forget_agreed(h.code, [gid])
    await h.shopify_update(gid, phone=None)
    await h.sync()
    assert customers.get_customer("L1").phone == "+33612345678"  # no baseline: kept
    assert set(agreed.read_agreed(h.code, [gid])) == {gid}  # the exchange recorded one


# --- (c) Shopify's company field ----------------------------------------------------------------


async def test_no_person_name_goes_to_shopify_company_with_default_settings(harness):
    h = harness
    h.settings(customer_import="none")
    people = {
        "P1": {"name": "Ann Lee"},  # typed by the merchant, a person
        "P2": {"name": "Bob Roy", "contact": "Bob Roy"},  # as the import makes a person
        "P3": {"name": "Lee Carol", "contact": "Carol Lee"},  # the same words, reordered
    }
    organisations = {
        "O1": ({"name": "Acme Ltd", "contact": "Dan Fox", "category": "organisation"},
               ("Dan", "Fox", "Acme Ltd")),
        "O2": ({"name": "Harbour Books", "category": "organisation"},
               (None, None, "Harbour Books")),
        # A person's record whose Name differs from the contact: a real company name.
        "C1": ({"name": "Roy Ltd", "contact": "Eve Roy"}, ("Eve", "Roy", "Roy Ltd")),
    }
    for no, names in people.items():
        h.local(no, email=f"{no.lower()}@example.com", web_upload=True, **names,
                **LOCAL_TORONTO)
    for no, (names, _) in organisations.items():
        h.local(no, email=f"{no.lower()}@example.com", web_upload=True, **names,
                **LOCAL_TORONTO)
    result = await h.sync()
    assert result.created == 6 and result.failed == 0, result.errors
    for no in people:
        customer = await h.shopify_read(gid_of(h, no))
        # Control: before issue 14 each got its own name as the company.
        assert customer["addressesV2"]["nodes"][0]["company"] is None, no
    for no, (_, expected) in organisations.items():
        customer = await h.shopify_read(gid_of(h, no))
        got = (customer["firstName"], customer["lastName"],
               customer["addressesV2"]["nodes"][0]["company"])
        assert got == expected, no


async def test_a_person_imported_from_shopify_gets_no_company_on_the_way_back(harness):
    h = harness
    h.settings(auto_create_customers=True, customer_template="WEB")
    gid = await h.shopify_customer(email="ann@example.com", firstName="Ann", lastName="Lee",
                                   addresses=[{**TORONTO, "firstName": "Ann",
                                               "lastName": "Lee"}])
    await h.sync()  # created locally: Name "Ann Lee" (Name source company, none in Shopify)
    no = shopify_customers.get_shopify_customer(h.code, gid).customer_no
    assert customers.get_customer(no).name == "Ann Lee"
    h.settings(can_update_shopify_customers=True)
    customers.update_customer(no, {"city": "Ottawa"})
    await h.sync()
    assert sent(h, "CustomerAddressUpdate")[0]["address"] == {"city": "Ottawa"}
    address = (await h.shopify_read(gid))["addressesV2"]["nodes"][0]
    assert (address["city"], address["company"]) == ("Ottawa", None)


# --- (d) review means review ----------------------------------------------------------------


async def test_a_shopify_customer_in_review_is_never_linked_by_the_export(harness):
    h = harness
    h.settings(export_customers=True)
    h.local("L1", name="Ann at home", email="ann@example.com", **LOCAL_TORONTO)
    h.local("L2", name="Ann at work", email="ANN@example.com", **LOCAL_TORONTO)
    gid = await h.shopify_customer(email="ann@example.com", addresses=[TORONTO])

    result = await h.sync()
    staged = shopify_customers.get_shopify_customer(h.code, gid)
    assert staged.review_state == "ambiguous" and staged.customer_no is None
    # Control: before issue 14 the export linked L1 to it ("found in Shopify").
    assert gid_of(h, "L1") is None and gid_of(h, "L2") is None
    errors = h.errors(result)
    for no in ("L1", "L2"):
        assert gid in errors[(no, "email")] and "review" in errors[(no, "email")]
    assert "CustomerCreate" not in h.transport.count()
    assert len(h.shopify_customers()) == 1

    again = await h.sync()  # still in review: still nothing linked, still said
    assert gid_of(h, "L1") is None and (("L1", "email") in h.errors(again))

    shopify_customers.link_customer(h.code, "L2", gid, reason="manual")  # the merchant decides
    after = await h.sync()
    assert gid_of(h, "L2") == gid and gid_of(h, "L1") is None
    assert "linked to local customer L2" in h.errors(after)[("L1", "email")]


async def test_the_export_does_not_link_what_the_import_would_find_ambiguous(harness):
    """Without an import (nothing staged), the export applies the import's rule itself: it
    puts the Shopify customer in review, names the local customers, and links nothing. Here
    the two go up by Assign to Web Upload."""
    h = harness
    h.settings(customer_import="none")
    gid = await h.shopify_customer(email="ann@example.com", addresses=[TORONTO])
    h.local("L1", name="Ann at home", email="ann@example.com", web_upload=True,
            **LOCAL_TORONTO)
    h.local("L2", name="Ann at work", email="Ann@Example.com; ann.work@example.com",
            web_upload=True, **LOCAL_TORONTO)

    result = await h.sync()
    errors = h.errors(result)
    assert "L1, L2" in errors[("L1", "email")] and gid in errors[("L1", "email")]
    assert gid_of(h, "L1") is None and gid_of(h, "L2") is None
    staged = shopify_customers.get_shopify_customer(h.code, gid)
    assert staged.review_state == "ambiguous" and "L1, L2" in staged.review_note
    assert "CustomerCreate" not in h.transport.count()


async def test_an_address_emptied_locally_clears_its_agreed_street_fields_in_shopify(harness):
    h = harness
    h.settings(can_update_shopify_customers=True)
    gid = await h.shopify_customer(email="ann@example.com", firstName="Ann", lastName="Lee",
                                   addresses=[TORONTO])
    h.local("L1", name="Ann Lee", contact="Ann Lee", email="ann@example.com", **LOCAL_TORONTO)
    await h.sync()
    customers.update_customer("L1", {"address": "", "address_2": "", "city": "", "post_code": ""})
    result = await h.sync()
    assert result.failed == 0, result.errors
    assert mutations(h) == ["CustomerAddressUpdate"]
    assert sent(h, "CustomerAddressUpdate")[0]["address"] == {
        "address1": None, "address2": None, "city": None, "zip": None}
    address = (await h.shopify_read(gid))["addressesV2"]["nodes"][0]
    assert (address["address1"], address["city"], address["countryCodeV2"]) == (
        None, None, "CA")
