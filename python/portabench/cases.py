"""The case API: ``@case(param=[values…])`` turns one function into one sub-test per
combination of parameter values, named ``fn[param=value,…]``; ``add_case(name, fn)``
adds one case by name, for test files that generate their cases. A case may name the
function it exercises (``function=``); by default it is the file's ``FUNCTION``.

A case runs in its framework's default configuration (JAX: 32-bit). A case that needs
64-bit types gets them in its own scope (``CaseDef.wants_64bit``): it asks by naming a
64-bit dtype (float64, int64, uint64, complex128) in a parameter value or in its name,
or explicitly with ``x64=True`` (``@case(..., x64=True)``, ``add_case(..., x64=True)``).

Case names are printable: control characters (newline, NUL…) and lone surrogates in
parameter values appear escaped (``\\n``, ``\\x00``)."""
import contextlib
import hashlib
import importlib.util
import itertools
import re
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


# The 64-bit dtypes as the suites name them (``float64``, ``jnp.float64``, ``shape=int64[3]``),
# not as part of a longer word (``uint64`` is its own name, ``int640`` none).
_WIDE = re.compile(r"(?<![A-Za-z0-9])(?:float64|u?int64|complex128)(?![0-9])")


def names_64bit(value):
    """Does a parameter value (or a name) name a 64-bit dtype? ``"float64"``,
    ``jnp.float64``, ``np.dtype("int64")``; lists, tuples and dicts are searched."""
    if isinstance(value, (list, tuple)):
        return any(names_64bit(v) for v in value)
    if isinstance(value, dict):
        return any(names_64bit(v) for v in value.values())
    return bool(_WIDE.search(value if isinstance(value, str) else str(value)))


class CaseDef:
    __slots__ = ("name", "fn", "params", "lineno", "function", "x64")

    def __init__(self, name, fn, params, function=None, x64=None):
        self.name = printable(name)
        self.fn = fn
        self.params = params
        self.function = function
        self.x64 = x64
        code = getattr(fn, "__code__", None)
        self.lineno = code.co_firstlineno if code else 0

    @property
    def wants_64bit(self):
        """Does this case need 64-bit types? ``x64=`` when given, else whether its
        name or a parameter value names a 64-bit dtype."""
        if self.x64 is not None:
            return bool(self.x64)
        return names_64bit(self.name) or names_64bit(self.params)


def _format_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "x".join(_format_value(v) for v in value)
    return str(value)


def expand(fn, params, function=None, x64=None):
    keys = list(params)
    if not keys:
        return [CaseDef(fn.__name__, fn, {}, function, x64)]
    out = []
    for combo in itertools.product(*(params[k] for k in keys)):
        bound = dict(zip(keys, combo))
        label = ",".join(f"{k}={_format_value(v)}" for k, v in bound.items())
        out.append(CaseDef(f"{fn.__name__}[{label}]", fn, bound, function, x64))
    return out


def case(fn=None, function=None, x64=None, **params):
    """Declare a case. ``@case`` or ``@case(dtype=["float32", "float16"], n=[1, 7])``.

    The decorated function is called as ``fn(bench, device, **values)``.
    ``function="torch.add"`` names the function these cases exercise, when it is not
    the file's ``FUNCTION``. ``x64=True`` runs the cases with 64-bit types enabled
    (JAX), ``x64=False`` without, whatever their dtypes; by default a case that names a
    64-bit dtype gets them.
    """
    for key, values in params.items():
        if not isinstance(values, (list, tuple)):
            params[key] = [values]

    def register(f):
        _REGISTRY.extend(expand(f, params, function, x64))
        return f

    if fn is not None and callable(fn):
        return register(fn)
    return register


def add_case(name, fn, params=None, function=None, x64=None):
    """Add one case named ``name`` while a test file is imported (for files that
    generate their cases): ``fn(bench, device, **params)`` runs it; ``function`` names
    the function it exercises (default: the file's ``FUNCTION``); ``x64`` as in ``case``."""
    if not callable(fn):
        raise TypeError(f"add_case({name!r}, …): fn must be callable")
    _REGISTRY.append(CaseDef(str(name), fn, dict(params or {}), function, x64))
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
