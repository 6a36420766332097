"""No case changes another's result: the process-wide state Python, NumPy and the
framework keep, read before each case and compared after it; what differs is set back
and reported (the result's ``state_changes``: ``{"what", "before", "after"}``), and
what cannot be set back asks for a fresh worker before the next case (the result's
``replace_worker``, with the reason).

Watched here (Python-wide): the ``warnings`` filters, ``showwarning`` and
``formatwarning``; NumPy's errstate, error callback and print options; the
environment (``os.environ``); trace and profile functions; replaced public attributes
of the framework's modules and replaced or deleted ``sys.modules`` entries
(module_watch.py). The framework's own settings (default dtype, grad mode, config
flags…) are the adapter's (``state_snapshot()`` / ``state_restore()``, frameworks/*.py). Python's ``random`` and
NumPy's global generator are seeded before every case, as the adapters seed the
framework's: a case never sees the random state another left.

Each watcher has ``read()`` (before a case) and ``settle(before)`` (after it: the
changes and what could not be set back). hygiene.py owns the rest of the process's
state (working directory, signals, streams), which it restores without reporting.
"""
import os
import random
import sys
import warnings

from .knobs import Knob, Knobs, show
from .module_watch import ModuleWatch


def _filter_text(f):
    """A warnings filter as ``-W`` writes it: ``action:message:category:module:lineno``."""
    action, message, category, module, lineno = (tuple(f) + (None,) * 5)[:5]
    pattern = lambda p: getattr(p, "pattern", p) or ""  # noqa: E731
    text = ":".join([str(action), pattern(message), getattr(category, "__name__", str(category)), pattern(module), str(lineno or "")]).rstrip(":")
    return text


class WarningsFilters:
    """``warnings.filters``: the list (a case may rebind it) and its entries."""

    def read(self):
        return warnings.filters, tuple(warnings.filters)

    def settle(self, before, imported=False):
        lst, entries = before
        if warnings.filters is lst and len(lst) == len(entries) and tuple(lst) == entries:
            return [], []
        now = list(warnings.filters)
        added = [f for f in now if f not in entries]
        removed = [f for f in entries if f not in now]
        if imported and not removed and warnings.filters is lst and not any(f[0] == "error" for f in added):
            return [], []  # filters a module added as the case imported it; they change no verdict
        changes = [{"what": "warnings filter", "before": "(none)", "after": _filter_text(f)} for f in added]
        changes += [{"what": "warnings filter", "before": _filter_text(f), "after": "(removed)"} for f in removed]
        if not changes:
            changes = [{"what": "warnings filters", "before": "in their order", "after": "reordered"}]
        warnings.filters = lst
        lst[:] = entries
        mutated = getattr(warnings, "_filters_mutated", None)
        if mutated is not None:
            mutated()
        return changes, []


class Environment:
    """``os.environ``, compared through its underlying dict (no decoding per case)."""

    def _data(self):
        return getattr(os.environ, "_data", None)

    def read(self):
        data = self._data()
        return dict(data) if data is not None else dict(os.environ)

    def settle(self, before, imported=False):
        data = self._data()
        now = data if data is not None else dict(os.environ)
        if now == before:
            return [], []
        if imported and all(before.get(k) == v for k, v in now.items() if k in before) and set(before) <= set(now):
            return [], []  # only new variables, set as the case imported modules (a framework's own defaults)
        decode = os.fsdecode if data is not None else (lambda x: x)
        changes = []
        for key in sorted(set(before) | set(now), key=str):
            old, new = before.get(key), now.get(key)
            if old == new:
                continue
            name = decode(key)
            changes.append({"what": f"environment {name}", "before": "(unset)" if old is None else show(decode(old)), "after": "(unset)" if new is None else show(decode(new))})
            try:
                if old is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = decode(old)
            except (OSError, ValueError):
                pass
        return changes, []


def _numpy_knobs():
    np = sys.modules.get("numpy")
    if np is None:
        return []
    # np.seterr(**old) and np.set_printoptions(**old) take back what the getters give
    short = lambda d: ", ".join(f"{k}={v}" for k, v in sorted(d.items()))  # noqa: E731
    return [
        Knob("numpy errstate", np.geterr, lambda v: np.seterr(**v), short),
        Knob("numpy error callback", np.geterrcall, np.seterrcall),
        Knob("numpy print options", np.get_printoptions, lambda v: np.set_printoptions(**v), short),
    ]


NUMPY_NAMESPACES = ("numpy", "numpy.linalg")


def python_watchers(namespaces):
    """The Python-wide watchers, the module watch last (setting a framework's settings
    back may set back its module attributes too: ``torch.Storage`` follows the default
    dtype); ``namespaces``: the framework's, whose public attributes are watched."""
    knobs = Knobs([
        Knob("warnings.showwarning", lambda: warnings.showwarning, lambda v: setattr(warnings, "showwarning", v)),
        Knob("warnings.formatwarning", lambda: warnings.formatwarning, lambda v: setattr(warnings, "formatwarning", v)),
        Knob("trace function", sys.gettrace, sys.settrace),
        Knob("profile function", sys.getprofile, sys.setprofile),
        *_numpy_knobs(),
    ])
    return [WarningsFilters(), knobs, Environment(), ModuleWatch(tuple(namespaces) + NUMPY_NAMESPACES)]


def seed_generators():
    """Python's and NumPy's global random generators, seeded as every case starts."""
    random.seed(0)
    np = sys.modules.get("numpy")
    if np is not None:
        np.random.seed(0)


class _AdapterState:
    def __init__(self, adapter):
        self.read = adapter.state_snapshot
        self.settle = lambda before, imported=False: adapter.state_restore(before)


class StateGuard:
    """Every watcher of a worker: Python's and the adapter's."""

    def __init__(self, adapter):
        python = python_watchers(adapter.state_modules)
        self.modules = python[-1]
        self.watchers = python[:-1] + [_AdapterState(adapter), self.modules]

    def read(self):
        return [w.read() for w in self.watchers]

    def settle(self, before):
        """``(changes, replace_reason)``: what the case changed (set back), and why the
        worker must be replaced (None when everything was set back), as a predicate
        ("changed process state that cannot be set back: …")."""
        changes, stuck = [], []
        imported = self.modules.imported()
        for w, b in zip(self.watchers, before):
            try:
                c, s = w.settle(b, imported)
            except Exception as exc:  # noqa: BLE001 - a watcher the case broke: replace the worker
                c, s = [], [f"{type(w).__name__} could not compare: {type(exc).__name__}: {exc}"]
            changes += c
            stuck += s
        reason = f"changed process state that cannot be set back: {'; '.join(stuck)}" if stuck else None
        return changes, reason

