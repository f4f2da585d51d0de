"""What the records named by the sync log and the history are, read from the local mirror
(issue 18): a run's error names its record by a Shopify GID, a local customer or document
number, or an order name; the window shows a name, an e-mail or an order number instead.

Read-only, and batched: `find_records` reads each table once for all the records asked
(a few hundred log rows: a handful of queries, not one a row). No Shopify request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import peewee

from desktop_app.store.chunks import chunks
from desktop_app.store.companies import ShopifyCompany
from desktop_app.store.database import DB, translate_db_errors
from desktop_app.store.models import Customer, Shop, ShopifyCustomer
from desktop_app.store.order_models import OrderToImport, SalesDocument, ShopifyOrder

GID_PREFIX = "gid://shopify/"

#: The kinds of `RecordRef`: what a record is, so the window knows what to open.
CUSTOMER = "customer"  # a Shopify customer (`gid`), linked to `local_no` or not
LOCAL_CUSTOMER = "local_customer"  # a local customer (`local_no`)
ORDER = "order"  # a Shopify order (`gid`), imported (`imported`) or only staged
COMPANY = "company"  # a Shopify company (`gid`)
DOCUMENT = "document"  # a local sales document (`document_no`, `document_type`)
OTHER_GID = "shopify"  # another Shopify object (`gid`): a gift card, a refund...
UNKNOWN = ""  # free text ("line 4", "K0001/MAIN"...)


@dataclass(frozen=True)
class RecordRef:
    """A record as a run named it, and what the local mirror knows of it.

    `found`: the mirror has it (else only the kind, from the GID, is known)."""

    record: str
    kind: str = UNKNOWN
    gid: str = ""
    name: str = ""
    email: str = ""
    local_no: str = ""
    document_no: str = ""
    document_type: str = ""
    imported: bool = False
    found: bool = False
    match_reason: str = ""  # a Shopify customer's: why it is linked to `local_no`

    @property
    def gid_type(self) -> str:
        """"Customer" of gid://shopify/Customer/1 ("" for no GID)."""
        return self.gid[len(GID_PREFIX):].split("/", 1)[0] if self.gid else ""

    @property
    def number(self) -> str:
        """The number at the end of the GID (what the Shopify admin shows)."""
        return self.gid.rsplit("/", 1)[-1].split("?", 1)[0] if self.gid else ""


_GID_KINDS = {"Customer": CUSTOMER, "Order": ORDER, "Company": COMPANY}


def _person(first: str, last: str) -> str:
    return f"{first} {last}".strip()


def unread_ref(record: str) -> RecordRef:
    """What `record` is before the mirror is read: a Shopify object's kind from its GID
    (the window names it "Shopify customer 8100000000134", never by its raw GID)."""
    if not record.startswith(GID_PREFIX):
        return RecordRef(record)
    kind = _GID_KINDS.get(record[len(GID_PREFIX):].split("/", 1)[0], OTHER_GID)
    return RecordRef(record, kind, gid=record)


def find_records(shop: str | None, records: Iterable[str]) -> dict[str, RecordRef]:
    """Each of `records` (as a run names them) with what the mirror knows of it, by record.

    `shop`: the run's shop (None: a run of no shop, only local tables are read)."""
    wanted = list(dict.fromkeys(r for r in records if r))
    found: dict[str, RecordRef] = {}
    gids: dict[str, list[str]] = {CUSTOMER: [], ORDER: [], COMPANY: []}
    plain: list[str] = []
    for record in wanted:
        found[record] = ref = unread_ref(record)
        if ref.gid:
            if ref.kind in gids:
                gids[ref.kind].append(record)
        else:
            plain.append(record)
    if DB.obj is None:  # no database open (a model shown on its own): nothing is known
        return found
    with translate_db_errors():
        shop_row = Shop.get_or_none(Shop.code == shop) if shop else None
        if shop_row is not None:
            found.update(_customers(shop_row, gids[CUSTOMER]))
            found.update(_companies(shop_row, gids[COMPANY]))
            found.update(_orders(shop_row, gids[ORDER], plain))
        plain = [r for r in plain if not found[r].found]
        found.update(_local_customers(plain))
        found.update(_documents([r for r in plain if not found[r].found]))
    return found


