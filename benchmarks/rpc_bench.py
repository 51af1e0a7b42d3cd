"""erpserver against a hand-written floor on the same stack, measured alternately in one run.

    .venv/bin/python benchmarks/rpc_bench.py                       # PostgreSQL and SQLite
    .venv/bin/python benchmarks/rpc_bench.py --backends postgresql --clients 1

Two gunicorn servers with the same number of workers: erpserver (``erpserver.wsgi``, its
threaded workers) and the floor (``benchmarks/floor.py``: stdlib marshalling, the raw driver, sync
workers). For each backend, protocol (XML-RPC, JSON-RPC), number of clients and case, ``--rounds``
runs of each side taking turns, each after a warm-up; the medians and their ratio. Then what a
call costs on its own: ``version()``, an authenticated no-op with a password and with an API
key; and, with ``--memory``, a worker's RSS after 10,000 and 100,000 calls. Prints figures and
ratios; it never asserts timings. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import xmlrpc.client
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from benchmarks.auth_bench import make_admin_key, medians_ms  # noqa: E402
from erpserver.config import Config, load_config  # noqa: E402
from erpserver.service import databases  # noqa: E402
from erpserver.service.runtime import Runtime  # noqa: E402
from tests.servers import ServerProcess, erpserver_environment, start, start_gunicorn, stop  # noqa: E402

FIELDS = ["name", "email", "city", "country_id", "is_company"]
# The aims of issue 10, on PostgreSQL: (case, clients) -> ratio.
TARGETS = {("search_read", 1): 1.0, ("read", 1): 0.8, ("create", 1): 0.7, ("search_read", 4): 0.8}
CASES = ("search_read", "read", "create")
CITIES = ["Brussels", "Paris", "Berlin", "Madrid", "Rome", "Lisbon", "Vienna", "Dublin", "Oslo", "Prague"]
BATCH = 5_000
MAX_CLIENTS = 64
MAX_DURATION = 600.0
PASSWORD = "bench-admin"  # local throwaway databases only


# -- the fixture database ------------------------------------------------------------------------
def make_config(pg_url: str, data_dir: str) -> Config:
    """PostgreSQL at ``pg_url``, or SQLite in ``data_dir`` when ``pg_url`` is empty."""
    return load_config(overrides={"db_url": pg_url, "data_dir": data_dir, "log_level": "warning",
                                  "login_cooldown_after": 0}, environ={})


def seed_partners(runtime: Runtime, db: str, rows: int) -> None:
    """``rows`` partners by bulk INSERT (SQLAlchemy Core), every 5th a company."""
    engine = runtime.databases.engine(db)
    with engine.begin() as conn:
        partner = sa.Table("res_partner", sa.MetaData(), autoload_with=conn)
        countries = [row.id for row in conn.execute(sa.text("SELECT id FROM res_country ORDER BY id"))]
        uid = conn.execute(sa.text("SELECT id FROM res_users WHERE login = 'admin'")).scalar() or 1
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
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

    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("ANALYZE res_partner"))
    else:
        with engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))


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




# -- the servers ---------------------------------------------------------------------------------
def start_erpserver(config: Config, workers: int, threads: int) -> ServerProcess:
    return start_gunicorn("erpserver.wsgi", erpserver_environment(config), workers=workers, threads=threads)


def start_floor(config: Config, runtime: Runtime, db: str, workers: int) -> ServerProcess:
    """The floor under gunicorn's sync workers, as many as erpserver has."""
    if config.db_url:
        url = sa.engine.make_url(config.db_url)
        dsn = " ".join(f"{key}={value}" for key, value in (
            ("dbname", db), ("host", url.host or "127.0.0.1"), ("port", url.port or 5432),
            ("user", url.username or "postgres"), ("password", url.password)) if value)
        environment = {"BENCH_FLOOR_DSN": dsn}
    else:
        environment = {"BENCH_FLOOR_SQLITE": str(runtime.databases.sqlite_path(db))}
    command = [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "--workers", str(workers),
               "--worker-class", "sync", "--log-level", "info", "benchmarks.floor:app"]
    return start(command, {**environment, "PYTHONPATH": str(ROOT)})


# -- the clients ---------------------------------------------------------------------------------
class Transport(xmlrpc.client.Transport):
    """Keep-alive, and no gzip: both sides send the same bytes (the floor never compresses)."""

    accept_gzip_encoding = False


