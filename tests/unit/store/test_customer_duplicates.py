"""Issue 19, duplicate local customers: finding them (e-mail case, phone format, name and
address), merging one into another (every document kept, links, ticks, blank fields, a note),
and the refusals, which change nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.errors import NotFoundError
from desktop_app.store import customer_duplicates as dup
from desktop_app.store import customer_merge, shops
from desktop_app.store.companies import ShipToAddress
from desktop_app.store.customer_merge import CustomerMergeError, merge_customers, merge_notes
from desktop_app.store.models import Customer, CustomerWebUpload, Shop, ShopifyCustomer
from desktop_app.store.order_models import SalesDocument, ShopifyOrder


def _customer(no: str, name: str, **values: str) -> Customer:
    customer = Customer(no=no, name=name, **values)
    customer.save()
    return customer


def _document(no: str, customer: str, doc_type: str = "order") -> None:
    SalesDocument.create(no=no, type=doc_type, sell_to_customer_no=customer,
                         bill_to_customer_no=customer, document_date="2026-12-07",
                         currency="EUR", total=Decimal("10"))


def _documents_of(no: str) -> int:
    return SalesDocument.select().where((SalesDocument.sell_to_customer_no == no)
                                        | (SalesDocument.bill_to_customer_no == no)).count()


def test_the_keys_ignore_how_a_value_was_typed():
    assert dup.email_match_key("john.smith@example.com") == "john.smith@example.com"
    assert dup.email_match_key("j.ohn+shop@googlemail.com") == dup.email_match_key(
        "john@gmail.com")
    assert dup.email_match_key("j.ohn+x@example.com") != dup.email_match_key("john@example.com")
    assert dup.phone_key("06 12 34 56 78", "FR") == dup.phone_key("+33612345678") \
        == "+33612345678"
    assert dup.phone_key("12", "FR") == ""
    assert dup.name_key("Smith, John") == dup.name_key("john SMITH")
    assert dup.address_key("75002", "5 Rue Saint-Denis") == dup.address_key(
        "75 002", "5 rue saint denis")


def test_duplicates_differing_in_email_case_and_phone_format_are_found(db):
    _customer("C1", "John Smith", email="John.Smith@Example.com", phone="+33612345678",
              country="FR")
    _customer("C2", "J. Smith", email="  john.smith@EXAMPLE.com ")
    _customer("C3", "Someone Else", phone="06 12 34 56 78", country="FR")
    _customer("C4", "Jean Dupont", post_code="75002", address="5 Rue Saint-Denis")
    _customer("C5", "Dupont Jean", post_code="75002", address="5 rue saint denis")
    _customer("C6", "Marie Curie", post_code="75002", address="5 rue saint denis")
    _customer("C7", "Nobody", email="nobody@example.com")
    _document("SO1", "C3")  # C3 has a document: it is the one to keep of the phone pair

    pairs = {(p.keep, p.other): p.reasons for p in dup.find_duplicates()}

    assert pairs == {("C1", "C2"): (dup.SAME_EMAIL,), ("C3", "C1"): (dup.SAME_PHONE,),
                     ("C4", "C5"): (dup.SIMILAR_NAME_ADDRESS,)}
    ranked = [(p.keep, p.other) for p in dup.find_duplicates()]
    assert ranked[-1] == ("C4", "C5")  # name and address come after e-mail and phone
    assert [(p.keep, p.other) for p in dup.find_duplicates(only=["C5"])] == [("C4", "C5")]
    assert [a.no for a in dup.look_alikes("JOHN.smith@example.com")] == ["C1", "C2"]
    # look_alikes reads the stored E.164 (the import and the sync store valid numbers so;
    # C3's was written raw here): one indexed look-up per key
    assert [(a.no, a.reason) for a in dup.look_alikes(phone="0612345678", country="FR")] == [
        ("C1", dup.SAME_PHONE)]


def test_merge_keeps_every_document_and_moves_links_ticks_and_blank_fields(db):
    shop = shops.create_shop("S1", domain="s1.myshopify.com")
    shop_id = Shop.get(Shop.code == "S1").id
    keep = _customer("C1", "John Smith", email="john@example.com", city="Paris",
                     address="1 rue de Rivoli", country="FR")
    other = _customer("C2", "John Smith", email="other@example.com", phone="+33612345678",
                      contact="Mr Smith", address="9 elsewhere", city="Lyon")
    for no, owner, kind in (("SO1", "C1", "order"), ("SO2", "C2", "order"),
                            ("INV1", "C2", "invoice"), ("CM1", "C2", "credit_memo")):
        _document(no, owner, kind)
    SalesDocument.update(bill_to_customer_no="C2").where(SalesDocument.no == "SO1").execute()
    SalesDocument.update(ship_to_code="HOME").where(SalesDocument.no.in_(("SO1", "SO2"))
                                                    ).execute()
    ShopifyOrder.create(shop=shop_id, shopify_id="gid://shopify/Order/1", name="#1001",
                        sell_to_customer_no="C2", bill_to_customer_no="C2")
    ShipToAddress.create(customer=keep, code="HOME", address="1 rue de Rivoli")
    ShipToAddress.create(customer=other, code="HOME", address="9 elsewhere")
    ShopifyCustomer.create(shop=shop_id, shopify_id="gid://shopify/Customer/2", customer=other)
    CustomerWebUpload.create(shop=shop_id, customer=other)
    documents_before = SalesDocument.select().count()
    assert shop.code == "S1"

    plan = merge_customers("C1", "C2")

    assert SalesDocument.select().count() == documents_before == 4
    assert _documents_of("C1") == 4 and _documents_of("C2") == 0
    assert ShopifyOrder.get().sell_to_customer_no == "C1"
    assert Customer.get_or_none(Customer.no == "C2") is None
    kept = Customer.get(Customer.no == "C1")
    assert (kept.email, kept.phone, kept.contact) == ("john@example.com", "+33612345678",
                                                       "Mr Smith")  # blanks filled only
    assert (kept.address, kept.city) == ("1 rue de Rivoli", "Paris")  # never overwritten
    assert sorted(s.code for s in ShipToAddress.select().where(
        ShipToAddress.customer == kept.id)) == ["HOME", "HOME-2"]
    # OTHER's order names its own ship-to under its new code; KEEP's keeps its own
    assert {d.no: d.ship_to_code for d in SalesDocument.select().where(
        SalesDocument.no.in_(("SO1", "SO2")))} == {"SO1": "HOME", "SO2": "HOME-2"}
    assert ShopifyCustomer.get().customer_id == kept.id
    assert CustomerWebUpload.select().where(CustomerWebUpload.customer == kept.id).count() == 1
    assert (plan.documents, plan.orders, plan.ship_tos, plan.links, plan.ticks) == (4, 1, 1,
                                                                                     1, 1)
    [note] = merge_notes("C1")
    assert note.merged_no == "C2" and "4 documents" in note.summary
    assert other.id != kept.id


def test_merge_refusals_change_nothing(db):
    shops.create_shop("S1", domain="s1.myshopify.com", settings={"default_customer_no": "C3"})
    shop_id = Shop.get(Shop.code == "S1").id
    a = _customer("C1", "Ann")
    b = _customer("C2", "Ann B")
    _customer("C3", "Counter sales")
    _document("SO1", "C2")
    ShopifyCustomer.create(shop=shop_id, shopify_id="gid://shopify/Customer/1", customer=a)
    ShopifyCustomer.create(shop=shop_id, shopify_id="gid://shopify/Customer/2", customer=b)

    with pytest.raises(CustomerMergeError, match="itself"):
        merge_customers("C1", "C1")
    with pytest.raises(NotFoundError, match="C9"):
        merge_customers("C1", "C9")
    with pytest.raises(CustomerMergeError, match="default customer of shop S1"):
        merge_customers("C1", "C3")
    with pytest.raises(CustomerMergeError) as refused:
        merge_customers("C1", "C2")
    assert "gid://shopify/Customer/1" in str(refused.value)
    assert "gid://shopify/Customer/2" in str(refused.value)
    assert refused.value.reason == "both_linked"
    assert Customer.select().count() == 3 and _documents_of("C2") == 1
    assert customer_merge.CustomerMergeNote.select().count() == 0
