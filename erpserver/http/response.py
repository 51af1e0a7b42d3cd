"""The one response shape every endpoint returns: a status, a content type and a whole body.

RPC answers are small and produced in one piece (inside the service's transaction), so there is
no streaming; a known length lets every response carry ``Content-Length``, which keep-alive
clients (Python, Ruby, node, Java) need.
"""

from __future__ import annotations

import dataclasses
from http import HTTPStatus

TEXT = "text/plain; charset=utf-8"
XML = "text/xml; charset=utf-8"
JSON = "application/json; charset=utf-8"


@dataclasses.dataclass
class Response:
    body: bytes
    status: int = 200
    content_type: str = TEXT
    headers: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    @classmethod
    def text(cls, text: str, status: int = 200, headers: list[tuple[str, str]] | None = None) -> Response:
        return cls(text.encode("utf-8"), status, TEXT, list(headers or []))

    @property
    def status_line(self) -> str:
        return f"{self.status} {HTTPStatus(self.status).phrase}"

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.headers if key.lower() == lowered), None)

    def wsgi_headers(self) -> list[tuple[str, str]]:
        return [
            ("Content-Type", self.content_type),
            ("Content-Length", str(len(self.body))),
            *self.headers,
        ]
