"""What the flat table models share: a row count over ``self._rows``, one column per header,
the headers translated in the model's own context, ``data()`` answered role by role from the
row's item and its column, and the reading of one shop's rows."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence, Sized
from typing import ClassVar, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt

from desktop_app.errors import NotFoundError
from desktop_app.ui.models.order_labels import SORT_ROLE

RowT = TypeVar("RowT")

#: Numbers and money: right-aligned, centred vertically.
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

#: The method of `RoleCells` that answers each role.
_ROLE_METHODS = {
    Qt.ItemDataRole.DisplayRole: "display",
    Qt.ItemDataRole.ToolTipRole: "tool_tip",
    SORT_ROLE: "sort_value",
    Qt.ItemDataRole.ForegroundRole: "foreground",
    Qt.ItemDataRole.CheckStateRole: "check_state",
}


class HeadedColumns:
    """Mixin, listed before ``QAbstractTableModel``, for a model showing ``self._rows``.

    ``headers`` holds the title of each column (marked with ``QT_TRANSLATE_NOOP``) by the
    model's column enum, in column order, and ``header_context`` the context they are
    translated in: by default the name of the class that sets ``headers`` (as ``tr()`` would).
    """

    headers: ClassVar[Mapping[int, str]] = {}
    header_context: ClassVar[str] = ""
    _rows: Sized

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "headers" in cls.__dict__ and "header_context" not in cls.__dict__:
            cls.header_context = cls.__name__

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and section in self.headers:
            return QCoreApplication.translate(self.header_context, self.headers[section])
        return None


class RoleCells(HeadedColumns, Generic[RowT]):
    """``HeadedColumns`` whose ``data()`` checks the index, then answers a role from the row's
    item (``self._rows[row]``, a `RowT`) and its column (``columns(index.column())``, the
    column enum the ``headers`` are keyed by): ``key_role`` with ``row_key``,
    ``TextAlignmentRole`` with `RIGHT` in the ``right_columns``, the roles of `_ROLE_METHODS`
    with the method it names (None where the model does not define it), any other role with
    None. ``display`` gives the text ``texts`` holds for the column, ``tool_tip`` the one of
    ``tips`` (None for "" too), if any; ``sort_value`` the raw value of ``sort_keys``, else
    the text shown (None without ``sort_keys``: a model no proxy sorts)."""

    columns: ClassVar[Callable[[int], int]] = int
    key_role: ClassVar[int | None] = None
    right_columns: ClassVar[Collection[int]] = ()
    texts: Mapping[int, Callable[[RowT], str]] = {}
    tips: Mapping[int, Callable[[RowT], str]] = {}
    sort_keys: Mapping[int, Callable[[RowT], object]] | None = None
    _rows: Sequence[RowT]
    beginResetModel: Callable[[], None]  # the Qt model's
    endResetModel: Callable[[], None]

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "headers" in cls.__dict__:
            cls.columns = type(next(iter(cls.headers)))
            if list(cls.headers) != list(cls.columns):
                raise TypeError(f"{cls.__name__}: not one header per column, in column order")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)  # type: ignore[call-arg] (the Qt model's, next in line)
        self._rows = []

    def set_rows(self, rows: Sequence[RowT]) -> None:
        """Show `rows` instead of the rows shown (a reset of the model)."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> RowT:
        return self._rows[row]

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns(index.column())
        if role == self.key_role:
            return self.row_key(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in self.right_columns else None
        method = _ROLE_METHODS.get(role)
        return getattr(self, method)(row, column) if method else None

    def row_key(self, row: RowT) -> str | None:
        """What ``key_role`` gives for `row` (its GID or number)."""
        return None

    def display(self, row: RowT, column: int) -> object:
        text = self.texts.get(column)
        return text(row) if text is not None else None

    def tool_tip(self, row: RowT, column: int) -> object:
        tip = self.tips.get(column)
        return (tip(row) or None) if tip is not None else None

    def sort_value(self, row: RowT, column: int) -> object:
        if self.sort_keys is None:
            return None
        key = self.sort_keys.get(column)
        return key(row) if key is not None else self.display(row, column)

    def foreground(self, row: RowT, column: int) -> object:
        return None

    def check_state(self, row: RowT, column: int) -> object:
        return None


class ShopRows(RoleCells[RowT]):
    """Mixin, listed before ``QAbstractTableModel``, for a model showing the rows of one shop:
    ``set_shop`` then ``reload`` read them again with ``read_rows``; a shop that is no longer in
    the store shows no rows (and is forgotten)."""

    _shop: str | None = None

    def read_rows(self, shop: str) -> Sequence[RowT]:
        """The rows of `shop` (the model's own reader)."""
        raise NotImplementedError

    def set_shop(self, shop: str | None) -> None:
        self._shop = shop
        self.reload()

    def reload(self) -> None:
        rows: Sequence[RowT] = []
        if self._shop is not None:
            try:
                rows = self.read_rows(self._shop)
            except NotFoundError:
                self._shop = None
        self.set_rows(rows)
