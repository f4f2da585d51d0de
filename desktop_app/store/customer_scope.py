"""Which local customers a shop card sees and ticks: the shop card a write names or a sync
acts for, the demo's customers kept apart, and the per-shop Web Upload ticks (issue 14).

Web Upload ticks (`CustomerWebUpload`) belong to one shop card: a customer ticked for one
store is never sent to another. Writes name the shop, or leave it out when exactly one shop
card exists (`resolve_shop`, the CLI's `--shop` rule).

The demo lives apart. A customer whose `demo_shop` is set is a sample customer of that demo
shop card: the first start's samples, and whatever a demo card's sync creates (the sync
service runs each job inside `acting_for(shop)`, and the store's customer inserts read it).
For a real (non-demo) shop card such a customer does not exist: the store's customer reads
for that card leave it out (its list, matching, export, linking, ticks), whether the card is
named (`shop=`) or is the one a sync acts for. Changing, deleting and removing the demo's
customers with their card: `local_customers`.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar, cast

import peewee

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.store.chunks import chunks
from desktop_app.store.database import DB, transaction
from desktop_app.store.models import Customer, CustomerWebUpload, Shop

log = logging.getLogger(__name__)

#: The shop card a sync (or the first start) is acting for: what the store's customer reads
#: without a named shop show, and who owns the customers they create (when it is a demo).
_acting: contextvars.ContextVar[str | None] = contextvars.ContextVar("acting_shop", default=None)


class ShopChoiceError(StoreError):
    """Several shop cards exist and none was named."""

    code = "shop_choice"


class DemoCustomerError(NotFoundError):
    """A demo shop's sample customer was named for a real shop card (for which it does not
    exist: callers that skip a missing customer skip it too)."""

    code = "demo_customer"


# --- which shop, and the demo's customers --------------------------------------------------


@contextlib.contextmanager
def acting_for(shop: str | None) -> Iterator[None]:
    """Run the block on behalf of shop card `shop` (see the module docstring)."""
    token = _acting.set(shop)
    try:
        yield
    finally:
        _acting.reset(token)


def acting_shop() -> str | None:
    return _acting.get()


F = TypeVar("F", bound=Callable[..., Any])


def for_shop(function: F) -> F:
    """Run `function(shop, ...)` as `acting_for(shop)`: its reads of local customers that
    name no shop (by e-mail, by phone, all of them) see what that shop card sees."""
    @functools.wraps(function)
    def wrapper(shop: str, *args: Any, **kwargs: Any) -> Any:
        with acting_for(shop):
            return function(shop, *args, **kwargs)

    return cast(F, wrapper)


def resolve_shop(code: str | None) -> str:
    """`code` if that shop card exists; left out, the only shop card.

    Raises:
        NotFoundError: no such shop, or no shop card at all.
        ShopChoiceError: several shop cards and none named (the message lists them).
    """
    if code:
        if not Shop.select().where(Shop.code == code).exists():
            raise NotFoundError(f"There is no shop {code}", shop=code)
        return code
    codes = [c for (c,) in Shop.select(Shop.code).order_by(Shop.code).tuples()]
    if len(codes) == 1:
        return codes[0]
    if not codes:
        raise NotFoundError("There is no shop yet: add one with `shop-sync shop add`")
    raise ShopChoiceError(f"Several shops exist: say which with --shop CODE ({', '.join(codes)})",
                          choices=codes)


def _real_shop_id(code: str | None) -> int | None:
    """The id of shop card `code` (else the acting one) when it is a real (non-demo) card:
    the one whose reads leave the demo's customers out; None when nothing is left out."""
    code = code if code is not None else _acting.get()
    if code is None:
        return None
    row = Shop.select(Shop.id, Shop.is_demo).where(Shop.code == code).first()
    if row is None or row.is_demo:
        return None
    return row.id


def visible_condition(shop: str | None) -> peewee.Expression | None:
    """A `Customer` condition leaving out the demo's customers for a real shop card (`shop`,
    else the acting one); None when every customer is visible."""
    shop_id = _real_shop_id(shop)
    if shop_id is None:
        return None
    return Customer.demo_shop.is_null(True) | (Customer.demo_shop == shop_id)


def visible_sql(shop: str | None, alias: str = "customer") -> tuple[str, tuple[Any, ...]]:
    """`visible_condition` as SQL text to AND into a raw query ("" when none), and params."""
    shop_id = _real_shop_id(shop)
    if shop_id is None:
        return "", ()
    return (f'("{alias}".demo_shop_id IS NULL OR "{alias}".demo_shop_id = ?)', (shop_id,))


def new_customer_owner() -> dict[str, Any]:
    """What a customer created now gets besides its values: the acting demo card as owner."""
    code = _acting.get()
    if code is None:
        return {}
    row = Shop.select(Shop.id, Shop.is_demo).where(Shop.code == code).first()
    return {"demo_shop": row.id} if row is not None and row.is_demo else {}


