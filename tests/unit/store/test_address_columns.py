"""The local address columns are declared once (`store.models.LocalAddressColumns`, issue 16)
and `Customer` and `ShipToAddress` inherit them: same names and widths as
`records.widths.ADDRESS`, with the customer's own rules (a required name, an indexed phone)."""

from __future__ import annotations

import dataclasses

import peewee

from desktop_app.records import widths
from desktop_app.records.addresses import LocalAddress
from desktop_app.store.companies import ShipToAddress
from desktop_app.store.models import ALL_MODELS, Customer, LocalAddressColumns

ADDRESS = tuple(f.name for f in dataclasses.fields(LocalAddress))


def test_the_address_columns_are_the_local_address_of_its_widths():
    assert tuple(LocalAddressColumns._meta.sorted_field_names) == ("id", *ADDRESS)
    for model in (Customer, ShipToAddress):
        assert issubclass(model, LocalAddressColumns)
        for name in ADDRESS:
            column = model._meta.fields[name]
            assert isinstance(column, peewee.CharField), (model, name)
            assert column.max_length == getattr(widths.ADDRESS, name), (model, name)
            assert column.model is model and column.column_name == name


def test_the_customer_keeps_its_own_rules_and_the_base_has_no_table():
    assert Customer._meta.fields["name"].default is None  # required
    assert ShipToAddress._meta.fields["name"].default == ""
    assert Customer._meta.fields["phone"].index and not ShipToAddress._meta.fields["phone"].index
    assert LocalAddressColumns not in ALL_MODELS
