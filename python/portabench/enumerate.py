"""List a framework's public API by introspection, in the framework's own Python.

    python -m portabench.enumerate --framework jax --out catalog.json

Writes one JSON document to --out (never stdout: imported modules may print):
    {"framework", "root", "version", "python",
     "entries": [{"name", "kind", "module"}],
     "stats": {"modules_walked", "modules_failed": [{"module", "error"}], ...}}
Progress goes to stderr as lines starting with "[enumerate]".

How names are found:
- A breadth-first walk over modules, starting at the framework's root module
  (``torch``, ``jax``, ``tensorflow`` under the public prefix ``tf``), attributes in
  sorted order. A module is entered once (cycles and aliases), only if it belongs to
  the framework's packages, and only through a public path (no component starting
  with an underscore). Packages' submodules that nobody imported yet are imported
  (except for TensorFlow, whose public API is the generated ``tf.*`` namespace),
  with stdout silenced, sys.exit and every exception caught, and a time limit per
  import; those that fail are counted and reported.
- Every public callable reached this way is listed once, under the first, shortest
  public path that reaches it (breadth-first order), not its defining module:
  ``torch.relu``, ``jax.numpy.cos``, ``tf.linalg.svd``.
- Kinds: ``class``; ``function`` (Python functions and wrapped functions such as
  jitted ones); ``builtin`` (C functions); ``callable`` (other callable objects,
  e.g. ufunc objects); methods of public classes as ``method``, ``staticmethod``,
  ``classmethod``. A method is listed under its defining class when that class is
  public, else under the first public class that inherits it. Properties, constants
  and objects defined outside the framework's packages are left out.
"""
import argparse
import contextlib
import importlib
import inspect
import io
import json
import os
import pkgutil
import platform
import signal
import sys
import time
import types
import warnings

from . import vocabulary  # noqa: E402


def _spec(f):
    """What the walk needs of a framework, from the vocabulary: its root module, public
    prefix, the packages whose modules it enters, whether it imports submodules, modules
    it never enters and (TensorFlow) the private modules its generated API lives in."""
    e = f["enumerate"]
    return {"module": f["module"], "prefix": f["prefix"], "packages": tuple(e["packages"]),
            "import_submodules": e["import_submodules"],
            **({"exclude_modules": tuple(e["exclude_modules"])} if e.get("exclude_modules") else {}),
            **({"api_modules": tuple(e["api_modules"])} if e.get("api_modules") else {})}


FRAMEWORKS = {f["name"]: _spec(f) for f in vocabulary.frameworks()}

# Subpackages never imported by the walk: test suites and entry points.
SKIP_COMPONENTS = {"tests", "test_util", "conftest", "setup"}
IMPORT_TIME_LIMIT_S = 60


def progress(message):
    sys.stderr.write("[enumerate] " + message + "\n")
    sys.stderr.flush()


def is_public(name):
    return bool(name) and not name.startswith("_")


def top_package(module_name):
    return (module_name or "").split(".", 1)[0]


