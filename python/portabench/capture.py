"""Capture everything a case writes to file descriptors 1 and 2 (Python and C level),
keeping only a bounded head and tail of each stream.

Each stream goes straight into a file opened with O_APPEND, so a write is on disk the
moment it returns: when a case kills the worker (segfault, abort, os._exit right
after printing) the orchestrator still reads the last words from
``directory/stdout`` and ``directory/stderr``. A watcher thread keeps the files
small while a case floods them: once a file passes ``LIMIT`` bytes it keeps the
first ``LIMIT/2`` bytes ever written (the head) and the newest ``LIMIT/2`` (the
tail) in memory and empties the file; writers never block. What a case writes in
one watcher interval is the most a file holds.
"""
import os
import sys
import tempfile
import threading

LIMIT = 64 * 1024  # bytes kept of each stream: half from the start, half from the end
HALF = LIMIT // 2
INTERVAL_S = 0.02


class _Stream:
    def __init__(self, fd, path):
        self.fd = fd
        self.path = path
        self.head = b""
        self.tail = b""
        self.total = 0  # bytes moved out of the file into head/tail or dropped
        self.saved = None
        self.lock = threading.Lock()

    def start(self):
        if self.path:
            self.file_fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
        else:
            f = tempfile.TemporaryFile()
            self.file_fd = os.dup(f.fileno())
            f.close()
            os.set_blocking(self.file_fd, True)
            import fcntl

            fcntl.fcntl(self.file_fd, fcntl.F_SETFL, fcntl.fcntl(self.file_fd, fcntl.F_GETFL) | os.O_APPEND)
        try:
            self.saved = os.dup(self.fd)
        except OSError:
            self.saved = None  # the descriptor was closed: leave it so
            return
        os.dup2(self.file_fd, self.fd)

    def trim(self, force=False):
        """Move the file's content into head/tail and empty it, once it is over LIMIT."""
        with self.lock:
            try:
                size = os.fstat(self.file_fd).st_size
            except OSError:
                return
            if size <= LIMIT and not force:
                return
            if len(self.head) < HALF:
                need = HALF - len(self.head)
                self.head += os.pread(self.file_fd, min(need, size), 0)
                start = min(need, size)
            else:
                start = 0
            take = max(start, size - HALF)
            newest = os.pread(self.file_fd, size - take, take) if size > take else b""
            self.tail = (self.tail + newest)[-HALF:]
            self.total += size
            os.ftruncate(self.file_fd, 0)

    def stop(self):
        if self.saved is not None:
            os.dup2(self.saved, self.fd)  # also restores a descriptor the case closed
            os.close(self.saved)

    def text(self):
        """Head, a marker for what was dropped, and tail; closes the file."""
        try:
            size = os.fstat(self.file_fd).st_size
            if self.total == 0 and size <= LIMIT:
                data = os.pread(self.file_fd, size, 0)
                return data.decode("utf-8", "replace"), size
            self.trim(force=True)
            total = self.total
            dropped = total - len(self.head) - len(self.tail)
            marker = f"\n[… {dropped} bytes not kept …]\n".encode() if dropped > 0 else b""
            return (self.head + marker + self.tail).decode("utf-8", "replace"), total
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
