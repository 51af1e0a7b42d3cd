"""``gunicorn benchmarks.floor_app:app``: erpserver plus a raw-SQL "floor" behind the same server.

``POST /bench/floor/<case>`` answers the benchmark's XML-RPC request bodies with the same query
written by hand (SQLAlchemy ``text()`` on an engine of the same database, configured like
erpserver's), marshalled with ``xmlrpc.client.dumps``. It does **no authentication, no access
checks, no ORM, no response compression**: it is the floor a request cannot go below on this
stack (gunicorn + WSGI + XML-RPC marshalling + psycopg2). Every other path goes to
``erpserver.wsgi.create_app(config)``.

Configuration: the usual ``ERPSERVER_*`` environment for erpserver, and ``BENCH_FLOOR_DB`` (the
database the floor queries; default ``erpbench``).
"""

from __future__ import annotations

import os
import xmlrpc.client
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

from erpserver.config import load_config
from erpserver.wsgi import create_app

FLOOR_PREFIX = "/bench/floor/"

SEARCH_READ_SQL = sa.text(
    "SELECT p.id, p.name, p.email, p.city, p.country_id, c.name AS country_name, p.is_company"
    " FROM res_partner p LEFT JOIN res_country c ON c.id = p.country_id"
    " WHERE p.is_company = true AND p.active = true"
    " ORDER BY p.id LIMIT :limit"
)
READ_SQL = sa.text(
    "SELECT p.id, p.name, p.email, p.city, p.country_id, c.name AS country_name, p.is_company"
    " FROM res_partner p LEFT JOIN res_country c ON c.id = p.country_id"
    " WHERE p.id = ANY(:ids) ORDER BY p.id"
)
CREATE_SQL = sa.text(
    "INSERT INTO res_partner (name, complete_name, email, active, is_company, type,"
    " create_uid, create_date, write_uid, write_date)"
    " VALUES (:name, :name, :email, true, false, 'contact',"
    " :uid, now() at time zone 'utc', :uid, now() at time zone 'utc') RETURNING id"
)


LOAD_COLUMNS = ("name", "partner_name", "email_from", "phone", "city", "expected_revenue")


def _value(value: Any) -> Any:
    return False if value is None else value


def _partner(row: sa.Row) -> dict[str, Any]:
    """One row in the shape erpserver's read gives it (m2o as [id, name], NULL as False)."""
    return {
        "id": row.id,
        "name": _value(row.name),
        "email": _value(row.email),
        "city": _value(row.city),
        "country_id": [row.country_id, row.country_name] if row.country_id else False,
        "is_company": bool(row.is_company),
    }


