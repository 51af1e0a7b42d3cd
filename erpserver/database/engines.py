"""Where each named database lives, and one SQLAlchemy engine per database.

With no ``db_url`` every database is a SQLite file in ``data_dir`` (WAL, busy timeout, so that
several gunicorn workers can share it); with a PostgreSQL server URL every database is a
PostgreSQL database on that server, run at REPEATABLE READ.
"""

from __future__ import annotations

import builtins
import os
import re
import sqlite3
import threading
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url

from erpserver.config import Config
from erpserver.database import lazy_begin
from erpserver.database.sqlfunctions import SQLITE_DATE_TRUNC
from erpserver.exceptions import DatabaseNotFound
from erpserver.timebuckets import sqlite_date_trunc

DB_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
SQLITE_SUFFIX = ".sqlite3"
# Databases the PostgreSQL server keeps for itself: never listed, never ours.
PG_SYSTEM_DATABASES = frozenset({"postgres", "template0", "template1"})
# The tables the first migration creates: a database holding both is erpserver's. Any other
# database the role can reach (another application's, a stray .sqlite3 file) is never listed,
# never dropped, never opened as ours.
MARKER_TABLES = ("alembic_version", "ir_signal")
# The execution option a caller sets to say its transaction will write (SQLite takes the write
# lock up front then, instead of failing on a lock upgrade half-way through the call).
WRITE_OPTION = "erp_write"


def check_db_name(name: str) -> str:
    if not isinstance(name, str) or not DB_NAME_RE.match(name):
        raise ValueError(f"Invalid database name: {name!r}")
    return name


