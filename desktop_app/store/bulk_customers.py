"""Batch reads and writes for the customers import: a page of Shopify customers in a few
statements instead of several per customer.

`store.customers` and `store.shopify_customers` read and write one customer at a time through
peewee models, which is right for the UI and the export but costs the import about 3 ms per
customer, most of it peewee building SQL text (issue 4's benchmark: 100,000 customers did not
finish in 15 minutes). Here each statement is written once and run with `executemany`, and a
page's staged rows are read with one `SELECT ... WHERE shopify_id IN (...)` per `CHUNK` ids
(`store.chunks`: with the shop id, below the 500 variables older SQLite builds allow).

Nothing here opens a transaction of its own: the caller wraps a page's reads and writes in
one `transaction()`, so a killed run leaves all of a page or none of it. The values written
are the ones those modules write (same normalisation, defaults and timestamps), so rows
written here and rows written there cannot be told apart.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.errors import NotFoundError, StoreError
from desktop_app.records.customers import AddressRecord
from desktop_app.store import customer_scope, customers, shopify_customers, shops
from desktop_app.store.chunks import chunks
from desktop_app.store.database import DB
from desktop_app.store.models import Customer, ShopifyCustomer, email_key, utc_now
from desktop_app.store.upsert import DuplicateError
from desktop_app.store.values import as_text

#: Shopify's own columns of a staged customer, in the order the statements below use.
CUSTOMER_TEXT = ("first_name", "last_name", "email", "phone", "company", "state", "tags",
                 "note")
_CUSTOMER_DATA = (*CUSTOMER_TEXT, "shopify_created_at", "shopify_updated_at")
#: Columns of a staged address besides its ids (`is_default` first, the rest text).
ADDRESS_COLUMNS = ("is_default", "first_name", "last_name", "company", "address1", "address2",
                   "city", "province", "province_code", "zip", "country", "country_code",
                   "phone")

_field_stamp = ShopifyCustomer.fetched_at.db_value
_read_stamp = ShopifyCustomer.fetched_at.python_value
_UTC = dt.timezone.utc


def _stamp(value: object) -> str | None:
    """A timestamp as `UtcDateTimeField` stores it; UTC datetimes (what Shopify's records
    hold) without its strftime, which was a tenth of staging's time."""
    if type(value) is dt.datetime and value.tzinfo is _UTC and value.year >= 1000:
        return value.replace(tzinfo=None).isoformat(" ", "microseconds")
    return _field_stamp(value)


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _reader(source: object) -> Callable[..., Any]:
    """`read(name, default)` for a mapping or an object (dataclass, namedtuple...); the
    type is checked once per record rather than once per field."""
    if isinstance(source, Mapping):
        return source.get
    return functools.partial(getattr, source)


def _value(source: object, name: str, default: object = "") -> Any:
    return _reader(source)(name, default)


# --- reading a page's staged customers -------------------------------------------------------


@dataclass
class _Staged:
    """One staged customer as stored: its row id, data columns (as stored text), link
    columns, and addresses by GID (each its row id and column values), in row-id order."""

    id: int
    data: tuple[Any, ...]
    customer_no: str | None
    match_reason: str
    review_state: str
    review_note: str
    last_updated_by_app: str | None
    addresses: dict[str, tuple[int, tuple[Any, ...]]] = field(default_factory=dict)


@dataclass
class StagedPage:
    """What the store holds for the GIDs of one page (those it has never staged are absent)."""

    shop_id: int
    rows: dict[str, _Staged]

    def __contains__(self, gid: object) -> bool:
        return gid in self.rows

    def state(self, gid: str) -> shopify_customers.StagedState | None:
        """The link, review and echo-guard columns of one staged customer, None if absent."""
        row = self.rows.get(gid)
        if row is None:
            return None
        return shopify_customers.StagedState(
            gid, row.customer_no, row.match_reason, row.review_state, row.review_note,
            _read_stamp(row.last_updated_by_app), row.data[CUSTOMER_TEXT.index("state")],
        )

    def states(self) -> dict[str, shopify_customers.StagedState]:
        return {gid: state for gid in self.rows if (state := self.state(gid)) is not None}

    def addresses(self, gid: str) -> tuple[AddressRecord, ...]:
        """The staged addresses of one customer, in the order they were first staged."""
        row = self.rows.get(gid)
        if row is None:
            return ()
        return tuple(
            AddressRecord(aid, bool(values[0]), *values[1:])
            for aid, (_, values) in row.addresses.items()
        )

    def record(self, gid: str) -> shopify_customers.ShopifyCustomerRow | None:
        """One staged customer as `shopify_customers.get_shopify_customer` returns it, None if
        absent."""
        row = self.rows.get(gid)
        if row is None:
            return None
        text = dict(zip(CUSTOMER_TEXT, row.data))
        return shopify_customers.ShopifyCustomerRow(
            shopify_id=gid, **text,
            created_at=_read_stamp(row.data[-2]), updated_at=_read_stamp(row.data[-1]),
            addresses=self.addresses(gid), customer_no=row.customer_no,
            match_reason=row.match_reason, review_state=row.review_state,
            review_note=row.review_note,
            last_updated_by_app=_read_stamp(row.last_updated_by_app),
        )


