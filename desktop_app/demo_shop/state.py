"""The demo shop's in-memory state: the shop's settings, indexes, and the JSON state format.

The records live in a module per subject (:mod:`~desktop_app.demo_shop.customer_state`,
:mod:`~desktop_app.demo_shop.catalog_state`, :mod:`~desktop_app.demo_shop.order_state` and its
neighbours, :mod:`~desktop_app.demo_shop.company_state`), below this one: none imports it.

Attributes use snake_case; the backend maps each GraphQL field to the attribute of the same
name in snake_case (``firstName`` -> ``first_name``, ``id`` -> ``gid``), so most fields are
read by a plain ``getattr`` with no per-field work.

The JSON state format (``--state FILE.json``, :meth:`ShopState.to_json`) is one object::

    {"format": "shop-sync-demo-state", "version": 1,
     "next_id": 8100000000123,
     "shop": {"name", "myshopify_domain", "email", "contact_email", "currency_code",
              "iana_timezone", "plan", "access_scopes": [...], "legacy_customer_accounts",
              "country_code", "province_code", "city", "address1", "zip", "phone",
              "ships_to_countries": [...], "created_at"},
     "customers": [{"id", "first_name", "last_name", "email", "phone", "note", "locale",
                    "tags": [...], "tax_exempt", "verified_email", "state", "created_at",
                    "updated_at", "number_of_orders", "amount_spent",
                    "default_address_id", "addresses": [{"id", "first_name", "last_name",
                    "company", "address1", "address2", "city", "province_code",
                    "country_code", "zip", "phone"}],
                    "email_consent", "sms_consent": {"marketing_state",
                    "marketing_opt_in_level", "consent_updated_at",
                    "consent_collected_from"} (optional: NOT_SUBSCRIBED)}],
     "products": [{"id", "title", "handle", "vendor", "product_type", "status", "tags",
                   "created_at", "updated_at", "variants": [{"id", "title", "sku",
                   "barcode", "price", "compare_at_price", "position", "taxable",
                   "inventory_quantity", "created_at", "updated_at"}]}],
     "locations": [{"id", "name", "is_active", "fulfills_online_orders", "ships_inventory",
                    "address1", "address2", "city", "province_code", "country_code", "zip",
                    "phone", "created_at", "updated_at"}]}

Orders, draft orders and gift cards follow as ``"orders"``, ``"draft_orders"`` and
``"gift_cards"`` (the generic dataclass form of :mod:`desktop_app.demo_shop.state_json`), with
``"next_order_number"`` and ``"next_draft_number"``. Companies (B2B) follow as ``"companies"``
in the form of :mod:`desktop_app.demo_shop.company_state`.

Ids are the numeric part of the GID (``gid://shopify/Customer/<id>``); timestamps are ISO 8601
UTC strings; money amounts are decimal strings. Bulk operations are not persisted.
"""

from __future__ import annotations

import logging
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

from desktop_app.demo_shop import state_json
from desktop_app.demo_shop.catalog_state import Location, Product, Variant
from desktop_app.demo_shop.company_state import Company, CompanyLocation
from desktop_app.demo_shop.customer_state import Customer
from desktop_app.demo_shop.draft_order_state import DraftOrder
from desktop_app.demo_shop.gift_card_state import GiftCard
from desktop_app.demo_shop.order_state import Job, Order
from desktop_app.demo_shop.records import fields_json
from desktop_app.demo_shop.scalars import Node, parse_iso

logger = logging.getLogger(__name__)

STATE_FORMAT = "shop-sync-demo-state"
STATE_VERSION = 1
FIRST_ID = 8_100_000_000_001


@dataclass(slots=True)
class BulkOperation(Node):
    """A bulk query or mutation and its lifecycle (``CREATED`` -> ``RUNNING`` -> ``COMPLETED``...)."""

    TYPENAME: ClassVar[str] = "BulkOperation"

    id: int
    query: str
    group_objects: bool
    created_at: datetime
    scopes: frozenset[str]
    base_url: str
    status: str = "CREATED"
    type: str = "QUERY"
    error_code: str | None = None
    completed_at: datetime | None = None
    object_count: int = 0
    root_object_count: int = 0
    file_size: int | None = None
    url: str | None = None
    partial_data_url: str | None = None
    #: A mutation operation's variables file (``stagedUploadPath``; resolvers_bulk_mutations).
    staged_upload_path: str | None = None

    @property
    def running(self) -> bool:
        return self.status in ("CREATED", "RUNNING", "CANCELING")


