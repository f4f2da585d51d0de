"""The tables of the Customers tab's views, built alike."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from desktop_app.ui.widgets.empty_state_table_view import EmptyStateTableView


def customer_table(parent: QWidget, name: str, accessible: str) -> EmptyStateTableView:
    """A table selecting whole rows, columns resized by hand."""
    table = EmptyStateTableView(parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setAccessibleName(accessible)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table
