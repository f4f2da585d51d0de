"""What the flat table models share: a row count over ``self._rows``, one column per header,
the headers translated in the model's own context, and the reading of one shop's rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence, Sized
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt

from desktop_app.errors import NotFoundError


class HeadedColumns:
    """Mixin, listed before ``QAbstractTableModel``, for a model showing ``self._rows``.

    ``headers`` holds the column titles in column order (marked with ``QT_TRANSLATE_NOOP``) and
    ``header_context`` the context they are translated in (the model's class name).
    """

    headers: ClassVar[tuple[str, ...]] = ()
    header_context: ClassVar[str] = ""
    _rows: Sized

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.headers):
            return QCoreApplication.translate(self.header_context, self.headers[section])
        return None


class ShopRows(HeadedColumns):
    """Mixin, listed before ``QAbstractTableModel``, for a model showing the rows of one shop:
    ``set_shop`` then ``reload`` read them again with ``read_rows``; a shop that is no longer in
    the store shows no rows (and is forgotten)."""

    _shop: str | None = None
    beginResetModel: Callable[[], None]  # the Qt model's
    endResetModel: Callable[[], None]

    def read_rows(self, shop: str) -> Sequence[object]:
        """The rows of `shop` (the model's own reader)."""
        raise NotImplementedError

    def set_shop(self, shop: str | None) -> None:
        self._shop = shop
        self.reload()

    def reload(self) -> None:
        rows: Sequence[object] = []
        if self._shop is not None:
            try:
                rows = self.read_rows(self._shop)
            except NotFoundError:
                self._shop = None
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
