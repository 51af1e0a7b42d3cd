"""read_group over XML-RPC, checked against the same figures computed in Python from search_read,
for a grid of groupbys × aggregates × lazy: a wrong bucket, a wrong sum or a wrong ``__domain``
shows as a difference."""

from __future__ import annotations

import datetime as dt
import random
import uuid
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Server

TZ = "America/New_York"
GROUPBYS = [
    ["stage_id"], ["type"], ["active"], ["tag_ids"], ["partner_id"],
    ["date_deadline:day"], ["date_deadline:week"], ["date_deadline"], ["date_deadline:quarter"],
    ["date_deadline:year"], ["date_open:day"], ["date_open:week"],
    ["stage_id", "type"], ["priority", "date_deadline:year"], ["tag_ids", "stage_id", "active"],
]
AGGREGATES = [
    [],
    ["expected_revenue", "probability"],
    ["expected_revenue:max", "color:min", "partners:count_distinct(partner_id)", "lines:count(id)", "probability:avg"],
]


class Rpc:
    def __init__(self, server: Server) -> None:
        self.server = server
        self.proxy = server.object()

    def __call__(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("context", {"tz": TZ})
        return self.proxy.execute_kw(self.server.db, 2, self.server.password, model, method, list(args), kwargs)


@pytest.fixture(scope="module")
def grid(server: Server) -> tuple[Rpc, list[Any], list[dict[str, Any]]]:
    """About thirty leads of every shape under a marker of their own; returns the domain that
    finds them (archived ones too) and their search_read rows."""
    rpc = Rpc(server)
    rng = random.Random(9)
    marker = f"RG-{uuid.uuid4().hex[:8]}"
    stages = rpc("crm.stage", "search", [])
    tags = [rpc("crm.tag", "create", {"name": f"{marker} tag {n}"}) for n in range(3)]
    partners = rpc("res.partner", "search", [["is_company", "=", True]], limit=4)
    leads = []
    for n in range(30):
        deadline = dt.date(2023, 12, 25) + dt.timedelta(days=rng.randint(0, 500))
        opened = dt.datetime(2024, 3, 30, 20) + dt.timedelta(hours=rng.randint(0, 24 * 60))
        leads.append({
            "name": f"{marker} {n}", "type": rng.choice(["lead", "opportunity"]),
            "stage_id": rng.choice([*stages, False]), "priority": rng.choice(["0", "1", "2"]),
            "tag_ids": [(6, 0, rng.sample(tags, rng.randint(0, 2)))],
            "partner_id": rng.choice([*partners, False]), "active": n % 7 != 0,
            "date_deadline": deadline.isoformat() if n % 5 else False,
            "date_open": opened.strftime("%Y-%m-%d %H:%M:%S") if n % 6 else False,
            "expected_revenue": float(rng.randint(1, 90) * 500), "probability": float(rng.randint(0, 100)),
            "color": rng.randint(0, 11),
        })
    rpc("crm.lead", "create", leads)
    domain = [["name", "=like", f"{marker} %"], ["active", "in", [True, False]]]
    rows = rpc("crm.lead", "search_read", domain, fields=[
        "stage_id", "type", "active", "tag_ids", "partner_id", "priority", "date_deadline", "date_open",
        "expected_revenue", "probability", "color"])
    return rpc, domain, rows


def bucket(value: str | bool, granularity: str, is_datetime: bool) -> str | bool:
    """The start of the bucket, as read_group's ``__range['from']`` gives it."""
    if not value:
        return False
    assert isinstance(value, str)
    if is_datetime:
        moment = dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)
        local = moment.astimezone(zoneinfo.ZoneInfo(TZ)).replace(tzinfo=None)
    else:
        local = dt.datetime.strptime(value, "%Y-%m-%d")
    day = local.replace(hour=0, minute=0, second=0)
    start = {
        "day": day,
        "week": day - dt.timedelta(days=(day.weekday() + 1) % 7),  # en_US weeks start on Sunday
        "month": day.replace(day=1),
        "quarter": day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1),
        "year": day.replace(month=1, day=1),
    }[granularity]
    if not is_datetime:
        return start.strftime("%Y-%m-%d")
    return start.replace(tzinfo=zoneinfo.ZoneInfo(TZ)).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def keys_of(spec: str) -> Callable[[dict[str, Any]], list[Any]]:
    """The groups one record falls in, for a groupby spec (a record has one per tag)."""
    name, _sep, granularity = spec.partition(":")
    if name == "tag_ids":
        return lambda row: row["tag_ids"] or [False]
    if name in ("date_deadline", "date_open"):
        return lambda row: [bucket(row[name], granularity or "month", name == "date_open")]
    if name in ("stage_id", "partner_id"):
        return lambda row: [row[name][0] if row[name] else False]
    return lambda row: [row[name]]


def group_key(group: dict[str, Any], spec: str) -> Any:
    value = group[spec]
    if spec.split(":")[0] in ("date_deadline", "date_open"):
        return group["__range"][spec]["from"] if value else False
    return value[0] if isinstance(value, list) else value


def expected_aggregates(records: list[dict[str, Any]], fields: list[str]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for spec in fields:
        if spec == "expected_revenue":
            figures[spec] = sum(r["expected_revenue"] for r in records)
        elif spec in ("probability", "probability:avg"):
            figures["probability"] = pytest.approx(sum(r["probability"] for r in records) / len(records))
        elif spec == "expected_revenue:max":
            figures["expected_revenue"] = max(r["expected_revenue"] for r in records)
        elif spec == "color:min":
            figures["color"] = min(r["color"] for r in records)
        elif spec == "partners:count_distinct(partner_id)":
            figures["partners"] = len({r["partner_id"][0] for r in records if r["partner_id"]})
        elif spec == "lines:count(id)":
            figures["lines"] = len(records)
    return figures


@pytest.mark.parametrize("lazy", [True, False], ids=["lazy", "eager"])
@pytest.mark.parametrize("fields", AGGREGATES, ids=["count", "defaults", "functions"])
@pytest.mark.parametrize("groupby", GROUPBYS, ids=lambda g: "+".join(g))
def test_read_group_agrees_with_search_read(grid, groupby: list[str], fields: list[str], lazy: bool) -> None:
    rpc, domain, rows = grid
    applied = groupby[:1] if lazy else groupby
    expected: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        combinations: list[tuple[Any, ...]] = [()]
        for spec in applied:
            combinations = [(*combo, key) for combo in combinations for key in keys_of(spec)(row)]
        for combo in combinations:
            expected[combo].append(row)

    groups = rpc("crm.lead", "read_group", domain, fields, groupby, lazy=lazy)

    count_key = f"{groupby[0].split(':')[0]}_count" if lazy else "__count"
    found = {tuple(group_key(group, spec) for spec in applied): group for group in groups}
    if groupby[0] == "stage_id" and lazy:  # every stage shows, empty or not
        found = {key: group for key, group in found.items() if group[count_key]}
    assert set(found) == set(expected)
    for key, group in found.items():
        records = expected[key]
        assert group[count_key] == len(records)
        for name, figure in expected_aggregates(records, fields).items():
            assert group[name] == figure, (key, name)
        assert rpc("crm.lead", "search_count", group["__domain"]) == len({r["id"] for r in records})
        if len(applied) < len(groupby):
            assert group["__context"] == {"group_by": groupby[len(applied):]}
        else:
            assert "__context" not in group
