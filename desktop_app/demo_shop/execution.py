"""What the resolvers share: the execution context, access scopes, GIDs, search plumbing."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from graphql import GraphQLError, GraphQLResolveInfo

from desktop_app.demo_shop.context import RequestContext
from desktop_app.demo_shop.scalars import parse_gid
from desktop_app.demo_shop.search import SearchField, compile_query, search_warning
from desktop_app.demo_shop.state import ShopState

logger = logging.getLogger(__name__)

Resolver = Any  # Callable[..., Any]; graphql-core passes (source, info, **arguments)


@dataclass
class ExecContext:
    """``info.context`` during one execution: the backend's state and the request."""

    state: ShopState
    request: RequestContext
    backend: Any  # the ShopBackend (typed loosely to avoid an import cycle)

    @property
    def now(self) -> datetime:
        return self.request.now


def context(info: GraphQLResolveInfo) -> ExecContext:
    """The :class:`ExecContext` of a resolver call."""
    return info.context  # type: ignore[no-any-return]


def has_scope(scopes: frozenset[str], scope: str) -> bool:
    """True when ``scopes`` grant ``scope`` (a ``write_`` scope grants its ``read_`` one)."""
    return scope in scopes or (
        scope.startswith("read_") and "write_" + scope[len("read_") :] in scopes
    )


def require_scope(info: GraphQLResolveInfo, scope: str) -> None:
    """Raise Shopify's ACCESS_DENIED error unless the token has ``scope``."""
    if has_scope(context(info).request.scopes, scope):
        return
    required = f"`{scope}` access scope."
    raise GraphQLError(
        f"Access denied for {info.field_name} field. Required access: {required}",
        extensions={
            "code": "ACCESS_DENIED",
            "documentation": "https://shopify.dev/api/usage/access-scopes",
            "requiredAccess": required,
        },
    )


def gid_id(value: str, expected_type: str | None = None) -> int | None:
    """The numeric id of a GID argument; None when it names another type.

    Raises:
        GraphQLError: The value is not a GID at all (Shopify's "Invalid global id").
    """
    parsed = parse_gid(value)
    if parsed is None:
        raise GraphQLError(
            f"Invalid global id '{value}'", extensions={"code": "RESOURCE_NOT_FOUND"}
        )
    type_name, numeric = parsed
    if expected_type is not None and type_name != expected_type:
        return None
    return numeric


def user_error(field: list[str] | None, message: str, code: str | None = None) -> dict[str, Any]:
    """One ``userErrors`` entry (``code`` only on types that have one)."""
    entry: dict[str, Any] = {"field": field, "message": message}
    if code is not None:
        entry["code"] = code
    return entry


def later_than(previous: datetime | None, now: datetime) -> datetime:
    """``now`` to the second, but strictly after ``previous`` (so updatedAt always moves)."""
    moment = now.replace(microsecond=0)
    if previous is not None and moment <= previous:
        moment = previous + timedelta(seconds=1)
    return moment


def shop_zone(state: ShopState) -> ZoneInfo:
    """The shop's time zone (search dates without an offset are read in it)."""
    return ZoneInfo(state.shop.iana_timezone)


def search(
    info: GraphQLResolveInfo,
    query: str | None,
    fields: Mapping[str, SearchField],
    default: SearchField | None,
) -> Any:
    """Compile a search query, report dropped terms in ``extensions.search``; the predicate."""
    ctx = context(info)
    compiled = compile_query(query, fields, default=default, zone=shop_zone(ctx.state))
    if compiled.warnings:
        logger.debug("Search query %r has unknown fields %s", query, compiled.warnings)
        ctx.request.search_warnings.append(
            search_warning(info.path.as_list(), query or "", compiled)
        )
    return compiled.predicate
