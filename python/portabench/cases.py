"""The case API: ``@case(param=[values…])`` turns one function into one sub-test per
combination of parameter values, named ``fn[param=value,…]``."""
import contextlib
import hashlib
import importlib.util
import itertools
import sys

# Filled while a test module is imported; the worker reads and clears it.
_REGISTRY = []


class Skip(Exception):
    """Raise (or call ``skip(reason)``) inside a case when it does not apply."""


def skip(reason=""):
    raise Skip(reason)


class CaseDef:
    __slots__ = ("name", "fn", "params", "lineno")

    def __init__(self, name, fn, params):
        self.name = name
        self.fn = fn
        self.params = params
        code = getattr(fn, "__code__", None)
        self.lineno = code.co_firstlineno if code else 0


def _format_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "x".join(_format_value(v) for v in value)
    return str(value)


def expand(fn, params):
    keys = list(params)
    if not keys:
        return [CaseDef(fn.__name__, fn, {})]
    out = []
    for combo in itertools.product(*(params[k] for k in keys)):
        bound = dict(zip(keys, combo))
        label = ",".join(f"{k}={_format_value(v)}" for k, v in bound.items())
        out.append(CaseDef(f"{fn.__name__}[{label}]", fn, bound))
    return out


def case(fn=None, **params):
    """Declare a case. ``@case`` or ``@case(dtype=["float32", "float16"], n=[1, 7])``.

    The decorated function is called as ``fn(bench, device, **values)``.
    """
    for key, values in params.items():
        if not isinstance(values, (list, tuple)):
            params[key] = [values]

    def register(f):
        _REGISTRY.extend(expand(f, params))
        return f

    if fn is not None and callable(fn):
        return register(fn)
    return register


def load_test_file(path, prefix="portabench_test_", around=None):
    """Import a test file as a fresh module and return ``(module, cases)``.

    ``around`` is a context manager entered while the module body runs (the worker
    captures its output there).
    """
    name = prefix + hashlib.sha1(path.encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None:
        raise ImportError(f"cannot load {path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    # Registered like any imported module: compilers (torch.compile) and pickling look
    # a function's module up by name.
    sys.modules[name] = module
    _REGISTRY.clear()
    try:
        with around if around is not None else contextlib.nullcontext():
            spec.loader.exec_module(module)
        return module, list(_REGISTRY)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    finally:
        _REGISTRY.clear()
