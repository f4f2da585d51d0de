"""Unattended runs where no keyring holds the secret read `SHOP_SYNC_TOKEN_<CODE>`
(../shared/CLI.md), checked like a typed token; without either, the sync stops at once with
exit 2 and says how to provide it."""

from __future__ import annotations

import io
import json

from desktop_app.cli import main

GOOD = "shpat_0123456789abcdef0123456789abcdef"


def run(capsys, monkeypatch, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_environment_variable_serves_an_unattended_run(tmp_path, capsys, monkeypatch,
                                                          memory_keyring, demo_server):
    served = demo_server("--customers", "3", "--orders", "0", request_log=False)
    folder = str(tmp_path / "data")
    assert run(capsys, monkeypatch, "--data-dir", folder, "shop", "add", "S", "--api-url",
               served.url)[0] == 0
    code, _, err = run(capsys, monkeypatch, "--data-dir", folder, "sync", "orders")
    assert code == 2 and "SHOP_SYNC_TOKEN_S" in err  # no secret anywhere: says where to put it
    monkeypatch.setenv("SHOP_SYNC_TOKEN_S", GOOD)
    code, out, err = run(capsys, monkeypatch, "--json", "--data-dir", folder, "sync", "orders")
    assert code == 0, err
    assert json.loads(out)["resource"] == "orders"
    monkeypatch.setenv("SHOP_SYNC_TOKEN_S", GOOD + "\x1b")
    code, _, err = run(capsys, monkeypatch, "--data-dir", folder, "sync", "orders")
    assert code == 2 and "SHOP_SYNC_TOKEN_S" in err and "control character" in err
