"""The per-call binding of connection, user, context and registry, passed explicitly."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

import sqlalchemy as sa

from erpserver.exceptions import UserError
from erpserver.orm import signaling

if TYPE_CHECKING:
    from erpserver.orm.model import Model
    from erpserver.orm.registry import Registry

SUPERUSER_ID = 1


class PasswordHasher(Protocol):
    """What models need to store and check secrets; the process's instance comes from its Runtime."""

    def hash(self, secret: str) -> str: ...

    def verify(self, secret: str, stored: str | None) -> bool: ...


class Call:
    """What every environment of one call shares.

    - the registry: a schema change inside the call (``Environment.schema_change``) makes the
      registry stale; it is rebuilt once, at its next use after the outermost change ends, so
      an ``ir.model`` create with thirty field lines rebuilds once, not thirty-one times;
    - the database's caches and the cache generation they belong to (both kept by the pool
      across calls);
    - the process's password hasher;
    - how the caller proved who it is (``auth_method``: ``password`` or ``apikey``; None for
      in-process callers such as the CLI).
    """

    __slots__ = ("_registry", "caches", "cache_sequence", "hasher", "_changing", "_stale", "rebuilds",
                 "auth_method", "data_in_sql")

    def __init__(self, registry: Registry, caches: dict[Any, Any] | None = None, cache_sequence: int = 0,
                 hasher: PasswordHasher | None = None) -> None:
        self._registry = registry
        self.caches: dict[Any, Any] = {} if caches is None else caches
        self.cache_sequence = cache_sequence
        self.hasher = hasher
        self._changing = 0  # depth of nested schema changes in progress
        self._stale = False
        self.rebuilds = 0
        self.auth_method: str | None = None
        # How many times SQL was built from data read meanwhile (child_of ids): such a statement
        # holds what the data was, and is not kept (orm/statements.py).
        self.data_in_sql = 0

    def registry(self, conn: sa.Connection) -> Registry:
        """The registry, rebuilt first if a finished schema change made it stale."""
        if self._stale and not self._changing:
            self._registry = self._registry.reload(conn)
            self._stale = False
            self.rebuilds += 1
        return self._registry


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
        return self.call.registry(self.cr)

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

    @property
    def caches(self) -> dict[Any, Any]:
        """Per-database caches (access rights, group ids...), dropped when the cache signal moves."""
        return self.call.caches

    @property
    def hasher(self) -> PasswordHasher:
        if self.call.hasher is None:
            raise RuntimeError("this environment has no password hasher (build it through the registry pool)")
        return self.call.hasher

    def invalidate_caches(self) -> None:
        """Rights or credentials changed: this call goes on with caches of its own (the shared
        ones must not learn what this transaction has not committed), and the signal tells every
        worker, this one included, to drop theirs once it commits."""
        self.call.caches = {}
        signaling.bump(self.cr, signaling.CACHE)

    @contextmanager
    def schema_change(self) -> Iterator[None]:
        """Wrap the DDL of manual models and fields. Inside, the registry stays as it was (so the
        change is validated against database rows, not classes); once the outermost change ends,
        the registry is rebuilt at its next use, and the signal tells every other worker at commit."""
        call = self.call
        call._changing += 1
        try:
            yield
        finally:
            call._changing -= 1
        call._stale = True
        self.invalidate_caches()
        signaling.bump(self.cr, signaling.REGISTRY)

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
