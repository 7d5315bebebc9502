"""gunicorn's gthread worker, except that a new connection waits for its first request in the
worker's poller instead of in one of its threads.

gunicorn hands every accepted connection straight to a thread, which then blocks (up to 5 s)
until the first request arrives. A connection opened before it is used (a browser's
preconnect, a device that connects and then waits for its polling timer, a load generator)
so holds a thread: with 4 threads, 4 idle new connections stall every request of the worker
behind them. Measured with 300 devices polling a live session: p99 1.6 s, the stalls lasting
as long as the idle connections. Kept-alive connections already wait in the poller; this does
the same for new ones, through the worker's own "pending" path (gunicorn 27).
"""

from __future__ import annotations

import errno
import selectors
import time
from functools import partial
from typing import Any

from gunicorn.workers.gthread import TConn, ThreadWorker


class PollingThreadWorker(ThreadWorker):  # type: ignore[misc]
    """gthread, with new connections registered in the poller until they are readable."""

    def accept(self, listener: Any) -> None:
        """Accept a connection and wait for its first bytes in the poller, not in a thread."""
        if not hasattr(self, "pending_conns"):  # a gunicorn without the pending path
            super().accept(listener)
            return
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())  # non-blocking
        # The same deadline as a kept-alive connection: murder_pending closes it unused.
        conn.timeout = time.monotonic() + self.cfg.keepalive
        self.pending_conns.append(conn)
        self.poller.register(
            client_sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn)
        )
