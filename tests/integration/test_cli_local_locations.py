"""Issue 17: the local locations, set up with the command line alone (on a demo shop card,
whose Shopify locations are the in-process demo shop's; ../shared/CLI.md).

`local-locations list|add|remove`: the Shop Card's return location names a local location
(exit 2 otherwise, saying how to add it), a Shopify location is linked to one, a location
either names is not removed and the refusal says which; every change is a recorded run.
"""

from __future__ import annotations

import pytest
from json_cli import JsonCli


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path) -> JsonCli:
    session = JsonCli(capsys, monkeypatch, tmp_path / "data")
    session.ok("shop", "add", "WEB", "--demo")
    return session


def test_local_locations_are_added_and_kept_while_named(cli):
    assert cli.ok("local-locations", "list") == []
    # Control: before the command a card could only name a code some Shopify location had.
    code, _out, err = cli.run("shop", "set", "WEB", "return_location=MAIN")
    assert code == 2 and "there is no local location 'MAIN' (add it first: local-locations " \
        "add MAIN)" in err, err
    made = cli.ok("local-locations", "add", "main", "name=Main warehouse")
    assert made == {"code": "MAIN", "name": "Main warehouse", "created": True}
    assert cli.ok("local-locations", "add", "MAIN", "name=Main store")["created"] is False
    code, _out, err = cli.run("local-locations", "add", "BACK ROOM")
    assert code == 2 and "no spaces" in err, err
    code, _out, err = cli.run("local-locations", "add", "X", "description=Y")
    assert code == 2 and "unknown field 'description' (known: name)" in err, err
    cli.ok("shop", "set", "WEB", "return_location=main")

    shopify = cli.ok("locations", "list")[0]
    cli.ok("locations", "set", shopify["shopify_id"], "MAIN")
    code, _out, err = cli.run("local-locations", "remove", "MAIN")
    assert code == 2 and err.count("Local location MAIN is not removed: it is used by the "
                                   "Shop Card setting return_location of shop WEB; the "
                                   f"Shopify location '{shopify['name']}' of shop WEB") == 1, err
    listed = cli.ok("local-locations", "list")
    assert listed == [{"code": "MAIN", "name": "Main store", "used_by": [
        "the Shop Card setting return_location of shop WEB",
        f"the Shopify location '{shopify['name']}' of shop WEB"]}]

    cli.ok("local-locations", "add", "TMP")
    assert cli.ok("local-locations", "remove", "tmp") == {"removed": "TMP"}
    code, _out, err = cli.run("local-locations", "remove", "TMP")
    assert code == 2 and "There is no local location 'TMP'" in err, err
    assert [r["code"] for r in cli.ok("local-locations", "list")] == ["MAIN"]
    runs = [r["message"] for r in cli.ok("log", "--last", "30", "--resource", "local-setup")]
    assert "local-locations remove tmp: local location TMP removed." in runs
    assert "local-locations add main: local location MAIN created." in runs
    assert any(m.startswith("local-locations remove MAIN") for m in runs)  # the refusal
