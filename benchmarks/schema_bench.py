"""How fast a schema change reaches other processes, and what the per-call freshness check costs.

    .venv/bin/python benchmarks/schema_bench.py

(a) Propagation: an ``ir.model.fields`` create through server process A (its answer comes after
    the commit), then calls through server process B (a fresh connection per call) until one that
    uses the new field succeeds. Two gunicorn servers on one PostgreSQL database; and, with
    ``--sqlite``, one SQLite server with 2 workers (the change through one connection, the
    check through new connections).
(b) Freshness check: ``erpserver.orm.signaling.read_sequences(conn)`` timed in-process, and its
    share of one ``common.version()`` round trip and of a one-record ``res.partner`` read, both
    measured against a server on the same database.
(c) One call, many schema changes: an ``ir.model`` create with 30 ``field_id`` lines (one
    ``ir.model.fields`` create per line) in-process, rolled back each time; how long it takes and
    how many times the call rebuilt its registry.

Prints figures; it never asserts timings. See benchmarks/README.md.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from erpserver.config import Config, load_config  # noqa: E402
from erpserver.orm import signaling  # noqa: E402
from erpserver.service import databases  # noqa: E402
from erpserver.service.runtime import Runtime  # noqa: E402
from tests.servers import ServerProcess, erpserver_environment, start_gunicorn, stop  # noqa: E402

PASSWORD = "bench-admin"  # local throwaway databases only
UID = 2
MAX_POLLS = 200  # a change not seen after this many calls through B is reported as not seen


def make_config(db_url: str, data_dir: str) -> Config:
    return load_config(overrides={"db_url": db_url, "data_dir": data_dir, "log_level": "warning",
                                  "password_rounds": 1000}, environ={})


def start_server(config: Config, workers: int) -> ServerProcess:
    return start_gunicorn("erpserver.wsgi", erpserver_environment(config), workers=workers)


def fresh_call(url: str, db: str, model: str, method: str, args: list, kwargs: dict | None = None):
    with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object") as proxy:
        return proxy.execute_kw(db, UID, PASSWORD, model, method, args, kwargs or {})


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


# -- (a) propagation -----------------------------------------------------------------------------
def propagation(url_a: str, url_b: str, db: str, changes: int
                ) -> tuple[list[float], list[int], int, list[float]]:
    """Seconds from A's answer to B's first successful call using the new field, per change; and,
    as a baseline, the same kind of call through B (fresh connection) when nothing changed."""
    model = f"x_bench_{uuid.uuid4().hex[:6]}"
    with xmlrpc.client.ServerProxy(f"{url_a}/xmlrpc/2/object") as proxy_a:
        model_id = proxy_a.execute_kw(db, UID, PASSWORD, "ir.model", "create",
                                      [{"name": "Schema bench", "model": model, "state": "manual"}])
        delays, polls, unseen, baseline = [], [], 0, []
        for n in range(10 + changes):  # warms every worker of B, then times calls with no change
            started = time.perf_counter()
            fresh_call(url_b, db, model, "search_read", [[["id", "=", 0]]], {"fields": ["id"], "limit": 1})
            if n >= 10:
                baseline.append(time.perf_counter() - started)
        for n in range(changes):
            name = f"x_f{n}"
            proxy_a.execute_kw(db, UID, PASSWORD, "ir.model.fields", "create",
                               [{"model_id": model_id, "name": name, "ttype": "integer", "state": "manual"}])
            committed = time.perf_counter()  # A answers after its commit: this is a (late) bound
            for attempt in range(1, MAX_POLLS + 1):
                try:
                    fresh_call(url_b, db, model, "search_read", [[[name, "=", 0]]], {"fields": [name], "limit": 1})
                except xmlrpc.client.Fault:
                    continue
                delays.append(time.perf_counter() - committed)
                polls.append(attempt)
                break
            else:
                unseen += 1
        proxy_a.execute_kw(db, UID, PASSWORD, "ir.model", "unlink", [[model_id]])
    return delays, polls, unseen, baseline


def print_propagation(label: str, delays: list[float], polls: list[int], unseen: int, baseline: list[float]
                      ) -> None:
    print(f"  {label}")
    if not delays:
        print(f"    never seen within {MAX_POLLS} calls ({unseen} changes)")
        return
    print(f"    n={len(delays)}  median {ms(statistics.median(delays))} ms  max {ms(max(delays))} ms  "
          f"calls through B until success: max {max(polls)}" + (f"  NOT SEEN: {unseen}" if unseen else ""))
    print(f"    baseline, the same kind of call through B when nothing changed: "
          f"median {ms(statistics.median(baseline))} ms  max {ms(max(baseline))} ms")


# -- (b) the freshness check ---------------------------------------------------------------------
def time_read_sequences(runtime: Runtime, db: str, runs: int) -> tuple[float, float]:
    """Median seconds of one read_sequences(conn) on an open connection, as a call does it; and of
    ``SELECT 1`` on the same connection (the floor of any statement)."""
    samples: dict[str, list[float]] = {"check": [], "select1": []}
    select_one = sa.text("SELECT 1")
    with runtime.databases.engine(db).connect() as conn:
        for _ in range(50):
            signaling.read_sequences(conn)
            conn.execute(select_one).scalar()
        for _ in range(runs):
            started = time.perf_counter()
            signaling.read_sequences(conn)
            samples["check"].append(time.perf_counter() - started)
            started = time.perf_counter()
            conn.execute(select_one).scalar()
            samples["select1"].append(time.perf_counter() - started)
        conn.rollback()
    return statistics.median(samples["check"]), statistics.median(samples["select1"])


def time_round_trips(url: str, db: str, runs: int) -> tuple[float, float]:
    """Median seconds of common.version() and of a one-record res.partner read (keep-alive)."""
    with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common") as common, \
            xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object") as models:
        partner = models.execute_kw(db, UID, PASSWORD, "res.partner", "search", [[]], {"limit": 1})
        timings: dict[str, list[float]] = {"version": [], "read": []}
        for n in range(runs + 20):
            started = time.perf_counter()
            common.version()
            version = time.perf_counter() - started
            started = time.perf_counter()
            models.execute_kw(db, UID, PASSWORD, "res.partner", "read", [partner], {"fields": ["name"]})
            read = time.perf_counter() - started
            if n >= 20:
                timings["version"].append(version)
                timings["read"].append(read)
    return statistics.median(timings["version"]), statistics.median(timings["read"])


def time_load_registry(runtime: Runtime, db: str, runs: int = 10) -> float:
    """Median seconds of load_registry (what a stale worker runs before answering), in-process."""
    samples = []
    with runtime.databases.engine(db).connect() as conn:
        for _ in range(runs):
            started = time.perf_counter()
            runtime.registries.load(db, conn)
            samples.append(time.perf_counter() - started)
        conn.rollback()
    return statistics.median(samples)


FIELD_TYPES = ["char", "integer", "float", "boolean", "date", "datetime", "text", "html", "binary"]


def thirty_field_lines() -> list[tuple[int, int, dict[str, str]]]:
    lines = [(0, 0, {"name": "x_currency_id", "ttype": "many2one", "relation": "res.currency"}),
             (0, 0, {"name": "x_amount", "ttype": "monetary"})]
    lines += [(0, 0, {"name": f"x_field_{n}", "ttype": FIELD_TYPES[n % len(FIELD_TYPES)]}) for n in range(28)]
    return lines


def time_model_with_fields(runtime: Runtime, db: str, runs: int = 7) -> tuple[float, list[int]]:
    """Median seconds of an ir.model create with 30 field lines, and registry rebuilds per call."""
    samples, rebuilds = [], []
    with runtime.databases.engine(db).connect() as conn:
        for run in range(runs):
            transaction = conn.begin()
            env = runtime.registries.environment(db, conn)
            started = time.perf_counter()
            env["ir.model"].create({"name": "Thirty", "model": f"x_thirty_{run}", "field_id": thirty_field_lines()})
            env[f"x_thirty_{run}"].search_count([])  # the first use after the changes
            samples.append(time.perf_counter() - started)
            rebuilds.append(env.call.rebuilds)
            transaction.rollback()
    return statistics.median(samples), rebuilds


def print_freshness(label: str, check: tuple[float, float], version: float, read: float) -> None:
    seconds, select_one = check
    print(f"  {label:<11} read_sequences {seconds * 1e6:>4.0f} µs (SELECT 1: {select_one * 1e6:>4.0f} µs) | "
          f"version() {ms(version):>4} ms -> {seconds / version * 100:>4.1f}% | "
          f"read 1 partner {ms(read):>4} ms -> {seconds / read * 100:>4.1f}%")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-url", default=os.environ.get("ERPSERVER_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432"),
                        help="PostgreSQL server URL (default: local, user postgres)")
    parser.add_argument("--changes", type=int, default=20, help="schema changes timed per setup (default 20)")
    parser.add_argument("--runs", type=int, default=2000, help="read_sequences timings (default 2000)")
    parser.add_argument("--round-trips", type=int, default=300, help="version()/read round trips (default 300)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args(argv)
    if not 1 <= args.changes <= 200 or not 1 <= args.runs <= 100_000 or not 1 <= args.round_trips <= 10_000:
        parser.error("--changes within 1..200, --runs within 1..100000, --round-trips within 1..10000")

    backends = ["postgresql"] + ([] if args.no_sqlite else ["sqlite"])
    results: dict[str, tuple] = {}
    with tempfile.TemporaryDirectory(prefix="schema-bench-") as data_dir:
        for backend in backends:
            config = make_config(args.pg_url if backend == "postgresql" else "", data_dir)
            runtime = Runtime.from_config(config)
            db = f"erpbench_schema_{uuid.uuid4().hex[:8]}"
            databases.create_database(runtime, db, admin_password=PASSWORD)
            processes = []
            try:
                process_a = start_server(config, workers=2)
                processes.append(process_a)
                url_a = process_a.url
                if backend == "postgresql":
                    process_b = start_server(config, workers=2)
                    processes.append(process_b)
                    url_b = process_b.url
                    label = "PostgreSQL: A, B = two gunicorn servers x 2 workers, one database"
                else:
                    url_b = url_a
                    label = "SQLite: one gunicorn x 2 workers (A = B; B's calls on new connections)"
                fresh_call(url_b, db, "res.partner", "search_count", [[]])
                propagated = propagation(url_a, url_b, db, args.changes)
                rebuild = time_load_registry(runtime, db)
                check = time_read_sequences(runtime, db, args.runs)
                version, read = time_round_trips(url_a, db, args.round_trips)
                many = time_model_with_fields(runtime, db)
                results[backend] = (label, propagated, rebuild, check, version, read, many)
            finally:
                for process in processes:
                    stop(process)
                runtime.databases.dispose(db)
                databases.drop_database(runtime, db)

    print(f"(a) schema change through A -> first successful call through B using the new field "
          f"({args.changes} ir.model.fields creates; clock starts when A answers, i.e. after its commit)")
    for _backend, (label, propagated, rebuild, *_rest) in results.items():
        print_propagation(label, *propagated)
        print(f"    in-process load_registry (the rebuild a stale worker runs first), median of 10: "
              f"{ms(rebuild)} ms")
    print(f"\n(b) per-call freshness check: read_sequences(conn) in-process, median of {args.runs}; "
          f"round trips median of {args.round_trips} (keep-alive, same server, loopback)")
    for backend, (_label, _propagated, _rebuild, check, version, read, _many) in results.items():
        print_freshness(backend, check, version, read)
    print("\n(c) ir.model create with 30 field_id lines, in-process, median of 7 (each rolled back)")
    for backend, (*_rest, (seconds, rebuilds)) in results.items():
        print(f"  {backend:<11} {ms(seconds)} ms, registry rebuilds per call: {sorted(set(rebuilds))}")
    print("\nShares are read_sequences time / round-trip time; figures, not assertions.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
