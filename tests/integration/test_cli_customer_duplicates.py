"""`customers duplicates` and `customers merge KEEP OTHER` (issue 19, CLI.md): the JSON shape,
the import's "looks like" warning, a merge as a recorded run keeping every document, and a
refusal (exit 2) that changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from json_cli import JsonCli

from desktop_app import paths
from desktop_app.store.database import close_database, open_database
from desktop_app.store.order_models import SalesDocument

CSV = """no,name,email,phone,country,post_code,address
C1,John Smith,John.Smith@Example.com,+33 6 12 34 56 78,FR,75001,1 rue de Rivoli
C2,Smith John, john.smith@example.com ,06 12 34 56 78,FR,,
C3,Jean Dupont,jd@example.fr,,FR,75002,5 Rue Saint-Denis
C4,Jean Dupond,other@example.fr,,FR,75002,5 rue saint denis
C5,Ann Other,ann@example.com,,FR,,
"""


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path) -> JsonCli:
    return JsonCli(capsys, monkeypatch, tmp_path / "data")


def _documents(cli: JsonCli, owner: str, count: int) -> None:
    open_database(paths.database_path(cli.data))
    try:
        for n in range(count):
            SalesDocument.create(no=f"{owner}-{n}", type=("order", "invoice")[n % 2],
                                 sell_to_customer_no=owner, bill_to_customer_no=owner,
                                 document_date="2026-12-07", total=Decimal("1"))
    finally:
        close_database()


def test_duplicates_json_import_warning_and_merge(cli, tmp_path):
    source = tmp_path / "customers.csv"
    source.write_text(CSV, encoding="utf-8")
    report = cli.ok("customers", "import", str(source))
    assert {(w["record"], w["code"]) for w in report["warnings"]} == {
        ("C2", "looks_like_customer"), ("C4", "looks_like_customer")}
    assert report["created"] == 5  # a warning, every row imported

    pairs = cli.ok("customers", "duplicates")
    assert [(p["keep"], p["other"], p["reasons"]) for p in pairs] == [
        ("C1", "C2", ["same_email", "same_phone"]), ("C3", "C4", ["similar_name_address"])]
    assert all(isinstance(p["why"], str) and p["why"] for p in pairs)

    _documents(cli, "C1", 2)
    _documents(cli, "C2", 3)
    merged = cli.ok("customers", "merge", "C1", "C2")
    assert (merged["keep"], merged["other"], merged["documents"]) == ("C1", "C2", 3)
    listed = {c["no"] for c in cli.ok("customers", "list")}
    assert listed == {"C1", "C3", "C4", "C5"}
    documents = cli.ok("documents", "list")
    assert len(documents) == 5 and {d["customer_no"] for d in documents} == {"C1"}
    [run] = cli.ok("log", "--last", "1")
    assert "C2 Smith John merged into C1" in run["message"]

    code, _data, err = cli.run("customers", "merge", "C1", "C1")
    assert code == 2 and "itself" in err
    code, _data, err = cli.run("customers", "merge", "C3", "C9")
    assert code == 2 and "C9" in err
    assert len(cli.ok("customers", "list")) == 4
