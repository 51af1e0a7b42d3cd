"""The Model API: search, read, create, write, unlink and friends, batch by batch.

A model instance is a light recordset: an environment and a tuple of ids. There is no record
cache: every method turns its batch into a fixed number of SQL statements built with
SQLAlchemy Core. Access checks go through one point, ``erpserver.orm.access``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Self

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from erpserver.exceptions import MissingError, ValidationError
from erpserver.orm import access, api, bulk_sql, inserting, rules, statements
from erpserver.orm.arguments import is_unset, vals_list_of
from erpserver.orm.bulk.exporter import export_data
from erpserver.orm.bulk.loader import Loader
from erpserver.orm.domain import TRUE, And, Compiler, Leaf, Node, combine, leaf_paths, parse
from erpserver.orm.environment import Environment
from erpserver.orm.fields.base import Field
from erpserver.orm.fields.magic import MAGIC_WRITE_IGNORED
from erpserver.orm.inserting import SELF_ID
from erpserver.orm.methods.archiving import ArchivingMixin
from erpserver.orm.methods.delegation import DelegationMixin
from erpserver.orm.methods.describing import DescribingMixin
from erpserver.orm.methods.grouping import GroupingMixin
from erpserver.orm.methods.hierarchy import HierarchyMixin
from erpserver.orm.methods.metadata import MetadataMixin
from erpserver.orm.methods.naming import NamingMixin

if TYPE_CHECKING:
    pass


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class Model(NamingMixin, DescribingMixin, ArchivingMixin, HierarchyMixin, GroupingMixin, MetadataMixin,
            DelegationMixin):
    """Base class of every model, Python-defined or manual: search, read and write, batch by
    batch (the recordset basics are in ``Recordset``, other concerns in ``orm/methods/``)."""

    __slots__ = ()

    # -- searching ----------------------------------------------------------------------------
    def _active_test(self, active_test: bool | None) -> bool:
        if active_test is None:
            return bool(self.env.context.get("active_test", True))
        return active_test

    def _domain_node(self, domain: Any, active_test: bool | None = None) -> Any:
        node = parse(domain)
        active = self._active_name
        if active and self._active_test(active_test) and active not in set(leaf_paths(node)):
            node = combine(And, [Leaf(active, "=", True), node])
        return node

    def _search_query(
        self,
        domain: Any,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        active_test: bool | None = None,
        columns: Sequence[Any] | Callable[[Compiler], Sequence[Any]] | None = None,
    ) -> sa.Select:
        """The SELECT of ids (or of ``columns``) matching ``domain``; the building block of search."""
        if not self.env.su:
            self._check_access("read")
        compiler = Compiler(self.env, type(self))
        node = self._domain_node(domain, active_test)
        where = compiler.compile(node) if node != TRUE else None
        if not self.env.su:
            rule = rules.domain_node(self.env, self._name, "read")
            if rule != TRUE:
                # rules are compiled in superuser mode: their paths need no rights of their own
                restriction = Compiler(self.env.sudo(), type(self), compiler.table).compile(rule)
                where = restriction if where is None else sa.and_(where, restriction)
        order_clauses = compiler.order_by(order) if order else []
        if callable(columns):
            columns = columns(compiler)
        selected = columns if columns is not None else [self._table.c.id]
        query = sa.select(*selected).select_from(compiler.from_clause())
        if where is not None:
            query = query.where(where)
        if order_clauses:
            query = query.order_by(*order_clauses)
        if offset:
            query = query.offset(offset)
        if limit:
            query = query.limit(limit)
        return query

    @staticmethod
    def _paging(offset: Any, limit: Any, order: Any) -> tuple[int, int | None, str | None]:
        offset = 0 if is_unset(offset) else int(offset)
        limit = None if is_unset(limit) else int(limit)
        order = None if is_unset(order) else str(order)
        if offset < 0 or (limit is not None and limit < 0):
            raise ValueError("offset and limit must be positive")
        return offset, limit, order

    @api.model(readonly=True)
    def search(self, domain: Any, offset: Any = 0, limit: Any = None, order: Any = None) -> Self:
        if not isinstance(domain, (list, tuple, Node)):
            raise TypeError(f"search() domain must be a list, got {domain!r}")
        offset, limit, order = self._paging(offset, limit, order)
        query = self._search_query(domain, offset, limit, order or self._order)
        return self.browse(list(self.env.cr.execute(query).scalars()))

    @api.model(readonly=True)
    def search_fetch(self, domain: Any, field_names: Any = None, offset: Any = 0, limit: Any = None,
                     order: Any = None) -> Self:
        """``search`` that, in Odoo, also loads ``field_names`` into its cache: the ids over RPC."""
        if field_names:
            self._fields_to_read(field_names)  # unknown or forbidden fields fail as Odoo's do
        return self.search(domain, offset, limit, order)

    @api.model(readonly=True)
    def search_count(self, domain: Any, limit: Any = None) -> int:
        if not isinstance(domain, (list, tuple)):
            raise TypeError(f"search_count() domain must be a list, got {domain!r}")
        limit = None if is_unset(limit) else int(limit)
        query = self._search_query(domain, limit=limit).subquery()
        return int(self.env.cr.execute(sa.select(sa.func.count()).select_from(query)).scalar_one())

    @api.model(readonly=True)
    def search_read(
        self,
        domain: Any = None,
        fields: Any = None,
        offset: Any = 0,
        limit: Any = None,
        order: Any = None,
        load: Any = "_classic_read",
    ) -> list[dict[str, Any]]:
        """Search and read in one SELECT (plus one query per x2many field of the batch)."""
        offset, limit, order = self._paging(offset, limit, order)
        names = self._fields_to_read(fields)
        load = self._load_mode(load)
        if not self.env.su:
            self._check_access("read")  # every call, the statement may be a kept one

        def build() -> tuple[sa.Select, list[tuple[str, int, int]]]:
            plan: list[tuple[str, int, int]] = []

            def columns(compiler: Compiler) -> list[Any]:
                selected, plan[:] = self._read_plan(compiler, names, load)
                return [self._table.c.id, *selected]

            return self._search_query(domain or [], offset, limit, order or self._order, columns=columns), plan

        query, plan = statements.kept(self.env, lambda: (
            "search_read", self._name, statements.freeze(domain or []), tuple(names), load, offset, limit, order,
            statements.caller_key(self.env)), build)
        rows = self.env.cr.execute(query).all()
        env = self.env.with_context(active_test=True) if "active_test" in self.env.context else self.env
        return self.with_env(env)._format_rows(rows, plan, load)

    # -- reading ------------------------------------------------------------------------------
    def _fields_to_read(self, fields: Any) -> list[str]:
        if not fields:
            return [name for name, field in self._fields.items() if name != "id" and access.can_see_field(self.env, field)]
        if isinstance(fields, str):
            fields = [fields]
        names = []
        for name in fields:
            if name not in self._fields:
                raise self._invalid_field(name)
            if name != "id":
                names.append(name)
        access.check_field_access(self.env, self, names, "read")
        return names

    @staticmethod
    def _load_mode(load: Any) -> str | None:
        return load if isinstance(load, str) and load else None

    def _read_plan(self, compiler: Compiler, names: list[str], load: str | None
                   ) -> tuple[list[Any], list[tuple[str, int, int]]]:
        """The columns each field reads in the main SELECT, and where they sit in its rows
        (``(name, first position, how many)``; position 0 is the id)."""
        selected: list[Any] = []
        plan = []
        for name in names:
            columns = self._fields[name].select_columns(compiler, load)
            plan.append((name, len(selected) + 1, len(columns)))
            selected.extend(columns)
        return selected, plan

    def _format_rows(self, rows: Sequence[Sequence[Any]], plan: list[tuple[str, int, int]],
                     load: str | None) -> list[dict[str, Any]]:
        """Turn fetched rows into read() dicts: each field formats its own slice of the rows."""
        ids = [row[0] for row in rows]
        delegated = self._read_delegated(ids, [name for name, _start, _width in plan], load)
        columns: dict[str, list[Any]] = {}
        for name, start, width in plan:
            if name in delegated:
                columns[name] = delegated[name]
                continue
            if width == 0:
                raw: list[Any] = [None] * len(rows)
            elif width == 1:
                raw = [row[start] for row in rows]
            else:
                raw = [tuple(row[start:start + width]) for row in rows]
            columns[name] = self._fields[name].read_batch(self.env, ids, raw, load)
        keys = ("id", *columns)
        return [dict(zip(keys, values, strict=True)) for values in zip(ids, *columns.values(), strict=True)]

    @api.records(readonly=True)
    def read(self, fields: Any = None, load: Any = "_classic_read") -> list[dict[str, Any]]:
        names = self._fields_to_read(fields)
        self._check_access("read")
        if not self._ids:
            return []
        load = self._load_mode(load)

        def build() -> tuple[bool, bool, sa.Select, list[tuple[str, int, int]]]:
            ruled, condition = rules.inline_condition(self, "read")
            compiler = Compiler(self.env, type(self))
            selected, plan = self._read_plan(compiler, names, load)
            if condition is not None:  # the rules checked by this very query, in its last column
                selected.append(condition)
            table = self._table
            query = sa.select(table.c.id, *selected).select_from(compiler.from_clause()).where(
                _id_among(self.env.dialect, table.c.id))
            return ruled and condition is None, condition is not None, query, plan

        check_apart, checked_inline, query, plan = statements.kept(self.env, lambda: (
            "read", self._name, tuple(names), load, statements.caller_key(self.env)), build)
        if check_apart:
            rules.check(self, "read")
        found = {row[0]: row for row in self.env.cr.execute(query, {"ids": list(set(self._ids))})}
        if checked_inline and not all(row[-1] for row in found.values()):
            raise rules.denial(self, "read")
        rows = [found[record_id] for record_id in self._ids if record_id in found]
        return self._format_rows(rows, plan, load)

    @api.records(readonly=True)
    def exists(self) -> Self:
        if not self._ids:
            return self
        table = self._table
        query = sa.select(table.c.id).where(table.c.id.in_(set(self._ids)))
        found = set(self.env.cr.execute(query).scalars())
        return self.browse([record_id for record_id in self._ids if record_id in found])

    @classmethod
    def _ordered_from(cls, env: Environment) -> tuple[sa.FromClause, list[Any]]:
        """FROM clause and ORDER BY clauses that sort this model's rows by its ``_order``."""
        compiler = Compiler(env, cls)
        order = compiler.order_by(cls._order)
        return compiler.from_clause(), order


    # -- writing ------------------------------------------------------------------------------
    def _split_values(self, vals: Mapping[str, Any], creating: bool = True) -> tuple[dict[str, Any], dict[str, Any]]:
        """Column values and x2many values of a create/write dict; unknown keys are refused.
        A write's column values may be SQL expressions over the current ones (``to_update``)."""
        if not isinstance(vals, Mapping):
            raise ValueError(f"Expected a dict of field values, got {vals!r}")
        columns: dict[str, Any] = {}
        relations: dict[str, Any] = {}
        for name, value in vals.items():
            if name in MAGIC_WRITE_IGNORED:
                continue
            field = self._fields.get(name)
            if field is None:
                raise self._invalid_field(name)
            if field.writes_after_row:
                relations[name] = value
            elif field.column_backed:
                if value is SELF_ID:
                    columns[name] = value
                else:
                    columns[name] = field.to_column(value, self.env) if creating else field.to_update(value, self.env)
        return columns, relations

    def _mandatory_error(self, field: Field) -> ValidationError:
        return ValidationError(
            "The operation cannot be completed:\n"
            "- Create/update: a mandatory field is not set.\n"
            "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n"
            f"Model: {self._description_text} ({self._name})\n"
            f"Field: {field.string} ({field.name})\n"
        )

    def _defaulted_fields(self) -> list[tuple[str, Field, str | None]]:
        """The fields a new record may get a default for, with their ``default_<name>`` context
        key when the context has one (what ``_add_defaults`` walks, worked out once per call)."""
        context = self.env.context
        with_default = type(self)._fields_with_default()
        if not any(key.startswith("default_") for key in context):
            return [(name, field, None) for name, field in with_default]
        result = []
        for name, field in self._fields.items():
            if name in MAGIC_WRITE_IGNORED:
                continue
            key = f"default_{name}"
            if key in context or field.default is not None:
                result.append((name, field, key if key in context else None))
        return result

    @classmethod
    def _fields_with_default(cls) -> list[tuple[str, Field]]:
        """The fields that have a default of their own (a model class is built once per registry)."""
        found: list[tuple[str, Field]] | None = cls.__dict__.get("_fields_with_default_list")
        if found is None:
            found = [(name, field) for name, field in cls._fields.items()
                     if name not in MAGIC_WRITE_IGNORED and field.default is not None]
            setattr(cls, "_fields_with_default_list", found)  # noqa: B010 - on this very class, not a base
        return found

    def _add_defaults(self, vals: Mapping[str, Any],
                      defaulted: list[tuple[str, Field, str | None]] | None = None) -> dict[str, Any]:
        values = dict(vals)
        context = self.env.context
        for name, field, key in self._defaulted_fields() if defaulted is None else defaulted:
            if name in values:
                continue
            values[name] = context[key] if key is not None else field.default_value(self.env)
        return values

    def _prepare_create(self, vals_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Hook for models that derive values before insert (e.g. res.partner's complete_name)."""
        return vals_list

    @api.create
    def create(self, vals_list: Any) -> Self:
        vals_list = vals_list_of(vals_list)
        self._check_access("create")
        if not vals_list:
            return self.browse()
        defaulted = self._defaulted_fields()
        prepared = self._create_parents(self._prepare_create([self._add_defaults(vals, defaulted)
                                                              for vals in vals_list]))
        now = utcnow()
        # While a database is being installed the superuser row does not exist yet.
        log_uid = None if self.env.context.get("install_mode") else self.env.uid
        rows, relations = [], []
        for vals in prepared:
            columns, rel = self._split_values(vals)
            if self._log_access:
                columns.update(create_uid=log_uid, write_uid=log_uid, create_date=now, write_date=now)
            rows.append(columns)
            relations.append(rel)
        self._check_required(rows, creating=True)
        all_columns = sorted({name for row in rows for name in row})
        rows = [{name: row.get(name) for name in all_columns} for row in rows]
        # When the INSERT writes all the new records will hold, it checks the rules too.
        env = self.env
        ruled, condition = statements.kept(env, lambda: ("create rules", self._name, statements.caller_key(env)),
                                           lambda: rules.inline_condition(self, "create"))
        extra = [condition] if (condition is not None and len(rows) == 1 and env.dialect == "postgresql"
                                and not any(relations) and self._insert_is_final(prepared)) else []
        inline = bool(extra)

        def keep(shape: tuple[Any, ...], build: Callable[[], Any]) -> Any:
            return statements.kept(env, lambda: (*shape, inline, statements.caller_key(env)), build)

        if all_columns:
            inserted = inserting.insert_rows(env.cr, self._table, rows, self._insert_rows, extra, keep)
        else:
            inserted = [tuple(self.env.cr.execute(sa.insert(self._table).returning(self._table.c.id)).one())
                        for _ in rows]
        records = self.browse([row[0] for row in inserted])
        if inline:
            if not all(row[-1] for row in inserted):
                raise rules.denial(records, "create")
        else:
            for record, rel in zip(records, relations, strict=True):
                if rel:
                    record._write_relations(rel, creating=True)
            records._after_create(prepared)
            if ruled:
                rules.check(records, "create")
        records._changed()
        return records

    def _insert_is_final(self, vals_list: list[dict[str, Any]]) -> bool:
        """Whether the INSERT of ``vals_list`` writes all the new records will hold when create
        returns (no ``_after_create`` work to do): by default, when the model has no such hook."""
        model = type(self)
        return model._after_create is Model._after_create and model._after_write is Model._after_write

    def _insert_rows(self, rows: list[dict[str, Any]]) -> list[int]:
        """INSERT a batch, returning the new ids in the order of ``rows``, in few statements.

        PostgreSQL: ``bulk_sql.insert_rows`` (INSERT ... SELECT from arrays, RETURNING in row
        order). SQLite: one prepared INSERT run by ``executemany``; the rows then hold the highest
        ids, one after the other: ids only grow (AUTOINCREMENT) and this transaction is the
        database's only writer from its first write to its commit."""
        table = self._table
        if self.env.dialect != "sqlite" and len(rows) > 1:
            return bulk_sql.insert_rows(self.env.cr, table, rows)
        if len(rows) == 1:
            return [self.env.cr.execute(sa.insert(table).values(rows[0]).returning(table.c.id)).scalar_one()]
        self.env.cr.execute(sa.insert(table), rows)
        last = int(self.env.cr.execute(sa.select(sa.func.max(table.c.id))).scalar_one())
        return list(range(last - len(rows) + 1, last + 1))

    def _check_required(self, rows: list[dict[str, Any]], creating: bool) -> None:
        for name, field in self._fields.items():
            if not (field.required and field.column_backed) or name == "id":
                continue
            for row in rows:
                if (creating and row.get(name) is None) or (not creating and name in row and row[name] is None):
                    raise self._mandatory_error(field)

    def _write_relations(self, values: Mapping[str, Any], creating: bool = False) -> None:
        for name, value in values.items():
            self._fields[name].write_after_row(self, value, creating)

    def _after_create(self, vals_list: list[dict[str, Any]]) -> None:
        """Hook run after create with the values written; by default the same as after a write."""
        self._after_write(vals_list)

    def _after_write(self, vals_list: list[dict[str, Any]]) -> None:
        """Hook run after create/write with the values written (recomputations, checks)."""

    def _prepare_write(self, vals: dict[str, Any]) -> dict[str, Any]:
        """Hook for models that derive or refuse values before an update (of these records)."""
        return vals

    def _log_write(self, columns: dict[str, Any]) -> None:
        if self._log_access:
            log_uid = None if self.env.context.get("install_mode") else self.env.uid
            columns.update(write_uid=log_uid, write_date=utcnow())

    @api.records
    def write(self, vals: Any) -> bool:
        if not self._ids:
            return True
        self._check_access("write")
        if not isinstance(vals, Mapping):
            raise ValueError(f"Expected a dict of field values, got {vals!r}")
        access.check_field_access(self.env, self, [n for n in vals if n in self._fields], "write")
        rules.check(self, "write")
        vals = self._prepare_write(dict(vals))
        columns, relations = self._split_values(vals, creating=False)
        self._check_required([columns], creating=False)
        table = self._table
        self._log_write(columns)
        ids = set(self._ids)
        if columns:
            result = self.env.cr.execute(sa.update(table).where(table.c.id.in_(ids)).values(**columns))
            matched = result.rowcount
        else:
            matched = len(self.exists()._ids)
        if matched < len(ids):
            raise self._missing_error(ids)
        if relations:
            self._write_relations(relations)
        self._after_write([dict(vals)])
        self._changed()
        return True

    def _missing_error(self, ids: set[int]) -> MissingError:
        """The error of a write that found fewer of ``ids`` than it was given."""
        missing = sorted(ids - set(self.exists()._ids))
        return MissingError(
            "Record does not exist or has been deleted.\n"
            f"(Record: {self._name}({', '.join(map(str, missing))},), User: {self.env.uid})"
        )

    def _write_batch(self, ids: Sequence[int], vals_list: Sequence[Mapping[str, Any]]) -> None:
        """``browse(ids[i]).write(vals_list[i])`` for every i, in few statements: the records
        that write the same fields share one bulk UPDATE (``bulk_sql.update_rows``). A model that
        overrides ``write``, or writes a translated field (whose UPDATE keeps the other languages:
        ``to_update``), gets ``write`` called record by record instead."""
        if not ids:
            return
        names = sorted({name for vals in vals_list for name in vals if name in self._fields})
        if type(self).write is not Model.write or len(set(ids)) < len(ids) \
                or any(self._fields[name].translate for name in names):
            for record_id, vals in zip(ids, vals_list, strict=True):
                self.browse(record_id).write(dict(vals))
            return
        self._check_access("write")
        access.check_field_access(self.env, self, names, "write")
        rules.check(self.browse(ids), "write")
        groups: dict[tuple[str, ...], list[int]] = {}
        for index, vals in enumerate(vals_list):
            groups.setdefault(tuple(sorted(vals)), []).append(index)
        for indexes in groups.values():
            group_ids = [ids[i] for i in indexes]
            prepared = [self.browse(ids[i])._prepare_write(dict(vals_list[i])) for i in indexes]
            rows, relations = [], []
            for vals in prepared:
                columns, rel = self._split_values(vals)
                self._log_write(columns)
                rows.append(columns)
                relations.append(rel)
            self._check_required(rows, creating=False)
            if rows[0]:
                matched = bulk_sql.update_rows(self.env.cr, self._table, group_ids, rows)
                if matched < len(set(group_ids)):
                    raise self.browse(group_ids)._missing_error(set(group_ids))
            for record_id, rel in zip(group_ids, relations, strict=True):
                if rel:
                    self.browse(record_id)._write_relations(rel)
            self.browse(group_ids)._after_write(prepared)
        self._changed()

    def _before_unlink(self) -> None:
        """Hook for refusals and clean-ups before rows go (ir.model.data rows, for instance)."""
        for hook in self.env.registry.unlink_hooks:
            hook(self)

    @api.records
    def unlink(self) -> bool:
        if not self._ids:
            return True
        self._check_access("unlink")
        rules.check(self, "unlink")
        self._before_unlink()
        table = self._table
        self.env.cr.execute(sa.delete(table).where(table.c.id.in_(set(self._ids))))
        self._changed()
        return True

    @api.model
    def load(self, fields: Any, data: Any) -> dict[str, Any]:
        """Import rows of strings (see erpserver.orm.bulk.loader)."""
        if not isinstance(fields, (list, tuple)) or not isinstance(data, (list, tuple)):
            raise ValueError("load() expects a list of field names and a list of rows")
        return Loader(self, list(fields), list(data)).run()

    @api.records
    def export_data(self, fields_to_export: Any) -> dict[str, Any]:
        """These records as rows of cells ``load`` takes back (see erpserver.orm.bulk.exporter)."""
        if not isinstance(fields_to_export, (list, tuple)):
            raise ValueError("export_data() expects a list of field names")
        return export_data(self, list(fields_to_export))

    @api.records(readonly=True)
    def copy_data(self, default: Any = None) -> list[dict[str, Any]]:
        """The values ``copy`` would create each record with (``default`` on top)."""
        self._check_access("read")
        names = [n for n, f in self._fields.items() if f.copied and n not in MAGIC_WRITE_IGNORED]
        rows = self.with_context(active_test=False).read(names, load="")
        result = []
        for row in rows:
            values = {name: self._fields[name].copy_value(self, value) for name, value in row.items() if name != "id"}
            values.update(self._copy_overrides(values))
            values.update(dict(default or {}))
            result.append(values)
        return result

    @api.records(returns_one=True)
    def copy(self, default: Any = None) -> Self:
        self.ensure_one()
        data = self.copy_data(default)
        if not data:
            raise MissingError(f"Record does not exist or has been deleted.\n(Record: {self}, User: {self.env.uid})")
        new = self.create(data[0])
        # values given (``default``) or changed by the model (" (copy)") are not carried over
        given = set(default or {}) | set(self._copy_overrides(data[0]))
        for name, field in self._fields.items():
            if field.copied and name not in given and name not in MAGIC_WRITE_IGNORED:
                field.copy_stored(self.env, self._ids[0], new._ids[0])
        return new

    def _copy_overrides(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {}


def _id_among(dialect: str, column: Any) -> Any:
    """``column`` is one of the ids bound as ``ids``: on PostgreSQL ``= ANY(array)``, one
    parameter whatever their number (an expanding IN is rewritten for each call's count)."""
    if dialect == "postgresql":
        return column == sa.func.any(sa.bindparam("ids", type_=postgresql.ARRAY(sa.Integer)))
    return column.in_(sa.bindparam("ids", expanding=True))
