"""``erpserver import`` and ``erpserver export``, run for real in subprocesses on both backends."""

from __future__ import annotations

import csv
import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from erpserver import cli, cli_bulk
from erpserver.service.runtime import Runtime
from tests.conftest import ROOT, database_copy
from tests.test_cli import _cli_env, run_cli

LEADS = ["id", "name", "city", "expected_revenue"]


@pytest.fixture
def db(runtime: Runtime, base_template: str) -> Iterator[str]:
    with database_copy(runtime, base_template, f"cli_bulk_{uuid.uuid4().hex[:8]}") as name:
        yield name


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def query(runtime: Runtime, db: str, sql: str) -> list[tuple]:
    with runtime.databases.engine(db).connect() as conn:
        return [tuple(row) for row in conn.execute(sa.text(sql))]


def test_the_parser_knows_import_and_export() -> None:
    parser = cli.build_parser()
    args = parser.parse_args(["import", "--db", "d", "--model", "crm.lead", "f.csv", "--batch", "500",
                              "--context", '{"tz": "UTC"}'])
    assert (args.handler, args.file, args.batch, args.context) == (cli_bulk.cmd_import, "f.csv", 500, '{"tz": "UTC"}')
    args = parser.parse_args(["export", "--db", "d", "--model", "crm.lead", "--fields", "id,name", "out.csv"])
    assert (args.handler, args.fields, args.domain, args.batch) == (cli_bulk.cmd_export, "id,name", None, 1000)
    with pytest.raises(SystemExit):
        parser.parse_args(["import", "--db", "d", "f.csv"])  # no --model


def test_import_creates_then_updates_and_sums_up(backend: str, data_dir: Path, db: str, runtime: Runtime,
                                                 tmp_path: Path) -> None:
    rows = [[f"cli_{n}", f"CLI Lead {n}", "Ghent", str(n)] for n in range(25)]
    path = write_csv(tmp_path / "leads.csv", LEADS, rows)
    first = run_cli(backend, data_dir, "import", "--db", db, "--model", "crm.lead", "--batch", "10", str(path))
    assert "crm.lead: 25 created, 0 updated, 0 failed batch(es)" in first.stderr
    again = run_cli(backend, data_dir, "import", "--db", db, "--model", "crm.lead", str(path))
    assert "crm.lead: 0 created, 25 updated, 0 failed batch(es)" in again.stderr
    assert query(runtime, db, "SELECT count(*) FROM crm_lead WHERE name LIKE 'CLI Lead %'") == [(25,)]


def test_a_failed_batch_keeps_nothing_says_which_row_and_exits_1(backend: str, data_dir: Path, db: str,
                                                                 runtime: Runtime, tmp_path: Path) -> None:
    rows = [[f"bad_{n}", f"Batch Lead {n}", "Ghent", "lots" if n == 3 else "1"] for n in range(6)]
    path = write_csv(tmp_path / "leads.csv", LEADS, rows)
    result = run_cli(backend, data_dir, "import", "--db", db, "--model", "crm.lead", "--batch", "2", str(path),
                     check=False)
    assert result.returncode == 1
    assert "crm.lead: 4 created, 0 updated, 1 failed batch(es)" in result.stderr
    assert ("error: row 5 [expected_revenue]: 'lots' does not seem to be a number for field 'Expected Revenue'"
            in result.stderr)
    names = query(runtime, db, "SELECT name FROM crm_lead WHERE name LIKE 'Batch Lead %' ORDER BY name")
    assert [n for (n,) in names] == ["Batch Lead 0", "Batch Lead 1", "Batch Lead 4", "Batch Lead 5"]


