"""What the resolvers share: the execution context, access scopes, GIDs, search plumbing."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from graphql import GraphQLError, GraphQLResolveInfo

from desktop_app.demo_shop import pagination
from desktop_app.demo_shop.context import RequestContext
from desktop_app.demo_shop.scalars import parse_gid
from desktop_app.demo_shop.search import SearchField, compile_query, search_warning
from desktop_app.demo_shop.state import ShopState

logger = logging.getLogger(__name__)

_Record = TypeVar("_Record")
_Payload = TypeVar("_Payload", bound=Callable[..., dict[str, Any]])

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


def named_fields(
    type_name: str, *resolvers: Callable[..., Any]
) -> dict[tuple[str, str], Resolver]:
    """Bind each resolver to the field of ``type_name`` its name spells in snake_case, less a
    ``resolve_`` prefix: ``customer_create`` -> ``customerCreate``, ``resolve_addresses_v2`` ->
    ``addressesV2``. A name that spells no field of the schema fails the schema's build."""
    bound: dict[tuple[str, str], Resolver] = {}
    for resolver in resolvers:
        head, *words = resolver.__name__.removeprefix("resolve_").split("_")
        bound[(type_name, head + "".join(word.capitalize() for word in words))] = resolver
    return bound


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


def scoped_context(info: GraphQLResolveInfo, scope: str) -> ExecContext:
    """The :class:`ExecContext` of a resolver call that needs ``scope``.

    Raises:
        GraphQLError: The token lacks ``scope`` (as :func:`require_scope`).
    """
    require_scope(info, scope)
    return context(info)


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


def by_gid(records: Mapping[int, _Record], value: str, type_name: str) -> _Record | None:
    """The record of ``records`` a GID of ``type_name`` names; None when it names another type
    or no record.

    Raises:
        GraphQLError: The value is not a GID at all (as :func:`gid_id`).
    """
    numeric = gid_id(value, type_name)
    return None if numeric is None else records.get(numeric)


def user_error(field: list[str] | None, message: str, code: str | None = None) -> dict[str, Any]:
    """One ``userErrors`` entry (``code`` only on types that have one)."""
    entry: dict[str, Any] = {"field": field, "message": message}
    if code is not None:
        entry["code"] = code
    return entry


class Refusal(Exception):
    """A mutation refused: the ``userErrors`` its payload answers (see :func:`refusable`)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors

    @classmethod
    def of(cls, field: list[str] | None, message: str, code: str | None = None) -> Refusal:
        """A refusal of one user error (arguments as :func:`user_error`)."""
        return cls([user_error(field, message, code)])


def refusable(*keys: str) -> Callable[[_Payload], _Payload]:
    """Let a mutation resolver raise :class:`Refusal`: its payload then answers each of
    ``keys`` null, with the refusal's ``userErrors``."""

    def decorate(resolver: _Payload) -> _Payload:
        @functools.wraps(resolver)
        def resolve(*args: Any, **kwargs: Any) -> dict[str, Any]:
            try:
                return resolver(*args, **kwargs)
            except Refusal as refused:
                return {**dict.fromkeys(keys), "userErrors": refused.errors}

        return cast(_Payload, resolve)

    return decorate


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


def searched_connection(
    info: GraphQLResolveInfo,
    items: Iterable[Any],
    args: pagination.ConnectionArgs,
    fields: Mapping[str, SearchField],
    default: SearchField | None,
    sorts: Mapping[str, Callable[[Any], Any]] | None = None,
    default_sort: str = "ID",
) -> dict[str, Any]:
    """A connection over in-memory ``items``: the window checked, then the search query kept."""
    pagination.check_window(args.get("first"), args.get("last"))
    predicate = search(info, args.get("query"), fields, default)
    chosen = [item for item in items if predicate is None or predicate(item)]
    return pagination.list_page(chosen, args, sorts, default_sort)


def indexed_connection(
    info: GraphQLResolveInfo,
    entries: Callable[[str], Sequence[tuple[Any, int]]],
    records: Mapping[int, Any],
    args: pagination.ConnectionArgs,
    fields: Mapping[str, SearchField],
    default: SearchField | None,
) -> dict[str, Any]:
    """A connection over a sort index the state keeps (``entries(sortKey)``) of ``records``."""
    first, last = args.get("first"), args.get("last")
    pagination.check_window(first, last)
    predicate = search(info, args.get("query"), fields, default)
    match = None if predicate is None else (lambda record_id: predicate(records[record_id]))
    page = pagination.page_entries(
        entries(args.get("sortKey", "ID")), first=first, after=args.get("after"), last=last,
        before=args.get("before"), reverse=args.get("reverse", False), match=match,
    )
    return pagination.connection(page, records.__getitem__)
