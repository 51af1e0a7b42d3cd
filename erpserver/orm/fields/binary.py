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

    def read_batch(self, env: Environment, ids: list[int], values: list[Any], load: str | None) -> list[Any]:
        """With ``bin_size`` (or ``bin_size_<field>``) in the context, sizes instead of contents."""
        read = super().read_batch(env, ids, values, load)
        if not (env.context.get("bin_size") or env.context.get(f"bin_size_{self.name}")):
            return read
        return [self.size_text(value) if isinstance(value, str) and value else value for value in read]

    def size_text(self, value: str) -> str:
        """Odoo's sizes: an attachment's decoded size as ``human_size`` writes it ("12.34 Kb"); a
        column's stored size as PostgreSQL's ``pg_size_pretty`` ("1234 bytes", "12 kB")."""
        if not self.attachment:
            return pg_size_pretty(len(value))
        padding = len(value) - len(value.rstrip("="))
        return human_size(len(value) * 3 // 4 - padding)

    def condition(self, compiler: Compiler, operator: str, value: Any) -> ColumnElement:
        """Only "is set" / "is not set" make sense on binaries; other leaves match everything."""
        column = self.column_of(compiler)
        if operator in ("=", "!=") and not value:
            return column.is_(None) if operator == "=" else column.is_not(None)
        return sa.true()


def human_size(size: float) -> str:
    units = ("bytes", "Kb", "Mb", "Gb", "Tb")
    unit = 0
    while size >= 1024 and unit < len(units) - 1:
        size /= 1024
        unit += 1
    return f"{size:0.2f} {units[unit]}"


def pg_size_pretty(size: int) -> str:
    """PostgreSQL's rounding: whole bytes below 10 kB, then the unit, rounded half up."""
    limit = 10 * 1024
    if size < limit:
        return f"{size} bytes"
    size >>= 9  # one extra bit for the rounding
    for unit in ("kB", "MB", "GB"):
        if size < limit * 2 - 1:
            return f"{(size + 1) // 2} {unit}"
        size >>= 10
    return f"{(size + 1) // 2} TB"
