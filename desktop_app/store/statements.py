"""Peewee's statements for the hot small reads and inserts, built once per shape.

peewee builds a query's text anew at every call, walking the whole query tree, and for the
small statements a sync runs per order (a shop by its code, an order by its id, an order's
lines, a multi-row insert of those lines) that cost more than running them: 60% of the CPU
of issue 16's `test_money_generated` went to building SQL. Here the text peewee builds the
first time is kept by shape (model, fields, order, row count, engine) and run again with the
new values, each converted by its field's `db_value` exactly as peewee converts it. The first
build checks that peewee's parameters are those values; where they are not (a shape these
helpers do not expect), peewee runs the statement itself and nothing is kept. A None is left
to peewee (it writes `IS NULL`, another text). `tuples_where` reads only some columns of the
rows (the customers' look-alike check: a number and a name), as peewee's `.tuples()` does.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import TypeVar

import peewee

M = TypeVar("M", bound=peewee.Model)

#: Statement texts and their fixed trailing parameters (a LIMIT), by shape.
_TEXTS: dict[tuple[object, ...], tuple[str, tuple[object, ...]]] = {}
#: The most shapes kept (multi-row inserts have one a row count); the oldest goes first.
MOST_TEXTS = 512
#: Held while a text is kept (the store's worker threads build them too).
_KEEPING = threading.Lock()
#: peewee's reading of a result's columns (`_resolve_model_columns`), by model and names.
_COLUMNS: dict[tuple[object, ...], tuple[object, ...]] = {}


def first_where(model: type[M], **equals: object) -> M | None:
    """The first row of `model` whose fields equal `equals`, as `model.get_or_none(...)`
    reads it (the same statement and row), or None."""
    rows = _select(model, (), 1, equals)
    return rows[0] if rows else None


def rows_where(model: type[M], order_by: tuple[peewee.Field, ...] = (),
               **equals: object) -> list[M]:
    """The rows of `model` whose fields equal `equals`, in ascending `order_by` order, as
    peewee's own select of them reads them."""
    return _select(model, order_by, None, equals)


def insert_many(model: type[peewee.Model], rows: Sequence[Mapping[str, object]]) -> None:
    """`model.insert_many(rows).execute()` (rows keyed by field names), one statement."""
    database = _database(model)
    names = tuple(rows[0]) if rows else ()
    fields = model._meta.fields
    if database is None or not names or any(tuple(row) != names for row in rows) \
            or any(name not in fields for name in names):
        model.insert_many(rows).execute()
        return
    defaults = model._meta.defaults
    columns = [fields[name] for name in names]
    columns += [f for f in model._meta.sorted_fields if f in defaults and f.name not in names]
    # each column: its name, whether the rows give it, its default, its conversion
    plan = [(f.name, f.name in names, defaults.get(f), f.db_value) for f in columns]
    values = []
    for row in rows:
        for name, given, default, _ in plan:
            if given:
                value = row[name]
                if isinstance(value, peewee.Node) and not isinstance(value, peewee.Model):
                    model.insert_many(rows).execute()  # an SQL expression: peewee writes it
                    return
            else:  # peewee's default, a callable called for each row
                value = default() if callable(default) else default
            values.append(value)
    width = len(plan)
    params = [plan[i % width][3](value) for i, value in enumerate(values)]
    key = ("insert", model, tuple(f.name for f in columns), len(rows), type(database),
           database.param)
    text = _TEXTS.get(key)
    if text is None:
        filled = [dict(zip([f.name for f in columns], values[at:at + width]))
                  for at in range(0, len(values), width)]
        query = model.insert_many(filled, fields=columns)
        sql, built = database.get_sql_context().sql(query).query()
        if list(built) != params:
            query.execute()
            return
        text = _keep(key, sql, ())
    database.execute_sql(text[0], params)


