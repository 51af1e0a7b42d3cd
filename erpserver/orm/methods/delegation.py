"""``_inherits``: a model that delegates fields to a parent model through a many2one link.

The registry gives the child a copy of each parent field (``Field.delegated``); this mixin holds
what the child's create and read do for them: a record created without its link creates its
parent first, and a read of several delegated fields reads the links and the parents' rows once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from erpserver.orm.recordset import Recordset


class DelegationMixin(Recordset):
    """Creating and reading through ``_inherits`` links."""

    __slots__ = ()

    def _create_parents(self, vals_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``_inherits``: a record without its link creates its parent record from the values of
        the fields that come through the link (one create per parent model for the batch)."""
        for parent, link in self._inherits.items():
            prefix = f"{link}."
            orphans = [vals for vals in vals_list if not vals.get(link)]
            if not orphans:
                continue
            parent_values = []
            for vals in orphans:
                inherited = {name: field.related.removeprefix(prefix) for name in vals
                             if (field := self._fields.get(name)) is not None and field.related is not None
                             and field.related.startswith(prefix) and field.related.count(".") == 1}
                values = self._parent_defaults(parent, vals)
                values.update({target: vals.pop(name) for name, target in inherited.items()})
                parent_values.append(values)
            parents = self.env[parent].create(parent_values)
            for vals, parent_id in zip(orphans, parents.ids, strict=True):
                vals[link] = parent_id
        return vals_list

    def _parent_defaults(self, parent: str, vals: Mapping[str, Any]) -> dict[str, Any]:
        """Values a new ``_inherits`` parent gets besides the inherited fields' (a hook)."""
        return {}

    def _read_delegated(self, ids: list[int], names: list[str], load: str | None) -> dict[str, list[Any]]:
        """The values of ``_inherits`` fields, two statements per parent model whatever their
        number (each alone would read its link and its parent's row: two statements apiece)."""
        by_link: dict[str, list[str]] = {}
        for name in names:
            link = self._fields[name].inherited_from
            if link is not None:
                by_link.setdefault(link, []).append(name)
        columns: dict[str, list[Any]] = {}
        for link, delegated in by_link.items():
            if len(delegated) < 2 or not ids:
                continue  # one field: its own read is as cheap
            sudo = self.sudo()
            parent_of = {row["id"]: row[link] for row in sudo.browse(ids).read([link], load="")}
            targets = {name: self._fields[name].related.split(".", 1)[1] for name in delegated}  # type: ignore[union-attr]
            parent = self._fields[link].comodel(sudo.env)
            parents = {row["id"]: row for row in parent.browse(sorted({p for p in parent_of.values() if p}))
                       .read(sorted(set(targets.values())), load=load or "")}
            for name, target in targets.items():
                empty = self._fields[name].empty_read
                columns[name] = [parents[parent_of[i]][target] if parent_of.get(i) in parents else empty
                                 for i in ids]
        return columns
