"""A partner's display name as the context asks for it (Odoo 17's ``_compute_display_name``):
``show_address`` adds the address on the lines below, ``address_inline`` puts it all on one line,
``partner_show_db_id`` appends ``(id)``, ``show_email`` `` <email>`` and ``show_vat`` `` ‒ vat``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from erpserver.orm import aliases
from erpserver.orm.environment import Environment

CONTEXT_KEYS = ("show_address", "address_inline", "partner_show_db_id", "show_email", "show_vat")
DEFAULT_ADDRESS_FORMAT = "%(street)s\n%(street2)s\n%(city)s %(state_code)s %(zip)s\n%(country_name)s"


def asks_for_more(context: Mapping[str, Any]) -> bool:
    return any(context.get(key) for key in CONTEXT_KEYS)


def display_names(env: Environment, names: dict[int, str | bool], ids: Iterable[int]) -> dict[int, str | bool]:
    """``names`` (the complete names of ``ids``) with what the context asks for."""
    context = env.context
    partner = env.registry["res.partner"]._table
    state, country = aliases.alias(env.registry["res.country.state"]._table, "state"), aliases.alias(
        env.registry["res.country"]._table, "country")
    country_name = env.registry["res.country"]._fields["name"].read_expression(country.c.name, env)
    query = (
        sa.select(partner.c.id, partner.c.email, partner.c.vat, partner.c.street, partner.c.street2, partner.c.city,
                  partner.c.zip, state.c.code, state.c.name, country.c.code, country_name, country.c.address_format)
        .select_from(partner.outerjoin(state, state.c.id == partner.c.state_id)
                     .outerjoin(country, country.c.id == partner.c.country_id))
        .where(partner.c.id.in_(set(ids)))
    )
    result = dict(names)
    for (record_id, email, vat, street, street2, city, zip_code, state_code, state_name, country_code, country_label,
         address_format) in env.cr.execute(query):
        name = str(names.get(record_id) or "")
        if context.get("show_address"):
            values = {"street": street, "street2": street2, "city": city, "zip": zip_code, "state_code": state_code,
                      "state_name": state_name, "country_code": country_code, "country_name": country_label}
            address = (address_format or DEFAULT_ADDRESS_FORMAT) % {k: v or "" for k, v in values.items()}
            name = f"{name}\n{address}"
        name = re.sub(r"\s+\n", "\n", name)
        if context.get("partner_show_db_id"):
            name = f"{name} ({record_id})"
        if context.get("address_inline"):
            name = ", ".join(line for line in name.split("\n") if line.strip())
        if context.get("show_email") and email:
            name = f"{name} <{email}>"
        if context.get("show_vat") and vat:
            name = f"{name} ‒ {vat}"
        result[record_id] = name.strip() or False
    return result
