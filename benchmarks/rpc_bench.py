"""XML-RPC throughput of erpserver against a raw-SQL floor served by the same gunicorn.

    .venv/bin/python benchmarks/rpc_bench.py --duration 10

Prints figures and ratios to a floor measured in the same run; it never asserts timings. See
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
import xmlrpc.client
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from erpserver.config import load_config  # noqa: E402
from erpserver.service import databases  # noqa: E402
from erpserver.service.runtime import Runtime  # noqa: E402
from tests.servers import ServerProcess, start_gunicorn, stop  # noqa: E402

FIELDS = ["name", "email", "city", "country_id", "is_company"]
TARGETS = {"search_read": 0.7, "read": 0.6, "create": 0.5}
CITIES = ["Brussels", "Paris", "Berlin", "Madrid", "Rome", "Lisbon", "Vienna", "Dublin", "Oslo", "Prague"]
BATCH = 5_000
MAX_CLIENTS = 64
MAX_DURATION = 600.0


# -- the fixture database ------------------------------------------------------------------------
def make_runtime(pg_url: str) -> Runtime:
    return Runtime.from_config(load_config(overrides={"db_url": pg_url, "log_level": "warning"}, environ={}))


def seed_partners(runtime: Runtime, db: str, rows: int) -> None:
    """``rows`` partners by bulk INSERT (SQLAlchemy Core), every 5th a company."""
    engine = runtime.databases.engine(db)
    with engine.begin() as conn:
        partner = sa.Table("res_partner", sa.MetaData(), autoload_with=conn)
        countries = [row.id for row in conn.execute(sa.text("SELECT id FROM res_country ORDER BY id"))]
        uid = conn.execute(sa.text("SELECT id FROM res_users WHERE login = 'admin'")).scalar() or 1
        now = conn.execute(sa.text("SELECT now() at time zone 'utc'")).scalar()
        stmt = sa.insert(partner)
        for start in range(0, rows, BATCH):
            batch = []
            for n in range(start, min(start + BATCH, rows)):
                name = f"Bench Partner {n:06d}"
                batch.append({
                    "name": name, "complete_name": name, "email": f"partner{n}@bench.example",
                    "city": CITIES[n % len(CITIES)],
                    "country_id": countries[n % len(countries)] if countries and n % 7 else None,
                    "is_company": n % 5 == 0, "active": True, "type": "contact",
                    "create_uid": uid, "create_date": now, "write_uid": uid, "write_date": now,
                })
            conn.execute(stmt, batch)
        conn.execute(sa.text("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("ANALYZE res_partner"))


def prepare_database(runtime: Runtime, db: str, rows: int, password: str, reuse: bool) -> None:
    exists = runtime.databases.exists(db)
    if exists and reuse:
        with runtime.databases.engine(db).connect() as conn:
            count = conn.execute(sa.text("SELECT count(*) FROM res_partner")).scalar_one()
        print(f"reusing database {db!r} ({count} res.partner rows)")
        return
    if exists:
        print(f"dropping the existing database {db!r} (pass --reuse to keep it)")
        runtime.databases.dispose(db)
        databases.drop_database(runtime, db)
    started = time.perf_counter()
    databases.create_database(runtime, db, demo=False, admin_password=password)
    created = time.perf_counter()
    seed_partners(runtime, db, rows)
    print(f"created database {db!r}: schema+base {created - started:.1f}s, "
          f"{rows} partners {time.perf_counter() - created:.1f}s")


# -- the server ----------------------------------------------------------------------------------
def start_server(pg_url: str, db: str, workers: int, threads: int, log_path: Path) -> ServerProcess:
    """gunicorn serving erpserver and the floor (benchmarks/floor_app.py) with the same workers."""
    environment = {"ERPSERVER_DB_URL": pg_url, "ERPSERVER_LOG_LEVEL": "warning", "BENCH_FLOOR_DB": db,
                   "PYTHONPATH": str(ROOT)}
    return start_gunicorn("benchmarks.floor_app:app", environment, workers=workers, threads=threads,
                          log_path=log_path)


# -- the load ------------------------------------------------------------------------------------
class Transport(xmlrpc.client.Transport):
    def __init__(self, accept_gzip: bool) -> None:
        super().__init__()
        self.accept_gzip_encoding = accept_gzip


@dataclass
class Result:
    calls: int = 0
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)
    error: str | None = None

    @property
    def rate(self) -> float:
        return self.calls / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1]


@dataclass
class Case:
    name: str
    # (proxy, rng) -> one call; the same callable drives erpserver and the floor.
    call: Callable[[xmlrpc.client.ServerProxy, random.Random], Any]


def make_cases(db: str, uid: int, password: str, id_range: tuple[int, int]) -> list[Case]:
    first_id, last_id = id_range

    def search_read(proxy: xmlrpc.client.ServerProxy, _rng: random.Random) -> Any:
        result = proxy.execute_kw(db, uid, password, "res.partner", "search_read", [[["is_company", "=", True]]],
                                  {"fields": FIELDS, "limit": 80, "order": "id"})
        if len(result) != 80:
            raise AssertionError(f"search_read returned {len(result)} records, expected 80")
        return result

    def read(proxy: xmlrpc.client.ServerProxy, rng: random.Random) -> Any:
        record_id = rng.randint(first_id, last_id)
        result = proxy.execute_kw(db, uid, password, "res.partner", "read", [[record_id]], {"fields": FIELDS})
        if len(result) != 1:
            raise AssertionError(f"read returned {len(result)} records, expected 1")
        return result

    def create(proxy: xmlrpc.client.ServerProxy, rng: random.Random) -> Any:
        n = rng.randrange(10**9)
        return proxy.execute_kw(db, uid, password, "res.partner", "create",
                                [{"name": f"Bench Created {n}", "email": f"created{n}@bench.example"}])

    return [Case("search_read", search_read), Case("read", read), Case("create", create)]


def run_load(url: str, case: Case, clients: int, warmup: float, duration: float, accept_gzip: bool) -> Result:
    """``clients`` threads, each with its own keep-alive connection, calling for warmup + duration."""
    barrier = threading.Barrier(clients + 1)
    stop = threading.Event()
    measuring = threading.Event()
    results = [Result() for _ in range(clients)]

    def client(index: int) -> None:
        proxy = xmlrpc.client.ServerProxy(url, transport=Transport(accept_gzip))
        rng = random.Random(index)
        mine = results[index]
        try:
            barrier.wait()
            while not stop.is_set():
                started = time.perf_counter()
                case.call(proxy, rng)
                took = time.perf_counter() - started
                if measuring.is_set() and not stop.is_set():
                    mine.calls += 1
                    mine.latencies.append(took)
        except Exception as error:  # noqa: BLE001 - reported verbatim in the table
            mine.error = f"{type(error).__name__}: {error}"
            stop.set()
        finally:
            proxy("close")()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    stop.wait(warmup)
    measuring.set()
    started = time.perf_counter()
    stop.wait(duration)
    stop.set()
    elapsed = time.perf_counter() - started
    for thread in threads:
        thread.join(timeout=60)
    total = Result(elapsed=elapsed)
    for each in results:
        total.calls += each.calls
        total.latencies.extend(each.latencies)
        total.error = total.error or each.error
    return total


def authenticate(url: str, db: str, password: str) -> int:
    uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(db, "admin", password, {})
    if not uid:
        raise RuntimeError(f"authenticate({db!r}, 'admin', ...) returned {uid!r}")
    return int(uid)


# -- report --------------------------------------------------------------------------------------
def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def print_table(rows: list[tuple[Case, Result, Result]]) -> None:
    header = (f"{'case':<12} {'erp calls/s':>11} {'floor calls/s':>13} {'ratio':>6} {'target':>6} {'':<6} "
              f"{'erp p50/p95 ms':>15} {'floor p50/p95 ms':>17}")
    print(header)
    print("-" * len(header))
    for case, erp, floor in rows:
        target = TARGETS[case.name]
        ratio = erp.rate / floor.rate if floor.rate else float("nan")
        verdict = "meets" if ratio >= target else "below"
        if erp.error or floor.error:
            verdict = "error"
        print(f"{case.name:<12} {erp.rate:>11.1f} {floor.rate:>13.1f} {ratio:>6.2f} {target:>6.2f} {verdict:<6} "
              f"{ms(erp.percentile(50)) + '/' + ms(erp.percentile(95)):>15} "
              f"{ms(floor.percentile(50)) + '/' + ms(floor.percentile(95)):>17}")
    for case, erp, floor in rows:
        if erp.error:
            print(f"  {case.name} erpserver error: {erp.error}")
        if floor.error:
            print(f"  {case.name} floor error: {floor.error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per case and side (default 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds before each run (default 2)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn gthread threads per worker (default 4)")
    parser.add_argument("--pg-url", default=os.environ.get("ERPSERVER_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432"),
                        help="PostgreSQL server URL (default: local, user postgres)")
    parser.add_argument("--db", default="erpbench", help="database name (default erpbench)")
    parser.add_argument("--rows", type=int, default=100_000, help="res.partner rows to seed (default 100000)")
    parser.add_argument("--admin-password", default="bench-admin",
                        help="admin password of the benchmark database (local use only; default bench-admin)")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing database instead of recreating it")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--cases", default="search_read,read,create", help="comma-separated cases to run")
    parser.add_argument("--no-gzip", action="store_true",
                        help="clients do not send Accept-Encoding: gzip (xmlrpc.client sends it by default)")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS:
        parser.error(f"--clients must be within 1..{MAX_CLIENTS}")
    if not 0 < args.duration <= MAX_DURATION or not 0 <= args.warmup <= MAX_DURATION:
        parser.error(f"--duration and --warmup must be within 0..{MAX_DURATION:.0f} seconds")
    if not 1 <= args.workers <= 32 or not 1 <= args.threads <= 64:
        parser.error("--workers must be within 1..32 and --threads within 1..64")
    wanted = [name.strip() for name in args.cases.split(",") if name.strip()]
    unknown = set(wanted) - set(TARGETS)
    if unknown:
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")

    runtime = make_runtime(args.pg_url)
    prepare_database(runtime, args.db, args.rows, args.admin_password, args.reuse)
    with runtime.databases.engine(args.db).connect() as conn:
        id_range = tuple(conn.execute(sa.text(
            "SELECT min(id), max(id) FROM res_partner WHERE name LIKE 'Bench Partner %'")).one())
    if id_range[0] is None:
        raise SystemExit(f"database {args.db!r} holds no seeded partners: drop it or run without --reuse")
    runtime.databases.dispose(args.db)
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"erpbench-gunicorn-{os.getpid()}.log"
    server = None
    try:
        server = start_server(args.pg_url, args.db, args.workers, args.threads, log_path)
        url = server.url
        uid = authenticate(url, args.db, args.admin_password)
        print(f"gunicorn gthread {args.workers} workers x {args.threads} threads at {url}; "
              f"{args.clients} clients, {args.warmup:g}s warm-up + {args.duration:g}s per run; "
              f"client gzip {'off' if args.no_gzip else 'on'}")
        print("floor = raw SQL via SQLAlchemy text() + xmlrpc.client marshalling in the same gunicorn; "
              "the floor does NO authentication, access checks or response compression")
        rows = []
        for case in make_cases(args.db, uid, args.admin_password, id_range):
            if case.name not in wanted:
                continue
            erp = run_load(f"{url}/xmlrpc/2/object", case, args.clients, args.warmup, args.duration, not args.no_gzip)
            floor = run_load(f"{url}/bench/floor/{case.name}", case, args.clients, args.warmup, args.duration,
                             not args.no_gzip)
            rows.append((case, erp, floor))
            print(f"  {case.name}: erpserver {erp.calls} calls, floor {floor.calls} calls", flush=True)
        print()
        print_table(rows)
        print("\nratio = erpserver calls/s / floor calls/s; targets are information, not assertions.")
    finally:
        if server is not None:
            stop(server)
        if args.keep:
            print(f"kept database {args.db!r} (reuse it with --reuse)")
        else:
            runtime.databases.dispose(args.db)
            databases.drop_database(runtime, args.db)
            print(f"dropped database {args.db!r}")
        if log_path.exists():
            # gunicorn's own [INFO] lines (start, workers, stop) are not worth showing
            errors = "\n".join(line for line in log_path.read_text(errors="replace").splitlines()
                               if "] [INFO] " not in line).strip()
            if errors:
                print(f"\ngunicorn log ({log_path}):\n{errors[-4000:]}")
            log_path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