_SELECT_STAGED = (
    "SELECT sc.id, sc.shopify_id, "
    + ", ".join(f"sc.{c}" for c in _CUSTOMER_DATA)
    + ", c.no, sc.match_reason, sc.review_state, sc.review_note, sc.last_updated_by_app "
    'FROM "shopify_customer" AS sc LEFT JOIN "customer" AS c ON c.id = sc.customer_id '
    "WHERE sc.shop_id = ? AND sc.shopify_id IN ({marks})"
)
_SELECT_ADDRESSES = (
    "SELECT id, shopify_customer_id, shopify_id, " + ", ".join(ADDRESS_COLUMNS)
    + ' FROM "shopify_address" WHERE shopify_customer_id IN ({marks}) ORDER BY id'
)


def read_staged(shop: str, gids: Iterable[str]) -> StagedPage:
    """The staged rows and addresses of these GIDs: two SELECTs per 450 ids.

    Raises:
        NotFoundError: unknown shop.
    """
    shop_id = shops.shop_id(shop)
    wanted = list(dict.fromkeys(gids))
    rows: dict[str, _Staged] = {}
    width = len(_CUSTOMER_DATA)
    for chunk in chunks(wanted):
        sql = _SELECT_STAGED.format(marks=_marks(len(chunk)))
        for values in DB.execute_sql(sql, (shop_id, *chunk)):
            rows[values[1]] = _Staged(values[0], tuple(values[2:2 + width]),
                                      *values[2 + width:])
    by_id = {row.id: row for row in rows.values()}
    for chunk in chunks(list(by_id)):
        sql = _SELECT_ADDRESSES.format(marks=_marks(len(chunk)))
        for values in DB.execute_sql(sql, tuple(chunk)):
            by_id[values[1]].addresses[values[2]] = (values[0], tuple(values[3:]))
    return StagedPage(shop_id, rows)


# --- staging ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageResult:
    """What staging a page did: counts, the GIDs whose stored data changed (new ones too),
    and the link and review state of every staged GID of the page after staging."""

    created: int
    updated: int
    unchanged: int
    changed_keys: tuple[str, ...]
    states: dict[str, shopify_customers.StagedState]


def _customer_values(read: Callable[..., Any]) -> tuple[Any, ...]:
    return (
        *(as_text(read(k, "")) for k in CUSTOMER_TEXT),
        _stamp(read("created_at", None)),
        _stamp(read("updated_at", None)),
    )


def _address_values(read: Callable[..., Any]) -> tuple[Any, ...]:
    return (int(bool(read("is_default", False))),
            *(as_text(read(k, "")) for k in ADDRESS_COLUMNS[1:]))


def _wanted_addresses(read: Callable[..., Any]) -> dict[str, tuple[Any, ...]] | None:
    """A record's addresses by GID (a repeated GID: the last wins); None keeps the staged."""
    addresses = read("addresses", ())
    if addresses is None:
        return None
    wanted: dict[str, tuple[Any, ...]] = {}
    for item in addresses:
        read_address = _reader(item)
        aid = as_text(read_address("shopify_id", ""))
        if aid:
            wanted[aid] = _address_values(read_address)
    return wanted