def tuples_where(model: type[peewee.Model], columns: tuple[peewee.Field, ...],
                 order_by: tuple[peewee.Field, ...] = (), limit: int | None = None,
                 **equals: object) -> list[tuple[object, ...]]:
    """Only `columns` (fields of `model`) of the rows whose fields equal `equals`, ascending
    `order_by`, at most `limit`, as tuples: what peewee's `model.select(*columns).where(...)
    .order_by(...).limit(limit).tuples()` reads."""
    if not columns or any(getattr(c, "model", None) is not model
                          or not isinstance(c, peewee.Field) for c in columns):
        query = model.select(*columns).where(*[getattr(model, name) == value
                                               for name, value in equals.items()])
        return list(query.order_by(*order_by).limit(limit).tuples())
    built = _statement(model, columns, order_by, limit, equals)
    if isinstance(built, peewee.ModelSelect):
        return list(built.tuples())
    database = _database(model)
    assert database is not None  # _statement gave a text: a database is open
    return list(peewee.ModelTupleCursorWrapper(database.execute_sql(*built), model,
                                               list(columns)))


def _select(model: type[M], order_by: tuple[peewee.Field, ...], limit: int | None,
            equals: dict[str, object]) -> list[M]:
    built = _statement(model, (), order_by, limit, equals)
    if isinstance(built, peewee.ModelSelect):
        return list(built)
    return model_rows(model, *built)


def _statement(model: type[M], columns: tuple[peewee.Field, ...],
               order_by: tuple[peewee.Field, ...], limit: int | None,
               equals: dict[str, object]) -> tuple[str, list[object]] | peewee.ModelSelect:
    """The kept text and parameters of a select of `columns` (all: empty), or peewee's query
    where the text is not to be kept."""
    fields = [model._meta.fields[name] for name in equals]
    database = _database(model)
    if database is None or any(value is None for value in equals.values()):
        return _query(model, columns, fields, equals, order_by, limit)
    key = (model, tuple(c.name for c in columns), tuple(equals),
           tuple(f.name for f in order_by), limit, type(database), database.param)
    params = [field.db_value(value) for field, value in zip(fields, equals.values())]
    text = _TEXTS.get(key)
    if text is None:
        query = _query(model, columns, fields, equals, order_by, limit)
        sql, built = database.get_sql_context().sql(query).query()
        if list(built[:len(params)]) != params:
            return query
        text = _keep(key, sql, tuple(built[len(params):]))
    sql, tail = text
    return sql, [*params, *tail]


def model_rows(model: type[M], sql: str, params: Sequence[object]) -> list[M]:
    """The rows `model.raw(sql, *params)` gives (a statement of the model's own columns)."""
    database = _database(model)
    if database is None:
        return list(model.raw(sql, *params))
    return list(_Rows(database.execute_sql(sql, params), model))


class _Rows(peewee.ModelObjectCursorWrapper):
    """The rows of a model from a cursor, made by the wrapper `Model.raw` uses, its reading
    of the columns kept by their names (peewee reads them anew at each statement run: an
    imported order read by its id took 0.16 ms, 0.07 ms with them kept)."""

    def __init__(self, cursor: object, model: type[peewee.Model]) -> None:
        super().__init__(cursor, model, [], model)

    def initialize(self) -> None:
        key = (self.model, tuple(column[0] for column in self.cursor.description))
        kept = _COLUMNS.get(key)
        if kept is None:
            super().initialize()
            kept = _COLUMNS[key] = (self.columns, self.fields, self.converters,
                                    self.no_convert, self.convert, self.ncols,
                                    self.unique_columns)
        (self.columns, self.fields, self.converters, self.no_convert, self.convert,
         self.ncols, self.unique_columns) = kept


def _query(model: type[M], columns: tuple[peewee.Field, ...], fields: list[peewee.Field],
           equals: dict[str, object], order_by: tuple[peewee.Field, ...],
           limit: int | None) -> peewee.ModelSelect:
    query = model.select(*columns).where(*[f == v for f, v in zip(fields, equals.values())])
    if order_by:
        query = query.order_by(*order_by)
    return query.paginate(1, limit) if limit else query


def _database(model: type[peewee.Model]) -> peewee.Database | None:
    """The database `model` runs on now (a proxy's bound one), None when none is open."""
    database = model._meta.database
    return database.obj if isinstance(database, peewee.DatabaseProxy) else database


def _keep(key: tuple[object, ...], sql: str,
          tail: tuple[object, ...]) -> tuple[str, tuple[object, ...]]:
    with _KEEPING:
        while len(_TEXTS) >= MOST_TEXTS:
            del _TEXTS[next(iter(_TEXTS))]
        _TEXTS[key] = (sql, tail)
    return sql, tail
