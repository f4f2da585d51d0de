"""size_columns: the starting widths of a table's columns, and which of them stretch;
one_line_rows: how the rows of a table of records look."""

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


def one_line_rows(table: QTableView, padding: int = 0) -> None:
    """Show a record a row on one line: no row numbers, alternate row colours, no wrapping;
    with a `padding`, each row that many pixels taller than the font (else Qt's height)."""
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    if padding:
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + padding)
