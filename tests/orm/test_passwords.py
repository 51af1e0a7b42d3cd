"""Passwords are stored in Odoo's format, so users migrated from Odoo keep theirs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from passlib.hash import pbkdf2_sha512

from erpserver.exceptions import AccessDenied
from erpserver.orm.environment import Environment


def test_a_new_password_is_stored_as_an_odoo_pbkdf2_sha512_hash(env: Environment) -> None:
    user = env["res.users"].create({"login": "hash-check", "name": "Hash", "password": "s3cret-value"})
    table = env.registry["res.users"]._table
    stored = env.cr.execute(sa.select(table.c.password_hash).where(table.c.id == user.id)).scalar()
    assert stored.startswith("$pbkdf2-sha512$") and "s3cret-value" not in stored
    assert user.read(["password"])[0]["password"] == ""


def test_a_hash_copied_from_odoo_logs_in(env: Environment) -> None:
    user = env["res.users"].create({"login": "migrated", "name": "Migrated"})
    odoo_hash = pbkdf2_sha512.using(rounds=600_000 // 100).hash("from-odoo")  # Odoo's format, fewer rounds
    table = env.registry["res.users"]._table
    env.cr.execute(sa.update(table).where(table.c.id == user.id).values(password_hash=odoo_hash))
    assert env["res.users"]._login("migrated", "from-odoo") == user.id
    with pytest.raises(AccessDenied):
        env["res.users"]._login("migrated", "not-it")
