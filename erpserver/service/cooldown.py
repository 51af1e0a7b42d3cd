"""The login cool-down: too many failed logins from one address, and that address waits.

Odoo's rule (protocol.md 7.3), with its counter in the database instead of each worker's memory
(spec README, decision 11): after ``after`` failures from a source address, every credential
check from it that is not already remembered is refused for ``duration`` seconds — the right
password too — with Odoo's message and warning. A success clears the address. The window ends by
itself; a failure after it starts a new one at once (the count is not reset by waiting).

A call's outcome is written once its own transaction is over, in a short transaction of its own:
a failed call rolls back, the failure it counted stays.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import ipaddress
import logging
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from erpserver.database.shared_tables import ADDRESS_SIZE, LOGIN_FAILURES
from erpserver.exceptions import AccessDenied
from erpserver.service import transaction

_logger = logging.getLogger(__name__)

COOLDOWN_MESSAGE = "Too many login failures, please wait a bit before trying again."


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclasses.dataclass(frozen=True)
class LoginCooldown:
    """The policy, from the configuration: ``after`` failures (0: never), ``duration`` seconds."""

    after: int = 5
    duration: int = 60

    @property
    def enabled(self) -> bool:
        return self.after > 0

    def on_cooldown(self, failures: int, last_failure: dt.datetime, now: dt.datetime) -> bool:
        return (self.enabled and failures >= self.after
                and now - last_failure < dt.timedelta(seconds=self.duration))

    def attempt(self, db_name: str, address: str) -> LoginAttempt:
        """What one call's credential checks from ``address`` answer to (nothing without an address:
        a check that does not come over HTTP, as in Odoo)."""
        return LoginAttempt(self, db_name, address[:ADDRESS_SIZE] if self.enabled else "")


class LoginAttempt:
    """One call's uncached credential checks from one address, and their outcome."""

    def __init__(self, policy: LoginCooldown, db_name: str, address: str) -> None:
        self.policy = policy
        self.db_name = db_name
        self.address = address
        self.failed = False
        self.succeeded = False
        self._known = False  # the address had failures when the call began

    @contextlib.contextmanager
    def guard(self, conn: sa.Connection, user: object = None) -> Iterator[None]:
        """Around a check that may raise AccessDenied: refuse at once during a cool-down (which
        does not count as a failure), else note whether the check failed or succeeded."""
        if not self.address:
            yield
            return
        table = LOGIN_FAILURES
        row = conn.execute(
            sa.select(table.c.failures, table.c.last_failure).where(table.c.address == self.address)
        ).first()
        self._known = row is not None
        if row is not None and self.policy.on_cooldown(row.failures, row.last_failure, _now()):
            self._warn(user, row.failures, row.last_failure)
            raise AccessDenied(COOLDOWN_MESSAGE)
        try:
            yield
        except AccessDenied:
            self.failed = True
            raise
        self.succeeded = True

    def settle(self, engine: sa.Engine) -> None:
        """Write the outcome, after the call's transaction: count a failure, or clear the address
        that succeeded. Never fails the call: a database error here is logged."""
        if not self.address or not (self.failed or (self.succeeded and self._known)):
            return
        try:
            transaction.run(engine, self._record_failure if self.failed else self._clear)
        except sa.exc.SQLAlchemyError:
            _logger.exception("could not record the login outcome of %s on %s", self.address, self.db_name)

    def _record_failure(self, conn: sa.Connection) -> None:
        table = LOGIN_FAILURES
        now = _now()
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(table).values(address=self.address, failures=1, last_failure=now)
        conn.execute(statement.on_conflict_do_update(
            index_elements=[table.c.address],
            set_={"failures": table.c.failures + 1, "last_failure": now},
        ))

    def _clear(self, conn: sa.Connection) -> None:
        conn.execute(sa.delete(LOGIN_FAILURES).where(LOGIN_FAILURES.c.address == self.address))

    def _warn(self, user: object, failures: int, last_failure: dt.datetime) -> None:
        _logger.warning(
            "Login attempt ignored for %s (user %r) on %s: %d failures since last success, last failure "
            "at %s. You can configure the number of login failures before a user is put on cooldown as "
            "well as the duration in the configuration (login_cooldown_after, login_cooldown_duration). "
            "Disable this feature by setting login_cooldown_after to 0.",
            self.address, user or "?", self.db_name, failures, last_failure,
        )
        try:
            private = ipaddress.ip_address(self.address).is_private
        except ValueError:
            private = False
        if private:
            _logger.warning(
                "The rate-limited IP address %s is classified as private and *might* be a proxy. If "
                "erpserver is behind a proxy, it may be mis-configured: check that proxy_mode is on and "
                "that the proxy sets X-Forwarded-For.",
                self.address,
            )
