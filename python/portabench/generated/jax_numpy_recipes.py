"""Inputs for ``jax.numpy`` functions: ``tf_numpy_recipes`` (the same calls, so the two
suites test the same thing) plus recipes for the NumPy functions that suite does not
generate, and overrides where JAX's signature follows NumPy 2 and the tf-numpy recipe
does not (``clip(min=, max=)``, ``reshape(shape=)``, ``compress(condition, a)``) or
where the recipe passes a Python list JAX refuses by design (``append``, ``take``).

A call is ``(args, kwargs)`` as in ``tf_numpy_recipes``: positional arguments that are
NumPy arrays (or lists of them) are the inputs; any other positional argument (an
``einsum`` subscript string) and every keyword is static configuration. Owns only the
inputs: what is compared, and how, is ``jax_numpy``'s.
"""
import numpy as np

from . import tf_numpy_recipes as base
from .tf_numpy_recipes import SHAPE, array

SEED = base.SEED


def _x(dtype, shape=SHAPE, domain=(-2.0, 2.0), seed=SEED):
    return array(dtype, shape, domain, seed)


def _y(dtype, shape=SHAPE, domain=(-2.0, 2.0)):
    return array(dtype, shape, domain, SEED + 1)


def _sorted(dtype, n=6):
    return np.sort(array(dtype, (n,)))


def _unary(domain=(-2.0, 2.0)):
    return lambda d: [((_x(d, domain=domain),), {})]


def _binary(domain=(-2.0, 2.0)):
    return lambda d: [((_x(d, domain=domain), _y(d, domain=domain)), {}), ((_x(d, domain=domain), _y(d, domain=domain)[0]), {})]


def _on_one(shape=SHAPE, **kwargs):
    return lambda d: [((_x(d, shape),), dict(kwargs))]


def _reduce(**kwargs):
    return lambda d: [((_x(d),), dict(kwargs)), ((_x(d),), dict(kwargs, axis=1))]


def _axis():
    return lambda d: [((_x(d),), {"axis": 1}), ((_x(d),), {"axis": 0})]


_IDX = np.array([[0, 2, 1, 3], [3, 1, 0, 2], [1, 1, 2, 0]])
_MASK = np.array([[True, False, True, False], [False, True, True, False], [True, True, False, False]])