@dataclass(slots=True)
class ShopSettings(Node):
    """The shop's own settings (GraphQL ``Shop`` plus things only the demo shop needs)."""

    TYPENAME: ClassVar[str] = "Shop"

    id: int = 1
    name: str = "Demo Shop"
    myshopify_domain: str = "demo-shop.myshopify.com"
    email: str = "owner@demo-shop.example"
    contact_email: str = "hello@demo-shop.example"
    currency_code: str = "CAD"
    iana_timezone: str = "America/Toronto"
    plan: str = "standard"
    access_scopes: frozenset[str] = frozenset(
        {
            "read_customers",
            "write_customers",
            "read_products",
            "read_locations",
            "read_orders",
            "write_orders",
            "read_all_orders",
            "read_merchant_managed_fulfillment_orders",
            "write_merchant_managed_fulfillment_orders",
            "read_draft_orders",
            "write_draft_orders",
            "read_gift_cards",
            "write_gift_cards",
            "read_returns",
            "read_companies",
            "write_companies",
        }
    )
    #: True: classic customer accounts, so account invites can be sent (Shopify's
    #: ``CustomerAccountsVersion.CLASSIC``); False: new customer accounts, invites fail.
    legacy_customer_accounts: bool = True
    country_code: str = "CA"
    province_code: str | None = "ON"
    city: str = "Ottawa"
    address1: str = "150 Elgin St"
    zip: str = "K2P 1L4"
    phone: str = "+16135550100"
    ships_to_countries: list[str] = field(default_factory=lambda: ["CA", "US"])
    created_at: datetime = datetime(2024, 1, 15, 14, 0, tzinfo=UTC)

    def to_json(self) -> dict[str, Any]:
        """Every setting but ``id`` (the shop's id is fixed), in the order they are declared."""
        return fields_json(self, [f.name for f in fields(self) if f.name != "id"])

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ShopSettings:
        settings = cls()
        for key, value in data.items():
            if key == "access_scopes":
                settings.access_scopes = frozenset(value)
            elif key == "created_at":
                settings.created_at = parse_iso(value)  # type: ignore[assignment]
            elif key == "ships_to_countries":
                settings.ships_to_countries = list(value)
            elif hasattr(settings, key) and key != "id":
                setattr(settings, key, value)
            else:
                logger.warning("Ignoring unknown shop setting %s in the state file", key)
        if settings.plan not in ("standard", "advanced", "plus"):
            raise ValueError(f"unknown plan {settings.plan!r}")
        return settings


class SortedIndex:
    """``(key, id)`` pairs kept sorted, built on first use and then updated in place.

    Paging by a sort key is then a bisect plus a slice, not a sort per request.
    """

    def __init__(self, key: Callable[[Any], Any]) -> None:
        self._key = key
        self._entries: list[tuple[Any, int]] | None = None
        self._key_of: dict[int, Any] = {}

    def entries(self, items: Iterable[Any]) -> list[tuple[Any, int]]:
        """The sorted pairs, building them from ``items`` the first time."""
        if self._entries is None:
            self._key_of = {item.id: self._key(item) for item in items}
            self._entries = sorted((k, i) for i, k in self._key_of.items())
        return self._entries

    def update(self, item: Any) -> None:
        """Re-file one item after it was created or changed (no-op until first built)."""
        if self._entries is None:
            return
        old = self._key_of.get(item.id)
        new = self._key(item)
        if old is not None:
            if old == new:
                return
            index = bisect_left(self._entries, (old, item.id))
            del self._entries[index]
        insort(self._entries, (new, item.id))
        self._key_of[item.id] = new

    def remove(self, item: Any) -> None:
        """Forget a deleted item (no-op until first built)."""
        old = self._key_of.pop(item.id, None)
        if self._entries is not None and old is not None:
            del self._entries[bisect_left(self._entries, (old, item.id))]


class SortIndexes:
    """One :class:`SortedIndex` per sort key of a resource (an unknown key sorts by ``ID``)."""

    def __init__(self, keys: dict[str, Callable[[Any], Any]]) -> None:
        self._indexes = {name: SortedIndex(key) for name, key in keys.items()}

    def _index(self, sort_key: str) -> SortedIndex:
        return self._indexes.get(sort_key) or self._indexes["ID"]

    def entries(self, sort_key: str, items: Iterable[Any]) -> list[tuple[Any, int]]:
        """The sorted ``(key, id)`` pairs for ``sort_key`` (see :meth:`SortedIndex.entries`)."""
        return self._index(sort_key).entries(items)

    def update(self, item: Any) -> None:
        """Re-file one item in every index after it was created or changed."""
        for index in self._indexes.values():
            index.update(item)

    def remove(self, item: Any) -> None:
        """Forget a deleted item in every index."""
        for index in self._indexes.values():
            index.remove(item)


