"""A folder served over HTTP on 127.0.0.1, as any static host would serve it, for the browser tests."""

from __future__ import annotations

import functools
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Iterator

from kambook.serve import LocalServer


class _Quiet(SimpleHTTPRequestHandler):
    timeout = 10

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass  # a line per request would bury the test report


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """The folder's address on a server running in a thread until the block ends."""
    server = LocalServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
