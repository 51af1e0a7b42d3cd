"""Raw HTTP requests for the HTTP tests, byte for byte as written (``http.client``, not a proxy).

The server they talk to is started by ``tests.servers`` (see ``conftest.py`` here).
"""

from __future__ import annotations

import dataclasses
import http.client


@dataclasses.dataclass(frozen=True)
class Server:
    """Where the server under test listens."""

    host: str
    port: int

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def connection(self, timeout: float = 10) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)


@dataclasses.dataclass
class Answer:
    """A response, read to the end."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes


def send(
    server: Server,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One request on a fresh connection, read completely and closed."""
    connection = server.connection()
    try:
        return exchange(connection, method, path, body, headers)
    finally:
        connection.close()


def exchange(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One request on an open connection, its answer read completely."""
    connection.request(method, path, body=body, headers=headers or {})
    with connection.getresponse() as response:
        return Answer(response.status, response.headers, response.read())
