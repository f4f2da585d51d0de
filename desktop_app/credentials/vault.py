"""Shop secrets (Admin API tokens, client secrets) in the system keyring.

The only module of the app that imports `keyring`. Secrets are stored under the service
`desktop_app.shopify` with the username `"<shop code>:<kind>"`, kind `token` or
`client_secret`, so two shop codes on one Shopify store can use different apps.

With no secure backend (keyring's fail or null backend, or a `keyrings.alt` plain-text or
file backend) the vault keeps secrets in this process's memory only and reports
`VaultStatus.UNAVAILABLE`; it never writes a secret to disk. Secret values never appear in
logs, exception messages or `repr()`.
"""

from __future__ import annotations

import asyncio
import enum
import importlib
import logging
import threading
from types import ModuleType
from typing import TYPE_CHECKING

from desktop_app.errors import CredentialsError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)


class _Keyring:
    """`keyring`, imported at its first use: a command or window that never reads a secret
    (most of the command line's) does not pay for its import (about 0.06 s of CPU)."""

    _module: ModuleType | None = None

    def __getattr__(self, name: str) -> object:
        if _Keyring._module is None:
            importlib.import_module("keyring.errors")
            _Keyring._module = importlib.import_module("keyring")
        return getattr(_Keyring._module, name)


keyring = _Keyring()

SERVICE = "desktop_app.shopify"
#: The passwords of shared database servers (issue 22), username `user@host:port/database`.
DATABASE_SERVICE = "desktop_app.database"
KINDS = ("token", "client_secret")

# Backends that are not a secure system store: nothing may be written there.
_INSECURE_MODULE_PREFIXES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


class VaultStatus(enum.Enum):
    """Where secrets go: the system keyring, a locked one, or this session's memory."""

    SYSTEM = "system"
    LOCKED = "locked"
    UNAVAILABLE = "unavailable"


class KeyringLockedError(CredentialsError):
    """The system keyring is locked (the user dismissed the unlock prompt)."""

    code = "keyring_locked"


