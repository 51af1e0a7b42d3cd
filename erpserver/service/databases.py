"""Creating and dropping whole databases: schema by migration, then base (and demo) data."""

from __future__ import annotations

import secrets

from erpserver.addons import install_demo
from erpserver.addons.base.install import install_base
from erpserver.database import migrations
from erpserver.orm import signaling
from erpserver.orm.environment import SUPERUSER_ID, Environment
from erpserver.service import transaction
from erpserver.service.registries import load_registry
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

        def work(conn: object) -> None:
            migrations.upgrade(conn)  # type: ignore[arg-type]
            signaling.seed(conn)  # type: ignore[arg-type]
            registry = load_registry(name, conn)  # type: ignore[arg-type]
            env = Environment(registry, conn, SUPERUSER_ID)  # type: ignore[arg-type]
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


def duplicate_database(runtime: Runtime, source: str, target: str) -> None:
    """Create ``target`` as a copy of ``source``, users and passwords included: far quicker than
    migrating and loading data again. No registry cached under the name ``target`` is kept."""
    runtime.databases.duplicate(source, target)
    runtime.registries.forget(target)
