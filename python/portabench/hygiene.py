"""The process state a case may change and the next case must not inherit: the
working directory (which the case may even delete), signal handlers and interval
timers, ``sys.stdin/stdout/stderr``, the recursion limit, and /dev/null on
descriptors 0, 3 and 4 when the case closed them (so no file lands there later).

Outside a case SIGINT is ignored (only a case can send one: the worker runs in its
own process group); inside a case it raises KeyboardInterrupt, which the worker
records as the case's failure.
"""
import os
import signal
import sys

_TIMERS = [getattr(signal, n) for n in ("ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF") if hasattr(signal, n)]


def _catchable():
    out = []
    for sig in signal.valid_signals():
        if sig in (signal.SIGKILL, signal.SIGSTOP):
            continue
        try:
            out.append((sig, signal.getsignal(sig)))
        except (OSError, ValueError):
            continue
    return out


class ProcessState:
    """Snapshot taken once when the worker starts; ``restore()`` after every case."""

    def __init__(self):
        self.cwd_fd = os.open(os.getcwd(), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        self.handlers = [(s, h) for s, h in _catchable() if h is not None]
        self.streams = (sys.stdin, sys.stdout, sys.stderr)
        self.recursion_limit = sys.getrecursionlimit()

    def enter_case(self):
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def leave_case(self):
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    def restore(self):
        for which in _TIMERS:
            try:
                signal.setitimer(which, 0)
            except (OSError, ValueError):
                pass
        for sig, handler in self.handlers:
            try:
                if signal.getsignal(sig) is not handler:
                    signal.signal(sig, handler)
            except (OSError, ValueError, TypeError):
                pass
        try:
            os.fchdir(self.cwd_fd)
        except OSError:
            pass
        sys.stdin, sys.stdout, sys.stderr = self.streams
        sys.setrecursionlimit(self.recursion_limit)
        for fd in (0, 3, 4):
            _null_if_closed(fd)


def _null_if_closed(fd):
    try:
        os.fstat(fd)
        return
    except OSError:
        pass
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)
