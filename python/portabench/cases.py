"""The case API: ``@case(param=[values…])`` turns one function into one sub-test per
combination of parameter values, named ``fn[param=value,…]``; ``add_case(name, fn)``
adds one case by name, for test files that generate their cases. A case may name the
function it exercises (``function=``); by default it is the file's ``FUNCTION``.

Case names are printable: control characters (newline, NUL…) and lone surrogates in
parameter values appear escaped (``\\n``, ``\\x00``)."""
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


def printable(text):
    """``text`` with control characters and lone surrogates escaped; other text as is."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        o = ord(ch)
        if ch in "\n\r\t":
            out.append(repr(ch)[1:-1])
        elif o < 32 or o == 127 or 0xD800 <= o <= 0xDFFF:
            out.append(f"\\x{o:02x}" if o < 256 else f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


class CaseDef:
    __slots__ = ("name", "fn", "params", "lineno", "function")

    def __init__(self, name, fn, params, function=None):
        self.name = printable(name)
        self.fn = fn
        self.params = params
        self.function = function
        code = getattr(fn, "__code__", None)
        self.lineno = code.co_firstlineno if code else 0


def _format_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "x".join(_format_value(v) for v in value)
    return str(value)


def expand(fn, params, function=None):
    keys = list(params)
    if not keys:
        return [CaseDef(fn.__name__, fn, {}, function)]
    out = []
    for combo in itertools.product(*(params[k] for k in keys)):
        bound = dict(zip(keys, combo))
        label = ",".join(f"{k}={_format_value(v)}" for k, v in bound.items())
        out.append(CaseDef(f"{fn.__name__}[{label}]", fn, bound, function))
    return out


def case(fn=None, function=None, **params):
    """Declare a case. ``@case`` or ``@case(dtype=["float32", "float16"], n=[1, 7])``.

    The decorated function is called as ``fn(bench, device, **values)``.
    ``function="torch.add"`` names the function these cases exercise, when it is not
    the file's ``FUNCTION``.
    """
    for key, values in params.items():
        if not isinstance(values, (list, tuple)):
            params[key] = [values]

    def register(f):
        _REGISTRY.extend(expand(f, params, function))
        return f

    if fn is not None and callable(fn):
        return register(fn)
    return register


def add_case(name, fn, params=None, function=None):
    """Add one case named ``name`` while a test file is imported (for files that
    generate their cases): ``fn(bench, device, **params)`` runs it; ``function`` names
    the function it exercises (default: the file's ``FUNCTION``)."""
    if not callable(fn):
        raise TypeError(f"add_case({name!r}, …): fn must be callable")
    _REGISTRY.append(CaseDef(str(name), fn, dict(params or {}), function))
    return fn


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
