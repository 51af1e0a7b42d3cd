"""The base addon: the ir.* and res.* models every database has."""

from __future__ import annotations

import sqlalchemy as sa

from erpserver.addons.base.models.ir_model import IrModel, IrModelFields, IrModelFieldsSelection
from erpserver.addons.base.models.ir_model_data import IrModelAccess, IrModelData
from erpserver.addons.base.models.ir_rule import IrRule
from erpserver.addons.base.models.res_company import ResCompany
from erpserver.addons.base.models.res_country import ResCountry, ResCountryState, ResCurrency
from erpserver.addons.base.models.res_lang import ResLang
from erpserver.addons.base.models.res_partner import (
    ResPartner,
    ResPartnerCategory,
    ResPartnerIndustry,
    ResPartnerTitle,
)
from erpserver.addons.base.models.res_users import ResGroups, ResUsers
from erpserver.addons.base.models.res_users_apikeys import ResUsersApikeys, ResUsersApikeysDescription
from erpserver.orm.model import Model

MODELS = [
    IrModel, IrModelFields, IrModelFieldsSelection, IrModelData, IrModelAccess,
    ResLang, ResCurrency, ResCountry, ResCountryState, ResCompany,
    ResPartnerCategory, ResPartnerTitle, ResPartnerIndustry, ResPartner,
    ResGroups, ResUsers, IrRule, ResUsersApikeys, ResUsersApikeysDescription,
]


def forget_external_ids(records: Model) -> None:
    """Deleted records take their external ids with them."""
    if records._name == "ir.model.data" or not records.ids:
        return
    data = records.env.registry["ir.model.data"]._table
    records.env.cr.execute(
        sa.delete(data).where(data.c.model == records._name, data.c.res_id.in_(records.ids))
    )


UNLINK_HOOKS = [forget_external_ids]
