"""What ``portabench suite check`` needs beyond running a case: the facts of a test
file (its declared function and whether it resolves, per-case functions that do not)
and a tracer around one case's call that records whether the function the case
exercises (its own ``function=``, else the file's ``FUNCTION``) is called inside a
timed region (``bench.measure``), and where it is called outside one.

This is not a runner: the worker (worker.py) runs the case as it runs any case, over
the same protocol, and calls in here when a request asks for it (``"check": true`` on
"list", ``"trace": true`` on "run"); the TypeScript side (src/suites/check.ts) turns the
facts into problems.

How calls are recognised (``sys.setprofile`` while a case runs):
- a Python function: a 'call' event whose code object is the function's (or that of
  a function it wraps);
- a C function (``torch.sum``): a 'c_call' event for that very object; a C method
  (``torch.Tensor.round``): a 'c_call' of a method of that name bound to an instance
  of its class;
- a class (``torch.nn.Linear``): calling it, or a method running on one of its
  instances (``forward``, ``step``…). Classes implemented in C (``torch.device``)
  produce no event when called, so for the case's duration the class is replaced,
  where the test file can reach it, by a callable stand-in that records the call.

Standard library only, besides the framework under test.
"""
import functools
import importlib
import inspect
import os
import sys
import traceback


def resolve(dotted):
    """The object a dotted name stands for, reached as a user reaches it: attributes
    from the top-level package, importing a submodule only where no attribute of
    that name exists (``tf.distribute`` is TensorFlow's API namespace, not the
    ``tensorflow/distribute`` package). A framework's public prefix (``tf.``) is spelt
    as its module (the vocabulary's); a name under a module alias's prefix (``tf.keras.``)
    is also tried in the alias module (``keras.``)."""
    from . import vocabulary

    first = None
    for spelling in vocabulary.module_spellings(dotted):
        try:
            return _resolve(spelling)
        except LookupError as exc:
            first = first or exc
    raise first


def _resolve(dotted):
    parts = dotted.split(".")
    try:
        obj = importlib.import_module(parts[0])
    except Exception as exc:  # noqa: BLE001
        raise LookupError(f"no importable module {parts[0]!r} ({exc})") from None
    for j in range(1, len(parts)):
        attr = parts[j]
        if hasattr(obj, attr):
            obj = getattr(obj, attr)
            continue
        modname = ".".join(parts[: j + 1])
        try:
            obj = importlib.import_module(modname)
        except Exception:  # noqa: BLE001
            raise LookupError(f"{'.'.join(parts[:j])} has no attribute {attr!r}") from None
    return obj


def _codes_of(fn):
    codes = set()
    seen = 0
    while fn is not None and seen < 10:
        seen += 1
        f = getattr(fn, "__func__", fn)
        code = getattr(f, "__code__", None)
        if code is not None:
            codes.add(code)
        fn = getattr(f, "__wrapped__", None)
    return codes


class Matcher:
    """Decides whether a profiler event is a call of the declared function."""

    def __init__(self, target, owner=None):
        self.target = target
        # the class a method was named on (tf.Tensor.get_shape): a subclass's override
        # of the same method (EagerTensor's) is what a user's call really runs
        self.owner = owner if isinstance(owner, type) else None
        self.is_class = isinstance(target, type)
        self.codes = set() if self.is_class else _codes_of(target)
        # a C method descriptor (torch.Tensor.round): match bound calls by name and class
        self.objclass = getattr(target, "__objclass__", None)
        self.name = getattr(target, "__name__", None)
        self.proxy_code = None
        self.proxy = None
        # a callable instance (jax.numpy.add is a ufunc object): its type's __call__ on it
        call = getattr(type(target), "__call__", None)
        self.call_code = None
        if not self.is_class and not inspect.isroutine(target) and call is not None:
            self.call_code = getattr(call, "__code__", None)

    def on_call(self, frame):
        code = frame.f_code
        if code in self.codes or code is self.proxy_code:
            return True
        if code is self.call_code and frame.f_locals.get(code.co_varnames[0]) is self.target:
            return True
        if self.owner is not None and code.co_name == self.name and code.co_argcount > 0:
            if isinstance(frame.f_locals.get(code.co_varnames[0]), self.owner):
                return True
        if self.is_class and code.co_argcount > 0:
            first = frame.f_locals.get(code.co_varnames[0])
            if isinstance(first, self.target):
                return True
            if isinstance(first, type) and code.co_name in ("__new__", "__init_subclass__") and issubclass(first, self.target):
                return True
        return False

    def direct(self, fn):
        """Whether the callable handed to bench.measure is the target itself (a C
        function called through functools.partial emits no profiler event)."""
        while isinstance(fn, functools.partial):
            fn = fn.func
        if fn is self.target or (self.proxy is not None and fn is self.proxy):
            return True
        if getattr(getattr(fn, "__func__", fn), "__code__", None) in self.codes:
            return True
        return self.on_c_call(fn)

    def on_c_call(self, fn):
        t = self.target
        if fn is t:
            return True
        self_obj = getattr(fn, "__self__", None)
        if self.is_class:
            return self_obj is not None and not isinstance(self_obj, type) and isinstance(self_obj, t) and not inspect.ismodule(self_obj)
        owner = self.objclass or self.owner
        if owner is not None and self_obj is not None:
            return getattr(fn, "__name__", None) == self.name and isinstance(self_obj, owner)
        return False


