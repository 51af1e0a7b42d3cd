"""Which model methods the outside world may call, and how their arguments are shaped.

Only methods marked here are reachable through ``execute_kw``; everything else is private, even
without a leading underscore. The mark also says how ``call_kw`` binds the arguments:

- ``model``: the method works on the model (``args`` are its arguments);
- ``records``: ``args[0]`` is an id or a list of ids, the rest are the method's arguments;
- ``create``: ``args[0]`` is a dict (the answer is one id) or a list of dicts (a list of ids).

``readonly`` says the method never writes, which lets SQLite run it without the write lock.

A marked method also never runs on classes a schema change has replaced: called on a recordset
of an earlier registry of the call, it runs on the current registry's class instead (so a
recordset taken before ``ir.model.fields.create`` sees the new field afterwards).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast, overload

F = TypeVar("F", bound=Callable[..., Any])

RPC_KIND = "_rpc_kind"
RPC_READONLY = "_rpc_readonly"
RPC_RETURNS_ONE = "_rpc_returns_one"


def _mark(kind: str, readonly: bool, returns_one: bool = False) -> Callable[[F], F]:
    def decorate(method: F) -> F:
        name = method.__name__

        @functools.wraps(method)
        def public(self: Any, *args: Any, **kwargs: Any) -> Any:
            models = self.env.registry.models  # rebuilt here if the call changed the schema
            # only the outermost (most derived) method switches classes, never a super() call
            if models.get(self._name, type(self)) is not type(self) and getattr(type(self), name) is public:
                current = self.env[self._name].browse(self._ids)
                return getattr(current, name)(*args, **kwargs)
            return method(self, *args, **kwargs)

        setattr(public, RPC_KIND, kind)
        setattr(public, RPC_READONLY, readonly)
        setattr(public, RPC_RETURNS_ONE, returns_one)
        return cast(F, public)

    return decorate


@overload
def model(method: F, /) -> F: ...
@overload
def model(*, readonly: bool = False) -> Callable[[F], F]: ...
def model(method: F | None = None, /, *, readonly: bool = False) -> F | Callable[[F], F]:
    if method is None:
        return _mark("model", readonly)
    return _mark("model", readonly)(method)


@overload
def records(method: F, /) -> F: ...
@overload
def records(*, readonly: bool = False, returns_one: bool = False) -> Callable[[F], F]: ...
def records(method: F | None = None, /, *, readonly: bool = False, returns_one: bool = False) -> F | Callable[[F], F]:
    """``returns_one``: a recordset result goes out as one id (``copy``), not a list."""
    if method is None:
        return _mark("records", readonly, returns_one)
    return _mark("records", readonly, returns_one)(method)


def create(method: F) -> F:
    return _mark("create", False)(method)


def rpc_marks(model_class: type, name: str) -> tuple[str, bool, bool] | None:
    """(kind, readonly, returns_one) of a public method, looked up through overrides in the MRO."""
    for klass in model_class.__mro__:
        method = klass.__dict__.get(name)
        if method is not None and hasattr(method, RPC_KIND):
            return getattr(method, RPC_KIND), getattr(method, RPC_READONLY), getattr(method, RPC_RETURNS_ONE)
    return None
