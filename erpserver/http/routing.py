"""Routes as data: a path pattern, the methods it accepts, and the endpoint that answers.

As in Starlette, each route answers one question about a request, "does it match?": fully,
partially (right path, wrong method: the router answers 405 with ``Allow``), or not at all (404).
Patterns are literal paths with ``{name}`` segments, each matching one path segment.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Sequence

from erpserver.http.errors import MethodNotAllowed, NotFound
from erpserver.http.request import Request
from erpserver.http.response import Response

Endpoint = Callable[[Request], Response]

_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class Match(enum.Enum):
    NONE = 0
    PARTIAL = 1
    FULL = 2


class Route:
    def __init__(self, path: str, endpoint: Endpoint, methods: Sequence[str]) -> None:
        self.path = path
        self.endpoint = endpoint
        allowed = {method.upper() for method in methods}
        if "GET" in allowed:
            allowed.add("HEAD")
        self.methods = frozenset(allowed)
        self._pattern = _compile(path)

    def matches(self, method: str, path: str) -> tuple[Match, dict[str, str]]:
        found = self._pattern.fullmatch(path)
        if found is None:
            return Match.NONE, {}
        return (Match.FULL if method in self.methods else Match.PARTIAL), found.groupdict()

    def __repr__(self) -> str:
        return f"Route({self.path!r}, methods={sorted(self.methods)})"


def _compile(path: str) -> re.Pattern[str]:
    parts = _PARAMETER.split(path)
    # split() alternates literal text and parameter names.
    regex = "".join(
        f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(regex)


class Router:
    def __init__(self, routes: Sequence[Route]) -> None:
        self.routes = list(routes)

    def resolve(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        """The route for this request and its path parameters; raises 404 or 405."""
        allowed: set[str] = set()
        for route in self.routes:
            match, params = route.matches(method, path)
            if match is Match.FULL:
                return route, params
            if match is Match.PARTIAL:
                allowed |= route.methods
        if allowed:
            raise MethodNotAllowed(sorted(allowed))
        raise NotFound(f"404 Not Found: no route for {path}")
