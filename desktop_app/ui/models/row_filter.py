"""RowFilterProxy: the proxy of a flat table model that sorts by `SORT_ROLE` and keeps the rows
its model's items pass."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QSortFilterProxyModel

from desktop_app.ui.models.columns import RoleCells
from desktop_app.ui.models.order_labels import SORT_ROLE


class RowFilterProxy(QSortFilterProxyModel):
    """Sorts by `SORT_ROLE`; of a `source_type` model, keeps the rows whose item `accepts`
    (any other model: every row). `_set_filter` changes what it keeps."""

    source_type: ClassVar[type[RoleCells]] = RoleCells

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def _set_filter(self, attribute: str, value: object) -> None:
        """Set `attribute` of the proxy to `value` and, when that changes it, filter again."""
        if value != getattr(self, attribute):
            self.beginFilterChange()
            setattr(self, attribute, value)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def accepts(self, model, item) -> bool:
        """Whether the row of `item` (in `model`, a `source_type`) is kept."""
        return True

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, self.source_type):
            return True
        return self.accepts(model, model.row_at(source_row))
