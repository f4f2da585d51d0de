"""Typed errors become plain, translated messages; unexpected ones reach the crash dialog."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app import errors
from desktop_app.store.settings import SettingError
from desktop_app.ui import crash, feedback
from desktop_app.ui.dialogs.crash_dialog import CrashDialog

CASES = [
    (errors.AuthError("401 from shop"), "Shopify refused the access token"),
    (errors.NetworkError("connect timeout"), "could not be reached"),
    (errors.ThrottledError("429"), "slow down"),
    (errors.ShopAddressError("bad host"), "NAME.myshopify.com"),
    (errors.DatabaseLockedError("database is locked"), "database is busy"),
    (errors.DiskFullError("disk full"), "disk is full"),
    (errors.DatabaseTooNewError("version 9 > 3"), "newer version of Shop Sync"),
    (errors.NoKeyringError("fail backend"), "this session only"),
    (errors.MaxCostExceededError("cost 2000"), "too large"),
    (errors.AccessDeniedError("denied", scope="read_all_orders"), "“read_all_orders”"),
]


@pytest.mark.parametrize(("exc", "expected"), CASES, ids=[type(c[0]).__name__ for c in CASES])
def test_each_error_class_has_its_own_plain_message(exc, expected):
    text = feedback.message_for(exc)
    assert expected in text
    assert exc.message not in text  # the developer text goes to "details", not the message


def test_messages_differ_between_error_classes():
    texts = {feedback.message_for(exc) for exc, _ in CASES}
    assert len(texts) == len(CASES)


def test_user_errors_list_the_fields():
    exc = errors.UserErrors(
        [errors.UserErrorItem(("input", "phone"), "Phone has already been taken"),
         errors.UserErrorItem(None, "Customer is invalid")],
        record="C00042",
    )
    text = feedback.message_for(exc)
    assert text.splitlines() == [
        "Shopify refused customer C00042:",
        "• input.phone: Phone has already been taken",
        "• Customer is invalid",
    ]


def test_record_error_names_record_and_field():
    text = feedback.message_for(errors.RecordError("C00007", "email", "is not a valid address"))
    assert text == "Record C00007 was skipped: the field “email” is not a valid address."


def test_unknown_app_errors_fall_back_by_family_and_bugs_get_a_generic_text():
    assert feedback.message_for(SettingError("Setting 'x' takes true or false")) == (
        "Setting 'x' takes true or false")
    assert feedback.message_for(errors.StoreError("odd")).startswith("The local database")
    assert "unexpected" in feedback.message_for(ValueError("boom"))


def test_show_error_opens_a_non_blocking_box_with_details(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    box = feedback.show_error(parent, errors.NetworkError("ReadTimeout after 5 retries"))
    assert box.isVisible() and box.windowTitle() == "Shopify"
    assert box.text() == feedback.message_for(errors.NetworkError("x"))
    assert box.detailedText() == "ReadTimeout after 5 retries"
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not box.isVisible())


def test_crash_dialog_shows_summary_log_path_and_copies_details(qtbot, tmp_path):
    dialog = CrashDialog("ValueError: boom", "Traceback...\nValueError: boom", tmp_path / "x.log")
    qtbot.addWidget(dialog)
    assert str(tmp_path / "x.log") in dialog.log_label.text()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "Traceback...\nValueError: boom"


def test_excepthook_logs_scrubs_and_opens_the_dialog(qtbot, tmp_path, caplog):
    token = "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"
    hook = crash.install_excepthook(tmp_path / "shop-sync.log")
    try:
        assert sys.excepthook is hook
        try:
            raise RuntimeError(f"request failed with header {token}")
        except RuntimeError:
            hook(*sys.exc_info())
    finally:
        sys.excepthook = hook.previous
    dialogs = [d for d in crash._open_dialogs if d.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    assert token not in dialog.details() and token not in dialog.summary_label.text()
    assert "RuntimeError" in dialog.summary_label.text()
    assert "test_excepthook_logs_scrubs_and_opens_the_dialog" in dialog.details()
    assert any(r.levelname == "ERROR" and r.name == "desktop_app.crash" for r in caplog.records)
    dialog.reject()
    assert dialog not in crash._open_dialogs
