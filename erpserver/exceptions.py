"""The errors the ORM and the services raise.

Each class carries what the wire needs to know about it, the way Werkzeug's HTTP errors carry
their status code: the integer fault code of ``/xmlrpc/2``, the string fault code of the legacy
``/xmlrpc`` routes, and the dotted name JSON-RPC clients read in ``error.data.name``. Only
``erpserver.protocols`` turns them into faults; everything below it just raises.
"""

from __future__ import annotations


class UserError(Exception):
    """A business error the user can act on (fault 2)."""

    fault_code = 2
    legacy_title = "UserError"
    qualified_name = "odoo.exceptions.UserError"

    def __init__(self, message: str, *args: object) -> None:
        super().__init__(message, *args)

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """A value or constraint was refused (fault 2)."""

    qualified_name = "odoo.exceptions.ValidationError"


class MissingError(UserError):
    """A record that the call needs does not exist (fault 2)."""

    legacy_title = "MissingError"
    qualified_name = "odoo.exceptions.MissingError"


class RedirectWarning(UserError):
    """A warning that would send a web user elsewhere; over RPC a plain fault 2."""

    legacy_title = "Warning"
    qualified_name = "odoo.exceptions.RedirectWarning"


class AccessError(UserError):
    """The user may not do this operation on these records (fault 4)."""

    fault_code = 4
    legacy_title = "AccessError"
    qualified_name = "odoo.exceptions.AccessError"


class AccessDenied(UserError):
    """Authentication failed (fault 3). The message is generic on purpose."""

    fault_code = 3
    legacy_title = "AccessDenied"
    qualified_name = "odoo.exceptions.AccessDenied"

    def __init__(self, message: str = "Access Denied", *args: object) -> None:
        super().__init__(message, *args)


class DatabaseNotFound(Exception):
    """The ``db`` argument names no database (a fault 1, as in Odoo, whose text says so)."""

    def __init__(self, name: str) -> None:
        super().__init__(f'database "{name}" does not exist')
        self.name = name


class ConcurrencyConflict(Exception):
    """Another transaction committed, meanwhile, a row this one was about to add (the same new
    external id, say). Never reaches a client: the call runs again from its start, and then
    finds that row (``erpserver.service.transaction``)."""
