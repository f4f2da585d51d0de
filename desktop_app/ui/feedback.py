"""Turns the app's typed errors into translated, plain-language messages.

Lower layers raise `AppError` subclasses with English, developer-facing text; this module is
the one place that decides what a merchant reads. `message_for(exc)` is pure (testable without
a dialog); `show_error(parent, exc)` puts the message in a non-blocking message box, so it is
safe to call from inside an `@asyncSlot` (a nested `exec()` would re-enter the qasync loop).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app import errors
from desktop_app.ui.widgets.window_rules import adopt

log = logging.getLogger(__name__)

_CTX = "Feedback"


def _tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(_CTX, text, disambiguation, n)


def _user_errors_text(exc: errors.UserErrors) -> str:
    lines = []
    for item in exc.items:
        if item.field_path:
            lines.append(QCoreApplication.translate("Feedback", "• {field}: {message}").format(
                field=item.field_path, message=item.message))
        else:
            lines.append(QCoreApplication.translate("Feedback", "• {message}").format(
                message=item.message))
    head = (
        QCoreApplication.translate("Feedback", "Shopify refused customer {record}:").format(
            record=exc.record)
        if exc.record
        else QCoreApplication.translate("Feedback", "Shopify refused the record:")
    )
    return "\n".join([head, *lines]) if lines else head


def _record_error_text(exc: errors.RecordError) -> str:
    if exc.field:
        return QCoreApplication.translate(
            "Feedback", "Record {record} was skipped: the field “{field}” {reason}.").format(
            record=exc.record, field=exc.field, reason=exc.reason.rstrip(".")
        )
    return QCoreApplication.translate("Feedback", "Record {record} was skipped: {reason}.").format(
        record=exc.record, reason=exc.reason.rstrip(".")
    )


def _access_denied_text(exc: errors.AccessDeniedError) -> str:
    scope = exc.details.get("scope")
    if scope:
        return QCoreApplication.translate("Feedback",
            "Shopify did not allow this request: the app lacks the access scope “{scope}”. "
            "Add it to the app in your Shopify admin, then test the connection again."
        ).format(scope=scope)
    return QCoreApplication.translate("Feedback",
        "Shopify did not allow this request: the app lacks an access scope it needs. "
        "Use Test connection on the Shop Card to see which one."
    )


#: The headline of an `AuthError` by (its `reason`, its `secret`), each naming the Shop Card
#: field to act on (issue 18); any other is a refused token.
_AUTH_TEXTS = {
    (errors.AuthError.NO_SECRET, "client_secret"): QT_TRANSLATE_NOOP(
        "Feedback",
        "No client secret is saved for this shop yet. Paste it under Client secret on the "
        "Shop Card, then test the connection."),
    (errors.AuthError.NO_SECRET, "token"): QT_TRANSLATE_NOOP(
        "Feedback",
        "No access token is saved for this shop yet. Paste it under Access token on the "
        "Shop Card, then test the connection."),
    (errors.AuthError.CLIENT_REFUSED, None): QT_TRANSLATE_NOOP(
        "Feedback",
        "Shopify refused the app's client ID or secret. Copy both again from the app's "
        "settings in Shopify into Client ID and Client secret on the Shop Card, check that "
        "the app is installed on this store, then test the connection again."),
    (errors.AuthError.NO_CLIENT_ID, None): QT_TRANSLATE_NOOP(
        "Feedback",
        "The app's client ID is empty. Copy it from the app's settings in Shopify into "
        "Client ID on the Shop Card, next to its secret."),
    (errors.AuthError.FORBIDDEN, None): QT_TRANSLATE_NOOP(
        "Feedback",
        "Shopify refused access to this shop: the app may have been uninstalled from it or "
        "may lack permission. Check the app in your Shopify admin, then test the "
        "connection again."),
}
_TOKEN_REFUSED = QT_TRANSLATE_NOOP(
    "Feedback",
    "Shopify refused the access token. Check the token on the Shop Card (it may have been "
    "revoked or mistyped) and test the connection again.")


def _auth_text(exc: errors.AuthError) -> str:
    """One headline per cause (`_AUTH_TEXTS`)."""
    return _tr(_AUTH_TEXTS.get((exc.details.get("reason"), exc.details.get("secret")),
                               _TOKEN_REFUSED))


#: The code of `store.database.DatabaseUnreachableError` (the window does not import the store).
_UNREACHABLE = "database_unreachable"


def _unreachable_text(exc: errors.AppError) -> str:
    """The shared database server did not answer: which one (host and port, never a password)
    and what to check."""
    server = str(exc.details.get("server") or "")
    if server:
        return QCoreApplication.translate(
            "Feedback",
            "The database server {server} could not be reached, so nothing was read or saved. "
            "Check that the server is running, that this computer can reach it over the "
            "network (server name, port, firewall) and that this workstation is set to the "
            "right database address, then try again.").format(server=server)
    return QCoreApplication.translate(
        "Feedback",
        "The database server could not be reached, so nothing was read or saved. Check that "
        "the server is running, that this computer can reach it over the network (server "
        "name, port, firewall) and that this workstation is set to the right database "
        "address, then try again.")


def _shop_busy_text(exc: errors.AppError) -> str | None:
    """A sync refused because another process holds the shop's lock: who (workstation, user,
    since when, in local time and the locale's format), as far as the lock says; None for
    another refusal."""
    if "waited" not in exc.details:  # not the lock's (e.g. a card removed while it syncs)
        return None
    shop = str(exc.details.get("shop") or "")
    since = exc.details.get("since")
    when = (QLocale().toString(since.astimezone(), QLocale.FormatType.ShortFormat)
            if isinstance(since, dt.datetime) else "")
    host, user = exc.details.get("host"), exc.details.get("user")
    if host and when:
        return QCoreApplication.translate(
            "Feedback",
            "Shop {shop} is being synced from the workstation {host} by {user} since {since}. "
            "Try again when that sync has finished.").format(
            shop=shop, host=host, user=user or "?", since=when)
    if when:
        return QCoreApplication.translate(
            "Feedback",
            "Shop {shop} is being synced by another Shop Sync window or command on this "
            "computer since {since}. Try again when that sync has finished.").format(
            shop=shop, since=when)
    return QCoreApplication.translate(
        "Feedback",
        "Shop {shop} is being synced by another Shop Sync window or command. Try again when "
        "that sync has finished.").format(shop=shop)


def waiting_for_text(shop: str, details: dict[str, object]) -> str:
    """While a sync waits for another process's sync of the same shop: whom it waits for
    (`SyncService.on_lock_held`'s details), as a refusal would name it."""
    since = details.get("since")
    when = (QLocale().toString(since.astimezone(), QLocale.FormatType.ShortFormat)
            if isinstance(since, dt.datetime) else "")
    host, user = details.get("host"), details.get("user")
    if host and when:
        return QCoreApplication.translate(
            "Feedback",
            "Waiting: shop {shop} is being synced from the workstation {host} by {user} "
            "since {since}…").format(shop=shop, host=host, user=user or "?", since=when)
    return QCoreApplication.translate(
        "Feedback",
        "Waiting: shop {shop} is being synced by another Shop Sync window or command…"
    ).format(shop=shop)


#: Texts by error code, for errors of layers the window does not import.
_BY_CODE: dict[str, Callable[[errors.AppError], str | None]] = {
    _UNREACHABLE: _unreachable_text, "shop_busy": _shop_busy_text}


def _not_found_text(exc: errors.NotFoundError) -> str:
    return QCoreApplication.translate("Feedback", "Not found: {detail}").format(detail=exc.message)


# Most specific class first: the first isinstance() match wins.
_FIXED: tuple[tuple[type[errors.AppError], str], ...] = (
    (errors.NetworkError, QT_TRANSLATE_NOOP(
        "Feedback",
        "Shopify could not be reached. Check your internet connection and try again; your data "
        "was not changed.")),
    (errors.ThrottledError, QT_TRANSLATE_NOOP(
        "Feedback",
        "Shopify is asking the app to slow down and the request still failed after waiting. "
        "Try again in a minute.")),
    (errors.MaxCostExceededError, QT_TRANSLATE_NOOP(
        "Feedback",
        "Shopify refused a request as too large. This is a problem in the app: "
        "please report it.")),
    (errors.ShopAddressError, QT_TRANSLATE_NOOP(
        "Feedback",
        "The Shopify address is not valid. Enter it as NAME.myshopify.com (your shop's "
        "permanent address, not a custom domain).")),
    (errors.BulkOperationError, QT_TRANSLATE_NOOP(
        "Feedback",
        "Shopify's bulk export failed. Try the sync again later.")),
    (errors.GraphQLError, QT_TRANSLATE_NOOP(
        "Feedback",
        "Shopify answered with an error it did not explain in a way the app understands. "
        "The details are in the log file.")),
    (errors.DatabaseLockedError, QT_TRANSLATE_NOOP(
        "Feedback",
        "The local database is busy (another Shop Sync window or a scheduled run is using it). "
        "Wait a moment and try again.")),
    (errors.DiskFullError, QT_TRANSLATE_NOOP(
        "Feedback",
        "The disk is full: nothing was saved. Free some space and try again.")),
    (errors.DatabaseTooNewError, QT_TRANSLATE_NOOP(
        "Feedback",
        "This database was written by a newer version of Shop Sync. Install the newer version "
        "to open it; the file was not changed.")),
    (errors.NoKeyringError, QT_TRANSLATE_NOOP(
        "Feedback",
        "No system keyring was found, so the token is kept for this session only. You will "
        "need to enter it again after restarting Shop Sync.")),
)

_DYNAMIC = (
    (errors.UserErrors, _user_errors_text),
    (errors.RecordError, _record_error_text),
    (errors.AccessDeniedError, _access_denied_text),
    (errors.AuthError, _auth_text),
    (errors.NotFoundError, _not_found_text),
)

# Generic fall-backs by base class, for subclasses added later.
_FALLBACK: tuple[tuple[type[errors.AppError], str], ...] = (
    (errors.ShopifyError,
     QT_TRANSLATE_NOOP("Feedback", "Shopify reported a problem: {detail}")),
    (errors.StoreError,
     QT_TRANSLATE_NOOP("Feedback", "The local database reported a problem: {detail}")),
    (errors.CredentialsError,
     QT_TRANSLATE_NOOP("Feedback", "The keyring reported a problem: {detail}")),
    (errors.AppError, QT_TRANSLATE_NOOP("Feedback", "{detail}")),
)


def message_for(exc: BaseException) -> str:
    """The translated, plain-language text for an error.

    Args:
        exc: usually an `AppError`; anything else gets a generic "unexpected" text.
    """
    if not isinstance(exc, errors.AppError):
        return QCoreApplication.translate(
            "Feedback", "An unexpected error occurred. The details are in the log file.")
    by_code = _BY_CODE.get(exc.code)
    text = by_code(exc) if by_code is not None else None
    if text is not None:
        return text
    for cls, fn in _DYNAMIC:
        if isinstance(exc, cls):
            return fn(exc)
    for cls, text in _FIXED:
        if isinstance(exc, cls):
            return _tr(text)
    for cls, text in _FALLBACK:
        if isinstance(exc, cls):
            return _tr(text).format(detail=exc.message)
    return str(exc)  # pragma: no cover - AppError is the last fallback


def title_for(exc: BaseException) -> str:
    """A short title for the message box."""
    if isinstance(exc, errors.ShopifyError):
        return QCoreApplication.translate("Feedback", "Shopify")
    if getattr(exc, "code", None) == _UNREACHABLE:
        return QCoreApplication.translate("Feedback", "Database server")
    if isinstance(exc, errors.StoreError):
        return QCoreApplication.translate("Feedback", "Local database")
    if isinstance(exc, errors.CredentialsError):
        return QCoreApplication.translate("Feedback", "Keyring")
    return QCoreApplication.translate("Feedback", "Shop Sync")


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show `exc` to the user in a window-modal, non-blocking message box and return it.

    The technical text of an `AppError` goes into "Show Details…", the translated text is the
    main message.
    """
    log.info("Showing error to the user: %s (%s)", type(exc).__name__,
             getattr(exc, "code", "-"))
    box = QMessageBox(parent)
    box.setObjectName("error_message_box")
    adopt(box)  # shown with or without a parent: shop data in it stays plain text
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title_for(exc))
    box.setText(message_for(exc))
    if isinstance(exc, errors.AppError) and exc.message and exc.message != box.text():
        box.setDetailedText(exc.message)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


async def refused_start(exc: BaseException, close_after_ms: int | None = None) -> int:
    """The window cannot start (its database cannot be opened: a server out of reach, a file
    of a newer version...): say why in a message box, and return the exit code 2 once the
    merchant has closed it (or after `close_after_ms`, as the smoke test's `--quit-after`)."""
    app = QApplication.instance()
    quits = app.quitOnLastWindowClosed() if isinstance(app, QApplication) else False
    if isinstance(app, QApplication):  # the box is the only window: the loop ends with it
        app.setQuitOnLastWindowClosed(False)
    try:
        box = show_error(None, exc)
        closed = asyncio.Event()
        box.finished.connect(lambda _result: closed.set())
        if close_after_ms is not None:
            QTimer.singleShot(close_after_ms, box, box.close)
        await closed.wait()
    finally:
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(quits)
    return 2
