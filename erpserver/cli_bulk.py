"""``erpserver import`` and ``erpserver export``: CSV files in and out, a batch at a time.

Both work in the database directly, as the superuser (like ``erpserver user``), through the
model methods clients call: ``load`` for each batch of rows (its own transaction, retried on
conflicts; a batch whose rows fail keeps nothing, and the command goes on with the next one and
exits 1), ``export_data`` for each batch of records (searched by id, so memory stays that of a
batch). A progress bar (tqdm) on a terminal shows rows per second and the time left.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import functools
import json
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any

DEFAULT_BATCH = 1000


def add_parsers(commands: Any, positive_int: Callable[[str], int]) -> None:
    """The ``import`` and ``export`` subcommands (``commands``: cli._Subcommands)."""
    importing = commands.add_parser("import", help="load a CSV file into a model (header: the load field list)")
    importing.add_argument("file", metavar="FILE.csv", help="the CSV file ('-' for standard input)")
    _common(importing, positive_int)
    importing.set_defaults(handler=cmd_import)
    exporting = commands.add_parser("export", help="write a model's records to a CSV file (export_data)")
    exporting.add_argument("file", metavar="FILE.csv", help="the CSV file to write ('-' for standard output)")
    exporting.add_argument("--fields", required=True, metavar="A,B/ID,C",
                           help="the fields, comma-separated, in load's path syntax (f/id, f/.id, f/sub)")
    exporting.add_argument("--domain", metavar="JSON", help="which records (a domain, default all)")
    _common(exporting, positive_int)
    exporting.set_defaults(handler=cmd_export)


def _common(parser: argparse.ArgumentParser, positive_int: Callable[[str], int]) -> None:
    parser.add_argument("--db", required=True, metavar="NAME", help="database name")
    parser.add_argument("--model", required=True, metavar="MODEL", help="e.g. res.partner")
    parser.add_argument("--batch", type=positive_int, default=DEFAULT_BATCH, metavar="N",
                        help=f"records per call and transaction (default {DEFAULT_BATCH})")
    parser.add_argument("--context", metavar="JSON", help='context of every call, e.g. {"tz": "Europe/Brussels"}')
    parser.add_argument("--no-progress", action="store_true", help="no progress bar (none either off a terminal)")


def _json(option: str, text: str | None, kind: type) -> Any:
    from erpserver.cli import EXIT_USAGE, CliError

    if text is None:
        return kind()
    try:
        value = json.loads(text)
    except ValueError as error:
        raise CliError(f"{option}: not valid JSON ({error})", EXIT_USAGE)
    if not isinstance(value, kind):
        raise CliError(f"{option}: expected a JSON {'object' if kind is dict else 'array'}", EXIT_USAGE)
    return value


class Database:
    """One database of the configuration, each ``run`` a transaction as the superuser."""

    def __init__(self, config: Any, name: str, context: dict[str, Any]) -> None:
        from erpserver.cli import _runtime
        from erpserver.service.databases import check_erpserver_database

        self.runtime = _runtime(config)
        check_erpserver_database(self.runtime, name)
        self.name = name
        self.engine = self.runtime.databases.engine(name)
        self.context = context

    def run(self, work: Callable[[Any], Any]) -> Any:
        from erpserver.service import transaction

        def in_transaction(conn: Any) -> Any:
            env = self.runtime.registries.environment(self.name, conn)
            return work(env(context=self.context) if self.context else env)

        return transaction.run(self.engine, in_transaction)

    def close(self) -> None:
        self.runtime.databases.dispose()


@contextlib.contextmanager
def _database(config: Any, args: argparse.Namespace) -> Iterator[Database]:
    from erpserver.cli import CliError

    database = Database(config, args.db, _json("--context", args.context, dict))
    try:
        if args.model not in database.run(lambda env: env.registry):
            raise CliError(f"no model {args.model!r} in {args.db!r}")
        yield database
    finally:
        database.close()


def _progress(args: argparse.Namespace, total: int | None, verb: str) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="row", desc=verb, file=sys.stderr, dynamic_ncols=True,
                disable=True if args.no_progress else None)  # None: only on a terminal


# -- import ---------------------------------------------------------------------------------------
@dataclasses.dataclass
class Summary:
    created: int = 0
    updated: int = 0
    failed_batches: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)


def _open_input(path: str) -> IO[str]:
    if path == "-":
        return sys.stdin
    return open(path, newline="", encoding="utf-8-sig")


def _count_rows(path: str) -> int | None:
    """The number of data rows (CSV records, not lines), for the progress bar's ETA."""
    if path == "-":
        return None
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return max(0, sum(1 for _row in csv.reader(handle)) - 1)


