"""A CSV import of local customers keeps each row's changes in the per-record history.

`shop-sync customers import FILE` (a real process) records, like a sync does
(`sync.record_changes`), each customer it created (its fields from nothing) or updated (each
field changed, old -> new); an unchanged row or a refused row records nothing. `shop-sync
customers history NO` shows it. Control: with `sync.local_runs.import_customers` recording no
change, both customers' histories are empty (the test fails at Ada's).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from demo_process import child_env, run_cli

pytestmark = pytest.mark.slow  # five CLI processes


def _history(env: dict[str, str], data: Path, no: str) -> list[dict]:
    return json.loads(run_cli(env, data, "--json", "customers", "history", no).stdout)


def test_each_imported_row_is_in_the_customers_history(tmp_path):
    env, data = child_env(), tmp_path / "data"
    first = tmp_path / "first.csv"
    first.write_text("no,name,email,phone,city,country\n"
                     "C1,Ada Lovelace,ada@example.com,+44 20 7946 0001,London,GB\n"
                     "C2,Alan Turing,alan@example.com,,Wilmslow,GB\n", "utf-8")
    second = tmp_path / "second.csv"
    second.write_text("no,name,email,phone,city,country\n"
                      "C1,Ada Lovelace,ada@example.com,+44 20 7946 0002,Marylebone,GB\n"
                      "C2,Alan Turing,alan@example.com,,Wilmslow,GB\n"
                      "C3,Grace Hopper,not-an-e-mail,,Arlington,US\n", "utf-8")
    run_cli(env, data, "customers", "import", str(first))
    done = run_cli(env, data, "--json", "customers", "import", str(second), ok=(1,))
    assert "C3" in done.stdout  # refused: the e-mail

    ada = _history(env, data, "C1")
    assert [(e["side"], e["action"], e["resource"]) for e in ada] == [
        ("local", "update", "local-customers"), ("local", "create", "local-customers")]
    assert ada[0]["fields"] == {"phone": ["+442079460001", "+442079460002"],
                                "city": ["London", "Marylebone"]}
    assert ada[1]["fields"] == {"no": [None, "C1"], "name": [None, "Ada Lovelace"],
                                "email": [None, "ada@example.com"],
                                "phone": [None, "+442079460001"], "city": [None, "London"],
                                "country": [None, "GB"]}
    assert ada[0]["run"] != ada[1]["run"]
    alan = _history(env, data, "C2")  # unchanged by the second file: only its creation
    assert [e["action"] for e in alan] == ["create"]
    assert "phone" not in alan[0]["fields"]  # blank: nothing written
    assert _history(env, data, "C3") == []  # refused: never saved

    text = run_cli(env, data, "customers", "history", "C1").stdout
    assert "city: 'London' -> 'Marylebone'" in text
