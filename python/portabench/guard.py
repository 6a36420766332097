"""The worker's guard: the worker process forks once at start; the parent stays behind
as a child subreaper and waits. Whatever the worker leaves when it ends — also when a
case kills it (segfault, os._exit) right after starting processes that called
setsid() — is re-parented to the guard, which kills it all and then ends the way the
worker ended (same exit status, same signal), so the orchestrator sees the worker's
own end. If the orchestrator dies, the guard takes the whole tree with it.
"""
import os
import resource
import signal

from .reaper import become_subreaper, kill_descendants

PR_SET_PDEATHSIG = 1


def _end_all(*_):
    kill_descendants()
    os._exit(1)


def fork_guard(close_fds=()):
    """Fork. In the worker (the child) return; the guard (the parent) never returns.

    ``close_fds``: descriptors the guard must not hold open (the protocol pipes), so
    that the orchestrator sees them end when the worker ends."""
    parent = os.getppid()
    become_subreaper()
    pid = os.fork()
    if pid == 0:
        become_subreaper()
        return
    try:
        _guard(pid, parent, close_fds)
    finally:
        os._exit(1)  # the guard never returns into the worker's code, whatever happens


def _guard(pid, parent, close_fds):
    for fd in close_fds:
        try:
            os.close(fd)
        except OSError:
            pass
    signal.signal(signal.SIGUSR1, _end_all)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGUSR1), 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        _end_all()
    status = 0
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    kill_descendants()
    if os.WIFSIGNALED(status):
        _die_of(os.WTERMSIG(status))
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


def _die_of(sig):
    """End this process by signal ``sig``, as the worker did (no core file)."""
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError):
        pass
    if sig not in (signal.SIGKILL, signal.SIGSTOP):
        try:
            signal.signal(sig, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
        except (OSError, ValueError):
            pass
    os.kill(os.getpid(), sig)
