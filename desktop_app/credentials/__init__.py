"""Shop secrets in the system keyring (see `vault.py`, the only module importing keyring)."""
