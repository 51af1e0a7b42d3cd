"""The addons, in load order: each names its models in an explicit MODELS list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from erpserver.addons import base, crm

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment
    from erpserver.orm.model import Model

ADDONS = (base, crm)


def all_models() -> list[type[Model]]:
    return [model for addon in ADDONS for model in addon.MODELS]


def install_data(env: Environment) -> None:
    """The records each addon installs in every database, after base's."""
    from erpserver.addons.crm import data as crm_data

    crm_data.install_data(env)


def install_demo(env: Environment) -> None:
    from erpserver.addons.base import demo as base_demo
    from erpserver.addons.crm import demo as crm_demo

    base_demo.install_demo(env)
    crm_demo.install_demo(env)


def unlink_hooks() -> list[Any]:
    return [hook for addon in ADDONS for hook in getattr(addon, "UNLINK_HOOKS", [])]
