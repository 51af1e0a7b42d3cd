"""Shared truth between processes: two counters stored in the database itself.

``registry`` moves when the schema changes (manual models and fields): every worker rebuilds its
registry when it sees a new value. ``cache`` moves when access rights, group memberships or
credentials change: every worker drops its caches. Each call reads both in one cheap query.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa

SIGNAL_TABLE = "ir_signal"
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
