"""One transaction per call, retried on PostgreSQL serialization failures."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from erpserver.service import transaction
from erpserver.service.runtime import Runtime


def test_a_serialization_failure_is_retried_until_it_succeeds(runtime: Runtime, demo_db: str) -> None:
    if runtime.databases.dialect != "postgresql":
        pytest.skip("serialization failures are a PostgreSQL behaviour; SQLite serialises writers")
    engine = runtime.databases.engine(demo_db)
    table = sa.table("res_partner", sa.column("id"), sa.column("color"))
    reader_ready, writer_done = threading.Event(), threading.Event()
    attempts: list[int] = []

    def conflicting(conn: sa.Connection) -> int:
        attempts.append(1)
        color = conn.execute(sa.select(table.c.color).where(table.c.id == 1)).scalar()  # snapshot taken
        if len(attempts) == 1:
            reader_ready.set()
            writer_done.wait(10)
        conn.execute(sa.update(table).where(table.c.id == 1).values(color=(color or 0) + 1))
        return color or 0

    def other_writer() -> None:
        reader_ready.wait(10)
        with engine.begin() as conn:
            conn.execute(sa.update(table).where(table.c.id == 1).values(color=100))
        writer_done.set()

    thread = threading.Thread(target=other_writer)
    thread.start()
    try:
        seen = transaction.run(engine, conflicting, sleep=lambda _seconds: None)
    finally:
        thread.join()
    assert len(attempts) == 2  # the first attempt hit 40001 and was retried
    assert seen == 100
    with engine.begin() as conn:
        assert conn.execute(sa.select(table.c.color).where(table.c.id == 1)).scalar() == 101
        conn.execute(sa.update(table).where(table.c.id == 1).values(color=0))


def test_an_error_rolls_the_whole_call_back(runtime: Runtime, demo_db: str) -> None:
    engine = runtime.databases.engine(demo_db)
    table = sa.table("res_partner", sa.column("id"), sa.column("ref"))

    def half_done(conn: sa.Connection) -> None:
        conn.execute(sa.update(table).where(table.c.id == 1).values(ref="half-written"))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        transaction.run(engine, half_done)
    with engine.connect() as conn:
        assert conn.execute(sa.select(table.c.ref).where(table.c.id == 1)).scalar() != "half-written"
