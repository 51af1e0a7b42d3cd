"""``load`` throughput over XML-RPC against an execute_values floor, and peak memory.

    .venv/bin/python benchmarks/load_bench.py

On PostgreSQL: ``--rows`` crm.lead rows (6 columns and an external id) loaded in calls of
``--batch`` rows, first as creates then again as updates, through erpserver and through the
floor (``benchmarks/floor_app.py``, ``POST /bench/floor/load``: the same request bodies parsed
with ``xmlrpc.client.loads`` and written with psycopg2 ``execute_values``) behind the same
gunicorn. Then one ``--single``-row call, and ``erpserver import`` of a ``--cli-rows`` CSV file,
with the peak RSS of the server's workers and of the command. Prints figures and ratios; asserts
nothing. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.rpc_bench import authenticate, make_runtime  # noqa: E402
from erpserver.service import databases  # noqa: E402
from tests.servers import ServerProcess, start_gunicorn, stop  # noqa: E402

FIELDS = ["id", "name", "partner_name", "email_from", "phone", "city", "expected_revenue"]
TARGET = 0.5


def lead_rows(prefix: str, tag: str, start: int, count: int) -> list[list[str]]:
    return [[f"{prefix}_{n}", f"Lead {n} {tag}", f"Company {n % 997}", f"lead{n}@bench.example",
             f"+32 2 {n:07d}", ["Brussels", "Paris", "Berlin", "Madrid"][n % 4], str(n % 10_000)]
            for n in range(start, start + count)]


def timed_call(proxy: xmlrpc.client.ServerProxy, db: str, uid: int, password: str, data: list[list[str]]) -> float:
    began = time.perf_counter()
    result = proxy.execute_kw(db, uid, password, "crm.lead", "load", [FIELDS, data])
    elapsed = time.perf_counter() - began
    if result["messages"] or len(result["ids"]) != len(data):
        raise SystemExit(f"load failed: {result['messages'][:3]}")
    return elapsed


def run_pass(server: ServerProcess, db: str, uid: int, password: str, tag: str, rows: int, batch: int
             ) -> tuple[float, float]:
    """Rows per second of erpserver and of the floor, ``rows`` rows each in calls of ``batch``:
    each erpserver call followed by the floor's call of the same rows (under other prefixes), so
    that both see the same moment of a machine whose load may change."""
    erp = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=False)
    floor = xmlrpc.client.ServerProxy(f"{server.url}/bench/floor/load", allow_none=False)
    erp_time = floor_time = 0.0
    for start in range(0, rows, batch):
        count = min(batch, rows - start)
        erp_time += timed_call(erp, db, uid, password, lead_rows("erp", tag, start, count))
        floor_time += timed_call(floor, db, uid, password, lead_rows("floor", tag, start, count))
    return rows / erp_time, rows / floor_time


def single_call(server: ServerProcess, db: str, uid: int, password: str, rows: int) -> float:
    proxy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=False)
    return rows / timed_call(proxy, db, uid, password, lead_rows("single", "one", 0, rows))


def worker_pids(server: ServerProcess) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == server.process.pid:
                pids.append(int(entry.name))
    return pids


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def workers_peak(server: ServerProcess) -> float:
    return max((peak_rss_mb(pid) for pid in worker_pids(server)), default=0.0)


def cli_import(pg_url: str, db: str, rows: int, batch: int) -> tuple[float, float]:
    """Rows per second and peak RSS (MB) of ``erpserver import`` of a ``rows``-row CSV file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "leads.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(FIELDS)
            for start in range(0, rows, 50_000):
                writer.writerows(lead_rows("cli", "csv", start, min(50_000, rows - start)))
        environment = {**os.environ, "ERPSERVER_DB_URL": pg_url, "ERPSERVER_LOG_LEVEL": "warning",
                       "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "erpserver.cli", "import", "--db", db, "--model", "crm.lead",
                   "--batch", str(batch), "--no-progress", str(path)]
        began = time.perf_counter()
        process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
        # VmHWM, the peak RSS of the command's own memory since its exec (the rusage of a child
        # counts the image it was forked from, this whole benchmark process), read until it ends
        peak = 0.0
        while process.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                peak = max(peak, peak_rss_mb(process.pid))
            time.sleep(0.2)
        elapsed = time.perf_counter() - began
        if process.returncode:
            raise SystemExit(f"erpserver import failed ({process.returncode})")
        return rows / elapsed, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-url", default=os.environ.get("ERPSERVER_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432"))
    parser.add_argument("--db", default="erpbench_load", help="database name (dropped and made anew)")
    parser.add_argument("--rows", type=int, default=100_000, help="rows per pass (default 100000)")
    parser.add_argument("--batch", type=int, default=10_000, help="rows per load call (default 10000)")
    parser.add_argument("--single", type=int, default=100_000, help="rows of the one big call (0: skip)")
    parser.add_argument("--cli-rows", type=int, default=1_000_000, help="rows of the CSV import (0: skip)")
    parser.add_argument("--cli-batch", type=int, default=1000, help="erpserver import --batch (default 1000)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args(argv)

    runtime = make_runtime(args.pg_url)
    password = "bench-admin"
    if runtime.databases.exists(args.db):
        databases.drop_database(runtime, args.db)
    databases.create_database(runtime, args.db, demo=False, admin_password=password)
    runtime.databases.dispose(args.db)
    environment = {"ERPSERVER_DB_URL": args.pg_url, "ERPSERVER_LOG_LEVEL": "warning", "BENCH_FLOOR_DB": args.db,
                   "PYTHONPATH": str(ROOT)}
    with tempfile.NamedTemporaryFile(suffix=".log", delete=False) as log:
        log_path = Path(log.name)
    server = start_gunicorn("benchmarks.floor_app:app", environment, workers=args.workers, threads=args.threads,
                            log_path=log_path, extra_args=["--timeout", "600"])
    try:
        uid = authenticate(server.url, args.db, password)
        print(f"crm.lead load, {args.rows} rows in calls of {args.batch}, PostgreSQL, "
              f"gunicorn {args.workers} workers x {args.threads} threads")
        rates = {}
        for tag in ("first", "second"):
            rates[("erpserver", tag)], rates[("floor", tag)] = run_pass(server, args.db, uid, password, tag,
                                                                        args.rows, args.batch)
        for tag, label in (("first", "first load (creates)"), ("second", "second load (updates)")):
            ratio = rates[("erpserver", tag)] / rates[("floor", tag)]
            print(f"  {label:24} erpserver {rates[('erpserver', tag)]:8.0f} rows/s   floor "
                  f"{rates[('floor', tag)]:8.0f} rows/s   ratio {ratio:.2f} ({'meets' if ratio >= TARGET else 'below'} "
                  f"{TARGET})")
        print(f"  peak RSS of a server worker so far: {workers_peak(server):.0f} MB")
        if args.single:
            rate = single_call(server, args.db, uid, password, args.single)
            print(f"one call of {args.single} rows: {rate:.0f} rows/s; peak RSS of a server worker "
                  f"{workers_peak(server):.0f} MB")
    finally:
        stop(server)
        log_path.unlink(missing_ok=True)
    if args.cli_rows:
        rate, rss = cli_import(args.pg_url, args.db, args.cli_rows, args.cli_batch)
        print(f"erpserver import of a {args.cli_rows}-row CSV (batches of {args.cli_batch}): {rate:.0f} rows/s; "
              f"peak RSS of the command {rss:.0f} MB")
    if not args.keep:
        runtime.databases.dispose(args.db)
        databases.drop_database(runtime, args.db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
