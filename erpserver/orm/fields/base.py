"""The field base class: everything one field type knows, in one place.

A field answers for
- its storage: ``sql_column``, ``declare_tables`` (relation tables), and the DDL of a manual
  field (``create_storage``, ``rename_storage``, ``alter_storage``, ``drop_storage``);
- values going in: ``to_column``, ``write_after_row`` (x2many commands, related, inverse),
  ``copy_value``, and one ``load`` cell (``import_cell``, ``import_references``);
- values coming out: ``select_columns`` / ``read_batch``, ``name_expression`` (as a display name),
  one ``export_data`` cell (``export_cell``, ``export_targets``, ``exports_joined``);
- domains: ``to_operand``, ``condition`` for a leaf, ``any_condition`` for ``any`` and paths;
- ordering (``order_expression``) and its ``fields_get`` entry (``describe``);
- read_group: how rows group by it (``group_granularity``, ``group_column``, ``group_order``), how
  a group reads (``group_values``, ``group_folds``), which groups always show (``expanded_groups``)
  and how it aggregates (``aggregate_expression``, ``aggregate_value``);
- a manual field's ``ir.model.fields`` row: ``from_ir_row``, ``complete_ir_row``,
  ``validate_ir_row``, ``ir_row_values``.

Python models declare fields as class attributes; manual ``x_`` fields are built from their
``ir.model.fields`` row by ``from_ir_row`` into the very same classes. Subclasses register
themselves by ``type``: a new field type is one module, and nothing outside this package changes.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.elements import ColumnElement

from erpserver.database.sqlfunctions import ArrayAgg, BoolAnd, BoolOr
from erpserver.exceptions import ValidationError
from erpserver.orm.tables import table_name

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment
    from erpserver.orm.model import Model
    from erpserver.orm.schema import SchemaEditor

FIELD_TYPES: dict[str, type[Field]] = {}
# ``load`` asks this for the id of a related record named by a cell (None when not found).
Reference = Callable[[str], "int | None"]


# Defaults of these types are given as they are: no copy can differ from them.
_IMMUTABLE = frozenset({str, int, float, bool, bytes})

class ManualSchema(Protocol):
    """What validating a manual field's ``ir.model.fields`` row may ask of the database's models
    and fields. Answered from the ``ir_model`` / ``ir_model_fields`` rows, not from the registry,
    so that fields created earlier in the same call are seen before the registry is rebuilt."""

    def has_model(self, model: str) -> bool: ...

    def field_row(self, model: str, name: str) -> Mapping[str, Any] | None: ...

    def relation_table_rows(self, relation_table: str) -> list[Mapping[str, Any]]: ...

    def table_exists(self, table: str) -> bool: ...


class ImportValueError(Exception):
    """A cell ``load`` cannot use: an error, or a warning with the value used anyway."""

    def __init__(self, message: str, moreinfo: Any = None, kind: str = "error", value: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.moreinfo = moreinfo
        self.kind = kind
        self.value = value

# What ``Field.as_default`` answers for a default that cannot be used (an unknown selection key).
NO_DEFAULT: Any = object()


class GroupValue(NamedTuple):
    """One group of read_group as a field reads it: the value shown, the domain leaves that select
    the group's records, and (dates only) its ``__range`` entry."""

    value: Any
    domain: list[Any]
    range: Any = None


# read_group aggregates: SQL of (column, id column); Odoo's names
AGGREGATES: dict[str, Callable[[ColumnElement, ColumnElement], ColumnElement]] = {
    "sum": lambda column, ids: sa.func.sum(column),
    "avg": lambda column, ids: sa.func.avg(column, type_=sa.Float()),
    "max": lambda column, ids: sa.func.max(column),
    "min": lambda column, ids: sa.func.min(column),
    "bool_and": lambda column, ids: BoolAnd(column),
    "bool_or": lambda column, ids: BoolOr(column),
    "array_agg": lambda column, ids: ArrayAgg(column, ids),
    "count": lambda column, ids: sa.func.count(column),
    "count_distinct": lambda column, ids: sa.func.count(sa.distinct(column)),
}

# Operators whose plain-column SQL is a comparison that never matches NULL.
COMPARISONS = {"<": "__lt__", "<=": "__le__", ">": "__gt__", ">=": "__ge__"}
LIKE_OPERATORS = ("like", "ilike", "not like", "not ilike", "=like", "=ilike")


