"""One build at a time per project: a second one would write the same cache entries and the same ``dist/``.

The lock is an ``flock`` on a file of the cache folder, so the kernel releases it when a build dies, however
it dies (Ctrl-C, SIGKILL, a crash): a stale lock can never block the next build. The file holds the pid of
the build that has it, to name it in the message.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import UsageError


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    folder = root / ".kambook-cache"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "build.lock", "a+", encoding="ascii") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise UsageError(f"another kambook build of this project is running (pid {holder}): wait for it to "
                             "finish, or stop it, then build again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
