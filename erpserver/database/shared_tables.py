"""Tables no model owns: state the server processes share through the database itself.

Each registry's metadata holds a copy of them (as of ``ir_signal``), so the migrations and the
schema comparison see them with the models' tables; no RPC method reaches them.
"""

from __future__ import annotations

import sqlalchemy as sa

# The longest source address kept: an IPv6 address with a zone fits; anything longer is cut.
ADDRESS_SIZE = 64

# Failed logins per source address (spec README, decision 11): every worker, on every host, counts
# in the same row, so a cool-down holds whichever process the next attempt reaches.
LOGIN_FAILURES = sa.Table(
    "res_users_login_failure",
    sa.MetaData(),
    sa.Column("address", sa.String(ADDRESS_SIZE), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure", sa.DateTime, nullable=False),
    comment="Failed logins per source address since its last success (the login cool-down)",
)

SHARED_TABLES = (LOGIN_FAILURES,)
