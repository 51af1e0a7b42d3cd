"""The related records one batch of ``load`` rows names, found with one query per kind and model.

Rows name records by external id (one query for the batch, ``xmlids.lookup``), by name (one
``_name_domain("in", ...)`` search per model, what ``name_search`` with ``=`` finds) or by
database id (one ``search`` per model, so archived or hidden records are unknown). Names a
``name_create_enabled_fields`` field asks for and nothing matches are created with
``name_create``, once per model and name.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from erpserver.exceptions import UserError
from erpserver.orm.bulk import xmlids

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment

FALSY_REFERENCES = {"", "0", "false", "no"}


class References:
    def __init__(self, env: Environment, module: str) -> None:
        self.env = env
        self.module = module
        self.xmlid_keys: set[xmlids.Key] = set()
        self.names: dict[str, set[str]] = defaultdict(set)
        self.creatable: dict[str, set[str]] = defaultdict(set)
        self.dbids: dict[str, set[int]] = defaultdict(set)
        self.found_xmlids: dict[xmlids.Key, tuple[str, int]] = {}
        self.found_names: dict[str, dict[str, list[int]]] = {}
        self.found_dbids: dict[str, set[int]] = {}
        self.create_errors: dict[tuple[str, str], str] = {}

    def want(self, kind: str, model: str, item: str, creatable: bool = False) -> None:
        if kind == "xmlid":
            if item.lower() not in FALSY_REFERENCES:
                self.xmlid_keys.add(xmlids.qualify(item, self.module))
        elif kind == "dbid":
            if item.isdigit():
                self.dbids[model].add(int(item))
        elif kind == "name":
            self.names[model].add(item)
            if creatable:
                self.creatable[model].add(item)

    def resolve(self) -> None:
        self.found_xmlids = xmlids.lookup(self.env, self.xmlid_keys)
        self.found_names = {model: self._names(model, names) for model, names in self.names.items()}
        self.found_dbids = {model: self._dbids(model, ids) for model, ids in self.dbids.items()}
        for model, names in self.creatable.items():
            self._create_missing(model, names)

    # -- answers --------------------------------------------------------------------------------
    def xmlid(self, item: str) -> tuple[str, int] | None:
        return self.found_xmlids.get(xmlids.qualify(item, self.module))

    def by_name(self, model: str, item: str) -> list[int]:
        return self.found_names.get(model, {}).get(item, [])

    def has_dbid(self, model: str, record_id: int) -> bool:
        return record_id in self.found_dbids.get(model, set())

    def create_error(self, model: str, item: str) -> str | None:
        return self.create_errors.get((model, item))

    # -- queries --------------------------------------------------------------------------------
    def _names(self, comodel: str, names: set[str]) -> dict[str, list[int]]:
        """Exact (``=``) name matches, as name_search would find them, for a whole batch."""
        model = self.env[comodel]
        columns = [f for f in model._name_fields() if model._fields[f].column_backed]
        if not columns or not names:
            return {}
        table = model._table
        query = model._search_query(model._name_domain("in", sorted(names)), order=model._order,
                                    columns=[table.c.id, *(model._fields[f].read_expression(table.c[f], self.env)
                                                             for f in columns)])
        found: dict[str, list[int]] = defaultdict(list)
        for row in self.env.cr.execute(query):
            for value in row[1:]:
                if value in names and row[0] not in found[value]:
                    found[value].append(row[0])
        return found

    def _dbids(self, comodel: str, ids: set[int]) -> set[int]:
        return set(self.env[comodel].search([("id", "in", sorted(ids))]).ids)

    def _create_missing(self, comodel: str, names: set[str]) -> None:
        model = self.env[comodel]
        found = self.found_names.setdefault(comodel, {})
        for name in sorted(names):
            if found.get(name):
                continue
            try:
                with self.env.cr.begin_nested():
                    created = model.name_create(name)
            except (UserError, ValueError, TypeError, IntegrityError):
                created = False
            if not isinstance(created, list) or not created:
                self.create_errors[(comodel, name)] = (
                    f"Cannot create new '{model._description_text}' records from their name alone. "
                    "Please create those records manually and try importing again.")
                continue
            found[name] = [int(created[0])]
