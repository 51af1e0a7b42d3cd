"""Shared truth between processes: two counters stored in the database itself.

``registry`` moves when the schema changes (manual models and fields): every worker rebuilds its
registry when it sees a new value. ``cache`` moves when access rights, group memberships or
credentials change: every worker drops its caches.

A call learns them in one of two ways. ``read_sequences`` reads them: a query, a round trip of its
own. On PostgreSQL a worker that already knows them instead sends ``expectation`` along with its
transaction's BEGIN and first statement, in the same message: the database function refuses the
transaction (SQLSTATE ``STALE_SQLSTATE``) if they moved, before the statement runs, and the call
is run again after a read (erpserver/service/registries.py, migration 0007).
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa

SIGNAL_TABLE = "ir_signal"
EXPECT_FUNCTION = "erpserver_expect_signals"  # created by migration 0007 (PostgreSQL)
STALE_SQLSTATE = "ER001"
REGISTRY = "registry"
CACHE = "cache"


# Declared once, here; each registry's metadata holds a copy (``SIGNALS.to_metadata``), so the
# migrations and the schema comparison see it with the models' tables.
SIGNALS = sa.Table(
    SIGNAL_TABLE,
    sa.MetaData(),
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("sequence", sa.Integer, nullable=False, server_default="0"),
    comment="Counters that tell every worker to reload its registry or drop its caches",
)
_TABLE = SIGNALS


# Built once: SQLAlchemy then keeps its cache key and compiled form (every call runs it).
_READ = sa.select(_TABLE.c.name, _TABLE.c.sequence)


def read_sequences(conn: sa.Connection) -> tuple[int, int]:
    values = dict(conn.execute(_READ).all())
    return values.get(REGISTRY, 0), values.get(CACHE, 0)


def expectation(registry: int, cache: int) -> str:
    """The statement that fails with ``STALE_SQLSTATE`` unless the counters are these values."""
    return f"SELECT {EXPECT_FUNCTION}({int(registry)}, {int(cache)})"


def can_expect(conn: sa.Connection) -> bool:
    """Whether this database has the function (PostgreSQL, migrated to 0007 or later)."""
    if conn.dialect.name != "postgresql":
        return False
    found = conn.execute(sa.select(sa.func.to_regprocedure(f"{EXPECT_FUNCTION}(integer, integer)"))).scalar()
    return found is not None


def _start() -> int:
    """A random starting value: a database dropped and made again under the same name (or copied
    over it) must not look, to a worker that knew the old one, like what it has cached."""
    return secrets.randbelow(2**30) + 1


def seed(conn: sa.Connection) -> None:
    conn.execute(sa.insert(_TABLE), [{"name": REGISTRY, "sequence": _start()}, {"name": CACHE, "sequence": _start()}])


def renew(conn: sa.Connection) -> None:
    """Give a copied database counters of its own (a copy starts with its source's)."""
    for name in (REGISTRY, CACHE):
        conn.execute(sa.update(_TABLE).where(_TABLE.c.name == name).values(sequence=_start()))


def bump(conn: sa.Connection, *names: str) -> None:
    """Move counters inside the caller's transaction: others see it when it commits."""
    conn.execute(
        sa.update(_TABLE).where(_TABLE.c.name.in_(names)).values(sequence=_TABLE.c.sequence + 1)
    )
