"""A broken machine gets one clear line and exit 2, never a traceback (issue 15; reliability
review findings 6, 9 and 10).

The command line runs in-process (`cli.main`, the installed script's code) on real folders
and SQLite files. Read-only cases use `chattr +i` (the review ran as root, which ignores file
modes): those tests are skipped where chattr cannot be used (not root, or a file system
without the flag).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from desktop_app.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _chattr(flag: str, path: Path) -> bool:
    if shutil.which("chattr") is None or os.geteuid() != 0:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


@pytest.fixture
def immutable():
    """`immutable(path)` makes path immutable until the test ends (skips without chattr)."""
    made: list[Path] = []

    def make(path: Path) -> None:
        if not _chattr("+i", path):
            pytest.skip("chattr +i is not available here (needs root and a supporting fs)")
        made.append(path)

    yield make
    for path in made:
        _chattr("-i", path)


@pytest.fixture
def data(tmp_path: Path, capsys, memory_keyring) -> Path:
    folder = tmp_path / "data"
    assert run(capsys, "--data-dir", str(folder), "shop", "add", "D", "--demo")[0] == 0
    return folder


def _one_clear_line(err: str) -> None:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


def test_an_existing_shared_folder_keeps_its_mode(tmp_path, capsys, memory_keyring):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    code, _, err = run(capsys, "--data-dir", str(shared), "shop", "list")
    assert code == 0, err
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777  # was 0o700: sticky bit lost


def test_a_new_data_folder_is_owner_only(tmp_path, capsys, memory_keyring):
    folder = tmp_path / "new" / "data"
    assert run(capsys, "--data-dir", str(folder), "shop", "list")[0] == 0
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "logs").stat().st_mode) == 0o700


def test_a_read_only_database_file_is_said_plainly(data, capsys, immutable, tmp_path):
    csv = tmp_path / "new.csv"
    csv.write_text("no,name\nZ1,Zed Zimmer\n", encoding="utf-8")
    immutable(data / "shop_sync.sqlite3")
    code, _, err = run(capsys, "--data-dir", str(data), "customers", "import", str(csv))
    assert code == 2  # was a traceback (sqlite3.OperationalError) with exit 1
    _one_clear_line(err)
    assert "cannot be written" in err and "read-only" in err
    log = (data / "logs" / "shop-sync.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "readonly database" in log  # the trace went to the log


def test_a_read_only_data_folder_is_said_plainly(data, capsys, immutable):
    shutil.rmtree(data / "logs")
    immutable(data)
    code, _, err = run(capsys, "--data-dir", str(data), "customers", "list")
    assert code == 2  # was OSError from creating logs/, a traceback with exit 1
    _one_clear_line(err)


def test_damaged_customer_pages_are_said_plainly(data, capsys, tmp_path):
    import sqlite3

    csv = tmp_path / "many.csv"
    csv.write_text("no,name,city\n" + "".join(
        f"C{i:05d},Customer number {i},Town {i}\n" for i in range(3000)), encoding="utf-8")
    assert run(capsys, "--data-dir", str(data), "customers", "import", str(csv))[0] == 0
    db_path = data / "shop_sync.sqlite3"
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'customer'"
                            ).fetchone()[0]
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    raw = bytearray(db_path.read_bytes())
    for number in range(root + 1, root + 30):  # the customer table's leaf pages
        start = (number - 1) * page + 8
        raw[start:start + 64] = bytes(b ^ 0xFF for b in raw[start:start + 64])
    db_path.write_bytes(raw)
    for command in (("customers", "list"), ("customers", "export", str(tmp_path / "o.csv"))):
        code, _, err = run(capsys, "--data-dir", str(data), *command)
        assert code == 2, (command, err)
        _one_clear_line(err)
        assert "damaged" in err or "not a readable" in err, err
    assert not (tmp_path / "o.csv").exists()


def test_log_csv_does_not_follow_a_planted_file(data, capsys, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    (tmp_path / "out.csv.tmp").symlink_to(victim)  # the old temporary name
    code, _, err = run(capsys, "--data-dir", str(data), "log", "--csv", str(target))
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # was 0644
    assert target.read_text(encoding="utf-8").startswith("run_id,")


@pytest.mark.parametrize("code", ["a/b", "../../escape", "e\x1b[31mred", "naïve", "a b"])
def test_a_shop_code_is_a_short_plain_word(tmp_path, capsys, memory_keyring, code):
    folder = str(tmp_path / "data")
    code_out, out, err = run(capsys, "--data-dir", folder, "shop", "add", code, "--demo")
    assert code_out == 2  # "/", ".." and ESC were accepted; the sync then crashed on the lock
    assert "letters, digits" in err
    assert "\x1b" not in out + err
    assert run(capsys, "--data-dir", folder, "--json", "shop", "list")[1].strip() == "[]"