_DATA_SET = ", ".join(f"{c} = ?" for c in _CUSTOMER_DATA)
_INSERT_CUSTOMER = (
    'INSERT INTO "shopify_customer" (shop_id, shopify_id, ' + ", ".join(_CUSTOMER_DATA)
    + ", match_reason, review_state, review_note, fetched_at) VALUES ("
    + _marks(len(_CUSTOMER_DATA) + 6) + ")"
)
_UPDATE_CUSTOMER = f'UPDATE "shopify_customer" SET {_DATA_SET}, fetched_at = ? WHERE id = ?'
_INSERT_ADDRESS = (
    'INSERT INTO "shopify_address" (shopify_customer_id, shopify_id, '
    + ", ".join(ADDRESS_COLUMNS) + ") VALUES (" + _marks(len(ADDRESS_COLUMNS) + 2) + ")"
)
_UPDATE_ADDRESS = (
    'UPDATE "shopify_address" SET ' + ", ".join(f"{c} = ?" for c in ADDRESS_COLUMNS)
    + " WHERE id = ?"
)
_DELETE_ADDRESS = 'DELETE FROM "shopify_address" WHERE id = ?'


def stage_shopify_customers_batch(
    shop: str, records: Iterable[Any], staged: StagedPage | None = None
) -> StageResult:
    """Stage a page of Shopify customers, as `shopify_customers.upsert_shopify_customers` does,
    in a few statements: a customer's data is rewritten only when it differs from the stored
    data, addresses are matched by GID (new inserted, changed updated, absent deleted; a
    record whose `addresses` is None keeps them), and link and review state are kept.

    Args:
        records: `CustomerRecord`s, other objects or dicts with the same names. A
            GID given twice is staged once, with the later record.
        staged: `read_staged` of these GIDs in the same transaction, when the caller has
            already read it (it is read here otherwise).

    Raises:
        StoreError: a record without an id.
        NotFoundError: unknown shop.
    """
    by_gid: dict[str, Any] = {}
    for record in records:
        gid = as_text(_value(record, "shopify_id"))
        if not gid:
            raise StoreError("A Shopify customer without an id cannot be staged")
        by_gid.pop(gid, None)
        by_gid[gid] = record
    if staged is None:
        staged = read_staged(shop, by_gid)
    now = _stamp(utc_now())
    new: list[tuple[Any, ...]] = []
    new_addresses: dict[str, dict[str, tuple[Any, ...]]] = {}
    data_updates: list[tuple[Any, ...]] = []
    address_inserts: list[tuple[Any, ...]] = []
    address_updates: list[tuple[Any, ...]] = []
    address_deletes: list[tuple[int]] = []
    changed: list[str] = []
    created = updated = unchanged = 0
    for gid, record in by_gid.items():
        read = _reader(record)
        values = _customer_values(read)
        wanted = _wanted_addresses(read)
        current = staged.rows.get(gid)
        if current is None:
            new.append((staged.shop_id, gid, *values, "", "", "", now))
            if wanted:
                new_addresses[gid] = wanted
            created += 1
            changed.append(gid)
            continue
        dirty = values != current.data
        if dirty:
            data_updates.append((*values, now, current.id))
        if wanted is not None:
            for aid, address in wanted.items():
                held = current.addresses.get(aid)
                if held is None:
                    address_inserts.append((current.id, aid, *address))
                    dirty = True
                elif held[1] != address:
                    address_updates.append((*address, held[0]))
                    dirty = True
            for aid, (row_id, _) in current.addresses.items():
                if aid not in wanted:
                    address_deletes.append((row_id,))
                    dirty = True
        if dirty:
            updated += 1
            changed.append(gid)
        else:
            unchanged += 1
    cursor = DB.cursor()
    if new:
        cursor.executemany(_INSERT_CUSTOMER, new)
    if new_addresses:
        ids = _staged_ids(staged.shop_id, list(new_addresses))
        for gid, wanted in new_addresses.items():
            address_inserts.extend((ids[gid], aid, *values) for aid, values in wanted.items())
    if data_updates:
        cursor.executemany(_UPDATE_CUSTOMER, data_updates)
    if address_deletes:
        cursor.executemany(_DELETE_ADDRESS, address_deletes)
    if address_updates:
        cursor.executemany(_UPDATE_ADDRESS, address_updates)
    if address_inserts:
        cursor.executemany(_INSERT_ADDRESS, address_inserts)
    states = staged.states()
    for gid, record in by_gid.items():
        state_text = as_text(_value(record, "state"))
        previous = states.get(gid)
        states[gid] = (
            shopify_customers.StagedState(gid, None, "", "", "", None, state_text)
            if previous is None else shopify_customers.StagedState(
                gid, previous.customer_no, previous.match_reason, previous.review_state,
                previous.review_note, previous.last_updated_by_app, state_text,
            )
        )
    return StageResult(created, updated, unchanged, tuple(changed), states)


