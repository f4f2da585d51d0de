"""sync.linking: ranked link candidates (e-mail, E.164 phone, name) and Find mapping."""

from __future__ import annotations

import pytest

from desktop_app.errors import NotFoundError
from desktop_app.records.customers import CustomerRecord
from desktop_app.store import shopify_customers, shops
from desktop_app.store.customers import (
    get_customer,
    list_customers,
    update_customer,
    upsert_customers,
)
from desktop_app.sync import linking
from desktop_app.sync.linking import PoolEntry, Probe, rank_candidates

SHOP = "WEB"
GID = "gid://shopify/Customer/{}".format


def test_name_similarity_ignores_case_accents_and_word_order():
    assert linking.name_similarity("Émilie du Châtelet", "emilie du chatelet") == 1.0
    assert linking.name_similarity("Turing, Alan", "Alan Turing") == 1.0
    assert linking.name_similarity("Alan Turing", "Grace Hopper") < 0.5
    assert linking.name_similarity("", "Alan") == 0.0


def test_rank_puts_email_then_phone_then_closer_names_then_search_hits():
    probe = Probe(names=("Ann Lee",), emails=("ann@x.com",), phone="+14165550100")
    pool = [
        PoolEntry("S-search", "Zed Q", from_search=True),
        PoolEntry("S-name-far", "Anne Leary"),
        PoolEntry("S-name-exact", "Lee Ann"),
        PoolEntry("S-phone", "Bob", phone="+14165550100"),
        PoolEntry("S-email", "Someone Else", emails=("other@y.com", "ann@x.com")),
        PoolEntry("S-nothing", "Quentin Blake"),
        PoolEntry("S-other-phone", "Carl", phone="+14165550199"),
    ]
    ranked = rank_candidates(probe, pool)
    assert [c.key for c in ranked] == ["S-email", "S-phone", "S-name-exact", "S-name-far",
                                       "S-search"]
    assert [c.reason for c in ranked] == ["email", "phone", "name", "name", "search"]
    assert ranked[2].score == 1.0 and ranked[3].score < 1.0


def test_rank_keeps_the_strongest_reason_of_a_customer_found_twice_and_limits():
    probe = Probe(names=("Ann Lee",), emails=("ann@x.com",))
    pool = [PoolEntry("A", "Ann Lee"), PoolEntry("A", "Ann Lee", emails=("ann@x.com",)),
            *[PoolEntry(f"N{i}", "Ann Lee") for i in range(5)]]
    ranked = rank_candidates(probe, pool, limit=3)
    assert [(c.key, c.reason) for c in ranked] == [("A", "email"), ("N0", "name"),
                                                   ("N1", "name")]


@pytest.fixture
def shop(db):
    shops.create_shop(SHOP, name="Web", domain="web.myshopify.com")
    shops.save_shop_info(SHOP, {"country": "CA"})
    return SHOP


def _stage(*customers: dict) -> None:
    shopify_customers.upsert_shopify_customers(SHOP, [
        CustomerRecord(**c) for c in customers
    ])


def test_shopify_candidates_for_a_local_customer_from_the_store(shop):
    upsert_customers([
        {"no": "C1", "name": "Ann Lee", "email": "ANN@x.com; ann.work@x.com",
         "phone": "(416) 555-0100", "country": "CA"},
        {"no": "C2", "name": "Other", "email": "other@x.com"},
    ])
    _stage(
        {"shopify_id": GID(1), "first_name": "A", "last_name": "L", "email": "ann.work@x.com"},
        {"shopify_id": GID(2), "first_name": "Bob", "last_name": "Stone",
         "phone": "+14165550100"},
        {"shopify_id": GID(3), "first_name": "Anne", "last_name": "Lee"},
        {"shopify_id": GID(4), "first_name": "Zoe", "last_name": "Quint", "email": "zq@x.com"},
        {"shopify_id": GID(5), "first_name": "Ann", "last_name": "Lee",
         "email": "ann.lee@elsewhere.com"},
    )
    shopify_customers.link_customer(SHOP, "C2", GID(3))
    ranked = linking.shopify_candidates(SHOP, "C1")
    assert [(c.key, c.reason) for c in ranked] == [
        (GID(1), "email"), (GID(2), "phone"), (GID(5), "name"), (GID(3), "name")]
    assert ranked[3].linked_to == "C2"  # shown so the merchant sees the conflict coming
    searched = linking.shopify_candidates(SHOP, "C1", search="zoe")
    assert (GID(4), "search") in [(c.key, c.reason) for c in searched]
    by_phone = linking.shopify_candidates(SHOP, "C2", search="416 555 0100")
    assert [(c.key, c.reason) for c in by_phone] == [(GID(2), "search")]
    with pytest.raises(NotFoundError):
        linking.shopify_candidates(SHOP, "NOPE")


