"""A sales document's tax area and tax liability (schema v16; issue 17)."""

from __future__ import annotations

from desktop_app.errors import NotFoundError
from desktop_app.store.models import Customer
from desktop_app.store.order_models import SalesDocument


def set_document_tax_area(no: str, tax_area_code: str, tax_liable: bool) -> None:
    """Write the tax area a new document got (call inside the transaction that made it).

    Raises:
        NotFoundError: no such document.
    """
    updated = (SalesDocument.update(tax_area_code=tax_area_code[:20], tax_liable=tax_liable)
               .where(SalesDocument.no == no).execute())
    if not updated:
        raise NotFoundError(f"There is no sales document {no}", record=no)


def document_tax_area(no: str) -> tuple[str, bool]:
    """(tax area code, tax liable) of document `no`.

    Raises:
        NotFoundError: no such document.
    """
    doc = SalesDocument.get_or_none(SalesDocument.no == no)
    if doc is None:
        raise NotFoundError(f"There is no sales document {no}", record=no)
    return doc.tax_area_code, bool(doc.tax_liable)


def customer_tax_address(no: str) -> tuple[str, str, str] | None:
    """(city, country, county) of local customer `no` (its own address), None if unknown."""
    row = (Customer.select(Customer.city, Customer.country, Customer.county)
           .where(Customer.no == no).first()) if no else None
    return None if row is None else (row.city or "", row.country or "", row.county or "")