def _install_sqlite_hooks(engine: Engine, busy_timeout_ms: int) -> None:
    """Make pysqlite transactional for DDL too, and give SQLite the functions we need."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Odoo's `like` is case-sensitive; SQLite's is not unless told.
        cursor.execute("PRAGMA case_sensitive_like = ON")
        cursor.close()
        # SQLite's lower() only folds ASCII; ilike on 'Café' needs the Unicode one.
        dbapi_conn.create_function("lower", 1, _unicode_lower, deterministic=True)
        # read_group's time buckets (PostgreSQL's date_trunc, see database/sqlfunctions.py)
        dbapi_conn.create_function(SQLITE_DATE_TRUNC, 4, sqlite_date_trunc, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def _unicode_lower(value: str | bytes | int | float | None) -> str | bytes | int | float | None:
    return value.lower() if isinstance(value, str) else value


class DatabaseManager:
    """Creates, lists and drops databases, and hands out their engines."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._engines: dict[str, Engine] = {}
        self._lock = threading.Lock()
        self._server_url: URL | None = make_url(config.db_url) if config.db_url else None
        if self._server_url is not None and not self._server_url.drivername.startswith("postgresql"):
            raise ValueError("db_url must be a postgresql:// URL (leave it empty for SQLite)")

    @property
    def dialect(self) -> str:
        return "postgresql" if self._server_url is not None else "sqlite"

    # -- locations ------------------------------------------------------------------------------
    def sqlite_path(self, name: str) -> Path:
        return Path(self.config.data_dir) / f"{check_db_name(name)}{SQLITE_SUFFIX}"

    def url_for(self, name: str) -> URL:
        check_db_name(name)
        if self._server_url is not None:
            return self._server_url.set(drivername="postgresql+psycopg2", database=name)
        return URL.create("sqlite+pysqlite", database=str(self.sqlite_path(name)))

    # -- engines --------------------------------------------------------------------------------
    def engine(self, name: str) -> Engine:
        """The engine of an existing database (DatabaseNotFound otherwise)."""
        engine = self._engines.get(name)
        if engine is not None:
            return engine
        if not self.exists(name):
            raise DatabaseNotFound(name)
        with self._lock:
            engine = self._engines.get(name)
            if engine is None:
                engine = self._make_engine(name)
                self._engines[name] = engine
        return engine

    def _make_engine(self, name: str) -> Engine:
        url = self.url_for(name)
        if self.dialect == "sqlite":
            engine = sa.create_engine(
                url,
                connect_args={"check_same_thread": False, "timeout": self.config.sqlite_busy_timeout / 1000},
                pool_size=8,
                max_overflow=8,
                poolclass=sa.pool.QueuePool,
            )
            _install_sqlite_hooks(engine, self.config.sqlite_busy_timeout)
            return engine
        return sa.create_engine(
            url.set(drivername=lazy_begin.DRIVERNAME),  # psycopg2, BEGIN sent with the first statement
            isolation_level="REPEATABLE READ",
            pool_size=4,
            max_overflow=8,
            pool_pre_ping=False,
            pool_recycle=3600,
        )

    def dispose(self, name: str | None = None) -> None:
        with self._lock:
            names = [name] if name else list(self._engines)
            for each in names:
                engine = self._engines.pop(each, None)
                if engine is not None:
                    engine.dispose()

    # -- server-level operations ----------------------------------------------------------------
    def _server_engine(self) -> Engine:
        assert self._server_url is not None
        url = self._server_url.set(drivername="postgresql+psycopg2", database="postgres")
        return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)

    def exists(self, name: str) -> bool:
        if not isinstance(name, str) or not DB_NAME_RE.match(name):
            return False
        if self.dialect == "sqlite":
            return self.sqlite_path(name).is_file()
        if name in PG_SYSTEM_DATABASES:
            return False
        engine = self._server_engine()
        try:
            with engine.connect() as conn:
                found = conn.execute(
                    sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
                ).first()
        finally:
            engine.dispose()
        return found is not None

    def is_erpserver(self, name: str) -> bool:
        """Whether ``name`` exists and holds the marker tables (one connection, two lookups)."""
        return self.exists(name) and self._has_marker(name)

    def _has_marker(self, name: str) -> bool:
        # A connection of its own: a pooled one may have been ended meanwhile (a copy of this
        # database ends the other sessions on it), which would read as "not ours".
        engine = sa.create_engine(self.url_for(name), poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as conn:
                inspector = sa.inspect(conn)
                return all(inspector.has_table(table) for table in MARKER_TABLES)
        except sa.exc.DBAPIError:  # not a database at all (a junk file), or not ours to open
            return False
        finally:
            engine.dispose()

    def list(self) -> builtins.list[str]:
        """The erpserver databases, by name (see MARKER_TABLES)."""
        return [name for name in self._candidates() if self._has_marker(name)]

    def _candidates(self) -> builtins.list[str]:
        if self.dialect == "sqlite":
            folder = Path(self.config.data_dir)
            if not folder.is_dir():
                return []
            names = [p.name[: -len(SQLITE_SUFFIX)] for p in folder.glob(f"*{SQLITE_SUFFIX}")]
            return sorted(n for n in names if DB_NAME_RE.match(n) and self.sqlite_path(n).is_file())
        engine = self._server_engine()
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    sa.text(
                        "SELECT datname FROM pg_database WHERE NOT datistemplate "
                        "AND datallowconn AND pg_get_userbyid(datdba) = current_user ORDER BY datname"
                    )
                ).scalars()
                return [r for r in rows if r not in PG_SYSTEM_DATABASES and DB_NAME_RE.match(r)]
        finally:
            engine.dispose()

    def create_empty(self, name: str, template: str | None = None) -> None:
        """Create an empty database (or a copy of ``template``); the schema is laid by the caller."""
        check_db_name(name)
        if self.exists(name):
            raise ValueError(f"Database {name!r} already exists")
        if self.dialect == "sqlite":
            path = self.sqlite_path(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            if template:
                self._copy_sqlite(check_db_name(template), path)
            else:
                sqlite3.connect(path).close()
            return
        engine = self._server_engine()
        try:
            with engine.connect() as conn:
                quoted = conn.dialect.identifier_preparer.quote(name)
                sql = f"CREATE DATABASE {quoted} ENCODING 'UTF8'"
                if template:
                    sql += f" TEMPLATE {conn.dialect.identifier_preparer.quote(check_db_name(template))}"
                else:
                    sql += " TEMPLATE template0"
                conn.exec_driver_sql(sql)
        finally:
            engine.dispose()

    def duplicate(self, source: str, target: str) -> None:
        """Create ``target`` as a copy of ``source``: schema, data, users and their passwords.

        PostgreSQL copies with ``CREATE DATABASE ... TEMPLATE``, which refuses a source that any
        other session is connected to: this process's pooled connections are closed first, other
        processes' sessions on it are ended, as Odoo does. SQLite copies through the online backup
        API, which reads what is committed, WAL included, where a copy of the file would not.
        """
        check_db_name(source)
        check_db_name(target)
        if not self.exists(source):
            raise DatabaseNotFound(source)
        if self.exists(target):
            raise ValueError(f"Database {target!r} already exists")
        self.dispose(source)
        if self.dialect == "sqlite":
            path = self.sqlite_path(target)
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._copy_sqlite(source, path)
            except BaseException:
                self._remove_sqlite_files(path)
                raise
            return
        engine = self._server_engine()
        try:
            with engine.connect() as conn:
                quote = conn.dialect.identifier_preparer.quote
                conn.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": source},
                )
                conn.exec_driver_sql(f"CREATE DATABASE {quote(target)} ENCODING 'UTF8' TEMPLATE {quote(source)}")
        finally:
            engine.dispose()

    @staticmethod
    def _remove_sqlite_files(path: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)

    def _copy_sqlite(self, template: str, target: Path) -> None:
        source = sqlite3.connect(self.sqlite_path(template))
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()

    def drop(self, name: str) -> None:
        check_db_name(name)
        if not self.exists(name):
            raise DatabaseNotFound(name)
        self.dispose(name)
        if self.dialect == "sqlite":
            path = self.sqlite_path(name)
            for suffix in ("", "-wal", "-shm"):
                candidate = Path(str(path) + suffix)
                if candidate.exists():
                    os.unlink(candidate)
            return
        engine = self._server_engine()
        try:
            with engine.connect() as conn:
                conn.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
                conn.exec_driver_sql(f"DROP DATABASE {conn.dialect.identifier_preparer.quote(name)}")
        finally:
            engine.dispose()
