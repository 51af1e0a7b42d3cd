"""The addons, in load order: each names its models in an explicit MODELS list."""

from __future__ import annotations

from erpserver.addons import base, crm

ADDONS = (base, crm)


def all_models() -> list[type]:
    return [model for addon in ADDONS for model in addon.MODELS]


def install_demo(env) -> None:  # noqa: ANN001 - an Environment; kept untyped to avoid a cycle
    from erpserver.addons.base import demo as base_demo
    from erpserver.addons.crm import demo as crm_demo

    base_demo.install_demo(env)
    crm_demo.install_demo(env)


def unlink_hooks() -> list:
    return [hook for addon in ADDONS for hook in getattr(addon, "UNLINK_HOOKS", [])]
