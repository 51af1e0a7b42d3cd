"""PostgreSQL transactions whose BEGIN goes out with their first statement (database/lazy_begin)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from psycopg2 import extensions

from erpserver.service.runtime import Runtime


@pytest.fixture
def engine(runtime: Runtime, demo_db: str) -> Iterator[sa.Engine]:
    if runtime.databases.dialect != "postgresql":
        pytest.skip("SQLite's BEGIN costs no round trip: its engine is left as it is")
    yield runtime.databases.engine(demo_db)


def status(conn: sa.Connection) -> int:
    return int(conn.connection.dbapi_connection.info.transaction_status)


def test_the_transaction_begins_with_its_first_statement(engine: sa.Engine) -> None:
    with engine.connect() as conn, conn.begin():
        assert status(conn) == extensions.TRANSACTION_STATUS_IDLE  # nothing sent yet

        level = conn.execute(sa.text("SELECT current_setting('transaction_isolation')")).scalar()

        assert level == "repeatable read"
        assert status(conn) == extensions.TRANSACTION_STATUS_INTRANS
        assert conn.connection.dbapi_connection.autocommit  # so psycopg2 sent no BEGIN of its own


def test_statements_of_a_transaction_share_one_snapshot(engine: sa.Engine) -> None:
    table = sa.table("res_partner", sa.column("id"), sa.column("color"))
    with engine.connect() as conn, conn.begin():
        before = conn.execute(sa.select(table.c.color).where(table.c.id == 1)).scalar()
        with engine.begin() as other:
            other.execute(sa.update(table).where(table.c.id == 1).values(color=(before or 0) + 7))
        again = conn.execute(sa.select(table.c.color).where(table.c.id == 1)).scalar()

    assert again == before
    with engine.begin() as conn:
        conn.execute(sa.update(table).where(table.c.id == 1).values(color=before))


def test_commit_makes_the_work_visible_and_ends_the_transaction(engine: sa.Engine) -> None:
    table = sa.table("res_partner", sa.column("id"), sa.column("ref"))
    with engine.connect() as conn:
        with conn.begin():
            conn.execute(sa.update(table).where(table.c.id == 1).values(ref="lazy-begin"))
        assert status(conn) == extensions.TRANSACTION_STATUS_IDLE
    with engine.begin() as other:
        assert other.execute(sa.select(table.c.ref).where(table.c.id == 1)).scalar() == "lazy-begin"
        other.execute(sa.update(table).where(table.c.id == 1).values(ref=None))


def test_rollback_undoes_the_work(engine: sa.Engine) -> None:
    table = sa.table("res_partner", sa.column("id"), sa.column("ref"))
    with engine.connect() as conn:
        transaction = conn.begin()
        conn.execute(sa.update(table).where(table.c.id == 1).values(ref="rolled back"))
        transaction.rollback()
        assert status(conn) == extensions.TRANSACTION_STATUS_IDLE

        assert conn.execute(sa.select(table.c.ref).where(table.c.id == 1)).scalar() != "rolled back"


def test_a_failed_first_statement_leaves_no_transaction_behind(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        with pytest.raises(sa.exc.ProgrammingError), conn.begin():
            conn.execute(sa.text("SELECT * FROM no_such_table"))
        assert status(conn) == extensions.TRANSACTION_STATUS_IDLE

        assert conn.execute(sa.text("SELECT 1")).scalar() == 1


def test_a_connection_back_in_the_pool_has_no_transaction_open(engine: sa.Engine) -> None:
    conn = engine.connect()
    conn.begin()
    conn.execute(sa.text("SELECT 1"))
    dbapi_connection = conn.connection.dbapi_connection

    conn.close()

    assert dbapi_connection.info.transaction_status == extensions.TRANSACTION_STATUS_IDLE


def test_savepoints_still_work(engine: sa.Engine) -> None:
    with engine.connect() as conn, conn.begin():
        savepoint = conn.begin_nested()
        with pytest.raises(sa.exc.ProgrammingError):
            conn.execute(sa.text("SELECT * FROM no_such_table"))
        savepoint.rollback()

        assert conn.execute(sa.text("SELECT 2")).scalar() == 2


def test_autocommit_connections_have_no_transaction(engine: sa.Engine) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("SELECT 1"))

        assert status(conn) == extensions.TRANSACTION_STATUS_IDLE


def test_executemany_as_first_statement(engine: sa.Engine) -> None:
    table = sa.table("res_partner", sa.column("id"), sa.column("color"))
    with engine.connect() as conn:
        transaction = conn.begin()
        conn.execute(sa.update(table).where(table.c.id == sa.bindparam("pid")).values(color=sa.bindparam("c")),
                     [{"pid": 1, "c": 11}, {"pid": 2, "c": 12}])

        assert status(conn) == extensions.TRANSACTION_STATUS_INTRANS
        transaction.rollback()