def _timestamp(moment: datetime) -> int:
    return int(moment.timestamp())


CUSTOMER_SORT_KEYS: dict[str, Callable[[Customer], Any]] = {
    "ID": lambda c: c.id,
    "UPDATED_AT": lambda c: _timestamp(c.updated_at),
    "CREATED_AT": lambda c: _timestamp(c.created_at),
    "NAME": lambda c: c.display_name.casefold(),
    # LOCATION and RELEVANCE have no meaning in the demo shop: they sort by id.
}

COMPANY_SORT_KEYS: dict[str, Callable[[Company], Any]] = {
    "ID": lambda c: c.id,
    "UPDATED_AT": lambda c: _timestamp(c.updated_at),
    "CREATED_AT": lambda c: _timestamp(c.created_at),
    "SINCE_DATE": lambda c: _timestamp(c.customer_since),
    "NAME": lambda c: c.name.casefold(),
    # ORDER_COUNT and TOTAL_SPENT sort by id in the demo shop.
}

ORDER_SORT_KEYS: dict[str, Callable[[Order], Any]] = {
    "ID": lambda o: o.id,
    "UPDATED_AT": lambda o: _timestamp(o.updated_at),
    "CREATED_AT": lambda o: _timestamp(o.created_at),
    "PROCESSED_AT": lambda o: _timestamp(o.processed_at),
    "ORDER_NUMBER": lambda o: o.number,
    "PO_NUMBER": lambda o: o.po_number or "",
    "TOTAL_PRICE": lambda o: str(o.total_after_edits.shop.quantize(Decimal("0.01"))).zfill(16),
    "CURRENT_TOTAL_PRICE": lambda o: str(
        (o.total_after_edits - o.refunded).shop.quantize(Decimal("0.01"))
    ).zfill(16),
    "FINANCIAL_STATUS": lambda o: o.display_financial_status,
    "FULFILLMENT_STATUS": lambda o: o.display_fulfillment_status,
    "TOTAL_ITEMS_QUANTITY": lambda o: o.current_subtotal_line_items_quantity,
    # CUSTOMER_NAME, DESTINATION and RELEVANCE sort by id in the demo shop.
}


