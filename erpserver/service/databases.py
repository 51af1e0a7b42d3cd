"""Creating and dropping whole databases: schema by migration, then base (and demo) data."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from erpserver.addons import install_demo
from erpserver.addons.base.install import install_base
from erpserver.database import migrations
from erpserver.orm import signaling
from erpserver.service import transaction
from erpserver.service.runtime import Runtime


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def create_database(runtime: Runtime, name: str, *, demo: bool = False, admin_password: str | None = None,
                    admin_login: str = "admin") -> str:
    """Create and fill a database; returns the administrator's password. All or nothing."""
    password = admin_password or generate_password()
    runtime.databases.create_empty(name)
    try:
        engine = runtime.databases.engine(name)

        def work(conn: sa.Connection) -> None:
            migrations.upgrade(conn)
            signaling.seed(conn)
            env = runtime.registries.environment(name, conn)
            install_base(env, admin_login, password)
            if demo:
                install_demo(env)

        transaction.run(engine, work)
    except BaseException:
        runtime.databases.drop(name)
        raise
    runtime.registries.forget(name)
    return password


def drop_database(runtime: Runtime, name: str) -> None:
    runtime.registries.forget(name)
    runtime.databases.drop(name)
