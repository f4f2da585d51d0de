"""The tables of records in the main window show a record a row on one line: no row numbers,
alternate row colours, no word wrapping, and the order and document tables rows 10 pixels
taller than the font (`ui/widgets/table_columns.one_line_rows`)."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

#: object name -> row padding in pixels (0: Qt's own row height).
TABLES = {
    "orders_table": 10,
    "staged_orders_table": 10,
    "documents_table": 10,
    "document_lines_table": 10,
    "gift_cards_table": 10,
    "companies_table": 0,
    "company_locations_table": 0,
    "company_contacts_table": 0,
}


async def test_record_tables_show_one_line_rows_without_numbers(window):
    tables = {t.objectName(): t for t in window.findChildren(QTableView)}
    assert set(TABLES) <= set(tables), sorted(set(TABLES) - set(tables))
    for name, padding in TABLES.items():
        table = tables[name]
        assert table.verticalHeader().isHidden(), name
        assert table.alternatingRowColors(), name
        assert not table.wordWrap(), name
        if padding:
            assert table.verticalHeader().defaultSectionSize() == \
                table.fontMetrics().height() + padding, name
