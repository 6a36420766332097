"""Capture everything a case writes to file descriptors 1 and 2 (Python and C level)
into temporary files, keeping only a bounded head and tail of each."""
import os
import sys
import tempfile

LIMIT = 64 * 1024  # bytes kept of each stream: half from the start, half from the end


def _read_bounded(f):
    size = f.seek(0, os.SEEK_END)
    half = LIMIT // 2
    if size <= LIMIT:
        f.seek(0)
        return f.read().decode("utf-8", "replace"), size
    f.seek(0)
    head = f.read(half)
    f.seek(size - half)
    tail = f.read(half)
    dropped = size - 2 * half
    text = head.decode("utf-8", "replace") + f"\n[… {dropped} bytes not kept …]\n" + tail.decode("utf-8", "replace")
    return text, size


class CaptureOutput:
    """With ``directory``, the capture files are ``directory/stdout`` and
    ``directory/stderr`` (truncated for each case), so that the orchestrator can read
    what a case wrote even when the case kills the worker."""

    def __init__(self, directory=None):
        self.directory = directory

    def _open(self, name):
        if self.directory:
            return open(os.path.join(self.directory, name), "w+b")
        return tempfile.TemporaryFile()

    def __enter__(self):
        self._flush()
        self.files = []
        self.saved = []
        for fd, name in ((1, "stdout"), (2, "stderr")):
            tmp = self._open(name)
            self.files.append(tmp)
            try:
                self.saved.append(os.dup(fd))
            except OSError:
                self.saved.append(None)  # the descriptor was closed: leave it so
                continue
            os.dup2(tmp.fileno(), fd)
        return self

    def _flush(self):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass

    def __exit__(self, *exc):
        self._flush()
        for fd, saved in zip((1, 2), self.saved):
            if saved is not None:
                os.dup2(saved, fd)
                os.close(saved)
        self.stdout, self.stdout_bytes = _read_bounded(self.files[0])
        self.stderr, self.stderr_bytes = _read_bounded(self.files[1])
        for f in self.files:
            f.close()
        return False