def keep_changed_samples(nos: Iterable[str]) -> None:
    """Mark the demo's sample customers among `nos` as changed by the merchant: they stay
    (as the merchant's) when the demo card is removed."""
    wanted = list(nos)
    for chunk in chunks(wanted):
        Customer.update(demo_kept=True).where(
            Customer.no.in_(chunk) & Customer.demo_shop.is_null(False)
        ).execute()


def _check_not_demo_for(shop: str, nos: Iterable[str]) -> None:
    shop_id = _real_shop_id(shop)
    if shop_id is None:
        return
    wanted = list(nos)
    demo: list[tuple[str, str]] = []
    for chunk in chunks(wanted):
        query = (Customer.select(Customer.no, Shop.code)
                 .join(Shop, on=Customer.demo_shop == Shop.id)
                 .where(Customer.no.in_(chunk) & (Shop.id != shop_id)))
        demo += list(query.tuples())
    if demo:
        demo.sort()
        raise DemoCustomerError(
            f"{', '.join(no for no, _ in demo)}: sample customer(s) of the demo shop "
            f"{demo[0][1]}, never sent to or linked in shop {shop}",
            customers=[no for no, _ in demo], shop=shop)


def check_visible(shop: str, no: str) -> None:
    """Refuse a demo's sample customer named for a real shop card (to link, show, tick).

    Raises:
        DemoCustomerError: it is one.
    """
    _check_not_demo_for(shop, [no])


# --- Web Upload ticks -----------------------------------------------------------------------


def set_web_upload(nos: Iterable[str], flag: bool = True, *, shop: str | None = None
                   ) -> list[str]:
    """Tick (or untick) "Assign to Web Upload" for shop card `shop` (left out: the only
    one); returns the unknown numbers. Ticks are not edits: `updated_at` does not move.

    Raises:
        NotFoundError, ShopChoiceError: as `resolve_shop`.
        DemoCustomerError: a demo's sample customer ticked for a real shop card (nothing
            is ticked).
    """
    code = resolve_shop(shop)
    wanted = list(dict.fromkeys(n.strip() for n in nos if n and n.strip()))
    ids: dict[str, int] = {}
    with transaction():
        shop_id = Shop.get(Shop.code == code).id
        if flag:
            _check_not_demo_for(code, wanted)
        for chunk in chunks(wanted):
            ids.update(Customer.select(Customer.no, Customer.id)
                       .where(Customer.no.in_(chunk)).tuples())
        found = list(ids.values())
        for chunk in chunks(found):
            if flag:
                CustomerWebUpload.insert_many(
                    [{"shop": shop_id, "customer": cid} for cid in chunk]
                ).on_conflict_ignore().execute()
            else:
                CustomerWebUpload.delete().where(
                    (CustomerWebUpload.shop == shop_id)
                    & CustomerWebUpload.customer.in_(chunk)).execute()
    unknown = [n for n in wanted if n not in ids]
    log.info("Web upload %s for %s customers in shop %s (%s unknown)", flag, len(ids), code,
             len(unknown))
    return unknown


def ticked_condition(shop_id: int | None) -> peewee.Node:
    """A `Customer` condition: ticked for shop card id `shop_id` (any card when None).

    As a column of each row it is one primary-key lookup; as a filter (`ticked_filter`) the
    ticks drive the query instead (a count of 2,000 ticked among 100,000 customers: 46 ms
    with this per-row test, about 1 ms from the ticks).
    """
    ticks = CustomerWebUpload.select(peewee.SQL("1")).where(
        CustomerWebUpload.customer == Customer.id)
    if shop_id is not None:
        ticks = ticks.where(CustomerWebUpload.shop == shop_id)
    return peewee.fn.EXISTS(ticks)


def ticked_filter(shop_id: int | None) -> peewee.Node:
    """`ticked_condition` as a WHERE condition that reads the ticks, not every customer."""
    ticks = CustomerWebUpload.select(CustomerWebUpload.customer)
    if shop_id is not None:
        ticks = ticks.where(CustomerWebUpload.shop == shop_id)
    return Customer.id.in_(ticks)


def web_upload_sql(shop: str | None, alias: str = "customer") -> str:
    """SQL text: whether the customer `alias` is ticked for shop id `?` (one parameter), or
    for any shop card when `shop` is None (no parameter)."""
    if shop is None:
        return (f'EXISTS (SELECT 1 FROM "customer_web_upload" AS w '
                f'WHERE w.customer_id = "{alias}".id)')
    return (f'EXISTS (SELECT 1 FROM "customer_web_upload" AS w '
            f'WHERE w.customer_id = "{alias}".id AND w.shop_id = ?)')


def web_upload_signature() -> tuple[Any, ...]:
    """Changes whenever a tick is added or removed (count and a sum of the pairs)."""
    return tuple(DB.execute_sql(
        'SELECT count(*), total(shop_id * 1000003 + customer_id) FROM "customer_web_upload"'
    ).fetchone())

