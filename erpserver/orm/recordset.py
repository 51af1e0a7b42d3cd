"""What every recordset is: an environment and a tuple of ids, of one model class.

The Model API is split by concern (``model.py`` searches, reads and writes; ``methods/`` names,
describes, archives, walks hierarchies, groups, and delegates to ``_inherits`` parents); all of
them build on this class, which also declares, for the type checker, the Model methods the
concerns call on one another.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Self

import sqlalchemy as sa

from erpserver.orm import access
from erpserver.orm.arguments import normalize_ids
from erpserver.orm.tables import sql_constraint

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment
    from erpserver.orm.fields.base import Field


class Recordset:
    """Base of every model class; the registry builds one subclass per model and database."""

    _name: ClassVar[str] = ""
    _description: ClassVar[str | None] = None
    _order: ClassVar[str] = "id"
    _rec_name: ClassVar[str | None] = None
    _rec_names_search: ClassVar[list[str] | None] = None
    _log_access: ClassVar[bool] = True
    _transient: ClassVar[bool] = False
    _custom: ClassVar[bool] = False
    _parent_name: ClassVar[str] = "parent_id"
    # Delegation inheritance: {parent model: many2one to it}. The parent's fields are this
    # model's too (read, written, searched and ordered through the link); a new record creates
    # its parent record unless the link is given.
    _inherits: ClassVar[dict[str, str]] = {}
    # SQL constraints as Odoo declares them: (name, "unique(a, b)" or "check(<sql>)", message);
    # a violation answers "The operation cannot be completed: <message>".
    _sql_constraints: ClassVar[list[tuple[str, str, str]]] = []
    # Writes to this model change rights or credentials: every worker must drop its caches.
    _invalidates_caches: ClassVar[bool] = False
    # Filled by the registry when it builds the model for one database:
    _fields: ClassVar[dict[str, Field]] = {}
    _table: ClassVar[sa.Table]
    _active_name: ClassVar[str | None] = None

    __slots__ = ("env", "_ids")

    def __init__(self, env: Environment, ids: tuple[int, ...] | list[int] = ()) -> None:
        self.env = env
        self._ids = tuple(ids)

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    @property
    def id(self) -> int | bool:
        """The id of a single record; False for an empty recordset (as Odoo)."""
        return self._ids[0] if len(self._ids) == 1 else False

    def __len__(self) -> int:
        return len(self._ids)

    def __bool__(self) -> bool:
        return bool(self._ids)

    def __iter__(self) -> Iterator[Self]:
        for record_id in self._ids:
            yield type(self)(self.env, (record_id,))

    def __repr__(self) -> str:
        return f"{self._name}{self._ids!r}"

    def browse(self, ids: Any = ()) -> Self:
        return type(self)(self.env, normalize_ids(ids))

    def with_env(self, env: Environment) -> Self:
        return type(self)(env, self._ids)

    def sudo(self) -> Self:
        return self.with_env(self.env.sudo())

    def with_context(self, **values: Any) -> Self:
        return self.with_env(self.env.with_context(**values))

    def ensure_one(self) -> Self:
        if len(self._ids) != 1:
            raise ValueError(f"Expected singleton: {self._name}{self._ids!r}")
        return self

    @classmethod
    def _extra_columns(cls) -> list[sa.Column]:
        """Columns of the table that no field exposes (e.g. a password hash)."""
        return []

    @classmethod
    def _table_constraints(cls, table: str) -> list[sa.Constraint]:
        return [sql_constraint(table, name, definition) for name, definition, _message in cls._sql_constraints]

    @classmethod
    def _extra_indexes(cls) -> list[sa.Index]:
        """Indexes over several columns, by column name (one column: ``index=True`` on its field)."""
        return []

    def _changed(self) -> None:
        if self._invalidates_caches:
            self.env.invalidate_caches()

    @property
    def _description_text(self) -> str:
        return self._description or self._name

    def _check_access(self, operation: str) -> None:
        access.check(self.env, self._name, operation)

    def _invalid_field(self, name: Any) -> ValueError:
        return ValueError(f"Invalid field {name!r} on model {self._name!r}")

    if TYPE_CHECKING:  # provided by Model and the concerns in methods/
        def search(self, domain: Any, offset: Any = 0, limit: Any = None, order: Any = None) -> Self: ...

        def read(self, fields: Any = None, load: Any = "_classic_read") -> list[dict[str, Any]]: ...

        def exists(self) -> Self: ...

        def create(self, vals_list: Any) -> Self: ...

        def write(self, vals: Any) -> bool: ...

        def copy_data(self, default: Any = None) -> list[dict[str, Any]]: ...

        def name_search(self, name: Any = "", args: Any = None, operator: str = "ilike",
                        limit: Any = 100) -> list[list[Any]]: ...

        def _display_names(self, ids: Any) -> dict[int, str | bool]: ...

        @classmethod
        def _display_name_sql(cls, table: sa.FromClause, env: Environment) -> Any: ...

        @classmethod
        def _ordered_from(cls, env: Environment) -> tuple[sa.FromClause, list[Any]]: ...

        def _search_query(self, domain: Any, offset: int = 0, limit: int | None = None,
                          order: str | None = None, active_test: bool | None = None,
                          columns: Any = None) -> sa.Select: ...

        def _hierarchy_ids(self, operator: str, value: Any, parent_field: str | None) -> list[int]: ...

        @classmethod
        def _name_fields(cls) -> list[str]: ...