class Field:
    type: ClassVar[str] = ""
    # The model a relational field points to; None for every other field.
    comodel_name: str | None = None
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
        exportable: bool = True,
        group_expand: str | None = None,
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
        # False for a value that must never leave the server in a file (a password)
        self.exportable = exportable
        # the many2one of an ``_inherits`` link this field comes through (see ``delegated``)
        self.inherited_from: str | None = None
        # read_group shows every group this model method names (values, domain) -> values
        self.group_expand = group_expand
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

    def __set_name__(self, owner: object, name: str) -> None:
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

    def delegated(self, link: str, name: str) -> Field:
        """This parent field as a field of a model that ``_inherits`` the parent through ``link``:
        no storage of its own, everything goes through the link (Odoo's inherited fields)."""
        field = copy.copy(self)
        field.related = f"{link}.{name}"
        field.store = False
        field.compute = field.inverse = None
        field.default = None
        field.required = False
        field.copy = False
        field.inherited_from = link
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

    def selection_rows(self) -> list[tuple[str, str]]:
        """The ``(value, label)`` options kept as ``ir.model.fields.selection`` rows (a fixed list)."""
        return []

    @classmethod
    def complete_ir_row(cls, row: dict[str, Any], schema: ManualSchema) -> None:
        """Fill in what Odoo derives for a new manual field's row (in place)."""
        row.setdefault("copied", True)

    @classmethod
    def validate_ir_row(cls, row: Mapping[str, Any], schema: ManualSchema) -> None:
        """Refuse a manual field's row, with Odoo's message, before anything is written."""
        if (row.get("size") or 0) < 0:
            raise ValidationError("Size of the field cannot be negative.")

    # -- schema -------------------------------------------------------------------------------
    def sql_type(self) -> sa.types.TypeEngine | None:
        return None

    @functools.cached_property
    def column_backed(self) -> bool:
        """Kept once known: ``store`` and the column type never change once a field is built
        (and ``create``/``write`` ask it for every value)."""
        return self.store and self.sql_type() is not None

    def sql_column(self) -> sa.Column | None:
        if not self.column_backed:
            return None
        return sa.Column(self.name, self.sql_type(), *self.sql_constraints(), index=self.index or None,
                         nullable=not self.required)

    def sql_constraints(self) -> list[Any]:
        return []

    @property
    def table_name(self) -> str:
        return table_name(self.model_name)

    def declare_tables(self, metadata: sa.MetaData) -> list[sa.Table]:
        """Tables of their own this field needs besides its model's (a many2many's relation)."""
        return []

    # -- storage of a manual field (DDL in the caller's transaction) ---------------------------
    def create_storage(self, editor: SchemaEditor) -> None:
        if self.column_backed:
            column = sa.Column(self.name, self.sql_type(), *self.sql_constraints(), nullable=not self.required)
            editor.add_column(self.table_name, column, index=self.index)

    def rename_storage(self, editor: SchemaEditor, new_name: str) -> None:
        if self.column_backed:
            editor.rename_column(self.table_name, self.name, new_name, indexed=self.index)

    def alter_storage(self, editor: SchemaEditor, old: Field) -> None:
        """Apply what changed since ``old`` (the same field before the write)."""
        if not self.column_backed:
            return
        if old.required != self.required:
            editor.set_required(self.table_name, self.name, self.required)
        if old.index != self.index:
            if self.index:
                editor.create_index(self.table_name, self.name)
            else:
                editor.drop_index(self.table_name, self.name)

    def drop_storage(self, editor: SchemaEditor, shared: bool) -> None:
        """Drop what ``create_storage`` made; ``shared``: another field still uses it."""
        if self.column_backed and not shared:
            editor.drop_column(self.table_name, self.name)

    # -- values in ----------------------------------------------------------------------------
    def to_column(self, value: Any, env: Environment) -> Any:
        """Convert a value from ``create``/``write`` into what the column stores."""
        return value

    def to_update(self, value: Any, env: Environment) -> Any:
        """What ``write`` sets the column to: ``to_column``'s value, or an SQL expression over the
        column's current value (a translated field keeps the other languages)."""
        return self.to_column(value, env)

    def as_default(self, value: Any, env: Environment) -> Any:
        """A default as ``default_get`` answers it (write format); ``NO_DEFAULT`` drops it."""
        return value

    def default_value(self, env: Environment) -> Any:
        default = self.default
        if callable(default):
            return default(env)
        if default is None or type(default) in _IMMUTABLE:
            return default
        return copy.deepcopy(default)

    @property
    def copied(self) -> bool:
        if self.copy is not None:
            return self.copy
        return self.store and self.related is None

    def copy_value(self, records: Model, value: Any) -> Any:
        """What ``copy`` writes into the new record, from what ``read`` gave (``load=""``)."""
        return value

    def copy_stored(self, env: Environment, source_id: int, copy_id: int) -> None:
        """After ``copy``: carry over what ``read`` does not show (a translated field's other
        languages); the field's value came through ``copy_value``."""

    @property
    def writes_after_row(self) -> bool:
        """Written once the record's row exists (x2many commands, related and inverse fields)."""
        return self.related is not None or self.inverse is not None

    def write_after_row(self, records: Model, value: Any, creating: bool) -> None:
        if self.inverse is not None:
            getattr(records, self.inverse)(value)
        elif self.related is not None:
            self.write_related(records, value)

    def write_related(self, records: Model, value: Any) -> None:
        """Write ``value`` on the records the ``related`` path leads to."""
        assert self.related is not None
        *path, target_name = self.related.split(".")
        targets = records
        for step in path:
            rows = targets.read([step], load="")
            field = targets._fields[step]
            targets = field.comodel(records.env).browse(sorted({row[step] for row in rows if row[step]}))
        if targets:
            targets.write({target_name: value})

    # -- one ``load`` cell ----------------------------------------------------------------------
    # One2many: a header ``field/sub`` names a line's column, and rows continue the record above.
    imports_lines: ClassVar[bool] = False

    def import_references(self, text: str) -> list[str]:
        """The related records a cell names, looked up once per batch before conversion."""
        return []

    def import_cell(self, text: str, env: Environment, reference: Reference) -> Any:
        """The value a non-empty cell stands for; ImportValueError with Odoo's message."""
        return self.import_value(text, env)

    def import_value(self, text: str, env: Environment) -> Any:
        """Convert a non-empty ``load`` cell of a plain field."""
        return text

    # -- one ``export_data`` cell ----------------------------------------------------------------
    # Many2many: a record's related records share one cell, comma-separated (Odoo's import-
    # compatible layout); a one2many's go on the rows that follow, a many2one's on the same row.
    exports_joined: ClassVar[bool] = False

    def export_cell(self, value: Any, env: Environment) -> Any:
        """The cell ``export_data`` gives for a value ``read(load="")`` gave (``''`` when empty);
        what ``load`` takes back to the same value."""
        return "" if value is False or value is None else value

    def export_targets(self, value: Any) -> list[int]:
        """The related records a relational value (as ``read(load="")`` gave it) points to."""
        return []

    # -- values out ---------------------------------------------------------------------------
    empty_read: ClassVar[Any] = False

    def to_read(self, value: Any) -> Any:
        return self.empty_read if value is None else value

    def name_expression(self, column: ColumnElement, env: Environment) -> ColumnElement | None:
        """This field's column as the record's display name in SQL, when it reads as one."""
        return None

    def read_expression(self, column: ColumnElement, env: Environment) -> ColumnElement:
        """The value ``column`` holds as ``env`` reads it (a translated field: in its language)."""
        return column

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
        if type(self).to_read is Field.to_read:  # most fields: NULL reads as their empty value
            empty = self.empty_read
            return [empty if v is None else v for v in values]
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
            model = model._fields[step].comodel(env.sudo())
        wanted = {t for t in targets.values() if t}
        rows = model.browse(sorted(wanted)).read([last], load=load or "")
        values = {row["id"]: row[last] for row in rows}
        return [values.get(targets[record_id], self.empty_read) if targets[record_id] else self.empty_read
                for record_id in ids]

    # -- relations ----------------------------------------------------------------------------
    def comodel(self, env: Environment) -> Model:
        """The model this field points to (ValueError for a field that points nowhere)."""
        raise ValueError(f"Field {self.model_name}.{self.name} is not relational")

    # -- domains ------------------------------------------------------------------------------
    def any_condition(self, compiler: Compiler, negative: bool, subdomain: Any) -> ColumnElement:
        """``(self any subdomain)``, or ``not any``; a dotted path ``a.b`` is ``a any [(b...)]``."""
        raise ValueError(f"Invalid field {self.model_name}.{self.name} in leaf "
                         f"{(self.name, 'not any' if negative else 'any', subdomain)!r}")

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
            equal: ColumnElement[bool] = column == operand
            if operator == "=":
                return equal
            different: ColumnElement[bool] = column != operand
            if value:  # a truthy value: NULL rows differ from it, so they match `!=`
                return sa.or_(different, column.is_(None))
            return different
        if operator in COMPARISONS:
            if value is False or value is None:
                return sa.false()
            compare: ColumnElement = getattr(column, COMPARISONS[operator])(self.comparison_operand(operator, value))
            return compare
        if operator in LIKE_OPERATORS:
            return self.like_condition(column, operator, value)
        if operator in ("in", "not in"):
            return self.in_condition(column, operator, value, compiler.env.dialect)
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

    def in_condition(self, column: ColumnElement, operator: str, value: Any, dialect: str = "") -> ColumnElement:
        if not isinstance(value, (list, tuple, set, frozenset)):
            raise ValueError(f"Invalid domain term {(self.name, operator, value)!r}: 'in' needs a list")
        values = list(value)
        has_false = any(v is False or v is None for v in values)
        operands = [self.to_operand(v) for v in values if v is not False and v is not None]
        condition: ColumnElement
        if operator == "in":
            condition = _among(column, operands, dialect) if operands else sa.false()
            return sa.or_(condition, self.is_empty(column)) if has_false else condition
        condition = sa.not_(_among(column, operands, dialect)) if operands else sa.true()
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
            joined = compiler.joined(compiler.model._fields[link])
            return joined.model._fields[target].order_expression(joined)
        return [(self.column_of(compiler), False)]

    # -- read_group ---------------------------------------------------------------------------
    def group_granularity(self, spec: str, granularity: str | None) -> str | None:
        """The granularity a groupby ``spec`` buckets this field by (dates only)."""
        if granularity:
            raise ValueError(f"Granularity set on a no-datetime field or property: {spec!r}")
        return None

    def _check_column(self) -> None:
        if not self.column_backed:
            raise ValueError(f"Cannot convert {self.model_name}.{self.name} to SQL because it is not stored")

    def group_column(self, compiler: Compiler, granularity: str | None) -> ColumnElement:
        """The expression rows are grouped by (joins it needs are added to ``compiler``)."""
        self._check_column()
        return self.column_of(compiler)

    def group_name_columns(self, compiler: Compiler) -> list[ColumnElement]:
        """Expressions read beside the group's value to show it (a many2one's display name)."""
        return []

    def group_order(self, compiler: Compiler, column: ColumnElement, descending: bool
                    ) -> list[tuple[ColumnElement, bool]]:
        """(expression, descending) terms that sort groups by this field."""
        return [(column, descending)]

    def group_values(self, env: Environment, granularity: str | None, raws: Sequence[Any],
                     names: Sequence[tuple[Any, ...] | None]) -> list[GroupValue]:
        """The groups of a batch of grouped values (``names``: what ``group_name_columns`` read,
        None for a group the query did not return)."""
        result = []
        for raw in raws:
            value = False if raw is None else raw
            result.append(GroupValue(value, [(self.name, "=", value)]))
        return result

    def group_folds(self, env: Environment, raws: Sequence[Any]) -> dict[Any, bool] | None:
        """Which groups are folded (``__fold``), when the comodel says so; None otherwise."""
        return None

    def expanded_groups(self, records: Model, raws: list[Any], domain: Any) -> list[Any] | None:
        """Every group to show, present or not (the ``group_expand`` method), or None."""
        if self.group_expand is None:
            return None
        return list(getattr(records, self.group_expand)(raws, domain))

    def aggregate_expression(self, function: str, compiler: Compiler) -> ColumnElement:
        self._check_column()
        return AGGREGATES[function](self.column_of(compiler), compiler.column("id"))

    def aggregate_value(self, function: str, raw: Any) -> Any:
        """An aggregate as read_group answers it: NULL is False, but 0 for counts and [] for lists."""
        if function in ("count", "count_distinct"):
            return int(raw or 0)
        if function == "array_agg":
            return [self.to_read(item) for item in raw or []]
        if raw is None:
            return False
        if function in ("bool_and", "bool_or"):
            return bool(raw)
        if function == "avg" or isinstance(raw, Decimal):
            return float(raw)
        return self.to_read(raw)

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
            "exportable": self.exportable,
            "depends": [self.related] if self.related else [],
            "searchable": self.searchable,
            "sortable": self.sortable,
        }
        for attribute in self.extra_description:
            description[attribute] = self.describe_attribute(attribute, env)
        return {key: value for key, value in description.items() if value is not None}

    def describe_attribute(self, attribute: str, env: Environment) -> Any:
        return getattr(self, attribute, None)


def _among(column: ColumnElement, operands: list[Any], dialect: str) -> ColumnElement[bool]:
    """``column IN (operands)``. On PostgreSQL ``column = ANY(array)``, which it plans the same:
    one parameter, where SQLAlchemy rewrites an IN list's statement on every execution."""
    if dialect == "postgresql" and not isinstance(column.type, sa.types.NullType):
        array = sa.bindparam(getattr(column, "key", None) or "param", operands, type_=postgresql.ARRAY(column.type),
                             unique=True)
        among: ColumnElement[bool] = column == sa.func.any(array)
        return among
    return column.in_(operands)
