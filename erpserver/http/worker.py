"""gunicorn's threaded worker, keeping a busy keep-alive connection on the thread that served it.

gunicorn's ``gthread`` worker hands a keep-alive connection back to its main thread after each
answer; the main thread puts it in its poller, and when the next request arrives hands it to a
pool thread again: two thread hand-offs and a few system calls per call, about a tenth of a
small call's time here (a 1-record ``read`` served 805 calls/s where gunicorn's ``sync`` worker,
which opens a connection per call, served 880). Integration scripts call in a loop on one
connection, so this worker waits on the serving thread, briefly (``LINGER`` seconds), for that
connection's next request and serves it at once; a connection that stays quiet longer goes back
to the poller exactly as in ``gthread``. Everything else is gunicorn's own.

    gunicorn --worker-class erpserver.http.worker.Worker ...   (what erpserver serve runs)
"""

from __future__ import annotations

import select
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

# Long enough for a client's turn-around between two calls (reading an answer, writing the next
# request: a fraction of a millisecond), short enough that a quiet connection soon frees the thread.
LINGER = 0.002


class Worker(ThreadWorker):  # type: ignore[misc]  # gunicorn has no type information
    def handle(self, conn: Any) -> Any:
        result = super().handle(conn)
        while self.alive and _keeps(result) and _next_request_soon(conn):
            result = super().handle(conn)
        return result


def _keeps(result: Any) -> bool:
    """Whether ``handle`` kept the connection alive (gunicorn 27 says True; earlier versions a
    ``(True, conn)`` pair)."""
    return result is True or (isinstance(result, tuple) and bool(result) and result[0] is True)


def _next_request_soon(conn: Any) -> bool:
    """Whether the connection has (or within ``LINGER`` gets) bytes of a next request to read."""
    unreader = getattr(getattr(conn, "parser", None), "unreader", None)
    buffered = getattr(unreader, "buf", None)
    if buffered is not None and buffered.getvalue():
        return True
    sock = conn.sock
    if getattr(sock, "pending", None) is not None and sock.pending():  # TLS: already decrypted
        return True
    try:
        readable, _, _ = select.select([sock], [], [], LINGER)
    except (OSError, ValueError):  # closed meanwhile
        return False
    return bool(readable)
