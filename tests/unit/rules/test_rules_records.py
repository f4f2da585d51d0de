"""The rules' plain records keep their fields, in order: callers build them by position."""

from __future__ import annotations

import dataclasses

import pytest

from desktop_app.sync.rules.fields import LocalFields
from desktop_app.sync.rules.records import LocalCustomerRow

CUSTOMER_FIELDS = ("name", "name_2", "contact", "address", "address_2", "city", "post_code",
                   "county", "country", "phone", "phone_ext", "email")


def _names(record: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record))


def test_local_customer_row_is_its_no_then_the_customer_fields():
    assert _names(LocalCustomerRow) == ("no", *CUSTOMER_FIELDS)
    row = LocalCustomerRow(*(f"{i}" for i in range(13)))
    assert (row.no, row.name, row.email) == ("0", "1", "12")
    assert LocalCustomerRow("C1") == LocalCustomerRow(no="C1", name="", email="")
    with pytest.raises(TypeError):
        LocalCustomerRow()  # the number is needed
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.no = "C2"


def test_local_fields_are_the_customer_fields_and_what_was_cut():
    assert _names(LocalFields) == (*CUSTOMER_FIELDS, "cut")
    fields = LocalFields(*(f"{i}" for i in range(12)))
    assert (fields.name, fields.email, fields.cut) == ("0", "11", ())
    with pytest.raises(dataclasses.FrozenInstanceError):
        fields.name = "x"
