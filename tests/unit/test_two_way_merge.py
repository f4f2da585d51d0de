"""Issue 19, the three-way merge of a link's fields (`sync/conflicts.py`, pure parts):
which changes from Shopify go through, which become conflicts, what is recorded as agreed,
and which Shopify fields the export holds back or sends alone."""

from __future__ import annotations

from desktop_app.sync import conflicts
from desktop_app.sync.rules.export import ShopifyAddressInput, ShopifyCustomerInput

GID = "gid://shopify/Customer/1"
AGREED = {"name": "Ann Lee", "city": "Lyon", "phone": "+33612345678", "email": "a@x.fr"}


def test_changed_on_one_side_goes_through_on_both_to_another_value_is_a_conflict():
    # Shopify now: city Paris, phone changed, e-mail changed; all three agreed then.
    now = {**AGREED, "city": "Paris", "phone": "+33699999999", "email": "b@x.fr"}
    bases = conflicts.shopify_changes(now, then=AGREED, local_then=AGREED)
    assert bases == {"city": "Lyon", "phone": "+33612345678", "email": "a@x.fr"}
    # Here: the city kept, the phone changed too (another value), the e-mail changed too
    # (to Shopify's value: not among the changes the import writes, so nothing to do).
    row = {**AGREED, "phone": "+33611111111", "phone_ext": "", "email": "b@x.fr"}
    changes = {"city": "Paris", "phone": "+33699999999", "phone_ext": "12"}
    kept, found = conflicts.merge(GID, "C1", row, changes, bases, held_fields=())
    assert kept == {"city": "Paris"}  # the extension goes (or stays) with its phone
    assert found == [conflicts.conflict_store.NewConflict(
        GID, "C1", "phone", "+33611111111", "+33699999999", "+33612345678")]


def test_a_field_still_in_conflict_is_left_alone_and_its_values_refreshed():
    row = {**AGREED, "phone": "+33611111111"}
    kept, found = conflicts.merge(GID, "C1", row, {"phone": "+33622222222", "city": "Nice"},
                                  bases={}, held_fields={"phone"})
    assert kept == {"city": "Nice"}
    assert [(c.field, c.local, c.shopify) for c in found] == [
        ("phone", "+33611111111", "+33622222222")]


def test_without_a_recorded_exchange_nothing_is_a_conflict():
    assert conflicts.shopify_changes({"city": "Paris"}, None, None) == {}
    assert conflicts.shopify_changes({"city": "Paris"}, {"city": "Lyon"}, {"city": "Nice"}) == {}


def test_with_no_agreed_value_filled_apart_is_a_conflict_a_blank_side_takes_the_other():
    # No recorded exchange (linked by matching or by hand): no field has an agreed value.
    now = {"city": "Paris", "phone": "+33699999999", "address_2": "Bât. B",
           "email": "ANN@x.fr", "post_code": ""}
    assert conflicts.unagreed(now, None, None) == set(now)
    # With one: only the fields the two sides held differently then (both blank: agreed).
    assert conflicts.unagreed(now, {"city": "Lyon", "phone": "+1"},
                              {"city": "Lyon", "phone": "+2"}) == {"phone"}
    row = {"city": "Lyon", "phone": "+33611111111", "phone_ext": "", "address_2": "",
           "email": "bob@y.fr; ann@x.fr", "post_code": "69001"}
    changes = {"city": "Paris", "phone": "+33699999999", "phone_ext": "12",
               "address_2": "Bât. B", "email": "ANN@x.fr"}
    kept, found = conflicts.merge(GID, "C1", row, changes, bases={}, held_fields=(),
                                  no_base=set(now) | {"phone_ext"})
    # Filled in on both sides, differently: conflicts (the extension stays with its
    # phone); blank here: Shopify's comes; Shopify's e-mail is one of the local list's.
    assert kept == {"address_2": "Bât. B", "email": "ANN@x.fr"}
    assert [(c.field, c.local, c.shopify, c.agreed) for c in found] == [
        ("city", "Lyon", "Paris", ""), ("phone", "+33611111111", "+33699999999", "")]
    # The export's view of the same link: the same two, not the blank post code.
    assert [c.field for c in conflicts.filled_apart(GID, "C1", row, now, set(now))] == [
        "city", "phone"]


def test_only_the_fields_both_sides_hold_alike_move_in_the_agreed_local_side():
    current = {**AGREED, "city": "Oakville", "phone": "+33699999999"}  # city: a local edit
    shopify_now = {**AGREED, "phone": "+33699999999"}  # the phone came down from Shopify
    recorded = conflicts.agreed_local(current, shopify_now, AGREED)
    assert recorded["city"] == "Lyon"  # not sent yet: still changed locally for the export
    assert recorded["phone"] == "+33699999999"
    assert conflicts.agreed_local(current, shopify_now, None) == current


def test_the_export_holds_the_shopify_fields_of_a_conflict_and_resolving_sends_only_them():
    previous = ShopifyCustomerInput(first_name="Ann", last_name="Lee", phone="+33699999999",
                                    address=ShopifyAddressInput(city="Paris", zip="75001"))
    wanted = ShopifyCustomerInput(first_name="Anne", last_name="Lee", phone="+33611111111",
                                  address=ShopifyAddressInput(city="Lyon", zip="69001"))
    held = conflicts.held(wanted, previous, {"phone", "city"})
    assert held.changed_fields(previous) == {"firstName": "Anne",
                                             "address": {"zip": "69001"}}
    alone = conflicts.only(wanted, previous, ["phone"])
    assert alone.changed_fields(previous) == {"phone": "+33611111111"}
    assert conflicts.only(wanted, previous, ["name"]).changed_fields(previous) == {
        "firstName": "Anne"}


def test_a_conflict_made_to_agree_by_hand_is_converged():
    previous = ShopifyCustomerInput(first_name="Ann", phone="+33699999999",
                                    address=ShopifyAddressInput(city="Paris"))
    wanted = ShopifyCustomerInput(first_name="Ann", phone="+33699999999",
                                  address=ShopifyAddressInput(city="Lyon"))
    assert conflicts.converged(wanted, previous, {"phone", "city"}) == {"phone"}
    # No address in Shopify: an address field cannot be said to agree.
    bare = ShopifyCustomerInput(first_name="Ann", phone="+33699999999")
    assert conflicts.converged(wanted, bare, {"phone", "city"}) == {"phone"}
