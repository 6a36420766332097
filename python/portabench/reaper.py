"""Processes a case leaves behind: the worker becomes a child subreaper, so whatever
its cases start — also processes that called setsid() or whose parent exited — stays
its descendant, and after each case every descendant is killed and reaped."""
import ctypes
import os
import signal

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper():
    """True when orphaned descendants will be re-parented to this process (Linux)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _children_via_task(pid):
    out = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/children") as f:
            out.extend(int(p) for p in f.read().split())
    return out


def _parents():
    """{pid: ppid} of every process (the slow path, where /proc/*/task/*/children is missing)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            table[int(entry)] = int(stat[stat.rindex(b")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return table


def descendants(root=None):
    """Every living descendant of ``root`` (default: this process), nearest first."""
    root = os.getpid() if root is None else root
    found, queue = [], [root]
    parents = None
    while queue:
        pid = queue.pop(0)
        try:
            kids = _children_via_task(pid)
        except OSError:
            if parents is None:
                parents = _parents()
            kids = [c for c, p in parents.items() if p == pid]
        for kid in kids:
            if kid not in found:
                found.append(kid)
                queue.append(kid)
    return found


def reap():
    """Collect the exit status of every child that has ended (zombies)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_descendants(rounds=20):
    """SIGKILL every descendant until none is left; the number killed."""
    killed = set()
    for _ in range(rounds):
        pids = [p for p in descendants() if p not in killed or _alive(p)]
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed.add(pid)
            except ProcessLookupError:
                pass
        reap()
    reap()
    return len(killed)


def _alive(pid):
    """True unless the process is gone or a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
        return stat[stat.rindex(b")") + 2 : stat.rindex(b")") + 3] != b"Z"
    except (OSError, ValueError):
        return False
