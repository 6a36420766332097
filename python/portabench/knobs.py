"""Process-wide settings as knobs: a setting a case may change (PyTorch's default dtype,
a TensorFlow config flag, NumPy's errstate), read before the case and compared, and
set back, after it.

A knob is a name, a getter, a setter (None where the setting cannot be set back, e.g.
PyTorch's interop thread count: then a change asks for a fresh worker) and how to show
a value. ``settle`` (compare, set back, read again) is the one comparison every knob
shares; ``Knobs`` is a list of them as one watcher (``read()`` before a case,
``settle(before)`` after it: the interface of every watcher in state_guard.py). This module knows no framework: the
adapters and state_guard.py list the knobs.
"""


def same(a, b):
    """``a`` and ``b`` are the same setting value (identity first; ``==`` that raises or
    does not give a bool counts as different)."""
    if a is b:
        return True
    try:
        return bool(a == b) is True
    except Exception:  # noqa: BLE001 - e.g. arrays without one truth value
        return False


def show(value, limit=80):
    """A value as a short text: a function or class by its name, others by str()."""
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if isinstance(name, str) and not isinstance(value, (str, int, float, bool)):
        module = getattr(value, "__module__", None)
        text = f"{module}.{name}" if isinstance(module, str) and not name.startswith("<") else name
        text = f"{text} ({type(value).__name__})"
    else:
        try:
            text = str(value)
        except Exception:  # noqa: BLE001
            text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


def on_off(value):
    return "on" if value else "off"


class Knob:
    __slots__ = ("what", "get", "set", "show")

    def __init__(self, what, get, set=None, show=show):  # noqa: A002 - the knob's setter
        self.what = what
        self.get = get
        self.set = set
        self.show = show


def working(knobs):
    """The knobs whose getter works here (an older framework lacks some settings)."""
    out = []
    for k in knobs:
        try:
            k.get()
        except Exception:  # noqa: BLE001 - absent in this build: not watched
            continue
        out.append(k)
    return out


class Knobs:
    """A list of knobs as one watcher: ``read()`` before a case, ``settle(read)`` after it."""

    def __init__(self, knobs):
        self.knobs = working(knobs)

    def read(self):
        return [k.get() for k in self.knobs]

    def settle(self, before, imported=False):
        if self.read() == before:  # the usual case: one comparison in C
            return [], []
        return settle(self.knobs, before)


def settle(knobs, before):
    """Compare each knob with its value ``before`` the case and set back the ones that
    differ. Returns ``(changes, stuck)``: ``{"what", "before", "after"}`` per change, and
    a reason per setting that could not be set back (the worker must then be replaced)."""
    changes, stuck = [], []
    for k, b in zip(knobs, before):
        try:
            a = k.get()
        except Exception as exc:  # noqa: BLE001 - the case broke the getter itself
            changes.append({"what": k.what, "before": k.show(b), "after": f"unreadable ({type(exc).__name__}: {exc})"})
            stuck.append(f"{k.what} unreadable")
            continue
        if same(a, b):
            continue
        changes.append({"what": k.what, "before": k.show(b), "after": k.show(a)})
        if k.set is None:
            stuck.append(f"{k.what} cannot be set back ({k.show(a)}, was {k.show(b)})")
            continue
        try:
            k.set(b)
            ok = same(k.get(), b)
        except Exception as exc:  # noqa: BLE001
            stuck.append(f"{k.what} could not be set back: {type(exc).__name__}: {exc}")
            continue
        if not ok:
            stuck.append(f"{k.what} did not go back to {k.show(b)}")
    return changes, stuck
