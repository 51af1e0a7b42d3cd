"""A verified credential is remembered: execute_kw does not pay the slow hash on every call."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from erpserver.addons.base import passwords
from erpserver.exceptions import AccessDenied
from erpserver.orm.environment import Environment
from erpserver.service.auth import CredentialCache
from tests.conftest import ADMIN_PASSWORD


class CountingHasher(passwords.PasswordHasher):
    def __init__(self) -> None:
        super().__init__(rounds=1000)
        self.verifications = 0

    def verify(self, password: str, stored: str | None) -> bool:
        self.verifications += 1
        return super().verify(password, stored)


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr(passwords, "HASHER", counting)
    return counting


def test_the_hash_is_verified_once_then_remembered(env: Environment, hasher: CountingHasher) -> None:
    cache = CredentialCache()
    for _ in range(5):
        cache.check(env, 2, ADMIN_PASSWORD)
    assert hasher.verifications == 1


def test_wrong_passwords_are_never_remembered(env: Environment, hasher: CountingHasher) -> None:
    cache = CredentialCache()
    for _ in range(3):
        with pytest.raises(AccessDenied):
            cache.check(env, 2, "wrong")
    assert hasher.verifications == 3


def test_a_change_of_rights_or_credentials_makes_the_cache_check_again(env: Environment,
                                                                      hasher: CountingHasher) -> None:
    cache = CredentialCache()
    cache.check(env, 2, ADMIN_PASSWORD)
    env["res.users"].browse(2).write({"signature": "<p>changed</p>"})  # bumps the cache signal
    signal = env.registry.signal_table
    env.registry.cache_sequence = env.cr.execute(
        sa.select(signal.c.sequence).where(signal.c.name == "cache")).scalar()
    cache.check(env, 2, ADMIN_PASSWORD)
    assert hasher.verifications == 2
