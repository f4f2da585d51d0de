"""Query cost (requested and actual) and the leaky bucket."""

from __future__ import annotations

import pytest
from demo_http_fakes import SDL, FakeClock
from graphql import GraphQLSchema, build_schema, parse, validate

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.demo_shop.cost import (
    PLANS,
    LeakyBucket,
    OperationNotFound,
    actual_cost,
    plan_named,
    requested_cost,
)


@pytest.fixture(scope="module")
def fake_schema() -> GraphQLSchema:
    return build_schema(SDL)


@pytest.fixture(scope="module")
def real_schema(shared) -> GraphQLSchema:
    """Shopify's own schema, so the documented examples are priced on the real types."""
    path = shared / "shopify" / f"admin-schema-{SHOPIFY_API_VERSION}.graphql"
    return build_schema(path.read_text("utf-8"))


def price(schema: GraphQLSchema, query: str, variables: dict | None = None,
          operation_name: str | None = None) -> int:
    document = parse(query)
    assert validate(schema, document) == []
    return requested_cost(schema, document, variables, operation_name).total


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Scalars are free, an object costs 1 (Shopify's `shop { id name }` example: 1).
        ("{ shop { id name } }", 1),
        # A connection: 2 + first x (node object 1); pageInfo is the connection's own.
        ("{ customers(first: 250) { nodes { id } pageInfo { hasNextPage endCursor } } }", 252),
        ("{ customers(first: 10) { edges { cursor node { id } } } }", 12),
        # Nested connections multiply: 2 + 10 x (1 + 2 + 5 x 1) = 82.
        ("{ products(first: 10) { edges { node { title "
         "variants(first: 5) { edges { node { price } } } } } } }", 82),
        # A nested object inside each node is charged per node: 2 + 50 x (1 + 1).
        ("{ customers(first: 50) { nodes { id defaultAddress { city } } } }", 102),
        # A mutation costs 10; the payload and the objects directly in it are included.
        ("mutation { customerCreate(input: {email: \"a@b.c\"}) "
         "{ customer { id } userErrors { field message } } }", 10),
        ("mutation { customerCreate(input: {email: \"a@b.c\"}) "
         "{ customer { id defaultAddress { id } } userErrors { field message } } }", 11),
        # A list sized by `first`: 1 + 5 x 1.
        ("{ customer(id: \"gid://shopify/Customer/1\") { addresses(first: 5) { city } } }", 6),
        # An interface costs its dearest possible selection: 1 + max(Customer 1, Order 2).
        ("{ node(id: \"x\") { id ... on Customer { defaultAddress { city } } "
         "... on Order { customer { defaultAddress { id } } } } }", 3),
    ],
)
def test_requested_cost_follows_the_documented_rules(real_schema, query, expected):
    assert price(real_schema, query) == expected


def test_page_size_comes_from_variables(real_schema):
    query = "query($n: Int) { customers(first: $n) { nodes { id } } }"
    assert price(real_schema, query, {"n": 100}) == 102
    assert price(real_schema, query, {"n": 7}) == 9


def test_fragments_aliases_and_directives(fake_schema):
    query = """
        query Two($skip: Boolean!) {
          a: customers(first: 10) { nodes { ...F } }
          b: customers(last: 3) { nodes { id } }
          shop @skip(if: $skip) { name }
        }
        fragment F on Customer { id defaultAddress { city } }
    """
    # a: 2 + 10 x 2 = 22, b: 2 + 3 = 5, shop: 1 unless skipped.
    assert price(fake_schema, query, {"skip": False}) == 28
    assert price(fake_schema, query, {"skip": True}) == 27


def test_fragment_spreads_cost_what_their_selections_cost(fake_schema):
    """Spreads are priced like the fields they stand for: two on one type both count, one used
    at two levels counts at each, nested spreads are followed, merged fields are charged once."""
    spread = """
        query Q {
          a: customers(first: 10) { nodes { ...C ...Home } }
          b: customer(id: "x") { ...C }
        }
        fragment C on Customer { id defaultAddress { ...A } addresses(first: 2) { ...A } }
        fragment Home on Customer { defaultAddress { city } }
        fragment A on MailingAddress { id city }
    """
    inlined = """
        query Q {
          a: customers(first: 10) {
            nodes { id defaultAddress { id city } addresses(first: 2) { id city } }
          }
          b: customer(id: "x") { id defaultAddress { id city } addresses(first: 2) { id city } }
        }
    """
    # a: 2 + 10 x (1 + defaultAddress 1 + addresses 2 x 1) = 42; b: 1 + 1 + 2 = 4.
    assert price(fake_schema, spread) == price(fake_schema, inlined) == 46


def test_edges_and_nodes_on_one_connection_are_charged_once(fake_schema):
    both = "{ customers(first: 10) { edges { node { id } } nodes { id defaultAddress { id } } } }"
    assert price(fake_schema, both) == 2 + 10 * 2


