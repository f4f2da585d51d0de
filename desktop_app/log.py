"""Logging set-up: a rotating, owner-only log file, and a filter that scrubs secrets.

The code never logs a token on purpose; the filter is the safety net behind that rule: any text
shaped like a Shopify access token or client secret, and any value registered with
`register_secret`, is replaced by `***` before a record is written anywhere.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import threading
from pathlib import Path

LOG_FILE_NAME = "shop-sync.log"

# Shopify token prefixes: shpat_ (admin), shpca_ (custom app), shppa_ (private app),
# shpss_ (shared secret), shpua_ (user); written as prefix + hex.
_TOKEN_RE = re.compile(r"shp(?:at|ca|pa|ss|ua|tka)_[A-Za-z0-9]{8,}")

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Make the log filter scrub this exact value (a token or secret known at run time)."""
    if value and len(value) >= 6:
        with _secrets_lock:
            _secrets.add(value)


def scrub(text: str) -> str:
    """The text with every known or token-shaped secret replaced by ***."""
    text = _TOKEN_RE.sub("***", text)
    with _secrets_lock:
        known = list(_secrets)
    for value in known:
        if value in text:
            text = text.replace(value, "***")
    return text


class RedactingFilter(logging.Filter):
    """Formats the record's message once, scrubbed, so no argument can carry a secret out."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if record.exc_info and record.exc_info[1] is not None:
            # Make the formatter render a scrubbed traceback.
            import traceback

            record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)))
            record.exc_info = None
        record.msg = cleaned
        record.args = None
        return True


class _OwnerOnlyRotatingHandler(logging.handlers.RotatingFileHandler):
    def _open(self):  # type: ignore[override]
        old = os.umask(0o077)
        try:
            stream = super()._open()
        finally:
            os.umask(old)
        try:
            os.chmod(self.baseFilename, 0o600)
        except OSError:
            pass
        return stream


def setup_logging(log_dir: Path | None, *, level: int = logging.INFO,
                  console: bool = False) -> Path | None:
    """Send the app's logs to `log_dir/shop-sync.log` (rotating, 0600). Returns the path;
    None when `log_dir` is None or the file cannot be opened (a read-only folder): the app
    then runs without a log file instead of not at all."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_shop_sync", False):
            root.removeHandler(handler)
            handler.close()
    path = None if log_dir is None else log_dir / LOG_FILE_NAME
    if path is not None:
        try:
            handler: logging.Handler = _OwnerOnlyRotatingHandler(
                path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        except OSError:
            path = None
        else:
            handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
            handler.addFilter(RedactingFilter())
            handler._shop_sync = True  # type: ignore[attr-defined]
            root.addHandler(handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream.addFilter(RedactingFilter())
        stream._shop_sync = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(min(level, root.level) if root.level else level)
    # httpx logs full URLs at INFO; our own client logs a redacted summary instead.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return path