class JsonClient:
    """A keep-alive JSON-RPC client (reconnects when the server closes, as sync workers do)."""

    def __init__(self, url: str, path: str) -> None:
        parsed = http.client.urlsplit(url)
        self.connection = http.client.HTTPConnection(parsed.hostname or "127.0.0.1", parsed.port, timeout=60)
        self.path = path
        self.ids = 0

    def call(self, service: str, method: str, *args: Any) -> Any:
        self.ids += 1
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": self.ids,
                           "params": {"service": service, "method": method, "args": list(args)}}).encode()
        self.connection.request("POST", self.path, body, {"Content-Type": "application/json"})
        with self.connection.getresponse() as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise RuntimeError(f"JSON-RPC error: {answer['error']}")
        return answer.get("result")

    def close(self) -> None:
        self.connection.close()


@dataclass
class Target:
    """Where one side answers: erpserver's real routes, or the floor's per-case routes."""

    url: str
    floor: bool

    def caller(self, protocol: str, case: str) -> tuple[Callable[..., Any], Callable[[], None]]:
        """``execute_kw(db, uid, password, model, method, args, kwargs)`` and a closer."""
        if protocol == "xmlrpc":
            proxy = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/{case}" if self.floor else
                                              f"{self.url}/xmlrpc/2/object", transport=Transport())
            return proxy.execute_kw, proxy("close")
        client = JsonClient(self.url, f"/jsonrpc/{case}" if self.floor else "/jsonrpc")
        return (lambda *args: client.call("object", "execute_kw", *args)), client.close


@dataclass
class Result:
    calls: int = 0
    elapsed: float = 0.0
    error: str | None = None

    @property
    def rate(self) -> float:
        return self.calls / self.elapsed if self.elapsed else 0.0


def make_call(case: str, db: str, uid: int, id_range: tuple[int, int]) -> Callable[[Callable[..., Any], random.Random], Any]:
    first_id, last_id = id_range

    def search_read(execute_kw: Callable[..., Any], _rng: random.Random) -> Any:
        result = execute_kw(db, uid, PASSWORD, "res.partner", "search_read", [[["is_company", "=", True]]],
                            {"fields": FIELDS, "limit": 80, "order": "id"})
        if len(result) != 80:
            raise AssertionError(f"search_read returned {len(result)} records, expected 80")

    def read(execute_kw: Callable[..., Any], rng: random.Random) -> Any:
        result = execute_kw(db, uid, PASSWORD, "res.partner", "read", [[rng.randint(first_id, last_id)]],
                            {"fields": FIELDS})
        if len(result) != 1:
            raise AssertionError(f"read returned {len(result)} records, expected 1")

    def create(execute_kw: Callable[..., Any], rng: random.Random) -> Any:
        n = rng.randrange(10**9)
        new_id = execute_kw(db, uid, PASSWORD, "res.partner", "create",
                            [{"name": f"Bench Created {n}", "email": f"created{n}@bench.example"}], {})
        if not isinstance(new_id, int):
            raise AssertionError(f"create returned {new_id!r}")

    return {"search_read": search_read, "read": read, "create": create}[case]


def run_load(target: Target, protocol: str, case: str, call: Callable[[Callable[..., Any], random.Random], Any],
             clients: int, warmup: float, duration: float) -> Result:
    """``clients`` threads, each with its own keep-alive connection, calling for warmup + duration."""
    barrier = threading.Barrier(clients + 1)
    stop_event = threading.Event()
    measuring = threading.Event()
    counts = [0] * clients
    errors: list[str] = []

    def client(index: int) -> None:
        execute_kw, close = target.caller(protocol, case)
        rng = random.Random(index)
        try:
            barrier.wait()
            while not stop_event.is_set():
                call(execute_kw, rng)
                if measuring.is_set() and not stop_event.is_set():
                    counts[index] += 1
        except Exception as error:  # noqa: BLE001 - reported verbatim in the table
            errors.append(f"{type(error).__name__}: {error}")
            stop_event.set()
        finally:
            close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    stop_event.wait(warmup)
    measuring.set()
    started = time.perf_counter()
    stop_event.wait(duration)
    stop_event.set()
    elapsed = time.perf_counter() - started
    for thread in threads:
        thread.join(timeout=60)
    return Result(sum(counts), elapsed, errors[0] if errors else None)


@dataclass
class Row:
    backend: str
    protocol: str
    clients: int
    case: str
    erp: list[Result] = field(default_factory=list)
    floor: list[Result] = field(default_factory=list)

    @staticmethod
    def median(results: list[Result]) -> float:
        return statistics.median(r.rate for r in results) if results else float("nan")

    @property
    def ratio(self) -> float:
        floor = self.median(self.floor)
        return self.median(self.erp) / floor if floor else float("nan")


