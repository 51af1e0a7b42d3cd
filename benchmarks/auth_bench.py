"""What authentication costs a call: a remembered credential against the hash it saves.

    .venv/bin/python benchmarks/auth_bench.py

(a) Over HTTP, one keep-alive connection to gunicorn (1 worker) on a throwaway database:
    ``common.version()`` (no database, no credential), then the same authenticated
    ``execute_kw`` (``res.users.context_get``) with the administrator's password and with an API
    key of his, both already verified once (warm). The three medians side by side: the
    authenticated calls pay the database work, not a hash.
(b) In-process, on an open connection: ``CredentialCache.check`` for a remembered password and a
    remembered key (what every call pays), next to a first check of each (what the cache saves:
    the pbkdf2_sha512 hash, ``password_rounds`` rounds for a password, 6000 for a key).

The database uses the real password work factor (``--rounds``, default Odoo's 350000). Prints
figures; it never asserts timings. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
import xmlrpc.client
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from erpserver.config import Config, load_config  # noqa: E402
from erpserver.orm.environment import SUPERUSER_ID  # noqa: E402
from erpserver.service import databases, transaction  # noqa: E402
from erpserver.service.auth import CredentialCache  # noqa: E402
from erpserver.service.runtime import Runtime  # noqa: E402
from tests.servers import erpserver_environment, start_gunicorn, stop  # noqa: E402

PASSWORD = "bench-admin"  # local throwaway databases only
UID = 2


def make_config(db_url: str, data_dir: str, rounds: int) -> Config:
    return load_config(overrides={"db_url": db_url, "data_dir": data_dir, "log_level": "warning",
                                  "password_rounds": rounds, "login_cooldown_after": 0}, environ={})


def median_ms(call: Callable[[], Any], runs: int, warmup: int = 20) -> float:
    return medians_ms({"": call}, runs, warmup)[""]


def medians_ms(calls: dict[str, Callable[[], Any]], runs: int, warmup: int = 20) -> dict[str, float]:
    """Median milliseconds of each call, the calls taking turns (so a busy moment of the machine
    weighs on all of them alike)."""
    for call in calls.values():
        for _ in range(warmup):
            call()
    samples: dict[str, list[float]] = {label: [] for label in calls}
    for _ in range(runs):
        for label, call in calls.items():
            started = time.perf_counter()
            call()
            samples[label].append(time.perf_counter() - started)
    return {label: statistics.median(values) * 1000 for label, values in samples.items()}


def make_admin_key(runtime: Runtime, db: str) -> str:
    def work(conn: Any) -> str:
        env = runtime.registries.environment(db, conn, SUPERUSER_ID)
        return str(env["res.users.apikeys"]._generate(None, "auth bench", None, user_id=UID))

    return transaction.run(runtime.databases.engine(db), work)


# -- (a) over HTTP -------------------------------------------------------------------------------
def over_http(config: Config, db: str, key: str, runs: int) -> dict[str, float]:
    server = start_gunicorn("erpserver.wsgi", erpserver_environment(config), workers=1, threads=1)
    try:
        common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
        models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object")

        def call(secret: str) -> Callable[[], Any]:
            return lambda: models.execute_kw(db, UID, secret, "res.users", "context_get", [])

        return medians_ms({
            "common.version() (no database, no credential)": common.version,
            "execute_kw context_get, password (warm)": call(PASSWORD),
            "execute_kw context_get, API key (warm)": call(key),
        }, runs)
    finally:
        stop(server)


# -- (b) in-process ------------------------------------------------------------------------------
def in_process(runtime: Runtime, db: str, key: str, runs: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    with runtime.databases.engine(db).connect() as conn:
        env = runtime.registries.environment(db, conn, UID)
        for label, secret in (("password", PASSWORD), ("API key", key)):
            cache = CredentialCache()
            cold = []
            for _ in range(max(3, runs // 200)):
                cache = CredentialCache()
                started = time.perf_counter()
                cache.check(env, UID, secret)
                cold.append(time.perf_counter() - started)
            figures[f"CredentialCache.check, {label}, remembered"] = median_ms(
                lambda cache=cache, secret=secret: cache.check(env, UID, secret), runs)
            figures[f"CredentialCache.check, {label}, first check (the hash)"] = statistics.median(cold) * 1000
        conn.rollback()
    return figures


def print_figures(title: str, figures: dict[str, float]) -> None:
    print(title)
    width = max(len(label) for label in figures)
    for label, value in figures.items():
        print(f"  {label:<{width}}  {value:9.3f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-url", default=os.environ.get("ERPSERVER_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432"),
                        help="PostgreSQL server URL (default: local, user postgres)")
    parser.add_argument("--sqlite", action="store_true", help="use a SQLite database in a temporary directory instead")
    parser.add_argument("--rounds", type=int, default=350_000, help="password hash rounds (default 350000, Odoo's)")
    parser.add_argument("--runs", type=int, default=1000, help="timed calls per figure (default 1000)")
    args = parser.parse_args(argv)
    if not 10 <= args.runs <= 100_000:
        parser.error("--runs must be within 10..100000")

    with tempfile.TemporaryDirectory() as data_dir:
        config = make_config("" if args.sqlite else args.pg_url, data_dir, args.rounds)
        runtime = Runtime.from_config(config)
        db = f"erpbench_auth_{uuid.uuid4().hex[:6]}"
        databases.create_database(runtime, db, admin_password=PASSWORD)
        try:
            key = make_admin_key(runtime, db)
            backend = "SQLite" if args.sqlite else "PostgreSQL"
            print(f"{backend}, password hash {args.rounds} rounds, API key hash 6000 rounds; medians of {args.runs} calls")
            print_figures("(a) over HTTP, one keep-alive connection, gunicorn 1 worker x 1 thread:",
                          over_http(config, db, key, args.runs))
            print_figures("(b) in-process, the credential check alone:", in_process(runtime, db, key, args.runs))
        finally:
            runtime.databases.dispose(db)
            databases.drop_database(runtime, db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
