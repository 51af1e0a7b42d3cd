"""The long-lived state of a server process, built once from the configuration."""

from __future__ import annotations

import dataclasses

from erpserver.addons.base.passwords import PasswordHasher
from erpserver.config import Config
from erpserver.database.engines import DatabaseManager
from erpserver.service.auth import CredentialCache
from erpserver.service.cooldown import LoginCooldown
from erpserver.service.registries import RegistryPool


@dataclasses.dataclass
class Runtime:
    config: Config
    databases: DatabaseManager
    registries: RegistryPool
    credentials: CredentialCache
    hasher: PasswordHasher
    cooldown: LoginCooldown

    @classmethod
    def from_config(cls, config: Config) -> Runtime:
        hasher = PasswordHasher(config.password_rounds)
        cooldown = LoginCooldown(config.login_cooldown_after, config.login_cooldown_duration)
        return cls(config, DatabaseManager(config), RegistryPool(hasher), CredentialCache(), hasher, cooldown)
