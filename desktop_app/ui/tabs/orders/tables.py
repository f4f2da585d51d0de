"""The tables of the Orders tab's views, built alike, and their rows read and selected by
Shopify order id."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop_app.ui.models.order_labels import GID_ROLE
from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView
from desktop_app.ui.widgets.table_columns import one_line_rows, size_columns


def order_table(parent: QWidget, name: str, accessible: str, model: QAbstractItemModel,
                newest_first: int, widths: Iterable[tuple[int, int]],
                stretch: int) -> EmptyStateTableView:
    """A sortable, read-only table of `model` selecting whole rows, several at a time, sorted
    by its `newest_first` column descending, with these column `widths` (`stretch` takes the
    width left)."""
    table = EmptyStateTableView(parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    one_line_rows(table, padding=10)
    table.setAccessibleName(accessible)
    table.setSortingEnabled(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setHighlightSections(False)
    table.setModel(model)
    table.sortByColumn(newest_first, Qt.SortOrder.DescendingOrder)
    size_columns(table, widths, stretch=(stretch,))
    return table


def selected_gids(table: QTableView) -> list[str]:
    """The Shopify ids of the selected rows, top to bottom as shown."""
    model = table.selectionModel()
    if model is None:
        return []
    rows = sorted({i.row() for i in model.selectedRows()})
    proxy = table.model()
    return [proxy.index(r, 0).data(GID_ROLE) for r in rows]


def select_gids(table: QTableView, gids: Iterable[str]) -> QModelIndex | None:
    """Select the rows of these orders (the others are deselected); returns the first one
    selected, None when none is shown."""
    wanted = set(gids)
    selection = table.selectionModel()
    selection.clearSelection()
    proxy = table.model()
    first = None
    for r in range(proxy.rowCount()):
        index = proxy.index(r, 0)
        if index.data(GID_ROLE) in wanted:
            selection.select(index, QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)
            first = first or index
    return first
