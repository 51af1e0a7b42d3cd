"""Field types: one family per module, all registered in ``FIELD_TYPES`` by their ``type``."""

from erpserver.orm.fields.base import FIELD_TYPES, Field
from erpserver.orm.fields.binary import Binary
from erpserver.orm.fields.boolean import Boolean
from erpserver.orm.fields.many2many import Many2many
from erpserver.orm.fields.many2one import Many2one
from erpserver.orm.fields.numeric import Float, Integer, Monetary
from erpserver.orm.fields.one2many import One2many
from erpserver.orm.fields.relational import Relational
from erpserver.orm.fields.selection import Selection
from erpserver.orm.fields.temporal import Date, Datetime
from erpserver.orm.fields.text import Char, Html, Text
from erpserver.orm.fields.x2many import X2many

__all__ = [
    "FIELD_TYPES", "Binary", "Boolean", "Char", "Date", "Datetime", "Field", "Float", "Html",
    "Integer", "Many2many", "Many2one", "Monetary", "One2many", "Relational", "Selection", "Text", "X2many",
]
