"""ir.model and ir.model.fields: every model and field of the database, as rows."""

from __future__ import annotations

from erpserver.orm import fields
from erpserver.orm.fields.base import FIELD_TYPES
from erpserver.orm.model import Model


def field_types(env: object) -> list[tuple[str, str]]:
    return [(ttype, ttype) for ttype in sorted(FIELD_TYPES)]


class IrModel(Model):
    _name = "ir.model"
    _description = "Models"
    _order = "model"

    name = fields.Char("Model Description", required=True, translate=True)
    model = fields.Char("Model", required=True, default="x_", index=True)
    order = fields.Char("Order", required=True, default="id")
    info = fields.Text("Information")
    field_id = fields.One2many("ir.model.fields", "model_id", "Fields", copy=True)
    access_ids = fields.One2many("ir.model.access", "model_id", "Access")
    state = fields.Selection(
        [("manual", "Custom Object"), ("base", "Base Object")], "Type", default="manual", readonly=True
    )
    transient = fields.Boolean("Transient Model")


class IrModelFields(Model):
    _name = "ir.model.fields"
    _description = "Fields"
    _order = "name"
    _rec_name = "field_description"

    name = fields.Char("Field Name", required=True, default="x_", index=True)
    complete_name = fields.Char("Complete Name", index=True)
    model = fields.Char("Model Name", required=True, index=True)
    model_id = fields.Many2one("ir.model", "Model", required=True, index=True, ondelete="cascade")
    field_description = fields.Char("Field Label", required=True, default="", translate=True)
    help = fields.Text("Field Help", translate=True)
    ttype = fields.Selection(field_types, "Field Type", required=True)
    state = fields.Selection(
        [("manual", "Custom Field"), ("base", "Base Field")], "Type", default="manual", required=True, readonly=True
    )
    required = fields.Boolean("Required")
    readonly = fields.Boolean("Readonly")
    index = fields.Boolean("Indexed")
    translate = fields.Boolean("Translatable")
    size = fields.Integer("Size")
    selection = fields.Char("Selection Options")
    relation = fields.Char("Related Model")
    relation_field = fields.Char("Related Field")
    relation_table = fields.Char("Relation Table")
    column1 = fields.Char("Column 1")
    column2 = fields.Char("Column 2")
    on_delete = fields.Selection(
        [("cascade", "Cascade"), ("set null", "Set NULL"), ("restrict", "Restrict")], "On Delete", default="set null"
    )
    domain = fields.Char("Domain", default="[]")
    copied = fields.Boolean("Copied")
    store = fields.Boolean("Stored", default=True)
    related = fields.Char("Related Field Definition")
