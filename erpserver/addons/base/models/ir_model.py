"""ir.model and ir.model.fields: every model and field as rows; writing manual rows changes the
schema (through manual_schema). Each such write is one ``env.schema_change()``: the registry is
rebuilt once, at its next use in the call, and every other worker sees the change through the
registry signal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import sqlalchemy as sa

from erpserver.addons.base import manual_checks, manual_schema
from erpserver.exceptions import UserError
from erpserver.orm import api, fields
from erpserver.orm.arguments import vals_list_of
from erpserver.orm.environment import Environment
from erpserver.orm.fields.base import FIELD_TYPES, Field
from erpserver.orm.fields.magic import magic_fields
from erpserver.orm.model import Model, utcnow

# ir.model.fields columns a base field may still change (its texts), per Odoo.
TRANSLATABLE_ATTRIBUTES = frozenset({"field_description", "help"})
# Changes that would need a new column: refused, as Odoo does.
FROZEN_FIELD_ATTRIBUTES = {
    "ttype": "Changing the type of a field is not yet supported. Please drop it and create it again!",
    "model_id": "Changing the model of a field is forbidden!",
    "relation": "Changing the related model of a field is not supported. Please drop it and create it again!",
    "relation_field": "Changing the inverse of a field is not supported. Please drop it and create it again!",
    "relation_table": "Changing the relation table of a field is not supported. Please drop it and create it again!",
    "column1": "Changing the relation table of a field is not supported. Please drop it and create it again!",
    "column2": "Changing the relation table of a field is not supported. Please drop it and create it again!",
}
FROZEN_MODEL_ATTRIBUTES = {"model": "Model", "state": "Type", "transient": "Transient Model"}


def field_types(env: object) -> list[tuple[str, str]]:
    return [(ttype, ttype) for ttype in sorted(FIELD_TYPES)]


def ir_field_row(model_id: int, model_name: str, field: Field, state: str) -> dict[str, Any]:
    """The ``ir.model.fields`` row that describes ``field``."""
    row: dict[str, Any] = {
        "name": field.name, "complete_name": f"{model_name}.{field.name}", "model": model_name,
        "model_id": model_id, "field_description": field.string or field.name, "help": field.help,
        "ttype": field.type, "state": state, "required": field.required, "readonly": field.readonly,
        "index": field.index, "translate": field.translate, "size": 0, "selection": None, "relation": None,
        "relation_field": None, "relation_table": None, "column1": None, "column2": None, "on_delete": None,
        "domain": "[]", "copied": field.copied, "store": field.store, "related": field.related,
        "currency_field": None,
    }
    row.update(field.ir_row_values())
    return row


def insert_field_rows(env: Environment, rows: list[dict[str, Any]]) -> None:
    """Rows for fields that exist in code (base fields, built-in fields of manual models)."""
    if not rows:
        return
    now = utcnow()
    log = {"create_uid": None, "write_uid": None} if env.context.get("install_mode") else {
        "create_uid": env.uid, "write_uid": env.uid}
    model = env["ir.model.fields"]
    translated = [name for name, field in model._fields.items() if field.translate]
    rows = [{**row, **{name: model._fields[name].to_column(row[name], env) for name in translated if name in row}}
            for row in rows]
    env.cr.execute(sa.insert(model._table), [{**row, **log, "create_date": now, "write_date": now} for row in rows])


def insert_selection_rows(env: Environment, fields: list[Field]) -> None:
    """``ir.model.fields.selection`` rows for the fixed options of ``fields`` (rows of fields that
    exist in code, inserted in bulk)."""
    wanted = {(field.model_name, field.name): field.selection_rows() for field in fields if field.selection_rows()}
    if not wanted:
        return
    table = env.registry["ir.model.fields"]._table
    query = sa.select(table.c.model, table.c.name, table.c.id).where(table.c.model.in_({m for m, _n in wanted}))
    ids = {(model, name): field_id for model, name, field_id in env.cr.execute(query)}
    options = env["ir.model.fields.selection"]
    env.cr.execute(sa.insert(options._table), [
        {"field_id": ids[key], "value": value, "name": options._fields["name"].to_column(label, env),
         "sequence": sequence, "create_uid": None, "write_uid": None, "create_date": utcnow(), "write_date": utcnow()}
        for key, pairs in wanted.items() if key in ids for sequence, (value, label) in enumerate(pairs)
    ])


def sync_selection_rows(env: Environment, field_id: int, pairs: list[tuple[str, str]]) -> None:
    """A manual field's options as rows: labels of kept values rewritten (in the context language),
    rows of values gone deleted, new values added."""
    options = env["ir.model.fields.selection"].sudo()
    current = {row["value"]: row for row in options.search_read([("field_id", "=", field_id)], ["value", "name"])}
    wanted = dict(pairs)
    options.browse([row["id"] for value, row in current.items() if value not in wanted]).unlink()
    for sequence, (value, label) in enumerate(pairs):
        row = current.get(value)
        if row is None:
            options.create({"field_id": field_id, "value": value, "name": label, "sequence": sequence})
        elif row["name"] != label:
            options.browse(row["id"]).write({"name": label, "sequence": sequence})


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

    @api.model
    def name_create(self, name: str) -> list[Any] | bool:
        """The model is named after the name: 'My New Model' is ``x_my_new_model``."""
        record = self.create({"name": name, "model": "x_" + "_".join(str(name).lower().split(" "))})
        return [record.id, self.sudo()._display_names([record.id]).get(record.id, False)]

    @api.create
    def create(self, vals_list: Any) -> Self:
        vals_list = vals_list_of(vals_list)
        self._check_access("create")
        prepared, field_commands = [], []
        for vals in vals_list:
            vals = dict(vals)
            field_commands.append(vals.pop("field_id", None))
            vals.setdefault("state", "manual")
            vals.setdefault("order", "id")
            if vals["state"] == "manual":
                manual_checks.check_model_values(self.env, vals)
            prepared.append(vals)
        if not any(vals["state"] == "manual" for vals in prepared):
            return super().create(prepared)
        with self.env.schema_change():
            records = super().create(prepared)
            for record, vals, commands in zip(records, prepared, field_commands, strict=True):
                if vals["state"] == "manual":
                    self._install_manual_model(record.id, vals)
                if commands:
                    record.write({"field_id": commands})
        for vals in prepared:
            if vals["state"] == "manual":
                manual_checks.check_order(self.env, vals["model"], vals["order"])
        return records

    def _install_manual_model(self, model_id: int, vals: Mapping[str, Any]) -> None:
        env = self.env
        model_name = vals["model"]
        manual_schema.create_model_table(env, model_name, vals["name"])
        built_in = [f.bound_to(model_name, n) for n, f in magic_fields(True).items()]
        insert_field_rows(env, [ir_field_row(model_id, model_name, f, "base") for f in built_in])
        group = env.ref_id("base.group_system")
        env.sudo()["ir.model.access"].create({  # spec decision 8: usable by its creator at once
            "name": f"access_{model_name.replace('.', '_')}_group_system", "model_id": model_id,
            "group_id": group, "perm_read": True, "perm_write": True, "perm_create": True, "perm_unlink": True,
        })

    @api.records
    def write(self, vals: Any) -> bool:
        if not isinstance(vals, Mapping):
            raise ValueError(f"Expected a dict of field values, got {vals!r}")
        rows = self.read(["model", "state", "transient"])
        for key, label in FROZEN_MODEL_ATTRIBUTES.items():
            if key in vals and any(row[key] != vals[key] for row in rows):
                raise UserError(f'Field "{label}" cannot be modified on models.')
        if not (any(row["state"] == "manual" for row in rows) and {"order", "name", "info"} & set(vals)):
            return super().write(vals)
        with self.env.schema_change():  # the model classes carry these
            result = super().write(vals)
        if "order" in vals:
            for row in rows:
                manual_checks.check_order(self.env, row["model"], vals["order"])
        return result

    @api.records
    def unlink(self) -> bool:
        if not self.ids:
            return True
        self._check_access("unlink")
        rows = self.read(["model", "state"])
        for row in rows:
            if row["state"] != "manual":
                raise UserError(f"Model {row['model']!r} contains module data and cannot be removed.")
        models = [row["model"] for row in rows]
        ir_fields = self.env["ir.model.fields"]
        with self.env.schema_change():
            ir_fields.search([("relation", "in", models), ("model", "not in", models)]).unlink()
            # fields whose storage is not in the model's own table (relation tables)
            ir_fields.search([("model", "in", models), ("state", "=", "manual"),
                              ("relation_table", "!=", False)]).unlink()
            for model in models:
                manual_schema.drop_model_table(self.env, model)
            return super().unlink()


class IrModelFields(Model):
    _name = "ir.model.fields"
    _description = "Fields"
    _order = "name"
    _rec_name = "field_description"
    # fields_get's translated labels are cached with the database's caches
    _invalidates_caches = True

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
    currency_field = fields.Char("Currency field")

    # -- create -----------------------------------------------------------------------------------
    def _complete_row(self, vals: Mapping[str, Any]) -> dict[str, Any]:
        """Fill what Odoo derives: model from model_id, state, labels, default relation names."""
        vals = dict(vals)
        if vals.get("state", "manual") != "manual":
            raise UserError("Only custom fields (state 'manual') can be created; base fields come from code.")
        vals["state"] = "manual"
        model_id = vals.get("model_id")
        model_row = self.env["ir.model"].sudo().browse(model_id).read(["model"]) if model_id else []
        if not model_row:
            raise UserError("The field's model (model_id) is required and must exist.")
        vals["model"] = model_row[0]["model"]
        vals.setdefault("field_description", "")
        vals["complete_name"] = f"{vals['model']}.{vals.get('name')}"
        field_class = manual_checks.check_field_values(self.env, vals)
        row = {**{k: None for k in self._fields}, **vals}
        field_class.complete_ir_row(row, manual_checks.IrRows(self.env))
        field = manual_schema.field_from_row(row)
        row.update({k: v for k, v in field.ir_row_values().items() if k not in ("size",)})
        return {k: v for k, v in row.items() if k in vals or row[k] is not None}

    @api.create
    def create(self, vals_list: Any) -> Self:
        vals_list = vals_list_of(vals_list)
        self._check_access("create")
        created = []
        with self.env.schema_change():
            for vals in vals_list:  # one by one: each field may rely on the ones before it
                row = self._complete_row(vals)
                record = super().create([row])
                full_row = {**{k: None for k in self._fields}, **row}
                manual_schema.add_field(self.env, full_row)
                sync_selection_rows(self.env, record.id, manual_schema.field_from_row(full_row).selection_rows())
                created.extend(record.ids)
        return self.browse(created)

    # -- write ------------------------------------------------------------------------------------
    def _rows(self) -> list[dict[str, Any]]:
        return self.read(list(self._fields), load="")

    @api.records
    def write(self, vals: Any) -> bool:
        if not isinstance(vals, Mapping):
            raise ValueError(f"Expected a dict of field values, got {vals!r}")
        if not self.ids:
            return True
        vals = {k: v for k, v in vals.items() if k not in ("model", "state")}
        rows = self._rows()
        for row in rows:
            if row["state"] != "manual" and set(vals) - TRANSLATABLE_ATTRIBUTES:
                raise UserError(
                    "Properties of base fields cannot be altered in this manner! "
                    "Please modify them through Python code, preferably through a custom addon!"
                )
            for key, message in FROZEN_FIELD_ATTRIBUTES.items():
                if key in vals and vals[key] != row[key]:
                    raise UserError(message)
        renaming = "name" in vals and any(row["name"] != vals["name"] for row in rows)
        if renaming:
            self._check_rename(rows, vals["name"])
        if not any(row["state"] == "manual" for row in rows):
            return super().write(vals)
        with self.env.schema_change():
            result = super().write(vals)
            for row in rows:
                new = {**row, **vals, "model": row["model"]}
                if renaming:
                    manual_schema.rename_field(self.env, row, vals["name"])
                    super(IrModelFields, self.browse(row["id"])).write(
                        {"complete_name": f"{row['model']}.{vals['name']}"})
                manual_schema.alter_field(self.env, {**row, "name": new["name"]}, new)
                if "selection" in vals:
                    sync_selection_rows(self.env, row["id"], manual_schema.field_from_row(new).selection_rows())
        return result

    def _check_rename(self, rows: list[dict[str, Any]], new_name: str) -> None:
        if len(rows) > 1:
            raise UserError("Can only rename one field at a time!")
        row = rows[0]
        manual_checks.check_field_values(self.env, {**row, "name": new_name})
        self._check_no_dependants(row)

    # -- unlink -----------------------------------------------------------------------------------
    def _dependants(self, row: Mapping[str, Any]) -> sa.Select:
        """The fields that name this one as their inverse (one2many fields)."""
        table = self._table
        return sa.select(table.c.id, table.c.model, table.c.name).where(
            table.c.relation == row["model"], table.c.relation_field == row["name"])

    def _check_no_dependants(self, row: Mapping[str, Any]) -> None:
        dependant = self.env.cr.execute(self._dependants(row)).first()
        if dependant:
            raise UserError(
                f"The field '{row['model']}.{row['name']}' cannot be removed because the field "
                f"'{dependant.model}.{dependant.name}' depends on it."
            )

    @api.records
    def unlink(self) -> bool:
        if not self.ids:
            return True
        self._check_access("unlink")
        rows = self._rows()
        doomed = {row["id"] for row in rows}
        for row in rows:
            if row["state"] != "manual":
                raise UserError("This column contains module data and cannot be removed!")
        table = self._table
        with self.env.schema_change():
            for row in rows:
                dependants = {dependant.id for dependant in self.env.cr.execute(self._dependants(row))}
                if dependants - doomed:
                    self._check_no_dependants(row)
                # storage another remaining field uses (a relation table) stays
                shared = bool(row["relation_table"]) and bool(self.env.cr.execute(
                    sa.select(sa.func.count()).select_from(table).where(
                        table.c.relation_table == row["relation_table"], table.c.id.not_in(doomed))
                ).scalar())
                manual_schema.drop_field(self.env, row, shared)
            return super().unlink()


class IrModelFieldsSelection(Model):
    """The options of selection fields, one row each: their labels are translated here."""

    _name = "ir.model.fields.selection"
    _description = "Fields Selection"
    _order = "sequence, id"
    _invalidates_caches = True
    _sql_constraints = [
        ("selection_field_uniq", "unique(field_id, value)", "Selections values must be unique per field"),
    ]

    field_id = fields.Many2one("ir.model.fields", "Field", required=True, ondelete="cascade", index=True)
    value = fields.Char("Value", required=True)
    name = fields.Char("Name", required=True, translate=True)
    sequence = fields.Integer("Sequence", default=1000)
