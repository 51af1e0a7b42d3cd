"""Creating and dropping whole databases: schema by migration, then base (and demo) data."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from erpserver.addons import install_data, install_demo
from erpserver.addons.base.install import install_base, install_language
from erpserver.database import migrations
from erpserver.database.engines import PG_SYSTEM_DATABASES, check_db_name
from erpserver.exceptions import DatabaseNotFound, UserError
from erpserver.orm import signaling
from erpserver.service import transaction
from erpserver.service.runtime import Runtime


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def create_database(runtime: Runtime, name: str, *, demo: bool = False, admin_password: str | None = None,
                    admin_login: str = "admin", lang: str | None = None) -> str:
    """Create and fill a database; returns the administrator's password. All or nothing.
    ``lang``: a language to activate, the administrator's and the main company's (Odoo's
    ``create_database``); ValueError for a language Odoo does not ship."""
    password = admin_password or generate_password()
    if check_db_name(name) in PG_SYSTEM_DATABASES:  # refused on SQLite too: a name must move across
        raise ValueError(f"Database name {name!r} is reserved by PostgreSQL")
    runtime.databases.create_empty(name)
    try:
        engine = runtime.databases.engine(name)

        def work(conn: sa.Connection) -> None:
            migrations.upgrade(conn)
            signaling.seed(conn)
            env = runtime.registries.environment(name, conn)
            install_base(env, admin_login, password)
            install_data(env)
            if demo:
                install_demo(env)
            if lang and lang != "en_US":
                install_language(env, lang, default=True)

        transaction.run(engine, work)
    except BaseException:
        runtime.databases.drop(name)
        raise
    runtime.registries.forget(name)
    return password


def check_erpserver_database(runtime: Runtime, name: str) -> None:
    """DatabaseNotFound if ``name`` does not exist, UserError if it is not erpserver's."""
    if not runtime.databases.exists(name):
        raise DatabaseNotFound(name)
    if not runtime.databases.is_erpserver(name):
        raise UserError(f"database {name!r} is not an erpserver database")


def drop_database(runtime: Runtime, name: str) -> None:
    """Drop one of erpserver's databases; anything else the role can reach is refused."""
    try:
        check_erpserver_database(runtime, name)
    except UserError as error:
        raise UserError(f"{error}: refusing to drop it")
    runtime.registries.forget(name)
    runtime.databases.drop(name)


def duplicate_database(runtime: Runtime, source: str, target: str) -> None:
    """Create ``target`` as a copy of ``source``, users and passwords included: far quicker than
    migrating and loading data again. No registry cached under the name ``target`` is kept."""
    runtime.databases.duplicate(source, target)
    runtime.registries.forget(target)
    transaction.run(runtime.databases.engine(target), signaling.renew)
