"""The number series of documents (`SO000001`, `SS000001`...), kept in `NoSeries`."""

from __future__ import annotations

from desktop_app.store.order_models import NoSeries
from desktop_app.store.statements import first_where

#: Digits after a series' prefix.
_NO_WIDTH = 6


def next_no(series: str) -> str:
    """The next number of a series (`SO000001`); call inside the document's transaction so a
    rolled-back document gives its number back."""
    row = first_where(NoSeries, code=series)
    if row is None:
        # Two workstations of one server may start a series at once: the second waits for the
        # first's row instead of failing on the unique code (issue 22).
        NoSeries.insert(code=series, last_no=0).on_conflict_ignore().execute()
        row = NoSeries.get(NoSeries.code == series)
    NoSeries.update(last_no=NoSeries.last_no + 1).where(NoSeries.id == row.id).execute()
    value = NoSeries.get_by_id(row.id).last_no
    return f"{series}{value:0{_NO_WIDTH}d}"
