"""Shopify's search syntax on customers(query:), through execute()."""

from __future__ import annotations

import pytest

from .conftest import Client, create

SEARCH = """
query Search($query: String) {
  customers(first: 250, query: $query) { nodes { id email } }
}
"""


@pytest.fixture
def people(empty_client: Client) -> dict[str, str]:
    """A handful of customers designed for search cases; name -> GID."""
    specs = {
        "ann": dict(firstName="Ann", lastName="Lee", email="a.b@x.com", tags=["VIP", "retail"],
                    phone="+16134505293", addresses=[{"countryCode": "CA", "provinceCode": "ON", "city": "Ottawa"}]),
        "lookalike": dict(firstName="Bob", lastName="Lee", email="a-b@x.com", tags=["retail"],
                          addresses=[{"countryCode": "US", "provinceCode": "NY", "city": "New York"}]),
        "reordered": dict(firstName="Cy", lastName="Moss", email="b.a@x.com", tags=["wholesale"]),
        "other": dict(firstName="Dee", lastName="Jean Pierre", email="dee@y.org", phone="+33612345678",
                      addresses=[{"countryCode": "FR", "city": "Paris"}]),
    }
    ids = {}
    for index, (name, fields) in enumerate(specs.items()):
        empty_client.now = empty_client.now.replace(day=1 + index * 5)
        payload = create(empty_client, **fields)
        assert payload["userErrors"] == []
        ids[name] = payload["customer"]["id"]
    return ids


def found(client: Client, query: str) -> set[str]:
    result = client(SEARCH, {"query": query})
    assert result.errors == []
    return {n["id"] for n in result.data["customers"]["nodes"]}


def test_email_search_is_tokenised_so_look_alikes_match(empty_client: Client, people) -> None:
    # Unquoted: every token present, any order -> the reordered address matches too.
    assert found(empty_client, "email:a.b@x.com") == {people["ann"], people["lookalike"], people["reordered"]}
    # Quoted: tokens in sequence -> punctuation look-alikes still match; clients must re-check.
    assert found(empty_client, 'email:"a.b@x.com"') == {people["ann"], people["lookalike"]}
    assert found(empty_client, "email:'dee@y.org'") == {people["other"]}


def test_case_insensitive_and_prefix(empty_client: Client, people) -> None:
    assert found(empty_client, "first_name:ANN") == {people["ann"]}
    assert found(empty_client, "last_name:pier*") == {people["other"]}
    assert found(empty_client, 'last_name:"jean pierre"') == {people["other"]}


def test_or_not_parentheses_and_minus(empty_client: Client, people) -> None:
    assert found(empty_client, "tag:vip OR tag:wholesale") == {people["ann"], people["reordered"]}
    assert found(empty_client, "tag:retail -tag:VIP") == {people["lookalike"]}
    assert found(empty_client, "tag:retail AND NOT first_name:bob") == {people["ann"]}
    assert found(empty_client, "(tag:vip OR tag:wholesale) last_name:lee") == {people["ann"]}
    assert found(empty_client, "tag_not:retail") == {people["reordered"], people["other"]}


def test_bare_words_search_default_fields(empty_client: Client, people) -> None:
    assert found(empty_client, "lee") == {people["ann"], people["lookalike"]}
    assert found(empty_client, "Ottawa") == {people["ann"]}


def test_phone_compares_in_e164(empty_client: Client, people) -> None:
    assert found(empty_client, 'phone:"+1 (613) 450-5293"') == {people["ann"]}
    assert found(empty_client, "phone:+33612345678") == {people["other"]}
    assert found(empty_client, "phone:*") == {people["ann"], people["other"]}
    assert found(empty_client, "-phone:*") == {people["lookalike"], people["reordered"]}


def test_country_by_code_or_name_and_state(empty_client: Client, people) -> None:
    assert found(empty_client, "country:CA") == {people["ann"]}
    assert found(empty_client, 'country:"United States"') == {people["lookalike"]}
    assert found(empty_client, "state:disabled") == set(people.values())


def test_date_ranges_and_whole_day_equality(empty_client: Client, people) -> None:
    # Created on days 1, 6, 11 and 16 of November 2026 at 12:00 UTC (07:00 in Toronto).
    assert found(empty_client, "created_at:>='2026-11-06T00:00:00Z'") == {
        people["lookalike"], people["reordered"], people["other"]}
    assert found(empty_client, "created_at:<2026-11-06") == {people["ann"]}
    assert found(empty_client, "created_at:<=2026-11-06") == {people["ann"], people["lookalike"]}
    assert found(empty_client, "created_at:2026-11-11") == {people["reordered"]}
    assert found(empty_client, "updated_at:'2026-11-11T23:00:00Z'") == {people["reordered"]}
    assert found(empty_client, "updated_at:>'2026-11-11T12:00:00Z' updated_at:<'2026-11-16T12:00:01Z'") == {
        people["other"]}


def test_id_comparisons(empty_client: Client, people) -> None:
    numeric = people["lookalike"].rsplit("/", 1)[1]
    assert found(empty_client, f"id:{numeric}") == {people["lookalike"]}
    assert found(empty_client, f"id:>{numeric}") == {people["reordered"], people["other"]}


def test_unknown_field_is_dropped_with_a_warning(empty_client: Client, people) -> None:
    result = empty_client(
        "query($q: String) { found: customers(first: 10, query: $q) { nodes { id } } }",
        {"q": "tag:wholesale colour:blue"},
    )
    assert result.errors == []
    assert [n["id"] for n in result.data["found"]["nodes"]] == [people["reordered"]]
    assert result.search == [{
        "path": ["found"],
        "query": "tag:wholesale colour:blue",
        "parsed": {"and": [{"field": "tag", "match_all": "wholesale"},
                           {"field": "colour", "match_all": "blue"}]},
        "warnings": [{"field": "colour", "message": "Invalid search field for this query.",
                      "code": "invalid_field"}],
    }]


def test_unquoted_timestamp_splits_at_colons_like_shopify(empty_client: Client, people) -> None:
    result = empty_client(SEARCH, {"query": "updated_at:>=2026-11-06T00:00:00Z"})
    warning = result.search[0]
    assert warning["parsed"] == {"and": [{"field": "updated_at", "range_gte": "2026-11-06T00"},
                                         {"field": "00", "match_all": "00Z"}]}
    assert warning["warnings"][0]["field"] == "00"


def test_customers_count_does_not_know_email(empty_client: Client, people) -> None:
    result = empty_client('{ all: customersCount { count precision } '
                          'some: customersCount(query: "email:a.b@x.com country:CA") { count } '
                          'capped: customersCount(limit: 2) { count precision } }')
    assert result.data["all"] == {"count": 4, "precision": "EXACT"}
    assert result.data["some"] == {"count": 1}
    assert result.data["capped"] == {"count": 2, "precision": "AT_LEAST"}
    assert result.search[0]["path"] == ["some"]
    assert result.search[0]["warnings"][0]["field"] == "email"


def test_variants_by_sku(client: Client, backend) -> None:
    variant = next(iter(backend.state.variants.values()))
    result = client(
        'query($q: String) { productVariants(first: 5, query: $q) { nodes { sku price title product { id title } } } }',
        {"q": f"sku:{variant.sku.lower()}"},
    )
    assert result.data["productVariants"]["nodes"] == [{
        "sku": variant.sku, "price": str(variant.price), "title": variant.title,
        "product": {"id": variant.product.gid, "title": variant.product.title},
    }]