def measure(row: Row, erp: Target, floor: Target, call: Callable[..., Any], rounds: int, warmup: float,
            duration: float) -> None:
    """``rounds`` runs of each side, taking turns (the first side alternating round by round)."""
    for round_index in range(rounds):
        sides = [(erp, row.erp), (floor, row.floor)]
        for target, results in sides if round_index % 2 == 0 else reversed(sides):
            results.append(run_load(target, row.protocol, row.case, call, row.clients, warmup, duration))
    errors = [r.error for r in row.erp + row.floor if r.error]
    print(f"  {row.backend:<10} {row.protocol:<7} {row.clients} client(s) {row.case:<11} "
          f"erpserver {Row.median(row.erp):7.1f}/s  floor {Row.median(row.floor):7.1f}/s  "
          f"ratio {row.ratio:5.2f}" + (f"  ERROR {errors[0]}" if errors else ""), flush=True)


def print_table(rows: list[Row]) -> None:
    header = (f"{'backend':<10} {'protocol':<8} {'clients':>7} {'case':<11} {'erp calls/s':>11} "
              f"{'floor calls/s':>13} {'ratio':>6} {'aim':>5}")
    print(header)
    print("-" * len(header))
    for row in rows:
        aim = TARGETS.get((row.case, row.clients)) if row.backend == "postgresql" else None
        verdict = "" if aim is None else ("meets" if row.ratio >= aim else "below")
        print(f"{row.backend:<10} {row.protocol:<8} {row.clients:>7} {row.case:<11} {Row.median(row.erp):>11.1f} "
              f"{Row.median(row.floor):>13.1f} {row.ratio:>6.2f} {'' if aim is None else f'{aim:.1f}':>5} {verdict}")


# -- what one call costs ---------------------------------------------------------------------------
def call_costs(erp_url: str, floor_url: str, db: str, uid: int, key: str, runs: int) -> dict[str, float]:
    """Medians of ``runs`` calls in turn, one keep-alive connection each, no other load."""
    common = xmlrpc.client.ServerProxy(f"{erp_url}/xmlrpc/2/common", transport=Transport())
    models = xmlrpc.client.ServerProxy(f"{erp_url}/xmlrpc/2/object", transport=Transport())
    floor_version = xmlrpc.client.ServerProxy(f"{floor_url}/xmlrpc/version", transport=Transport())
    return medians_ms({
        "floor: version() (stdlib, sync worker)": lambda: floor_version.execute_kw(),
        "common.version() (no database, no credential)": common.version,
        "execute_kw context_get, password (remembered)":
            lambda: models.execute_kw(db, uid, PASSWORD, "res.users", "context_get", []),
        "execute_kw context_get, API key (remembered)":
            lambda: models.execute_kw(db, uid, key, "res.users", "context_get", []),
    }, runs)


