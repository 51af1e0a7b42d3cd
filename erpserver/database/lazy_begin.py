"""PostgreSQL transactions whose BEGIN travels with their first statement: one round trip less.

psycopg2 sends ``BEGIN`` on its own, and waits for its answer, before a transaction's first
statement, so every call (whose first statement is the schema-freshness check) paid a round
trip for it. This dialect is psycopg2's with one difference: psycopg2 runs in autocommit mode
and the dialect keeps the transaction itself. SQLAlchemy's begin sends nothing; the first
statement goes out as ``BEGIN ISOLATION LEVEL <level>; <statement>``, one message (psycopg2
sends a query string as it is and returns the last statement's result); COMMIT and ROLLBACK
are sent only when libpq says a transaction is open, so a transaction that ran no statement
costs nothing at all. SQLAlchemy sees an ordinary transactional connection at the engine's
isolation level: errors are wrapped and retried as before, savepoints work, a connection given
back to the pool is rolled back, and ``isolation_level="AUTOCOMMIT"`` still means no transaction.

Engines use it as ``postgresql+erpserver://``; the driver is still psycopg2.
"""

from __future__ import annotations

from typing import Any, cast

from psycopg2 import extensions
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.postgresql.psycopg2 import PGDialect_psycopg2
from sqlalchemy.engine.interfaces import IsolationLevel

DRIVERNAME = "postgresql+erpserver"


# A psycopg2 connection that knows the isolation level SQLAlchemy asked for (AUTOCOMMIT: no
# transaction at all), and whether a transaction was begun whose BEGIN is not sent yet.
# (Made with type(): psycopg2 has no type information, and a class statement would subclass Any.)
LazyConnection = type("LazyConnection", (extensions.connection,), {"isolation": "READ COMMITTED", "pending": False})


class LazyBeginDialect(PGDialect_psycopg2):
    """psycopg2's dialect, with BEGIN sent along with the transaction's first statement."""

    supports_statement_cache = True

    def create_connect_args(self, url: Any) -> Any:
        cargs, cparams = cast(Any, super()).create_connect_args(url)
        cparams["connection_factory"] = LazyConnection
        return cargs, cparams

    def on_connect(self) -> Any:
        """psycopg2's own set-up, then autocommit: psycopg2 never sends a BEGIN of its own."""
        inherited = cast(Any, super()).on_connect()

        def connect(dbapi_connection: Any) -> None:
            if inherited is not None:
                inherited(dbapi_connection)
            dbapi_connection.autocommit = True

        return connect

    # -- isolation: recorded, not sent -------------------------------------------------------
    def set_isolation_level(self, dbapi_connection: Any, level: IsolationLevel) -> None:
        connection = _raw(dbapi_connection)
        connection.autocommit = True
        connection.isolation = level

    def get_isolation_level(self, dbapi_connection: Any) -> IsolationLevel:
        return cast(IsolationLevel, _raw(dbapi_connection).isolation)

    def get_default_isolation_level(self, dbapi_connection: Any) -> IsolationLevel:
        return self.get_isolation_level(dbapi_connection)

    # -- the transaction ---------------------------------------------------------------------
    def do_begin(self, dbapi_connection: Any) -> None:
        connection = _raw(dbapi_connection)
        connection.pending = connection.isolation != "AUTOCOMMIT"

    def _begin_with(self, cursor: Any, statement: str) -> str:
        connection = cursor.connection
        if not connection.pending:
            return statement
        connection.pending = False
        return f"BEGIN ISOLATION LEVEL {connection.isolation}; {statement}"

    def do_execute(self, cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        cursor.execute(self._begin_with(cursor, statement), parameters)

    def do_execute_no_params(self, cursor: Any, statement: str, context: Any = None) -> None:
        cursor.execute(self._begin_with(cursor, statement))

    def do_executemany(self, cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        connection = cursor.connection
        if connection.pending:  # psycopg2 would send the BEGIN with each set of parameters
            connection.pending = False
            cursor.execute(f"BEGIN ISOLATION LEVEL {connection.isolation}")
        cast(Any, super()).do_executemany(cursor, statement, parameters, context)

    def do_commit(self, dbapi_connection: Any) -> None:
        self._end(dbapi_connection, "COMMIT")

    def do_rollback(self, dbapi_connection: Any) -> None:
        self._end(dbapi_connection, "ROLLBACK")

    @staticmethod
    def _end(dbapi_connection: Any, command: str) -> None:
        connection = _raw(dbapi_connection)
        connection.pending = False
        if connection.info.transaction_status != extensions.TRANSACTION_STATUS_IDLE:
            with connection.cursor() as cursor:
                cursor.execute(command)


def _raw(connection: Any) -> Any:
    """The psycopg2 connection itself (SQLAlchemy hands some hooks a proxy of it)."""
    return getattr(connection, "dbapi_connection", connection)


registry.register("postgresql.erpserver", __name__, "LazyBeginDialect")
