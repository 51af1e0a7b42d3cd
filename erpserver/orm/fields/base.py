"""The field base class: everything one field type knows, in one place.

A field answers for its column (``sql_type``/``sql_column``), for values going in (``to_column``)
and coming out (``read_batch``), for domain operands and leaves (``to_operand``/``condition``),
for ordering (``order_expression``) and for its ``fields_get`` entry (``describe``). Python models
declare fields as class attributes; manual ``x_`` fields are built from their ``ir.model.fields``
row by ``from_ir_row`` into the very same classes. Subclasses register themselves by ``type``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment

FIELD_TYPES: dict[str, type[Field]] = {}


class ImportValueError(Exception):
    """A cell ``load`` cannot use: an error, or a warning with the value used anyway."""

    def __init__(self, message: str, moreinfo: Any = None, kind: str = "error", value: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.moreinfo = moreinfo
        self.kind = kind
        self.value = value

# Operators whose plain-column SQL is a comparison that never matches NULL.
COMPARISONS = {"<": "__lt__", "<=": "__le__", ">": "__gt__", ">=": "__ge__"}
LIKE_OPERATORS = ("like", "ilike", "not like", "not ilike", "=like", "=ilike")


class Field:
    type: ClassVar[str] = ""
    is_relational: ClassVar[bool] = False
    is_x2many: ClassVar[bool] = False
    # The attribute names that describe() reports beside the common ones.
    extra_description: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        string: str | None = None,
        *,
        help: str | None = None,
        required: bool = False,
        readonly: bool = False,
        index: bool = False,
        default: Any = None,
        copy: bool | None = None,
        store: bool = True,
        translate: bool = False,
        groups: str | None = None,
        manual: bool = False,
        related: str | None = None,
        compute: str | None = None,
        inverse: str | None = None,
        group_operator: str | None = None,
        **extra: Any,
    ) -> None:
        self.string = string
        self.help = help
        self.required = required
        self.readonly = readonly
        self.index = index
        self.default = default
        self.copy = copy
        self.store = store and related is None and compute is None
        self.translate = translate
        self.groups = groups
        self.manual = manual
        self.related = related
        # Non-stored computed fields name model methods: compute(records) -> values in id order,
        # inverse(records, value) to write.
        self.compute = compute
        self.inverse = inverse
        self.group_operator = group_operator
        self.name: str = ""
        self.model_name: str = ""
        self._setup_extra(**extra)

    def _setup_extra(self, **extra: Any) -> None:
        if extra:
            raise TypeError(f"{type(self).__name__} got unexpected attributes {sorted(extra)}")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("type"):
            FIELD_TYPES.setdefault(cls.type, cls)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.model_name}.{self.name}>"

    # -- construction -------------------------------------------------------------------------
    def bound_to(self, model_name: str, name: str) -> Field:
        """A copy of this field for one model of one registry (fields are never shared)."""
        field = copy.copy(self)
        field.name = name
        field.model_name = model_name
        if field.string is None:
            field.string = name.replace("_", " ").strip().title() if name != "id" else "ID"
        return field

    @classmethod
    def from_ir_row(cls, row: Mapping[str, Any]) -> Field:
        """Build a manual field from its ``ir.model.fields`` row."""
        return cls(
            *cls.ir_row_arguments(row),
            help=row.get("help") or None,
            required=bool(row.get("required")),
            readonly=bool(row.get("readonly")),
            index=bool(row.get("index")),
            copy=bool(row.get("copied")),
            translate=bool(row.get("translate")),
            manual=True,
            **cls.ir_row_attributes(row),
        )

    @classmethod
    def ir_row_arguments(cls, row: Mapping[str, Any]) -> tuple[Any, ...]:
        """The positional arguments of the constructor, read from an ``ir.model.fields`` row."""
        return (row["field_description"] or row["name"],)

    @classmethod
    def ir_row_attributes(cls, row: Mapping[str, Any]) -> dict[str, Any]:
        """Type-specific constructor arguments read from an ``ir.model.fields`` row."""
        return {}

    def ir_row_values(self) -> dict[str, Any]:
        """Type-specific columns of this field's ``ir.model.fields`` row."""
        return {}

    # -- schema -------------------------------------------------------------------------------
    def sql_type(self) -> sa.types.TypeEngine | None:
        return None

    @property
    def column_backed(self) -> bool:
        return self.store and self.sql_type() is not None

    def sql_column(self) -> sa.Column | None:
        if not self.column_backed:
            return None
        return sa.Column(self.name, self.sql_type(), *self.sql_constraints(), index=self.index or None,
                         nullable=not self.required)

    def sql_constraints(self) -> list[Any]:
        return []

    # -- values in ----------------------------------------------------------------------------
    def to_column(self, value: Any, env: Environment) -> Any:
        """Convert a value from ``create``/``write`` into what the column stores."""
        return value

    def default_value(self, env: Environment) -> Any:
        default = self.default
        if callable(default):
            return default(env)
        return copy.deepcopy(default)

    @property
    def copied(self) -> bool:
        if self.copy is not None:
            return self.copy
        return self.store and not self.is_x2many and self.related is None

    def import_value(self, text: str, env: Environment) -> Any:
        """Convert a non-empty ``load`` cell; raise ImportValueError with Odoo's message."""
        return text

    # -- values out ---------------------------------------------------------------------------
    empty_read: ClassVar[Any] = False

    def to_read(self, value: Any) -> Any:
        return self.empty_read if value is None else value

    def select_columns(self, compiler: Compiler, load: str | None) -> list[Any]:
        """What this field reads in the main SELECT of read/search_read (none if not a column)."""
        return [self.column_of(compiler)] if self.column_backed else []

    def read_batch(self, env: Environment, ids: list[int], values: list[Any], load: str | None) -> list[Any]:
        """Wire values of this field for a batch of records (one query at most per batch).
        ``values`` holds, per record, what ``select_columns`` read (a tuple if several)."""
        if self.related is not None:
            return self.read_related(env, ids, load)
        if self.compute is not None:
            return list(getattr(env[self.model_name].browse(ids), self.compute)())
        to_read = self.to_read
        return [to_read(v) for v in values]

    def read_related(self, env: Environment, ids: list[int], load: str | None) -> list[Any]:
        """Follow ``related`` one batch read per step of the path."""
        assert self.related is not None
        *path, last = self.related.split(".")
        model = env.sudo()[self.model_name]
        targets: dict[int, Any] = {record_id: record_id for record_id in ids}
        for step in path:
            wanted = {t for t in targets.values() if t}
            rows = model.browse(sorted(wanted)).read([step], load="")
            mapping = {row["id"]: row[step] for row in rows}
            targets = {record_id: mapping.get(target) or False for record_id, target in targets.items()}
            model = env.sudo()[model._fields[step].comodel_name]  # type: ignore[attr-defined]
        wanted = {t for t in targets.values() if t}
        rows = model.browse(sorted(wanted)).read([last], load=load or "")
        values = {row["id"]: row[last] for row in rows}
        return [values.get(targets[record_id], self.empty_read) if targets[record_id] else self.empty_read
                for record_id in ids]

    # -- domains ------------------------------------------------------------------------------
    def to_operand(self, value: Any) -> Any:
        """Convert a (non-False) domain value to what the column compares with."""
        return value

    def column_of(self, compiler: Compiler) -> ColumnElement:
        return compiler.column(self.name)

    def condition(self, compiler: Compiler, operator: str, value: Any) -> ColumnElement:
        """The SQL condition of the leaf ``(self.name, operator, value)`` (operator normalised)."""
        column = self.column_of(compiler)
        if operator in ("=", "!="):
            if value is False or value is None:
                return self.is_empty(column) if operator == "=" else self.is_set(column)
            operand = self.to_operand(value)
            if operator == "=":
                return column == operand
            if value:  # a truthy value: NULL rows differ from it, so they match `!=`
                return sa.or_(column != operand, column.is_(None))
            return column != operand
        if operator in COMPARISONS:
            if value is False or value is None:
                return sa.false()
            return getattr(column, COMPARISONS[operator])(self.comparison_operand(operator, value))
        if operator in LIKE_OPERATORS:
            return self.like_condition(column, operator, value)
        if operator in ("in", "not in"):
            return self.in_condition(column, operator, value)
        raise ValueError(f"Invalid operator {operator!r} for field {self.model_name}.{self.name}")

    def comparison_operand(self, operator: str, value: Any) -> Any:
        return self.to_operand(value)

    def is_empty(self, column: ColumnElement) -> ColumnElement:
        return column.is_(None)

    def is_set(self, column: ColumnElement) -> ColumnElement:
        return column.is_not(None)

    def like_condition(self, column: ColumnElement, operator: str, value: Any) -> ColumnElement:
        text = sa.cast(column, sa.String) if not isinstance(column.type, sa.String) else column
        if operator in ("=like", "=ilike"):
            pattern = str(value)
            return text.like(pattern) if operator == "=like" else sa.func.lower(text).like(sa.func.lower(pattern))
        needle = "" if value is False or value is None else str(value)
        pattern = f"%{needle}%"
        if operator in ("like", "not like"):
            match = text.like(pattern)
        else:
            match = sa.func.lower(text).like(sa.func.lower(pattern))
        if operator.startswith("not "):
            # not like: NULL rows never "contain" anything, so they match; `not like ''` is only them
            return column.is_(None) if not needle else sa.or_(sa.not_(match), column.is_(None))
        return sa.or_(match, column.is_(None)) if not needle else match

    def in_condition(self, column: ColumnElement, operator: str, value: Any) -> ColumnElement:
        if not isinstance(value, (list, tuple, set, frozenset)):
            raise ValueError(f"Invalid domain term {(self.name, operator, value)!r}: 'in' needs a list")
        values = list(value)
        has_false = any(v is False or v is None for v in values)
        operands = [self.to_operand(v) for v in values if v is not False and v is not None]
        if operator == "in":
            condition = column.in_(operands) if operands else sa.false()
            return sa.or_(condition, self.is_empty(column)) if has_false else condition
        condition = column.not_in(operands) if operands else sa.true()
        if has_false:
            return sa.and_(condition, self.is_set(column))
        return sa.or_(condition, column.is_(None)) if operands else condition

    # -- ordering -----------------------------------------------------------------------------
    @property
    def sortable(self) -> bool:
        return self.column_backed or (self.related is not None and self.related.count(".") == 1)

    def order_expression(self, compiler: Compiler) -> list[tuple[ColumnElement, bool]]:
        """(expression, descending) pairs this field sorts by; a many2one sorts by its comodel."""
        if self.related is not None:
            link, target = self.related.split(".")
            joined = compiler.joined(compiler.model._fields[link])  # type: ignore[arg-type]
            return joined.model._fields[target].order_expression(joined)
        return [(self.column_of(compiler), False)]

    # -- fields_get ---------------------------------------------------------------------------
    @property
    def searchable(self) -> bool:
        return self.store or self.related is not None

    def describe(self, env: Environment) -> dict[str, Any]:
        """The full ``fields_get`` entry; attributes whose value is None are left out."""
        description: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "string": self.string,
            "help": self.help,
            "store": self.store,
            "manual": self.manual,
            "related": self.related,
            "company_dependent": False,
            "readonly": self.readonly,
            "required": self.required,
            "groups": self.groups,
            "change_default": False,
            "group_operator": self.group_operator,
            "default_export_compatible": False,
            "exportable": True,
            "depends": [self.related] if self.related else [],
            "searchable": self.searchable,
            "sortable": self.sortable,
        }
        for attribute in self.extra_description:
            description[attribute] = self.describe_attribute(attribute, env)
        return {key: value for key, value in description.items() if value is not None}

    def describe_attribute(self, attribute: str, env: Environment) -> Any:
        return getattr(self, attribute, None)
