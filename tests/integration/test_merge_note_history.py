"""The merge note (issue 19): a customer merged into another is shown on the kept customer's
history (`customers history KEEP`, text and JSON, and the window's History dialog, which
reads the same `record_history.customer_history`), kept whatever the history's retention.

Control: without the merge notes in `customer_history` the history of C1 holds no entry
with action "merge" (the note was shown nowhere).
"""

from __future__ import annotations

from json_cli import JsonCli

from desktop_app.cli import main

CSV = """no,name,email,phone,country
C1,John Smith,john.smith@example.com,+33 6 12 34 56 78,FR
C2,Smith John,John.Smith@Example.com,06 12 34 56 78,FR
"""


def test_the_kept_customers_history_shows_what_was_merged(capsys, monkeypatch, tmp_path):
    cli = JsonCli(capsys, monkeypatch, tmp_path / "data")
    source = tmp_path / "customers.csv"
    source.write_text(CSV, encoding="utf-8")
    cli.ok("customers", "import", str(source))
    assert [e for e in cli.ok("customers", "history", "C1") if e["action"] == "merge"] == []

    cli.ok("customers", "merge", "C1", "C2")

    (entry,) = [e for e in cli.ok("customers", "history", "C1") if e["action"] == "merge"]
    assert (entry["record"], entry["key"], entry["side"]) == ("C1", "customer:C1", "local")
    assert entry["fields"]["merged"] == [None, "C2 Smith John"]
    moved = entry["fields"]["moved"][1]
    assert moved and entry["fields"]["moved"][0] is None
    # In words too: the merged customer and what moved.
    assert main(["--data-dir", str(cli.data), "customers", "history", "C1"]) == 0
    text = capsys.readouterr().out
    assert "merge  C1" in text and "merged: '' -> 'C2 Smith John'" in text
    assert f"moved: '' -> '{moved}'" in text
