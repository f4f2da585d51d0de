"""CustomerTableModel: the local customers, paged from the store, with their Shopify link.

100,000 customers must open and filter without freezing the window, so the model never
reads them all: `reload()` counts the rows of the current filter and reads the first page;
the view asks for more through `canFetchMore`/`fetchMore` as the merchant scrolls. Filtering
and sorting happen in SQL (`customers.list_customers`), not in a proxy.

The pick column (`Column.CHECK`) backs The Edge's "Show checkboxes" / "Assign to Web Upload":
the ticked numbers are kept in a set that survives reloads and filter changes, so a merchant
can tick across several searches.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    Qt,
    Signal,
)

from desktop_app.errors import NotFoundError
from desktop_app.store import customers, display_names
from desktop_app.store.customers import CustomerRow
from desktop_app.store.display_names import RecordRef
from desktop_app.ui.models.columns import RoleCells
from desktop_app.ui.models.match_labels import reason_label, short_gid
from desktop_app.ui.models.order_labels import SORT_ROLE  # noqa: F401 (the tests')
from desktop_app.ui.models.record_names import record_text
from desktop_app.ui.models.threaded_reload import ThreadedReload

log = logging.getLogger(__name__)

#: The customer number of the row (for actions on the selection).
NO_ROLE = Qt.ItemDataRole.UserRole + 2

PAGE_SIZE = 500
#: After a reload, at most this many rows are read again to keep the scroll position.
KEEP_LOADED_MAX = 5000


class Column(enum.IntEnum):
    CHECK = 0
    NO = 1
    NAME = 2
    EMAIL = 3
    PHONE = 4
    COUNTRY = 5
    SHOPIFY = 6
    REASON = 7
    WEB_UPLOAD = 8
    KIND = 9


#: The store's sort key of each column (the name `list_customers(order_by=)` takes): every
#: column sorts in SQL, the pick column by the ticks (`picked_nos`).
SORTABLE = {Column.CHECK: "picked", Column.NO: "no", Column.NAME: "name",
            Column.EMAIL: "email", Column.PHONE: "phone", Column.COUNTRY: "country",
            Column.SHOPIFY: "link", Column.REASON: "reason", Column.WEB_UPLOAD: "web_upload",
            Column.KIND: "category"}

_HEADERS = {
    Column.CHECK: QT_TRANSLATE_NOOP("CustomerTableModel", "Pick"),
    Column.NO: QT_TRANSLATE_NOOP("CustomerTableModel", "No."),
    Column.NAME: QT_TRANSLATE_NOOP("CustomerTableModel", "Name"),
    Column.EMAIL: QT_TRANSLATE_NOOP("CustomerTableModel", "E-mail"),
    Column.PHONE: QT_TRANSLATE_NOOP("CustomerTableModel", "Phone"),
    Column.COUNTRY: QT_TRANSLATE_NOOP("CustomerTableModel", "Country"),
    Column.SHOPIFY: QT_TRANSLATE_NOOP("CustomerTableModel", "Shopify link"),
    Column.REASON: QT_TRANSLATE_NOOP("CustomerTableModel", "Match reason"),
    Column.WEB_UPLOAD: QT_TRANSLATE_NOOP("CustomerTableModel", "Web upload"),
    Column.KIND: QT_TRANSLATE_NOOP("CustomerTableModel", "Type"),
}


@dataclass(frozen=True)
class CustomerFilter:
    """What the list shows. `only_nos` (not None) restricts it to those customers (the
    local side of the review list); the other fields still apply."""

    search: str = ""
    linked: bool | None = None
    web_upload_only: bool = False
    only_nos: tuple[str, ...] | None = None


@dataclass(frozen=True)
class _Query:
    """What a read needs from the model, copied, so a worker thread can run it."""

    shop: str | None
    filter: CustomerFilter
    order_by: str
    descending: bool
    picked: frozenset[str] = frozenset()  # the ticks, when sorting by the pick column


#: A customer and what its link is (None: not linked, or no shop shown).
_CustomerItem = tuple[CustomerRow, RecordRef | None]


@dataclass(frozen=True)
class _FirstRead:
    query: _Query
    total: int
    rows: list[_CustomerItem]
    explicit: list[CustomerRow] | None


def _read_first(query: _Query, wanted: int) -> _FirstRead:
    """The filter's count and first `wanted` rows (store reads only: any thread)."""
    try:
        return _read_first_of(query, wanted)
    except NotFoundError:  # the shop was removed meanwhile
        return _read_first_of(dataclasses.replace(query, shop=None), wanted)


