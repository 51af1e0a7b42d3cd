"""ir.model.data (external ids) and ir.model.access (model access rights)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from erpserver.exceptions import AccessError, ValidationError
from erpserver.orm import access, api, fields
from erpserver.orm.model import Model

UNIQUE_INDEX = "ir_model_data_module_name_uniq"


def check_xmlid_name(name: Any) -> None:
    """Odoo's ``name_nospaces`` constraint, checked before the row is written."""
    if isinstance(name, str) and " " in name:
        raise ValidationError("The operation cannot be completed: External IDs cannot contain spaces")


class IrModelData(Model):
    _name = "ir.model.data"
    _description = "Model Data"
    _order = "module, model, name"
    _rec_name = "complete_name"

    name = fields.Char("External Identifier", required=True)
    complete_name = fields.Char("Complete ID", compute="_compute_complete_name")
    module = fields.Char("Module", required=True, default="")
    model = fields.Char("Model Name", required=True)
    res_id = fields.Integer("Record ID")
    noupdate = fields.Boolean("Non Updatable", default=False)

    @classmethod
    def _extra_indexes(cls) -> list[sa.Index]:
        """One row per external id (concurrent loads rely on it); the external ids of a record."""
        return [sa.Index(UNIQUE_INDEX, "module", "name", unique=True),
                sa.Index("ir_model_data_model_res_id_index", "model", "res_id")]

    def _prepare_create(self, vals_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for vals in vals_list:
            check_xmlid_name(vals.get("name"))
        return vals_list

    def _prepare_write(self, vals: dict[str, Any]) -> dict[str, Any]:
        check_xmlid_name(vals.get("name"))
        return vals

    def _compute_complete_name(self) -> list[str | bool]:
        rows = {r["id"]: r for r in self.read(["module", "name"])}
        return [f"{rows[i]['module']}.{rows[i]['name']}" if i in rows else False for i in self.ids]

    def _display_names(self, ids: Iterable[int]) -> dict[int, str | bool]:
        rows = self.browse(sorted(set(ids))).read(["module", "name"])
        return {r["id"]: f"{r['module']}.{r['name']}" for r in rows}

    # -- look-ups by external id (what clients call instead of Odoo's private _xmlid_lookup) -----
    def _xmlid_lookup(self, xmlid: Any) -> tuple[str, int]:
        """(model, res_id) of ``module.name``; ValueError when there is none."""
        module, _dot, name = str(xmlid).partition(".")
        table = self._table
        query = sa.select(table.c.model, table.c.res_id).where(table.c.module == module, table.c.name == name)
        found = self.env.cr.execute(query).first() if name else None
        if found is None or not found[1]:
            raise ValueError(f"External ID not found in the system: {xmlid}")
        return str(found[0]), int(found[1])

    @api.model(readonly=True)
    def check_object_reference(self, module: str, xml_id: str, raise_on_access_error: Any = False) -> list[Any]:
        """``[model, res_id]`` when the user may read the record; ``[model, False]`` (or an
        AccessError with ``raise_on_access_error``) when not."""
        model, res_id = self._xmlid_lookup(f"{module}.{xml_id}")
        if model in self.env.registry and self.env[model].search([("id", "=", res_id)]):
            return [model, res_id]
        if raise_on_access_error:
            raise AccessError(f"Not enough access rights on the external ID '{module}.{xml_id}'")
        return [model, False]

    @api.model(readonly=True)
    def get_object_reference(self, module: str, xml_id: str) -> list[Any]:
        """``[model, res_id]`` of ``module.xml_id`` (Odoo ≤ 13, still sent by older clients)."""
        return list(self._xmlid_lookup(f"{module}.{xml_id}"))

    @api.model(readonly=True)
    def xmlid_to_res_id(self, xmlid: str, raise_if_not_found: Any = False) -> int | bool:
        """The id of the record ``module.name`` names; False (or ValueError) when there is none."""
        try:
            return self._xmlid_lookup(xmlid)[1]
        except ValueError:
            if raise_if_not_found:
                raise
            return False


class IrModelAccess(Model):
    _name = "ir.model.access"
    _description = "Model Access"
    _order = "model_id, group_id, name, id"
    _invalidates_caches = True

    name = fields.Char("Name", required=True, index=True)
    active = fields.Boolean("Active", default=True)
    model_id = fields.Many2one("ir.model", "Model", required=True, index=True, ondelete="cascade")
    group_id = fields.Many2one("res.groups", "Group", ondelete="restrict", index=True)
    perm_read = fields.Boolean("Read Access")
    perm_write = fields.Boolean("Write Access")
    perm_create = fields.Boolean("Create Access")
    perm_unlink = fields.Boolean("Delete Access")

    @api.model(readonly=True)
    def check(self, model: str, mode: str = "read", raise_exception: bool = True) -> bool:
        """Odoo's public ``ir.model.access.check``: may the calling user ``mode`` records of
        ``model``? odooly's ``Model.access()`` asks this (as ``execute``, positionally)."""
        if not isinstance(model, str) or model not in self.env.registry.models:
            raise ValueError(f"Invalid model {model!r}")
        return access.check(self.env, model, mode, raise_exception=raise_exception)
