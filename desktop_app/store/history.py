"""The sync history, now part of `store.runs` (one module for runs and their history).

Kept as a re-export while its importers move to `desktop_app.store.runs`.
"""

from __future__ import annotations

from desktop_app.store.runs import (
    CSV_COLUMNS,
    INTERRUPTED_MESSAGE,
    PROBLEM_STATUSES,
    ErrorRow,
    PruneResult,
    Retention,
    RunFilter,
    RunRow,
    _cell,
    as_dict,
    csv_rows,
    export_csv,
    find_runs,
    mark_interrupted,
    prune_runs,
    run_dicts,
    run_entries,
    run_errors,
)

__all__ = [
    "CSV_COLUMNS",
    "INTERRUPTED_MESSAGE",
    "PROBLEM_STATUSES",
    "ErrorRow",
    "PruneResult",
    "Retention",
    "RunFilter",
    "RunRow",
    "_cell",
    "as_dict",
    "csv_rows",
    "export_csv",
    "find_runs",
    "mark_interrupted",
    "prune_runs",
    "run_dicts",
    "run_entries",
    "run_errors",
]
