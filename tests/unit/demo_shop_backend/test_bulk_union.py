"""A bulk export writes union fields (Order.purchasingEntity) like a normal query does."""

from __future__ import annotations

import datetime as dt
import json

import graphql

from desktop_app.demo_shop import ShopBackend
from desktop_app.demo_shop.context import RequestContext

SELECTION = """purchasingEntity { __typename
  ... on PurchasingCompany { company { id } location { id } }
  ... on Customer { id email } }"""


def test_bulk_export_of_a_union_matches_the_normal_answer():
    backend = ShopBackend.generate(seed=3, customers=200, orders=300)
    try:
        def run(text: str, variables: dict | None = None) -> dict:
            document = graphql.parse(text)
            assert graphql.validate(backend.schema, document) == []
            context = RequestContext("http://127.0.0.1", backend.access_scopes,
                                     dt.datetime.now(dt.UTC))
            result = backend.execute(document, variables, None, context)
            assert not result.errors, result.errors
            return result.data

        bulk_text = "query { orders { edges { node { id " + SELECTION + " } } } }"
        started = run(
            "mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: true) "
            "{ bulkOperation { id } userErrors { message } } }",
            {"q": bulk_text},
        )["bulkOperationRunQuery"]
        assert started["userErrors"] == []
        gid = started["bulkOperation"]["id"]
        for _ in range(3):
            status = run("query($id: ID!) { bulkOperation(id: $id) { status } }", {"id": gid})
        assert status["bulkOperation"]["status"] == "COMPLETED"
        path = backend.bulk_result_path(int(gid.rsplit("/", 1)[1]))
        with open(path, encoding="utf-8") as handle:
            bulk = {line["id"]: line["purchasingEntity"] for line in map(json.loads, handle)}
        normal = run("{ orders(first: 250) { nodes { id " + SELECTION + " } } }")
        expected = {n["id"]: n["purchasingEntity"] for n in normal["orders"]["nodes"]}
        kinds = {v["__typename"] for v in expected.values() if v}
        assert kinds == {"Customer", "PurchasingCompany"}  # both branches are exercised
        assert {k: bulk[k] for k in expected} == expected
    finally:
        backend.close()