def test_a_batch_never_splits_a_record_from_its_lines(backend: str, data_dir: Path, db: str, runtime: Runtime,
                                                     tmp_path: Path) -> None:
    rows = [["CLI Parent A", "1", "Kid A1"], ["", "", "Kid A2"], ["", "", "Kid A3"], ["CLI Parent B", "1", "Kid B1"]]
    path = write_csv(tmp_path / "partners.csv", ["name", "is_company", "child_ids/name"], rows)
    run_cli(backend, data_dir, "import", "--db", db, "--model", "res.partner", "--batch", "1", str(path))
    kids = query(runtime, db, "SELECT p.name, count(c.id) FROM res_partner p JOIN res_partner c ON c.parent_id = p.id "
                              "WHERE p.name LIKE 'CLI Parent %' GROUP BY p.name ORDER BY p.name")
    assert kids == [("CLI Parent A", 3), ("CLI Parent B", 1)]


def test_export_writes_what_import_takes_back(backend: str, data_dir: Path, db: str, tmp_path: Path) -> None:
    rows = [[f"round_{n}", f"Round Trip {n}", "Bruges" if n % 2 else "Ghent", str(n * 10)] for n in range(7)]
    run_cli(backend, data_dir, "import", "--db", db, "--model", "crm.lead", str(write_csv(tmp_path / "in.csv", LEADS, rows)))
    out = tmp_path / "out.csv"
    result = run_cli(backend, data_dir, "export", "--db", db, "--model", "crm.lead", "--fields", ",".join(LEADS),
                     "--domain", '[["name", "like", "Round Trip"], ["city", "=", "Bruges"]]', "--batch", "2", str(out))
    assert "crm.lead: 3 record(s) exported, 3 row(s)" in result.stderr
    with out.open(newline="") as handle:
        exported = list(csv.reader(handle))
    assert exported == [LEADS] + [[f"__import__.round_{n}", f"Round Trip {n}", "Bruges", f"{n * 10}.0"] for n in (1, 3, 5)]
    again = run_cli(backend, data_dir, "import", "--db", db, "--model", "crm.lead", str(out))
    assert "crm.lead: 0 created, 3 updated, 0 failed batch(es)" in again.stderr


def test_bad_input_is_one_line(backend: str, data_dir: Path, db: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", ["name", "no_such_field"], [["x", "y"]])
    for args, message in (
        (["import", "--db", db, "--model", "crm.lead", str(path)], "unknown field 'no_such_field' in the header"),
        (["import", "--db", db, "--model", "no.model", str(path)], f"no model 'no.model' in '{db}'"),
        (["import", "--db", db, "--model", "crm.lead", "--context", "[1]", str(path)], "--context: expected a JSON object"),
        (["export", "--db", db, "--model", "crm.lead", "--fields", "name", "--domain", "{", str(path)],
         "--domain: not valid JSON"),
    ):
        result = run_cli(backend, data_dir, *args, check=False)
        assert result.returncode in (1, 2) and message in result.stderr.strip().splitlines()[-1], result.stderr


def read_all(fd: int) -> str:
    """Everything written to a pseudo-terminal whose other end is closed."""
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other end is closed and everything was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode(errors="replace")


def test_a_terminal_sees_a_progress_bar(backend: str, data_dir: Path, db: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "leads.csv", LEADS, [[f"bar_{n}", f"Bar {n}", "", ""] for n in range(30)])
    primary, secondary = pty.openpty()  # stderr is a terminal, as when a person runs the command
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    try:
        result = subprocess.run([sys.executable, "-m", "erpserver.cli", "import", "--db", db, "--model", "crm.lead",
                                 "--batch", "10", str(path)], cwd=ROOT, stdin=subprocess.DEVNULL,
                                env={**_cli_env(backend, data_dir), "PYTHONPATH": str(ROOT)},
                                stdout=subprocess.PIPE, stderr=secondary, timeout=60)
        os.close(secondary)
        secondary = -1
        shown = read_all(primary)
    finally:
        os.close(primary)
        if secondary >= 0:
            os.close(secondary)
    assert result.returncode == 0
    assert "import: 100%" in shown and "30/30" in shown and "row/s" in shown