def test_local_candidates_for_a_shopify_customer_from_the_store(shop):
    upsert_customers([
        {"no": "C1", "name": "Lee, Ann", "email": "ann@x.com", "country": "CA"},
        {"no": "C2", "name": "Ann Leigh", "phone": "416-555-0100", "country": "CA"},
        {"no": "C3", "name": "Annabel Lee", "email": "annabel@x.com"},
        {"no": "C4", "name": "Someone", "email": "work@x.com; ANN@X.COM"},
        {"no": "C5", "name": "Unrelated Person"},
    ])
    _stage({"shopify_id": GID(9), "first_name": "Ann", "last_name": "Lee",
            "email": "Ann@X.com", "phone": "+14165550100"})
    ranked = linking.local_candidates(SHOP, GID(9))
    assert [(c.key, c.reason) for c in ranked] == [
        ("C1", "email"), ("C4", "email"), ("C2", "phone"), ("C3", "name")]
    assert ranked[0].score == 1.0


def test_local_candidates_found_by_the_merchants_search_as_text_and_as_phone(shop):
    upsert_customers([
        {"no": "C1", "name": "Unrelated Person"},
        {"no": "C2", "name": "Ann Leigh", "phone": "+14165550100", "country": "CA"},
        {"no": "C3", "name": "Zed Quint", "email": "zq@x.com"},
    ])
    _stage({"shopify_id": GID(8), "first_name": "Zed", "last_name": "Quint"})
    assert [(c.key, c.reason) for c in linking.local_candidates(SHOP, GID(8))] == [
        ("C3", "name")]
    searched = linking.local_candidates(SHOP, GID(8), search="unrelated")
    assert [(c.key, c.reason) for c in searched] == [("C3", "name"), ("C1", "search")]
    by_phone = linking.local_candidates(SHOP, GID(8), search="416 555 0100")
    assert [(c.key, c.reason) for c in by_phone] == [("C3", "name"), ("C2", "search")]


def test_find_mapping_links_by_email_and_reports(shop):
    upsert_customers([{"no": "C1", "name": "Ann", "email": "ann@x.com"}])
    _stage({"shopify_id": GID(1), "first_name": "Ann", "email": "ANN@x.com"})
    outcome = linking.find_mapping(SHOP, GID(1))
    assert outcome.decision.kind == "matched" and outcome.decision.reason == "email"
    assert outcome.changed and outcome.previous_no is None and outcome.customer_no == "C1"
    assert get_customer("C1", shop=SHOP).shopify_id == GID(1)
    again = linking.find_mapping(SHOP, GID(1))
    assert again.decision.kind == "linked" and not again.changed


def test_find_mapping_puts_an_ambiguous_customer_in_review_and_clears_it_later(shop):
    upsert_customers([{"no": "C1", "name": "Ann", "email": "ann@x.com"},
                              {"no": "C2", "name": "Ann too", "email": "ann@x.com"}])
    _stage({"shopify_id": GID(1), "first_name": "Ann", "email": "ann@x.com"})
    outcome = linking.find_mapping(SHOP, GID(1))
    assert outcome.decision.kind == "ambiguous" and outcome.review_state == "ambiguous"
    staged = shopify_customers.get_shopify_customer(SHOP, GID(1))
    assert staged.review_state == "ambiguous" and "C1, C2" in staged.review_note
    update_customer("C2", {"email": "someone.else@x.com"})
    outcome = linking.find_mapping(SHOP, GID(1))
    assert outcome.decision.kind == "matched" and outcome.customer_no == "C1"
    assert shopify_customers.get_shopify_customer(SHOP, GID(1)).review_state == ""


def test_find_mapping_by_phone_honours_email_only_and_never_creates(shop):
    upsert_customers([{"no": "C1", "name": "Ann", "phone": "+14165550100"}])
    _stage({"shopify_id": GID(1), "first_name": "Ann", "phone": "+14165550100"})
    shops.update_shop_settings(SHOP, {"customer_mapping": "email_only",
                                        "auto_create_customers": True})
    outcome = linking.find_mapping(SHOP, GID(1))
    assert outcome.decision.kind == "create" and outcome.customer_no is None
    assert len(list_customers()) == 1
    shops.update_shop_settings(SHOP, {"customer_mapping": "email_phone"})
    outcome = linking.find_mapping(SHOP, GID(1))
    assert (outcome.decision.kind, outcome.decision.reason) == ("matched", "phone")


def test_review_candidates_of_a_whole_list_match_one_by_one(shop):
    # The review list reads its candidates in a few batched queries (4,000 rows took 1.5 s
    # one customer at a time); the result must be the same as asking for each.
    upsert_customers([
        {"no": "C1", "name": "Ann Lee", "email": "ann@x.com", "country": "CA"},
        {"no": "C2", "name": "Ann Other", "email": "ANN@x.com"},
        {"no": "C3", "name": "Bob", "phone": "+14165550100"},
        {"no": "C4", "name": "Nobody", "email": "nobody@x.com"},
    ])
    _stage(
        {"shopify_id": GID(1), "first_name": "Ann", "email": "ann@X.com"},
        {"shopify_id": GID(2), "first_name": "Bob", "phone": "+14165550100"},
        {"shopify_id": GID(3), "first_name": "Ann", "email": "ann@x.com",
         "phone": "+14165550100"},
        {"shopify_id": GID(4), "first_name": "Zoe"},
    )
    staged = [shopify_customers.get_shopify_customer(SHOP, GID(i)) for i in range(1, 5)]
    together = linking.review_candidates_many(SHOP, staged)
    assert together == [linking.review_candidates(SHOP, row) for row in staged]
    assert [[c.key for c in found] for found in together] == [
        ["C1", "C2"], ["C3"], ["C1", "C2", "C3"], []]