@dataclass
class ShopState:
    """Everything the demo shop holds, with the indexes kept beside the records."""

    shop: ShopSettings = field(default_factory=ShopSettings)
    customers: dict[int, Customer] = field(default_factory=dict)
    products: dict[int, Product] = field(default_factory=dict)
    locations: dict[int, Location] = field(default_factory=dict)
    bulk_operations: dict[int, BulkOperation] = field(default_factory=dict)
    next_id: int = FIRST_ID
    #: Account invites "sent" by customerSendAccountInviteEmail: (customer id, to, subject).
    sent_invites: list[tuple[int, str, str | None]] = field(default_factory=list)
    orders: dict[int, Order] = field(default_factory=dict)
    draft_orders: dict[int, DraftOrder] = field(default_factory=dict)
    gift_cards: dict[int, GiftCard] = field(default_factory=dict)
    jobs: dict[int, Job] = field(default_factory=dict)
    next_order_number: int = 1001
    next_draft_number: int = 1
    #: Order edits in progress (orderEditBegin .. orderEditCommit), by session id; not saved.
    edit_sessions: dict[int, Any] = field(default_factory=dict)
    companies: dict[int, Company] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.customer_indexes = SortIndexes(CUSTOMER_SORT_KEYS)
        self.email_owner: dict[str, int] = {}
        self.phone_owner: dict[str, int] = {}
        self.variants: dict[int, Variant] = {}
        self.addresses: dict[int, int] = {}  # address id -> customer id
        self.order_indexes = SortIndexes(ORDER_SORT_KEYS)
        #: Child id -> order id, for fulfillment orders, line items, refunds, transactions...
        self.order_of: dict[int, int] = {}
        self.gift_card_codes: dict[str, int] = {}
        for order in self.orders.values():
            self._file_children(order)
        for card in self.gift_cards.values():
            self.gift_card_codes[card.code.casefold()] = card.id
        for customer in self.customers.values():
            self._file_contacts(customer)
        for product in self.products.values():
            for variant in product.variants:
                variant.product = product
                self.variants[variant.id] = variant
        self.company_indexes = SortIndexes(COMPANY_SORT_KEYS)
        #: Location id -> company id, contact id -> company id, customer id -> contact id.
        self.company_of_location: dict[int, int] = {}
        self.company_of_contact: dict[int, int] = {}
        self.contact_of_customer: dict[int, int] = {}
        for company in self.companies.values():
            self._file_company(company)

    def new_id(self) -> int:
        """A fresh numeric id (one sequence for every resource, so ids never collide)."""
        value = self.next_id
        self.next_id += 1
        return value

    def _file_contacts(self, customer: Customer) -> None:
        if customer.email:
            self.email_owner[customer.email] = customer.id
        if customer.phone:
            self.phone_owner[customer.phone] = customer.id
        for address in customer.addresses:
            self.addresses[address.id] = customer.id

    def add_customer(self, customer: Customer) -> None:
        """Store a new customer and file it in every index."""
        self.customers[customer.id] = customer
        self._file_contacts(customer)
        self.customer_indexes.update(customer)
        self.next_id = max(self.next_id, customer.id + 1)

    def remove_customer(self, customer: Customer) -> None:
        """Forget a deleted customer, in every index."""
        del self.customers[customer.id]
        for owners, key in ((self.email_owner, customer.email), (self.phone_owner, customer.phone)):
            if key and owners.get(key) == customer.id:
                del owners[key]
        for address in customer.addresses:
            self.addresses.pop(address.id, None)
        self.customer_indexes.remove(customer)

    def customer_changed(
        self, customer: Customer, old_email: str | None, old_phone: str | None
    ) -> None:
        """Re-file a customer after a change to its fields or addresses."""
        if old_email and old_email != customer.email:
            self.email_owner.pop(old_email, None)
        if old_phone and old_phone != customer.phone:
            self.phone_owner.pop(old_phone, None)
        self._file_contacts(customer)
        self.customer_indexes.update(customer)

    def customer_entries(self, sort_key: str) -> list[tuple[Any, int]]:
        """Customers as sorted ``(key, id)`` pairs for a CustomerSortKeys value."""
        return self.customer_indexes.entries(sort_key, self.customers.values())

    def add_product(self, product: Product) -> None:
        """Store a product and its variants."""
        self.products[product.id] = product
        for variant in product.variants:
            variant.product = product
            self.variants[variant.id] = variant
            self.next_id = max(self.next_id, variant.id + 1)
        self.next_id = max(self.next_id, product.id + 1)

    def add_location(self, location: Location) -> None:
        """Store a location."""
        self.locations[location.id] = location
        self.next_id = max(self.next_id, location.id + 1)

    # --- orders ------------------------------------------------------------------------------

    def _file_children(self, order: Order) -> None:
        for group in (
            order.line_items,
            order.transactions,
            order.refunds,
            order.fulfillment_orders,
            order.fulfillments,
            order.returns,
            order.shipping_lines,
        ):
            for child in group:
                self.order_of[child.id] = order.id
        for fo in order.fulfillment_orders:
            for line in fo.lines:
                self.order_of[line.id] = order.id

    def add_order(self, order: Order) -> None:
        """Store a new order and file it (and its children) in every index."""
        order.link()
        self.orders[order.id] = order
        self._file_children(order)
        self.order_indexes.update(order)
        self.next_order_number = max(self.next_order_number, order.number + 1)

    def remove_order(self, order: Order) -> None:
        """Forget a deleted order, its children and any edit of it in progress."""
        del self.orders[order.id]
        for child in [c for c, owner in self.order_of.items() if owner == order.id]:
            del self.order_of[child]
        self.order_indexes.remove(order)
        for session in [k for k, s in self.edit_sessions.items() if s.order_id == order.id]:
            del self.edit_sessions[session]

    def order_changed(self, order: Order) -> None:
        """Re-file an order after a change (new children, totals, updatedAt)."""
        order.link()
        self._file_children(order)
        self.order_indexes.update(order)

    def order_entries(self, sort_key: str) -> list[tuple[Any, int]]:
        """Orders as sorted ``(key, id)`` pairs for an OrderSortKeys value."""
        return self.order_indexes.entries(sort_key, self.orders.values())

    def order_owning(self, child_id: int) -> Order | None:
        """The order a line item, fulfillment order, refund... belongs to."""
        order_id = self.order_of.get(child_id)
        return self.orders.get(order_id) if order_id is not None else None

    # --- companies (B2B) ---------------------------------------------------------------------

    def _file_company(self, company: Company) -> None:
        for location in company.locations:
            self.company_of_location[location.id] = company.id
        for contact in company.contacts:
            self.company_of_contact[contact.id] = company.id
            self.contact_of_customer[contact.customer_id] = contact.id

    def add_company(self, company: Company) -> None:
        """Store a new company and file it, its locations and contacts in every index."""
        self.companies[company.id] = company
        self._file_company(company)
        self.company_indexes.update(company)
        self.next_id = max([self.next_id, company.id + 1, *(i + 1 for i in company.child_ids())])

    def company_changed(self, company: Company) -> None:
        """Re-file a company after a change (name, updatedAt, new locations or contacts)."""
        self._file_company(company)
        self.company_indexes.update(company)

    def company_entries(self, sort_key: str) -> list[tuple[Any, int]]:
        """Companies as sorted ``(key, id)`` pairs for a CompanySortKeys value."""
        return self.company_indexes.entries(sort_key, self.companies.values())

    def company_location(self, location_id: int) -> CompanyLocation | None:
        """A company location by its numeric id, or None."""
        company = self.companies.get(self.company_of_location.get(location_id, -1))
        return company.location(location_id) if company is not None else None

    def add_gift_card(self, card: GiftCard) -> None:
        """Store a gift card (its code must be unique, case-insensitively)."""
        self.gift_cards[card.id] = card
        self.gift_card_codes[card.code.casefold()] = card.id

    def to_json(self) -> dict[str, Any]:
        """The ``--state`` JSON document (see the module docstring)."""
        return {
            "format": STATE_FORMAT,
            "version": STATE_VERSION,
            "next_id": self.next_id,
            "shop": self.shop.to_json(),
            "customers": [c.to_json() for c in self.customers.values()],
            "products": [p.to_json() for p in self.products.values()],
            "locations": [loc.to_json() for loc in self.locations.values()],
            "orders": [state_json.dump(o) for o in self.orders.values()],
            "draft_orders": [state_json.dump(d) for d in self.draft_orders.values()],
            "gift_cards": [state_json.dump(g) for g in self.gift_cards.values()],
            "next_order_number": self.next_order_number,
            "next_draft_number": self.next_draft_number,
            "companies": [c.to_json() for c in self.companies.values()],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ShopState:
        """Load a ``--state`` JSON document.

        Raises:
            ValueError: The document is not a demo shop state of a known version.
        """
        if data.get("format", STATE_FORMAT) != STATE_FORMAT:
            raise ValueError(f"not a demo shop state file (format {data.get('format')!r})")
        if data.get("version", STATE_VERSION) != STATE_VERSION:
            raise ValueError(f"unsupported demo shop state version {data.get('version')!r}")
        state = cls(shop=ShopSettings.from_json(data.get("shop") or {}))
        for raw in data.get("customers") or []:
            state.add_customer(Customer.from_json(raw))
        for raw in data.get("products") or []:
            state.add_product(Product.from_json(raw))
        for raw in data.get("locations") or []:
            state.add_location(Location.from_json(raw))
        for raw in data.get("orders") or []:
            state.add_order(state_json.load(Order, raw))
        for raw in data.get("draft_orders") or []:
            draft = state_json.load(DraftOrder, raw)
            state.draft_orders[draft.id] = draft
        for raw in data.get("gift_cards") or []:
            state.add_gift_card(state_json.load(GiftCard, raw))
        state.next_order_number = max(
            state.next_order_number, int(data.get("next_order_number") or 1001)
        )
        state.next_draft_number = int(data.get("next_draft_number") or 1)
        for raw in data.get("companies") or []:
            state.add_company(Company.from_json(raw))
        highest = max(
            [c.id for c in state.customers.values()]
            + [a.id for c in state.customers.values() for a in c.addresses]
            + list(state.orders)
            + list(state.order_of)
            + list(state.gift_cards)
            + [line.id for d in state.draft_orders.values() for line in d.lines]
            + list(state.draft_orders)
            + [i for c in state.companies.values() for i in (c.id, *c.child_ids())]
            + [0],
        )
        state.next_id = max(int(data.get("next_id") or FIRST_ID), state.next_id, highest + 1)
        return state
