"""`pg_server`: this worker's PostgreSQL server (tests/postgres.py), skipped only when
PostgreSQL is not installed."""

from postgres import pg_server  # noqa: F401 (the fixture)
