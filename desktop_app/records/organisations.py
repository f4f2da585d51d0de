"""A local organisation's business details: its registration number, VAT registration number
and payment terms code ("" when none), as the store keeps them (`store.companies`'
`BusinessDetails` table) and as the company mapping and export read them.

The types that hold them extend `OrganisationDetails` and keep their own fields first with a
small base of their own (a dataclass takes the fields of its last base first), so that each
field order, and each construction by position, is as it was.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OrganisationDetails:
    """An organisation's registration no., VAT registration no. and payment terms code."""

    registration_no: str = ""
    vat_registration_no: str = ""
    payment_terms: str = ""
