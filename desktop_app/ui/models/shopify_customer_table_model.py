"""ShopifyCustomerTableModel and ReviewTableModel: the staged Shopify customers of a shop.

The Shopify list is paged like the local one (`list_shopify_customers(limit, offset)`); the
store has no count for it, so the model asks for pages until one comes back short. The review
list (customers the rules could not link: "ambiguous" or "error") is read whole, each row
with its candidates; it is short by nature, but 100,000 generated customers leave about 4,000
in it (0.4 s to read).

Each model's `reload()` reads the store on the calling thread. After a sync the Customers tab
calls `reload_in_thread()` instead: the same read in a worker thread, applied on the loop when
it is done (unless a newer reload came first), so the window does not freeze meanwhile.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from operator import attrgetter

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    Qt,
)

from desktop_app.errors import NotFoundError
from desktop_app.store import shopify_customers, shops
from desktop_app.store.shopify_customers import ShopifyCustomerRow
from desktop_app.sync import linking
from desktop_app.ui.issue_texts import message_text
from desktop_app.ui.models.columns import RoleCells
from desktop_app.ui.models.match_labels import reason_label, review_label
from desktop_app.ui.models.record_names import resolve
from desktop_app.ui.models.threaded_reload import ThreadedReload

log = logging.getLogger(__name__)

#: The Shopify GID of the row.
GID_ROLE = Qt.ItemDataRole.UserRole + 3

PAGE_SIZE = 500
REVIEW_STATES = ("ambiguous", "error")


def display_name(row: ShopifyCustomerRow) -> str:
    name = f"{row.first_name} {row.last_name}".strip()
    return name or row.company or row.email or row.phone


def country_of(row: ShopifyCustomerRow) -> str:
    main = row.default_address
    return (main.country_code or "") if main is not None else ""


def read_review_rows(shop: str, search: str = "") -> list[ShopifyCustomerRow]:
    """The shop's staged customers in review, by GID."""
    rows: list[ShopifyCustomerRow] = []
    for state in REVIEW_STATES:
        rows.extend(shopify_customers.list_shopify_customers(
            shop, search or None, review_state=state, with_addresses=True))
    return sorted(rows, key=lambda r: r.shopify_id)


class ShopifyColumn(enum.IntEnum):
    NAME = 0
    EMAIL = 1
    PHONE = 2
    COUNTRY = 3
    LOCAL_NO = 4
    REASON = 5
    REVIEW = 6


_SHOPIFY_HEADERS = {
    ShopifyColumn.NAME: QT_TRANSLATE_NOOP("ShopifyCustomerTableModel", "Name"),
    ShopifyColumn.EMAIL: QT_TRANSLATE_NOOP("ShopifyCustomerTableModel", "E-mail"),
    ShopifyColumn.PHONE: QT_TRANSLATE_NOOP("ShopifyCustomerTableModel", "Phone"),
    ShopifyColumn.COUNTRY: QT_TRANSLATE_NOOP("ShopifyCustomerTableModel", "Country"),
    ShopifyColumn.LOCAL_NO: QT_TRANSLATE_NOOP("ShopifyCustomerTableModel", "Local customer"),
    ShopifyColumn.REASON: QT_TRANSLATE_NOOP("ShopifyCustomerTableModel", "Match reason"),
    ShopifyColumn.REVIEW: QT_TRANSLATE_NOOP("ShopifyCustomerTableModel", "Review"),
}


@dataclass(frozen=True)
class ShopifyFilter:
    search: str = ""
    linked: bool | None = None
    review_only: bool = False


#: The store's sort key of each column (`list_shopify_customers(order_by=)`): SQL sorts.
SHOPIFY_SORT = {ShopifyColumn.NAME: "name", ShopifyColumn.EMAIL: "email",
                ShopifyColumn.PHONE: "phone", ShopifyColumn.COUNTRY: "country",
                ShopifyColumn.LOCAL_NO: "local_no", ShopifyColumn.REASON: "reason",
                ShopifyColumn.REVIEW: "review"}


@dataclass(frozen=True)
class _Order:
    key: str = "gid"
    descending: bool = False


_FirstPage = tuple[list[ShopifyCustomerRow], bool]  # the rows, and whether more may follow


