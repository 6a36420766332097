"""Capture everything a case writes to file descriptors 1 and 2 (Python and C level),
keeping only a bounded head and tail of each stream.

Each stream goes straight into a file opened with O_APPEND, so a write is on disk the
moment it returns: when a case kills the worker (segfault, abort, os._exit right
after printing) the orchestrator still reads the last words from the end of
``directory/stdout`` and ``directory/stderr``.

A case may flood its output (hundreds of MB). A watcher thread keeps the disk used
bounded without ever losing what the head and tail need: it punches a hole
(``fallocate(PUNCH_HOLE)``) in the middle of what is already written, between the
first ``LIMIT/2`` bytes and the newest ``LIMIT/2``. Nothing is moved or truncated,
so a write that lands while the watcher works is never lost; the file's size stays
the number of bytes written. Where the file system cannot punch holes, the file just
grows, and the kept text is the same.
"""
import ctypes
import os
import sys
import tempfile
import threading

LIMIT = 64 * 1024  # bytes kept of each stream: half from the start, half from the end
HALF = LIMIT // 2
INTERVAL_S = 0.02
_PUNCH = 0x02 | 0x01  # FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE
_BLOCK = 4096


def _fallocate():
    try:
        fn = ctypes.CDLL(None, use_errno=True).fallocate
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong]
    fn.restype = ctypes.c_int
    return fn


_FALLOCATE = _fallocate()


class _Stream:
    def __init__(self, fd, path):
        self.fd = fd
        self.path = path
        self.saved = None
        self.punched = HALF  # everything below here that is past the head is a hole
        self.can_punch = _FALLOCATE is not None

    def start(self):
        if self.path:
            self.file_fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
        else:
            f = tempfile.TemporaryFile()
            self.file_fd = os.dup(f.fileno())
            f.close()
            import fcntl

            fcntl.fcntl(self.file_fd, fcntl.F_SETFL, fcntl.fcntl(self.file_fd, fcntl.F_GETFL) | os.O_APPEND)
        try:
            self.saved = os.dup(self.fd)
        except OSError:
            self.saved = None  # the descriptor was closed: leave it so
            return
        os.dup2(self.file_fd, self.fd)

    def trim(self):
        """Free the disk blocks between the head and the newest HALF bytes written."""
        if not self.can_punch:
            return
        try:
            size = os.fstat(self.file_fd).st_size
        except OSError:
            return
        # block-aligned, and only below what is already written and not in the tail
        start = -(-self.punched // _BLOCK) * _BLOCK
        end = ((size - HALF) // _BLOCK) * _BLOCK
        if end - start < LIMIT:
            return
        if _FALLOCATE(self.file_fd, _PUNCH, start, end - start) != 0:
            self.can_punch = False  # not supported here: the file grows instead
            return
        self.punched = end

    def stop(self):
        if self.saved is not None:
            os.dup2(self.saved, self.fd)  # also restores a descriptor the case closed
            os.close(self.saved)

    def text(self):
        """Head, a marker for what was dropped, and tail; closes the file."""
        try:
            size = os.fstat(self.file_fd).st_size
            if size <= LIMIT:
                return os.pread(self.file_fd, size, 0).decode("utf-8", "replace"), size
            head = os.pread(self.file_fd, HALF, 0)
            tail = os.pread(self.file_fd, HALF, size - HALF)
            marker = f"\n[… {size - 2 * HALF} bytes not kept …]\n".encode()
            return (head + marker + tail).decode("utf-8", "replace"), size
        finally:
            os.close(self.file_fd)


class CaptureOutput:
    def __init__(self, directory=None):
        self.directory = directory
        self.stdout = self.stderr = ""
        self.stdout_bytes = self.stderr_bytes = 0

    def __enter__(self):
        _flush()
        self.streams = []
        for fd, name in ((1, "stdout"), (2, "stderr")):
            s = _Stream(fd, os.path.join(self.directory, name) if self.directory else None)
            s.start()
            self.streams.append(s)
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="portabench-capture", daemon=True)
        self._watcher.start()
        return self

    def _watch(self):
        while not self._stop.wait(INTERVAL_S):
            for s in self.streams:
                s.trim()

    def __exit__(self, *exc):
        _flush()
        self._stop.set()
        self._watcher.join()
        for s in self.streams:
            s.stop()
        out, err = self.streams
        self.stdout, self.stdout_bytes = out.text()
        self.stderr, self.stderr_bytes = err.text()
        return False


def _flush():
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            pass
