"""DocumentTableModel and DocumentLineTableModel: the local sales documents made from Shopify
orders (sales orders, invoices, credit memos) and the lines of one of them."""

from __future__ import annotations

import enum
from decimal import Decimal
from operator import attrgetter

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QDate,
    QLocale,
    Qt,
)

from desktop_app.records.lines import SalesLineRecord
from desktop_app.store.order_views import (
    Document,
    ShipTo,
    read_document_lines,
    read_documents,
)
from desktop_app.ui.models.columns import RoleCells, ShopRows
from desktop_app.ui.models.order_labels import (
    document_type_label,
    format_money,
)
from desktop_app.ui.models.word_labels import word_label

#: The document no. of the row.
DOC_NO_ROLE = Qt.ItemDataRole.UserRole + 3


_STATUS = {
    "open": QT_TRANSLATE_NOOP("DocumentTableModel", "Open"),
    "released": QT_TRANSLATE_NOOP("DocumentTableModel", "Released"),
    "posted": QT_TRANSLATE_NOOP("DocumentTableModel", "Posted"),
    "invoiced": QT_TRANSLATE_NOOP("DocumentTableModel", "Invoiced"),
}

_LINE_TYPES = {
    "item": QT_TRANSLATE_NOOP("DocumentLineTableModel", "Item"),
    "gl_account": QT_TRANSLATE_NOOP("DocumentLineTableModel", "G/L Account"),
    "comment": QT_TRANSLATE_NOOP("DocumentLineTableModel", "Comment"),
}


def document_status_label(value: str) -> str:
    return word_label("DocumentTableModel", _STATUS, value)


def format_document_date(iso: str) -> str:
    """A document date (ISO, in the company's time zone) in the locale's short format."""
    date = QDate.fromString(iso, Qt.DateFormat.ISODate)
    return QLocale().toString(date, QLocale.FormatType.ShortFormat) if date.isValid() else iso


def payment_terms_text(code: str, name: str = "") -> str:
    """A document's payment terms: its code, with the name of the Shopify terms mapped to it
    ("NET30 (Net 30)")."""
    if not code:
        return ""
    return f"{code} ({name})" if name and name != code else code


def ship_to_lines(ship_to: ShipTo) -> list[str]:
    """The ship-to address as the lines of a label: names, street, post code and city,
    county and country."""
    city = " ".join(p for p in (ship_to.post_code, ship_to.city) if p)
    region = " ".join(p for p in (ship_to.county, ship_to.country) if p)
    parts = [ship_to.name, ship_to.name_2, ship_to.contact, ship_to.address,
             ship_to.address_2, city, region]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return seen


def ship_to_text(ship_to: ShipTo, separator: str = ", ") -> str:
    """The ship-to on one line (or `separator`-joined), led by its code when it has one."""
    text = separator.join(ship_to_lines(ship_to))
    if ship_to.code:
        return f"{ship_to.code} · {text}" if text else ship_to.code
    return text


def line_type_label(value: str) -> str:
    return word_label("DocumentLineTableModel", _LINE_TYPES, value)


def format_quantity(value: Decimal) -> str:
    decimals = 0 if value == value.to_integral() else 2
    return QLocale().toString(float(value), "f", decimals)


class DocumentColumn(enum.IntEnum):
    NO = 0
    TYPE = 1
    DATE = 2
    CUSTOMER = 3
    ORDER = 4
    STATUS = 5
    TAX = 6
    TOTAL = 7
    PAYMENT_TERMS = 8
    DUE_DATE = 9
    SHIP_TO = 10


_HEADERS = {
    DocumentColumn.NO: QT_TRANSLATE_NOOP("DocumentTableModel", "No."),
    DocumentColumn.TYPE: QT_TRANSLATE_NOOP("DocumentTableModel", "Type"),
    DocumentColumn.DATE: QT_TRANSLATE_NOOP("DocumentTableModel", "Document date"),
    DocumentColumn.CUSTOMER: QT_TRANSLATE_NOOP("DocumentTableModel", "Customer"),
    DocumentColumn.ORDER: QT_TRANSLATE_NOOP("DocumentTableModel", "Shopify order"),
    DocumentColumn.STATUS: QT_TRANSLATE_NOOP("DocumentTableModel", "Status"),
    DocumentColumn.TAX: QT_TRANSLATE_NOOP("DocumentTableModel", "Tax"),
    DocumentColumn.TOTAL: QT_TRANSLATE_NOOP("DocumentTableModel", "Total"),
    DocumentColumn.PAYMENT_TERMS: QT_TRANSLATE_NOOP("DocumentTableModel", "Payment terms"),
    DocumentColumn.DUE_DATE: QT_TRANSLATE_NOOP("DocumentTableModel", "Due date"),
    DocumentColumn.SHIP_TO: QT_TRANSLATE_NOOP("DocumentTableModel", "Ship-to"),
}