def _read_first_of(query: _Query, wanted: int) -> _FirstRead:
    if query.filter.only_nos is not None:
        explicit = _read_explicit(query)
        return _FirstRead(query, len(explicit), _with_links(query.shop, explicit[:wanted]),
                          explicit)
    rows = _read_page(query, None, 0, wanted)
    # A first page that is not full is every row: no second query to count them (a search
    # the trigram index cannot narrow, one or two characters or a very common one, scans
    # all 100,000 customers, about 40 ms each time).
    total = len(rows) if len(rows) < wanted else customers.count_customers(
        query.filter.search or None, **_query_args(query))
    return _FirstRead(query, total, rows, None)


def _query_args(query: _Query) -> dict:
    return {"shop": query.shop, "web_upload_only": query.filter.web_upload_only,
            "linked": query.filter.linked}


def _read_explicit(query: _Query) -> list[CustomerRow]:
    customer_filter = query.filter
    term = customer_filter.search.strip().casefold()
    digits = "".join(ch for ch in term if ch.isdigit())
    rows = []
    for no in customer_filter.only_nos or ():
        try:
            row = customers.get_customer(no, shop=query.shop)
        except NotFoundError:
            continue
        if customer_filter.web_upload_only and not row.web_upload:
            continue
        if customer_filter.linked is not None and bool(row.shopify_id) != customer_filter.linked:
            continue
        if term and not (
            any(term in value.casefold() for value in (row.no, row.name, row.email,
                                                       row.contact, row.city))
            or (len(digits) >= 3 and digits in row.phone)
        ):
            continue
        rows.append(row)
    # A short list (the review's local side): sorted in memory like SQL would.
    rows.sort(key=lambda r: r.no)
    if query.order_by != "no":
        rows.sort(key=lambda r: _explicit_key(r, query))
    if query.descending:
        rows.reverse()
    return rows


def _explicit_key(row: CustomerRow, query: _Query) -> tuple[int, str]:
    if query.order_by == "picked":
        return (int(row.no in query.picked), "")
    if query.order_by == "web_upload":
        return (int(bool(row.web_upload)), "")
    if query.order_by == "link":
        return (int(bool(row.shopify_id)), row.shopify_id or "")
    if query.order_by == "email":
        return (0, row.email.casefold())
    value = getattr(row, query.order_by, "")
    return (0, value if isinstance(value, str) else "")


def _read_page(query: _Query, explicit: list[CustomerRow] | None, offset: int,
               limit: int) -> list[_CustomerItem]:
    if explicit is not None:
        return _with_links(query.shop, explicit[offset:offset + limit])
    rows = customers.list_customers(
        query.filter.search or None, limit=limit, offset=offset, order_by=query.order_by,
        descending=query.descending, picked_nos=query.picked, **_query_args(query),
    )
    return _with_links(query.shop, rows)


def _with_links(shop: str | None, rows: list[CustomerRow]) -> list[_CustomerItem]:
    """Each row with what its link is: the staged Shopify customer's name, e-mail and match
    reason (one batch read per page, issue 18)."""
    refs: dict[str, RecordRef] = {}
    gids = [r.shopify_id for r in rows if r.shopify_id]
    if gids and shop is not None:
        refs = display_names.find_records(shop, gids)
    return [(r, refs.get(r.shopify_id or "")) for r in rows]


