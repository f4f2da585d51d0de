"""`database copy --to URL` as a recorded run of no shop (issue 22; Qt-free).

The copy itself is `store.db_copy.copy_database`. Its run is recorded in the source's
history once the copy has ended, well or not (`local_runs.recorded`, resource
`local-database`): recorded while it went, the run's own "running" row would be one of the
rows copied, and the target would hold a run that never ends. A copy that stops half way
leaves nothing to record: the target's transaction is rolled back and the source is only
read.
"""

from __future__ import annotations

from desktop_app.errors import StoreError
from desktop_app.store import db_copy
from desktop_app.store.database import DB
from desktop_app.sync.local_runs import recorded
from desktop_app.sync.results import CREATED, LOCAL, LOCAL_DATABASE

#: What the output says of the secrets (they are not in the database).
TOKENS_NOTE = ("Shop secrets are not in the database: each workstation keeps its own in its "
               "system keyring (`shop-sync token set CODE`) or in SHOP_SYNC_TOKEN_<CODE>.")


def copy_database(url: str, *, progress: db_copy.Progress | None = None
                  ) -> db_copy.CopyReport:
    """Copy this workstation's database (the one bound) into the empty database of `url`
    and check it (`store.db_copy`), then record the run in its history: "ok" with the rows
    copied, or "failed" (an error's code, `target_not_empty`, `copy_mismatch`..., filed under
    the target's URL without its password), or "cancelled" (Ctrl+C). Same errors as
    `store.db_copy.copy_database`."""
    source = DB.obj
    if source is None:
        raise StoreError("No database is open to copy from")
    target = db_copy.redacted(url)
    what = f"database copy --to {target}"
    failure: BaseException | None = None
    report: db_copy.CopyReport | None = None
    try:
        report = db_copy.copy_database(source, url, progress=progress)
    except BaseException as exc:  # recorded below as `recorded` records each kind, re-raised
        failure = exc
    with recorded(LOCAL_DATABASE, what, record=target) as run:
        if failure is not None:
            raise failure
        assert report is not None
        run.result.count(LOCAL, CREATED, report.rows)
        run.message = (f"{what}: {report.rows:,} rows of {len(report.tables)} tables "
                       "copied and checked.")
    assert report is not None
    return report
