"""Every real client, in six languages, runs the published walk-through against a real server.

One test per client set-up (tests/clients/README.md lists them and the script contract): the
script runs in that client's own runtime against erpserver behind gunicorn, on PostgreSQL only
(the backend a deployment uses; the scripts exercise the wire, which is the same on SQLite),
with a demo database of its own. A test fails on any failed step, naming the client and the
step; a client that is not installed fails too (``scripts/install_clients.sh`` installs them),
it is never skipped.

Every script also logs in with an API key instead of the password: the key is made with
``erpserver apikey create`` and handed to every script in ERPSERVER_API_KEY.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
import xmlrpc.client
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from erpserver.service import databases
from erpserver.service.runtime import Runtime
from tests.conftest import ADMIN_PASSWORD, ROOT, make_config, start_server, worker_db_name
from tests.servers import erpserver_environment, stop

HERE = Path(__file__).resolve().parent
CLIENTS = ROOT / ".clients"
PYTHON = sys.executable  # .venv: odooly 2.5.8, ERPpeek, OdooRPC, odoo-client-lib (the "test" extra)
AXMLRPC = "/usr/share/java/axmlrpc.jar"
SCRIPT_TIMEOUT = 180

# The walk-through's steps every script prints (``version`` where the client has a call for it).
WALKTHROUGH = (
    "version", "authenticate", "check_access_rights", "search", "search_offset_limit", "search_count",
    "read_fields", "fields_get_attributes", "search_read", "create", "write_non_ascii", "display_name",
    "unlink", "unlink_gone", "x_model_create", "x_fields_create", "x_record", "x_model_drop",
    "load_create", "load_update",
)  # fmt: skip


@dataclass(frozen=True)
class SetUp:
    """One client as a user installs and runs it."""

    name: str
    command: tuple[str, ...]
    no_version_call: bool = False  # the client only authenticates
    environment: dict[str, str] = field(default_factory=dict)


NODE = {"NODE_PATH": str(CLIENTS / "node" / "node_modules")}
SET_UPS = (
    SetUp("python-xmlrpc.client", (PYTHON, "python/xmlrpc_client.py")),
    SetUp("odooly-2.5.8-xmlrpc", (PYTHON, "python/odooly_xmlrpc.py")),
    SetUp("odooly-2.6-jsonrpc", (str(CLIENTS / "venv-odooly26" / "bin" / "python"), "python/odooly_jsonrpc.py")),
    SetUp("erppeek", (PYTHON, "python/erppeek_client.py")),
    SetUp("odoo-client-lib", (PYTHON, "python/odoolib_client.py")),
    SetUp("odoorpc", (PYTHON, "python/odoorpc_client.py")),
    SetUp("oerplib3", (str(CLIENTS / "venv-oerplib3" / "bin" / "python"), "python/oerplib3_client.py")),
    SetUp("ruby-xmlrpc", ("ruby", "ruby/walkthrough.rb")),
    SetUp("perl-rpc-xml", ("perl", "perl/rpc_xml.pl")),
    SetUp("perl-frontier", ("perl", "perl/frontier.pl")),
    SetUp("perl-xmlrpc-lite", ("perl", "perl/xmlrpc_lite.pl")),
    SetUp("php-xmlrpc", ("php", "php/walkthrough.php")),
    SetUp("node-xmlrpc", ("node", "node/xmlrpc.js"), environment=NODE),
    SetUp("node-odoo-xmlrpc", ("node", "node/odoo_xmlrpc.js"), no_version_call=True, environment=NODE),
    SetUp("node-odoo-await", ("node", "node/odoo_await.js"), no_version_call=True, environment=NODE),
    SetUp("java-axmlrpc", ("java", "-Dfile.encoding=UTF-8", "-cp", AXMLRPC, "java/Walkthrough.java")),
)  # fmt: skip

_LINE = re.compile(r"^(ok|FAIL|skip) ([\w.]+)(?::\s*(.*))?$")
_TOTAL = re.compile(r"^(.+): (\d+) passed, (\d+) failed$")


@dataclass
class ClientServer:
    url: str
    db: str
    api_key: str  # made with `erpserver apikey create` for the administrator


def _has_api_keys(url: str, db: str) -> bool:
    with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object") as proxy:
        return bool(proxy.execute_kw(db, 2, ADMIN_PASSWORD, "ir.model", "search",
                                     [[["model", "=", "res.users.apikeys"]]]))


def _create_api_key(environment: dict[str, str], db: str) -> str:
    command = [str(Path(PYTHON).with_name("erpserver")), "apikey", "create", "--db", db, "--login", "admin",
               "--name", "client walk-throughs"]
    done = subprocess.run(command, env={**os.environ, **environment}, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, f"erpserver apikey create failed:\n{done.stdout}{done.stderr}"
    return done.stdout.strip()


@pytest.fixture(scope="module")
def client_server(data_dir: Path) -> Iterator[ClientServer]:
    """erpserver behind gunicorn, PostgreSQL, a demo database made for the clients."""
    runtime = Runtime.from_config(make_config("postgresql", data_dir))
    name = worker_db_name("clients")
    databases.create_database(runtime, name, demo=True, admin_password=ADMIN_PASSWORD)
    runtime.databases.dispose(name)
    process = start_server(runtime.config)
    try:
        assert _has_api_keys(process.url, name), "the server has no res.users.apikeys"
        api_key = _create_api_key(erpserver_environment(runtime.config), name)
        yield ClientServer(process.url, name, api_key)
    finally:
        stop(process)
        databases.drop_database(runtime, name)


def _failures(set_up: SetUp, output: str, returncode: int) -> list[str]:
    """What went wrong, one line each, from the script's output."""
    steps: dict[str, tuple[str, str]] = {}
    totals = None
    for line in output.splitlines():
        if match := _LINE.match(line):
            steps[match[2]] = (match[1], match[3] or "")
        elif match := _TOTAL.match(line):
            totals = int(match[2]), int(match[3])
    problems = [f"step {step}: {detail}" for step, (status, detail) in steps.items() if status == "FAIL"]
    expected = [s for s in WALKTHROUGH if s != "authenticate" and not (s == "version" and set_up.no_version_call)]
    problems += [f"step {step}: never ran" for step in expected if step not in steps]
    if not {"authenticate", "login"} & steps.keys():
        problems.append("step authenticate (or login): never ran")
    api_key = steps.get("api_key", ("never ran", ""))[0]
    if api_key not in ("ok", "FAIL"):
        problems.append(f"step api_key: {api_key} (every client must log in with an API key)")
    if not steps.keys() - {*WALKTHROUGH, "login", "api_key"}:
        problems.append("no step of the client's own beyond the walk-through")
    if totals is None:
        problems.append("no closing 'N passed, N failed' line")
    elif totals != (sum(1 for s, _ in steps.values() if s == "ok"), sum(1 for s, _ in steps.values() if s == "FAIL")):
        problems.append(f"the closing line {totals} does not match the steps printed")
    if returncode != 0 and not problems:
        problems.append(f"exit status {returncode}")
    return problems


@pytest.mark.parametrize("set_up", SET_UPS, ids=[s.name for s in SET_UPS])
def test_client_runs_the_walkthrough(set_up: SetUp, client_server: ClientServer) -> None:
    environment = {
        **os.environ, **set_up.environment,
        "ERPSERVER_URL": client_server.url, "ERPSERVER_DB": client_server.db,
        "ERPSERVER_LOGIN": "admin", "ERPSERVER_PASSWORD": ADMIN_PASSWORD,
        "ERPSERVER_API_KEY": client_server.api_key,
        "ERPSERVER_TAG": re.sub(r"\W", "_", set_up.name.lower()) + "_" + uuid.uuid4().hex[:6],
    }  # fmt: skip
    try:
        done = subprocess.run(set_up.command, cwd=HERE, env=environment, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=SCRIPT_TIMEOUT, check=False)
    except FileNotFoundError as error:
        pytest.fail(f"{set_up.name} is not installed ({error}): run scripts/install_clients.sh")
    problems = _failures(set_up, done.stdout, done.returncode)
    assert not problems, (
        f"{set_up.name} failed:\n  " + "\n  ".join(problems)
        + f"\n--- output ---\n{done.stdout}\n--- errors ---\n{done.stderr[-3000:]}"
    )
