"""Decimals and money print as Shopify prints them (real captures: "10.0", "13.5", "41.01")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.demo_shop.backend import build_demo_schema


@pytest.mark.parametrize(("value", "text"), [
    ("10.00", "10.0"), ("13.50", "13.5"), ("41.01", "41.01"), ("3000.00", "3000.0"),
    ("0.00", "0.0"), ("-0.00", "0.0"), ("-5.10", "-5.1"), ("0.005", "0.005"),
])
def test_money_and_decimals_drop_trailing_zeros_but_keep_one_digit(value: str, text: str) -> None:
    schema = build_demo_schema()
    for scalar in ("Money", "Decimal"):
        assert schema.type_map[scalar].serialize(Decimal(value)) == text  # type: ignore[attr-defined]
