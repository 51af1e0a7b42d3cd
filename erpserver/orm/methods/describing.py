"""What a model says about itself: defaults, fields_get, access rights."""

from __future__ import annotations

from typing import Any

from erpserver.orm import access, api, rules
from erpserver.orm.recordset import Recordset


class DescribingMixin(Recordset):
    """What clients ask about a model rather than its records."""

    __slots__ = ()

    @api.model(readonly=True)
    def default_get(self, fields_list: Any) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name in fields_list or []:
            field = self._fields.get(name)
            if field is None:
                continue
            key = f"default_{name}"
            if key in self.env.context:
                result[name] = self.env.context[key]
            elif field.default is not None:
                result[name] = field.default_value(self.env)
        return result


    @api.model(readonly=True)
    def fields_get(self, allfields: Any = None, attributes: Any = None) -> dict[str, dict[str, Any]]:
        wanted = set(allfields) if allfields else None
        attrs = set(attributes) if attributes else None
        result = {}
        for name, field in self._fields.items():
            if wanted is not None and name not in wanted:
                continue
            if not access.can_see_field(self.env, field):
                continue
            description = field.describe(self.env)
            if attrs is not None:
                description = {k: v for k, v in description.items() if k in attrs}
            result[name] = description
        return result

    @api.model(readonly=True)
    def fields_get_keys(self) -> list[str]:
        return list(self._fields)

    @api.model(readonly=True)
    def check_access_rights(self, operation: str, raise_exception: bool = True) -> bool:
        return access.check(self.env, self._name, operation, raise_exception=raise_exception)

    @api.records(readonly=True)
    def check_access_rule(self, operation: str) -> bool:
        """Odoo's public check: the records pass the rules of ``operation`` (deleted ones are ignored)."""
        if operation not in access.OPERATIONS:
            raise ValueError(f"Invalid access mode {operation!r}")
        rules.check(self, operation)
        return True
