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

A transaction may also carry a *prelude* (``arm``): a statement sent in that same first message,
between BEGIN and the statement, that may refuse the transaction with a given SQLSTATE before
the statement runs (the schema-freshness check: erpserver/orm/signaling.py). A refusal raises
``PreludeRefused``; a transaction that ran no statement gets its prelude sent on its own when
its runner calls ``settle``.

Engines use it as ``postgresql+erpserver://``; the driver is still psycopg2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import psycopg2
import sqlalchemy as sa
from psycopg2 import extensions
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.postgresql.psycopg2 import PGDialect_psycopg2
from sqlalchemy.engine.interfaces import IsolationLevel

DRIVERNAME = "postgresql+erpserver"


# A psycopg2 connection that knows the isolation level SQLAlchemy asked for (AUTOCOMMIT: no
# transaction at all), whether a transaction was begun whose BEGIN is not sent yet, whether its
# runner settles it (``settled_by_runner``), and its prelude: the statement, the SQLSTATE by
# which it refuses, what to call then, and whether it did.
# (Made with type(): psycopg2 has no type information, and a class statement would subclass Any.)
LazyConnection = type("LazyConnection", (extensions.connection,), {
    "isolation": "READ COMMITTED", "pending": False, "settled_by_runner": False,
    "prelude": None, "refusal": None, "on_refused": None, "refused": False, "wrote": False,
})


class PreludeRefused(Exception):
    """The transaction's prelude refused it: nothing ran; run the work again from the start."""


def settled_by_runner(conn: sa.Connection) -> None:
    """Say that the runner of ``conn``'s current transaction calls ``settle`` before it ends it:
    only then may a prelude be armed."""
    raw = _lazy(conn)
    if raw is not None:
        raw.settled_by_runner = True


def arm(conn: sa.Connection, statement: str, refusal: str, on_refused: Callable[[], None]) -> bool:
    """Send ``statement`` in the message of the transaction's first statement. False (nothing
    armed) unless the transaction has sent nothing yet and its runner settles it."""
    raw = _lazy(conn)
    if raw is None or not raw.pending or not raw.settled_by_runner:
        return False
    raw.prelude, raw.refusal, raw.on_refused = statement, refusal, on_refused
    return True


def settle(conn: sa.Connection) -> None:
    """Before the transaction ends, however the work went: a prelude never sent is sent now, on
    its own (outside the transaction, which has sent nothing); PreludeRefused if it refused,
    now or earlier (even if the work caught that error)."""
    raw = _lazy(conn)
    if raw is None:
        return
    if raw.prelude is not None:
        statement, raw.prelude = raw.prelude, None
        with raw.cursor() as cursor:
            _refusable(raw, cursor, statement, None)
    if raw.refused:
        raise PreludeRefused()


def only_read(conn: sa.Connection) -> bool:
    """Whether every statement of the current transaction was a SELECT: its commit changes
    nothing, and can wait until the answer is sent."""
    raw = _lazy(conn)
    return raw is not None and not raw.wrote


def _refusable(connection: Any, cursor: Any, statement: str, parameters: Any) -> None:
    """Run a message that carries the prelude; a refusal becomes PreludeRefused."""
    try:
        cursor.execute(statement, parameters)
    except psycopg2.Error as error:
        if error.pgcode is None or error.pgcode != connection.refusal:
            raise
        connection.refused = True
        if connection.on_refused is not None:
            connection.on_refused()
        raise PreludeRefused() from error


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
        connection.settled_by_runner = connection.refused = connection.wrote = False
        connection.prelude = connection.on_refused = None

    @staticmethod
    def _send(cursor: Any, statement: str, parameters: Any) -> None:
        connection = cursor.connection
        if not statement.startswith("SELECT"):
            connection.wrote = True
        if not connection.pending:
            cursor.execute(statement, parameters)
            return
        connection.pending = False
        begin = f"BEGIN ISOLATION LEVEL {connection.isolation}; "
        if connection.prelude is None:
            cursor.execute(begin + statement, parameters)
            return
        prelude, connection.prelude = connection.prelude, None
        if parameters is None:  # no parameters: psycopg2 sends the text as it is, % and all
            _refusable(connection, cursor, f"{begin}{prelude}; {statement}", None)
        else:
            _refusable(connection, cursor, f"{begin}{prelude.replace('%', '%%')}; {statement}", parameters)

    def do_execute(self, cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        self._send(cursor, statement, parameters)

    def do_execute_no_params(self, cursor: Any, statement: str, context: Any = None) -> None:
        self._send(cursor, statement, None)

    def do_executemany(self, cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        cursor.connection.wrote = True
        if cursor.connection.pending:  # psycopg2 would send the BEGIN with each set of parameters
            self._send(cursor, "SELECT 1", None)
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


def _lazy(conn: sa.Connection) -> Any:
    """The LazyConnection under ``conn``; None on another engine (SQLite)."""
    raw = _raw(conn.connection.dbapi_connection)
    return raw if isinstance(raw, LazyConnection) else None


def _raw(connection: Any) -> Any:
    """The psycopg2 connection itself (SQLAlchemy hands some hooks a proxy of it)."""
    return getattr(connection, "dbapi_connection", connection)


registry.register("postgresql.erpserver", __name__, "LazyBeginDialect")
