"""The demo shop's search fields of `companies(query:)`, `companyLocations(query:)` and
`Company.locations(query:)`: what a company and a location are each searched by."""

from __future__ import annotations

import pytest

from desktop_app.demo_shop import ShopBackend
from tests.unit.demo_shop_companies.test_demo_companies import CREATE, run

COMPANIES = "query($q: String) { companies(first: 10, query: $q) { nodes { name } } }"
LOCATIONS = ("query($q: String) { companyLocations(first: 10, query: $q) "
             "{ nodes { name } } }")
LOCATIONS_OF = ("query($id: ID!, $q: String) { company(id: $id) "
                "{ locations(first: 10, query: $q) { nodes { name } } } }")


@pytest.fixture(scope="module")
def shop():
    backend = ShopBackend()
    ids = {}
    for name, external in (("Acme", "EXT-1"), ("Bolt", "EXT-2")):
        data = run(backend, CREATE, {"i": {
            "company": {"name": name, "externalId": external},
            "companyLocation": {"name": f"{name} HQ", "externalId": f"L-{external}"}}})
        answer = data.data["companyCreate"]
        assert answer["userErrors"] == []
        ids[name] = answer["company"]["id"].rsplit("/", 1)[1]
    yield backend, ids
    backend.close()


def names(backend: ShopBackend, query: str, search: str) -> list[str]:
    answer = run(backend, query, {"q": search})
    assert answer.errors is None
    return sorted(n["name"] for n in answer.data[next(iter(answer.data))]["nodes"])


@pytest.mark.parametrize(("query", "search", "expected"), [
    (COMPANIES, "name:Acme", ["Acme"]),
    (COMPANIES, "external_id:EXT-2", ["Bolt"]),
    (COMPANIES, "created_at:>2020-01-01", ["Acme", "Bolt"]),
    (COMPANIES, "updated_at:<2020-01-01", []),
    (COMPANIES, "since_date:>2020-01-01", ["Acme", "Bolt"]),
    (COMPANIES, "since_date:<2020-01-01", []),
    (LOCATIONS, "name:Acme", ["Acme HQ"]),
    (LOCATIONS, "external_id:L-EXT-1", ["Acme HQ"]),
    (LOCATIONS, "created_at:>2020-01-01", ["Acme HQ", "Bolt HQ"]),
    (LOCATIONS, "updated_at:<2020-01-01", []),
])
def test_companies_and_locations_are_searched_by_their_fields(shop, query, search, expected):
    backend, _ids = shop
    assert names(backend, query, search) == expected


def test_companies_by_id_and_locations_by_company_id(shop):
    backend, ids = shop
    assert names(backend, COMPANIES, f"id:{ids['Bolt']}") == ["Bolt"]
    assert names(backend, LOCATIONS, f"company_id:{ids['Acme']}") == ["Acme HQ"]


def test_a_company_s_locations_are_searched_by_the_same_fields(shop):
    backend, ids = shop
    answer = run(backend, LOCATIONS_OF, {"id": f"gid://shopify/Company/{ids['Acme']}",
                                         "q": "external_id:L-EXT-1"})
    assert answer.errors is None
    assert answer.data["company"]["locations"]["nodes"] == [{"name": "Acme HQ"}]
    answer = run(backend, LOCATIONS_OF, {"id": f"gid://shopify/Company/{ids['Acme']}",
                                         "q": "external_id:L-EXT-2"})
    assert answer.data["company"]["locations"]["nodes"] == []
