"""The ``jax-api`` suite, part 5: ``jax.scipy`` against SciPy, where SciPy is importable in
the worker's environment (no SciPy: no cases, and ``available()`` says so).

A modest table of the ``jax.scipy.special``, ``jax.scipy.stats`` and ``jax.scipy.linalg``
functions most code calls, each with seeded inputs (``tf_functions.inputs``: a shape in
(-2, 2), ``("pos", shape)`` in (0.5, 3)) and the SciPy function of the same name as the
reference, run on the inputs upcast to float64 and compared at the dtype's tolerance
(×4 for the linear algebra). One case per function × dtype (float32, float64), named
``scipy.<module>.<name>[dtype=…]``, function ``jax.scipy.<module>.<name>``, params ``op``
(``scipy.special.erf``) and ``dtype``; timed with ``bench.measure`` (``jax.jit`` in
compiled mode) via ``tf_functions.against_formula``.
"""
import importlib

import numpy as np

from . import tf_functions
from .spec import CaseSpec

DTYPES = ("float32", "float64")
SHAPE = (3, 4)
POS = ("pos", SHAPE)
SQUARE = ("pos", (3, 3))


def available():
    try:
        import scipy  # noqa: F401
    except ImportError:
        return False
    return True


def _scipy(path):
    module, name = path.rsplit(".", 1)
    obj = importlib.import_module(f"scipy.{module.split('.')[0]}")
    for part in module.split(".")[1:] + [name]:
        obj = getattr(obj, part)
    return obj


def _jax(path):
    module, name = path.rsplit(".", 1)
    obj = importlib.import_module(f"jax.scipy.{module.split('.')[0]}")
    for part in module.split(".")[1:] + [name]:
        obj = getattr(obj, part)
    return obj


def _spd(a):
    return a @ a.T + 3 * np.eye(a.shape[0], dtype=a.dtype)


# path below scipy. -> (input specs, scale)
FUNCTIONS = {
    **{f"special.{n}": ([SHAPE], 1) for n in "erf erfc expit ndtr log_ndtr i0e i1e entr".split()},
    **{f"special.{n}": ([POS], 1) for n in "gammaln digamma erfinv logit ndtri".split()},
    "special.xlogy": ([POS, POS], 1), "special.xlog1py": ([POS, POS], 1), "special.betaln": ([POS, POS], 1),
    "special.gammainc": ([POS, POS], 4), "special.logsumexp": ([SHAPE], 4),
    "stats.norm.pdf": ([SHAPE], 1), "stats.norm.cdf": ([SHAPE], 1), "stats.norm.logpdf": ([SHAPE], 1),
    "stats.logistic.cdf": ([SHAPE], 1), "stats.expon.pdf": ([POS], 1),
    "linalg.det": ([SQUARE], 4), "linalg.inv": ([SQUARE], 4), "linalg.expm": ([SQUARE], 4),
    "linalg.solve": ([SQUARE, ("pos", (3,))], 4), "linalg.cho_factor": ([SQUARE], 4),
}
# inputs made valid for the function: erfinv, logit and ndtri need (0, 1); Cholesky an SPD matrix;
# expm a matrix of small norm (float32's rounding grows with it)
PREPARE = {"special.erfinv": lambda x: x / 3.5, "special.logit": lambda x: x / 3.5, "special.ndtri": lambda x: x / 3.5,
           "linalg.cho_factor": _spd, "linalg.solve": lambda a: a + 3 * np.eye(3, dtype=a.dtype),
           "linalg.inv": lambda a: a + 3 * np.eye(3, dtype=a.dtype), "linalg.expm": lambda a: a / 3}


def _entry(path, dtypes=DTYPES):
    specs, scale = FUNCTIONS[path]
    prep = PREPARE.get(path, lambda x: x)
    ref = _scipy(path)

    def reference(*xs):
        out = ref(prep(xs[0]), *xs[1:])
        # (c, lower): the factor's own triangle (SciPy leaves the other one unspecified)
        return np.triu(out[0]) if path == "linalg.cho_factor" else out

    def call(j, *xs):
        out = _jax(path)(prep(xs[0]), *xs[1:])
        return j.numpy.triu(out[0]) if path == "linalg.cho_factor" else out

    return (dtypes, specs, call, reference, scale)


def table():
    return {path: _entry(path) for path in FUNCTIONS}


def cases():
    if not available():
        return []
    return [CaseSpec(f"scipy.{path}[dtype={dtype}]", run_case, {"op": f"scipy.{path}", "dtype": dtype}, f"jax.scipy.{path}")
            for path in FUNCTIONS for dtype in DTYPES]


def run_case(bench, device, op, dtype, **_params):
    import jax

    path = op.split(".", 1)[1]
    entries = {path: _entry(path)}
    call = entries[path][2]
    tf_functions.against_formula(lambda *xs: call(jax, *xs), bench, path, dtype, f"jax.{op}",
                                 table=entries, put=lambda a: jax.device_put(a, device))
