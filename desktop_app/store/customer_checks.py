"""The checks of a local customer's values given as CSV columns: one row of the CSV import,
or the fields `customers set` changes (`local_customers.set_customer`), checked alike.

Values come back as the store keeps them (country as ISO code, phone as E.164 with the
extension apart); each refused value is a `RowError` naming its line, record and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app import geo
from desktop_app.records.text import clean_text
from desktop_app.store.models import Customer, CustomerTemplate
from desktop_app.validation import country_code, first_email, is_valid_email, parse_phone

#: A customer's CSV columns (../shared/CLI.md), in the export's order.
CUSTOMER_COLUMNS = (
    "no", "name", "name_2", "contact", "address", "address_2", "city", "post_code", "county",
    "country", "phone", "email", "template", "category",
)


@dataclass(frozen=True)
class RowError:
    """One refused row: its line in the file (1 = header), its number, the field, why."""

    line: int
    no: str
    field: str
    message: str


@dataclass
class CsvRow:
    """One row as column -> text, and its line in the file (0: not from a file)."""

    line: int
    values: dict[str, str]


def length_errors(model: type, row: CsvRow, no: str, skip: tuple[str, ...] = ()
                  ) -> list[RowError]:
    """A value longer than its column of `model` (its `max_length`), but the `skip` ones."""
    errors = []
    for name, value in row.values.items():
        if name in skip:
            continue
        max_length = getattr(model._meta.fields.get(name), "max_length", None)
        if max_length and len(value) > max_length:
            errors.append(RowError(row.line, no, name, f"longer than {max_length} characters"))
    return errors


def check_customer_row(row: CsvRow, templates: set[str]) -> tuple[dict[str, Any] | None,
                                                                  list[RowError]]:
    """The checks of one customer row (`templates`: the customer template codes)."""
    v = row.values
    no = v.get("no", "")
    errors: list[RowError] = []
    if not no:
        errors.append(RowError(row.line, no, "no", "required"))
    if "name" in v and not v["name"]:
        errors.append(RowError(row.line, no, "name", "required"))
    errors += length_errors(Customer, row, no, skip=("phone", "country", "email"))
    data: dict[str, Any] = {k: val for k, val in v.items()
                            if k not in ("phone", "country", "email", "category")}

    region = None
    country_ok = True
    if "country" in v:
        if v["country"]:
            region = country_code(v["country"])
            if region is None:
                country_ok = False
                errors.append(RowError(row.line, no, "country",
                                       f"unknown country '{v['country']}'"))
        data["country"] = region or ""
    if "email" in v:
        email = v["email"]
        first = first_email(email)
        if email and (first is None or not is_valid_email(first)):
            errors.append(RowError(row.line, no, "email",
                                   f"'{first or email}' is not a valid e-mail address"))
        elif len(email) > Customer.email.max_length:
            errors.append(RowError(row.line, no, "email",
                                   f"longer than {Customer.email.max_length} characters"))
        data["email"] = email
    if "phone" in v:
        data["phone"], data["phone_ext"] = "", ""
        if v["phone"] and country_ok:  # with an unknown country, only that is reported
            try:
                phone = parse_phone(v["phone"], region)
            except ValueError as exc:
                errors.append(RowError(row.line, no, "phone", f"'{v['phone']}': {exc}"))
            else:
                data["phone"], data["phone_ext"] = phone.e164, phone.extension
    if "category" in v:
        category = v["category"].lower() or "person"
        if category not in Customer.CATEGORIES:
            errors.append(RowError(row.line, no, "category",
                                   f"'{v['category']}' is not person or organisation"))
        data["category"] = category
    if v.get("county") and region:
        country = geo.country(region)
        if country is not None and country.provinces and geo.province_code(
            region, v["county"]
        ) is None:
            errors.append(RowError(row.line, no, "county",
                                   f"unknown county '{v['county']}' for {region}"))
    if v.get("template") and v["template"] not in templates:
        errors.append(RowError(row.line, no, "template",
                               f"unknown customer template '{v['template']}'"))
    return (None if errors else data), errors

def check_customer_values(values: dict[str, str]) -> tuple[dict[str, Any] | None,
                                                          list[RowError]]:
    """The import's checks of one customer given as CSV column values (not from a file:
    the errors' line is 0): `local_customers.set_customer` changes a customer with them.

    Returns:
        The values as the store keeps them (None when refused), and the errors.
    """
    templates = {c for (c,) in CustomerTemplate.select(CustomerTemplate.code).tuples()}
    row = CsvRow(0, {k: clean_text(v) for k, v in values.items()})
    return check_customer_row(row, templates)
