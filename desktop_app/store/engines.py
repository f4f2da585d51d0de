"""The two database engines: the local SQLite file (the default) and a PostgreSQL server.

A PostgreSQL server is for several workstations sharing one database (issue 22). It is named
by a URL, `postgresql://user@host:5432/shopsync`, given as `--database URL` or in the
environment variable `SHOP_SYNC_DATABASE`; left out, Shop Sync opens the SQLite file in its
data folder exactly as before (or the server saved in Preferences: `store/database_choice`).
The password may be in the URL, where libpq looks for it (`PGPASSWORD`, `~/.pgpass`), or in
the keyring (Preferences); Shop Sync never writes it to a file, and `redact_url()` strips it
from every URL that is shown or logged.

`PostgresDatabase` keeps the storage conventions of the SQLite schema, so the same models,
migrations and queries serve both engines:

- values are sent as text of an unknown type and the server casts them to the column's type,
  as SQLite's type affinity does: numbers, booleans as 0/1 (the columns are INTEGER), timestamps as
  the text `str()` gives (the columns are TEXT; `YYYY-MM-DD HH:MM:SS.ffffff`, so they sort
  and compare as in SQLite);
- `to_postgres()` rewrites the SQLite spellings of hand-written SQL: `?` placeholders,
  `INTEGER PRIMARY KEY` (an auto-numbered key), `COLLATE NOCASE` in an index, `INSERT OR
  IGNORE`, `LIKE` (case-blind in SQLite: `ILIKE`), `GLOB` (an operator defined here), a
  0/1 flag standing alone as a condition (`NOT "blocked"`: `NOT ("blocked" <> 0)`);
- the SQLite functions the queries use (`total`, `json_each`, booleans compared with 1/0)
  are defined in the database by the migration runner (`SQLITE_FUNCTIONS`).
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import os
import re
import socket
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import peewee

from desktop_app.store.gil_share import SharesGil

#: The environment variable naming the shared database (same as `--database URL`).
DATABASE_ENV = "SHOP_SYNC_DATABASE"

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

_POSTGRES_SCHEMES = ("postgresql", "postgres")

#: Seconds a statement waits for another connection's row or table lock (SQLite's busy timeout).
LOCK_TIMEOUT = 5.0
#: Seconds to reach the server before "could not connect".
CONNECT_TIMEOUT = 10


def configured_url(option: str | None = None) -> str | None:
    """The database URL to open: the `--database` option, else `SHOP_SYNC_DATABASE`, else None
    (the SQLite file of the data folder)."""
    value = (option or os.environ.get(DATABASE_ENV) or "").strip()
    return value or None


def engine_of_url(url: str) -> str:
    """`POSTGRESQL` or `SQLITE` (a `sqlite:///path` URL); ValueError for anything else."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in _POSTGRES_SCHEMES:
        return POSTGRESQL
    if scheme == "sqlite":
        return SQLITE
    raise ValueError(
        f"Unsupported database address {redact_url(url)!r}: use postgresql://user@host/name "
        "(or leave it out for the local file)."
    )


def sqlite_path(url: str) -> str:
    """The file of a `sqlite:///path` URL."""
    parts = urlsplit(url)
    return parts.path if not parts.netloc else f"//{parts.netloc}{parts.path}"


