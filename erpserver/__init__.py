"""erpserver: an ERP server that speaks Odoo's external API."""

__version__ = "0.1.0"
