"""One build at a time per project: a second one would write the same cache entries and the same ``dist/``.

The lock is an ``flock`` on a file of the cache folder, so the kernel releases it when a build dies, however
it dies (Ctrl-C, SIGKILL, a crash): a stale lock can never block the next build. The file holds the pid of
the build that has it, to name it in the message.

An ``flock`` belongs to the open file, and a forked process shares its parent's open files: the layout,
flipbook and preflight workers would hold the lock too, and a build started just after one was killed
met it in the moment its workers took to die (« another kambook build … is running »). A forked child
therefore lets go of its copy at once.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import UsageError

#: Descriptors of the locks this process holds, for its forked children to let go of.
_HELD: set[int] = set()


def _let_go_in_child() -> None:
    """Point the child's copies of the lock files at /dev/null: the numbers stay valid for whatever closes
    them later, and the lock stays with the parent alone."""
    if not _HELD:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        for fd in _HELD:
            os.dup2(null, fd)
    finally:
        os.close(null)
    _HELD.clear()


os.register_at_fork(after_in_child=_let_go_in_child)


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
        _HELD.add(handle.fileno())
        try:
            yield
        finally:
            _HELD.discard(handle.fileno())
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
