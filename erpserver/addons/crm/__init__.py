"""The CRM addon: leads and opportunities."""

from erpserver.addons.crm.models import MODELS

__all__ = ["MODELS"]
