"""Capture everything a case writes to file descriptors 1 and 2 (Python and C level),
keeping only a bounded head and tail of each stream.

Each stream is redirected into a pipe drained by a thread, so a case that floods
hundreds of megabytes never blocks and never fills a disk: the first ``LIMIT/2``
bytes are kept as the head and the last ``LIMIT/2`` as a rolling tail. With a
``directory``, the head and tail are mirrored into ``directory/stdout`` and
``directory/stderr`` (at most ``LIMIT`` bytes plus a marker) as they arrive, so
that the orchestrator can read what a case wrote even when the case kills the
worker.
"""
import os
import sys
import threading

LIMIT = 64 * 1024  # bytes kept of each stream: half from the start, half from the end
HALF = LIMIT // 2


class _Stream:
    """One redirected descriptor: a pipe, a drain thread, a bounded head + tail."""

    def __init__(self, fd, path):
        self.fd = fd
        self.path = path
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0
        self.file_fd = None
        self.saved = None
        self.read_fd = self.write_fd = None
        self.thread = None

    def start(self):
        if self.path:
            self.file_fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            self.saved = os.dup(self.fd)
        except OSError:
            self.saved = None  # the descriptor was closed: leave it so
            return
        self.read_fd, self.write_fd = os.pipe()
        os.set_inheritable(self.read_fd, False)
        os.dup2(self.write_fd, self.fd)
        self.thread = threading.Thread(target=self._drain, name=f"portabench-capture-{self.fd}", daemon=True)
        self.thread.start()

    def _drain(self):
        while True:
            try:
                chunk = os.read(self.read_fd, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            self._keep(chunk)

    def _keep(self, chunk):
        self.total += len(chunk)
        room = HALF - len(self.head)
        if room > 0:
            self.head += chunk[:room]
            chunk = chunk[room:]
            head_changed = True
        else:
            head_changed = False
        if chunk:
            self.tail += chunk
            if len(self.tail) > HALF:
                del self.tail[: len(self.tail) - HALF]
        self._mirror(head_changed)

    def _mirror(self, head_changed):
        if self.file_fd is None:
            return
        try:
            if head_changed:
                os.pwrite(self.file_fd, bytes(self.head), 0)
            if self.tail:
                dropped = self.total - len(self.head) - len(self.tail)
                marker = f"\n[… {dropped} bytes not kept …]\n".encode() if dropped > 0 else b""
                data = marker + bytes(self.tail)
                os.pwrite(self.file_fd, data, len(self.head))
                os.ftruncate(self.file_fd, len(self.head) + len(data))
        except OSError:
            pass

    def stop(self):
        if self.saved is not None:
            os.dup2(self.saved, self.fd)  # also restores a descriptor the case closed
            os.close(self.saved)
        if self.write_fd is not None:
            os.close(self.write_fd)
        if self.thread is not None:
            self.thread.join(2)  # a child process may still hold the pipe: do not wait for it
        if self.read_fd is not None:
            try:
                os.close(self.read_fd)
            except OSError:
                pass
        if self.file_fd is not None:
            os.close(self.file_fd)

    def text(self):
        dropped = self.total - len(self.head) - len(self.tail)
        if dropped > 0:
            data = bytes(self.head) + f"\n[… {dropped} bytes not kept …]\n".encode() + bytes(self.tail)
        else:
            data = bytes(self.head) + bytes(self.tail)
        return data.decode("utf-8", "replace")


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
        return self

    def __exit__(self, *exc):
        _flush()
        for s in self.streams:
            s.stop()
        out, err = self.streams
        self.stdout, self.stdout_bytes = out.text(), out.total
        self.stderr, self.stderr_bytes = err.text(), err.total
        return False


def _flush():
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            pass
