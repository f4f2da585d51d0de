"""`server_rows(url)`: every row of every table of a PostgreSQL database, for tests that
prove something left the server's database as it was (issue 22's preview)."""

from __future__ import annotations


def server_rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table of the database of `url`, each table in key order."""
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()  # type: ignore[arg-type]
                for t in tables}