# name -> dtype -> [(args, kwargs), …], for names tf_numpy_recipes has no class for
EXTRA = {
    **{n: _unary() for n in "asinh atan degrees radians trunc invert bitwise_invert spacing nan_to_num i0 sort_complex".split()},
    **{n: _unary((-0.9, 0.9)) for n in "asin acos atanh".split()},
    "acosh": _unary((1.1, 3.0)),
    "bitwise_count": _unary(),
    **{n: _binary() for n in "atan2 copysign fmax fmin pow array_equiv".split()},
    "fmod": _binary((0.5, 3.0)),
    **{n: (lambda d: [((_x(d), array(d, SHAPE, (0, 3)).astype(np.int32) % 3), {})])
       for n in "ldexp left_shift right_shift bitwise_left_shift bitwise_right_shift".split()},
    **{n: _reduce() for n in "median nanmax nanmin nanstd nanvar nanargmax nanargmin nanmedian".split()},
    "percentile": _reduce(q=50), "nanpercentile": _reduce(q=50),
    "quantile": _reduce(q=0.5), "nanquantile": _reduce(q=0.5),
    **{n: _axis() for n in "nancumsum nancumprod cumulative_sum cumulative_prod".split()},
    "matrix_transpose": _on_one(), "permute_dims": _on_one(axes=(1, 0)), "rollaxis": _on_one(axis=1),
    "argwhere": _on_one(), "flatnonzero": _on_one(), "ediff1d": _on_one(), "unstack": _on_one(),
    "array_split": _on_one(indices_or_sections=3, axis=1), "resize": _on_one(new_shape=(2, 6)),
    "delete": _on_one(obj=1, axis=1), "insert": _on_one(obj=1, values=0, axis=1),
    "trim_zeros": lambda d: [((np.concatenate([np.zeros(2, np.dtype(d)), _x(d, (4,)), np.zeros(1, np.dtype(d))]),), {})],
    "unique": _on_one(), "unique_values": _on_one(), "unique_counts": _on_one(), "unique_inverse": _on_one(),
    "unique_all": _on_one(), "cov": _on_one(), "corrcoef": _on_one(), "trapezoid": _on_one(), "gradient": _on_one((6,)),
    "column_stack": lambda d: [(([_x(d), _y(d)],), {})], "concat": lambda d: [(([_x(d), _y(d)],), {})],
    "block": lambda d: [(([[_x(d), _y(d)]],), {})],
    "einsum": lambda d: [(("ij,jk->ik", _x(d), _y(d, (4, 2))), {}), (("ij->j", _x(d)), {})],
    "where": lambda d: [((_MASK, _x(d), _y(d)), {})],
    "select": lambda d: [(([_MASK, ~_MASK], [_x(d), _y(d)]), {})],
    "take_along_axis": lambda d: [((_x(d), _IDX), {"axis": 1})],
    "choose": lambda d: [((_IDX % 2, [_x(d), _y(d)]), {})],
    "extract": lambda d: [((_MASK, _x(d)), {})],
    "searchsorted": lambda d: [((_sorted(d), _x(d, (5,))), {})],
    "digitize": lambda d: [((_x(d, (5,)), _sorted(d)), {})],
    "isin": lambda d: [((_x(d), _y(d)), {})],
    **{n: (lambda d: [((_x(d, (6,)), _y(d, (5,))), {})]) for n in "intersect1d setdiff1d union1d setxor1d".split()},
    **{n: (lambda d: [((_x(d, (6,)), _y(d, (3,))), {})]) for n in "convolve correlate polyadd polysub polymul".split()},
    "polyval": lambda d: [((_x(d, (3,)), _y(d, (5,))), {})],
    "polyder": _on_one((4,)), "polyint": _on_one((4,)), "poly": _on_one((3,)),
    "interp": lambda d: [((_x(d, (5,)), _sorted(d), _y(d, (6,))), {})],
    "vecdot": lambda d: [((_x(d), _y(d)), {})],
    "matvec": lambda d: [((_x(d), _y(d, (4,))), {})],
    "vecmat": lambda d: [((_x(d, (3,)), _y(d)), {})],
    "histogram": lambda d: [((_x(d, (20,)),), {"bins": 4})],
    "bincount": lambda d: [((_IDX.ravel(),), {})],
    "lexsort": lambda d: [(([_x(d, (6,)), _y(d, (6,))],), {})],
    "fill_diagonal": lambda d: [((_x(d, (3, 3)), np.zeros((), np.dtype(d))), {"inplace": False})],
    "tril_indices_from": _on_one((3, 3)), "triu_indices_from": _on_one((3, 3)), "diag_indices_from": _on_one((3, 3)),
    "unravel_index": lambda d: [((np.array([1, 5, 7]),), {"shape": SHAPE})],
}
# Functions of integers only (no dtype input); made once per dtype anyway, with the dtype unused.
SHAPE_ONLY = {
    "indices": {"dimensions": (2, 3)}, "tril_indices": {"n": 3}, "triu_indices": {"n": 3}, "diag_indices": {"n": 3},
    "bartlett": {"M": 5}, "blackman": {"M": 5}, "hamming": {"M": 5}, "hanning": {"M": 5}, "kaiser": {"M": 5, "beta": 2.0},
}
# NumPy-2 spellings that JAX takes and tf_numpy_recipes' calls do not use.
OVERRIDE = {
    "clip": lambda d: [((_x(d),), {"min": 0, "max": 1})],
    "reshape": lambda d: [((_x(d),), {"shape": (4, 3)})],
    "compress": lambda d: [((np.array([True, False, True]), _x(d)), {"axis": 0})],
    # JAX takes arrays, not Python lists (a documented difference from NumPy): the same values as arrays
    "append": lambda d: [((_x(d),), {"values": np.ones(1, np.dtype(d))})],
    "take": lambda d: [((_x(d),), {"indices": np.array([0, 2], np.int32)})],
}
# NumPy functions JAX's differ from by design (in place, arbitrary order, no array inputs).
SKIP = {
    **base.SKIP,
    "partition": "elements either side of kth are in no defined order: not compared",
    "argpartition": "elements either side of kth are in no defined order: not compared",
    "put": "writes in place in NumPy (JAX needs inplace=False): not generated",
    "place": "writes in place in NumPy (JAX needs inplace=False): not generated",
    "put_along_axis": "writes in place in NumPy (JAX needs inplace=False): not generated",
    "apply_along_axis": "takes a Python function: not generated", "apply_over_axes": "takes a Python function: not generated",
    "piecewise": "takes Python functions: not generated", "vectorize": "a decorator, no array inputs", "frompyfunc": "a decorator, no array inputs",
    "fromfunction": "takes a Python function: not generated",
}
SKIP = {k: v for k, v in SKIP.items() if k not in EXTRA and k not in SHAPE_ONLY}


def kind_of(name):
    """The tf-numpy signature class, "jax" for this module's own recipes, None for none."""
    if name in OVERRIDE:
        return base.kind_of(name) or "jax"
    if name in EXTRA:
        return "jax"
    if name in SHAPE_ONLY:
        return "shape_only"
    return base.kind_of(name)


def calls(name, dtype):
    """The calls ``[(args, kwargs), …]`` for ``name`` at ``dtype`` (a NumPy dtype)."""
    if name in OVERRIDE:
        return OVERRIDE[name](dtype)
    if name in EXTRA:
        return EXTRA[name](dtype)
    if name in SHAPE_ONLY:
        return [((), dict(SHAPE_ONLY[name]))]
    return base.calls(name, dtype)
