"""Which database a workstation opens, as chosen in Preferences (issue 22's database page).

The choice is kept in the data folder, in `database.json`: `{"url": "postgresql://user@host:
5432/name"}` for a shared server, no file (or no `url`) for the local SQLite file. The URL is
kept WITHOUT a password: `save_url()` refuses one. The password lives only in the OS keyring
(`credentials.vault.Vault.get_database_password`, keyed by `server_key()`), handed to the
driver at connect time by the composition root (`app.build_services`), for the window and the
command line alike.

Precedence (`chosen_url()`): `--database URL`, then `SHOP_SYNC_DATABASE`, then this file.

`check_connection()` is the "Test connection" of the page: one connection, bounded by the
engine's connect timeout, answered with a stable `code` (the window words it in each language)
and the driver's text with any password removed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from desktop_app.errors import StoreError
from desktop_app.store import engines

FILE_NAME = "database.json"
DEFAULT_PORT = 5432

#: `check_connection()` outcomes.
OK = "ok"
UNREACHABLE = "unreachable"  # no server answered (host, port, firewall)
AUTH_FAILED = "auth_failed"  # the server refused the user or the password
NO_DATABASE = "no_database"  # the server has no database of that name
OTHER = "other"  # anything else: `detail` says what the driver said


class DatabaseChoiceError(StoreError):
    """The saved choice cannot be written (a password in the URL, an unwritable folder)."""

    code = "database_choice"


@dataclass(frozen=True)
class ServerFields:
    """The server a merchant typed: host, port, database name and user (no password)."""

    host: str
    port: int
    database: str
    user: str

    def url(self) -> str:
        """`postgresql://user@host:port/database`, each part quoted for a URL."""
        host = self.host.strip()
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"  # an IPv6 address
        user = quote(self.user.strip(), safe="")
        name = quote(self.database.strip(), safe="")
        return f"postgresql://{user}@{host}:{int(self.port)}/{name}"


def fields_of_url(url: str) -> ServerFields:
    """The fields of a server URL (the page shows the saved choice in them)."""
    parts = urlsplit(url)
    return ServerFields(host=parts.hostname or "", port=parts.port or DEFAULT_PORT,
                        database=unquote(parts.path.lstrip("/")),
                        user=unquote(parts.username or ""))


def server_key(url: str) -> str:
    """The keyring entry of a server's password: `user@host:port/database` (no password)."""
    fields = fields_of_url(url)
    return f"{fields.user}@{fields.host}:{fields.port}/{fields.database}"


def has_password(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.password) or "password=" in parts.query.lower()


def choice_path(folder: Path) -> Path:
    return Path(folder) / FILE_NAME


def saved_url(folder: Path) -> str | None:
    """The server URL saved in Preferences for this data folder, or None (the local file).
    An unreadable file counts as no choice: the local file opens, as before the page."""
    try:
        data = json.loads(choice_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("url") if isinstance(data, dict) else None
    return url.strip() or None if isinstance(url, str) else None


def save_url(folder: Path, url: str | None) -> None:
    """Keep `url` (None: the local file) for the next start. Raises DatabaseChoiceError for a
    URL holding a password (the keyring keeps that) or a folder that cannot be written."""
    if url is not None:
        engines.engine_of_url(url)  # ValueError for an address of no engine
        if has_password(url):
            raise DatabaseChoiceError(
                "A database address with a password is not saved; the password goes to the "
                "system keyring.")
    path = choice_path(folder)
    temporary = path.with_suffix(".tmp")
    try:
        temporary.write_text(json.dumps({"url": url}, indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        raise DatabaseChoiceError(f"Cannot save the database choice in {path}: "
                                  f"{exc.strerror or exc}", path=str(path)) from None


def chosen_url(option: str | None, folder: Path) -> str | None:
    """The database to open: `--database`, else `SHOP_SYNC_DATABASE`, else the saved choice;
    None for the data folder's SQLite file. The one reading of both front ends."""
    return engines.configured_url(option) or saved_url(folder)


def needs_password(url: str | None) -> bool:
    """Whether the keyring's password should be looked up for `url`: a server URL without
    one of its own."""
    if url is None or has_password(url):
        return False
    try:
        return engines.engine_of_url(url) == engines.POSTGRESQL
    except ValueError:
        return False


@dataclass(frozen=True)
class ConnectionCheck:
    """The answer of "Test connection": `code` (OK...), the server version when OK, else the
    driver's words without the password."""

    code: str
    detail: str = ""


_AUTH_STATES = ("28P01", "28000")
_NO_DATABASE_STATE = "3D000"


def check_connection(url: str, password: str | None = None, *,
                     timeout: int = engines.CONNECT_TIMEOUT) -> ConnectionCheck:
    """Connect once to the server of `url` (with `password`), ask its version, disconnect.
    Blocking for at most `timeout` seconds to reach the server: call it in a worker thread."""
    import peewee

    from desktop_app.store.database import classify_error

    extra = {"password": password} if password else {}
    db = engines.PostgresDatabase(url, connect_timeout=timeout, **extra)
    try:
        db.connect()
        version = db.execute_sql("SHOW server_version").fetchone()[0]
    except (peewee.DatabaseError, peewee.InterfaceError) as exc:
        cause = exc.__cause__ or exc.__context__ or exc
        state = getattr(exc, "sqlstate", None) or getattr(cause, "sqlstate", None)
        text = str(exc)
        for secret in (password,):
            if secret:
                text = text.replace(secret, "***")
        text = engines.redact_text(text, url)
        if state in _AUTH_STATES or "password authentication failed" in text.lower():
            return ConnectionCheck(AUTH_FAILED, text)
        if state == _NO_DATABASE_STATE or "does not exist" in text.lower():
            return ConnectionCheck(NO_DATABASE, text)
        typed = classify_error(exc)
        if typed is not None and typed.code == "database_unreachable":
            return ConnectionCheck(UNREACHABLE, text)
        return ConnectionCheck(OTHER, text)
    finally:
        db.close()
    return ConnectionCheck(OK, str(version))
