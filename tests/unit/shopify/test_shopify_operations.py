"""Operation documents: loading, header settings and the static cost estimate."""

from __future__ import annotations

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from desktop_app.errors import ShopifyError, UserErrorItem, UserErrors
from desktop_app.shopify import operations
from desktop_app.shopify.operations import Operation
from desktop_app.shopify.user_errors import check_user_errors


@pytest.mark.parametrize(
    ("text", "variables", "expected"),
    [
        ("query A { shop { name } }", {}, 1),
        ("query A { shop { name plan { shopifyPlus } } }", {}, 2),
        ("query A { customers(first: 10) { nodes { id } } }", {}, 2 + 10 * 1),
        ("query A { customers(first: 10) { edges { cursor node { id } } } }", {}, 12),
        (
            "query A($first: Int!) { customers(first: $first) { pageInfo { hasNextPage } "
            "nodes { id defaultAddress { id } } } }",
            {"first": 250},
            2 + 250 * 2,
        ),
        (
            "query A($n: Int = 5) { customers(first: $n) { nodes { id } } }",
            {},
            2 + 5,
        ),
        (
            "query A { customers(first: 4) { nodes { addressesV2(first: 3) { nodes { id } } } } }",
            {},
            2 + 4 * (1 + 2 + 3),
        ),
        ("query A { customer(id: \"x\") { addresses(first: 3) { id } } }", {}, 1 + 3),
        (
            "query A { customer(id: \"x\") { ...F } } fragment F on Customer { defaultAddress { id } }",
            {},
            2,
        ),
        (
            "query A { node(id: \"x\") { ... on Customer { defaultAddress { id } } "
            "... on Order { customer { id } shippingAddress { id } } } }",
            {},
            1 + 2,
        ),
        (  # two fragments on the same type both count; on other types, the dearest one
            "query A { node(id: \"x\") { ...C ...D ... on Order { customer { id } } } } "
            "fragment C on Customer { defaultAddress { id } } "
            "fragment D on Customer { amountSpent { amount } lastOrder { id } }",
            {},
            1 + (1 + 2),
        ),
        ("mutation M($i: CustomerInput!) { customerCreate(input: $i) { customer { id } } }", {}, 10),
    ],
)
def test_cost_estimate(text, variables, expected):
    assert Operation.from_text(text).estimate_cost(variables) == expected


def test_customers_page_meets_the_two_points_per_customer_goal():
    page = operations.load("CustomersPage")
    per_customer = page.estimate_cost({"first": 1}) - page.estimate_cost({"first": 0})
    assert per_customer <= 2
    assert page.estimate_cost({"first": 250}) <= 1000


def test_header_settings_and_idempotence():
    assert operations.load("CustomerCreate").idempotent is False
    assert operations.load("CustomerUpdate").idempotent is True
    assert operations.load("CustomerSendAccountInvite").idempotent is False
    assert operations.load("ShopInfo").idempotent is True  # queries always are
    assert operations.load("BulkCustomers").settings["bulk"] == "true"
    with pytest.raises(ValueError, match="idempotent"):
        Operation.from_text("# idempotent: maybe\nmutation M { a }")


def test_load_is_cached_and_checked():
    assert operations.load("ShopInfo") is operations.load("ShopInfo")
    op = operations.load("CustomersPage")
    assert (op.name, op.kind) == ("CustomersPage", "query")
    for bad in ["../address", "shopInfo", "Shop Info", "NoSuchDocument", ""]:
        with pytest.raises(ValueError):
            operations.load(bad)


@pytest.mark.parametrize(
    "text",
    [
        "query { shop { name } }",
        "query A { a } query B { b }",
        "subscription S { a }",
        "query A { shop { ",
        "fragment F on Shop { name }",
    ],
)
def test_malformed_documents_are_refused(text):
    with pytest.raises(ValueError):
        Operation.from_text(text)


def test_check_user_errors_types_every_entry():
    payload = {
        "customer": None,
        "userErrors": [
            {"field": ["addresses", "0", "country"], "message": "Country is invalid"},
            {"field": None, "message": "A name, phone number, or email address must be present"},
        ],
    }
    with pytest.raises(UserErrors) as caught:
        check_user_errors(payload, "C00010")
    assert caught.value.record == "C00010"
    assert caught.value.items == [
        UserErrorItem(("addresses", "0", "country"), "Country is invalid", None),
        UserErrorItem(None, "A name, phone number, or email address must be present", None),
    ]
    assert "addresses.0.country: Country is invalid" in str(caught.value)


def test_check_user_errors_other_key_names_and_codes():
    payload = {"job": None, "orderCancelUserErrors": [
        {"field": ["orderId"], "message": "Cannot cancel", "code": "INVALID"}]}
    with pytest.raises(UserErrors) as caught:
        check_user_errors(payload, "#1001", key="orderCancelUserErrors")
    assert caught.value.items[0].code == "INVALID"
    with pytest.raises(UserErrors):  # found even without naming the key
        check_user_errors(payload, "#1001")


def test_check_user_errors_passes_clean_payloads():
    check_user_errors({"customer": {"id": "gid://shopify/Customer/1"}, "userErrors": []}, "C1")
    with pytest.raises(ShopifyError):
        check_user_errors(None, "C1")


def _definitions(text: str) -> list[str]:
    return [d.name.value for d in parse(text).definitions
            if isinstance(d, (OperationDefinitionNode, FragmentDefinitionNode))]


def test_shared_fragments_are_appended_transitively_each_once():
    text = ('query A($id: ID!) { order(id: $id) { lineItems(first: 2) { nodes { ...LineFields } } '
            'refunds { ...RefundFields } } }')
    sent = operations.with_fragments(text)
    assert sent.startswith(text)
    # LineFields spreads LineOwnFields, Both and TaxLineFields (which spreads Both),
    # RefundFields spreads Both: each comes once, in the order first needed, and nothing else
    # is added.
    assert _definitions(sent) == ["A", "LineFields", "RefundFields", "LineOwnFields", "Both",
                                  "TaxLineFields"]


def test_a_document_without_shared_spreads_is_sent_as_it_is():
    own = "query A { shop { ...Mine } } fragment Mine on Shop { name }"
    assert operations.with_fragments(own) == own


def test_unknown_and_shadowed_fragments_are_refused():
    with pytest.raises(ValueError, match="no fragment Nowhere"):
        operations.with_fragments("query A { shop { ...Nowhere } }")
    with pytest.raises(ValueError, match="Both, shared in fragments/"):
        operations.with_fragments(
            "query A { order(id: \"x\") { totalOutstandingSet { ...Both } } } "
            "fragment Both on MoneyBag { shopMoney { amount } }")


def test_each_shared_fragment_file_holds_its_fragment_and_is_used():
    import re
    from importlib import resources

    used: set[str] = set()
    for name in operations.available():
        used.update(d for d in _definitions(operations.load(name).text) if d != name)
        # A bulk text is sent with its fragments written out: its file's spreads count too.
        source = (resources.files(operations.QUERIES_PACKAGE) / f"{name}.graphql").read_text()
        used.update(re.findall(r"\.\.\.\s*([A-Za-z_]\w*)", source))
    for name in operations.shared_fragments():
        assert _definitions(operations.with_fragments(f"query Q {{ x {{ ...{name} }} }}"))[1] \
            == name
        assert name in used, f"fragments/{name}.graphql is used by no document"
