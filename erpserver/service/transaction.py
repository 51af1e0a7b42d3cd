"""One transaction per call: commit on success, roll back on any error, retry on conflicts."""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, OperationalError

from erpserver.database import lazy_begin
from erpserver.database.engines import WRITE_OPTION
from erpserver.exceptions import ConcurrencyConflict

_logger = logging.getLogger(__name__)
T = TypeVar("T")

MAX_TRIES = 5
# PostgreSQL: serialization failure, deadlock, lock not available.
RETRY_PGCODES = frozenset({"40001", "40P01", "55P03"})


def is_retryable(error: DBAPIError) -> bool:
    pgcode = getattr(error.orig, "pgcode", None)
    if pgcode in RETRY_PGCODES:
        return True
    return bool(isinstance(error, OperationalError) and "database is locked" in str(error.orig))


class ConnectionLost(Exception):
    """The call's connection was found dead before its transaction committed (a pooled connection
    whose session the server ended, for instance when the database was copied): nothing it did
    was kept, so run it again."""


def run(engine: sa.Engine, work: Callable[[sa.Connection], T], *, write: bool = True,
        sleep: Callable[[float], None] = time.sleep,
        after_answer: Callable[[Callable[[], None]], None] | None = None) -> T:
    """Run ``work`` in its own transaction, retrying (up to 5 tries) on concurrency failures.

    With ``after_answer``, a transaction that only read (every statement a SELECT: its commit
    changes nothing and cannot fail on a conflict) is committed once the answer is sent."""
    for attempt in range(1, MAX_TRIES + 1):
        try:
            return _attempt(engine, work, write, after_answer)
        except lazy_begin.PreludeRefused:
            # The schema or the caches moved (erpserver/service/registries.py): nothing ran.
            if attempt == MAX_TRIES:
                raise
            _logger.debug("the database refused a stale worker state; run the call again")
        except ConnectionLost as lost:
            if attempt == MAX_TRIES:
                raise lost.__cause__ or lost
            _logger.info("connection lost before the call committed; try again on a new one")
        except ConcurrencyConflict as conflict:
            if attempt == MAX_TRIES:
                raise RuntimeError(f"{conflict}, maximum number of tries reached") from conflict
            _logger.info("%s, %d tries left, try again", conflict, MAX_TRIES - attempt)
            sleep(random.uniform(0.0, min(2.0**attempt, 16.0) / 8))
        except DBAPIError as error:
            if not is_retryable(error) or attempt == MAX_TRIES:
                if attempt == MAX_TRIES:
                    _logger.info("%s, maximum number of tries reached", error.orig)
                raise
            delay = random.uniform(0.0, min(2.0**attempt, 16.0) / 8)
            _logger.info("%s, %d tries left, try again in %.3f sec", error.orig, MAX_TRIES - attempt, delay)
            sleep(delay)
    raise AssertionError("unreachable")


def _attempt(engine: sa.Engine, work: Callable[[sa.Connection], T], write: bool,
             after_answer: Callable[[Callable[[], None]], None] | None) -> T:
    conn = engine.connect()
    handed_over = False
    try:
        if write:
            conn = conn.execution_options(**{WRITE_OPTION: True})
        transaction = conn.begin()
        lazy_begin.settled_by_runner(conn)
        try:
            result = work(conn)
        except DBAPIError as error:
            if error.connection_invalidated:  # before the commit: nothing was kept
                raise ConnectionLost() from error
            lazy_begin.settle(conn)  # a refused transaction's error is no answer
            raise
        except BaseException:
            lazy_begin.settle(conn)
            raise
        lazy_begin.settle(conn)
        if after_answer is not None and lazy_begin.only_read(conn):
            after_answer(functools.partial(_end_read, conn, transaction))
            handed_over = True
            return result
        transaction.commit()
        return result
    finally:
        if not handed_over:
            conn.close()  # rolls back what was not committed


def _end_read(conn: sa.Connection, transaction: sa.RootTransaction) -> None:
    try:
        transaction.commit()
    finally:
        conn.close()
