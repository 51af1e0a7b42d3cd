"""Server configuration: built-in defaults < ini file < ``ERPSERVER_<OPTION>`` environment < flags.

One frozen ``Config`` object is built at start-up and passed down explicitly; nothing reads the
configuration at import time.

``data_dir`` never depends on the directory a command happens to run from: a relative value in
an ini file is relative to that file, a relative value from the environment or a flag is made
absolute at once, and the default is the per-user ``$XDG_DATA_HOME/erpserver`` (else
``~/.local/share/erpserver``).
"""

from __future__ import annotations

import configparser
import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ENV_PREFIX = "ERPSERVER_"
CONFIG_FILE_ENV = "ERPSERVER_CONFIG"
INI_SECTION = "erpserver"
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


def default_data_dir(environ: Mapping[str, str] | None = None) -> str:
    """The per-user data directory (XDG base directories): the same from any working directory."""
    environ = os.environ if environ is None else environ
    xdg = environ.get("XDG_DATA_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec says to ignore a relative value
        return os.path.join(xdg, "erpserver")
    home = environ.get("HOME") or os.path.expanduser("~")
    return os.path.join(home, ".local", "share", "erpserver")


@dataclasses.dataclass(frozen=True)
class Config:
    # A PostgreSQL *server* URL (postgresql://user@host:port); empty means SQLite files in data_dir.
    db_url: str = ""
    # Where SQLite databases live; see the module docstring for how it is resolved.
    data_dir: str = dataclasses.field(default_factory=default_data_dir)
    bind: str = "127.0.0.1:8069"
    workers: int = 2
    threads: int = 4
    timeout: int = 120
    # Largest request body accepted, compressed or not, in bytes (413 beyond).
    max_request_size: int = 128 * 1024 * 1024
    # Largest body a gzip/deflate request may inflate to, in bytes.
    max_inflated_size: int = 128 * 1024 * 1024
    # Master password of the db service; empty disables create/drop over RPC.
    master_password: str = ""
    list_db: bool = True
    # Send Python tracebacks in fault 1 (off: the last line only).
    rpc_tracebacks: bool = False
    # pbkdf2_sha512 rounds for new password hashes (Odoo's default).
    password_rounds: int = 350_000
    # Failed logins from one address before it must wait (0: no cool-down), and for how many seconds.
    login_cooldown_after: int = 5
    login_cooldown_duration: int = 60
    # Behind a reverse proxy: the client's address is the last one in X-Forwarded-For (the one
    # the proxy added), not the proxy's. Off: X-Forwarded-For is ignored (anyone can send it).
    proxy_mode: bool = False
    # How long a SQLite writer waits for the lock, in milliseconds.
    sqlite_busy_timeout: int = 30_000
    log_level: str = "info"

    @property
    def uses_postgresql(self) -> bool:
        return bool(self.db_url)

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)


_FIELDS = {f.name: f for f in dataclasses.fields(Config)}


def _coerce(name: str, raw: Any) -> Any:
    kind = _FIELDS[name].type
    if isinstance(raw, str):
        raw = raw.strip()
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        lowered = str(raw).lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise ValueError(f"option {name}: expected a boolean, got {raw!r}")
    if kind == "int":
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise ValueError(f"option {name}: expected an integer, got {raw!r}")
    if name == "log_level":  # checked here, not when the first worker configures logging
        if str(raw).lower() not in LOG_LEVELS:
            raise ValueError(f"option log_level: expected one of {', '.join(LOG_LEVELS)}, got {raw!r}")
        return str(raw).lower()
    return str(raw)


def load_config(
    path: str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Build the configuration from an ini file, the environment and explicit overrides.

    Raises ValueError (or FileNotFoundError) with a message fit for the user on any bad input:
    a server must refuse a wrong configuration when it reads it, not in every worker later.
    """
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = path or environ.get(CONFIG_FILE_ENV) or None
    if path:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            found = parser.read(path)
        except configparser.Error as error:
            raise ValueError(f"{path}: {' '.join(str(error).split())}")
        if not found:
            raise FileNotFoundError(f"configuration file not found: {path}")
        if not parser.has_section(INI_SECTION):
            raise ValueError(f"{path}: no [{INI_SECTION}] section")
        for key, raw in parser.items(INI_SECTION):
            if key not in _FIELDS:
                raise ValueError(f"{path}: unknown option {key!r}")
            values[key] = _coerce(key, raw)
        if values.get("data_dir"):  # relative to the file, not to the current directory
            folder = Path(path).expanduser().resolve().parent
            values["data_dir"] = str(folder / Path(values["data_dir"]).expanduser())
    for name in _FIELDS:
        from_environment = environ.get(ENV_PREFIX + name.upper())
        if from_environment is not None:
            values[name] = _coerce(name, from_environment)
    for name, raw in (overrides or {}).items():
        if raw is None:
            continue
        if name not in _FIELDS:
            raise ValueError(f"unknown option {name!r}")
        values[name] = _coerce(name, raw)
    data_dir = values.get("data_dir") or default_data_dir(environ)
    values["data_dir"] = os.path.abspath(os.path.expanduser(data_dir))
    return Config(**values)
