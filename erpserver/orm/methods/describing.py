"""What a model says about itself: defaults, fields_get, access rights."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from erpserver.orm import access, api, rules
from erpserver.orm.fields.base import NO_DEFAULT
from erpserver.orm.labels import translate_description, translated_labels
from erpserver.orm.recordset import Recordset

if TYPE_CHECKING:
    from erpserver.orm.model import Model


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
                value = field.as_default(self.env.context[key], self.env)
            elif field.default is not None:
                value = field.as_default(field.default_value(self.env), self.env)
            else:
                continue
            if value is not NO_DEFAULT:
                result[name] = value
        return result


    @api.model(readonly=True)
    def fields_get(self, allfields: Any = None, attributes: Any = None) -> dict[str, dict[str, Any]]:
        wanted = set(allfields) if allfields else None
        attrs = set(attributes) if attributes else None
        texts, labels = translated_labels(self.env, self._name)
        result = {}
        for name, field in self._fields.items():
            if wanted is not None and name not in wanted:
                continue
            if not access.can_see_field(self.env, field):
                continue
            description = translate_description(field.describe(self.env), texts.get(name), labels.get(name))
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

    @api.model(readonly=True)
    def check_field_access_rights(self, operation: str, field_names: Any = None) -> list[str]:
        """The fields given, when the user may see them all (AccessError otherwise); every field
        the user may see when none is given."""
        if not field_names:
            return [name for name, field in self._fields.items() if access.can_see_field(self.env, field)]
        names = [field_names] if isinstance(field_names, str) else list(field_names)
        for name in names:
            if name not in self._fields:
                raise self._invalid_field(name)
        access.check_field_access(self.env, cast("Model", self), names, operation)
        return names

    @api.records(readonly=True)
    def check_access_rule(self, operation: str) -> bool:
        """Odoo's public check: the records pass the rules of ``operation`` (deleted ones are ignored)."""
        if operation not in access.OPERATIONS:
            raise ValueError(f"Invalid access mode {operation!r}")
        rules.check(self, operation)
        return True
