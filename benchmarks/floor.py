"""``gunicorn benchmarks.floor:app``: the benchmark's calls written by hand, the floor for erpserver.

The fastest plausible hand-written endpoint on the same stack: the request read with the standard
library (``xmlrpc.client.loads`` or ``json.loads``), the same SQL run with the raw driver
(psycopg2, REPEATABLE READ, one transaction per call; or sqlite3, each statement its own
transaction), the same shapes (many2one as ``[id, name]``, NULL as False) written with
``xmlrpc.client.dumps`` or ``json.dumps``. No SQLAlchemy, no authentication, no access rights, no
response compression. One connection per worker process (gunicorn's sync workers serve one
request at a time; a thread of its own each under threaded workers).

    POST /xmlrpc/<case>   XML-RPC execute_kw bodies      cases: search_read, read, create,
    POST /jsonrpc/<case>  JSON-RPC /jsonrpc bodies              version (common.version)
    GET  /health

Configuration: ``BENCH_FLOOR_DSN`` (a libpq connection string) or ``BENCH_FLOOR_SQLITE`` (a file).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import xmlrpc.client
from collections.abc import Callable, Iterable
from typing import Any

import psycopg2

COLUMNS = ("SELECT p.id, p.name, p.email, p.city, p.country_id, c.name, p.is_company"
           " FROM res_partner p LEFT JOIN res_country c ON c.id = p.country_id")
VERSION = {"server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""], "server_serie": "17.0",
           "protocol_version": 1}


def _partner(row: tuple[Any, ...]) -> dict[str, Any]:
    pid, name, email, city, country_id, country, is_company = row
    return {"id": pid, "name": name if name is not None else False, "email": email if email is not None else False,
            "city": city if city is not None else False,
            "country_id": [country_id, country] if country_id else False, "is_company": bool(is_company)}


class PostgresFloor:
    placeholder = "%s"

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def connect(self) -> Any:
        conn = psycopg2.connect(self.dsn)
        conn.set_session(isolation_level="REPEATABLE READ")
        return conn

    def search_read(self, conn: Any, limit: int) -> list[dict[str, Any]]:
        with conn.cursor() as cur:
            cur.execute(f"{COLUMNS} WHERE p.is_company AND p.active ORDER BY p.id LIMIT %s", (limit,))
            rows = cur.fetchall()
        conn.commit()
        return [_partner(row) for row in rows]

    def read(self, conn: Any, ids: list[int]) -> list[dict[str, Any]]:
        with conn.cursor() as cur:
            cur.execute(f"{COLUMNS} WHERE p.id = ANY(%s) ORDER BY p.id", (ids,))
            rows = cur.fetchall()
        conn.commit()
        return [_partner(row) for row in rows]

    def create(self, conn: Any, values: dict[str, Any], uid: int) -> int:
        with conn.cursor() as cur:
            cur.execute(
                "INSERT INTO res_partner (name, complete_name, email, active, is_company, type, color,"
                " create_uid, create_date, write_uid, write_date)"
                " VALUES (%s, %s, %s, true, false, 'contact', 0, %s, now() at time zone 'utc', %s,"
                " now() at time zone 'utc') RETURNING id",
                (values["name"], values["name"], values.get("email"), uid, uid))
            (new_id,) = cur.fetchone()
        conn.commit()
        return int(new_id)


class SqliteFloor:
    def __init__(self, path: str) -> None:
        self.path = path

    def connect(self) -> Any:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    def search_read(self, conn: Any, limit: int) -> list[dict[str, Any]]:
        rows = conn.execute(f"{COLUMNS} WHERE p.is_company AND p.active ORDER BY p.id LIMIT ?", (limit,)).fetchall()
        return [_partner(row) for row in rows]

    def read(self, conn: Any, ids: list[int]) -> list[dict[str, Any]]:
        marks = ", ".join("?" * len(ids))
        return [_partner(row) for row in conn.execute(f"{COLUMNS} WHERE p.id IN ({marks}) ORDER BY p.id", ids)]

    def create(self, conn: Any, values: dict[str, Any], uid: int) -> int:
        (new_id,) = conn.execute(
            "INSERT INTO res_partner (name, complete_name, email, active, is_company, type, color,"
            " create_uid, create_date, write_uid, write_date)"
            " VALUES (?, ?, ?, 1, 0, 'contact', 0, ?, datetime('now'), ?, datetime('now')) RETURNING id",
            (values["name"], values["name"], values.get("email"), uid, uid)).fetchone()
        return int(new_id)


def _answer(backend: PostgresFloor | SqliteFloor, conn: Any, case: str, params: list[Any]) -> Any:
    """``params`` are execute_kw's: (db, uid, password, model, method, args, kwargs)."""
    if case == "version":
        return VERSION
    args = params[5]
    kwargs = params[6] if len(params) > 6 else {}
    if case == "search_read":
        return backend.search_read(conn, int(kwargs.get("limit", 80)))
    if case == "read":
        return backend.read(conn, [int(each) for each in args[0]])
    if case == "create":
        return backend.create(conn, args[0], int(params[1]))
    raise ValueError(f"no floor case {case!r}")


class Floor:
    """The WSGI application."""

    def __init__(self, backend: PostgresFloor | SqliteFloor) -> None:
        self.backend = backend
        self.local = threading.local()

    def connection(self) -> Any:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = self.backend.connect()
        return conn

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/health":
            return _send(start_response, b"ok", "text/plain")
        protocol, _, case = path.strip("/").partition("/")
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        if protocol == "xmlrpc":
            try:
                params, _method = xmlrpc.client.loads(body)
                payload = xmlrpc.client.dumps((_answer(self.backend, self.connection(), case, list(params)),),
                                              methodresponse=True)
            except Exception as error:  # noqa: BLE001 - a benchmark floor: report, don't crash the worker
                payload = xmlrpc.client.dumps(xmlrpc.client.Fault(1, f"{type(error).__name__}: {error}"),
                                              methodresponse=True)
            return _send(start_response, payload.encode("utf-8"), "text/xml; charset=utf-8")
        if protocol == "jsonrpc":
            request = json.loads(body)
            try:
                answer = {"jsonrpc": "2.0", "id": request.get("id"),
                          "result": _answer(self.backend, self.connection(), case, request["params"]["args"])}
            except Exception as error:  # noqa: BLE001
                answer = {"jsonrpc": "2.0", "id": request.get("id"), "error": {"code": 200, "message": str(error)}}
            return _send(start_response, json.dumps(answer, ensure_ascii=False).encode("utf-8"),
                         "application/json; charset=utf-8")
        return _send(start_response, b"not found", "text/plain", "404 Not Found")


def _send(start_response: Callable[..., Any], data: bytes, content_type: str, status: str = "200 OK") -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
    return [data]


def _build() -> Floor:
    sqlite_path = os.environ.get("BENCH_FLOOR_SQLITE")
    if sqlite_path:
        return Floor(SqliteFloor(sqlite_path))
    dsn = os.environ.get("BENCH_FLOOR_DSN")
    if not dsn:
        raise RuntimeError("set BENCH_FLOOR_DSN (PostgreSQL) or BENCH_FLOOR_SQLITE (a SQLite file)")
    return Floor(PostgresFloor(dsn))


app = application = _build()
