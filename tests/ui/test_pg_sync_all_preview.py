"""The window's Sync all on a shared PostgreSQL database (issue 22 x 19): it previews the
run before asking (`ui.sync_confirmation`), and that preview runs on a throw-away SQLite
copy of the server's data (`store/snapshot.py`), so the question names the one record the
run would write while the server keeps every row and nothing reaches the shop.

Driven by the real shortcut and mouse clicks, on the in-process demo shop, with the store
bound to this worker's PostgreSQL test database (tests/postgres.py).

Control: with the snapshot as it was (SQLite only), the preview stops at its copy
(AttributeError) and no question opens: `_question` times out.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from postgres import bound_postgres
from postgres_rows import server_rows
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from test_sync_all_confirmation import _customer_to_upload, _question
from ui_helpers import wait_until

from desktop_app.store.customers import get_customer
from desktop_app.store.engines import is_postgres

SHOP = "DEMO"


@pytest.fixture
def db() -> Iterator[object]:
    """This worker's PostgreSQL test database, emptied and bound (in place of a file)."""
    with bound_postgres() as database:
        yield database


async def test_sync_all_previews_on_a_copy_of_the_server_then_asks(qtbot, db, context, window):
    assert is_postgres(db)
    _customer_to_upload("L1")
    started: list[str] = []
    context.engine.started.connect(lambda _shop, resource: started.append(resource))
    before = server_rows(db.url)

    box = await _question(window)

    assert box.text().startswith("Sync all would write 1 record to Shopify (Customers: 1)")
    assert started == [] and get_customer("L1", shop=SHOP).shopify_id is None
    assert server_rows(db.url) == before, "the preview changed the server's database"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    await wait_until(lambda: window.findChild(QMessageBox, "confirm_shopify_writes_box")
                     is None)
    assert started == [] and server_rows(db.url) == before