class FloorApp:
    def __init__(self, db_url: str, db_name: str, fallback: Callable[..., Iterable[bytes]]) -> None:
        url = sa.engine.make_url(db_url).set(drivername="postgresql+psycopg2", database=db_name)
        # The same engine settings as erpserver's DatabaseManager for PostgreSQL.
        self.engine = sa.create_engine(url, isolation_level="REPEATABLE READ", pool_size=4, max_overflow=8,
                                       pool_pre_ping=False, pool_recycle=3600)
        self.fallback = fallback
        self.cases: dict[str, Callable[[tuple[Any, ...]], Any]] = {
            "search_read": self.search_read,
            "read": self.read,
            "create": self.create,
            "load": self.load,
        }

    # -- cases: ``params`` are execute_kw's (db, uid, password, model, method, args, kwargs) -------
    def search_read(self, params: tuple[Any, ...]) -> Any:
        kwargs = params[6] if len(params) > 6 else {}
        with self.engine.begin() as conn:
            rows = conn.execute(SEARCH_READ_SQL, {"limit": int(kwargs.get("limit", 80))})
            return [_partner(row) for row in rows]

    def read(self, params: tuple[Any, ...]) -> Any:
        ids = [int(each) for each in params[5][0]]
        with self.engine.begin() as conn:
            return [_partner(row) for row in conn.execute(READ_SQL, {"ids": ids})]

    def create(self, params: tuple[Any, ...]) -> Any:
        values = params[5][0]
        with self.engine.begin() as conn:
            return conn.execute(CREATE_SQL, {"name": values["name"], "email": values.get("email"),
                                             "uid": int(params[1])}).scalar_one()

    def load(self, params: tuple[Any, ...]) -> Any:
        """crm.lead ``load`` of rows ``[xmlid, *LOAD_COLUMNS]`` with psycopg2 ``execute_values``:
        one look-up of the external ids, the new leads and their external ids inserted, the known
        leads updated (the defaults create() would add are written as constants)."""
        from psycopg2.extras import execute_values

        fields, rows = params[5][0], params[5][1]
        assert list(fields) == ["id", *LOAD_COLUMNS], fields
        uid = int(params[1])
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            names = [row[0] for row in rows]
            cursor.execute("SELECT name, res_id FROM ir_model_data WHERE module = '__import__' AND name = ANY(%s)",
                           (names,))
            known = dict(cursor.fetchall())
            values = [(row[0], row[1], row[2] or None, row[3] or None, row[4] or None, row[5] or None,
                       float(row[6]) if row[6] else None) for row in rows]
            new = [v for v in values if v[0] not in known]
            ids = {}
            if new:
                created = execute_values(
                    cursor,
                    "INSERT INTO crm_lead (name, partner_name, email_from, phone, city, expected_revenue, active,"
                    " type, priority, color, user_id, create_uid, write_uid, create_date, write_date) VALUES %s"
                    " RETURNING id",
                    [(*v[1:], uid, uid, uid) for v in new],
                    template="(%s, %s, %s, %s, %s, %s, true, 'lead', '0', 0, %s, %s, %s, now() at time zone 'utc',"
                             " now() at time zone 'utc')",
                    page_size=1000, fetch=True)
                ids.update({v[0]: row[0] for v, row in zip(new, created, strict=True)})
                execute_values(
                    cursor,
                    "INSERT INTO ir_model_data (module, name, model, res_id, noupdate, create_uid, write_uid,"
                    " create_date, write_date) VALUES %s",
                    [(v[0], ids[v[0]], uid, uid) for v in new],
                    template="('__import__', %s, 'crm.lead', %s, false, %s, %s, now() at time zone 'utc',"
                             " now() at time zone 'utc')",
                    page_size=1000)
            old = [(known[v[0]], *v[1:]) for v in values if v[0] in known]
            if old:
                execute_values(
                    cursor,
                    "UPDATE crm_lead SET name = v.name, partner_name = v.partner_name, email_from = v.email_from,"
                    " phone = v.phone, city = v.city, expected_revenue = v.revenue::numeric, write_uid = v.uid,"
                    " write_date = now() at time zone 'utc'"
                    " FROM (VALUES %s) AS v (id, name, partner_name, email_from, phone, city, revenue, uid)"
                    " WHERE crm_lead.id = v.id",
                    [(*v, uid) for v in old], page_size=1000)
                ids.update({v[0]: known[v[0]] for v in values if v[0] in known})
            raw.commit()
            return {"ids": [ids[row[0]] for row in rows], "messages": [], "nextrow": 0}
        finally:
            raw.close()

    # -- WSGI ------------------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(FLOOR_PREFIX):
            return self.fallback(environ, start_response)
        handler = self.cases.get(path[len(FLOOR_PREFIX):])
        if handler is None or environ.get("REQUEST_METHOD") != "POST":
            start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "9")])
            return [b"not found"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        try:
            params, _method = xmlrpc.client.loads(body)
            payload = xmlrpc.client.dumps((handler(params),), methodresponse=True, allow_none=False)
        except Exception as error:  # noqa: BLE001 - a benchmark floor: report, don't crash the worker
            payload = xmlrpc.client.dumps(xmlrpc.client.Fault(1, f"{type(error).__name__}: {error}"),
                                          methodresponse=True)
        data = payload.encode("utf-8")
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(data)))])
        return [data]


def _build() -> FloorApp:
    config = load_config()
    if not config.db_url:
        raise RuntimeError("the benchmark floor needs PostgreSQL: set ERPSERVER_DB_URL")
    return FloorApp(config.db_url, os.environ.get("BENCH_FLOOR_DB", "erpbench"), create_app(config))


app = _build()
application = app
