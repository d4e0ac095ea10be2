"""A throw-away database for a benchmark, and Django set up on it.

A temporary LANGSO_VAR_DIR always (settings keep the SQLite database, the secret key and the
collected static files there); when DATABASE_URL names a PostgreSQL server, a fresh database on
that server too. Both are removed when the benchmark ends, whatever happens.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    scheme = "postgresql" if parts.scheme in {"postgres", "postgresql", "pgsql", "psql"} else parts.scheme
    return urlunsplit(parts._replace(scheme=scheme, path=f"/{name}"))


def _admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(statement)


@contextmanager
def scratch_env() -> Iterator[dict[str, str]]:
    """The environment of a process that must use a database of its own, cleaned up afterwards."""
    var_dir = tempfile.mkdtemp(prefix="langso-bench-")
    env = {**os.environ, "LANGSO_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "langso.settings"}
    url = os.environ.get("DATABASE_URL", "")
    database = ""
    if url.startswith("sqlite"):
        del env["DATABASE_URL"]  # a named SQLite file is not throw-away: use the temporary one
    elif url:
        database = f"{urlsplit(url).path.strip('/') or 'langso'}_bench_{secrets.token_hex(4)}"
        _admin(url, f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = _with_database(url, database)
    try:
        yield env
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if database:
            _admin(url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)


def setup_django(env: dict[str, str], *, migrate: bool = True) -> None:
    """Point this process at the scratch environment, set Django up and create the tables."""
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    if migrate:
        call_command("migrate", interactive=False, verbosity=0)


def describe_database() -> str:
    """What the benchmark ran on, e.g. "SQLite 3.40.1 (WAL)" or "PostgreSQL 15.8"."""
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (WAL, temporary file)"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    return f"PostgreSQL {version} (temporary database)"
