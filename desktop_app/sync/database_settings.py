"""The database page of Preferences and the start of both front ends (issue 22).

`resolve()` is the one reading of "which database, with which password" for the window and
the command line (`app.build_services`): the URL from `--database`, `SHOP_SYNC_DATABASE` or
the choice saved in the data folder (`store.database_choice`), and, for a server URL without
a password of its own, the password kept in the OS keyring (`Vault.get_database_password`).

`DatabaseSettings` is what the page works with: what is open now, the saved choice, "Test
connection" and saving (keyring calls and the connection run in worker threads).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from desktop_app.credentials.vault import Vault, VaultStatus
from desktop_app.store import database_choice, engines
from desktop_app.store.database import DB
from desktop_app.store.database_choice import ConnectionCheck, ServerFields

log = logging.getLogger(__name__)


def resolve(option: str | None, folder: Path, vault: Vault) -> tuple[str | None, str | None]:
    """(URL to open or None for the SQLite file, password for the driver or None)."""
    url = database_choice.chosen_url(option, folder)
    if not database_choice.needs_password(url):
        return url, None
    assert url is not None
    try:
        password = vault.get_database_password(database_choice.server_key(url))
    except Exception as exc:  # noqa: BLE001 (a locked keyring: connect without, as before)
        log.warning("no database password from the keyring: %s", type(exc).__name__)
        password = None
    return url, password


def open_description() -> tuple[str, str]:
    """What is open now: ("server", "user@host:port/database") or ("file", its path)."""
    db = DB.obj
    if isinstance(db, engines.PostgresDatabase):
        return "server", database_choice.server_key(db.url)
    return "file", str(getattr(db, "database", "") or "")


class DatabaseSettings:
    """The database choice of one data folder, its password in `vault`."""

    def __init__(self, folder: Path, vault: Vault) -> None:
        self.folder = Path(folder)
        self._vault = vault

    def saved(self) -> ServerFields | None:
        url = database_choice.saved_url(self.folder)
        return database_choice.fields_of_url(url) if url else None

    async def has_password(self, fields: ServerFields) -> bool:
        key = database_choice.server_key(fields.url())
        return bool(await asyncio.to_thread(self._vault.get_database_password, key))

    async def check(self, fields: ServerFields, password: str = "") -> ConnectionCheck:
        """Test one connection (the typed password, else the kept one), in a worker thread."""
        url = fields.url()
        if not password:
            key = database_choice.server_key(url)
            password = await asyncio.to_thread(self._vault.get_database_password, key) or ""
        return await asyncio.to_thread(database_choice.check_connection, url, password or None)

    async def save(self, fields: ServerFields | None, password: str = "") -> VaultStatus | None:
        """Keep the choice for the next start: the URL in the data folder, a typed password
        in the keyring (an empty one keeps the password already there). Returns where the
        password went (None: no password typed)."""
        status = None
        if fields is not None and password:
            key = database_choice.server_key(fields.url())
            status = await asyncio.to_thread(self._vault.set_database_password, key, password)
        await asyncio.to_thread(database_choice.save_url, self.folder,
                                fields.url() if fields is not None else None)
        return status
