"""The Model API by concern; ``erpserver.orm.model.Model`` combines them."""
