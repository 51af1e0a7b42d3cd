"""Password and API-key hashing in Odoo's formats (passlib pbkdf2_sha512), so users can migrate."""

from __future__ import annotations

import re
import secrets

from passlib.context import CryptContext

DEFAULT_ROUNDS = 350_000


class PasswordHasher:
    """Hashes and verifies passwords; one per process, built by the Runtime from the configuration."""

    def __init__(self, rounds: int = DEFAULT_ROUNDS) -> None:
        self.rounds = rounds
        self._context = CryptContext(
            schemes=["pbkdf2_sha512", "plaintext"],
            deprecated=["auto"],
            pbkdf2_sha512__rounds=rounds,
        )

    def hash(self, password: str) -> str:
        return str(self._context.hash(password))

    def verify(self, password: str, stored: str | None) -> bool:
        if not password or not stored:
            return False
        try:
            return bool(self._context.verify(password, stored))
        except (ValueError, TypeError):
            return False


# -- API keys --------------------------------------------------------------------------------------
# Odoo's format: 20 random bytes as 40 lowercase hex characters; the first 8 are stored in clear as
# an index to find the candidate rows; the key itself only as a pbkdf2_sha512 hash of 6000 rounds
# (keys are random, so there is no dictionary to slow down: a check costs a few milliseconds).
API_KEY_BYTES = 20
API_KEY_INDEX_SIZE = 8
API_KEY_ROUNDS = 6000
_API_KEY_SHAPE = re.compile(r"[0-9a-f]{40}")
_KEY_CONTEXT = CryptContext(schemes=["pbkdf2_sha512"], pbkdf2_sha512__rounds=API_KEY_ROUNDS)


def new_api_key() -> str:
    return secrets.token_bytes(API_KEY_BYTES).hex()


def is_api_key_shaped(secret: str) -> bool:
    """Whether ``secret`` could be an API key at all: anything else is only worth trying as a password."""
    return bool(_API_KEY_SHAPE.fullmatch(secret))


def api_key_index(key: str) -> str:
    return key[:API_KEY_INDEX_SIZE]


def hash_api_key(key: str) -> str:
    return str(_KEY_CONTEXT.hash(key))


def verify_api_key(key: str, stored: str) -> bool:
    try:
        return bool(_KEY_CONTEXT.verify(key, stored))
    except (ValueError, TypeError):
        return False