def _by_chunks(keys: list[str], query_of: Callable[[Sequence[str]], peewee.Select],
               make: Callable[..., RecordRef]) -> dict[str, RecordRef]:
    """`make(key, *values)` for each row of `query_of(chunk)` (its first column the key),
    `CHUNK` keys a query."""
    out = {}
    for chunk in chunks(keys):
        for key, *values in query_of(chunk).tuples():
            out[key] = make(key, *values)
    return out


def _customers(shop: Shop, gids: list[str]) -> dict[str, RecordRef]:
    def make(gid: str, first: str, last: str, company: str, email: str, reason: str,
             no: str | None) -> RecordRef:
        return RecordRef(gid, CUSTOMER, gid=gid, name=_person(first, last) or company,
                         email=email, local_no=no or "", found=True, match_reason=reason)

    return _by_chunks(gids, lambda chunk: (
        ShopifyCustomer
        .select(ShopifyCustomer.shopify_id, ShopifyCustomer.first_name,
                ShopifyCustomer.last_name, ShopifyCustomer.company, ShopifyCustomer.email,
                ShopifyCustomer.match_reason, Customer.no)
        .join(Customer, peewee.JOIN.LEFT_OUTER)
        .where((ShopifyCustomer.shop == shop) & ShopifyCustomer.shopify_id.in_(chunk))), make)


def _companies(shop: Shop, gids: list[str]) -> dict[str, RecordRef]:
    return _by_chunks(gids, lambda chunk: (
        ShopifyCompany
        .select(ShopifyCompany.shopify_id, ShopifyCompany.name,
                ShopifyCompany.main_contact_email, Customer.no)
        .join(Customer, peewee.JOIN.LEFT_OUTER)
        .where((ShopifyCompany.shop == shop) & ShopifyCompany.shopify_id.in_(chunk))),
        lambda gid, name, email, no: RecordRef(gid, COMPANY, gid=gid, name=name, email=email,
                                               local_no=no or "", found=True))


def _orders(shop: Shop, gids: list[str], names: list[str]) -> dict[str, RecordRef]:
    """Orders named by GID, or by name ("#1033"): imported ones first, then staged ones."""
    out: dict[str, RecordRef] = {}
    by_name = [n for n in names if n.startswith("#")]
    for model, imported in ((ShopifyOrder, True), (OrderToImport, False)):
        for keys, column in ((gids, model.shopify_id), (by_name, model.name)):
            found = _by_chunks(
                [k for k in keys if k not in out],
                lambda chunk, model=model, column=column: (
                    model.select(column, model.shopify_id, model.name)
                    .where((model.shop == shop) & column.in_(chunk))),
                lambda key, gid, name, imported=imported: RecordRef(
                    key, ORDER, gid=gid, name=name, imported=imported, found=True))
            out.update(found)
    return out


def _local_customers(nos: list[str]) -> dict[str, RecordRef]:
    return _by_chunks(nos, lambda chunk: (
        Customer.select(Customer.no, Customer.name, Customer.email)
        .where(Customer.no.in_(chunk))),
        lambda no, name, email: RecordRef(no, LOCAL_CUSTOMER, name=name, email=email,
                                          local_no=no, found=True))


def _documents(nos: list[str]) -> dict[str, RecordRef]:
    return _by_chunks(nos, lambda chunk: (
        SalesDocument
        .select(SalesDocument.no, SalesDocument.type, SalesDocument.shopify_order_gid,
                SalesDocument.external_document_no)
        .where(SalesDocument.no.in_(chunk))),
        lambda no, doc_type, gid, external: RecordRef(
            no, DOCUMENT, gid=gid, name=external, document_no=no, document_type=doc_type,
            found=True))
