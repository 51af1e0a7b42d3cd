"""One registry per database: the model classes bound to that database's tables and fields.

Built in two phases (as Tryton's pool does): first every model gets its fields and its table,
then relational links are checked and many2many relation tables declared, once every comodel is
known. Base models come from the addons' explicit ``MODELS`` lists; manual ``x_`` models and
fields come from ``ir_model`` / ``ir_model_fields`` rows, built into the same field classes.
A registry is read-only once built; a schema change builds a new one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.schema import SchemaItem

from erpserver.database.shared_tables import SHARED_TABLES
from erpserver.orm import signaling
from erpserver.orm.fields.base import FIELD_TYPES, Field
from erpserver.orm.fields.magic import MAGIC_WRITE_IGNORED, magic_fields
from erpserver.orm.model import Model
from erpserver.orm.tables import model_table, stub_table, table_name

_logger = logging.getLogger(__name__)

UnlinkHook = Callable[[Model], None]
Loader = Callable[[str, sa.Connection], "Registry"]


def declared_fields(model_class: type[Model]) -> dict[str, Field]:
    """Fields declared as class attributes, base classes first, in declaration order."""
    fields: dict[str, Field] = {}
    for klass in reversed(model_class.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, Field):
                fields[name] = value
    return fields


class Registry:
    """The models of one database. Immutable once built: what changes between calls (the signal
    sequences, the caches) is kept by whoever holds registries (``service.registries``)."""

    def __init__(self, db_name: str, unlink_hooks: Iterable[UnlinkHook] = (), loader: Loader | None = None) -> None:
        self.db_name = db_name
        self.models: dict[str, type[Model]] = {}
        self.metadata = sa.MetaData()
        self.relation_tables: dict[str, sa.Table] = {}
        self.unlink_hooks: tuple[UnlinkHook, ...] = tuple(unlink_hooks)
        # How to build this database's registry again, after a schema change.
        self.loader = loader
        signaling.SIGNALS.to_metadata(self.metadata)
        for table in SHARED_TABLES:
            table.to_metadata(self.metadata)

    def __getitem__(self, model_name: str) -> type[Model]:
        return self.models[model_name]

    def __contains__(self, model_name: object) -> bool:
        return model_name in self.models

    def __iter__(self) -> Iterator[str]:
        return iter(self.models)

    def reload(self, conn: sa.Connection) -> Registry:
        """A new registry read from the database as ``conn`` sees it (inside its transaction)."""
        if self.loader is None:
            raise RuntimeError("this registry does not know how to reload itself")
        return self.loader(self.db_name, conn)

    def table_model(self, table_name: str) -> type[Model] | None:
        for model in self.models.values():
            if model._table.name == table_name:
                return model
        return None

    # -- building -----------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        db_name: str,
        model_classes: Iterable[type[Model]],
        manual_models: Iterable[Mapping[str, Any]] = (),
        manual_fields: Iterable[Mapping[str, Any]] = (),
        *,
        unlink_hooks: Iterable[UnlinkHook] = (),
        loader: Loader | None = None,
        base: Registry | None = None,
    ) -> Registry:
        """A registry of ``model_classes`` plus the manual models and fields of the rows.

        ``base``: a registry of the same ``model_classes`` alone. Its models that no manual row
        touches are shared as they are (classes and tables are immutable), so that a database's
        registry costs only its manual part: rebuilding after a schema change is cheap.
        """
        registry = cls(db_name, unlink_hooks, loader)
        manual_models, manual_fields = list(manual_models), list(manual_fields)
        touched = {row["model"] for row in manual_models} | {row["model"] for row in manual_fields}
        model_classes = list(model_classes)
        # a model that inherits a touched model gets the parent's new fields: it is built again too
        touched |= {c._name for c in model_classes if any(parent in touched for parent in c._inherits)}
        pending: dict[str, tuple[type[Model], dict[str, Field]]] = {}
        for model_class in model_classes:
            if base is not None and model_class._name not in touched and model_class._name in base:
                registry.models[model_class._name] = base[model_class._name]
                continue
            fields = {**magic_fields(model_class._log_access), **declared_fields(model_class)}
            pending[model_class._name] = (model_class, fields)
        for row in manual_models:
            manual_class = type(
                "ManualModel",
                (Model,),
                {
                    "_name": row["model"],
                    "_description": row["name"],
                    "_order": row.get("order") or "id",
                    "_transient": bool(row.get("transient")),
                    "_custom": True,
                    "__slots__": (),
                },
            )
            pending[row["model"]] = (manual_class, dict(magic_fields(True)))
        for row in manual_fields:
            target = pending.get(row["model"])
            field_class = FIELD_TYPES.get(row["ttype"])
            if target is None or field_class is None:
                _logger.warning("Skipping manual field %s.%s (%s)", row["model"], row["name"], row["ttype"])
                continue
            target[1][row["name"]] = field_class.from_ir_row(row)
        for _name, (model_class, fields) in pending.items():
            for parent, link in model_class._inherits.items():
                parent_fields = pending[parent][1] if parent in pending else registry.models[parent]._fields
                for field_name, field in parent_fields.items():
                    if field_name not in fields and field_name not in MAGIC_WRITE_IGNORED:
                        fields[field_name] = field.delegated(link, field_name)
        known = set(pending) | set(registry.models)
        for _name, (_model_class, fields) in pending.items():
            for field_name, field in list(fields.items()):
                comodel = field.comodel_name
                if comodel is not None and comodel not in known:
                    _logger.warning("Dropping field %s.%s: unknown comodel %s", _name, field_name, comodel)
                    del fields[field_name]
        for name, (model_class, fields) in pending.items():
            registry._add_model(name, model_class, fields)
        registry._setup_relations(base)
        return registry

    def _add_model(self, name: str, model_class: type[Model], fields: dict[str, Field]) -> None:
        ordered = {"id": fields.pop("id")}
        magic_tail: dict[str, Field] = {k: fields.pop(k) for k in ("display_name", "create_uid", "create_date", "write_uid",
                                                  "write_date", "__last_update") if k in fields}
        ordered.update(fields)
        ordered.update(magic_tail)
        bound = {field_name: field.bound_to(name, field_name) for field_name, field in ordered.items()}
        columns: list[SchemaItem] = [c for c in (f.sql_column() for f in bound.values()) if c is not None]
        columns += model_class._extra_columns()
        columns += model_class._table_constraints(table_name(name))
        columns += model_class._extra_indexes()
        table = model_table(table_name(name), self.metadata, columns, model_class._description)
        rec_name = model_class._rec_name
        if rec_name is None:
            rec_name = "name" if "name" in bound else "x_name" if "x_name" in bound else None
        active = "active" if "active" in bound else "x_active" if "x_active" in bound else None
        attrs = {
            "_fields": bound,
            "_table": table,
            "_rec_name": rec_name,
            "_active_name": active,
            "__slots__": (),
        }
        self.models[name] = type(model_class.__name__, (model_class,), attrs)

    def _setup_relations(self, base: Registry | None) -> None:
        """Relation tables: the shared models' come from ``base``; the others are declared here,
        with the tables of shared models they point to stood in for by their primary key alone."""
        if base is not None:
            self.relation_tables.update(base.relation_tables)
        for model in self.models.values():
            if model._table.metadata is not self.metadata:
                continue  # a shared model
            for field in model._fields.values():
                for table in field.declare_tables(self.metadata):
                    self.relation_tables[table.name] = table
        for table in list(self.metadata.tables.values()):
            for key in table.foreign_keys:
                stub_table(self.metadata, key.target_fullname.split(".")[0])
