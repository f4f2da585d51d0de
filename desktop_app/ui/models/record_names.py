"""The records a run names (Shopify GIDs, customer and document numbers, order names) as the
merchant knows them: "Lucas Lambert <lucas@example.com>", "#1033", "K0004 Olivia Lambert"
(issue 18). `store.display_names` reads what the local mirror knows, in one batch; this
module words it, in the interface language, and builds the Shopify admin address of a
record. The raw record stays the tooltip (and the CSV export's), so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.errors import AppError
from desktop_app.store import display_names as names
from desktop_app.store import shops
from desktop_app.store.display_names import RecordRef
from desktop_app.ui.models.order_labels import document_type_label

_CTX = "RecordNames"

#: How a Shopify object the mirror does not hold is named, by its GID type.
_SHOPIFY_FORMS = {
    "Customer": QT_TRANSLATE_NOOP("RecordNames", "Shopify customer %1"),
    "Order": QT_TRANSLATE_NOOP("RecordNames", "Shopify order %1"),
    "Company": QT_TRANSLATE_NOOP("RecordNames", "Shopify company %1"),
    "CompanyLocation": QT_TRANSLATE_NOOP("RecordNames", "Shopify company location %1"),
    "GiftCard": QT_TRANSLATE_NOOP("RecordNames", "Shopify gift card %1"),
    "Refund": QT_TRANSLATE_NOOP("RecordNames", "Shopify refund %1"),
    "DraftOrder": QT_TRANSLATE_NOOP("RecordNames", "Shopify draft order %1"),
    "Location": QT_TRANSLATE_NOOP("RecordNames", "Shopify location %1"),
}
_OTHER_FORM = QT_TRANSLATE_NOOP("RecordNames", "Shopify record %1")

#: The Shopify admin's page of each kind of object, by GID type.
_ADMIN_PAGES = {"Customer": "customers", "Order": "orders", "Company": "companies",
                "GiftCard": "gift_cards", "DraftOrder": "draft_orders"}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def shopify_form(ref: RecordRef) -> str:
    """"Shopify order 8100000001802": a Shopify object by its type and number."""
    return _tr(_SHOPIFY_FORMS.get(ref.gid_type, _OTHER_FORM)).replace("%1", ref.number)


def _person(name: str, email: str) -> str:
    if name and email:
        return f"{name} <{email}>"
    return name or email


def record_text(ref: RecordRef) -> str:
    """The record as the window shows it; never a raw GID."""
    if ref.kind == names.LOCAL_CUSTOMER:
        return f"{ref.local_no} {ref.name}".strip()
    if ref.kind == names.DOCUMENT:
        text = f"{document_type_label(ref.document_type)} {ref.document_no}"
        return f"{text} ({ref.name})" if ref.name else text
    if ref.kind == names.CUSTOMER and ref.found and (ref.name or ref.email):
        return _person(ref.name, ref.email)
    if ref.kind in (names.ORDER, names.COMPANY) and ref.found and ref.name:
        return ref.name
    if ref.gid:
        return shopify_form(ref)
    return ref.record


def record_tip(ref: RecordRef) -> str:
    """The tooltip: the record as the run named it (its GID), and the local customer."""
    lines = [ref.record]
    if ref.local_no and ref.kind != names.LOCAL_CUSTOMER:
        lines.append(QCoreApplication.translate("RecordNames", "Local customer %1")
                     .replace("%1", ref.local_no))
    return "\n".join(lines)


def resolve(shop: str | None, records: Iterable[str]) -> dict[str, RecordRef]:
    """`display_names.find_records`, or bare references when the store cannot be read
    (a locked database must not break the log)."""
    wanted = list(records)
    try:
        return names.find_records(shop, wanted)
    except AppError:
        return {r: RecordRef(r) for r in wanted}


def opens(ref: RecordRef) -> bool:
    """Whether the window can open the record (a double-click does something)."""
    return ref.found and ref.kind in (names.CUSTOMER, names.LOCAL_CUSTOMER, names.ORDER,
                                      names.COMPANY, names.DOCUMENT)


def admin_url(shop: str | None, ref: RecordRef) -> str:
    """The record's page in the Shopify admin of `shop` ("" when it has none: no Shopify
    id, a demo shop, or no *.myshopify.com domain)."""
    page = _ADMIN_PAGES.get(ref.gid_type)
    if not shop or page is None or not ref.number.isdigit():
        return ""
    try:
        domain = (shops.get_shop(shop).domain or "").strip().lower()
    except AppError:
        return ""
    if not domain.endswith(".myshopify.com"):
        return ""
    store = domain[: -len(".myshopify.com")]
    return f"https://admin.shopify.com/store/{store}/{page}/{ref.number}"
