"""The vault: system keyring, session-only fallback, locked keyring, no secret leaks."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked

from desktop_app.credentials.vault import SERVICE, KeyringLockedError, Vault, VaultStatus
from desktop_app.errors import CredentialsError

SECRET = "shpat_0123456789abcdef0123456789abcdef"


def _double(cls):
    """A test backend, kept out of keyring's auto-detection (defining it registered it)."""
    KeyringBackend._classes.discard(cls)
    return cls


@pytest.fixture
def restore_keyring():
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def temp_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    for var, sub in (("HOME", ""), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache")):
        monkeypatch.setenv(var, str(home / sub))
    return home


def _files_containing(root: Path, needle: bytes) -> list[Path]:
    found = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            try:
                if needle in path.read_bytes():
                    found.append(path)
            except OSError:
                continue
    return found


def test_system_keyring_stores_per_shop_and_kind(memory_keyring, caplog):
    caplog.set_level(logging.DEBUG)
    vault = Vault()
    assert vault.status() is VaultStatus.SYSTEM
    assert vault.backend_name().endswith("MemoryKeyring")
    assert vault.set_secret("MAIN", "token", SECRET) is VaultStatus.SYSTEM
    vault.set_secret("MAIN-B2B", "client_secret", "other-secret")
    assert memory_keyring.store == {
        (SERVICE, "MAIN:token"): SECRET,
        (SERVICE, "MAIN-B2B:client_secret"): "other-secret",
    }
    assert vault.get_secret("MAIN", "token") == SECRET
    assert vault.get_secret("MAIN", "client_secret") is None
    assert Vault().get_secret("MAIN", "token") == SECRET  # persisted beyond this instance
    vault.delete_secret("MAIN", "token")
    vault.delete_secret("MAIN", "token")  # deleting nothing is fine
    assert vault.get_secret("MAIN", "token") is None
    assert SECRET not in caplog.text and SECRET not in repr(vault)


def test_bad_arguments_are_refused_without_echoing_the_value(memory_keyring):
    vault = Vault()
    with pytest.raises(ValueError, match="kind") as caught:
        vault.set_secret("MAIN", "password", SECRET)
    assert SECRET not in str(caught.value)
    with pytest.raises(ValueError, match="empty"):
        vault.set_secret("MAIN", "token", "  ")
    with pytest.raises(ValueError, match="shop code"):
        vault.get_secret("", "token")


@pytest.mark.parametrize(
    "backend",
    [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()],
    ids=["fail", "null"],
)
def test_no_backend_keeps_secrets_for_the_session_only(
    backend, restore_keyring, temp_home, tmp_path, caplog
):
    caplog.set_level(logging.DEBUG)
    keyring.set_keyring(backend)
    vault = Vault()
    assert vault.status() is VaultStatus.UNAVAILABLE
    assert vault.set_secret("MAIN", "token", SECRET) is VaultStatus.UNAVAILABLE
    assert vault.get_secret("MAIN", "token") == SECRET
    assert Vault().get_secret("MAIN", "token") is None  # a new session starts empty
    vault.delete_secret("MAIN", "token")
    assert vault.get_secret("MAIN", "token") is None
    assert "session only" in caplog.text
    assert SECRET not in caplog.text and SECRET not in repr(vault)
    assert _files_containing(tmp_path, SECRET.encode()) == []


def test_plaintext_backends_are_treated_as_unavailable(restore_keyring, temp_home, tmp_path):
    written = {}

    @_double
    class PlaintextKeyring(KeyringBackend):  # stands in for keyrings.alt.file.PlaintextKeyring
        priority = 5  # even a high priority does not make a plain-text file safe

        def get_password(self, service, username):
            return written.get((service, username))

        def set_password(self, service, username, password):
            written[(service, username)] = password

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    vault = Vault(PlaintextKeyring())
    assert vault.status() is VaultStatus.UNAVAILABLE
    vault.set_secret("MAIN", "token", SECRET)
    assert written == {}
    assert vault.get_secret("MAIN", "token") == SECRET


def test_chainer_uses_its_secure_member_only(memory_keyring):
    from keyring.backends.chainer import ChainerBackend

    members = [keyring.backends.fail.Keyring(), memory_keyring]

    @_double
    class Chainer(ChainerBackend):
        backends = members  # instead of discovering the installed backends

    Chainer.__module__ = ChainerBackend.__module__
    vault = Vault(Chainer())
    assert vault.status() is VaultStatus.SYSTEM
    vault.set_secret("MAIN", "token", SECRET)
    assert memory_keyring.store[(SERVICE, "MAIN:token")] == SECRET


@_double
class _LockedKeyring(KeyringBackend):
    priority = 1
    locked = True

    def get_password(self, service, username):
        if self.locked:
            raise KeyringLocked("Failed to unlock the collection!")
        return None

    def set_password(self, service, username, password):
        if self.locked:
            raise KeyringLocked("Failed to unlock the collection!")


def test_locked_keyring_reports_locked_and_keeps_nothing(caplog):
    caplog.set_level(logging.DEBUG)
    backend = _LockedKeyring()
    vault = Vault(backend)
    assert vault.status() is VaultStatus.SYSTEM
    with pytest.raises(KeyringLockedError, match="locked") as caught:
        vault.set_secret("MAIN", "token", SECRET)
    assert isinstance(caught.value, CredentialsError)
    assert SECRET not in str(caught.value) and caught.value.__cause__ is None
    assert vault.status() is VaultStatus.LOCKED
    with pytest.raises(KeyringLockedError):
        vault.get_secret("MAIN", "token")
    backend.locked = False
    assert vault.check() is VaultStatus.SYSTEM
    assert SECRET not in caplog.text


def test_backend_failure_is_a_credentials_error_without_the_secret():
    @_double
    class Broken(KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            raise OSError("dbus went away")

        def set_password(self, service, username, password):
            raise OSError(f"could not write {password}")

    vault = Vault(Broken())
    with pytest.raises(CredentialsError) as caught:
        vault.set_secret("MAIN", "token", SECRET)
    assert SECRET not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    with pytest.raises(CredentialsError, match="OSError"):
        vault.get_secret("MAIN", "token")


async def test_async_twins(memory_keyring):
    vault = Vault()
    assert await vault.aset("MAIN", "token", SECRET) is VaultStatus.SYSTEM
    assert await vault.aget("MAIN", "token") == SECRET
    await vault.adelete("MAIN", "token")
    assert await vault.aget("MAIN", "token") is None
    assert await vault.acheck() is VaultStatus.SYSTEM


@pytest.mark.keyring
def test_real_secret_service_round_trip(restore_keyring):
    from keyring.backends import SecretService

    try:
        SecretService.Keyring.priority  # raises when no Secret Service answers on D-Bus
    except Exception as exc:
        pytest.skip(
            f"No Secret Service here ({exc}); run the tests under dbus-run-session with an "
            "unlocked gnome-keyring (see README)"
        )
    backend = SecretService.Keyring()
    vault = Vault(backend)
    shop = f"TEST{os.getpid()}"
    try:
        assert vault.status() is VaultStatus.SYSTEM
        vault.set_secret(shop, "token", SECRET)
        assert Vault(backend).get_secret(shop, "token") == SECRET
    finally:
        vault.delete_secret(shop, "token")
    assert Vault(backend).get_secret(shop, "token") is None
