"""What every relational field shares: a comodel, a domain, a context, and names as operands."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa

from erpserver.exceptions import ValidationError
from erpserver.orm.fields.base import Field, ManualSchema

if TYPE_CHECKING:
    from erpserver.orm.domain import Compiler
    from erpserver.orm.environment import Environment
    from erpserver.orm.model import Model


def names_in(value: Any) -> str | list[str] | None:
    """The record names a leaf's value gives (a string or a list of strings), else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        return list(value)
    return None


class Relational(Field):
    """A field whose values are records of ``comodel_name``."""

    comodel_name: str
    extra_description: ClassVar[tuple[str, ...]] = ("relation", "domain", "context")

    def __init__(self, comodel_name: str, *args: Any, **kwargs: Any) -> None:
        self.comodel_name = comodel_name
        super().__init__(*args, **kwargs)

    def _setup_extra(self, *, domain: Any = None, context: Mapping[str, Any] | None = None, **extra: Any) -> None:
        super()._setup_extra(**extra)
        self.domain = domain
        self.context = dict(context or {})

    @staticmethod
    def ir_row_domain(row: Mapping[str, Any]) -> Any:
        """A manual field's domain: its ``ir.model.fields`` text as the list it spells (Odoo
        evaluates it), or the text when it is an expression rather than a literal."""
        text = row.get("domain")
        if not text:
            return None
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text
        return list(value) if isinstance(value, (list, tuple)) else text

    @classmethod
    def validate_ir_row(cls, row: Mapping[str, Any], schema: ManualSchema) -> None:
        super().validate_ir_row(row, schema)
        relation = row.get("relation")
        if not relation or not schema.has_model(relation):
            raise ValidationError(f"Unknown model name '{relation}' in Related Model")

    def comodel(self, env: Environment) -> Model:
        return env[self.comodel_name]

    def describe_attribute(self, attribute: str, env: Environment) -> Any:
        if attribute == "relation":
            return self.comodel_name
        if attribute == "context":
            return dict(self.context)
        if attribute == "domain":
            return self.domain if self.domain is not None else []
        return super().describe_attribute(attribute, env)

    def named(self, compiler: Compiler, operator: str, names: str | list[str]) -> sa.Select:
        """Ids of the comodel whose name matches (archived ones too, as Odoo's name search)."""
        comodel = compiler.env.registry[self.comodel_name]
        return compiler.subquery(self.comodel_name, comodel._name_domain(operator, names), active_test=False)
