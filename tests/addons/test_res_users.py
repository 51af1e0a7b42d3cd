"""res.users: logins, passwords and groups.

Passwords are stored in Odoo's format, so users migrated from Odoo keep theirs.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from passlib.hash import pbkdf2_sha512

from erpserver.exceptions import AccessDenied, UserError, ValidationError
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


def test_two_users_cannot_have_the_same_login(env: Environment) -> None:
    """Test creating a user with a login already taken is refused."""
    env["res.users"].create({"login": "taken", "name": "First"})

    with pytest.raises(ValidationError, match="same login"):
        env["res.users"].create({"login": "taken", "name": "Second"})


def test_a_login_cannot_be_changed_to_one_already_taken(env: Environment) -> None:
    """Test renaming a login onto another user's is refused."""
    user = env["res.users"].create({"login": "free", "name": "Free"})

    with pytest.raises((ValidationError, sa.exc.IntegrityError)):
        user.write({"login": "admin"})


def test_a_new_user_is_an_internal_user_with_a_partner_of_its_name(env: Environment) -> None:
    """Test a user made with a login and a name gets base.group_user and a partner of that name."""
    user = env["res.users"].create({"login": "newcomer", "name": "New Comer"})

    [row] = user.read(["groups_id", "partner_id"])
    assert row["groups_id"] == [env.ref_id("base.group_user")]
    assert row["partner_id"][1] == "New Comer"


def test_a_user_gets_the_groups_its_groups_imply(env: Environment) -> None:
    """Test Settings brings Access Rights, which brings Internal User."""
    system = env.ref_id("base.group_system")

    user = env["res.users"].create({"login": "settings", "name": "Settings", "groups_id": [(6, 0, [system])]})

    implied = {env.ref_id("base.group_erp_manager"), env.ref_id("base.group_user")}
    assert {system, *implied} <= set(user.read(["groups_id"])[0]["groups_id"])


def test_a_group_added_later_brings_its_implied_groups(env: Environment) -> None:
    """Test implied groups are added on write too, not only on create."""
    user = env["res.users"].create({"login": "promoted", "name": "Promoted", "groups_id": [(6, 0, [])]})

    user.write({"groups_id": [(4, env.ref_id("base.group_erp_manager"))]})

    assert env.ref_id("base.group_user") in user.read(["groups_id"])[0]["groups_id"]


def test_the_administrator_cannot_be_deleted(env: Environment) -> None:
    """Test uid 2, the administrator, is kept whoever asks."""
    with pytest.raises(UserError, match="cannot delete the admin user"):
        env["res.users"].browse(2).unlink()
    with pytest.raises(UserError, match="can not remove the admin user"):
        env["res.users"].browse(1).unlink()


def test_context_get_gives_the_callers_language_and_time_zone_in_one_statement(env: Environment) -> None:
    user = env["res.users"].create({"login": "context-user", "name": "Context", "tz": "Europe/Brussels"})
    statements: list[str] = []

    def spy(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    sa.event.listen(env.cr, "before_cursor_execute", spy)
    try:
        context = env(uid=user.id, su=False)["res.users"].context_get()
    finally:
        sa.event.remove(env.cr, "before_cursor_execute", spy)
    assert context == {"lang": "en_US", "tz": "Europe/Brussels", "uid": user.id}
    assert len(statements) == 1, statements


def test_the_delegated_fields_of_several_users_are_read_in_a_few_statements(env: Environment) -> None:
    users = env["res.users"].create([
        {"login": "delegated-a", "name": "Delegated A", "email": "a@example.com", "tz": "Europe/Paris"},
        {"login": "delegated-b", "name": "Delegated B", "city": "Ghent", "country_id": 21},
    ])
    names = ["name", "email", "city", "tz", "country_id", "login"]
    one_by_one = [{"id": user.id, **{name: user.read([name])[0][name] for name in names}} for user in users]
    statements: list[str] = []

    def spy(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    sa.event.listen(env.cr, "before_cursor_execute", spy)
    try:
        together = users.read(names)
    finally:
        sa.event.remove(env.cr, "before_cursor_execute", spy)

    assert together == one_by_one
    assert list(together[0]) == ["id", *names]
    assert together[1]["country_id"][0] == 21 and together[0]["email"] == "a@example.com"
    assert len(statements) <= 4, statements  # the users, their partner links, the partners, the countries' names
