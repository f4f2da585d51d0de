"""The password of a shared database server (issue 22) in the vault: its own keyring service,
keyed by `user@host:port/database`, any characters a database password may hold, never beside
the shop secrets; the session's memory only when there is no keyring."""

from __future__ import annotations

import os

import keyring
import keyring.backends.fail
import pytest

from desktop_app.credentials.vault import (
    DATABASE_SERVICE,
    SERVICE,
    InvalidSecretError,
    Vault,
    VaultStatus,
)

SERVER = "anna@db.shop.lan:5432/shopsync"
PASSWORD = "pässwörd with spaces"  # a Shopify token could hold neither


def test_kept_under_its_own_service(memory_keyring):
    vault = Vault()
    assert vault.set_database_password(SERVER, PASSWORD) is VaultStatus.SYSTEM
    assert memory_keyring.store == {(DATABASE_SERVICE, SERVER): PASSWORD}
    assert DATABASE_SERVICE != SERVICE
    assert Vault().get_database_password(SERVER) == PASSWORD
    assert Vault().get_database_password("anna@other:5432/shopsync") is None
    vault.delete_database_password(SERVER)
    vault.delete_database_password(SERVER)  # nothing left: no error
    assert memory_keyring.store == {}
    with pytest.raises(InvalidSecretError):
        vault.set_database_password(SERVER, "")
    assert PASSWORD not in repr(vault)


def test_no_keyring_keeps_it_for_the_session_only(tmp_path):
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        vault = Vault()
        assert vault.set_database_password(SERVER, PASSWORD) is VaultStatus.UNAVAILABLE
        assert vault.get_database_password(SERVER) == PASSWORD
        assert Vault().get_database_password(SERVER) is None  # a new process: gone
    finally:
        keyring.set_keyring(previous)


@pytest.mark.keyring
def test_real_secret_service_round_trip():
    from keyring.backends import SecretService

    try:
        SecretService.Keyring.priority  # raises when no Secret Service answers on D-Bus
    except Exception as exc:
        pytest.skip(f"No Secret Service here ({exc}); run under dbus-run-session (README)")
    backend = SecretService.Keyring()
    server = f"test{os.getpid()}@127.0.0.1:5432/shopsync"
    try:
        assert Vault(backend).set_database_password(server, PASSWORD) is VaultStatus.SYSTEM
        assert backend.get_password(DATABASE_SERVICE, server) == PASSWORD
        assert Vault(backend).get_database_password(server) == PASSWORD
    finally:
        Vault(backend).delete_database_password(server)
    assert Vault(backend).get_database_password(server) is None
