"""Shared test setup. Qt must be told to run offscreen before it is imported anywhere."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """`../shared` beside the checkout (or $SHOP_SYNC_SHARED)."""
    return Path(os.environ.get("SHOP_SYNC_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if not (path / "shopify").is_dir():
        pytest.fail(
            f"../shared/shopify is missing (looked in {path}); the contract and reference "
            "checks cannot run without it. Set SHOP_SYNC_SHARED to its folder."
        )
    return path


@pytest.fixture
def db(tmp_path: Path):
    """A fresh, migrated SQLite database in a temp folder, bound to `store.database.DB`."""
    from desktop_app.store.database import close_database, open_database

    database = open_database(tmp_path / "shop_sync.sqlite3")
    try:
        yield database
    finally:
        close_database()


@pytest.fixture
def memory_keyring():
    """An in-memory keyring backend installed with `keyring.set_keyring`, restored after.

    Yields the backend; its `store` dict maps (service, username) to the secret.
    """
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    class MemoryKeyring(KeyringBackend):
        priority = 1  # a secure store as far as the vault is concerned

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if self.store.pop((service, username), None) is None:
                raise PasswordDeleteError("not found")

    # Defining a backend class registers it with keyring's auto-detection; keep it out.
    KeyringBackend._classes.discard(MemoryKeyring)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