class ShopifyCustomerTableModel(ThreadedReload[_FirstPage], RoleCells[ShopifyCustomerRow],
                                QAbstractTableModel):
    """Staged Shopify customers of the current shop and filter, read page by page."""

    headers = _SHOPIFY_HEADERS
    key_role = GID_ROLE
    texts = {
        ShopifyColumn.NAME: display_name,
        ShopifyColumn.EMAIL: attrgetter("email"),
        ShopifyColumn.PHONE: attrgetter("phone"),
        ShopifyColumn.COUNTRY: country_of,
        ShopifyColumn.REASON: lambda row: reason_label(row.match_reason) if row.customer_no else "",
        ShopifyColumn.REVIEW: lambda row: review_label(row.review_state),
    }
    tips = {ShopifyColumn.NAME: attrgetter("shopify_id"),
            ShopifyColumn.REVIEW: lambda row: message_text(row.review_note)}

    def __init__(self, parent=None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._rows: list[ShopifyCustomerRow] = []
        self._more = False
        self._shop: str | None = None
        self._filter = ShopifyFilter()
        self._order = _Order()
        #: The names of the linked local customers, by number (issue 18: "K0004 Lucas
        #: Lambert", not a bare number), read a page at a time.
        self._local_names: dict[str, str] = {}

    def _name_local_customers(self, rows: list[ShopifyCustomerRow]) -> None:
        nos = [r.customer_no for r in rows if r.customer_no and r.customer_no not in
               self._local_names]
        if nos:
            found = resolve(None, nos)
            self._local_names.update({no: ref.name for no, ref in found.items()})

    def display(self, row: ShopifyCustomerRow, column: ShopifyColumn) -> str | None:
        if column == ShopifyColumn.LOCAL_NO:
            no = row.customer_no or ""
            return f"{no} {self._local_names.get(no, '')}".strip()
        return super().display(row, column)

    def set_shop(self, shop_code: str | None) -> None:
        self._shop = shop_code
        self.reload()

    def set_filter(self, shopify_filter: ShopifyFilter) -> None:
        if shopify_filter != self._filter:
            self._filter = shopify_filter
            self.reload()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort by any column: in SQL (the review-only list, short, in memory)."""
        if not 0 <= column < len(ShopifyColumn):
            return
        self._order = _Order(SHOPIFY_SORT[ShopifyColumn(column)],
                             order == Qt.SortOrder.DescendingOrder)
        self.reload()

    def _read_job(self) -> Callable[[], _FirstPage]:
        # A page of 500 with addresses takes 50-75 ms at 100,000 customers.
        return partial(self._read_first, self._shop, self._filter, self._page_size, self._order)

    @staticmethod
    def _read_first(shop: str | None, shopify_filter: ShopifyFilter, page_size: int,
                    order: _Order = _Order()) -> _FirstPage:
        """The first page and whether more may follow (store reads only: any thread)."""
        if shop is None:
            return [], False
        try:
            if shopify_filter.review_only:
                rows = read_review_rows(shop, shopify_filter.search)
                if shopify_filter.linked is not None:
                    rows = [r for r in rows if bool(r.customer_no) == shopify_filter.linked]
                return _sorted_in_memory(rows, order), False
            rows = _read_page(shop, shopify_filter, 0, page_size, order)
            return rows, len(rows) == page_size
        except NotFoundError:  # the shop was removed meanwhile
            return [], False

    def _apply(self, read: _FirstPage) -> None:
        rows, more = read
        self._local_names.clear()  # a link or a name may have changed since
        self._name_local_customers(rows)
        self.beginResetModel()
        self._rows = rows
        self._more = more
        self.endResetModel()

    def _read(self, offset: int) -> list[ShopifyCustomerRow]:
        assert self._shop is not None
        return _read_page(self._shop, self._filter, offset, self._page_size, self._order)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802, B008 (Qt API)
        return not parent.isValid() and self._more

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or not self._more:
            return
        page = self._read(len(self._rows))
        self._more = len(page) == self._page_size
        if not page:
            return
        self._name_local_customers(page)
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def has_more(self) -> bool:
        return self._more

    def customer(self, row: int) -> ShopifyCustomerRow:
        return self._rows[row]

    def row_of(self, gid: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.shopify_id == gid), -1)

    def row_key(self, row: ShopifyCustomerRow) -> str:
        return row.shopify_id



def _read_page(shop: str, shopify_filter: ShopifyFilter, offset: int,
               page_size: int, order: _Order = _Order()) -> list[ShopifyCustomerRow]:
    return shopify_customers.list_shopify_customers(
        shop, shopify_filter.search or None, linked=shopify_filter.linked,
        limit=page_size, offset=offset, with_addresses=True, order_by=order.key,
        descending=order.descending,
    )


def _sorted_in_memory(rows: list[ShopifyCustomerRow], order: _Order) -> list[ShopifyCustomerRow]:
    """The review-only list (short) sorted like SQL sorts the paged one."""
    keys = {"gid": lambda r: r.shopify_id, "name": display_name, "email": lambda r: r.email,
            "phone": lambda r: r.phone, "country": country_of,
            "local_no": lambda r: r.customer_no or "", "reason": lambda r: r.match_reason,
            "review": lambda r: r.review_state}
    key = keys[order.key]
    ordered = sorted(rows, key=lambda r: r.shopify_id)
    return sorted(ordered, key=key, reverse=order.descending)


class ReviewColumn(enum.IntEnum):
    NAME = 0
    EMAIL = 1
    PHONE = 2
    STATE = 3
    NOTE = 4
    CANDIDATES = 5


_REVIEW_HEADERS = {
    ReviewColumn.NAME: QT_TRANSLATE_NOOP("ReviewTableModel", "Shopify customer"),
    ReviewColumn.EMAIL: QT_TRANSLATE_NOOP("ReviewTableModel", "E-mail"),
    ReviewColumn.PHONE: QT_TRANSLATE_NOOP("ReviewTableModel", "Phone"),
    ReviewColumn.STATE: QT_TRANSLATE_NOOP("ReviewTableModel", "State"),
    ReviewColumn.NOTE: QT_TRANSLATE_NOOP("ReviewTableModel", "Why it waits"),
    ReviewColumn.CANDIDATES: QT_TRANSLATE_NOOP("ReviewTableModel", "Local candidates"),
}


_ReviewRow = tuple[ShopifyCustomerRow, list[linking.Candidate]]


class ReviewTableModel(ThreadedReload[list[_ReviewRow]], RoleCells[_ReviewRow],
                       QAbstractTableModel):
    """The review list: staged customers the rules left unlinked, with their candidates."""

    headers = _REVIEW_HEADERS
    key_role = GID_ROLE

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[_ReviewRow] = []
        self._shop: str | None = None
        self._search = ""
        self._sort: tuple[int, bool] | None = None  # (column, descending) once clicked

    def set_shop(self, shop_code: str | None) -> None:
        self._shop = shop_code
        self.reload()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort by any column, in memory (the review list is short: read whole)."""
        if not 0 <= column < len(ReviewColumn):
            return
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self.beginResetModel()
        self._sort_rows()
        self.endResetModel()

    def _sort_rows(self) -> None:
        if self._sort is None:
            return
        column, descending = self._sort

        keyed = [((self.data(self.index(i, column)) or "").casefold(), item)
                 for i, item in enumerate(self._rows)]
        keyed.sort(key=lambda pair: pair[0], reverse=descending)
        self._rows = [item for _, item in keyed]

    def set_search(self, text: str) -> None:
        if text != self._search:
            self._search = text
            self.reload()

    def _read_job(self) -> Callable[[], list[_ReviewRow]]:
        # About 0.4 s for 4,000 rows.
        return partial(self._read_rows, self._shop, self._search)

    @staticmethod
    def _read_rows(shop: str | None,
                   search: str) -> list[_ReviewRow]:
        """The review rows with their candidates (store reads only: any thread)."""
        if shop is None:
            return []
        try:
            country = (shops.get_shop(shop).country or "").upper()
            staged = read_review_rows(shop, search)
            return list(zip(staged, linking.review_candidates_many(shop, staged, country),
                            strict=True))
        except NotFoundError:
            return []

    def _apply(self, rows: list[_ReviewRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._sort_rows()
        self.endResetModel()

    def candidate_nos(self) -> list[str]:
        """Every local customer named as a candidate in the list (for the local view)."""
        return sorted({c.key for _, candidates in self._rows for c in candidates})

    def customer(self, row: int) -> ShopifyCustomerRow:
        return self._rows[row][0]

    def candidates(self, row: int) -> list[linking.Candidate]:
        return self._rows[row][1]

    def row_key(self, item: _ReviewRow) -> str:
        return item[0].shopify_id

    def display(self, item: _ReviewRow, column: ReviewColumn) -> str | None:
        row, candidates = item
        if column == ReviewColumn.NAME:
            return display_name(row)
        if column == ReviewColumn.EMAIL:
            return row.email
        if column == ReviewColumn.PHONE:
            return row.phone
        if column == ReviewColumn.STATE:
            return review_label(row.review_state)
        if column == ReviewColumn.NOTE:
            return message_text(row.review_note)  # in the window's words (issue 18)
        if column == ReviewColumn.CANDIDATES:
            return ", ".join(
                self.tr("{no} ({why})").format(
                    no=c.key, why=reason_label(c.reason).lower())
                for c in candidates
            )
        return None

    def tool_tip(self, item: _ReviewRow, column: ReviewColumn) -> str | None:
        if column in (ReviewColumn.NOTE, ReviewColumn.CANDIDATES):
            return self.display(item, column)
        return None