# -- memory ----------------------------------------------------------------------------------------
def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def memory(config: Config, db: str, uid: int, id_range: tuple[int, int], calls: int) -> list[tuple[int, int]]:
    """One worker (4 threads), 4 clients calling read: its RSS after 10% of ``calls`` and after all."""
    server = start_erpserver(config, workers=1, threads=4)
    try:
        (pid,) = worker_pids(server.process.pid)
        target = Target(server.url, floor=False)
        read = make_call("read", db, uid, id_range)
        figures = []
        done = 0
        for goal in (calls // 10, calls):
            counter = iter(range(goal - done))
            lock = threading.Lock()

            def client(index: int, counter: Iterator[int] = counter, lock: threading.Lock = lock) -> None:
                execute_kw, close = target.caller("xmlrpc", "read")
                rng = random.Random(index)
                try:
                    while True:
                        with lock:
                            if next(counter, None) is None:
                                return
                        read(execute_kw, rng)
                finally:
                    close()

            threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            done = goal
            figures.append((goal, rss_kib(pid)))
            print(f"  after {goal:>7} calls: worker RSS {figures[-1][1] / 1024:.1f} MiB", flush=True)
        return figures
    finally:
        stop(server)


# -- main ------------------------------------------------------------------------------------------
@contextmanager
def benchmark_database(config: Config, name: str, rows: int, reuse: bool, keep: bool) -> Iterator[Runtime]:
    runtime = Runtime.from_config(config)
    prepare_database(runtime, name, rows, PASSWORD, reuse)
    try:
        yield runtime
    finally:
        runtime.databases.dispose(name)
        if keep:
            print(f"kept database {name!r} (reuse it with --reuse)")
        else:
            databases.drop_database(runtime, name)
            print(f"dropped database {name!r}")


def run_backend(backend: str, args: argparse.Namespace, data_dir: str) -> tuple[list[Row], dict[str, float]]:
    config = make_config(args.pg_url if backend == "postgresql" else "", data_dir)
    with benchmark_database(config, args.db, args.rows, args.reuse, args.keep) as runtime:
        with runtime.databases.engine(args.db).connect() as conn:
            id_range = tuple(conn.execute(sa.text(
                "SELECT min(id), max(id) FROM res_partner WHERE name LIKE 'Bench Partner %'")).one())
            uid = int(conn.execute(sa.text("SELECT id FROM res_users WHERE login = 'admin'")).scalar_one())
        if id_range[0] is None:
            raise SystemExit(f"database {args.db!r} holds no seeded partners: drop it or run without --reuse")
        key = make_admin_key(runtime, args.db)
        runtime.databases.dispose(args.db)
        erp = start_erpserver(config, args.workers, args.threads)
        floor = start_floor(config, runtime, args.db, args.workers)
        rows: list[Row] = []
        try:
            print(f"{backend}: erpserver gunicorn threaded {args.workers} workers x {args.threads} threads, floor "
                  f"gunicorn sync {args.workers} workers; {args.rounds} rounds of {args.warmup:g}s warm-up + "
                  f"{args.duration:g}s per side; client gzip off", flush=True)
            for protocol in args.protocols:
                for clients in args.clients:
                    for case in args.cases:
                        row = Row(backend, protocol, clients, case)
                        measure(row, Target(erp.url, False), Target(floor.url, True),
                                make_call(case, args.db, uid, id_range), args.rounds, args.warmup, args.duration)
                        rows.append(row)
            costs = call_costs(erp.url, floor.url, args.db, uid, key, args.cost_runs)
        finally:
            stop(erp)
            stop(floor)
        if args.memory:
            memory(config, args.db, uid, id_range, args.memory_calls)
        return rows, costs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="postgresql,sqlite", help="postgresql, sqlite or both (default)")
    parser.add_argument("--protocols", default="xmlrpc,jsonrpc", help="xmlrpc, jsonrpc or both (default)")
    parser.add_argument("--clients", default="1,4", help="concurrent clients, a list (default 1,4)")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated cases (default: all)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each side per figure (default 3)")
    parser.add_argument("--duration", type=float, default=4.0, help="measured seconds per run (default 4)")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured seconds before each run (default 1)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="erpserver's threads per worker (default 4)")
    parser.add_argument("--pg-url", default=os.environ.get("ERPSERVER_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432"),
                        help="PostgreSQL server URL (default: local, user postgres)")
    parser.add_argument("--db", default="erpbench", help="database name (default erpbench)")
    parser.add_argument("--rows", type=int, default=100_000, help="res.partner rows to seed (default 100000)")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing database instead of recreating it")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--cost-runs", type=int, default=500, help="calls per single-call cost (default 500)")
    parser.add_argument("--memory", action="store_true", help="also measure a worker's RSS over --memory-calls")
    parser.add_argument("--memory-calls", type=int, default=100_000, help="calls of the memory run (default 100000)")
    args = parser.parse_args(argv)
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    args.protocols = [p.strip() for p in args.protocols.split(",") if p.strip()]
    args.cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    args.clients = [int(c) for c in args.clients.split(",") if c.strip()]
    if set(args.backends) - {"postgresql", "sqlite"} or set(args.protocols) - {"xmlrpc", "jsonrpc"}:
        parser.error("--backends takes postgresql and sqlite, --protocols xmlrpc and jsonrpc")
    if set(args.cases) - set(CASES):
        parser.error(f"unknown case(s): {', '.join(sorted(set(args.cases) - set(CASES)))}")
    if not all(1 <= c <= MAX_CLIENTS for c in args.clients):
        parser.error(f"--clients must be within 1..{MAX_CLIENTS}")
    if not 0 < args.duration <= MAX_DURATION or not 0 <= args.warmup <= MAX_DURATION or not 1 <= args.rounds <= 15:
        parser.error(f"--duration and --warmup within 0..{MAX_DURATION:.0f} seconds, --rounds within 1..15")
    if not 1 <= args.workers <= 32 or not 1 <= args.threads <= 64 or not 1000 <= args.memory_calls <= 1_000_000:
        parser.error("--workers within 1..32, --threads within 1..64, --memory-calls within 1000..1000000")
    all_rows: list[Row] = []
    costs: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as data_dir:
        for backend in args.backends:
            rows, costs[backend] = run_backend(backend, args, data_dir)
            all_rows.extend(rows)
    print()
    print_table(all_rows)
    print("\nratio = median erpserver calls/s / median floor calls/s; aims are information, not assertions.")
    for backend, figures in costs.items():
        print(f"\nwhat one call costs on {backend} (medians of {args.cost_runs}, one keep-alive connection):")
        width = max(len(label) for label in figures)
        for label, value in figures.items():
            print(f"  {label:<{width}}  {value:8.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
