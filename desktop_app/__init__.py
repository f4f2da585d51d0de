"""Shop Sync: keeps a merchant's local customers and sales in step with a Shopify store."""

__version__ = "0.1.0"

#: The Shopify Admin API version this release is built and tested against.
#: It must equal the version of the schema in ../shared/shopify/ (see tests/contract).
SHOPIFY_API_VERSION = "2026-07"


def _import_peewee_without_server_driver() -> None:
    """Import peewee with its PostgreSQL driver hidden.

    peewee imports psycopg as it is imported itself: 0.1 to 0.3 s more at every start of the
    window, of every command and of every test process, measured, for a driver that only a
    shared database (`--database postgresql://...`) uses. `store/engines.py` imports it and
    hands it to peewee when it opens one (`load_postgres_driver`).
    """
    import sys

    if "peewee" in sys.modules or "psycopg" in sys.modules:
        return
    sys.modules["psycopg"] = None  # type: ignore[assignment]  # "import psycopg" fails
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg"]


_import_peewee_without_server_driver()
