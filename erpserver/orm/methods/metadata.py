"""What a record's bookkeeping says about it: get_metadata (log columns and external ids) and
get_external_id, each in a fixed number of queries per batch."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from erpserver.orm import api
from erpserver.orm.recordset import Recordset

LOG_COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")


class MetadataMixin(Recordset):
    """Who made a record and when, and its external ids (oldest first)."""

    __slots__ = ()

    def _external_ids(self) -> dict[int, list[tuple[str, bool]]]:
        """Per record, its ``(module.name, noupdate)`` in the order they were made."""
        data = self.env.registry["ir.model.data"]._table
        query = (sa.select(data.c.res_id, data.c.module, data.c.name, data.c.noupdate)
                 .where(data.c.model == self._name, data.c.res_id.in_(set(self._ids)))
                 .order_by(data.c.id))
        found: dict[int, list[tuple[str, bool]]] = defaultdict(list)
        for res_id, module, name, noupdate in self.env.cr.execute(query):
            found[res_id].append((f"{module}.{name}", bool(noupdate)))
        return found

    @api.records(readonly=True)
    def get_metadata(self) -> list[dict[str, Any]]:
        """Per record: ``id``, the log columns (users as ``[id, name]``), ``xmlid`` and
        ``noupdate`` of its oldest external id (False without one), and all of them in ``xmlids``."""
        self._check_access("read")
        if not self._ids:
            return []
        names = [name for name in LOG_COLUMNS if self._log_access and name in self._fields]
        rows = self.read(names) if names else [{"id": record_id} for record_id in self.exists()._ids]
        external = self._external_ids()
        result = []
        for row in rows:
            xmlids = external.get(row["id"], [])
            result.append({
                **row,
                "xmlid": xmlids[0][0] if xmlids else False,
                "xmlids": [{"xmlid": xmlid, "noupdate": noupdate} for xmlid, noupdate in xmlids],
                "noupdate": xmlids[0][1] if xmlids else False,
            })
        return result

    @api.records(readonly=True)
    def get_external_id(self) -> dict[int, str]:
        """``{id: 'module.name'}`` (the oldest; ``''`` for none). Its keys are integers, which
        XML-RPC cannot carry (as with Odoo): JSON-RPC clients get it."""
        external = self._external_ids() if self._ids else {}
        return {record_id: external[record_id][0][0] if external.get(record_id) else "" for record_id in self._ids}
