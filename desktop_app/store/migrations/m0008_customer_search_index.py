"""Version 8: a trigram full-text index over the searched columns of local customers.

Searching 100,000 customers scanned six columns with `LIKE '%term%'` once for the first page
and once more for the count (133-140 ms for a common word, issue 9). `customer_search` is an
FTS5 table with the `trigram` tokenizer (SQLite 3.34 or later; it folds case) over the
columns the search reads: number, name, e-mail, contact, city, post code and phone. It is an
external-content table (`content='customer'`): it stores only the index, the text stays in
`customer`. The triggers below keep it in step with every write to `customer`, whichever
path makes it (the import, CSV, the sync, raw SQL), and existing rows are indexed here.

The index only narrows the rows down: `store.customers` still checks each candidate with the
same `LIKE` as before, so what a search finds does not change. A later step that rebuilds
the `customer` table must create these triggers again.

On PostgreSQL (a shared server) there is no FTS5: the step creates nothing, and the search
reads the columns with the same `LIKE` conditions, without this index to narrow them.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

from desktop_app.store.engines import is_postgres

VERSION = 8

#: The indexed columns of `customer`, in the FTS table's order.
COLUMNS = ("no", "name", "email", "contact", "city", "post_code", "phone")

_LIST = ", ".join(COLUMNS)
_NEW = ", ".join(f"new.{c}" for c in COLUMNS)
_OLD = ", ".join(f"old.{c}" for c in COLUMNS)

STATEMENTS = (
    f"CREATE VIRTUAL TABLE customer_search USING fts5({_LIST}, content='customer', "
    "content_rowid='id', tokenize='trigram')",
    f"""CREATE TRIGGER customer_search_insert AFTER INSERT ON customer BEGIN
        INSERT INTO customer_search (rowid, {_LIST}) VALUES (new.id, {_NEW});
    END""",
    f"""CREATE TRIGGER customer_search_delete AFTER DELETE ON customer BEGIN
        INSERT INTO customer_search (customer_search, rowid, {_LIST})
        VALUES ('delete', old.id, {_OLD});
    END""",
    f"""CREATE TRIGGER customer_search_update AFTER UPDATE OF id, {_LIST} ON customer BEGIN
        INSERT INTO customer_search (customer_search, rowid, {_LIST})
        VALUES ('delete', old.id, {_OLD});
        INSERT INTO customer_search (rowid, {_LIST}) VALUES (new.id, {_NEW});
    END""",
    "INSERT INTO customer_search (customer_search) VALUES ('rebuild')",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Create `customer_search`, its triggers, and index the existing customers."""
    if is_postgres(db):
        return
    for statement in STATEMENTS:
        db.execute_sql(statement)
