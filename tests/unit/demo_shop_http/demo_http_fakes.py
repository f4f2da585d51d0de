"""A small stand-in for ``ShopBackend`` that follows its interface exactly.

The HTTP shell's tests use it so that they pin the shell's behaviour (auth, faults, cost,
throttling, log, transports) independently of the real backend's data and resolvers.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
from graphql import DocumentNode, ExecutionResult, GraphQLError, build_schema, execute

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.demo_shop.context import RequestContext

SDL = """
interface Node { id: ID! }
type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! endCursor: String startCursor: String }
type MailingAddress { id: ID! city: String countryCodeV2: String }
type Customer implements Node {
  id: ID!
  firstName: String
  email: String
  defaultAddress: MailingAddress
  addresses(first: Int): [MailingAddress!]!
}
type CustomerEdge { cursor: String! node: Customer! }
type CustomerConnection { edges: [CustomerEdge!]! nodes: [Customer!]! pageInfo: PageInfo! }
type Shop { id: ID! name: String! }
input CustomerInput { email: String firstName: String }
type UserError { field: [String!] message: String! }
type CustomerCreatePayload { customer: Customer userErrors: [UserError!]! }
type Query {
  shop: Shop!
  customers(first: Int, after: String, last: Int, before: String, query: String): CustomerConnection!
  customer(id: ID!): Customer
  node(id: ID!): Node
}
type Mutation { customerCreate(input: CustomerInput!): CustomerCreatePayload }
"""


class FakeBackend:
    """In-memory customers, a ``customers`` connection, ``customerCreate``, bulk files."""

    def __init__(self, customers: int = 50, plan: str = "standard", bulk_dir: Path | None = None) -> None:
        self.schema = build_schema(SDL)
        self.lock = threading.Lock()
        self.shop_name = "Demo Shop"
        self.plan = plan
        self.access_scopes = frozenset({"read_customers", "write_customers"})
        self.customers: list[dict[str, Any]] = [
            {
                "id": f"gid://shopify/Customer/{i}",
                "firstName": f"Name{i}",
                "email": f"c{i}@example.com",
                "defaultAddress": {"id": f"gid://shopify/MailingAddress/{i}", "city": "Ottawa"}
                if i % 2
                else None,
                "addresses": [],
            }
            for i in range(1, customers + 1)
        ]
        self.bulk_dir = bulk_dir
        self.contexts: list[RequestContext] = []
        self.executions = 0
        self.closed = False

    @classmethod
    def generate(cls, seed: int = 1, customers: int = 50, orders: int = 0) -> FakeBackend:
        return cls(customers=customers)

    def to_json(self) -> dict:
        return {"customers": self.customers}

    @classmethod
    def from_json(cls, data: dict) -> FakeBackend:
        backend = cls(customers=0)
        backend.customers = list(data["customers"])
        return backend

    def _customers(self, info: Any, first: int | None = None, after: str | None = None,
                   query: str | None = None, **_: Any) -> dict:
        if query and query.startswith("bogus:"):
            info.context.search_warnings.append(
                {"path": ["customers"], "query": query, "parsed": {},
                 "warnings": [{"field": "bogus", "message": "Invalid search field for this query.",
                               "code": "invalid_field"}]}
            )
        start = int(after) if after else 0
        size = first or 0
        page = self.customers[start:start + size]
        end = start + len(page)
        return {
            "nodes": page,
            "edges": [{"cursor": str(start + i + 1), "node": c} for i, c in enumerate(page)],
            "pageInfo": {"hasNextPage": end < len(self.customers), "hasPreviousPage": start > 0,
                         "endCursor": str(end) if page else None, "startCursor": None},
        }

    def _customer_create(self, info: Any, input: dict) -> dict:
        if "write_customers" not in info.context.scopes:
            raise GraphQLError("Access denied", extensions={"code": "ACCESS_DENIED"})
        if not input.get("email"):
            return {"customer": None, "userErrors": [{"field": ["email"], "message": "Email is invalid"}]}
        customer = {"id": f"gid://shopify/Customer/{len(self.customers) + 1}",
                    "firstName": input.get("firstName"), "email": input["email"],
                    "defaultAddress": None, "addresses": []}
        self.customers.append(customer)
        return {"customer": customer, "userErrors": []}

    def _resolve_root(self) -> dict:
        return {
            "shop": {"id": "gid://shopify/Shop/1", "name": self.shop_name},
            "customers": self._customers,
            "customer": lambda info, id: next((c for c in self.customers if c["id"] == id), None),
            "node": lambda info, id: next(
                ({**c, "__typename": "Customer"} for c in self.customers if c["id"] == id), None),
            "customerCreate": self._customer_create,
        }

    def execute(self, document: DocumentNode, variables: dict | None, operation_name: str | None,
                context: RequestContext) -> ExecutionResult:
        assert self.lock.locked(), "the shell must hold backend.lock while executing"
        self.executions += 1
        self.contexts.append(context)
        result = execute(self.schema, document, root_value=self._resolve_root(),
                         context_value=context, variable_values=variables,
                         operation_name=operation_name)
        assert isinstance(result, ExecutionResult)
        return result

    def bulk_result_path(self, bulk_id: int) -> Path | None:
        if self.bulk_dir is None:
            return None
        path = self.bulk_dir / f"{bulk_id}.jsonl"
        return path if path.is_file() else None

    def close(self) -> None:
        self.closed = True


GRAPHQL_URL = f"/admin/api/{SHOPIFY_API_VERSION}/graphql.json"
TOKEN = "shpat_canary_0123456789abcdef"


class FakeClock:
    """Monotonic time that only moves when told to (or when something sleeps)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


async def gql(http: httpx.AsyncClient, query: str, variables: dict | None = None,
              **kwargs: object) -> httpx.Response:
    """POST one GraphQL document to the pinned endpoint."""
    payload: dict = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    return await http.post(GRAPHQL_URL, json=payload, **kwargs)  # type: ignore[arg-type]
