"""One registry per database per process, kept fresh by the signal counters in the database."""

from __future__ import annotations

import functools
import threading

import sqlalchemy as sa

from erpserver import addons
from erpserver.orm import signaling
from erpserver.orm.registry import Registry

MANUAL_MODEL_COLUMNS = ("model", "name", "order", "transient", "info")


@functools.cache
def base_registry() -> Registry:
    """The addons' models alone: enough to read which manual models and fields a database has.
    Read-only, so one per process serves every database."""
    return Registry.build("", addons.all_models())


def load_registry(db_name: str, conn: sa.Connection) -> Registry:
    """Build the registry of a database: the addons' models plus its manual models and fields."""
    bootstrap = base_registry()
    ir_model = bootstrap["ir.model"]._table
    ir_fields = bootstrap["ir.model.fields"]._table
    manual_models = [
        dict(row._mapping)
        for row in conn.execute(sa.select(ir_model).where(ir_model.c.state == "manual").order_by(ir_model.c.id))
    ]
    manual_fields = [
        dict(row._mapping)
        for row in conn.execute(
            sa.select(ir_fields).where(ir_fields.c.state == "manual").order_by(ir_fields.c.id)
        )
    ]
    registry = Registry.build(db_name, addons.all_models(), manual_models, manual_fields)
    registry.unlink_hooks = addons.unlink_hooks()
    registry.loader = load_registry
    return registry


class RegistryPool:
    """The registries of this process. ``get`` costs one small query when nothing changed."""

    def __init__(self) -> None:
        self._registries: dict[str, Registry] = {}
        self._lock = threading.Lock()

    def get(self, db_name: str, conn: sa.Connection) -> Registry:
        registry_seq, cache_seq = signaling.read_sequences(conn)
        registry = self._registries.get(db_name)
        if registry is None or registry.registry_sequence != registry_seq:
            with self._lock:
                registry = self._registries.get(db_name)
                if registry is None or registry.registry_sequence != registry_seq:
                    registry = load_registry(db_name, conn)
                    registry.registry_sequence = registry_seq
                    registry.cache_sequence = cache_seq
                    self._registries[db_name] = registry
        if registry.cache_sequence != cache_seq:
            registry.caches.clear()
            registry.cache_sequence = cache_seq
        return registry

    def forget(self, db_name: str) -> None:
        with self._lock:
            self._registries.pop(db_name, None)