def _backend_label(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_secure(backend: KeyringBackend) -> bool:
    if type(backend).__module__.startswith(_INSECURE_MODULE_PREFIXES):
        return False
    try:
        return float(backend.priority) >= 1  # type: ignore[arg-type]
    except Exception:  # a backend whose priority check fails is not usable here
        return False


def _secure_backend(backend: KeyringBackend) -> KeyringBackend | None:
    """The backend to store in, or None; a chainer is reduced to its best secure member."""
    members = getattr(backend, "backends", None)
    if members is not None and type(backend).__module__.startswith("keyring.backends.chainer"):
        secure = [b for b in members if _is_secure(b)]
        return secure[0] if secure else None
    return backend if _is_secure(backend) else None


#: The longest secret accepted: Shopify's tokens and client secrets are 30 to 70 characters.
MAX_SECRET_CHARS = 1024


class InvalidSecretError(CredentialsError):
    """A secret that cannot be a Shopify token or client secret (the message never quotes it)."""

    code = "invalid_secret"


def check_secret(value: str) -> str:
    """`value` when it can be sent as Shopify's access token header: printable ASCII, no
    whitespace, at most MAX_SECRET_CHARS. Raises InvalidSecretError saying what is wrong and
    where, never what the secret holds."""
    if not isinstance(value, str) or not value:
        raise InvalidSecretError("The secret is empty.")
    if len(value) > MAX_SECRET_CHARS:
        raise InvalidSecretError(
            f"The secret is {len(value):,} characters long; Shopify's are under 100. Check "
            "what was pasted.")
    for position, char in enumerate(value, start=1):
        if char.isspace():
            raise InvalidSecretError(
                f"The secret holds a space or line break (character {position}). Paste the "
                "token alone, on one line.")
        if not 33 <= ord(char) <= 126:
            raise InvalidSecretError(
                f"The secret holds a character Shopify's never hold (character {position}: a "
                "control character or a letter outside plain ASCII). Paste it again from "
                "Shopify.")
    return value


def _check(shop: str, kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"Unknown secret kind {kind!r}; expected one of {KINDS}")
    shop = (shop or "").strip()
    if not shop:
        raise ValueError("A shop code is needed to store a secret")
    return f"{shop}:{kind}"


class Vault:
    """Get, set and delete shop secrets; the async twins run keyring in a worker thread.

    Args:
        backend: the keyring backend to use; default: `keyring.get_keyring()`, resolved on
            first use.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._given = backend
        self._resolved = False
        self._backend: KeyringBackend | None = None
        self._label = ""
        self._locked = False
        self._session: dict[str, str] = {}
        self._guard = threading.Lock()

    def __repr__(self) -> str:
        return (
            f"<Vault backend={self.backend_name()} status={self.status().value} "
            f"session_secrets={len(self._session)}>"
        )

    # --- backend ------------------------------------------------------------------------

    def _resolve(self) -> KeyringBackend | None:
        with self._guard:
            if not self._resolved:
                chosen = self._given if self._given is not None else keyring.get_keyring()
                self._label = _backend_label(chosen)
                self._backend = _secure_backend(chosen)
                if self._backend is not None:
                    self._label = _backend_label(self._backend)
                self._resolved = True
                if self._backend is None:
                    log.warning(
                        "No secure keyring (%s): secrets are kept for this session only",
                        self._label,
                    )
                else:
                    log.info("Keyring backend: %s", self._label)
            return self._backend

    def backend_name(self) -> str:
        """The keyring backend class in use (or refused), e.g. `...SecretService.Keyring`."""
        self._resolve()
        return self._label

    def status(self) -> VaultStatus:
        """SYSTEM, LOCKED (seen locked on the last attempt) or UNAVAILABLE (session only).

        Cheap: it does not touch the keyring. `check()` asks the keyring itself.
        """
        if self._resolve() is None:
            return VaultStatus.UNAVAILABLE
        return VaultStatus.LOCKED if self._locked else VaultStatus.SYSTEM

    def check(self) -> VaultStatus:
        """Ask the keyring (a read of an unused entry) and return the resulting status."""
        backend = self._resolve()
        if backend is not None:
            try:
                self._call(backend.get_password, f"{SERVICE}.probe", "probe")
            except CredentialsError:
                pass
        return self.status()

    def _call(self, func, *args):  # noqa: ANN001, ANN202 (keyring callables)
        try:
            result = func(*args)
        except keyring.errors.KeyringLocked:
            self._locked = True
            log.warning("The system keyring is locked")
            raise KeyringLockedError(
                "The system keyring is locked: unlock it (log in to the desktop keyring) "
                "and try again"
            ) from None
        except keyring.errors.NoKeyringError:
            raise  # handled by the caller: fall back to session memory
        except keyring.errors.PasswordDeleteError:
            raise
        except Exception as exc:  # any backend failure (D-Bus, OS error...)
            log.warning("Keyring call failed: %s", type(exc).__name__)
            raise CredentialsError(
                f"The system keyring failed ({type(exc).__name__}); the secret was not "
                "read or saved"
            ) from None
        self._locked = False
        return result

    def _lose_backend(self) -> None:
        with self._guard:
            self._backend = None
        log.warning("The keyring has no backend: secrets are kept for this session only")

    # --- secrets ------------------------------------------------------------------------

    def get_secret(self, shop: str, kind: str) -> str | None:
        """The stored secret, or None when there is none.

        Raises:
            KeyringLockedError: the keyring is locked.
            CredentialsError: the keyring failed.
        """
        username = _check(shop, kind)
        with self._guard:
            if username in self._session:
                return self._session[username]
        backend = self._resolve()
        if backend is None:
            return None
        try:
            return self._call(backend.get_password, SERVICE, username)
        except keyring.errors.NoKeyringError:
            self._lose_backend()
            return None

    def set_secret(self, shop: str, kind: str, value: str) -> VaultStatus:
        """Store a secret in the keyring, or in memory for this session when there is none.

        Returns:
            Where it went: SYSTEM or UNAVAILABLE (memory only).

        Raises:
            ValueError: an empty value or unknown kind.
            InvalidSecretError: a value that cannot be a Shopify secret (`check_secret`).
            KeyringLockedError, CredentialsError: the keyring refused; nothing was kept.
        """
        username = _check(shop, kind)
        if not isinstance(value, str) or not value.strip():
            raise ValueError("An empty secret cannot be stored")
        check_secret(value)
        backend = self._resolve()
        if backend is not None:
            try:
                self._call(backend.set_password, SERVICE, username, value)
            except keyring.errors.NoKeyringError:
                self._lose_backend()
            else:
                with self._guard:
                    self._session.pop(username, None)
                log.info("Secret %s stored in the system keyring", kind)
                return VaultStatus.SYSTEM
        with self._guard:
            self._session[username] = value
        log.warning("Secret %s kept in memory for this session only (no keyring)", kind)
        return VaultStatus.UNAVAILABLE

    def delete_secret(self, shop: str, kind: str) -> None:
        """Forget a secret (no error when there was none)."""
        username = _check(shop, kind)
        with self._guard:
            self._session.pop(username, None)
        backend = self._resolve()
        if backend is None:
            return
        try:
            self._call(backend.delete_password, SERVICE, username)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored
        except keyring.errors.NoKeyringError:
            self._lose_backend()
        log.info("Secret %s deleted", kind)

    # --- the password of a shared database server (issue 22) ----------------------------

    def get_database_password(self, server: str) -> str | None:
        """The password kept for a database server (`user@host:port/database`), or None."""
        return self._database_call("get", server)

    def set_database_password(self, server: str, password: str) -> VaultStatus:
        """Keep a database server's password (any characters, not a Shopify secret's rules):
        in the keyring, or in memory for this session when there is none."""
        if not isinstance(password, str) or not password or len(password) > MAX_SECRET_CHARS:
            raise InvalidSecretError("The database password is empty or too long.")
        return self._database_call("set", server, password)

    def delete_database_password(self, server: str) -> None:
        self._database_call("delete", server)

    def _database_call(self, action: str, server: str, password: str = ""):  # noqa: ANN202
        username = (server or "").strip()
        if not username:
            raise ValueError("A database server is needed to keep its password")
        session_key = f"{DATABASE_SERVICE}:{username}"
        backend = self._resolve()
        with self._guard:
            if action == "get" and session_key in self._session:
                return self._session[session_key]
            if action != "get":
                self._session.pop(session_key, None)
        try:
            if backend is not None and action == "get":
                return self._call(backend.get_password, DATABASE_SERVICE, username)
            if backend is not None and action == "set":
                self._call(backend.set_password, DATABASE_SERVICE, username, password)
                log.info("Database password stored in the system keyring")
                return VaultStatus.SYSTEM
            if backend is not None and action == "delete":
                self._call(backend.delete_password, DATABASE_SERVICE, username)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored
        except keyring.errors.NoKeyringError:
            self._lose_backend()
        if action == "set":
            with self._guard:
                self._session[session_key] = password
            log.warning("Database password kept in memory for this session only (no keyring)")
            return VaultStatus.UNAVAILABLE
        return None

    # --- async twins (keyring calls can block on D-Bus or an unlock prompt) --------------

    async def aget(self, shop: str, kind: str) -> str | None:
        return await asyncio.to_thread(self.get_secret, shop, kind)

    async def aset(self, shop: str, kind: str, value: str) -> VaultStatus:
        return await asyncio.to_thread(self.set_secret, shop, kind, value)

    async def adelete(self, shop: str, kind: str) -> None:
        await asyncio.to_thread(self.delete_secret, shop, kind)

    async def acheck(self) -> VaultStatus:
        return await asyncio.to_thread(self.check)
