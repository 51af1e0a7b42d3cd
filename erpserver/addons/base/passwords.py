"""Password and API-key hashing in Odoo's formats (passlib pbkdf2_sha512), so users can migrate."""

from __future__ import annotations

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
