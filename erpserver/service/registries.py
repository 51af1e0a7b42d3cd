"""One registry per database per process, kept fresh by the signal counters in the database.

Registries are immutable; what moves between calls lives here: which signal sequences a
database's registry and caches belong to, and the caches themselves.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from erpserver import addons
from erpserver.database import lazy_begin
from erpserver.orm import signaling
from erpserver.orm.environment import SUPERUSER_ID, Call, Environment, PasswordHasher
from erpserver.orm.fields.translated import source_texts
from erpserver.orm.registry import Registry


@dataclasses.dataclass
class DatabaseState:
    """A database's registry and caches in this process, and the signal sequences they match."""

    registry: Registry
    registry_sequence: int
    cache_sequence: int
    caches: dict[Any, Any] = dataclasses.field(default_factory=dict)
    # The database checks the sequences itself (signaling.expectation); until a refusal, a call
    # may send that check with its first statement instead of reading them.
    can_expect: bool = False
    trusted: bool = True

    def distrust(self) -> None:
        self.trusted = False


class RegistryPool:
    """The registries of this process. ``environment`` costs one small query when nothing changed."""

    def __init__(self, hasher: PasswordHasher) -> None:
        self.hasher = hasher
        self._states: dict[str, DatabaseState] = {}
        self._lock = threading.Lock()
        self._base: Registry | None = None

    def base_registry(self) -> Registry:
        """The addons' models alone: enough to read which manual models and fields a database has.
        Read-only, so one serves every database."""
        if self._base is None:
            self._base = Registry.build("", addons.all_models())
        return self._base

    def load(self, db_name: str, conn: sa.Connection) -> Registry:
        """Build the registry of a database: the addons' models plus its manual models and fields."""
        bootstrap = self.base_registry()
        ir_model = bootstrap["ir.model"]._table
        ir_fields = bootstrap["ir.model.fields"]._table
        manual_models = [
            source_texts(row._mapping)
            for row in conn.execute(
                sa.select(ir_model).where(ir_model.c.state == "manual").order_by(ir_model.c.id))
        ]
        manual_fields = [
            source_texts(row._mapping)
            for row in conn.execute(
                sa.select(ir_fields).where(ir_fields.c.state == "manual").order_by(ir_fields.c.id))
        ]
        return Registry.build(db_name, addons.all_models(), manual_models, manual_fields,
                              unlink_hooks=addons.unlink_hooks(), loader=self.load, base=bootstrap)

    def state(self, db_name: str, conn: sa.Connection) -> DatabaseState:
        """The database's current state, rebuilt or cleared if the signals moved since.

        On PostgreSQL, when this process already has a state the database did not refuse, the
        check costs no round trip: it is armed to travel with the transaction's first statement
        (lazy_begin.arm); if the signals moved, the database refuses the transaction, the state is
        distrusted and the runner runs the call again, which then reads them here."""
        state = self._states.get(db_name)
        if state is not None and state.can_expect and state.trusted and lazy_begin.arm(
                conn, signaling.expectation(state.registry_sequence, state.cache_sequence),
                signaling.STALE_SQLSTATE, state.distrust):
            return state
        # A dead pooled connection fails here or at the call's first statement: the runner
        # (transaction.run) runs the call again on a new one.
        registry_seq, cache_seq = signaling.read_sequences(conn)
        if state is None or state.registry_sequence != registry_seq:
            with self._lock:
                state = self._states.get(db_name)
                if state is None or state.registry_sequence != registry_seq:
                    state = DatabaseState(self.load(db_name, conn), registry_seq, cache_seq,
                                          can_expect=signaling.can_expect(conn))
                    self._states[db_name] = state
        if state.cache_sequence != cache_seq:
            state.caches = {}
            state.cache_sequence = cache_seq
        state.trusted = True
        return state

    def get(self, db_name: str, conn: sa.Connection) -> Registry:
        return self.state(db_name, conn).registry

    def environment(self, db_name: str, conn: sa.Connection, uid: int = SUPERUSER_ID,
                    context: Mapping[str, Any] | None = None) -> Environment:
        """An environment for one call on ``conn``, with the database's registry and caches."""
        state = self.state(db_name, conn)
        call = Call(state.registry, state.caches, state.cache_sequence, self.hasher)
        return Environment(call, conn, uid, context)

    def forget(self, db_name: str) -> None:
        with self._lock:
            self._states.pop(db_name, None)
