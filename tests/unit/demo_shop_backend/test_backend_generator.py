"""The generator is deterministic and realistic; state files round-trip."""

from __future__ import annotations

import json
from datetime import timedelta

import phonenumbers
import pytest

from desktop_app import geo
from desktop_app.demo_shop.backend import ShopBackend

from .conftest import NOW, Client


@pytest.fixture(scope="module")
def big() -> ShopBackend:
    shop = ShopBackend.generate(seed=3, customers=3000, now=NOW)
    yield shop
    shop.close()


def test_same_seed_same_shop_other_seed_other_shop() -> None:
    a = ShopBackend.generate(seed=11, customers=200, now=NOW)
    b = ShopBackend.generate(seed=11, customers=200, now=NOW)
    c = ShopBackend.generate(seed=12, customers=200, now=NOW)
    try:
        assert a.to_json() == b.to_json()
        assert a.to_json()["customers"] != c.to_json()["customers"]
    finally:
        for shop in (a, b, c):
            shop.close()


def test_orders_are_generated_on_request() -> None:
    shop = ShopBackend.generate(seed=1, customers=1, orders=5, now=NOW)
    try:
        assert len(shop.state.orders) == 5
    finally:
        shop.close()


def test_realistic_mix(big: ShopBackend) -> None:
    customers = list(big.state.customers.values())
    share = lambda test: sum(map(test, customers)) / len(customers)  # noqa: E731
    assert 0.05 < share(lambda c: not c.addresses) < 0.11
    assert 0.03 < share(lambda c: not c.email) < 0.07
    assert 0.16 < share(lambda c: not c.phone) < 0.24
    countries = {c.addresses[0].country_code for c in customers if c.addresses}
    assert {"FR", "US", "CA", "DE", "GB", "ES", "IT", "MX", "AU", "JP", "BE", "CH", "NL"} <= countries
    for c in customers:
        assert c.first_name and c.last_name
        if c.phone:
            assert phonenumbers.is_valid_number(phonenumbers.parse(c.phone))
        for address in c.addresses:
            country = geo.country(address.country_code)
            if country.provinces:
                assert address.province_code in country.provinces
        assert NOW - timedelta(days=400) <= c.created_at <= c.updated_at <= NOW
    assert len({c.email for c in customers if c.email}) == share(lambda c: bool(c.email)) * len(customers)
    names = [(c.first_name, c.last_name) for c in customers]
    assert len(set(names)) < len(names)  # same names, different e-mails
    assert len(big.state.products) == 50 and len(big.state.locations) == 2
    skus = [v.sku for v in big.state.variants.values()]
    assert len(skus) == len(set(skus)) > 50


def test_generated_shop_has_punctuation_look_alikes(big: ShopBackend) -> None:
    emails = {c.email for c in big.state.customers.values() if c.email}
    assert any(e.replace("-", ".") in emails for e in emails if "-" in e.split("@")[0])


def test_state_round_trip(big: ShopBackend) -> None:
    data = json.loads(json.dumps(big.to_json()))
    copy = ShopBackend.from_json(data)
    try:
        assert copy.to_json() == data
        client = Client(copy)
        one = next(iter(big.state.customers.values()))
        got = client("query($id: ID!) { customer(id: $id) { email phone updatedAt } }", {"id": one.gid})
        assert got.data["customer"]["email"] == one.email
        # Uniqueness indexes are rebuilt: the loaded shop refuses a taken e-mail.
        if one.email:
            taken = client('mutation($e: String) { customerCreate(input: {email: $e}) { userErrors { message } } }',
                           {"e": one.email})
            assert taken.data["customerCreate"]["userErrors"] == [{"message": "Email has already been taken"}]
        # New ids do not collide with loaded ones.
        made = client('mutation { customerCreate(input: {lastName: "New"}) { customer { id } } }')
        assert int(made.data["customerCreate"]["customer"]["id"].rsplit("/", 1)[1]) > max(big.state.customers)
    finally:
        copy.close()


def test_state_file_errors() -> None:
    with pytest.raises(ValueError):
        ShopBackend.from_json({"format": "something-else"})
    with pytest.raises(ValueError):
        ShopBackend.from_json({"shop": {"plan": "gold"}})


def test_shop_settings_for_the_shell(big: ShopBackend) -> None:
    assert big.plan == "standard" and big.shop_name == "Demo Shop"
    assert "read_customers" in big.access_scopes
    client = Client(big)
    shop = client("{ shop { id name myshopifyDomain currencyCode ianaTimezone plan { shopifyPlus publicDisplayName } "
                  "shipsToCountries enabledPresentmentCurrencies billingAddress { countryCodeV2 province } } "
                  "currentAppInstallation { accessScopes { handle } } locations(first: 5) { nodes { name address { city country } } } }")
    assert shop.errors == []
    assert shop.data["shop"]["billingAddress"] == {"countryCodeV2": "CA", "province": "Ontario"}
    assert [s["handle"] for s in shop.data["currentAppInstallation"]["accessScopes"]] == sorted(client.scopes)
    assert shop.data["locations"]["nodes"][0]["name"] == "Montréal Boutique"  # NAME sort


def test_malformed_state_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="malformed"):
        ShopBackend.from_json({"customers": [{"first_name": "no id"}]})


def test_plan_can_be_set_for_the_shell() -> None:
    shop = ShopBackend()
    try:
        shop.plan = "plus"
        assert Client(shop)("{ shop { plan { shopifyPlus } } }").data["shop"]["plan"]["shopifyPlus"] is True
        with pytest.raises(ValueError):
            shop.plan = "gold"
    finally:
        shop.close()
