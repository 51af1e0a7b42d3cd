"""External ids (``ir.model.data`` rows) for many records at once.

Look-ups are one query per batch: ``module = m AND name IN (...)`` per module (an ``IN`` list,
which PostgreSQL reads as ``= ANY(array)``, never a deep OR of row comparisons). New rows are
inserted with ``ON CONFLICT DO NOTHING`` on the unique (module, name) index: a row that another
transaction committed meanwhile raises ``ConcurrencyConflict``, so the whole call runs again and
then updates that transaction's record instead of duplicating it. (PostgreSQL at REPEATABLE READ
reports that case itself, as a serialization failure, which is retried the same way.)
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from erpserver.exceptions import ConcurrencyConflict
from erpserver.orm import bulk_sql

if TYPE_CHECKING:
    from erpserver.orm.environment import Environment

Key = tuple[str, str]
EXPORT_MODULE = "__export__"
IN_LIST = 5000  # at most this many values in one IN list


def qualify(xmlid: str, module: str) -> Key:
    """``"mod.name"`` → ``(mod, name)``; a bare ``name`` belongs to ``module``."""
    if "." in xmlid:
        prefix, name = xmlid.split(".", 1)
        return prefix, name
    return module, xmlid


def _table(env: Environment) -> sa.Table:
    return env.registry["ir.model.data"]._table


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), IN_LIST):
        yield values[start:start + IN_LIST]


def lookup(env: Environment, keys: Iterable[Key]) -> dict[Key, tuple[str, int]]:
    """``(module, name)`` → ``(model, res_id)`` of the external ids that exist."""
    by_module: dict[str, list[str]] = defaultdict(list)
    for module, name in set(keys):
        by_module[module].append(name)
    if not by_module:
        return {}
    data = _table(env)
    found: dict[Key, tuple[str, int]] = {}
    conditions = [sa.and_(data.c.module == module, data.c.name.in_(sorted(names)))
                  for module, names in by_module.items()]
    query = sa.select(data.c.module, data.c.name, data.c.model, data.c.res_id).where(sa.or_(*conditions))
    for module, name, model, res_id in env.cr.execute(query):
        found[(module, name)] = (model, res_id)
    return found


def insert(env: Environment, model: str, rows: list[tuple[Key, int]], noupdate: bool = False) -> None:
    """New external ids for records of ``model``; ``ConcurrencyConflict`` if one exists already."""
    if not rows:
        return
    data = _table(env)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    values = [{"module": module, "name": name, "model": model, "res_id": res_id, "noupdate": noupdate,
               "create_uid": env.uid, "write_uid": env.uid, "create_date": now, "write_date": now}
              for (module, name), res_id in rows]
    if env.dialect == "postgresql":
        inserted = len(bulk_sql.insert_rows(env.cr, data, values, conflict_index=("module", "name")))
    else:  # one prepared INSERT run by executemany; rowcount adds up the rows inserted
        statement = sqlite.insert(data).on_conflict_do_nothing(index_elements=["module", "name"])
        inserted = env.cr.execute(statement, values).rowcount
    if inserted < len(values):
        raise ConcurrencyConflict(f"{len(values) - inserted} external id(s) of {model} added meanwhile by another call")


def delete(env: Environment, keys: Iterable[Key]) -> None:
    data = _table(env)
    by_module: dict[str, list[str]] = defaultdict(list)
    for module, name in set(keys):
        by_module[module].append(name)
    for module, names in by_module.items():
        for chunk in _chunks(sorted(names)):
            env.cr.execute(sa.delete(data).where(data.c.module == module, data.c.name.in_(chunk)))


def of_records(env: Environment, model: str, ids: Iterable[int]) -> dict[int, str]:
    """The external id (``module.name``) of each record that has one: its oldest."""
    data = _table(env)
    found: dict[int, str] = {}
    for chunk in _chunks(sorted(set(ids))):
        query = (sa.select(data.c.res_id, data.c.module, data.c.name)
                 .where(data.c.model == model, data.c.res_id.in_(chunk)).order_by(data.c.id.desc()))
        for res_id, module, name in env.cr.execute(query):
            found[res_id] = f"{module}.{name}"
    return found


def ensure(env: Environment, model: str, table: str, ids: Iterable[int]) -> dict[int, str]:
    """The external id of each record, made in ``__export__`` (``<table>_<id>_<8 hex>``, as Odoo
    names them) for the records that have none."""
    wanted = sorted(set(ids))
    found = of_records(env, model, wanted)
    missing = [(EXPORT_MODULE, f"{table}_{record_id}_{uuid.uuid4().hex[:8]}") for record_id in wanted
               if record_id not in found]
    if missing:
        pending = [record_id for record_id in wanted if record_id not in found]
        insert(env, model, list(zip(missing, pending, strict=True)))
        found.update({record_id: f"{module}.{name}" for (module, name), record_id in zip(missing, pending, strict=True)})
    return found
