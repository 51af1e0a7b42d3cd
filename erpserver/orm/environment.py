"""The per-call binding of connection, user, context and registry, passed explicitly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from erpserver.exceptions import UserError

if TYPE_CHECKING:
    from erpserver.orm.model import Model
    from erpserver.orm.registry import Registry

SUPERUSER_ID = 1


class Environment:
    """What a model method sees: ``env.cr`` (the call's connection), ``env.uid``, ``env.context``."""

    __slots__ = ("registry", "cr", "uid", "context", "su", "_cache")

    def __init__(
        self,
        registry: Registry,
        cr: sa.Connection,
        uid: int,
        context: Mapping[str, Any] | None = None,
        su: bool = False,
        cache: dict[Any, Any] | None = None,
    ) -> None:
        self.registry = registry
        self.cr = cr
        self.uid = uid
        self.context: dict[str, Any] = dict(context or {})
        self.su = su or uid == SUPERUSER_ID
        # Facts worth computing once per call (the user's groups, allowed models...), shared by
        # every derived environment of the same call.
        self._cache: dict[Any, Any] = {} if cache is None else cache

    def __getitem__(self, model_name: str) -> Model:
        try:
            model_class = self.registry[model_name]
        except KeyError:
            raise UserError(f"Object {model_name} doesn't exist")
        return model_class(self, ())

    def __contains__(self, model_name: str) -> bool:
        return model_name in self.registry

    def __call__(self, *, uid: int | None = None, context: Mapping[str, Any] | None = None,
                 su: bool | None = None) -> Environment:
        return Environment(
            self.registry,
            self.cr,
            self.uid if uid is None else uid,
            self.context if context is None else context,
            self.su if su is None else su,
            self._cache if uid is None else None,
        )

    def sudo(self) -> Environment:
        return self if self.su else self(su=True)

    def with_context(self, **values: Any) -> Environment:
        return self(context={**self.context, **values})

    @property
    def cache(self) -> dict[Any, Any]:
        return self._cache

    @property
    def dialect(self) -> str:
        return self.cr.dialect.name

    def ref_id(self, xmlid: str) -> int | None:
        """The database id behind an external id such as ``base.group_user``, or None."""
        module, _, name = xmlid.partition(".")
        data = self.registry["ir.model.data"]._table
        query = sa.select(data.c.res_id).where(data.c.module == module, data.c.name == name)
        return self.cr.execute(query).scalar()

    @property
    def user(self) -> Model:
        return self.sudo()["res.users"].browse(self.uid)
