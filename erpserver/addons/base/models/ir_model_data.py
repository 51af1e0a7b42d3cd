"""ir.model.data (external ids) and ir.model.access (model access rights)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from erpserver.exceptions import ValidationError
from erpserver.orm import fields
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


class IrModelAccess(Model):
    _name = "ir.model.access"
    _description = "Model Access"
    _order = "model_id, group_id, name, id"

    name = fields.Char("Name", required=True, index=True)
    active = fields.Boolean("Active", default=True)
    model_id = fields.Many2one("ir.model", "Model", required=True, index=True, ondelete="cascade")
    group_id = fields.Many2one("res.groups", "Group", ondelete="restrict", index=True)
    perm_read = fields.Boolean("Read Access")
    perm_write = fields.Boolean("Write Access")
    perm_create = fields.Boolean("Create Access")
    perm_unlink = fields.Boolean("Delete Access")
