"""The login cool-down's rule, and how it meets the credential cache (in-process; over the wire
in tests/e2e/test_login_cooldown.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from erpserver.database.shared_tables import LOGIN_FAILURES
from erpserver.exceptions import AccessDenied
from erpserver.orm.environment import Environment
from erpserver.service.auth import CredentialCache
from erpserver.service.cooldown import COOLDOWN_MESSAGE, LoginCooldown
from tests.conftest import ADMIN_PASSWORD

NOW = dt.datetime(2024, 5, 1, 12, 0, 0)


def test_an_address_cools_down_after_enough_failures() -> None:
    """Test Odoo's rule: at ``after`` failures, for ``duration`` seconds after the last one."""
    policy = LoginCooldown(after=5, duration=60)

    assert not policy.on_cooldown(4, NOW, NOW)
    assert policy.on_cooldown(5, NOW - dt.timedelta(seconds=59), NOW)
    assert not policy.on_cooldown(5, NOW - dt.timedelta(seconds=60), NOW)


def test_zero_failures_disables_the_cooldown() -> None:
    """Test ``login_cooldown_after = 0``: never a cool-down, and no address kept for one."""
    policy = LoginCooldown(after=0, duration=60)

    assert not policy.on_cooldown(1000, NOW, NOW)
    assert policy.attempt("db", "127.0.0.1").address == ""


def test_a_call_without_an_address_has_no_cooldown() -> None:
    """Test as Odoo: a check that did not come over HTTP is never cooled down."""
    assert LoginCooldown().attempt("db", "").address == ""


def cool_down(env: Environment, address: str) -> None:
    env.cr.execute(sa.insert(LOGIN_FAILURES).values(address=address, failures=5,
                                                    last_failure=dt.datetime.now(dt.UTC).replace(tzinfo=None)))


def test_during_a_cooldown_the_right_password_is_refused(env: Environment) -> None:
    """Test an unremembered check from a cooling address is refused with Odoo's message."""
    cool_down(env, "192.0.2.7")
    attempt = LoginCooldown().attempt(env.registry.db_name, "192.0.2.7")

    with pytest.raises(AccessDenied, match=f"^{COOLDOWN_MESSAGE}$"):
        CredentialCache().check(env, 2, ADMIN_PASSWORD, attempt)
    assert not attempt.failed  # a refusal is not one more failure


def test_a_remembered_credential_skips_the_cooldown(env: Environment) -> None:
    """Test as Odoo: the cool-down guards the slow check only, not a credential already verified."""
    cache = CredentialCache()
    cache.check(env, 2, ADMIN_PASSWORD)
    cool_down(env, "192.0.2.8")

    cache.check(env, 2, ADMIN_PASSWORD, LoginCooldown().attempt(env.registry.db_name, "192.0.2.8"))


def test_a_failed_check_is_noted_for_the_address(env: Environment) -> None:
    """Test the attempt knows it failed, to count it once the call's transaction is over."""
    attempt = LoginCooldown().attempt(env.registry.db_name, "192.0.2.9")

    with pytest.raises(AccessDenied, match="^Access Denied$"):
        CredentialCache().check(env, 2, "wrong", attempt)
    assert attempt.failed and not attempt.succeeded
