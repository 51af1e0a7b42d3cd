"""erpserver's codecs against the standard library's, on the shapes the server reads and writes.

    .venv/bin/python benchmarks/codec_bench.py

In-process, no server: for each shape, the median of ``--rounds`` rounds (each a batch of calls
timed in CPU time of this process, which other processes on a busy machine disturb far less than
wall-clock time), ours and the stdlib's taking turns. XML-RPC requests: ``xmlrpc.client.loads``
against ``erpserver.protocols.xmlrpc.decode_request``; answers: ``xmlrpc.client.dumps`` against
``encode_result``; JSON-RPC: ``json.loads``/``json.dumps`` against ``read_envelope`` and
``encode_result``. Prints microseconds and the speed-up (stdlib time / ours); asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import xmlrpc.client
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from erpserver.protocols import jsonrpc  # noqa: E402
from erpserver.protocols import xmlrpc as xml_codec  # noqa: E402

FIELDS = ["name", "email", "city", "country_id", "is_company"]


def partner(n: int) -> dict[str, Any]:
    return {"id": n, "name": f"Bench Partner {n:06d}", "email": f"partner{n}@bench.example", "city": "Brussels",
            "country_id": [21, "Belgium"] if n % 7 else False, "is_company": n % 5 == 0}


def execute_kw(method: str, args: list[Any], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    return ("erpbench", 2, "bench-admin", "res.partner", method, args, kwargs)


REQUESTS: dict[str, tuple[Any, ...]] = {
    "version()": (),
    "authenticate": ("erpbench", "admin", "bench-admin", {}),
    "search_read": execute_kw("search_read", [[["is_company", "=", True]]], {"fields": FIELDS, "limit": 80,
                                                                              "order": "id"}),
    "read 1 record": execute_kw("read", [[4242]], {"fields": FIELDS}),
    "create": execute_kw("create", [{"name": "Bench Created 1", "email": "created1@bench.example"}], {}),
    "write 20 ids": execute_kw("write", [list(range(1, 21)), {"city": "Paris", "is_company": False}], {}),
    "load 1,000 rows": execute_kw("load", [["name", "email", "city"],
                                           [[f"P{n}", f"p{n}@x.example", "Oslo"] for n in range(1000)]], {}),
}
ANSWERS: dict[str, Any] = {
    "version()": {"server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""],
                  "server_serie": "17.0", "protocol_version": 1},
    "uid": 2,
    "search_read 80 x 5": [partner(n) for n in range(80)],
    "read 1 record": [partner(4242)],
    "search 1,000 ids": list(range(1, 1001)),
    "fields_get-like": {f"field_{n}": {"type": "char", "string": f"Field {n}", "required": False,
                                       "readonly": n % 2 == 0, "help": "A <field> & its help", "selection": [
                                           ["a", "A"], ["b", "B"]], "size": None} for n in range(60)},
    "dates and floats": [{"id": n, "date": datetime(2024, 5, 1, 13, 45, n % 60), "amount": n * 1.25}
                         for n in range(80)],
}


def per_call(call: Callable[[], Any], batch: int) -> float:
    started = time.process_time()
    for _ in range(batch):
        call()
    return (time.process_time() - started) / batch


def compare(ours: Callable[[], Any], theirs: Callable[[], Any], rounds: int) -> tuple[float, float]:
    """Median per-call seconds of each, the two taking turns round after round."""
    ours(), theirs()
    batch = max(1, int(0.05 / max(per_call(theirs, 3), 1e-6)))
    mine, stdlib = [], []
    for _ in range(rounds):
        mine.append(per_call(ours, batch))
        stdlib.append(per_call(theirs, batch))
    return statistics.median(mine), statistics.median(stdlib)


def row(label: str, ours: float, theirs: float) -> str:
    return f"  {label:<22} {ours * 1e6:10.1f} {theirs * 1e6:10.1f} {theirs / ours:8.2f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=9, help="rounds per shape (default 9)")
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= 101:
        parser.error("--rounds must be within 1..101")
    header = f"  {'shape':<22} {'ours us':>10} {'stdlib us':>10} {'speed-up':>9}"
    print(f"medians of {args.rounds} rounds; speed-up = stdlib time / ours (> 1: ours is faster)")
    print("XML-RPC requests (decode_request vs xmlrpc.client.loads)")
    print(header)
    for label, params in REQUESTS.items():
        method = "version" if label == "version()" else label.split()[0]
        body = xmlrpc.client.dumps(params, method).encode()
        print(row(label, *compare(lambda body=body: xml_codec.decode_request(body),
                                  lambda body=body: xmlrpc.client.loads(body), args.rounds)))
    print("XML-RPC answers (encode_result vs xmlrpc.client.dumps(...).encode())")
    print(header)
    for label, value in ANSWERS.items():
        stdlib_value = json.loads(json.dumps(value, default=str))  # the stdlib cannot write datetimes as text
        print(row(label, *compare(lambda value=value: xml_codec.encode_result(value),
                                  lambda value=stdlib_value: xmlrpc.client.dumps((value,), methodresponse=True,
                                                                                 allow_none=True).encode(),
                                  args.rounds)))
    print("JSON-RPC requests (read_envelope + call_arguments vs json.loads)")
    print(header)
    for label, params in REQUESTS.items():
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1,
                           "params": {"service": "object", "method": "execute_kw", "args": list(params)}}).encode()
        print(row(label, *compare(lambda body=body: jsonrpc.call_arguments(jsonrpc.read_envelope(body).params),
                                  lambda body=body: json.loads(body), args.rounds)))
    print("JSON-RPC answers (encode_result vs json.dumps(..., ensure_ascii=False).encode())")
    print(header)
    for label, value in ANSWERS.items():
        envelope = {"jsonrpc": "2.0", "id": 1, "result": value}
        print(row(label, *compare(lambda value=value: jsonrpc.encode_result(1, value),
                                  lambda envelope=envelope: json.dumps(envelope, ensure_ascii=False,
                                                                       default=str).encode(),
                                  args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
