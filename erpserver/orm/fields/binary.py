"""Binary: base64 text in and out. Stored in the row (we have no attachment store)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from erpserver.orm.fields.base import Field

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment


class Binary(Field):
    type = "binary"
    extra_description: ClassVar[tuple[str, ...]] = ("attachment",)

    def _setup_extra(self, *, attachment: bool = True, **extra: Any) -> None:
        """``attachment``: what Odoo says (True unless declared otherwise); we keep the value in
        the row either way, which clients do not see."""
        super()._setup_extra(**extra)
        self.attachment = attachment

    def sql_type(self) -> sa.types.TypeEngine:
        return sa.Text()

    def to_column(self, value: Any, env: Environment) -> Any:
        if not value:
            return None
        if isinstance(value, (bytes, bytearray)):
            return bytes(value).decode("ascii")
        return str(value)

    @property
    def sortable(self) -> bool:
        return False

    def condition(self, compiler: Compiler, operator: str, value: Any) -> ColumnElement:
        """Only "is set" / "is not set" make sense on binaries; other leaves match everything."""
        column = self.column_of(compiler)
        if operator in ("=", "!=") and not value:
            return column.is_(None) if operator == "=" else column.is_not(None)
        return sa.true()
