"""Replaced module attributes and ``sys.modules`` entries: ``torch.exp = lambda x: x``,
``del jax.numpy.add``, ``sys.modules["numpy"] = fake``, left behind by a case.

A baseline of the framework's API namespaces (the adapter names them: ``torch``,
``torch.nn.functional``, ``tensorflow.math``, ``torch.Tensor``…; NumPy's are added)
holds, per namespace, its dict's values in order; after a case each dict's values are
compared with it by identity, in C (``tuple(d.values()) == baseline``: the same object
short-circuits on ``is``), a few nanoseconds an entry. Only a namespace that differs
is looked at by name: a public name whose value is no longer the same object is put
back and reported; new names (a lazily imported submodule, an attribute a module
caches) and private names go into the baseline, and so does a lazy-module placeholder
(a ``ModuleType`` subclass such as TensorFlow's LazyLoader) replaced by the module it
loads, and, while the case imported new modules, a value from a non-test module (the
framework wrapping its own functions as it imports more of itself: PyTorch's dynamo
wraps ``torch.manual_seed``). ``sys.modules`` is watched the same way: an entry
replaced by something else or deleted is put back; new entries are new imports.

Every public module of a framework would cost too much per case (PyTorch has hundreds,
~14,000 names), so only the listed namespaces are watched. It does not see state held
outside their dicts (C-level globals: those are the adapters' knobs) nor what a case
changed inside the objects they hold.
"""
import sys
import types

from .knobs import show

_MISSING = object()


TEST_MODULE_PREFIX = "portabench_test_"  # cases.load_test_file's module names


def _resolve(path):
    """``tensorflow.math`` → the object, through attributes of an imported top-level
    module (nothing is imported here); None where it is not there (yet)."""
    parts = path.split(".")
    obj = sys.modules.get(parts[0])
    for p in parts[1:]:
        if obj is None:
            return None
        obj = getattr(obj, p, None)
    return obj


def _from_test(value):
    """A value defined outside the framework: in a test file or a script."""
    module = getattr(value, "__module__", None)
    return not isinstance(module, str) or module.startswith(TEST_MODULE_PREFIX) or module == "__main__"


def _loaded_in_place(old, new):
    """A lazy placeholder replaced by what it loads: not a case's doing."""
    if not isinstance(old, types.ModuleType) or not isinstance(new, types.ModuleType):
        return False
    return type(old) is not types.ModuleType or getattr(old, "__name__", None) == getattr(new, "__name__", _MISSING)


class _Dict:
    """One watched namespace (a module's dict, a class's mappingproxy, sys.modules): its
    values in order, and by name."""

    __slots__ = ("label", "owner", "d", "values", "items")

    def __init__(self, label, d, owner=None):
        self.label = label
        self.owner = owner  # a class: put back with setattr (its dict is read-only)
        self.d = d
        self.take()

    def take(self):
        self.values = tuple(self.d.values())
        self.items = dict(self.d)

    def unchanged(self):
        return len(self.d) == len(self.values) and tuple(self.d.values()) == self.values

    def put_back(self, public_only, imported):
        """Put back what was replaced or deleted; the changes, as ``{"what", "before", "after"}``."""
        changes, d = [], self.d
        for name, old in self.items.items():
            new = d.get(name, _MISSING)
            if new is old or (public_only and (not isinstance(name, str) or name.startswith("_"))):
                continue
            if new is not _MISSING and (_loaded_in_place(old, new) or (imported and not _from_test(new))):
                continue
            what = f"{self.label}[{name!r}]" if self.label == "sys.modules" else f"{self.label}.{name}"
            changes.append({"what": what, "before": show(old), "after": "(deleted)" if new is _MISSING else show(new)})
            if self.owner is not None:
                setattr(self.owner, name, old)
            else:
                d[name] = old
        self.take()
        return changes


class ModuleWatch:
    """The baseline of the namespaces named (``paths``) and of ``sys.modules``;
    ``settle()`` after a case puts back what it replaced and says what that was."""

    def __init__(self, paths):
        self.paths = tuple(paths)
        self.sys_modules = _Dict("sys.modules", sys.modules)
        self.scan()

    def scan(self):
        self.spaces = []
        seen = set()
        for path in self.paths:
            obj = _resolve(path)
            if obj is None or id(obj) in seen:
                continue
            seen.add(id(obj))
            try:
                d = vars(obj)
            except TypeError:
                continue
            self.spaces.append(_Dict(_public_name(path), d, None if isinstance(d, dict) else obj))
        self.seen = len(sys.modules)

    def read(self):
        return None  # the baseline is kept between cases: nothing to take per case

    def imported(self):
        """Whether modules other than test files were imported since the baseline."""
        if len(sys.modules) == len(self.sys_modules.items):
            return False
        before = self.sys_modules.items
        return any(name not in before and not name.startswith(TEST_MODULE_PREFIX) for name in list(sys.modules))

    def settle(self, _before=None, imported=None):
        if imported is None:
            imported = self.imported()
        changes = []
        if not self.sys_modules.unchanged():
            changes += self.sys_modules.put_back(False, imported)
        for w in self.spaces:
            if not w.unchanged():
                changes += w.put_back(True, imported)
        if len(sys.modules) != self.seen:
            self.scan()  # new imports: a namespace may be there now
        return changes, []


def _public_name(path):
    """``tensorflow.math`` as users write it: ``tf.math``."""
    return "tf" + path[len("tensorflow"):] if path == "tensorflow" or path.startswith("tensorflow.") else path
