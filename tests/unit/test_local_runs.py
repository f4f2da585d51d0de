"""`sync.local_runs.recorded`: how a refusal becomes the run's failure (the record named by
the command, or the failures the block recorded itself, never both)."""

from __future__ import annotations

import pytest

from desktop_app.errors import NotFoundError
from desktop_app.store import runs
from desktop_app.sync.local_runs import recorded
from desktop_app.sync.results import LOCAL_DOCUMENTS


def _only_run() -> runs.RunRow:
    [run] = runs.find_runs(with_errors=True)
    return run


def test_a_refusal_is_recorded_as_the_failure_of_the_record_named(db):
    with pytest.raises(NotFoundError), recorded(LOCAL_DOCUMENTS, "documents reset SO9",
                                                record="SO9"):
        raise NotFoundError("No document SO9.")
    run = _only_run()
    assert (run.status, run.failed) == ("failed", 1)
    assert [(e.record, e.field, e.message, e.code) for e in run.errors] == [
        ("SO9", "", "No document SO9.", NotFoundError.code)]
    assert run.message == "documents reset SO9: No document SO9. Nothing was saved."


def test_failures_the_block_recorded_itself_are_not_doubled(db):
    with pytest.raises(NotFoundError), recorded(LOCAL_DOCUMENTS, "x", record="SO9") as run:
        run.result.fail("SO9", "quantity", "too many", code="invalid_value")
        raise NotFoundError("refused")
    assert [(e.record, e.field) for e in _only_run().errors] == [("SO9", "quantity")]


def test_without_a_record_a_refusal_fails_the_run_with_no_error_row(db):
    with pytest.raises(NotFoundError), recorded(LOCAL_DOCUMENTS, "x"):
        raise NotFoundError("refused")
    run = _only_run()
    assert (run.status, run.failed, run.errors) == ("failed", 0, ())