class CustomerTableModel(ThreadedReload[_FirstRead], RoleCells[_CustomerItem],
                         QAbstractTableModel):
    """Local customers of the current filter, read page by page.

    Signals:
        checked_changed(count: int): the number of ticked customers changed.
        counted(total: int): a reload counted the rows of the filter.
        tick_held(no: str): a tick of this customer waits for the merchant's word (see
            `set_tick_guard`); `set_checked([no])` ticks it once given.
    """

    headers = _HEADERS
    key_role = NO_ROLE

    checked_changed = Signal(int)
    counted = Signal(int)
    tick_held = Signal(str)

    def __init__(self, parent=None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._page_size = page_size
        self._rows: list[tuple[CustomerRow, str]] = []
        self._total = 0
        self._shop: str | None = None
        self._filter = CustomerFilter()
        self._order_by = "no"
        self._descending = False
        self._checked: set[str] = set()
        self._explicit: list[CustomerRow] | None = None
        self._tick_guard: Callable[[str], bool] | None = None

    def set_tick_guard(self, guard: Callable[[str], bool] | None) -> None:
        """`guard(no)` True: a tick of customer `no` by click or key is held (`tick_held`)."""
        self._tick_guard = guard

    # --- loading --------------------------------------------------------------------------

    def set_shop(self, shop_code: str | None) -> None:
        """Show links in this shop (None: in any shop) and reload."""
        self._shop = shop_code
        self.reload(keep_loaded=False)

    def shop(self) -> str | None:
        return self._shop

    def set_filter(self, customer_filter: CustomerFilter) -> None:
        if customer_filter != self._filter:
            self._filter = customer_filter
            self.reload(keep_loaded=False)

    def filter(self) -> CustomerFilter:
        return self._filter

    def _query(self) -> _Query:
        picked = frozenset(self._checked) if self._order_by == "picked" else frozenset()
        return _Query(self._shop, self._filter, self._order_by, self._descending, picked)

    def _read_job(self, keep_loaded: bool = True) -> Callable[[], _FirstRead]:
        """A reload counts the filter's rows and reads the first page (or as many rows as were
        loaded, up to `KEEP_LOADED_MAX`, so a refresh after a sync keeps the scroll position;
        `keep_loaded=False`: the first page). Count and first page take 60-150 ms at 100,000
        customers."""
        return partial(_read_first, self._query(), self._wanted(keep_loaded))

    def _wanted(self, keep_loaded: bool) -> int:
        if keep_loaded:
            return max(self._page_size, min(len(self._rows), KEEP_LOADED_MAX))
        return self._page_size

    def _apply(self, read: _FirstRead) -> None:
        self._shop = read.query.shop  # None when the shop was removed meanwhile
        self._explicit = read.explicit
        self.beginResetModel()
        self._total = read.total
        self._rows = read.rows
        self.endResetModel()
        log.debug("customers reloaded: %d of %d rows", len(read.rows), read.total)
        self.counted.emit(read.total)

    def _read(self, offset: int, limit: int) -> list[tuple[CustomerRow, str]]:
        return _read_page(self._query(), self._explicit, offset, limit)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802, B008 (Qt API)
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid():
            return
        start = len(self._rows)
        page = self._read(start, self._page_size)
        if not page:
            self._total = start  # rows were deleted meanwhile: stop asking
            return
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def total(self) -> int:
        """How many customers the filter matches (loaded or not)."""
        return self._total

    def customer(self, row: int) -> CustomerRow:
        return self._rows[row][0]

    def row_of(self, no: str) -> int:
        """The loaded row of customer `no`, or -1."""
        return next((i for i, (r, _) in enumerate(self._rows) if r.no == no), -1)

    # --- sorting --------------------------------------------------------------------------

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by any column (the pick column by the ticks of the moment)."""
        key = SORTABLE.get(Column(column)) if 0 <= column < len(Column) else None
        if key is None:
            return
        self._order_by = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload(keep_loaded=False)

    # --- ticks ----------------------------------------------------------------------------

    def checked_nos(self) -> list[str]:
        return sorted(self._checked)

    def checked_count(self) -> int:
        return len(self._checked)

    def set_checked(self, nos: Iterable[str], checked: bool = True) -> None:
        before = len(self._checked)
        if checked:
            self._checked.update(nos)
        else:
            self._checked.difference_update(nos)
        self._checked_rows_changed()
        if len(self._checked) != before:
            self.checked_changed.emit(len(self._checked))

    def clear_checked(self) -> None:
        if self._checked:
            self._checked.clear()
            self._checked_rows_changed()
            self.checked_changed.emit(0)

    def check_all_matching(self) -> int:
        """Tick every customer of the current filter, loaded or not; returns how many the
        filter holds. Reads only their numbers (`customers.customer_nos`), never the rows."""
        if self._filter.only_nos is not None:
            nos = [r.no for r in self._explicit or []]
        else:
            nos = customers.customer_nos(self._filter.search or None, **_query_args(self._query()))
        self.set_checked(nos)
        return len(nos)

    def _checked_rows_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, Column.CHECK),
                                  self.index(len(self._rows) - 1, Column.CHECK),
                                  [Qt.ItemDataRole.CheckStateRole])

    # --- Qt model API -----------------------------------------------------------------------

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole \
                and section == Column.CHECK:
            return self.tr("Tick customers, then Assign to Web Upload")
        return super().headerData(section, orientation, role)

    def flags(self, index):
        base = super().flags(index)
        if index.isValid() and index.column() == Column.CHECK:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if (not index.isValid() or index.column() != Column.CHECK
                or role != Qt.ItemDataRole.CheckStateRole):
            return False
        no = self._rows[index.row()][0].no
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked == (no in self._checked):
            return True
        if checked and self._tick_guard is not None and self._tick_guard(no):
            self.tick_held.emit(no)
            return False
        if checked:
            self._checked.add(no)
        else:
            self._checked.discard(no)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit(len(self._checked))
        return True

    def row_key(self, item: _CustomerItem) -> str:
        return item[0].no

    def check_state(self, item: _CustomerItem, column: Column) -> Qt.CheckState | None:
        if column == Column.CHECK:
            return (Qt.CheckState.Checked if item[0].no in self._checked
                    else Qt.CheckState.Unchecked)
        return None

    def sort_value(self, item: _CustomerItem, column: Column) -> int | str:
        customer = item[0]
        if column == Column.SHOPIFY:
            return 1 if customer.shopify_id else 0
        if column == Column.WEB_UPLOAD:
            return 1 if customer.web_upload else 0
        if column == Column.CHECK:
            return 1 if customer.no in self._checked else 0
        return (self.display(item, column) or "").casefold()

    def tool_tip(self, item: _CustomerItem, column: Column) -> str | None:
        if column == Column.SHOPIFY:
            # The GID stays at hand (the column shows the name and e-mail).
            return item[0].shopify_id or self.tr("Not linked to a Shopify customer")
        return None

    def display(self, item: _CustomerItem, column: Column) -> str:
        customer, link = item
        if column == Column.NO:
            return customer.no
        if column == Column.NAME:
            return customer.name
        if column == Column.EMAIL:
            return customer.email
        if column == Column.PHONE:
            return customer.phone
        if column == Column.COUNTRY:
            return customer.country
        if column == Column.SHOPIFY:
            if not customer.shopify_id:
                return ""
            shown = record_text(link) if link is not None and link.found else short_gid(
                customer.shopify_id)
            return self.tr("Linked: %1").replace("%1", shown)
        if column == Column.REASON:
            reason = link.match_reason if link is not None else ""
            return reason_label(reason) if customer.shopify_id else ""
        if column == Column.WEB_UPLOAD:
            return self.tr("Assigned") if customer.web_upload else ""
        if column == Column.KIND:
            # Organisations sync as Shopify companies (Sync Companies), people as customers.
            return self.tr("Company") if customer.category == "organisation" else self.tr("Person")
        return ""