class TimeLimit:
    """Raise TimeoutError in the main thread when a block runs too long (POSIX only)."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.usable = hasattr(signal, "SIGALRM")

    def _fire(self, signum, frame):
        raise TimeoutError("took longer than %ss" % self.seconds)

    def __enter__(self):
        if self.usable:
            self.previous = signal.signal(signal.SIGALRM, self._fire)
            signal.alarm(self.seconds)
        return self

    def __exit__(self, *exc):
        if self.usable:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, self.previous)
        return False


def describe(exc):
    text = str(exc).strip().splitlines()
    return type(exc).__name__ + (": " + text[0][:300] if text else "")


class Enumerator:
    def __init__(self, spec):
        self.spec = spec
        self.packages = spec["packages"]
        self.entries = {}  # public name -> entry
        self.seen_objects = set()  # ids of listed objects
        self.seen_modules = set()  # ids of walked modules
        self.classes = []  # (public name, class) in walk order
        self.class_names = {}  # id(class) -> public name
        self.stats = {
            "modules_walked": 0,
            "modules_imported": 0,
            "modules_failed": [],
            "modules_skipped_private": 0,
            "modules_outside_framework": 0,
            "attributes_failed": 0,
            "objects_outside_framework": 0,
        }
        self.last_report = time.monotonic()

    def belongs(self, module_name):
        return top_package(module_name) in self.packages

    def defining_module(self, obj):
        module = getattr(obj, "__module__", None)
        if not isinstance(module, str):
            module = getattr(type(obj), "__module__", None)
        return module if isinstance(module, str) else None

    def add(self, name, kind, module, obj_id):
        if name in self.entries:
            return
        self.entries[name] = {"name": name, "kind": kind, "module": module}
        if obj_id is not None:
            self.seen_objects.add(obj_id)

    def classify(self, obj):
        if inspect.isclass(obj):
            return "class"
        if inspect.isfunction(obj) or inspect.ismethod(obj):
            return "function"
        if inspect.isbuiltin(obj):
            return "builtin"
        if callable(obj):
            wrapped = getattr(obj, "__wrapped__", None)
            if wrapped is not None and (inspect.isfunction(wrapped) or inspect.isbuiltin(wrapped)):
                return "function"
            return "callable"
        return None

    def get(self, owner, attr):
        """getattr guarded against lazy loaders, deprecation shims and slow imports."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with TimeLimit(IMPORT_TIME_LIMIT_S):
                return getattr(owner, attr)

    def maybe_report(self, queue_len):
        now = time.monotonic()
        if now - self.last_report >= 2:
            self.last_report = now
            progress(
                "modules walked %d (queued %d), names %d, failed imports %d"
                % (self.stats["modules_walked"], queue_len, len(self.entries), len(self.stats["modules_failed"]))
            )

    def import_submodule(self, full_name):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with TimeLimit(IMPORT_TIME_LIMIT_S):
                return importlib.import_module(full_name)

    def walk(self, root_module, prefix):
        queue = [(root_module, prefix)]
        self.seen_modules.add(id(root_module))
        head = 0
        while head < len(queue):
            module, path = queue[head]
            head += 1
            self.stats["modules_walked"] += 1
            self.maybe_report(len(queue) - head)
            names = self.public_names(module)
            for attr in names:
                try:
                    obj = self.get(module, attr)
                except (Exception, SystemExit) as exc:  # lazy modules, removed names
                    self.stats["attributes_failed"] += 1
                    if isinstance(exc, (ImportError, TimeoutError)):
                        self.stats["modules_failed"].append({"module": path + "." + attr, "error": describe(exc)})
                    continue
                public = path + "." + attr
                if isinstance(obj, types.ModuleType):
                    self.enqueue(queue, obj, public)
                    continue
                self.visit(obj, public)
            if self.spec["import_submodules"]:
                self.import_unvisited_submodules(queue, module, path, set(names))

    def public_names(self, module):
        """The module's __all__ when it declares one, else its attributes without a leading underscore."""
        try:
            declared = getattr(module, "__all__", None)
            if isinstance(declared, (list, tuple)) and all(isinstance(n, str) for n in declared):
                return sorted(n for n in set(declared) if is_public(n))
            return sorted(n for n in dir(module) if is_public(n))
        except Exception:
            return []

    def enqueue(self, queue, module, public):
        if id(module) in self.seen_modules:
            return
        real = getattr(module, "__name__", "") or ""
        if not self.belongs(real):
            self.stats["modules_outside_framework"] += 1
            return
        # A private module reached through a public alias (``from jax._src import core``
        # inside a public module) is an import artefact, not public API.
        if not all(is_public(part) for part in real.split(".")) and not real.startswith(self.spec.get("api_modules", ())):
            self.stats["modules_skipped_private"] += 1
            return
        self.seen_modules.add(id(module))
        queue.append((module, public))

    def import_unvisited_submodules(self, queue, module, path, attrs):
        search = getattr(module, "__path__", None)
        real = getattr(module, "__name__", None)
        if not search or not real:
            return
        try:
            subs = sorted(info.name for info in pkgutil.iter_modules(list(search)))
        except Exception:
            return
        for sub in subs:
            if not is_public(sub) or sub in SKIP_COMPONENTS:
                self.stats["modules_skipped_private"] += 1
                continue
            full = real + "." + sub
            loaded = sys.modules.get(full)
            if loaded is None:
                try:
                    loaded = self.import_submodule(full)
                    self.stats["modules_imported"] += 1
                except (Exception, SystemExit) as exc:
                    self.stats["modules_failed"].append({"module": path + "." + sub, "error": describe(exc)})
                    continue
            if isinstance(loaded, types.ModuleType):
                self.enqueue(queue, loaded, path + "." + sub)

    def visit(self, obj, public):
        kind = self.classify(obj)
        if kind is None:
            return
        try:
            key = id(obj)
            if key in self.seen_objects:
                return
        except Exception:
            return
        module = self.defining_module(obj)
        if not self.belongs(module):
            self.stats["objects_outside_framework"] += 1
            return
        if module.startswith(self.spec.get("exclude_modules", ())) or type(obj).__module__.startswith(self.spec.get("exclude_modules", ())):
            return
        self.add(public, kind, module, key)
        if kind == "class":
            self.classes.append((public, obj))
            self.class_names.setdefault(id(obj), public)

    def methods(self):
        """Methods of public classes, after the walk has named every public class."""
        listed = set()  # ids of the method objects already listed
        for public, cls in self.classes:
            try:
                attrs = sorted(n for n in dir(cls) if is_public(n))
                mro = inspect.getmro(cls)
            except Exception:
                continue
            for attr in attrs:
                owner = next((k for k in mro if attr in getattr(k, "__dict__", {})), None)
                if owner is None or not self.belongs(getattr(owner, "__module__", None)):
                    continue
                raw = owner.__dict__[attr]
                # A descriptor copied into an unrelated class (torch.FloatTensor holds
                # torch._C.TensorBase's methods) belongs to the class it was made for.
                objclass = getattr(raw, "__objclass__", owner)
                if inspect.isclass(objclass) and objclass is not owner:
                    if not issubclass(cls, objclass):
                        continue
                    owner = objclass
                key = id(raw)
                if key in listed:
                    continue
                if isinstance(raw, staticmethod):
                    kind = "staticmethod"
                elif isinstance(raw, classmethod):
                    kind = "classmethod"
                elif inspect.isfunction(raw) or inspect.ismethoddescriptor(raw) and callable(raw):
                    kind = "method"
                else:
                    continue  # properties, data descriptors, nested classes, constants
                listed.add(key)
                holder = self.class_names.get(id(owner), public)
                self.add(holder + "." + attr, kind, owner.__module__, None)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m portabench.enumerate")
    parser.add_argument("--framework", required=True, choices=sorted(FRAMEWORKS))
    parser.add_argument("--out", required=True, help="file to write the catalog JSON to")
    args = parser.parse_args(argv)
    spec = FRAMEWORKS[args.framework]

    sys.argv = ["portabench-enumerate"]  # modules that read argv on import see nothing
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    started = time.monotonic()
    progress("importing %s" % spec["module"])
    silenced = io.StringIO()
    try:
        with contextlib.redirect_stdout(silenced):
            root = importlib.import_module(spec["module"])
    except (Exception, SystemExit) as exc:
        progress("cannot import %s: %s" % (spec["module"], describe(exc)))
        return 3
    version = str(getattr(root, "__version__", "unknown"))
    progress("%s %s imported in %.1fs; walking its public modules" % (spec["module"], version, time.monotonic() - started))

    enumerator = Enumerator(spec)
    with contextlib.redirect_stdout(silenced):
        enumerator.walk(root, spec["prefix"])
        progress("walk done: %d modules, %d names; listing methods" % (enumerator.stats["modules_walked"], len(enumerator.entries)))
        enumerator.methods()
    entries = sorted(enumerator.entries.values(), key=lambda e: e["name"])
    enumerator.stats["seconds"] = round(time.monotonic() - started, 2)
    document = {
        "framework": args.framework,
        "root": spec["module"],
        "prefix": spec["prefix"],
        "version": version,
        "python": platform.python_version(),
        "entries": entries,
        "stats": enumerator.stats,
    }
    tmp = args.out + ".part"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(document, f)
    os.replace(tmp, args.out)
    progress("done: %d names from %d modules in %.1fs" % (len(entries), enumerator.stats["modules_walked"], enumerator.stats["seconds"]))
    sys.stdout.flush()
    # Skip interpreter teardown: some frameworks' atexit hooks hang or crash.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