def batches(rows: Iterator[list[str]], size: int, starts_record: Callable[[list[str]], bool]
            ) -> Iterator[tuple[int, list[list[str]]]]:
    """(index of its first data row, rows) of at least ``size`` rows, cut only before a row that
    starts a record: a record's one2many lines stay in its batch."""
    batch: list[list[str]] = []
    first = 0
    for number, row in enumerate(rows):
        if len(batch) >= size and starts_record(row):
            yield first, batch
            batch, first = [], number
        batch.append(row)
    if batch:
        yield first, batch


def cmd_import(args: argparse.Namespace, config: Any) -> int:
    """Load a CSV file a batch at a time; a summary at the end; exit 1 if a batch failed."""
    from erpserver.cli import EXIT_FAILURE, EXIT_OK, CliError
    from erpserver.orm.bulk.headers import Plan

    total = _count_rows(args.file)
    with _database(config, args) as database, _open_input(args.file) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header:
            raise CliError(f"{args.file}: no header row")
        try:
            own = database.run(lambda env: Plan.of(env[args.model], header).own_indexes)
        except KeyError as error:
            raise CliError(f"{args.file}: unknown field {error.args[0]!r} in the header")

        def starts_record(row: list[str]) -> bool:
            return any(i < len(row) and row[i] for i in own)

        summary = Summary()
        with _progress(args, total, "import") as bar:
            for first, rows in batches(reader, args.batch, starts_record):
                _import_batch(database, args.model, header, first, rows, summary)
                bar.update(len(rows))
                bar.set_postfix(created=summary.created, updated=summary.updated, failed=summary.failed_batches,
                                refresh=False)
    print(f"{args.model}: {summary.created} created, {summary.updated} updated, "
          f"{summary.failed_batches} failed batch(es)", file=sys.stderr)
    for line in summary.errors:
        print(line, file=sys.stderr)
    return EXIT_FAILURE if summary.failed_batches else EXIT_OK


def _import_batch(database: Database, model: str, header: list[str], first: int, rows: list[list[str]],
                  summary: Summary) -> None:
    import sqlalchemy as sa

    def work(env: Any) -> tuple[int, dict[str, Any]]:
        table = env.registry[model]._table
        highest = env.cr.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0
        return highest, env[model].load(header, rows)

    highest, result = database.run(work)
    for message in result["messages"]:
        # row numbers of the file, its header being row 1
        start, end = (first + message["rows"][key] + 2 for key in ("from", "to"))
        where = f"row {start}" if start == end else f"rows {start}-{end}"
        field = f" [{message['field']}]" if message.get("field") else ""
        summary.errors.append(f"{message['type']}: {where}{field}: {message['message']}")
    if result["ids"] is False:
        summary.failed_batches += 1
        return
    created = sum(1 for record_id in result["ids"] if record_id > highest)
    summary.created += created
    summary.updated += len(result["ids"]) - created


# -- export ---------------------------------------------------------------------------------------
def cmd_export(args: argparse.Namespace, config: Any) -> int:
    """export_data a batch of records at a time (by increasing id) into a CSV file."""
    from erpserver.cli import EXIT_OK

    fields = [f.strip() for f in args.fields.split(",") if f.strip()]
    domain = _json("--domain", args.domain, list)
    with _database(config, args) as database, _open_output(args.file) as output:
        total = database.run(lambda env: env[args.model].search_count(domain))
        written = 0
        writer = csv.writer(output)
        writer.writerow(fields)
        last = 0
        with _progress(args, total, "export") as bar:
            while True:
                last, rows, count = database.run(functools.partial(
                    _export_batch, model=args.model, domain=domain, fields=fields, after=last, size=args.batch))
                if not count:
                    break
                writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
                written += len(rows)
                bar.update(count)
    print(f"{args.model}: {total} record(s) exported, {written} row(s)", file=sys.stderr)
    return EXIT_OK


@contextlib.contextmanager
def _open_output(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        return
    with open(path, "w", newline="", encoding="utf-8") as handle:
        yield handle


def _export_batch(env: Any, model: str, domain: list[Any], fields: list[str], after: int, size: int
                  ) -> tuple[int, list[list[Any]], int]:
    records = env[model].search([("id", ">", after), *domain], order="id", limit=size)
    if not records:
        return after, [], 0
    return records.ids[-1], records.export_data(fields)["datas"], len(records)


def _csv_cell(value: Any) -> Any:
    """Booleans as load reads them back ("True"/"False" would do too; 1/0 are shorter)."""
    if value is True:
        return "1"
    if value is False:
        return "0"
    return value
