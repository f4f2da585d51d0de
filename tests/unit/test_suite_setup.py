"""The suite's own set-up: the order the workers take the files in, and the `db` fixture's copy
of a migrated template (tests/file_seconds.py, tests/conftest.py)."""

from __future__ import annotations

import contextlib
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from file_seconds import figures_from_junit, load, longest_first

from desktop_app.store.migrations.runner import latest_version


@dataclass
class FakeItem:
    nodeid: str


def test_the_longest_files_go_first_each_keeping_its_own_order() -> None:
    items = [FakeItem(n) for n in (
        "tests/unit/test_a.py::one", "tests/faults/test_b.py::one", "tests/unit/test_a.py::two",
        "tests/faults/test_b.py::two", "tests/ui/test_c.py::one", "tests/new/test_d.py::one",
    )]
    seconds = {"tests/unit/test_a.py": 1.5, "tests/faults/test_b.py": 60.0,
               "tests/ui/test_c.py": 9.0}

    ordered = [item.nodeid for item in longest_first(items, seconds)]

    assert ordered == [
        "tests/new/test_d.py::one",  # not measured yet: first, as a long file would be
        "tests/faults/test_b.py::one", "tests/faults/test_b.py::two",
        "tests/ui/test_c.py::one",
        "tests/unit/test_a.py::one", "tests/unit/test_a.py::two",
    ]


def test_the_figures_are_read_per_file_from_a_junit_report(tmp_path: Path) -> None:
    (tmp_path / "tests" / "unit").mkdir(parents=True)
    for name in ("test_a.py", "test_b.py"):
        (tmp_path / "tests" / "unit" / name).write_text("")
    report = tmp_path / "junit.xml"
    report.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="tests.unit.test_a" name="one" time="1.25"/>'
        '<testcase classname="tests.unit.test_a.TestGroup" name="two" time="2.5"/>'
        '<testcase classname="tests.unit.test_b" name="x[p.q]" time="0.3"/>'
        '<testcase classname="" name="crashed" time="9"/>'
        "</testsuite></testsuites>")

    figures = figures_from_junit(report, tmp_path)

    assert figures == {"tests/unit/test_a.py": 3.8, "tests/unit/test_b.py": 0.3}


def test_the_committed_figures_name_files_that_exist() -> None:
    figures = load()
    repo = Path(__file__).resolve().parents[2]
    assert len(figures) > 100, "tests/file_seconds.json is missing or nearly empty"
    gone = [name for name in figures if not (repo / name).is_file()]
    assert len(gone) <= len(figures) // 10, f"stale figures, refresh them: {gone[:10]}"


def _customer_count(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as con:  # `with` alone leaves it open
        return con.execute("SELECT COUNT(*) FROM customer").fetchone()[0]


def test_the_db_fixture_is_a_private_migrated_copy(db, migrated_template: Path,
                                                   tmp_path: Path) -> None:
    from desktop_app.store.models import Customer

    path = Path(db.database)
    assert path.parent == tmp_path and path != migrated_template
    assert db.execute_sql("PRAGMA user_version").fetchone()[0] == latest_version()
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    Customer.create(no="C1", name="Only in this test's copy")
    assert _customer_count(path) == 1
    assert _customer_count(migrated_template) == 0, "a test wrote into the shared template"