class DocumentTableModel(ShopRows[Document], QAbstractTableModel):
    """The local sales documents of the shop, newest first."""

    headers = _HEADERS
    key_role = DOC_NO_ROLE
    right_columns = (DocumentColumn.TAX, DocumentColumn.TOTAL)
    sort_keys = {
        DocumentColumn.TOTAL: lambda doc: float(doc.total),
        DocumentColumn.TAX: lambda doc: float(doc.tax_amount),
        DocumentColumn.DATE: attrgetter("document_date"),
        DocumentColumn.DUE_DATE: attrgetter("due_date"),
    }

    def read_rows(self, shop: str) -> list[Document]:
        return read_documents(shop)

    def row_of(self, doc_no: str) -> int:
        return next((i for i, d in enumerate(self._rows) if d.no == doc_no), -1)

    def row_key(self, doc: Document) -> str:
        return doc.no

    def tool_tip(self, doc: Document, column: DocumentColumn) -> str | None:
        if column == DocumentColumn.ORDER and not doc.shopify_order_gid:
            return self.tr("Unlinked: this document no longer belongs to a Shopify order")
        if column == DocumentColumn.SHIP_TO and not doc.ship_to.empty:
            return ship_to_text(doc.ship_to, "\n")
        return None

    def display(self, doc: Document, column: DocumentColumn) -> str | None:
        if column == DocumentColumn.NO:
            return doc.no
        if column == DocumentColumn.TYPE:
            return document_type_label(doc.type)
        if column == DocumentColumn.DATE:
            return format_document_date(doc.document_date)
        if column == DocumentColumn.CUSTOMER:
            if doc.bill_to_customer_no and doc.bill_to_customer_no != doc.sell_to_customer_no:
                return f"{doc.sell_to_customer_no} / {doc.bill_to_customer_no}"
            return doc.sell_to_customer_no
        if column == DocumentColumn.ORDER:
            if not doc.shopify_order_gid:
                return self.tr("(unlinked)")
            return doc.order_name or doc.shopify_order_gid
        if column == DocumentColumn.STATUS:
            return document_status_label(doc.status)
        if column == DocumentColumn.TAX:
            return format_money(doc.tax_amount, doc.currency)
        if column == DocumentColumn.TOTAL:
            return format_money(doc.total, doc.currency)
        if column == DocumentColumn.PAYMENT_TERMS:
            return payment_terms_text(doc.payment_terms_code, doc.payment_terms_name)
        if column == DocumentColumn.DUE_DATE:
            return format_document_date(doc.due_date) if doc.due_date else ""
        if column == DocumentColumn.SHIP_TO:
            return ship_to_text(doc.ship_to)
        return None


class LineColumn(enum.IntEnum):
    TYPE = 0
    NO = 1
    DESCRIPTION = 2
    QUANTITY = 3
    UNIT_PRICE = 4
    DISCOUNT = 5
    AMOUNT = 6


_LINE_HEADERS = {
    LineColumn.TYPE: QT_TRANSLATE_NOOP("DocumentLineTableModel", "Type"),
    LineColumn.NO: QT_TRANSLATE_NOOP("DocumentLineTableModel", "No."),
    LineColumn.DESCRIPTION: QT_TRANSLATE_NOOP("DocumentLineTableModel", "Description"),
    LineColumn.QUANTITY: QT_TRANSLATE_NOOP("DocumentLineTableModel", "Quantity"),
    LineColumn.UNIT_PRICE: QT_TRANSLATE_NOOP("DocumentLineTableModel", "Unit price"),
    LineColumn.DISCOUNT: QT_TRANSLATE_NOOP("DocumentLineTableModel", "Line discount"),
    LineColumn.AMOUNT: QT_TRANSLATE_NOOP("DocumentLineTableModel", "Amount"),
}


class DocumentLineTableModel(RoleCells[SalesLineRecord], QAbstractTableModel):
    """The lines of one sales document (`set_document`)."""

    headers = _LINE_HEADERS
    right_columns = tuple(column for column in LineColumn if column >= LineColumn.QUANTITY)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[SalesLineRecord] = []
        self._currency = ""
        self._doc_no = ""

    def set_document(self, doc_no: str, currency: str = "") -> None:
        lines = read_document_lines(doc_no) if doc_no else []
        self.beginResetModel()
        self._doc_no = doc_no
        self._currency = currency
        self._rows = lines
        self.endResetModel()

    def document_no(self) -> str:
        return self._doc_no

    def display(self, line: SalesLineRecord, column: LineColumn) -> str | None:
        comment = line.type == "comment"
        if column == LineColumn.TYPE:
            return line_type_label(line.type)
        if column == LineColumn.NO:
            return line.no
        if column == LineColumn.DESCRIPTION:
            return line.description
        if comment:
            return ""
        if column == LineColumn.QUANTITY:
            return format_quantity(line.quantity)
        if column == LineColumn.UNIT_PRICE:
            return format_money(line.unit_price, self._currency)
        if column == LineColumn.DISCOUNT:
            return format_money(line.line_discount, self._currency) if line.line_discount \
                else ""
        if column == LineColumn.AMOUNT:
            return format_money(line.amount, self._currency)
        return None