def _staged_ids(shop_id: int, gids: Sequence[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in chunks(gids):
        sql = ('SELECT shopify_id, id FROM "shopify_customer" '
               f"WHERE shop_id = ? AND shopify_id IN ({_marks(len(chunk))})")
        ids.update(DB.execute_sql(sql, (shop_id, *chunk)).fetchall())
    return ids


# --- links and review states -----------------------------------------------------------------


@dataclass(frozen=True)
class MatchWrite:
    """The link and review columns one staged customer ends with (what
    `shopify_customers.set_match` and `shopify_customers.set_review_state` write, the last of
    them for that customer)."""

    shopify_id: str
    customer_no: str | None
    match_reason: str = ""
    review_state: str = ""
    review_note: str = ""


def apply_matches_batch(shop: str, writes: Iterable[MatchWrite]) -> int:
    """Write the links and review states of staged customers: one UPDATE statement for all.

    Returns:
        How many staged customers were written.

    Raises:
        StoreError: an unknown review state.
        NotFoundError: an unknown shop, staged customer or local customer.
    """
    rows = list({w.shopify_id: w for w in writes}.values())
    if not rows:
        return 0
    for w in rows:
        if w.review_state not in ShopifyCustomer.REVIEW_STATES:
            raise StoreError(f"Unknown review state '{w.review_state}'")
    shop_id = shops.shop_id(shop)
    staged = _staged_ids(shop_id, [w.shopify_id for w in rows])
    customers = customer_ids(w.customer_no for w in rows if w.customer_no is not None)
    params = []
    for w in rows:
        if w.shopify_id not in staged:
            raise NotFoundError(f"Shopify customer {w.shopify_id} is not known in shop {shop}; "
                                "sync customers first", shopify_id=w.shopify_id)
        customer_id = None
        if w.customer_no is not None:
            customer_id = customers.get(w.customer_no)
            if customer_id is None:
                raise NotFoundError(f"There is no customer '{w.customer_no}'",
                                    customer=w.customer_no)
        params.append((customer_id, w.match_reason, w.review_state, w.review_note,
                       staged[w.shopify_id]))
    DB.cursor().executemany(
        'UPDATE "shopify_customer" SET customer_id = ?, match_reason = ?, review_state = ?, '
        "review_note = ? WHERE id = ?",
        params,
    )
    return len(params)


def mark_updated_by_app_batch(shop: str, marks: Iterable[tuple[str, dt.datetime]]) -> int:
    """`shopify_customers.mark_updated_by_app` for many staged customers, (GID, when) each,
    in one statement (the bulk export of new customers, issue 21); returns how many."""
    params = [(_stamp(when), gid) for gid, when in marks]
    if params:
        shop_id = shops.shop_id(shop)
        DB.cursor().executemany(
            'UPDATE "shopify_customer" SET last_updated_by_app = ? '
            "WHERE shopify_id = ? AND shop_id = ?", [(*p, shop_id) for p in params])
    return len(params)


# --- local customers -------------------------------------------------------------------------


def customer_no_taken(no: str) -> bool:
    """Whether a local customer has this number (one indexed lookup, no query building)."""
    cursor = DB.execute_sql("SELECT 1 FROM customer WHERE no = ? LIMIT 1", (no,))
    return cursor.fetchone() is not None


def customer_ids(nos: Iterable[str]) -> dict[str, int]:
    """The row ids of these local customers, by number (unknown numbers left out)."""
    wanted = list(dict.fromkeys(nos))
    found: dict[str, int] = {}
    for chunk in chunks(wanted):
        sql = f'SELECT no, id FROM "customer" WHERE no IN ({_marks(len(chunk))})'
        found.update(DB.execute_sql(sql, tuple(chunk)).fetchall())
    return found


def customer_values(nos: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The `customers.CUSTOMER_FIELDS` of these local customers, by number, as plain dicts
    (unknown numbers left out); one SELECT per 450 numbers."""
    wanted = list(dict.fromkeys(nos))
    columns = ", ".join(f'"{f}"' for f in customers.CUSTOMER_FIELDS)
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunks(wanted):
        sql = f'SELECT {columns} FROM "customer" WHERE no IN ({_marks(len(chunk))})'
        for values in DB.execute_sql(sql, tuple(chunk)):
            data = dict(zip(customers.CUSTOMER_FIELDS, values))
            data["blocked"] = bool(data["blocked"])
            found[data["no"]] = data
    return found


def iter_customer_columns(names: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """These columns of every local customer, streamed in row order (nothing else held).

    For indexing 100,000 customers: no model instances, no link subquery, and no list of
    every row in memory. For a real shop card's sync, without the demo's sample customers
    (`customer_scope.acting_for`).

    Raises:
        StoreError: a name that is not one of `customers.CUSTOMER_FIELDS`.
    """
    unknown = [n for n in names if n not in customers.CUSTOMER_FIELDS]
    if unknown:
        raise StoreError(f"Customers have no field '{unknown[0]}'")
    columns = ", ".join(f'"{n}"' for n in names)
    visible, params = customer_scope.visible_sql(None)
    where = f" WHERE {visible}" if visible else ""
    yield from DB.execute_sql(f'SELECT {columns} FROM "customer"{where} ORDER BY id', params)


def normalise_customer(data: Mapping[str, Any]) -> dict[str, Any]:
    """Customer fields as the store keeps them (text, booleans), checked as
    `customers.upsert_customers` checks them.

    Raises:
        StoreError: an unknown field or category.
    """
    return customers.normalise_customer(data)


def new_customer_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Every `customers.CUSTOMER_FIELDS` value a customer created from `data` gets: the
    given ones normalised, the others their defaults (as `customers.create_customer`).

    Raises:
        StoreError: an unknown field or category.
    """
    return {**customers.CUSTOMER_DEFAULTS, **normalise_customer(data)}


def create_customers_batch(rows: Sequence[Mapping[str, Any]]) -> int:
    """Create local customers in one INSERT statement (per set of fields given).

    Each row gives `no`, `name` and any other `customers.CUSTOMER_FIELDS`; the rest take the
    defaults `customers.create_customer` gives, `created_at` and `updated_at` are now.

    Returns:
        How many customers were created.

    Raises:
        StoreError: an unknown field or category, a row without no or name.
        DuplicateError: a number that exists already or is given twice (nothing written).
    """
    prepared: list[dict[str, Any]] = []
    seen: set[str] = set()
    now = utc_now()
    # Created by a demo card's sync: that demo's (`customer_scope.acting_for`).
    owner = customer_scope.new_customer_owner().get("demo_shop")
    for row in rows:
        clean = normalise_customer(row)
        no = clean.get("no", "").strip()
        if not no or not clean.get("name"):
            raise StoreError(f"New record {no or '(no number)'} lacks no or name", record=no)
        if no in seen:
            raise DuplicateError(f"Customer {no} already exists", customer=no)
        seen.add(no)
        full = {**customers.CUSTOMER_DEFAULTS, **clean, "no": no}
        full["email_key"] = email_key(full["email"])
        full["demo_shop_id"] = owner
        prepared.append(full)
    if not prepared:
        return 0
    taken = customer_ids(seen)
    if taken:
        no = min(taken)
        raise DuplicateError(f"Customer {no} already exists", customer=no)
    stamp = _stamp(now)
    params = [
        tuple(int(v) if type(v) is bool else v for v in (row[k] for k in _NEW_CUSTOMER_TEXT))
        + (stamp, stamp)
        for row in prepared
    ]
    columns = ", ".join(f'"{k}"' for k in (*_NEW_CUSTOMER_TEXT, "created_at", "updated_at"))
    DB.cursor().executemany(
        f'INSERT INTO "customer" ({columns}) VALUES ({_marks(len(_NEW_CUSTOMER_TEXT) + 2)})',
        params,
    )
    return len(prepared)


#: The columns of a new customer besides its timestamps (all text, but a boolean and the
#: owning demo card's id).
_NEW_CUSTOMER_TEXT = (*customers.CUSTOMER_FIELDS, "email_key", "demo_shop_id")


def update_customers_batch(changes: Mapping[str, Mapping[str, Any]]) -> int:
    """Write changed fields of local customers (only those given), moving `updated_at` and
    refreshing `email_key` with the e-mail: one UPDATE statement per set of fields.

    Returns:
        How many customers were written.

    Raises:
        StoreError: an unknown field or category.
        NotFoundError: an unknown customer number (nothing written).
    """
    now = _stamp(utc_now())
    groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    cleaned = {no: normalise_customer(values) for no, values in changes.items() if values}
    ids = customer_ids(cleaned)
    for no, values in cleaned.items():
        if no not in ids:
            raise NotFoundError(f"There is no customer '{no}'", customer=no)
        values = {k: v for k, v in values.items() if k != "no"}
        if "email" in values:
            values["email_key"] = email_key(values["email"])
        names = tuple(values)
        params = tuple(int(v) if isinstance(v, bool) else v for v in values.values())
        groups.setdefault(names, []).append((*params, now, ids[no]))
    cursor = DB.cursor()
    for names, params in groups.items():
        assignments = ", ".join(f'"{n}" = ?' for n in names)
        cursor.executemany(
            f'UPDATE "customer" SET {assignments}, updated_at = ? WHERE id = ?', params
        )
    return sum(len(p) for p in groups.values())



# --- the export's reads ----------------------------------------------------------------------


def export_candidates(
    shop: str, *, export_all: bool, update_all: bool
) -> list[customers.CustomerRow]:
    """The local customers the export looks at, chosen in SQL, by number: not blocked, and
    either assigned to web upload, or linked in `shop` when `update_all`, or unlinked there
    when `export_all`. Each row carries its link in `shop` (as `customers.list_customers`).

    With neither flag only web-upload customers are read (through their partial index), so
    a shop of 100,000 customers with a few ticked costs a few rows, not a full scan.

    Raises:
        NotFoundError: unknown shop.
    """
    shop_id = shops.shop_id(shop)
    fields = (*customers.CUSTOMER_FIELDS, "created_at", "updated_at")
    columns = ", ".join(f'c."{f}"' for f in ("id", *fields))
    # `+sc.shop_id` keeps SQLite on the customer_id index (see `customers._customer_query`).
    link = ('(SELECT MIN(sc.shopify_id) FROM "shopify_customer" AS sc '
            "WHERE sc.customer_id = c.id AND +sc.shop_id = ?)")
    # The ticks of this shop card only (`customer_scope`).
    ticked = customer_scope.web_upload_sql(shop, "c")
    where = "c.blocked = 0"
    params: list[Any] = [shop_id, shop_id]  # the ticked column's and the link's
    if not (export_all or update_all):
        where += ' AND c.id IN (SELECT customer_id FROM "customer_web_upload" WHERE shop_id = ?)'
        params.append(shop_id)
    visible, visible_params = customer_scope.visible_sql(shop, "c")
    if visible:  # a real shop card never sends the demo's sample customers
        where += f" AND {visible}"
        params += visible_params
    sql = (
        f"SELECT * FROM (SELECT {columns}, {ticked} AS web_upload, {link} AS link "
        f'FROM "customer" AS c WHERE {where}) AS picked WHERE web_upload = 1 '
        "OR (link IS NOT NULL AND ?) OR (link IS NULL AND ?) ORDER BY no, id"
    )
    params += [int(update_all), int(export_all)]
    stamp = Customer.created_at.python_value
    rows = []
    for values in DB.execute_sql(sql, tuple(params)):
        data = dict(zip(fields, values[1:-2]))
        data["blocked"] = bool(data["blocked"])
        data["created_at"] = stamp(data["created_at"])
        data["updated_at"] = stamp(data["updated_at"])
        rows.append(customers.CustomerRow(**data, web_upload=bool(values[-2]),
                                        shopify_id=values[-1]))
    return rows


def staged_phones(shop: str) -> Iterator[tuple[str, str, str, str | None]]:
    """(GID, phone, e-mail, linked customer no.) of the shop's staged customers that have a
    phone, by GID, streamed: what the export's phone registry needs, without building
    100,000 staged rows.

    Raises:
        NotFoundError: unknown shop.
    """
    sql = (
        'SELECT sc.shopify_id, sc.phone, sc.email, c.no FROM "shopify_customer" AS sc '
        'LEFT JOIN "customer" AS c ON c.id = sc.customer_id '
        "WHERE sc.shop_id = ? AND sc.phone <> '' ORDER BY sc.shopify_id"
    )
    yield from DB.execute_sql(sql, (shops.shop_id(shop),))
