"""One transaction per call: commit on success, roll back on any error, retry on conflicts."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, OperationalError

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
    """The call's connection was found dead before the call did anything (a pooled connection
    whose session the server ended, for instance when the database was copied): run it again."""


def run(engine: sa.Engine, work: Callable[[sa.Connection], T], *, write: bool = True,
        sleep: Callable[[float], None] = time.sleep) -> T:
    """Run ``work`` in its own transaction, retrying (up to 5 tries) on concurrency failures."""
    for attempt in range(1, MAX_TRIES + 1):
        try:
            with engine.connect() as conn:
                if write:
                    conn = conn.execution_options(**{WRITE_OPTION: True})
                with conn.begin():
                    return work(conn)
        except ConnectionLost as lost:
            if attempt == MAX_TRIES:
                raise lost.__cause__ or lost
            _logger.info("connection lost before the call began; try again on a new one")
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
