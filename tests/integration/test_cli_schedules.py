"""`shop-sync schedules list|add|remove` and `shop-sync scheduler [--once]` (../shared/CLI.md,
issue 17): the window's schedules run without the window, through the same service, on a real
SQLite file; a due schedule runs once whatever the number of schedulers, a busy shop is
skipped with the reason, a run without a secret is a failed run saying how to give one, and
the long-running scheduler stops cleanly on SIGTERM and Ctrl+C (SIGINT)."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from demo_process import child_env, shop_sync_command
from json_cli import JsonCli

from desktop_app.sync.process_lock import ProcessLock

SCHEDULE_KEYS = {"id", "shop", "resource", "every_minutes", "next_run"}
GOOD_TOKEN = "shpat_0123456789abcdef0123456789abcdef"
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def _at(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@pytest.fixture
def cli(tmp_path, capsys, monkeypatch, memory_keyring) -> JsonCli:
    return JsonCli(capsys, monkeypatch, tmp_path / "data")


def _text(cli: JsonCli, *args: str) -> tuple[int, str, str]:
    """The human output (no --json)."""
    from desktop_app.cli import main

    code = main(["--data-dir", str(cli.data), *args])
    out = cli.capsys.readouterr()
    return code, out.out, out.err


def _runs(cli: JsonCli, resource: str | None = None) -> list[dict]:
    args = ["log", "--last", "100"] + (["--resource", resource] if resource else [])
    return cli.ok(*args)


def test_schedules_add_list_remove(cli):
    cli.ok("shop", "add", "DEMO", "--demo")
    assert cli.ok("schedules", "list") == []
    assert "No schedules" in _text(cli, "schedules", "list")[1]
    before = _now().replace(microsecond=0)
    added = cli.ok("schedules", "add", "customers", "--every", "15")
    assert SCHEDULE_KEYS <= set(added)
    assert (added["shop"], added["resource"], added["every_minutes"]) == ("DEMO", "customers", 15)
    # Due as soon as it is added.
    assert before <= _at(added["next_run"]) <= _now()
    cli.ok("schedules", "add", "orders", "--every", "60", "--shop", "DEMO")
    listed = cli.ok("schedules", "list")
    assert [(r["resource"], r["every_minutes"]) for r in listed] == [
        ("customers", 15), ("orders", 60)]
    assert all(SCHEDULE_KEYS <= set(r) for r in listed)
    assert listed[0]["id"] == added["id"] and listed[1]["id"] != added["id"]
    # Adding the same resource again changes its interval, it is still one schedule.
    again = cli.ok("schedules", "add", "customers", "--every", "30")
    assert again["id"] == added["id"] and again["every_minutes"] == 30
    code, text, _ = _text(cli, "schedules", "list")
    assert code == 0
    assert "DEMO" in text and "customers" in text and "every   30 min" in text
    assert f"{added['id']:>4}  DEMO" in text

    # Any whole number of minutes up to a week (a script's choice, not only the window's).
    assert cli.ok("schedules", "add", "gift-cards", "--every", "7")["every_minutes"] == 7
    cli.ok("schedules", "remove", str(cli.ok("schedules", "add", "gift-cards", "--every", "1")["id"]))
    for refused in ("0", "10081"):
        code, _, err = cli.run("schedules", "add", "customers", "--every", refused)
        assert code == 2 and "10080" in err
    code, _, err = cli.run("schedules", "add", "customers", "--every", "15", "--shop", "NOPE")
    assert code == 2 and "NOPE" in err
    code, _, _ = cli.run("schedules", "add", "everything", "--every", "15")
    assert code == 2

    removed = cli.ok("schedules", "remove", str(added["id"]))
    assert removed["id"] == added["id"] and removed["removed"] is True
    assert [r["resource"] for r in cli.ok("schedules", "list")] == ["orders"]
    code, _, err = cli.run("schedules", "remove", str(added["id"]))
    assert code == 2 and str(added["id"]) in err
    code, text, _ = _text(cli, "schedules", "remove", str(listed[1]["id"]))
    assert code == 0 and "removed" in text
    assert cli.ok("schedules", "list") == []


def test_scheduler_once_runs_exactly_the_due_schedules(cli):
    cli.ok("shop", "add", "DEMO", "--demo")
    cli.ok("shop", "set", "DEMO", "customer_import=all")
    first = cli.ok("schedules", "add", "customers", "--every", "15")
    second = cli.ok("schedules", "add", "gift-cards", "--every", "60")
    done = cli.ok("scheduler", "--once")
    assert sorted((r["resource"], r["status"]) for r in done["runs"]) == [
        ("customers", "ok"), ("gift-cards", "ok")]
    results = {r["resource"]: r["result"] for r in done["runs"]}
    assert results["customers"]["requests"] > 0  # really synced, with the demo shop
    assert results["gift-cards"]["created"] > 0
    assert {(r["resource"], r["status"]) for r in _runs(cli)} == {
        ("customers", "ok"), ("gift-cards", "ok")}
    assert len(_runs(cli)) == 2
    # Each schedule's next run is its interval after this run.
    by_id = {r["id"]: r for r in cli.ok("schedules", "list")}
    for added, minutes in ((first, 15), (second, 60)):
        row = by_id[added["id"]]
        assert row["note"] == "ok"
        wait = _at(row["next_run"]) - _at(row["last_run"])
        assert dt.timedelta(minutes=minutes) <= wait < dt.timedelta(minutes=minutes, seconds=2)
        assert _at(row["next_run"]) > _now() + dt.timedelta(minutes=minutes - 1)

    # Nothing is due now: nothing runs.
    assert cli.ok("scheduler", "--once")["runs"] == []
    code, text, _ = _text(cli, "scheduler", "--once")
    assert code == 0 and "Nothing was due." in text
    # A schedule added now is due at once, the others are not.
    cli.ok("schedules", "add", "shipments", "--every", "5")
    code, text, _ = _text(cli, "scheduler", "--once")
    assert code == 0 and "DEMO shipments" in text and "customers" not in text
    assert sorted(r["resource"] for r in _runs(cli)) == ["customers", "gift-cards", "shipments"]


def test_a_busy_shop_is_skipped_with_the_reason_and_run_later(cli):
    cli.ok("shop", "add", "DEMO", "--demo")
    added = cli.ok("schedules", "add", "customers", "--every", "15")
    other = ProcessLock(cli.data / ".sync-DEMO.lock")  # as another process's sync holds it
    assert other.try_acquire("sync orders")
    try:
        done = cli.ok("scheduler", "--once")
    finally:
        other.release()
    [skipped] = done["runs"]
    assert skipped["status"] == "skipped"
    assert "busy" in skipped["message"] and "sync orders" in skipped["message"]
    assert _runs(cli) == []  # nothing ran
    [row] = cli.ok("schedules", "list")
    assert row["note"].startswith("skipped: shop DEMO was busy")
    assert row["next_run"] == added["next_run"]  # still due: tried again at the next look
    done = cli.ok("scheduler", "--once")
    assert [(r["resource"], r["status"]) for r in done["runs"]] == [("customers", "ok")]
    assert cli.ok("schedules", "list")[0]["note"] == "ok"


def test_without_a_secret_the_scheduled_run_fails_before_any_request(cli, demo_server,
                                                                      monkeypatch):
    served = demo_server("--customers", "3", "--orders", "2")
    cli.ok("shop", "add", "S", "--api-url", served.url)
    cli.ok("schedules", "add", "customers", "--every", "15")  # nothing to send: still refused
    cli.ok("schedules", "add", "orders", "--every", "15")
    code, done, _ = cli.run("scheduler", "--once")
    assert code == 2  # nothing done
    assert [r["status"] for r in done["runs"]] == ["failed", "failed"]
    for r in done["runs"]:
        assert "SHOP_SYNC_TOKEN_S" in r["message"] and "token set S" in r["message"]
    assert served.request_entries() == []  # stopped before sending anything
    runs = _runs(cli)
    assert sorted((r["resource"], r["status"]) for r in runs) == [
        ("customers", "failed"), ("orders", "failed")]
    assert all("SHOP_SYNC_TOKEN_S" in r["message"] for r in runs)
    assert all(r["note"].startswith("failed: No access token")
               for r in cli.ok("schedules", "list"))
    # `sync` itself: exit 2, saying how, before any request (also with nothing to send).
    code, _, err = cli.run("sync", "customers")
    assert code == 2 and "SHOP_SYNC_TOKEN_S" in err
    assert served.request_entries() == []
    # With the variable, the next due run works.
    monkeypatch.setenv("SHOP_SYNC_TOKEN_S", GOOD_TOKEN)
    cli.ok("schedules", "add", "gift-cards", "--every", "5")
    done = cli.ok("scheduler", "--once")
    assert [(r["resource"], r["status"]) for r in done["runs"]] == [("gift-cards", "ok")]
    assert served.request_entries()


def _start(data: Path, *args: str, env: dict[str, str] | None = None
           ) -> subprocess.Popen[str]:
    return subprocess.Popen([*shop_sync_command(), "--data-dir", str(data), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=child_env({**NO_KEYRING, **(env or {})}))


def test_with_no_keyring_the_environment_variable_serves_the_scheduler(cli, demo_server):
    """Issue 17's "done when", in real processes with the keyring's fail backend."""
    served = demo_server("--customers", "3", "--orders", "0")
    cli.ok("shop", "add", "S", "--api-url", served.url)
    cli.ok("shop", "set", "S", "customer_import=all")
    process = _start(cli.data, "sync", "customers")
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 2 and "SHOP_SYNC_TOKEN_S" in err
    assert served.request_entries() == []
    cli.ok("schedules", "add", "customers", "--every", "15")
    process = _start(cli.data, "--json", "scheduler", "--once",
                     env={"SHOP_SYNC_TOKEN_S": GOOD_TOKEN})
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    [run] = json.loads(out)["runs"]
    assert run["status"] == "ok" and run["result"]["requests"] > 0
    assert served.request_entries()


def test_two_scheduler_processes_run_each_due_schedule_once(cli):
    cli.ok("shop", "add", "A", "--demo")
    cli.ok("shop", "add", "B", "--demo")
    due = [(shop, resource) for shop in ("A", "B")
           for resource in ("customers", "gift-cards", "invoices", "shipments")]
    for shop, resource in due:
        cli.ok("schedules", "add", resource, "--every", "15", "--shop", shop)
    processes = [_start(cli.data, "--json", "scheduler", "--once") for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in processes]  # (closes their pipes)
    assert [p.returncode for p in processes] == [0, 0], outputs
    ran = [(r["shop"], r["resource"], r["status"])
           for out, _err in outputs for r in json.loads(out)["runs"]]
    started = sorted((s, r) for s, r, status in ran if status != "skipped")
    skipped = [(s, r) for s, r, status in ran if status == "skipped"]
    # Every due schedule ran exactly once (a skipped one: the other process was syncing that
    # shop at that moment, and it is still due); nothing ran twice.
    assert len(started) == len(set(started))
    assert sorted(started + [k for k in skipped if k not in started]) == due
    history = [(r["shop"], r["resource"]) for r in _runs(cli)]
    assert sorted(history) == started
    rows = cli.ok("schedules", "list")
    assert all(r["note"] in ("ok", None) or r["note"].startswith("skipped") for r in rows)


def _read_until(process: subprocess.Popen[str], marker: str, timeout: float) -> list[str]:
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if marker in line:
                found.set()
        found.set()

    threading.Thread(target=read, daemon=True).start()
    assert found.wait(timeout), lines
    return lines


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_scheduler_keeps_running_and_stops_cleanly_on_a_signal(cli, sig):
    cli.ok("shop", "add", "DEMO", "--demo")
    cli.ok("schedules", "add", "gift-cards", "--every", "5")
    process = _start(cli.data, "scheduler", "--tick", "1")
    try:
        lines = _read_until(process, "DEMO gift-cards", timeout=120)
        assert any("Scheduler running" in line for line in lines)
        # It keeps running: a schedule added now is run at its next look (a second at most).
        cli.ok("schedules", "add", "shipments", "--every", "5")
        deadline = time.monotonic() + 60
        while not any("DEMO shipments" in line for line in lines):
            assert time.monotonic() < deadline and process.poll() is None, lines
            time.sleep(0.1)
        assert process.poll() is None
        stopped_at = time.monotonic()
        process.send_signal(sig)
        assert process.wait(timeout=20) == 0
        assert time.monotonic() - stopped_at < 10
        time.sleep(0.2)  # the reader thread reaches the end of the output
        assert process.stderr is not None
        errors = process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert any("Scheduler stopped." in line for line in lines), lines
    assert "Traceback" not in errors
    assert sorted(r["resource"] for r in _runs(cli)) == ["gift-cards", "shipments"]


def test_sigterm_during_a_scheduled_sync_cancels_it_and_records_it(cli, demo_server):
    """A sync in progress when systemd stops the scheduler: recorded as cancelled, exit 0."""
    served = demo_server("--customers", "20", "--orders", "0", "--latency-ms", "3000",
                         request_log=False)
    cli.ok("shop", "add", "S", "--api-url", served.url)
    cli.ok("shop", "set", "S", "customer_import=all")
    cli.ok("schedules", "add", "customers", "--every", "15")
    process = subprocess.Popen(
        [*shop_sync_command(), "--data-dir", str(cli.data), "scheduler", "--tick", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=child_env({**NO_KEYRING, "SHOP_SYNC_TOKEN_S": GOOD_TOKEN}))
    try:
        deadline = time.monotonic() + 60
        while [r["status"] for r in _runs(cli)] != ["running"]:
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Scheduler stopped." in out and "Traceback" not in err
    [run] = _runs(cli)
    assert run["status"] == "cancelled"
    assert cli.ok("schedules", "list")[0]["note"].startswith("cancelled")
