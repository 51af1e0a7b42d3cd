"""The ``object`` service: ``execute_kw`` and ``execute`` into the model registry."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError

from erpserver import addons
from erpserver.exceptions import AccessDenied, AccessError
from erpserver.orm import api
from erpserver.orm.environment import Environment
from erpserver.orm.model import Model
from erpserver.service import transaction
from erpserver.service.auth import coerce_uid
from erpserver.service.contract import ANONYMOUS, CallInfo
from erpserver.service.integrity import as_validation_error
from erpserver.service.runtime import Runtime

PRIVATE_METHOD = re.compile(r"^(_.*|init)$")
_PYTHON_MODELS = {model._name: model for model in addons.all_models()}


def check_method_name(method: Any) -> str:
    if not isinstance(method, str):
        raise TypeError(f"method name must be a string, got {method!r}")
    if PRIVATE_METHOD.match(method):
        raise AccessError(f"Private methods (such as {method}) cannot be called remotely.")
    return method


def is_readonly(model_name: str, method: str) -> bool:
    marks = api.rpc_marks(_PYTHON_MODELS.get(model_name, Model), method)
    return bool(marks and marks[1])


def call_kw(env: Environment, model_name: str, method: str, args: list[Any], kwargs: Mapping[str, Any]) -> Any:
    """Call a public model method the way Odoo's ``call_kw`` does, and shape its result."""
    kwargs = dict(kwargs)
    context = kwargs.pop("context", None)
    if context:
        if not isinstance(context, Mapping):
            raise ValueError(f"context must be a dict, got {context!r}")
        env = env(context=context)
    records = env[model_name]
    marks = api.rpc_marks(type(records), method)
    if marks is None:
        raise AttributeError(f"The method '{method}' does not exist on the model '{model_name}'")
    kind, _readonly, returns_one = marks
    if kind == "records":
        if not args:
            raise TypeError(f"{model_name}.{method}() missing the record ids")
        ids, *rest = args
        result = getattr(records.browse(ids), method)(*rest, **kwargs)
    else:
        result = getattr(records, method)(*args, **kwargs)
    if isinstance(result, Model):
        if kind == "create":
            return result.id if args and isinstance(args[0], Mapping) else result.ids
        return result.id if returns_one else result.ids
    return result


def _as_kwargs(kwargs: Any) -> Mapping[str, Any]:
    if kwargs is None or kwargs is False or kwargs == [] or kwargs == "":
        return {}
    if not isinstance(kwargs, Mapping):
        raise TypeError(f"execute_kw() keyword arguments must be a struct, got {kwargs!r}")
    return kwargs


def _as_args(args: Any) -> list[Any]:
    if args is None or args is False:
        return []
    if not isinstance(args, (list, tuple)):
        raise TypeError(f"execute_kw() arguments must be an array, got {args!r}")
    return list(args)


class ObjectService:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def execute_kw(self, marshal: Callable[[Any], Any], db: str, uid: Any, password: Any, model: str,
                   method: str, args: Any = None, kwargs: Any = None, *, caller: CallInfo = ANONYMOUS) -> Any:
        return self._execute(marshal, db, uid, password, model, method, _as_args(args), _as_kwargs(kwargs),
                             caller)

    def execute(self, marshal: Callable[[Any], Any], db: str, uid: Any, password: Any, model: str,
                method: str, *args: Any, caller: CallInfo = ANONYMOUS) -> Any:
        return self._execute(marshal, db, uid, password, model, method, list(args), {}, caller)

    def _execute(self, marshal: Callable[[Any], Any], db: str, uid: Any, password: Any, model: str,
                 method: str, args: list[Any], kwargs: Mapping[str, Any], caller: CallInfo) -> Any:
        uid = coerce_uid(uid)
        if not password or not isinstance(password, str):
            raise AccessDenied()
        check_method_name(method)
        engine = self.runtime.databases.engine(db)
        attempt = self.runtime.cooldown.attempt(db, caller.remote_addr)

        def work(conn: Any) -> Any:
            env = self.runtime.registries.environment(db, conn, uid)
            env.call.auth_method = self.runtime.credentials.check(env, uid, password, attempt)
            try:
                result = call_kw(env, model, method, args, kwargs)
                return marshal(result)
            except IntegrityError as error:
                raise as_validation_error(error, env.registry) from error

        try:
            return transaction.run(engine, work, write=not is_readonly(model, method),
                                   after_answer=caller.after_answer)
        except IntegrityError as error:
            # raised at commit (deferred constraints): map with a fresh look at the registry
            with engine.connect() as conn:
                registry = self.runtime.registries.get(db, conn)
            raise as_validation_error(error, registry) from error
        finally:
            attempt.settle(engine)
