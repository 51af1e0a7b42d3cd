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


class Call:
    """What every environment of one call shares: above all the registry, which a schema
    change inside the call replaces for the rest of that call."""

    __slots__ = ("registry", "schema_changed")

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.schema_changed = False


class Environment:
    """What a model method sees: ``env.cr`` (the call's connection), ``env.uid``, ``env.context``."""

    __slots__ = ("call", "cr", "uid", "context", "su")

    def __init__(
        self,
        registry: Registry | Call,
        cr: sa.Connection,
        uid: int,
        context: Mapping[str, Any] | None = None,
        su: bool = False,
    ) -> None:
        self.call = registry if isinstance(registry, Call) else Call(registry)
        self.cr = cr
        self.uid = uid
        self.context: dict[str, Any] = dict(context or {})
        self.su = su or uid == SUPERUSER_ID

    @property
    def registry(self) -> Registry:
        return self.call.registry

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
        new_uid = self.uid if uid is None else uid
        return Environment(
            self.call,
            self.cr,
            new_uid,
            self.context if context is None else context,
            (self.su if uid is None else False) if su is None else su,
        )

    def sudo(self) -> Environment:
        return self if self.su else self(su=True)

    def with_context(self, **values: Any) -> Environment:
        return self(context={**self.context, **values})

    def reload_registry(self) -> Registry:
        """Rebuild the registry from the database after a schema change, for the rest of this
        call; the registry signal tells the other workers (and later calls) at commit."""
        from erpserver.orm import signaling

        self.call.registry = self.registry.reload(self.cr)
        self.call.schema_changed = True
        signaling.bump(self.cr, signaling.REGISTRY, signaling.CACHE)
        return self.call.registry

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
