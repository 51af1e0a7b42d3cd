"""A thin view of a WSGI environ: what the endpoints read, and the body read only once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from erpserver.config import Config
from erpserver.http.body import read_body
from erpserver.service.contract import CallInfo


class Request:
    def __init__(self, environ: dict[str, Any], config: Config) -> None:
        self.environ = environ
        self.method: str = environ.get("REQUEST_METHOD", "GET").upper()
        self.path: str = environ.get("PATH_INFO", "") or "/"
        # Filled in by the router: the named parts of the matched path, e.g. ``service``.
        self.path_params: dict[str, str] = {}
        self._config = config
        self._body: bytes | None = None
        # What the call left to do once its answer is sent (the body's close()).
        self.after_answer: list[Callable[[], None]] = []

    def header(self, name: str, default: str = "") -> str:
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        return str(self.environ.get(key, default))

    @property
    def caller(self) -> CallInfo:
        return CallInfo(remote_addr=self.remote_addr, user_agent=self.header("User-Agent"),
                        after_answer=self.after_answer.append)

    @property
    def remote_addr(self) -> str:
        """The client's address: the peer's, or behind a trusted proxy (``proxy_mode``) the last
        address of X-Forwarded-For, the one that proxy added (earlier ones the client may forge)."""
        if self._config.proxy_mode:
            forwarded = [part.strip() for part in self.header("X-Forwarded-For").split(",")]
            if forwarded[-1]:
                return forwarded[-1]
        return str(self.environ.get("REMOTE_ADDR", ""))

    def body(self) -> bytes:
        """The (inflated) body, within the configured limits; raises an ``HTTPError`` otherwise."""
        if self._body is None:
            self._body = read_body(
                self.environ,
                max_size=self._config.max_request_size,
                max_inflated=self._config.max_inflated_size,
            )
        return self._body
