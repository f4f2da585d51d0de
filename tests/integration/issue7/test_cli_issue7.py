"""`shop-sync` commands of issue 7, headless, against the built-in demo shop."""

from __future__ import annotations

import json

from desktop_app.cli import main

SYNC_KEYS = {"resource", "created", "updated", "skipped", "failed", "errors", "api_cost",
             "requests", "seconds"}


def _run(capsys, *args: str) -> tuple[int, object, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if "--json" in args and captured.out else None), \
        captured.err


def test_issue7_commands_headless(capsys, tmp_path, memory_keyring):
    data = str(tmp_path / "data")
    assert _run(capsys, "--data-dir", data, "shop", "add", "DEMO", "--demo")[0] == 0
    for resource in ("shipments", "invoices", "gift-cards"):
        code, result, err = _run(capsys, "--data-dir", data, "--json", "sync", resource)
        assert code == 0, err
        assert SYNC_KEYS <= set(result) and result["resource"] == resource
    code, cards, _ = _run(capsys, "--data-dir", data, "--json", "gift-cards", "list")
    assert code == 0 and isinstance(cards, list)
    for card in cards:
        assert {"shopify_id", "last_characters", "initial_value", "balance", "currency"} <= \
            set(card)
    code, agent, _ = _run(capsys, "--data-dir", data, "--json", "shipping-agents", "set", "ups",
                          "--name", "UPS", "--tracking-url", "https://t.example/%1")
    assert code == 0 and agent["code"] == "UPS"
    code, log, _ = _run(capsys, "--data-dir", data, "--json", "log", "--last", "1")
    assert code == 0 and log[0]["resource"] == "local-setup"  # a recorded run
    assert "shipping agent UPS saved" in log[0]["message"]
    code, _, err = _run(capsys, "--data-dir", data, "documents", "post-shipment", "SO999999",
                        "--agent", "UPS", "--tracking", "1Z")
    assert code == 2 and "SO999999" in err
    code, _, err = _run(capsys, "--data-dir", data, "documents", "post-invoice", "SI999999")
    assert code == 2 and "SI999999" in err
