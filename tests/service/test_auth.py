"""A verified credential is remembered: execute_kw does not pay the slow hash on every call."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import sqlalchemy as sa

from erpserver.addons.base import passwords
from erpserver.exceptions import AccessDenied
from erpserver.orm.environment import Environment
from erpserver.service.auth import CredentialCache
from erpserver.service.registries import RegistryPool
from erpserver.service.runtime import Runtime
from tests.conftest import ADMIN_PASSWORD


class CountingHasher(passwords.PasswordHasher):
    def __init__(self) -> None:
        super().__init__(rounds=1000)
        self.verifications = 0

    def verify(self, password: str, stored: str | None) -> bool:
        self.verifications += 1
        return super().verify(password, stored)


@pytest.fixture
def hasher() -> CountingHasher:
    return CountingHasher()


@pytest.fixture
def counted_env(runtime: Runtime, demo_db: str, connection: sa.Connection, hasher: CountingHasher) -> Environment:
    """The superuser's environment, with a registry pool whose hasher counts its verifications."""
    return RegistryPool(hasher).environment(demo_db, connection)


def test_the_hash_is_verified_once_then_remembered(counted_env: Environment, hasher: CountingHasher) -> None:
    cache = CredentialCache()
    for _ in range(5):
        cache.check(counted_env, 2, ADMIN_PASSWORD)
    assert hasher.verifications == 1


def test_wrong_passwords_are_never_remembered(counted_env: Environment, hasher: CountingHasher) -> None:
    cache = CredentialCache()
    for _ in range(3):
        with pytest.raises(AccessDenied):
            cache.check(counted_env, 2, "wrong")
    assert hasher.verifications == 3


def test_a_change_of_rights_or_credentials_makes_the_cache_check_again(
        demo_db: str, connection: sa.Connection, hasher: CountingHasher) -> None:
    pool = RegistryPool(hasher)
    cache = CredentialCache()
    env = pool.environment(demo_db, connection)
    cache.check(env, 2, ADMIN_PASSWORD)
    env["res.users"].browse(2).write({"signature": "<p>changed</p>"})  # bumps the cache signal
    next_call = pool.environment(demo_db, connection)
    assert next_call.call.cache_sequence == env.call.cache_sequence + 1
    cache.check(next_call, 2, ADMIN_PASSWORD)
    assert hasher.verifications == 2


def test_the_check_says_how_the_caller_proved_who_it_is(counted_env: Environment) -> None:
    """Test password or API key, also when the answer comes from the cache."""
    key = counted_env["res.users.apikeys"]._generate(None, "auth check", None, user_id=2)
    cache = CredentialCache()

    assert [cache.check(counted_env, 2, ADMIN_PASSWORD) for _ in range(2)] == ["password", "password"]
    assert [cache.check(counted_env, 2, key) for _ in range(2)] == ["apikey", "apikey"]


def test_a_remembered_key_is_checked_again_once_expired(counted_env: Environment) -> None:
    """Test the cache keeps a key's expiry: past it, the key is refused without any signal."""
    expiry = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0) + dt.timedelta(seconds=2)
    key = counted_env["res.users.apikeys"]._generate(None, "short", expiry, user_id=2)
    cache = CredentialCache()
    cache.check(counted_env, 2, key)

    time.sleep(max(0.0, (expiry - dt.datetime.now(dt.UTC).replace(tzinfo=None)).total_seconds()) + 1.1)

    with pytest.raises(AccessDenied):
        cache.check(counted_env, 2, key)