def redact_url(url: str) -> str:
    """`url` without its password (in the user part or as `password=`), safe to show or log."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<database address>"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}@{host}" if ":" not in userinfo else f"{user}:***@{host}"
    query = parts.query
    if query:
        pairs = [(k, "***" if k.lower() == "password" else v)
                 for k, v in parse_qsl(query, keep_blank_values=True)]
        query = urlencode(pairs, safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def server_of_url(url: str) -> str:
    """The server a URL names, as a merchant may read it: "host:port" (never a user or a
    password); "" for a local socket (no host) or an address that cannot be read."""
    try:
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        host = parts.hostname or query.get("host", "")
        port = parts.port or query.get("port")
    except ValueError:
        return ""
    if not host or host.startswith("/"):
        return ""
    return f"{host}:{port}" if port else host


def redact_text(text: str, url: str) -> str:
    """`text` with the password of `url` (if any) replaced, for messages that quote the URL."""
    parts = urlsplit(url)
    secrets = [parts.password] if parts.password else []
    secrets += [v for k, v in parse_qsl(parts.query) if k.lower() == "password" and v]
    for secret in secrets:
        text = text.replace(secret, "***")
    return text.replace(url, redact_url(url))


def is_postgres(db: object) -> bool:
    """Whether `db` (a peewee database or the bound proxy) is a PostgreSQL database."""
    target = getattr(db, "obj", db)  # a DatabaseProxy
    return isinstance(target, peewee.PostgresqlDatabase)


# --- SQL spelled for SQLite, run on PostgreSQL ----------------------------------------------

_TOKENS = re.compile(
    r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|%%|%s|%|\?|\bGLOB\b|\bLIKE\b", re.S | re.I)
_INTEGER_KEY = re.compile(r"\bINTEGER\s+(?:NOT\s+NULL\s+)?PRIMARY\s+KEY\b", re.I)
_NOCASE = re.compile(r"\(\s*(\w+)\s+COLLATE\s+NOCASE\s*\)", re.I)
_INSERT_OR_IGNORE = re.compile(r"^(\s*)INSERT\s+OR\s+IGNORE\s+INTO\b", re.I)


def _placeholders(sql: str) -> str:
    """`?` to `%s`, a lone `%` to `%%` (psycopg reads `%` everywhere, quoted or not)."""

    def swap(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        if token.upper() == "GLOB":
            return "~#~"
        if token.upper() == "LIKE":
            return "ILIKE"  # SQLite's LIKE ignores case
        if token == "%":
            return "%%"
        if token[0] in "'\"":
            return re.sub(r"%(?!%)", "%%", token.replace("%%", "\0")).replace("\0", "%%")
        return token  # %% and %s: already psycopg's spelling (peewee's own SQL)

    return _TOKENS.sub(swap, sql)


#: A boolean column (0/1 INTEGER) standing alone as a condition: `NOT "t1"."blocked"`,
#: `WHERE "t1"."is_demo" AND ...`; PostgreSQL wants a boolean there.
_BARE_FLAG = re.compile(
    r'(\bNOT\s+|\bWHERE\s+|\bAND\s+|\bOR\s+|\bWHEN\s+|(?<![\w"])\(\s*)'
    r'((?:"\w+"\.)?"(\w+)")'
    r'(?=\s*(?:\)|\bAND\b|\bOR\b|\bTHEN\b|\bORDER\b|\bGROUP\b|\bLIMIT\b|$))', re.I)

_flag_columns: frozenset[str] | None = None


def _flags() -> frozenset[str]:
    """The column names of every `BooleanField` of the models (stored as INTEGER 0/1)."""
    global _flag_columns
    if _flag_columns is None:
        names: set[str] = set()
        pending = list(peewee.Model.__subclasses__())
        while pending:
            model = pending.pop()
            pending.extend(model.__subclasses__())
            names.update(f.column_name for f in model._meta.sorted_fields
                         if isinstance(f, peewee.BooleanField))
        _flag_columns = frozenset(names)
    return _flag_columns


def _flag_conditions(sql: str) -> str:
    flags = _flags()

    def test(match: re.Match[str]) -> str:
        if match.group(3) not in flags:
            return match.group(0)
        return f"{match.group(1)}({match.group(2)} <> 0)"

    return _BARE_FLAG.sub(test, sql)


def to_postgres(sql: str) -> str:
    """The PostgreSQL spelling of a statement written for SQLite (see the module's text)."""
    head = sql.lstrip()[:12].upper()
    if head.startswith(("SELECT", "UPDATE", "DELETE", "WITH")):
        sql = _flag_conditions(sql)
    if head.startswith(("CREATE", "ALTER")):
        sql = _INTEGER_KEY.sub("SERIAL PRIMARY KEY", sql)
        sql = _NOCASE.sub(r"(lower(\1))", sql)
    elif head.startswith("INSERT"):
        ignore = _INSERT_OR_IGNORE.match(sql)
        if ignore:
            sql = (f"{ignore.group(1)}INSERT INTO{sql[ignore.end():].rstrip().rstrip(';')} "
                   "ON CONFLICT DO NOTHING")
    return _placeholders(sql)


#: SQLite's functions that hand-written queries use, defined on PostgreSQL with the same
#: result (`total`: a float sum, 0.0 over no row; `json_each(text)`: a JSON array's values).
#: Installed by the migration runner (`install_sqlite_functions()`).
SQLITE_FUNCTIONS = {
    "total(double precision)": (
        "CREATE FUNCTION shop_sync_total_step(double precision, double precision) "
        "RETURNS double precision LANGUAGE sql IMMUTABLE AS 'SELECT $1 + coalesce($2, 0)'",
        "CREATE AGGREGATE total(double precision) (sfunc = shop_sync_total_step, "
        "stype = double precision, initcond = '0')",
    ),
    # `a GLOB b` is written `a ~#~ b` on PostgreSQL (`to_postgres()`): `*`, `?`, `[...]`.
    "shop_sync_glob(text,text)": (
        "CREATE FUNCTION shop_sync_glob(value text, pattern text) RETURNS boolean "
        "LANGUAGE plpgsql IMMUTABLE AS '"
        "DECLARE regex text := ''^''; i int := 1; ch text; j int; "
        "BEGIN "
        "WHILE i <= length(pattern) LOOP "
        "ch := substr(pattern, i, 1); "
        "IF ch = ''*'' THEN regex := regex || ''.*''; "
        "ELSIF ch = chr(63) THEN regex := regex || ''.''; "
        "ELSIF ch = ''['' THEN j := strpos(substr(pattern, i + 2), '']''); "
        "IF j = 0 THEN regex := regex || ''\\[''; "
        "ELSE regex := regex || ''['' || replace(substr(pattern, i + 1, j), ''\\'', "
        "''\\\\'') || '']''; i := i + j + 1; END IF; "
        "ELSE regex := regex || regexp_replace(ch, ''([^A-Za-z0-9_])'', ''\\\\\\1''); "
        "END IF; i := i + 1; END LOOP; "
        "RETURN value ~ (regex || ''$''); END'",
        "CREATE OPERATOR ~#~ (leftarg = text, rightarg = text, function = shop_sync_glob)",
    ),
    # SQLite's comparisons are 1/0: `EXISTS (...) = 1` compares a boolean with an integer.
    "shop_sync_bool_int_eq(boolean,integer)": (
        "CREATE FUNCTION shop_sync_bool_int_eq(boolean, integer) RETURNS boolean "
        "LANGUAGE sql IMMUTABLE AS 'SELECT $1::int = $2'",
        "CREATE FUNCTION shop_sync_int_bool_eq(integer, boolean) RETURNS boolean "
        "LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2::int'",
        "CREATE FUNCTION shop_sync_bool_int_ne(boolean, integer) RETURNS boolean "
        "LANGUAGE sql IMMUTABLE AS 'SELECT $1::int <> $2'",
        "CREATE FUNCTION shop_sync_int_bool_ne(integer, boolean) RETURNS boolean "
        "LANGUAGE sql IMMUTABLE AS 'SELECT $1 <> $2::int'",
        "CREATE OPERATOR = (leftarg = boolean, rightarg = integer, "
        "function = shop_sync_bool_int_eq, commutator = =, negator = <>)",
        "CREATE OPERATOR = (leftarg = integer, rightarg = boolean, "
        "function = shop_sync_int_bool_eq, commutator = =, negator = <>)",
        "CREATE OPERATOR <> (leftarg = boolean, rightarg = integer, "
        "function = shop_sync_bool_int_ne, commutator = <>, negator = =)",
        "CREATE OPERATOR <> (leftarg = integer, rightarg = boolean, "
        "function = shop_sync_int_bool_ne, commutator = <>, negator = =)",
    ),
    "sum(boolean)": (
        "CREATE FUNCTION shop_sync_sum_bool_step(bigint, boolean) RETURNS bigint "
        "LANGUAGE sql IMMUTABLE AS 'SELECT $1 + coalesce($2::int, 0)'",
        "CREATE AGGREGATE sum(boolean) (sfunc = shop_sync_sum_bool_step, stype = bigint, "
        "initcond = '0')",
    ),
    "json_each(text)": (
        "CREATE FUNCTION json_each(text) RETURNS TABLE (value text) LANGUAGE sql IMMUTABLE "
        "AS 'SELECT json_array_elements_text($1::json)'",
    ),
}


def install_sqlite_functions(db: peewee.Database) -> None:
    """Define the missing `SQLITE_FUNCTIONS` in the connected PostgreSQL database."""
    for signature, statements in SQLITE_FUNCTIONS.items():
        found = db.execute_sql("SELECT to_regprocedure(?) IS NOT NULL", (signature,))
        if not found.fetchone()[0]:
            for statement in statements:
                db.execute_sql(statement)


def application_name() -> str:
    """Who this connection is, as other workstations see it (`pg_stat_activity`)."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 (no user name on this system: still connect)
        user = "?"
    return f"shop-sync {socket.gethostname()} {user} {os.getpid()}"[:63]


def _sqlite_style_dumpers(connection: object) -> None:
    """Send booleans as 0/1 and dates as `str()` text, of unknown type (see the module)."""
    from psycopg.adapt import Dumper

    class _Text(Dumper):
        oid = 0  # "unknown": the server takes the column's type, like SQLite's affinity

        def dump(self, obj: object) -> bytes:
            return str(obj).encode()

    class _Bool(Dumper):
        oid = 0

        def dump(self, obj: object) -> bytes:
            return b"1" if obj else b"0"

    adapters = connection.adapters  # type: ignore[attr-defined]
    adapters.register_dumper(bool, _Bool)
    adapters.register_dumper(int, _Text)  # `AND ?` with 0/1, as SQLite reads it
    for kind in (dt.datetime, dt.date, dt.time):
        adapters.register_dumper(kind, _Text)


@functools.cache
def _sqlite_spelling_cursor() -> type:
    """A psycopg cursor that runs SQL written for SQLite (`to_postgres()`), for peewee's
    `execute_sql()` and for the store's own `DB.cursor().executemany(...)` alike."""
    import psycopg

    class SqliteSpellingCursor(psycopg.Cursor):  # type: ignore[type-arg]
        def execute(self, query, params=None, **kwargs):  # type: ignore[no-untyped-def]
            if isinstance(query, str):
                query = to_postgres(query)
            return super().execute(query, params, **kwargs)

        def executemany(self, query, params_seq, **kwargs):  # type: ignore[no-untyped-def]
            if isinstance(query, str):
                query = to_postgres(query)
            return super().executemany(query, params_seq, **kwargs)

    return SqliteSpellingCursor


def load_postgres_driver() -> None:
    """Give peewee the psycopg driver that `desktop_app/store/__init__.py` kept it from importing
    at start (the same names peewee's own import sets)."""
    if peewee.psycopg is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.psycopg = psycopg
    peewee.TransactionStatus = TransactionStatus
    peewee.Json_pg3 = Json
    peewee.Jsonb_pg3 = Jsonb


class PostgresDatabase(SharesGil, peewee.PostgresqlDatabase):
    """peewee's PostgreSQL database with the SQLite conventions of the schema (module text);
    its worker threads give the window's loop its turn (`store.gil_share`)."""

    def __init__(self, url: str, *, lock_timeout: float = LOCK_TIMEOUT, **kwargs: object) -> None:
        options = f"-c lock_timeout={int(lock_timeout * 1000)}"
        kwargs.setdefault("connect_timeout", CONNECT_TIMEOUT)
        kwargs.setdefault("application_name", application_name())
        kwargs.setdefault("options", options)
        load_postgres_driver()
        super().__init__(url, prefer_psycopg3=True, **kwargs)
        self.url = url

    def _connect(self):  # type: ignore[no-untyped-def]
        connection = super()._connect()
        _sqlite_style_dumpers(connection)
        connection.cursor_factory = _sqlite_spelling_cursor()
        return connection

    def __repr__(self) -> str:
        return f"<PostgresDatabase {redact_url(self.url)}>"
