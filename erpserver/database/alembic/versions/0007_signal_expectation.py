"""a function that refuses a transaction begun with a stale registry (PostgreSQL)

Revision ID: 0007_signal_expectation
Revises: 0006_external_id_unique

``erpserver_expect_signals(registry, cache)`` raises SQLSTATE ``ER001`` when the signal counters
are not the given values. A worker sends it with each transaction's BEGIN and its first
statement, in one message, instead of reading the counters in a round trip of their own
(erpserver/orm/signaling.py). SQLite has no round trips to save: nothing there.
"""
from alembic import op

revision = '0007_signal_expectation'
down_revision = '0006_external_id_unique'
branch_labels = None
depends_on = None

CREATE = """
CREATE OR REPLACE FUNCTION erpserver_expect_signals(expected_registry integer, expected_cache integer)
RETURNS void LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF EXISTS (SELECT FROM ir_signal
               WHERE (name = 'registry' AND sequence <> expected_registry)
                  OR (name = 'cache' AND sequence <> expected_cache)) THEN
        RAISE EXCEPTION 'erpserver: the signal counters moved: this worker reloads and runs the call again'
            USING ERRCODE = 'ER001';
    END IF;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(CREATE)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP FUNCTION IF EXISTS erpserver_expect_signals(integer, integer)')
