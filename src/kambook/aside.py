"""Work run beside the build, in a forked process on another core, whose result comes back to the build.

A build writes its products one after the other once the pages are laid out: the screen PDF and the
flipbook drawn from it, the print files and the EPUB. The two chains share nothing, and on two cores one
of them can run in a forked copy of the build while the build runs the other. The child sends back its
result, or the error that stopped it: a ``KambookError`` arrives as itself (the CLI prints its message),
anything else with the child's traceback.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import traceback
from typing import Callable, Generic, TypeVar

from .errors import KambookError

T = TypeVar("T")


class AsideError(KambookError):
    """The process working beside the build stopped on an error that could not be sent back as itself."""


def die_with_parent() -> None:
    """A forked worker ends when the build that forked it ends, however it ends: a build killed with
    SIGKILL runs no clean-up, and its workers would otherwise live on, holding memory and the project's
    build lock. Linux's PR_SET_PDEATHSIG does it; elsewhere the workers stop when their pipe closes."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the call: nobody will send the signal
            os._exit(1)
    except (OSError, AttributeError):
        pass


class Aside(Generic[T]):
    """``work()`` started in a forked process; ``result()`` waits for it and returns or raises."""

    def __init__(self, work: Callable[[], T], what: str) -> None:
        self.what = what
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        # Not a daemon: the work may start processes of its own (the flipbook renders pages on every core).
        self._process = context.Process(target=_run, args=(send, work))
        self._process.start()
        send.close()

    def result(self) -> T:
        try:
            outcome, value, told = self._receive.recv()
        except EOFError:
            self._process.join()
            raise AsideError(f"the process {self.what} stopped before finishing (exit status "
                             f"{self._process.exitcode}); `kambook build --jobs 1` does everything in one "
                             "process") from None
        finally:
            self._receive.close()
        self._process.join()
        if outcome == "ok":
            return value
        if outcome == "error":
            raise value
        if outcome == "message":
            raise AsideError(value)
        raise AsideError(f"{self.what}: {value}\n{told}")

    def cancel(self) -> None:
        """Stop the process if it still runs (the build failed on its own side)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receive.close()


def _run(send, work: Callable[[], object]) -> None:  # noqa: ANN001 - a multiprocessing Connection
    die_with_parent()
    try:
        message: tuple = ("ok", work(), "")
    except KambookError as exc:
        message = ("error", exc, "") if _travels(exc) else ("message", str(exc), "")
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the build, which decides
        message = ("failed", f"{type(exc).__name__}: {exc}", traceback.format_exc())
    try:
        send.send(message)
    finally:
        send.close()


def _travels(error: Exception) -> bool:
    """Whether the error comes out of the pipe as itself (an exception whose constructor takes other
    arguments than it keeps does not)."""
    try:
        return type(pickle.loads(pickle.dumps(error))) is type(error)
    except Exception:  # noqa: BLE001 - any failure means: send its words instead
        return False
