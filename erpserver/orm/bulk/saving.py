"""Writing one batch of converted ``load`` records: bulk creates, bulk updates, external ids.

Which record a row updates comes from its ``.id`` or its external id (an external id whose record
is gone is forgotten and the record made anew). New records are created with one ``create`` for
the batch and existing ones updated with one ``_write_batch``, each in a savepoint; when one
fails, its records are tried one by one, each in its own savepoint, to say which rows fail.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.exc import IntegrityError

from erpserver.exceptions import UserError
from erpserver.orm.bulk import xmlids
from erpserver.orm.bulk.lookups import References

if TYPE_CHECKING:
    from erpserver.orm.fields.base import Field
    from erpserver.orm.model import Model

SAVE_ERRORS = (IntegrityError, UserError, ValueError)


class LoadRecord(Protocol):
    rows: tuple[int, int]
    index: int

    def cell(self, index: int | None) -> str: ...


# report(record, field, message): one error message about a record
Report = Callable[[Any, "Field | None", str], None]


@dataclasses.dataclass
class Target:
    """What a row does: update ``record_id``, or create a record (named ``new_key`` if given)."""

    record_id: int | None = None
    new_key: xmlids.Key | None = None
    stale_key: xmlids.Key | None = None


class Saver:
    def __init__(self, model: Model, module: str, references: References, report: Report,
                 xmlid_index: int | None, dbid_index: int | None) -> None:
        self.model = model
        self.env = model.env
        self.module = module
        self.references = references
        self.report = report
        self.xmlid_index = xmlid_index
        self.dbid_index = dbid_index
        self.noupdate = bool(self.env.context.get("noupdate"))

    def save(self, records: Sequence[LoadRecord], converted: Sequence[dict[str, Any] | None]) -> list[int]:
        """Ids of the saved records, in row order (records whose rows failed are left out)."""
        targets = self._targets(records, converted)
        stale = [t.stale_key for t in targets.values() if t.stale_key is not None]
        if stale:
            xmlids.delete(self.env, stale)
        ids: dict[int, int] = {}
        creates = [i for i, t in targets.items() if t.record_id is None]
        updates = [i for i, t in targets.items() if t.record_id is not None]
        ids.update(self._create(records, converted, creates))
        ids.update(self._update(records, converted, targets, updates))
        new_keys = [(key, ids[i]) for i in creates if i in ids and (key := targets[i].new_key) is not None]
        xmlids.insert(self.env, self.model._name, new_keys, self.noupdate)
        return [ids[i] for i in range(len(records)) if i in ids]

    # -- which record each row is about ---------------------------------------------------------
    def _targets(self, records: Sequence[LoadRecord], converted: Sequence[dict[str, Any] | None]
                 ) -> dict[int, Target]:
        targets: dict[int, Target] = {}
        for i, record in enumerate(records):
            if converted[i] is None:
                continue
            target = self._target(record)
            if target is not None:
                targets[i] = target
        named = {t.record_id for t in targets.values() if t.record_id is not None and t.new_key is not None}
        if named:  # records found by external id: do they still exist? (one query)
            alive = set(self.model.browse(sorted(named)).exists().ids)
            for target in targets.values():
                if target.new_key is not None and target.record_id is not None and target.record_id not in alive:
                    target.record_id, target.stale_key = None, target.new_key
                elif target.new_key is not None and target.record_id is not None:
                    target.new_key = None
        return targets

    def _target(self, record: LoadRecord) -> Target | None:
        dbid = record.cell(self.dbid_index)
        if dbid:
            if not dbid.isdigit() or not self.references.has_dbid(self.model._name, int(dbid)):
                self.report(record, None, f"Unknown database identifier '{dbid}'")
                return None
            return Target(int(dbid))
        xmlid = record.cell(self.xmlid_index)
        if not xmlid:
            return Target()
        key = xmlids.qualify(xmlid, self.module)
        if " " in key[1]:
            self.report(record, None, "External IDs cannot contain spaces")
            return None
        found = self.references.xmlid(xmlid)
        if found is None:
            return Target(None, key)
        model_name, res_id = found
        if model_name != self.model._name:
            self.report(record, None, f"For external id {xmlid} when trying to create/update a record of model "
                        f"{self.model._name} found record of different model {model_name} ({res_id})")
            return None
        return Target(res_id, key)  # new_key is dropped by _targets once the record is known alive

    # -- writing --------------------------------------------------------------------------------
    def _create(self, records: Sequence[LoadRecord], converted: Sequence[dict[str, Any] | None],
                indexes: list[int]) -> dict[int, int]:
        if not indexes:
            return {}
        values = [converted[i] or {} for i in indexes]
        try:
            with self.env.cr.begin_nested():
                return dict(zip(indexes, self.model.create(values).ids, strict=True))
        except SAVE_ERRORS:
            pass
        created = {}
        for i, vals in zip(indexes, values, strict=True):  # again one by one, to say which rows fail
            try:
                with self.env.cr.begin_nested():
                    created[i] = int(self.model.create(vals).id)
            except SAVE_ERRORS as error:
                self.report(records[i], *self._describe(error))
        return created

    def _update(self, records: Sequence[LoadRecord], converted: Sequence[dict[str, Any] | None],
                targets: dict[int, Target], indexes: list[int]) -> dict[int, int]:
        if not indexes:
            return {}
        ids = [targets[i].record_id or 0 for i in indexes]
        values = [converted[i] or {} for i in indexes]
        try:
            with self.env.cr.begin_nested():
                self.model._write_batch(ids, values)
            return dict(zip(indexes, ids, strict=True))
        except SAVE_ERRORS:
            pass
        written = {}
        for i, record_id, vals in zip(indexes, ids, values, strict=True):
            try:
                with self.env.cr.begin_nested():
                    self.model.browse(record_id).write(vals)
                written[i] = record_id
            except SAVE_ERRORS as error:
                self.report(records[i], *self._describe(error))
        return written

    def _describe(self, error: Exception) -> tuple[Field | None, str]:
        """The field a failed save is about (when known) and the message to show for it."""
        text = str(error.orig) if isinstance(error, IntegrityError) else str(error)
        missing = "a mandatory field is not set" in text or "NOT NULL" in text or "null value" in text
        for name, field in self.model._fields.items():
            if missing and (f"({name})" in text or f".{name}" in text or f'"{name}"' in text):
                return field, f"Missing required value for the field '{field.string}' ({name})"
        return None, text.strip().splitlines()[0] if text.strip() else type(error).__name__
