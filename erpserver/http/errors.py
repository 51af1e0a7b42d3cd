"""HTTP errors as exceptions that know their status, the way Werkzeug's do.

Only failures of HTTP itself are raised this way (no route, wrong method, body too large,
corrupt compression, not JSON). RPC errors are never HTTP errors: clients of XML-RPC and
JSON-RPC expect HTTP 200 with a fault or an error object.
"""

from __future__ import annotations

from http import HTTPStatus

from erpserver.http.response import Response


class HTTPError(Exception):
    status = HTTPStatus.INTERNAL_SERVER_ERROR

    def __init__(self, detail: str = "", headers: list[tuple[str, str]] | None = None) -> None:
        super().__init__(detail or self.status.phrase)
        self.detail = detail
        self.headers = list(headers or [])

    def response(self) -> Response:
        """A short plain-text answer: the detail if any (Odoo's texts), else the status line."""
        text = self.detail or f"{self.status.value} {self.status.phrase}"
        return Response.text(text, self.status.value, self.headers)


class BadRequest(HTTPError):
    status = HTTPStatus.BAD_REQUEST


class NotFound(HTTPError):
    status = HTTPStatus.NOT_FOUND


class MethodNotAllowed(HTTPError):
    status = HTTPStatus.METHOD_NOT_ALLOWED

    def __init__(self, allowed: list[str]) -> None:
        super().__init__(headers=[("Allow", ", ".join(allowed))])


class LengthRequired(HTTPError):
    status = HTTPStatus.LENGTH_REQUIRED


class PayloadTooLarge(HTTPError):
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE


class UnsupportedMediaType(HTTPError):
    status = HTTPStatus.UNSUPPORTED_MEDIA_TYPE
