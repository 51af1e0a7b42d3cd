"""Fixtures shared by every test: both databases, a rolled-back environment, a real server.

Every database test runs twice, on SQLite and on PostgreSQL. PostgreSQL is found at
``ERPSERVER_TEST_PG_URL`` (default: the local server, user postgres); when it cannot be reached
the run fails: it never skips those tests silently. Test databases are copies
(``databases.duplicate_database``) of templates migrated and filled once per backend per xdist
worker, not new databases migrated and filled each time.
"""

from __future__ import annotations

import os
import uuid
import xmlrpc.client
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from erpserver.config import Config, load_config
from erpserver.orm.environment import SUPERUSER_ID, Environment
from erpserver.service import databases
from erpserver.service.runtime import Runtime
from tests.servers import ServerProcess, erpserver_environment, start_gunicorn, stop

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("ERPSERVER_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432")
BACKENDS = ("sqlite", "postgresql")
ADMIN_PASSWORD = "test-admin-password"
TEST_ROUNDS = 1000  # the hash format is Odoo's; only the work factor is lowered for speed
RUN_ID = uuid.uuid4().hex[:8]
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")  # gw0, gw1... under pytest-xdist


def _check_postgresql() -> None:
    engine = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg2://", 1) + "/postgres",
                              poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure to connect is fatal here
        pytest.exit(f"PostgreSQL is required for the test suite and is not reachable at {PG_URL}: {error}",
                    returncode=3)
    finally:
        engine.dispose()


def pytest_sessionstart(session: pytest.Session) -> None:
    _check_postgresql()


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


def make_config(backend: str, data_dir: Path) -> Config:
    return load_config(
        overrides={
            "db_url": PG_URL if backend == "postgresql" else "",
            "data_dir": str(data_dir),
            "password_rounds": TEST_ROUNDS,
            "master_password": "test-master",
            # The shared servers' clients all come from 127.0.0.1 and some send wrong passwords on
            # purpose: no cool-down there (tests/e2e/test_login_cooldown.py has servers of its own).
            "login_cooldown_after": 0,
        },
        environ={},
    )


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def runtime(backend: str, data_dir: Path) -> Runtime:
    return Runtime.from_config(make_config(backend, data_dir))


# -- databases: copies of a template made once per backend per worker ---------------------------
def worker_db_name(tag: str) -> str:
    """A database name of this run and this xdist worker: runs and workers never share one."""
    return f"erptest_{RUN_ID}_{WORKER}_{tag}"


def _template(runtime: Runtime, demo: bool) -> Iterator[str]:
    name = worker_db_name("template_demo" if demo else "template")
    databases.create_database(runtime, name, demo=demo, admin_password=ADMIN_PASSWORD)
    runtime.databases.dispose(name)  # PostgreSQL copies only a database nobody is connected to
    yield name
    databases.drop_database(runtime, name)


@pytest.fixture(scope="session")
def base_template(runtime: Runtime) -> Iterator[str]:
    """Migrated, with base data and the administrator's ADMIN_PASSWORD; never used, only copied."""
    yield from _template(runtime, demo=False)


@pytest.fixture(scope="session")
def demo_template(runtime: Runtime) -> Iterator[str]:
    """As ``base_template``, with demo data."""
    yield from _template(runtime, demo=True)


@pytest.fixture
def target_name(runtime: Runtime) -> Iterator[str]:
    """A fresh database name for a test that makes one (a copy, a new database); dropped after it."""
    name = worker_db_name(f"new_{uuid.uuid4().hex[:8]}")
    yield name
    if runtime.databases.exists(name):
        databases.drop_database(runtime, name)


@contextmanager
def database_copy(runtime: Runtime, template: str, tag: str) -> Iterator[str]:
    """A new database copied from ``template`` (seconds cheaper than a new one), dropped on exit."""
    name = worker_db_name(tag)
    databases.duplicate_database(runtime, template, name)
    try:
        yield name
    finally:
        databases.drop_database(runtime, name)


@pytest.fixture(scope="session")
def demo_db(runtime: Runtime, demo_template: str) -> Iterator[str]:
    """A demo database for the session, per backend; tests that write roll back (see ``env``)."""
    with database_copy(runtime, demo_template, "demo") as name:
        yield name


@pytest.fixture
def connection(runtime: Runtime, demo_db: str) -> Iterator[sa.Connection]:
    engine = runtime.databases.engine(demo_db)
    with engine.connect() as conn:
        transaction = conn.begin()
        try:
            yield conn
        finally:
            transaction.rollback()


@pytest.fixture
def env(runtime: Runtime, demo_db: str, connection: sa.Connection) -> Environment:
    """The superuser's environment inside a transaction that is rolled back after the test."""
    return runtime.registries.environment(demo_db, connection, SUPERUSER_ID)


@pytest.fixture
def admin_env(env: Environment) -> Environment:
    """The administrator (uid 2): subject to access rights, unlike the superuser."""
    return env(uid=2, su=False)


# -- a real server -------------------------------------------------------------------------------
@dataclass
class Server:
    url: str
    db: str
    login: str
    password: str
    backend: str
    process: ServerProcess

    def common(self, legacy: bool = False) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/{'' if legacy else '2/'}common")

    def object(self, legacy: bool = False) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/{'' if legacy else '2/'}object")


def start_server(config: Config, workers: int = 2, extra_env: dict[str, str] | None = None) -> ServerProcess:
    """erpserver behind gunicorn with this configuration, answering when it returns."""
    return start_gunicorn("erpserver.wsgi", {**erpserver_environment(config), **(extra_env or {})}, workers=workers)


@pytest.fixture(scope="session")
def server(runtime: Runtime, backend: str, demo_template: str) -> Iterator[Server]:
    """gunicorn with two workers on its own demo database, for tests that go over HTTP."""
    with database_copy(runtime, demo_template, "http") as name:
        process = start_server(runtime.config)
        try:
            yield Server(process.url, name, "admin", ADMIN_PASSWORD, backend, process)
        finally:
            stop(process)
