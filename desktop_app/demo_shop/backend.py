"""The demo shop's GraphQL backend: state + schema + resolvers, executed synchronously.

The HTTP shell parses and validates each request against :attr:`ShopBackend.schema`, holds
:attr:`ShopBackend.lock`, and calls :meth:`ShopBackend.execute`. Resolvers read and change the
in-memory :class:`~desktop_app.demo_shop.state.ShopState`.

State files (``--state FILE.json``): :meth:`ShopBackend.to_json` writes and
:meth:`ShopBackend.from_json` reads the format documented in
:mod:`desktop_app.demo_shop.state` (a JSON object with ``format``, ``version``, ``next_id``,
``shop``, ``customers``, ``products`` and ``locations``).

Field resolution: a field without its own resolver reads the attribute of the same name in
snake_case (``defaultAddress`` -> ``default_address``; ``id`` -> ``gid``), or the key of the
same name when the value is a dict. Scalars serialise as Shopify's do: DateTime as
``2026-01-02T03:04:05Z``, UnsignedInt64 as a string, Decimal/Money as a decimal string without trailing zeros
(``10.0``, ``13.5``).
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import graphql
from graphql import GraphQLObjectType, GraphQLSchema

from desktop_app.demo_shop import (
    metafields,
    order_ops,
    resolvers_bulk,
    resolvers_bulk_mutations,
    resolvers_companies,
    resolvers_company_mutations,
    resolvers_customer_extras,
    resolvers_customers,
    resolvers_draft_orders,
    resolvers_fulfillments,
    resolvers_gift_card_changes,
    resolvers_gift_cards,
    resolvers_order_create,
    resolvers_order_edits,
    resolvers_order_mutations,
    resolvers_orders,
    resolvers_products,
    resolvers_shop,
    resolvers_tags,
)
from desktop_app.demo_shop.context import RequestContext
from desktop_app.demo_shop.execution import ExecContext
from desktop_app.demo_shop.scalars import iso
from desktop_app.demo_shop.schema_cache import schema_document
from desktop_app.demo_shop.staged_uploads import StagedUploads
from desktop_app.demo_shop.state import BulkOperation, ShopState

logger = logging.getLogger(__name__)

SCHEMA_PATH = Path(__file__).with_name("schema.graphql")
_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake_case(name: str) -> str:
    """``countryCodeV2`` -> ``country_code_v2``."""
    return _CAMEL.sub(r"_\1", name).lower()


def _attribute_resolver(field_name: str) -> Callable[..., Any]:
    attribute = "gid" if field_name == "id" else snake_case(field_name)

    def resolve(source: Any, _info: Any, **_args: Any) -> Any:
        if type(source) is dict:
            return source.get(field_name)
        return getattr(source, attribute)

    return resolve


def _serialize_datetime(value: Any) -> str:
    return iso(value) if isinstance(value, datetime) else str(value)


def _serialize_decimal(value: Any) -> str:
    """As Shopify prints a decimal: no trailing zeros, one digit after the point at least
    (``10.00`` -> ``"10.0"``, ``13.50`` -> ``"13.5"``, ``41.01`` -> ``"41.01"``)."""
    if not isinstance(value, Decimal):
        return str(value)
    text = format(value.normalize() if value else Decimal(0), "f")  # no "-0"
    return text if "." in text else f"{text}.0"


def _serialize_date(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _resolve_node_type(value: Any, _info: Any, _abstract: Any) -> str:
    return value.TYPENAME  # type: ignore[no-any-return]


@cache
def build_demo_schema() -> GraphQLSchema:
    """Our schema with resolvers and scalar serialisers bound (built once per process, from
    the document parsed and checked once per version of schema.graphql: `schema_cache`)."""
    schema = graphql.build_ast_schema(schema_document(SCHEMA_PATH), assume_valid_sdl=True)
    resolvers: dict[tuple[str, str], Any] = {}
    for module in (
        resolvers_shop,
        resolvers_customers,
        resolvers_customer_extras,
        metafields,
        resolvers_products,
        resolvers_bulk,
        resolvers_bulk_mutations,
        resolvers_orders,
        resolvers_order_create,
        resolvers_order_mutations,
        resolvers_order_edits,
        resolvers_tags,
        resolvers_fulfillments,
        resolvers_gift_cards,
        resolvers_gift_card_changes,
        resolvers_draft_orders,
        resolvers_companies,
        resolvers_company_mutations,
    ):
        resolvers.update(module.RESOLVERS)
    for type_name, type_ in schema.type_map.items():
        if type_name.startswith("__") or not isinstance(type_, GraphQLObjectType):
            continue
        for field_name, field_def in type_.fields.items():
            field_def.resolve = resolvers.pop((type_name, field_name), None) or _attribute_resolver(
                field_name
            )
    if resolvers:
        raise RuntimeError(f"resolvers for fields missing from schema.graphql: {sorted(resolvers)}")
    schema.type_map["DateTime"].serialize = _serialize_datetime  # type: ignore[attr-defined]
    schema.type_map["UnsignedInt64"].serialize = str  # type: ignore[attr-defined]
    schema.type_map["Decimal"].serialize = _serialize_decimal  # type: ignore[attr-defined]
    schema.type_map["Money"].serialize = _serialize_decimal  # type: ignore[attr-defined]
    schema.type_map["URL"].serialize = str  # type: ignore[attr-defined]
    schema.type_map["Date"].serialize = _serialize_date  # type: ignore[attr-defined]
    schema.type_map["Node"].resolve_type = _resolve_node_type  # type: ignore[attr-defined]
    schema.type_map["PurchasingEntity"].resolve_type = _resolve_node_type  # type: ignore[attr-defined]
    return schema


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ShopBackend:
    """The simulated Shopify Admin API behind the HTTP shell.

    Attributes:
        schema: Our subset of Shopify's schema, with resolvers bound.
        state: Everything the shop holds.
        lock: Held by the shell around :meth:`execute` (the server may use threads).
        bulk_dir: Temporary folder of finished bulk operation files (removed by :meth:`close`).
        clock: The shop's clock (UTC): every request's ``now`` and its HTTP ``Date`` header;
            tests move it with :meth:`advance_clock`.
        search_lag: How long a changed order stays invisible to ``updated_at`` search terms
            (Shopify's search index trails its database); none by default.
    """

    def __init__(
        self, state: ShopState | None = None, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.schema: GraphQLSchema = build_demo_schema()
        self.state = state if state is not None else ShopState()
        self.clock = clock or _utc_now
        self.search_lag = timedelta(0)
        self.lock = threading.Lock()
        self.bulk_dir = Path(tempfile.mkdtemp(prefix="demo-shop-bulk-"))
        #: Upload targets handed out by stagedUploadsCreate and the files received.
        self.staged_uploads = StagedUploads(self.bulk_dir / "staged", self.state.shop.id)

    def advance_clock(self, delta: timedelta) -> None:
        """Move the shop's clock forward by ``delta`` from now on (e.g. "a scheduled run 15
        minutes later" without waiting 15 minutes)."""
        base = self.clock
        self.clock = lambda: base() + delta

    # --- shop settings the shell reads ------------------------------------------------------

    @property
    def shop_name(self) -> str:
        return self.state.shop.name

    @property
    def plan(self) -> str:
        """``standard``, ``advanced`` or ``plus`` (sets the shell's leaky bucket)."""
        return self.state.shop.plan

    @plan.setter
    def plan(self, value: str) -> None:
        if value not in ("standard", "advanced", "plus"):
            raise ValueError(f"unknown plan {value!r}")
        self.state.shop.plan = value

    @property
    def access_scopes(self) -> frozenset[str]:
        """The scopes the demo app installation grants."""
        return self.state.shop.access_scopes

    # --- construction ------------------------------------------------------------------------

    @classmethod
    def generate(
        cls,
        seed: int = 1,
        customers: int = 50,
        orders: int = 0,
        *,
        now: datetime | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> ShopBackend:
        """A realistic shop generated deterministically from ``seed`` (see ``generator``).

        Raises:
            ValueError: A negative count.
        """
        from desktop_app.demo_shop.generator import generate_state

        anchor = now or (clock or _utc_now)().replace(hour=0, minute=0, second=0, microsecond=0)
        return cls(generate_state(seed, customers=customers, orders=orders, now=anchor), clock=clock)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ShopBackend:
        """A backend holding the state of a ``--state`` JSON document.

        Raises:
            ValueError: The document is not a valid state (wrong format, version, or a
                record with missing or malformed fields).
        """
        if not isinstance(data, dict):
            raise ValueError("a demo shop state must be a JSON object")
        try:
            state = ShopState.from_json(data)
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"malformed demo shop state: {exc!r}") from exc
        return cls(state)

    def to_json(self) -> dict[str, Any]:
        """The state as a ``--state`` JSON document."""
        return self.state.to_json()

    # --- execution ---------------------------------------------------------------------------

    def execute(
        self,
        document: graphql.DocumentNode,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        context: RequestContext,
    ) -> graphql.ExecutionResult:
        """Run an already parsed and validated document synchronously."""
        # Asynchronous jobs (orderCancel) finish between requests, as Shopify's do.
        order_ops.run_pending_jobs(self.state, context.now)
        exec_context = ExecContext(state=self.state, request=context, backend=self)
        result = graphql.execute_sync(
            self.schema,
            document,
            context_value=exec_context,
            variable_values=variables,
            operation_name=operation_name,
        )
        if result.errors:
            for error in result.errors:
                if error.original_error is not None and not isinstance(
                    error.original_error, graphql.GraphQLError
                ):
                    logger.error(
                        "Resolver failed at %s", error.path, exc_info=error.original_error
                    )
        return result

    def settle_transaction(self, transaction_gid: str, status: str = "SUCCESS") -> None:
        """The payment provider's answer to a PENDING transaction (e.g. a PayPal refund).

        Raises:
            KeyError: No order has a transaction with that id.
            ValueError: ``status`` is not SUCCESS, FAILURE or ERROR.
        """
        if status not in ("SUCCESS", "FAILURE", "ERROR"):
            raise ValueError(f"a provider answers SUCCESS, FAILURE or ERROR, not {status!r}")
        numeric = int(transaction_gid.rsplit("/", 1)[-1])
        order = self.state.order_owning(numeric)
        transaction = order.transaction(numeric) if order is not None else None
        if order is None or transaction is None:
            raise KeyError(transaction_gid)
        with self.lock:
            order_ops.settle_transaction(self.state, order, transaction, status, self.clock())

    def advance_bulk(self, op: BulkOperation, request: RequestContext) -> None:
        """Move a bulk operation one step along its lifecycle (called when it is read)."""
        if op.type == "MUTATION":
            resolvers_bulk_mutations.advance(self.schema, self.state, op, self, request)
            return
        resolvers_bulk.advance(self.schema, self.state, op, self, request)

    def bulk_result_path(self, bulk_id: int) -> Path | None:
        """The finished JSONL file of a bulk operation, or None."""
        op = self.state.bulk_operations.get(bulk_id)
        if op is None or op.status != "COMPLETED" or op.url is None:
            return None
        path = self.bulk_dir / f"{bulk_id}.jsonl"
        return path if path.is_file() else None

    def close(self) -> None:
        """Remove the temporary bulk files."""
        shutil.rmtree(self.bulk_dir, ignore_errors=True)
