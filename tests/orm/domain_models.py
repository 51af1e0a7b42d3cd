"""Test-only Python models reproducing the fixture of spec section D (x_partner, x_tag, x_line...).

They stand in for manual models until those are built through ``ir.model``: same ``x_`` field
names, so ``x_name`` becomes the rec_name and ``x_active`` the archiving field automatically.
"""

from __future__ import annotations

from erpserver.orm import fields
from erpserver.orm.model import Model


class XPartner(Model):
    _name = "x_partner"
    _description = "Partner"
    __slots__ = ()

    x_name = fields.Char()
    x_code = fields.Char()


class XTag(Model):
    _name = "x_tag"
    _description = "Tag"
    __slots__ = ()

    x_name = fields.Char()


class XItem(Model):
    _name = "x_item"
    _description = "Item"
    __slots__ = ()

    x_name = fields.Char()
    x_qty = fields.Integer()
    x_price = fields.Float()
    x_flag = fields.Boolean()
    x_date = fields.Date()
    x_dt = fields.Datetime()
    x_partner_id = fields.Many2one("x_partner")
    x_parent_id = fields.Many2one("x_item")
    x_tag_ids = fields.Many2many("x_tag")
    x_line_ids = fields.One2many("x_line", "x_item_id")


class XLine(Model):
    _name = "x_line"
    _description = "Line"
    __slots__ = ()

    x_name = fields.Char()
    x_qty = fields.Integer()
    x_item_id = fields.Many2one("x_item")


class XThing(Model):
    _name = "x_thing"
    _description = "Thing"
    __slots__ = ()

    x_name = fields.Char()
    x_active = fields.Boolean()


TEST_MODELS: list[type[Model]] = [XPartner, XTag, XItem, XLine, XThing]
TEST_TABLES = [model._name for model in TEST_MODELS]
