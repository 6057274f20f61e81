"""Ctrl+C and termination signals (SIGINT, SIGTERM, SIGHUP) turned into an orderly exit.

The handler raises ``Stopped`` (a KeyboardInterrupt), so ``finally`` blocks run and remove temporary files.
A signal that arrives inside a finalizer (``__del__``, where an exception is printed and lost) waits for the
next ``stop_if_asked()``. Inside ``deferred()`` a signal waits until the block ends: moving finished files into place
is never cut in two, and what a batch records as written is what was written. A batch worker installs the
handler with ``anywhere=False``: there a signal only stops the work inside ``interruptible()`` and otherwise
just asks the worker to take no more periods (``requested()``), so a worker waiting for work is never cut short.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(KeyboardInterrupt):
    """A stop asked for by a signal; ``status`` is the shell's exit status for it (130 for Ctrl+C)."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def status(self) -> int:
        return 128 + self.signum

    @property
    def cause(self) -> str:
        """The stop in words, for messages."""
        names = {signal.SIGINT: "按了 Ctrl+C", signal.SIGTERM: "收到终止信号（SIGTERM）"}
        if hasattr(signal, "SIGHUP"):
            names[signal.SIGHUP] = "终端已关闭（SIGHUP）"
        return names.get(self.signum, f"收到信号 {self.signum}")


def stopped(exc: KeyboardInterrupt) -> Stopped:
    """``exc`` as a Stopped (a plain KeyboardInterrupt is Ctrl+C)."""
    return exc if isinstance(exc, Stopped) else Stopped(signal.SIGINT)


@dataclass
class _State:
    anywhere: bool = True  # raise wherever a signal arrives (False: only inside interruptible())
    zone: int = 0  # depth of interruptible()
    deferring: int = 0  # depth of deferred()
    asked: int | None = None  # the first signal that arrived: from then on every stop_if_asked() stops

    def may_raise(self) -> bool:
        return self.anywhere or self.zone > 0


_state = _State()


def _in_finalizer(frame: FrameType | None) -> bool:
    """Whether ``frame`` runs inside a ``__del__``: an exception raised there is printed and lost."""
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def _handle(signum: int, frame: FrameType | None) -> None:
    _state.asked = _state.asked or signum
    if not _state.deferring and not _in_finalizer(frame) and _state.may_raise():
        raise Stopped(signum)
    # else acted on at the next stop_if_asked()


def stop_if_asked() -> None:
    """Act on a signal that had to wait (it arrived inside deferred() or a finalizer, or outside
    interruptible() in a worker)."""
    if _state.asked and not _state.deferring and _state.may_raise():
        raise Stopped(_state.asked)


def install(*, anywhere: bool = True, ignore: tuple[int, ...] = ()) -> dict[int, object]:
    """Handle the stop signals (``ignore`` some); returns the handlers replaced, for ``restore``.

    Only the main thread can set handlers: elsewhere nothing changes (the default Ctrl+C stays)."""
    global _state
    if threading.current_thread() is not threading.main_thread():
        return {}
    _state = _State(anywhere=anywhere)
    replaced = {s: signal.signal(s, signal.SIG_IGN if s in ignore else _handle) for s in SIGNALS}
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)  # a worker started inside held() gets them now
    return replaced


def restore(previous: dict[int, object]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]


@contextmanager
def deferred() -> Iterator[None]:
    """A signal arriving inside takes effect when the block ends (not while an exception leaves it)."""
    _state.deferring += 1
    try:
        yield
    finally:
        _state.deferring -= 1
    stop_if_asked()


@contextmanager
def held() -> Iterator[None]:
    """The stop signals held back in this thread while the block runs (where the system can): a worker
    process started inside starts with them held, until it has installed its own handler."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


@contextmanager
def interruptible() -> Iterator[None]:
    """Where a worker installed with ``anywhere=False`` may be stopped by a signal."""
    _state.zone += 1
    try:
        stop_if_asked()
        yield
    finally:
        _state.zone -= 1


def requested() -> bool:
    """Whether a stop signal has arrived since ``install``."""
    return _state.asked is not None