def test_operation_must_exist(fake_schema):
    document = parse("query A { shop { id } } query B { shop { name } }")
    with pytest.raises(OperationNotFound):
        requested_cost(fake_schema, document)
    with pytest.raises(OperationNotFound):
        requested_cost(fake_schema, document, operation_name="C")
    assert requested_cost(fake_schema, document, operation_name="B").total == 1


def test_breakdown_lists_each_priced_field(fake_schema):
    document = parse("{ customers(first: 5) { nodes { defaultAddress { city } } } }")
    cost = requested_cost(fake_schema, document)
    by_path = {f.path: f for f in cost.fields}
    assert cost.total == 12
    assert by_path[("customers",)].requested_total_cost == 12
    assert by_path[("customers",)].defined_cost == 2
    assert by_path[("customers", "nodes", "defaultAddress")].requested_total_cost == 1


def test_actual_cost_counts_returned_nodes_and_null_objects(fake_schema):
    document = parse("{ customers(first: 250) { nodes { id defaultAddress { city } } } }")
    requested = requested_cost(fake_schema, document).total
    assert requested == 2 + 250 * 2
    data = {"customers": {"nodes": [
        {"id": "1", "defaultAddress": {"city": "Ottawa"}},
        {"id": "2", "defaultAddress": None},
        {"id": "3", "defaultAddress": None},
    ]}}
    # 2 + 3 nodes x 1 + 3 address fields x 1 (a null object is charged, not its children).
    assert actual_cost(fake_schema, document, data, requested=requested) == 8
    assert actual_cost(fake_schema, document, None) == 0


def test_actual_cost_never_exceeds_requested(fake_schema):
    # A plain list without a size argument is requested at one item...
    document = parse("{ customer(id: \"1\") { addresses { city } } }")
    requested = requested_cost(fake_schema, document).total
    assert requested == 2
    # ...but returned five: the charge is capped at what was requested.
    data = {"customer": {"addresses": [{"city": "x"}] * 5}}
    assert actual_cost(fake_schema, document, data) == 6
    assert actual_cost(fake_schema, document, data, requested=requested) == 2


def test_actual_cost_of_an_interface_uses_the_returned_fields(fake_schema):
    document = parse("{ node(id: \"1\") { id ... on Customer { defaultAddress { city } } } }")
    assert requested_cost(fake_schema, document).total == 2
    assert actual_cost(fake_schema, document, {"node": {"id": "1", "defaultAddress": {"city": "a"}}}) == 2
    assert actual_cost(fake_schema, document, {"node": None}) == 1


def test_actual_cost_of_a_mutation(fake_schema):
    document = parse("mutation { customerCreate(input: {email: \"a\"}) "
                     "{ customer { id defaultAddress { id } } userErrors { message } } }")
    data = {"customerCreate": {"customer": None, "userErrors": [{"message": "Email is invalid"}]}}
    assert requested_cost(fake_schema, document).total == 11
    assert actual_cost(fake_schema, document, data) == 10


# --- the bucket -------------------------------------------------------------------------------


def test_plans_match_the_documented_restore_rates():
    assert {name: plan.restore_rate for name, plan in PLANS.items()} == {
        "standard": 100.0, "advanced": 200.0, "plus": 1000.0, "enterprise": 2000.0}
    assert plan_named("Standard").maximum == 2000.0
    assert plan_named("advanced").maximum == 4000.0
    assert plan_named("plus").maximum == 20000.0
    with pytest.raises(KeyError):
        plan_named("gold")


def test_bucket_drains_and_refills_over_simulated_time():
    clock = FakeClock()
    bucket = LeakyBucket(2000, 100, clock)
    assert bucket.status() == {"maximumAvailable": 2000.0, "currentlyAvailable": 2000,
                               "restoreRate": 100.0}
    for _ in range(7):
        assert bucket.try_take(252)
    assert bucket.currently_available == pytest.approx(2000 - 7 * 252)
    assert not bucket.try_take(252)  # 236 left: refused, and nothing taken
    assert bucket.currently_available == pytest.approx(236)
    assert bucket.seconds_until(252) == pytest.approx(0.16)
    clock.advance(0.16)
    assert bucket.try_take(252)
    clock.advance(3600)
    assert bucket.currently_available == 2000  # never above the maximum


def test_bucket_refund_is_capped():
    clock = FakeClock()
    bucket = LeakyBucket(2000, 100, clock)
    assert bucket.try_take(502)
    bucket.refund(500)
    assert bucket.currently_available == pytest.approx(1998)
    bucket.refund(10_000)
    assert bucket.currently_available == 2000
    with pytest.raises(ValueError):
        LeakyBucket(0, 100, clock)
