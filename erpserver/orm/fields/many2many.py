"""Many2many: pairs of ids in a relation table of their own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.exceptions import ValidationError
from erpserver.orm import aliases
from erpserver.orm.arguments import is_id
from erpserver.orm.commands import CLEAR, CREATE, DELETE, LINK, SET, UNLINK, UPDATE, Command
from erpserver.orm.fields.base import Field, GroupValue, ManualSchema, Reference
from erpserver.orm.fields.x2many import X2many
from erpserver.orm.tables import is_identifier, stub_table, table_name

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment
    from erpserver.orm.model import Model
    from erpserver.orm.schema import SchemaEditor


def default_relation(model_table: str, comodel_table: str) -> tuple[str, str, str]:
    """Odoo's naming of a many2many table and its columns, from the sorted table names."""
    first, second = sorted([model_table, comodel_table])
    relation = f"{first}_{second}_rel"
    if model_table == comodel_table:
        return relation, "id1", "id2"
    return relation, f"{model_table}_id", f"{comodel_table}_id"


class Many2many(X2many):
    type = "many2many"
    skips_non_commands: ClassVar[bool] = True

    def __init__(
        self,
        comodel_name: str,
        relation: str | None = None,
        column1: str | None = None,
        column2: str | None = None,
        string: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.relation = relation or ""
        self.column1 = column1 or ""
        self.column2 = column2 or ""
        super().__init__(comodel_name, string, **kwargs)

    def bound_to(self, model_name: str, name: str) -> Field:
        field = super().bound_to(model_name, name)
        assert isinstance(field, Many2many)
        default_rel, default_col1, default_col2 = default_relation(table_name(model_name), table_name(field.comodel_name))
        # Odoo names a custom many2many's table 'x_%s_%s_rel', even when a table name starts with x_
        field.relation = field.relation or (f"x_{default_rel}" if field.manual else default_rel)
        field.column1 = field.column1 or default_col1
        field.column2 = field.column2 or default_col2
        return field

    # -- ir.model.fields rows -----------------------------------------------------------------
    @classmethod
    def ir_row_arguments(cls, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (row["relation"], row.get("relation_table") or None, row.get("column1") or None,
                row.get("column2") or None, row["field_description"] or row["name"])

    @classmethod
    def ir_row_attributes(cls, row: Mapping[str, Any]) -> dict[str, Any]:
        return {"domain": cls.ir_row_domain(row)}

    def ir_row_values(self) -> dict[str, Any]:
        return {
            "relation": self.comodel_name,
            "relation_table": self.relation,
            "column1": self.column1,
            "column2": self.column2,
        }

    @classmethod
    def validate_ir_row(cls, row: Mapping[str, Any], schema: ManualSchema) -> None:
        super().validate_ir_row(row, schema)
        for key in ("relation_table", "column1", "column2"):
            value = row.get(key)
            if value and not is_identifier(value):
                raise ValidationError(f"Invalid {key} {value!r}: use letters, digits and underscores (up to 63).")

    @classmethod
    def complete_ir_row(cls, row: dict[str, Any], schema: ManualSchema) -> None:
        """Default relation names (Odoo's), and no two many2manys on the same table and columns."""
        super().complete_ir_row(row, schema)
        field = cls.from_ir_row(row).bound_to(row["model"], row["name"])
        row.update(field.ir_row_values())
        others = schema.relation_table_rows(row["relation_table"])
        for other in others:
            if (other["column1"], other["column2"]) == (row["column1"], row["column2"]):
                raise ValidationError(
                    f"Many2many fields {row['model']}.{row['name']} and {other['model']}.{other['name']} "
                    "use the same table and columns"
                )
        # A custom field creates its own table, or shares the one of the manual field it mirrors
        # (the other side of the same relation): never a table that something else owns, which
        # removing the field would drop.
        mirrors = [
            other for other in others
            if other["state"] == "manual" and (other["column1"], other["column2"]) == (row["column2"], row["column1"])
            and (other["model"], other["relation"]) == (row["relation"], row["model"])
        ]
        if (others and len(mirrors) != len(others)) or (not others and schema.table_exists(row["relation_table"])):
            raise ValidationError(
                f"The table {row['relation_table']!r} already exists: a custom many2many field must create its "
                "own relation table (or use the one of the many2many field it mirrors)."
            )

    # -- storage ------------------------------------------------------------------------------
    def relation_table(self, metadata: sa.MetaData) -> sa.Table:
        """The relation table, declared once in ``metadata`` for both sides."""
        existing = metadata.tables.get(self.relation)
        if existing is not None:
            return existing
        return sa.Table(
            self.relation,
            metadata,
            sa.Column(self.column1, sa.Integer, sa.ForeignKey(f"{self.table_name}.id", ondelete="CASCADE"),
                      primary_key=True),
            sa.Column(self.column2, sa.Integer,
                      sa.ForeignKey(f"{table_name(self.comodel_name)}.id", ondelete="CASCADE"),
                      primary_key=True, index=True),
        )

    def declare_tables(self, metadata: sa.MetaData) -> list[sa.Table]:
        return [] if self.related is not None else [self.relation_table(metadata)]

    def create_storage(self, editor: SchemaEditor) -> None:
        if editor.table_exists(self.relation):
            return
        metadata = sa.MetaData()
        stub_table(metadata, self.table_name)
        stub_table(metadata, table_name(self.comodel_name))
        editor.create_table(self.relation_table(metadata))

    def drop_storage(self, editor: SchemaEditor, shared: bool) -> None:
        if not shared:
            editor.drop_table(self.relation)

    # -- writing ------------------------------------------------------------------------------
    def copy_value(self, records: Model, value: Any) -> Any:
        return [(SET, 0, value)]

    def as_default(self, value: Any, env: Environment) -> Any:
        """A list of ids as a default is the command ``[(6, 0, ids)]``."""
        if isinstance(value, (list, tuple)) and value and all(is_id(v) for v in value):
            return [(SET, 0, list(value))]
        return value

    def apply_commands(self, records: Model, commands: Sequence[Command], creating: bool) -> None:
        env = records.env
        comodel = env[self.comodel_name]
        rel = env.registry.relation_tables[self.relation]
        col1, col2 = rel.c[self.column1], rel.c[self.column2]
        ids = records.ids

        def link(targets: list[int]) -> None:
            targets = list(dict.fromkeys(targets))
            if not targets or not ids:
                return
            existing = set(env.cr.execute(sa.select(col1, col2).where(col1.in_(ids), col2.in_(targets))).all())
            missing = [
                {self.column1: record_id, self.column2: target}
                for record_id in ids
                for target in targets
                if (record_id, target) not in existing
            ]
            if missing:
                env.cr.execute(sa.insert(rel), missing)

        def unlink(targets: list[int] | None) -> None:
            condition: ColumnElement[bool] = col1.in_(ids)
            if targets is not None:
                if not targets:
                    return
                condition = sa.and_(condition, col2.in_(targets))
            env.cr.execute(sa.delete(rel).where(condition))

        for code, target_id, payload in commands:
            if code == CREATE:
                link([int(comodel.create(dict(payload or {})).id)])
            elif code == UPDATE:
                comodel.browse(target_id).write(dict(payload or {}))
            elif code == DELETE:
                unlink([target_id])
                comodel.browse(target_id).unlink()
            elif code == UNLINK:
                unlink([target_id])
            elif code == LINK:
                link([target_id])
            elif code == CLEAR:
                unlink(None)
            elif code == SET:
                wanted = list(payload)
                current = set(env.cr.execute(sa.select(col2).where(col1.in_(ids))).scalars())
                unlink([t for t in current if t not in set(wanted)])
                link(wanted)

    # -- load and export_data ------------------------------------------------------------------
    exports_joined: ClassVar[bool] = True

    def import_references(self, text: str) -> list[str]:
        return [item.strip() for item in text.split(",") if item.strip()]

    def import_cell(self, text: str, env: Environment, reference: Reference) -> Any:
        found = [reference(item) for item in self.import_references(text)]
        return [(SET, 0, [record_id for record_id in found if record_id])]

    # -- reading ------------------------------------------------------------------------------
    def read_batch(self, env: Environment, ids: list[int], values: list[Any], load: str | None) -> list[Any]:
        if self.related is not None:
            return self.read_related(env, ids, load)
        if not ids:
            return []
        rel = env.registry.relation_tables[self.relation]
        comodel = env.registry[self.comodel_name]
        table = comodel._table
        from_clause, order = comodel._ordered_from(env)
        query = (
            sa.select(rel.c[self.column1], rel.c[self.column2])
            .select_from(from_clause.join(rel, table.c.id == rel.c[self.column2]))
            .where(rel.c[self.column1].in_(set(ids)))
            .order_by(*order)
        )
        by_record: dict[int, list[int]] = defaultdict(list)
        for record_id, target_id in env.cr.execute(query):
            by_record[record_id].append(target_id)
        return [by_record.get(record_id, []) for record_id in ids]

    # -- domains ------------------------------------------------------------------------------
    def condition(self, compiler: Compiler, operator: str, value: Any) -> ColumnElement:
        rel = compiler.env.registry.relation_tables[self.relation]
        id_column = compiler.column("id")
        linked: ColumnElement[bool] = rel.c[self.column1] == id_column
        if operator in ("=", "!=") and (value is False or value is None):
            exists = sa.exists().where(linked)
            return sa.not_(exists) if operator == "=" else exists
        if operator in ("child_of", "parent_of"):
            ids = compiler.hierarchy_ids(self.comodel_name, operator, value, None)
            operator, value = "in", ids
        if operator in ("in", "not in", "=", "!=", "like", "ilike", "not like", "not ilike", "=like", "=ilike"):
            targets, negative = self.targets(compiler, operator, value)
            exists = sa.exists().where(linked, rel.c[self.column2].in_(targets))
            return sa.not_(exists) if negative else exists
        raise ValueError(f"Invalid operator {operator!r} for many2many {self.model_name}.{self.name}")

    # -- read_group: one group per related record (and one for records with none) --------------
    def group_column(self, compiler: Compiler, granularity: str | None) -> ColumnElement:
        """LEFT JOIN the relation table, keeping the related records the comodel's search (its
        active filter, its field domain) lets through."""
        if self.related is not None or self.compute is not None:
            raise ValueError(f"Group by non-stored many2many field: {self.name!r}")
        rel = compiler.env.registry.relation_tables[self.relation]
        alias = aliases.alias(rel, f"{compiler.table.name}__{self.name}")
        condition: ColumnElement[bool] = alias.c[self.column1] == compiler.column("id")
        targets = compiler.subquery(self.comodel_name, self.domain if isinstance(self.domain, list) else [])
        if targets.whereclause is not None:
            condition = sa.and_(condition, alias.c[self.column2].in_(targets))
        compiler.joins.append((alias, condition))
        column: ColumnElement = alias.c[self.column2]
        return column

    def group_values(self, env: Environment, granularity: str | None, raws: Sequence[Any],
                     names: Sequence[tuple[Any, ...] | None]) -> list[GroupValue]:
        present = [raw for raw in raws if raw]
        known = env.sudo()[self.comodel_name]._display_names(present)
        result = []
        for raw in raws:
            if raw:
                result.append(GroupValue([raw, known.get(raw, False)], [(self.name, "=", raw)]))
            else:
                result.append(GroupValue(False, [(self.name, "not in", present)]))
        return result