def _make_proxy(real):
    """A stand-in for a class implemented in C: calling it runs a Python frame the
    profiler sees; isinstance and attributes behave as the class's."""

    class _Meta(type):
        def __instancecheck__(cls, inst):
            return isinstance(inst, real)

        def __subclasscheck__(cls, sub):
            return issubclass(sub, real)

        def __getattr__(cls, name):
            return getattr(real, name)

        def __call__(cls, *args, **kwargs):
            return real(*args, **kwargs)

        def __repr__(cls):
            return repr(real)

    return _Meta(getattr(real, "__name__", "Proxy"), (), {}), _Meta.__call__.__code__


class Tracer:
    """Counts calls of the target inside and outside bench.measure for one case."""

    def __init__(self, matcher, test_file):
        self.m = matcher
        self.test_file = test_file
        self.in_measure = 0
        self.timed = 0
        self.untimed = 0
        self.untimed_line = None
        self.timed_line = None
        self.measures = 0

    def _line(self, frame):
        f = frame
        while f is not None:
            if f.f_code.co_filename == self.test_file:
                return f.f_lineno
            f = f.f_back
        return None

    def hit(self, frame):
        if self.in_measure:
            self.timed += 1
            if self.timed_line is None:
                self.timed_line = self._line(frame)
        else:
            self.untimed += 1
            if self.untimed_line is None:
                self.untimed_line = self._line(frame)

    def profile(self, frame, event, arg):
        try:
            if event == "call":
                if self.m.on_call(frame):
                    self.hit(frame.f_back if frame.f_code is self.m.proxy_code else frame)
            elif event == "c_call":
                if self.m.on_c_call(arg):
                    self.hit(frame)
        except Exception:  # noqa: BLE001 - a tracer must never break the case
            pass


def error_line(exc, path):
    """The line of ``path`` an exception points at (syntax errors: their own line)."""
    if isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == path:
        return exc.lineno
    line = None
    for fs in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(fs.filename) == path:
            line = fs.lineno
    return line


def function_line(path):
    try:
        with open(path, encoding="utf-8") as f:
            for i, line in enumerate(f, start=1):
                if line.lstrip().startswith("FUNCTION") and "=" in line:
                    return i
    except OSError:
        pass
    return None


def make_matcher(fn_name, module):
    """The matcher of calls of ``fn_name``, and the (object, attribute) places where the
    test file can reach a C-implemented class, to be replaced by a recording stand-in."""
    target = resolve(fn_name)
    owner = None
    if "." in fn_name and not isinstance(target, type):
        try:
            owner = resolve(fn_name.rpartition(".")[0])
        except Exception:  # noqa: BLE001
            owner = None
    matcher = Matcher(target, owner)
    matcher.proxy = None
    patches = []
    if matcher.is_class and not any(inspect.isfunction(v) for v in vars(target).values()):
        parent_name, _, attr = fn_name.rpartition(".")
        try:
            parent = resolve(parent_name) if parent_name else None
        except Exception:  # noqa: BLE001
            parent = None
        proxy, matcher.proxy_code = _make_proxy(target)
        matcher.proxy = proxy
        if parent is not None and getattr(parent, attr, None) is target:
            patches.append((parent, attr))
        for key, value in vars(module).items():
            if value is target:
                patches.append((module, key))
    return matcher, patches


