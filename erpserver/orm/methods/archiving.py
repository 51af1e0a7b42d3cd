"""Archiving: action_archive, action_unarchive and toggle_active."""

from __future__ import annotations

from erpserver.exceptions import UserError
from erpserver.orm import api
from erpserver.orm.recordset import Recordset


class ArchivingMixin(Recordset):
    """Models with an ``active`` (or ``x_active``) field can archive records."""

    __slots__ = ()

    def _set_active(self, value: bool) -> bool:
        if not self._active_name:
            raise UserError(f"Model {self._name} has no archiving field")
        return self.write({self._active_name: value})

    @api.records
    def action_archive(self) -> bool:
        return self._set_active(False)

    @api.records
    def action_unarchive(self) -> bool:
        return self._set_active(True)

    @api.records
    def toggle_active(self) -> bool:
        if not self._active_name:
            raise UserError(f"Model {self._name} has no archiving field")
        rows = self.with_context(active_test=False).read([self._active_name])
        active = [row["id"] for row in rows if row[self._active_name]]
        inactive = [row["id"] for row in rows if not row[self._active_name]]
        self.browse(active)._set_active(False)
        self.browse(inactive)._set_active(True)
        return True
