"""The G/L accounts and payment methods tables (issue 17; schema v17 and v18): v17 keeps every
account code already in use, what uses a code stops its removal, and the payment method of
an order's document follows its one gateway (bc_connector §1.11)."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import peewee
import pytest

from desktop_app.errors import NotFoundError
from desktop_app.records.orders import Money, TransactionRecord
from desktop_app.store import gl_accounts, mappings, payment_methods, shops
from desktop_app.store.database import close_database, open_database
from desktop_app.store.migrations import MIGRATIONS, runner
from desktop_app.store.order_models import SalesDocument, SalesLine, ShipmentMethodMapping
from desktop_app.store.setup_checks import SetupInUseError, SetupUse, SetupValueError

ZERO = Money(Decimal(0), Decimal(0))


def test_the_models_match_the_migrated_schema(db):
    for model in (gl_accounts.GLAccount, payment_methods.PaymentMethod,
                  payment_methods.PaymentMethodMapping, SalesDocument):
        table = model._meta.table_name
        columns = {row[1] for row in db.execute_sql(f"PRAGMA table_info({table})")}
        assert columns == {f.column_name for f in model._meta.sorted_fields}, table


def test_v17_keeps_every_account_code_already_in_use(tmp_path):
    # Control: without v17's inserts no row exists and the card's settings name nothing.
    path = tmp_path / "old.sqlite3"
    raw = peewee.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    raw.connect()
    runner.migrate(raw, path, MIGRATIONS[:16])
    raw.execute_sql("INSERT INTO shop (code, name, settings, created_at) VALUES ('S', 'S', "
                    "'{\"tip_account\": \"6200\", \"refund_account\": \" 6300 \", "
                    "\"customer_template\": \"RETAIL\", \"no_item_account\": \"\"}', "
                    "'2025-01-01 00:00:00.000000')")
    raw.execute_sql("INSERT INTO sales_document (no, type, document_date, created_at) VALUES "
                    "('SO1', 'order', '2025-01-01', '2025-01-01 00:00:00.000000')")
    raw.execute_sql("INSERT INTO sales_line (document_id, line_no, type, no) VALUES "
                    "(1, 1, 'gl_account', '6100'), (1, 2, 'item', 'ITEM-1'), "
                    "(1, 3, 'gl_account', '6200')")
    raw.execute_sql("INSERT INTO shipment_method_mapping (shop_id, title, charge_type, "
                    "charge_no) VALUES (1, 'Express', 'gl_account', '6150'), "
                    "(1, 'Standard', 'item', 'SHIP')")
    raw.close()
    open_database(path)
    try:
        assert [a.code for a in gl_accounts.TABLE.rows()] == ["6100", "6150", "6200", "6300"]
        assert gl_accounts.account_uses("6200") == [SetupUse("setting", "S", "tip_account"),
                                                    SetupUse("document", name="SO1")]
        assert gl_accounts.account_uses("6150") == [SetupUse("shipment_mapping", "S",
                                                             "Express")]
    finally:
        close_database()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_an_account_in_use_is_not_removed_and_many_documents_are_counted(db):
    gl_accounts.TABLE.add("6100", "Shipping")
    for number in range(1, 8):
        document = SalesDocument.create(no=f"SO{number}", type="order",
                                        document_date="2026-01-01")
        SalesLine.create(document=document, line_no=1, type="gl_account", no="6100")
    with pytest.raises(SetupInUseError) as refused:
        gl_accounts.TABLE.remove("6100")
    assert [u.text for u in refused.value.uses] == [
        "document SO1", "document SO2", "document SO3", "document SO4", "document SO5",
        "2 more documents"]
    assert str(refused.value).startswith("G/L account 6100 is not removed: it is used by "
                                         "document SO1;")
    with pytest.raises(NotFoundError):
        gl_accounts.TABLE.remove("6999")


def _paid(*payments: tuple[str, str, str]) -> list[TransactionRecord]:
    return [TransactionRecord(str(n), kind, status, gateway, ZERO, "", None)
            for n, (kind, status, gateway) in enumerate(payments)]


@pytest.mark.parametrize("payments, gateway", [
    ((("SALE", "SUCCESS", "paypal"),), "paypal"),
    ((("AUTHORIZATION", "SUCCESS", "shopify_payments"),
      ("CAPTURE", "SUCCESS", "shopify_payments"),
      ("REFUND", "SUCCESS", "manual")), "shopify_payments"),
    ((("SALE", "SUCCESS", "gift_card"), ("SALE", "SUCCESS", "paypal")), ""),  # two: none
    ((("SALE", "FAILURE", "paypal"), ("SALE", "SUCCESS", "cash")), "cash"),
    ((), ""),
])
def test_an_order_has_a_gateway_only_when_all_its_payments_share_one(payments, gateway):
    assert payment_methods.order_gateway(_paid(*payments)) == gateway


def test_a_gateway_maps_only_to_a_local_payment_method(db):
    shops.create_shop("WEB")
    with pytest.raises(SetupValueError) as refused:
        mappings.set_mapping("WEB", "payment-method", "paypal", "PP")
    assert (refused.value.kind, refused.value.field) == ("unknown_payment_method", "local_code")
    payment_methods.TABLE.add("PP", "PayPal")
    saved, change = mappings.set_mapping("WEB", "payment-method", "paypal", "pp")
    assert (saved.local_code, change) == ("PP", ("", "PP"))
    paid = _paid(("SALE", "SUCCESS", "paypal"))
    assert payment_methods.document_payment_method("WEB", paid) == "PP"
    assert payment_methods.document_payment_method("WEB", _paid(("SALE", "SUCCESS", "cash"))) \
        == ""
    with pytest.raises(SetupInUseError):
        payment_methods.TABLE.remove("PP")
    mappings.set_mapping("WEB", "payment-method", "paypal", "")
    assert payment_methods.TABLE.remove("PP").code == "PP"
    assert ShipmentMethodMapping.select().count() == 0  # the other kinds untouched