_MATCHERS = {}  # (test file, function name) -> (matcher, patches), or (None, why it does not resolve)


def matcher_for(path, module, name):
    """The (matcher, patches) of ``name`` for a test file, made once per file and name."""
    key = (path, name)
    if key not in _MATCHERS:
        try:
            _MATCHERS[key] = make_matcher(name, module)
        except Exception as exc:  # noqa: BLE001
            _MATCHERS[key] = (None, f"{name!r} does not name anything importable: {exc}")
    return _MATCHERS[key]


def file_facts(path, module, cases):
    """What the check needs to know of an imported test file: the line of FUNCTION, why
    FUNCTION is unusable (not a string, names nothing), whether every case names its
    own function (a generated file, where FUNCTION is optional), and the cases whose
    function does not resolve (they are not run)."""
    fn_name = getattr(module, "FUNCTION", None)
    generated = bool(cases) and all(getattr(c, "function", None) for c in cases)
    facts = {"function_line": function_line(path), "function_error": None, "generated": generated, "case_errors": {}}
    if fn_name is not None and not isinstance(fn_name, str):
        facts["function_error"] = f"FUNCTION must be a string naming the function, got {type(fn_name).__name__}"
    elif isinstance(fn_name, str):
        try:
            resolve(fn_name)
        except Exception as exc:  # noqa: BLE001
            facts["function_error"] = f"FUNCTION {fn_name!r} does not name anything importable: {exc}"
    if not generated and (not isinstance(fn_name, str) or facts["function_error"]):
        return facts
    for c in cases:
        matcher, why = matcher_for(path, module, getattr(c, "function", None) or fn_name)
        if matcher is None:
            facts["case_errors"][c.name] = why
    return facts


def import_facts(path, exc):
    """What the check needs of a test file that does not import: the line at fault."""
    return {"function_line": function_line(path), "error_line": error_line(exc, os.path.abspath(path))}


class TracedCase:
    """Around one case's call (``with TracedCase(…): case.fn(bench, device, …)``): counts
    calls of the case's function inside and outside ``bench.measure``, with C classes
    replaced by recording stand-ins for the duration; ``report()`` says what it saw,
    and the line of the test file the case's exception (if any) points at."""

    def __init__(self, path, module, case, bench):
        self.path = os.path.abspath(path)
        name = getattr(case, "function", None) or getattr(module, "FUNCTION", None)
        self.function = name if isinstance(name, str) else None
        self.matcher, self.patches = matcher_for(path, module, self.function) if self.function else (None, [])
        if self.matcher is None:
            self.patches = []
        self.tracer = Tracer(self.matcher, self.path) if self.matcher else None
        self.bench = bench
        self.saved = []
        self.error_line = None

    def __enter__(self):
        t, m = self.tracer, self.matcher
        if t is None:
            return self
        real = self.bench.measure

        def measure(fn, *args, **kwargs):
            t.measures += 1
            if m.direct(fn):
                t.timed += 1
            t.in_measure += 1
            try:
                return real(fn, *args, **kwargs)
            finally:
                t.in_measure -= 1

        self.bench.measure = measure
        self.saved = [(obj, attr, getattr(obj, attr)) for obj, attr in self.patches]
        for obj, attr in self.patches:
            setattr(obj, attr, m.proxy)
        sys.setprofile(t.profile)
        return self

    def __exit__(self, exc_type, exc, tb):
        sys.setprofile(None)
        for obj, attr, value in reversed(self.saved):
            setattr(obj, attr, value)
        self.saved = []
        if exc is not None:
            self.error_line = error_line(exc, self.path)
        return False

    def report(self):
        t = self.tracer
        return {
            "function": self.function,
            "measures": t.measures if t else 0,
            "timed_calls": t.timed if t else 0,
            "untimed_calls": t.untimed if t else 0,
            "untimed_line": t.untimed_line if t else None,
            "error_line": self.error_line,
        }
