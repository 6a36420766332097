"""The worker's end of the protocol: JSON Lines in on one descriptor, out on another,
both moved above PROTOCOL_FD_BASE (with /dev/null left in their old places) so that a
test writing to or closing descriptors 3 and 4 reaches nothing.

Every request carries ``seq`` and ``nonce``; every answer echoes both, so the
orchestrator can tell a real answer from anything else that reaches the pipe.
Outgoing text is made safe for any store and any JSON parser: lone surrogates
escaped, NUL replaced, NaN and infinities as text, objects as their str().
"""
import json
import math
import os

PROTOCOL_FD_BASE = 200


def protect_fds(in_fd, out_fd):
    import fcntl

    moved = []
    for fd in (in_fd, out_fd):
        if fd is None:
            moved.append(None)
            continue
        high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, PROTOCOL_FD_BASE)
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, fd)
        os.close(null)
        moved.append(high)
    return moved


def clean(value):
    """``value`` with every string encodable as UTF-8 and free of NUL."""
    if isinstance(value, str):
        if value.isascii():
            return value.replace("\0", "\\0") if "\0" in value else value
        return value.encode("utf-8", "backslashreplace").decode("utf-8").replace("\0", "\\0")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or Infinity
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


def _text(obj):
    try:
        return clean(str(obj))
    except BaseException:  # noqa: BLE001 - a parameter's __str__ may raise anything
        return f"<{type(obj).__qualname__}>"


def _identity(fd):
    if fd is None:
        return None
    st = os.fstat(fd)
    return (st.st_dev, st.st_ino)


class Channel:
    def __init__(self, in_fd, out_fd):
        self.inp = os.fdopen(in_fd, "rb", buffering=0) if in_fd is not None else None
        self.in_fd = in_fd
        self.out_fd = out_fd
        self._buf = b""
        self._ids = (_identity(in_fd), _identity(out_fd))

    def intact(self):
        """False when a case closed or replaced a protocol descriptor."""
        try:
            return (_identity(self.in_fd), _identity(self.out_fd)) == self._ids
        except OSError:
            return False

    def send(self, message, request=None):
        if request is not None:
            message = {**message, "seq": request.get("seq"), "nonce": request.get("nonce")}
        data = (json.dumps(clean(message), default=_text, allow_nan=False) + "\n").encode()
        view = memoryview(data)
        while view:
            n = os.write(self.out_fd, view)
            view = view[n:]

    def receive(self):
        while b"\n" not in self._buf:
            chunk = self.inp.read(65536)
            if not chunk:
                return None
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return json.loads(line)
