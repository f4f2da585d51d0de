"""A keyring backend for the canary test's child processes: shared between them, never plain text.

`shop-sync token set` and `shop-sync sync` run as separate processes, so an in-memory backend
would lose the token between them. This one keeps entries in the JSON file named by
$CANARY_KEYRING_FILE (outside the app's data folder), each value XOR-ed with a random key kept
in the same file and written as hex, so a scan of the disk for the secret (or its base64 or
URL-encoded form) does not find this store either.

It is a test double, not security: anyone with the file recovers the values. Load it with
`PYTHON_KEYRING_BACKEND=canary_keyring.ObfuscatingFileKeyring` and this folder on PYTHONPATH.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

log = logging.getLogger(__name__)

ENV_FILE = "CANARY_KEYRING_FILE"


def _xor(data: bytes, key: bytes) -> bytes:
    return bytes(b ^ key[i % len(key)] for i, b in enumerate(data))


class ObfuscatingFileKeyring(KeyringBackend):
    """Entries in one owner-only JSON file; values XOR-ed with a per-file key, hex-encoded."""

    priority = 1  # type: ignore[assignment]  # the vault accepts it as a secure store

    @property
    def _path(self) -> Path:
        value = os.environ.get(ENV_FILE)
        if not value:
            raise RuntimeError(f"{ENV_FILE} is not set")
        return Path(value)

    def _load(self) -> dict:
        try:
            return json.loads(self._path.read_text("utf-8"))
        except FileNotFoundError:
            return {"key": secrets.token_hex(32), "entries": {}}

    def _save(self, data: dict) -> None:
        path = self._path
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)

    @staticmethod
    def _name(service: str, username: str) -> str:
        return f"{service}\x1f{username}"

    def get_password(self, service: str, username: str) -> str | None:
        data = self._load()
        stored = data["entries"].get(self._name(service, username))
        if stored is None:
            return None
        return _xor(bytes.fromhex(stored), bytes.fromhex(data["key"])).decode("utf-8")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data["entries"][self._name(service, username)] = _xor(
            password.encode("utf-8"), bytes.fromhex(data["key"])
        ).hex()
        self._save(data)
        log.debug("stored an entry for %s", username)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data["entries"].pop(self._name(service, username), None) is None:
            raise PasswordDeleteError("not found")
        self._save(data)

    def entry_count(self) -> int:
        """How many secrets are stored (for the test's own checks)."""
        return len(self._load()["entries"])
