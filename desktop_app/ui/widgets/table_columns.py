"""size_columns: the starting widths of a table's columns, and which of them stretch."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QHeaderView, QTableView


def size_columns(table: QTableView, widths: Iterable[tuple[int, int]],
                 stretch: Iterable[int] = ()) -> None:
    """Make the `stretch` columns share the free width, then give each (column, width) of
    `widths` its width in pixels."""
    header = table.horizontalHeader()
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    for column, width in widths:
        table.setColumnWidth(column, width)
