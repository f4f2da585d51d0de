"""CompanyDetailsView: the locations (addresses, payment terms) and contacts of one company,
read-only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.store.companies import StagedCompany, StagedLocation
from desktop_app.ui.widgets.table_columns import one_line_rows


def address_text(address: dict) -> str:
    """One line of a location's address as the records hold it ("" when it has none)."""
    if not address:
        return ""
    city = " ".join(p for p in (address.get("zip", ""), address.get("city", "")) if p)
    parts = (address.get("address1", ""), address.get("address2", ""), city,
             address.get("zone_code", "") or address.get("province", ""),
             address.get("country_code", ""))
    return ", ".join(p for p in parts if p)


def _table(parent: QWidget, name: str, accessible: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    one_line_rows(table)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    # A header and a row at least, and no more: the window fits an 800 x 600 screen.
    table.setMinimumHeight(table.horizontalHeader().sizeHint().height()
                           + table.verticalHeader().defaultSectionSize() + 4)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))


class CompanyDetailsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("company_details")
        self.title_label = QLabel(self)
        self.title_label.setObjectName("company_details_title")
        self.title_label.setWordWrap(True)
        self.locations_label = QLabel(self.tr("Locations"), self)
        self.locations_table = _table(self, "company_locations_table", self.tr("Locations"), [
            self.tr("Location"), self.tr("Shipping address"), self.tr("Billing address"),
            self.tr("Payment terms")])
        self.contacts_label = QLabel(self.tr("Contacts"), self)
        self.contacts_table = _table(self, "company_contacts_table", self.tr("Contacts"), [
            self.tr("Name"), self.tr("E-mail"), self.tr("Phone"), self.tr("Role")])
        for table, widths in ((self.locations_table, (160, 260, 260)),
                              (self.contacts_table, (200, 240, 140))):
            for column, width in enumerate(widths):
                table.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.locations_label)
        layout.addWidget(self.locations_table, 2)
        layout.addWidget(self.contacts_label)
        layout.addWidget(self.contacts_table, 1)
        self.show_company(None)

    def show_company(self, company: StagedCompany | None) -> None:
        if company is None:
            self.title_label.setText(self.tr("Select a company to see its locations and "
                                             "contacts."))
            _fill(self.locations_table, [])
            _fill(self.contacts_table, [])
            return
        self.title_label.setText(self.tr("%1 · Locations: %2 · Contacts: %3")
                                 .replace("%1", company.name)
                                 .replace("%2", str(len(company.locations)))
                                 .replace("%3", "1" if company.main_contact_id else "0"))
        _fill(self.locations_table, [self._location(loc) for loc in company.locations])
        contacts = []
        if company.main_contact_id:
            name = " ".join(p for p in (company.main_contact_first_name,
                                        company.main_contact_last_name) if p)
            contacts.append((name, company.main_contact_email, company.main_contact_phone,
                             self.tr("Main contact")))
        _fill(self.contacts_table, contacts)

    def _location(self, location: StagedLocation) -> tuple[str, ...]:
        return (location.name, address_text(location.shipping_address),
                address_text(location.billing_address),
                location.payment_terms_name or self.tr("None"))
