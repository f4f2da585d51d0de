"""What the app leaves on disk: owner-only files and folders, and no personal data in its log.

One realistic session through the real command line against a `demo-shop serve` process
(fault_harness.Scenario): local customers imported and assigned to web upload (so the export
runs), customers and orders synced (documents made), plus the built-in in-process demo shop
(whose state file the app writes). Then:

- every file under the data folder (database, -wal/-shm, logs, lock files, demo state,
  backups when any) is mode 0600 and every folder 0700;
- the log (written at INFO, the app's level) holds none of the customers' e-mails, phones or
  names. A control plants one e-mail in a copy of the log and checks the scan finds it.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
from demo_process import served_demo_shop
from fault_harness import SHOP_ARGS, Scenario

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> Scenario:
    tmp = tmp_path_factory.mktemp("session")
    with served_demo_shop(*SHOP_ARGS, "--fault-rate", "0.05") as served:
        s = Scenario(tmp, served.url).setup()
        s.cli("customers", "assign-web-upload", "K000", "K001", "K002")
        s.sync("customers")
        s.sync("orders")
        s.cli("shop", "add", "D", "--demo")
        s.cli("--json", "sync", "customers", "--shop", "D", ok=(0, 1))
        s.customers = [c for code in ("S", "D") for c in json.loads(
            s.cli("--json", "customers", "list", "--shop", code).stdout)]
    return s


def test_files_are_owner_only(session: Scenario) -> None:
    loose = []
    checked = 0
    for path in [session.data, *session.data.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        wanted = 0o700 if path.is_dir() else 0o600
        checked += 1
        if mode & ~wanted:
            loose.append((str(path.relative_to(session.data)), oct(mode)))
    names = {p.name for p in session.data.rglob("*")}
    assert "shop_sync.sqlite3" in names
    assert any(n.endswith(".log") for n in names), names
    assert checked > 5
    assert loose == []


def personal_data(customers: list[dict]) -> set[str]:
    found: set[str] = set()
    for c in customers:
        for key in ("email", "phone", "name"):
            value = (c.get(key) or "").strip()
            if len(value) >= 6:
                found.add(value.lower())
        digits = re.sub(r"\D", "", c.get("phone") or "")
        if len(digits) >= 8:
            found.add(digits)
    return found


def leaks(text: str, secrets: set[str]) -> list[str]:
    lowered = text.lower()
    digits_only = re.sub(r"\D", "", text)
    return sorted(s for s in secrets if s in lowered or (s.isdigit() and s in digits_only
                                                          and s in re.sub(r"[\s().-]", "",
                                                                          lowered)))


def test_no_personal_data_in_the_log(session: Scenario, tmp_path: Path) -> None:
    pii = personal_data(session.customers)
    assert len(pii) > 40
    logs = [p for p in session.data.rglob("*") if ".log" in p.name and p.is_file()]
    text = "\n".join(p.read_text("utf-8", errors="replace") for p in logs)
    assert "sync S customers" in text  # the run was logged at INFO
    assert leaks(text, pii) == []
    planted = next(c["email"] for c in session.customers if c.get("email"))
    assert leaks(text + f"\n... INFO x: matched {planted}", pii) == [planted.lower()]


def test_wal_and_shm_are_owner_only_while_open(tmp_path: Path) -> None:
    """SQLite removes -wal/-shm when the last connection closes: look while one is open."""
    import os

    from desktop_app.store.database import close_database, open_database

    previous = os.umask(0o022)  # a usual umask: group and others could read new files
    try:
        open_database(tmp_path / "shop_sync.sqlite3")
        modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in tmp_path.iterdir()}
    finally:
        close_database()
        os.umask(previous)
    assert modes == {"shop_sync.sqlite3": "0o600", "shop_sync.sqlite3-wal": "0o600",
                     "shop_sync.sqlite3-shm": "0o600"}
