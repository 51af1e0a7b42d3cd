"""What the wire formats may rely on from the services, and nothing more.

A protocol decodes a request into ``(service, method, params)`` and calls a ``Dispatcher``. It
hands over a ``marshal`` callback: the service calls it on the method's result *inside* the
call's transaction, so that a result the protocol cannot encode rolls the work back instead of
being reported after a commit (spec README, decision 5). The dispatcher returns whatever
``marshal`` returned, or raises; the protocol maps exceptions to faults.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class CallInfo:
    """Who is calling: what the services may know of the HTTP request."""

    remote_addr: str = ""
    user_agent: str = ""
    # Runs a callable once the answer has gone out (the WSGI body's close()); None for callers
    # that have no such moment (in-process), which then do that work before returning.
    after_answer: Callable[[Callable[[], None]], None] | None = None


# A call that did not come over HTTP (in-process callers): no address, so no login cool-down.
ANONYMOUS = CallInfo()


class Dispatcher(Protocol):
    def __call__(
        self,
        service: str,
        method: str,
        params: list[Any],
        *,
        marshal: Callable[[Any], T],
        caller: CallInfo,
    ) -> T: ...
