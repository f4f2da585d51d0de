"""The local database: the merchant's customers, items, documents and each shop's settings."""


def _import_peewee_without_server_driver() -> None:
    """Import peewee with its PostgreSQL driver hidden.

    peewee imports psycopg as it is imported itself: 0.1 to 0.3 s more at every start of the
    window, of every command and of every test process, measured, for a driver that only a
    shared database (`--database postgresql://...`) uses. Only the store imports peewee, so
    this runs before anyone else's import of it. `store/engines.py` imports it and
    hands it to peewee when it opens one (`load_postgres_driver`).
    """
    import sys

    if "peewee" in sys.modules or "psycopg" in sys.modules:
        return
    sys.modules["psycopg"] = None  # type: ignore[assignment]  # "import psycopg" fails
    try:
        import peewee  # noqa: F401

        # The migrations' module imports playhouse's PostgreSQL extensions, which import
        # psycopg too (only for hstore columns, which the schema has none of): 0.1-0.2 s more
        # at every open of the database, measured.
        import playhouse.migrate  # noqa: F401
    finally:
        del sys.modules["psycopg"]


_import_peewee_without_server_driver()
