"""ir.model.data: one row per external id, names without spaces, rows gone with their record."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from erpserver.exceptions import ValidationError
from erpserver.orm.environment import Environment


def test_an_external_id_name_with_a_space_is_refused(env: Environment) -> None:
    with pytest.raises(ValidationError, match="External IDs cannot contain spaces"):
        env["ir.model.data"].create({"module": "__import__", "name": "two words", "model": "res.partner", "res_id": 1})
    row = env["ir.model.data"].create({"module": "__import__", "name": "one_word", "model": "res.partner", "res_id": 1})
    with pytest.raises(ValidationError, match="External IDs cannot contain spaces"):
        row.write({"name": "now two words"})


def test_the_database_keeps_one_row_per_external_id(env: Environment) -> None:
    values = {"module": "__import__", "name": "only_once", "model": "res.partner", "res_id": 1}
    env["ir.model.data"].create(values)
    with pytest.raises(IntegrityError), env.cr.begin_nested():
        env["ir.model.data"].create(values)


def test_a_deleted_record_takes_its_external_ids_along(env: Environment) -> None:
    [partner] = env["res.partner"].load(["id", "name"], [["gone_soon", "Gone Soon"]])["ids"]
    env["res.partner"].browse(partner).unlink()
    assert env.ref_id("__import__.gone_soon") is None
