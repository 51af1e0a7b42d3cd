"""What every Python client script shares: the server it talks to, the data of the walk-through,
and the step runner that prints one line per step and the total.

Not a client: each script imports it from its own folder, so it runs in whichever virtualenv
holds that client, and it uses nothing but the standard library.
The output format and the step names are the contract of ``tests/clients/README.md``.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

URL = os.environ.get("ERPSERVER_URL", "http://127.0.0.1:8069")
DB = os.environ.get("ERPSERVER_DB", "demo")
LOGIN = os.environ.get("ERPSERVER_LOGIN", "admin")
PASSWORD = os.environ.get("ERPSERVER_PASSWORD", "admin")
API_KEY = os.environ.get("ERPSERVER_API_KEY", "")
TAG = os.environ.get("ERPSERVER_TAG", "py")  # makes names unique: scripts run side by side

HOST = urlsplit(URL).hostname or "127.0.0.1"
PORT = urlsplit(URL).port or 80

# The published walk-through's data.
COMPANIES = [["is_company", "=", True]]
READ_FIELDS = ["name", "country_id", "comment"]
PARTNER_NAME = f"Walk-through partner {TAG}"
NON_ASCII_NAME = f"Zoë Ærøskøbing — Łódź 東京 {TAG}"
X_MODEL = f"x_walk_{TAG}"
LEAD_FIELDS = ["id", "name", "email_from", "expected_revenue", "country_id"]
LEAD_XIDS = [f"__import__.walk_{TAG}_1", f"__import__.walk_{TAG}_2"]


def lead_rows(round_: int) -> list[list[str]]:
    """The rows of a crm.lead ``load``: round 1 creates the two leads, round 2 updates them."""
    return [
        [LEAD_XIDS[0], f"Lead one {TAG} r{round_}", "one@example.com", f"{1000 * round_}", "Belgium"],
        [LEAD_XIDS[1], f"Lead two {TAG} r{round_}", "two@example.com", f"{2000 * round_}.5", "France"],
    ]


class StepFailed(AssertionError):
    """A check of the walk-through did not hold."""


def check(condition: Any, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def expect(actual: Any, expected: Any, what: str = "value") -> None:
    if actual != expected:
        raise StepFailed(f"{what}: expected {expected!r}, got {actual!r}")


class Walk:
    """Runs steps, prints ``ok NAME`` / ``FAIL NAME: why`` / ``skip NAME: why`` and the total."""

    def __init__(self, client: str) -> None:
        self.client = client
        self.passed = 0
        self.failed = 0

    def step(self, name: str, action: Callable[[], Any]) -> Any:
        """Run one step; its result, or None when it failed (later steps then fail on their own)."""
        try:
            result = action()
        except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the walk
            self.failed += 1
            detail = " ".join(f"{type(error).__name__}: {error}".split())[:500]
            print(f"FAIL {name}: {detail}", flush=True)
            if os.environ.get("ERPSERVER_CLIENT_TRACEBACKS"):
                traceback.print_exc()
            return None
        self.passed += 1
        print(f"ok {name}", flush=True)
        return result

    def skip(self, name: str, reason: str) -> None:
        print(f"skip {name}: {reason}", flush=True)

    def api_key_step(self, keys_exist: Callable[[], bool], use_key: Callable[[], Any]) -> None:
        """The API-key step: skipped while the server has no ``res.users.apikeys`` model, and then
        run with the key the test passes in ERPSERVER_API_KEY (a missing key is a failure)."""
        try:
            exist = keys_exist()
        except Exception as error:  # noqa: BLE001
            message = f"asking for res.users.apikeys: {type(error).__name__}: {error}"
            self.step("api_key", lambda: check(False, message))
            return
        if not exist:
            self.skip("api_key", "the server has no res.users.apikeys")
        elif not API_KEY:
            self.step("api_key", lambda: check(False, "res.users.apikeys exists but ERPSERVER_API_KEY is empty"))
        else:
            self.step("api_key", use_key)

    def finish(self) -> None:
        print(f"{self.client}: {self.passed} passed, {self.failed} failed", flush=True)
        sys.exit(1 if self.failed else 0)
