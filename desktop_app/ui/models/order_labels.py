"""The labels and formats the order views share: Shopify's status words (PARTIALLY_PAID...)
as translated labels, document types, money (Decimals formatted by `QLocale`, with their ISO
currency code) and dates, the colours of errors and conflicts, and the item data roles the
order tables hand their proxies (`SORT_ROLE`, `GID_ROLE`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt
from PySide6.QtGui import QColor

from desktop_app.ui.models.word_labels import word_label

#: Raw value for sorting, in every table model (Decimal amounts, ISO dates, text as shown,
#: flags as 0/1).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The Shopify order GID of the row.
GID_ROLE = Qt.ItemDataRole.UserRole + 2

_CTX = "OrderLabels"

_STATUS = {
    # displayFinancialStatus
    "PENDING": QT_TRANSLATE_NOOP("OrderLabels", "Pending"),
    "AUTHORIZED": QT_TRANSLATE_NOOP("OrderLabels", "Authorized"),
    "PARTIALLY_PAID": QT_TRANSLATE_NOOP("OrderLabels", "Partially paid"),
    "PAID": QT_TRANSLATE_NOOP("OrderLabels", "Paid"),
    "PARTIALLY_REFUNDED": QT_TRANSLATE_NOOP("OrderLabels", "Partially refunded"),
    "REFUNDED": QT_TRANSLATE_NOOP("OrderLabels", "Refunded"),
    "VOIDED": QT_TRANSLATE_NOOP("OrderLabels", "Voided"),
    "EXPIRED": QT_TRANSLATE_NOOP("OrderLabels", "Expired"),
    # displayFulfillmentStatus
    "UNFULFILLED": QT_TRANSLATE_NOOP("OrderLabels", "Unfulfilled"),
    "PARTIALLY_FULFILLED": QT_TRANSLATE_NOOP("OrderLabels", "Partially fulfilled"),
    "FULFILLED": QT_TRANSLATE_NOOP("OrderLabels", "Fulfilled"),
    "RESTOCKED": QT_TRANSLATE_NOOP("OrderLabels", "Restocked"),
    "IN_PROGRESS": QT_TRANSLATE_NOOP("OrderLabels", "In progress"),
    "ON_HOLD": QT_TRANSLATE_NOOP("OrderLabels", "On hold"),
    "OPEN": QT_TRANSLATE_NOOP("OrderLabels", "Open"),
    "SCHEDULED": QT_TRANSLATE_NOOP("OrderLabels", "Scheduled"),
    "REQUEST_DECLINED": QT_TRANSLATE_NOOP("OrderLabels", "Request declined"),
    "PENDING_FULFILLMENT": QT_TRANSLATE_NOOP("OrderLabels", "Pending fulfillment"),
}

#: The financial and fulfillment statuses offered by the filters (Shopify's values).
FINANCIAL_STATUSES = ("PENDING", "AUTHORIZED", "PARTIALLY_PAID", "PAID", "PARTIALLY_REFUNDED",
                      "REFUNDED", "VOIDED", "EXPIRED")
FULFILLMENT_STATUSES = ("UNFULFILLED", "PARTIALLY_FULFILLED", "FULFILLED", "RESTOCKED",
                        "IN_PROGRESS", "ON_HOLD", "SCHEDULED")

_DOC_TYPES = {
    "order": QT_TRANSLATE_NOOP("OrderLabels", "Sales order"),
    "invoice": QT_TRANSLATE_NOOP("OrderLabels", "Sales invoice"),
    "credit_memo": QT_TRANSLATE_NOOP("OrderLabels", "Credit memo"),
}

ERROR_COLOUR = QColor(190, 30, 30)
CONFLICT_COLOUR = QColor(176, 96, 0)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def status_label(value: str) -> str:
    """Shopify's status word as the merchant reads it (unknown words title-cased)."""
    if not value:
        return ""
    text = _STATUS.get(value.upper())
    return _tr(text) if text else value.replace("_", " ").capitalize()


def document_type_label(value: str) -> str:
    return word_label(_CTX, _DOC_TYPES, value)


def format_money(amount: Decimal | None, currency: str = "",
                 locale: QLocale | None = None) -> str:
    """An amount with its ISO currency code, in the locale's number and currency format."""
    if amount is None:
        return ""
    locale = locale or QLocale()
    if not currency:
        return locale.toString(float(amount), "f", 2)
    text = locale.toCurrencyString(float(amount), currency, 2)
    # Qt glues an ISO code to the digits ("EUR1,234.50"): keep them apart.
    nbsp = "\u00a0"
    if text.startswith(currency) and len(text) > len(currency) and \
            not text[len(currency)].isspace():
        text = currency + nbsp + text[len(currency):]
    elif text.endswith(currency) and len(text) > len(currency) and \
            not text[-len(currency) - 1].isspace():
        text = text[:-len(currency)] + nbsp + currency
    return text


def format_date(value: dt.datetime | None, locale: QLocale | None = None) -> str:
    """A UTC timestamp shown in local time, short format."""
    if value is None:
        return ""
    local = value.astimezone()
    return (locale or QLocale()).toString(local.replace(tzinfo=None),
                                          QLocale.FormatType.ShortFormat)


def first_line(text: str, limit: int = 80) -> str:
    """The first line of `text`, cut to `limit` characters with an ellipsis."""
    line = (text or "").splitlines()[0] if text else ""
    return line if len(line) <= limit else line[:limit - 1] + "…"


def order_number(name: str) -> int | str:
    """An order name's number, to sort #2 before #10 (the name when it has no digit)."""
    digits = "".join(ch for ch in name if ch.isdigit())
    return int(digits) if digits else name
