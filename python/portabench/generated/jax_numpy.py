"""The ``jax-api`` suite, part 1: ``jax.numpy`` callables that NumPy also has, each
differentially tested against NumPy, as the tf-numpy suite tests ``tf.experimental.numpy``.

One case per function × dtype (the vocabulary's dtypes), named ``numpy.<name>[dtype=…]``,
function ``jax.numpy.<name>``; a function of integers only (``indices``, ``hanning``…)
has one case, ``numpy.<name>``. Inputs: ``jax_numpy_recipes`` (tf-numpy's recipes plus
JAX's own); a function in no recipe is still listed, as a skip with the reason.

Running a case: every call of the recipe is made to JAX on the target (the array inputs
put on the device with ``jax.device_put``; the first call timed with ``bench.measure``,
so under ``jax.jit`` in compiled mode, the others through ``bench.compile``; positional
arguments that are not arrays, and keywords, are bound before compiling) and compared
with NumPy on the same inputs: the NumPy reference, upcasting and tolerances are
``tf_numpy``'s (``numpy_reference``, ``numpy_compare``); values are compared, not result
dtypes (JAX promotes types its own way and, in its default 32-bit mode, makes float32
where NumPy makes float64); results in an order NumPy leaves unspecified (``UNORDERED``)
are compared sorted. A case naming a 64-bit dtype runs with 64-bit types enabled
in its own scope (the case's ``x64``, decided from its name).

Under ``jax.jit`` a function whose output shape depends on the data (``unique``,
``nonzero``, ``argwhere``, the set functions, ``compress``, ``trim_zeros``…) fails unless
called with ``size=``: JAX's documented limit, left to show as the failure users meet.

Params: ``op`` (``numpy.<name>``), ``numpy`` (the NumPy name), ``dtype``, ``kind`` (the
recipe's class) and ``numpy_accepts`` (as in tf-numpy: a fail where NumPy computes the
function is a finding; one where NumPy refuses too is expected; a pass where NumPy
refuses is not compared).
"""
import functools

import numpy as np

from .. import vocabulary
from . import jax_numpy_recipes as recipes
from . import tf_numpy
from .numpy_compare import compare_leaves
from .spec import CaseSpec

DTYPES = vocabulary.dtype_names()
NOT_FUNCTIONS = set(tf_numpy.recipes.NOT_FUNCTIONS) | {
    "can_cast", "isdtype", "iterable", "broadcast_shapes", "get_printoptions", "set_printoptions", "printoptions",
    "array_repr", "array_str", "einsum_path", "from_dlpack", "frombuffer", "fromfile", "fromiter", "fromstring",
    "load", "save", "savez", "astype", "mask_indices", "ravel_multi_index", "packbits", "unpackbits",
    "broadcast_arrays", "histogram2d", "histogramdd", "histogram_bin_edges", "polyfit", "polydiv", "roots",
}

# Results whose order NumPy leaves unspecified (NumPy 2's unique_values is hash-ordered): compared sorted.
UNORDERED = {"unique_values"}


def function_names():
    """``jax.numpy`` callables NumPy also has, minus classes and introspection, I/O and
    dtype helpers (``NOT_FUNCTIONS``: no device work to compare)."""
    import jax.numpy as jnp

    return [n for n in sorted(dir(jnp)) if not n.startswith("_") and callable(getattr(jnp, n))
            and not isinstance(getattr(jnp, n), type) and hasattr(np, n) and n not in NOT_FUNCTIONS]


def cases(names=None, dtypes=DTYPES):
    out = []
    accepts = vocabulary.declaration_key("numpy_accepts")
    for name in function_names() if names is None else names:
        kind = recipes.kind_of(name) or "none"
        fn = functools.partial(run_case, name)
        if kind == "shape_only":
            params = {"op": f"numpy.{name}", "numpy": name, "kind": kind, accepts: tf_numpy.numpy_accepts(name, "float32", recipes.calls)}
            out.append(CaseSpec(f"numpy.{name}", fn, params, f"jax.numpy.{name}"))
            continue
        for dtype in dtypes:
            ok = kind != "none" and tf_numpy.numpy_accepts(name, dtype, recipes.calls)
            params = {"op": f"numpy.{name}", "numpy": name, "dtype": dtype, "kind": kind, accepts: ok}
            out.append(CaseSpec(f"numpy.{name}[dtype={dtype}]", fn, params, f"jax.numpy.{name}"))
    return out


def run_case(name, bench, device, numpy, kind, numpy_accepts, dtype="float32", **_params):
    import jax.numpy as jnp

    from portabench.cases import Skip

    if kind == "none":
        raise Skip(recipes.SKIP.get(numpy, "no input generator for this signature"))
    against_numpy(getattr(jnp, numpy), bench, device, numpy, dtype, numpy_accepts)


def _is_input(a):
    return isinstance(a, np.ndarray) or (isinstance(a, list) and all(_is_input(x) for x in a))


def bind(fn, args, kwargs):
    """``(call, inputs)``: ``call(*inputs)`` is ``fn(*args, **kwargs)``, with the array
    arguments as ``inputs`` and the rest (strings, Python numbers) bound."""
    static = {i: a for i, a in enumerate(args) if not _is_input(a)}
    inputs = [a for a in args if _is_input(a)]

    def call(*xs):
        it = iter(xs)
        return fn(*[static[i] if i in static else next(it) for i in range(len(args))], **kwargs)

    return call, inputs


def leaves(out):
    import jax

    return [np.asarray(x) for x in jax.tree_util.tree_leaves(out)]


def against_numpy(fn, bench, device, op, dtype, numpy_accepts):
    """Every call of ``op``'s recipe to ``fn`` on ``device``, compared with NumPy's ``op``."""
    import jax

    try:
        actual = []
        for i, (args, kwargs) in enumerate(recipes.calls(op, tf_numpy.np_dtype(dtype))):
            call, inputs = bind(fn, args, kwargs)
            inputs = jax.device_put(inputs, device)
            out = bench.measure(call, *inputs) if i == 0 else bench.compile(call)(*inputs)
            actual.append(leaves(out))
    except Exception as exc:
        if not numpy_accepts:
            exc.add_note(f"portabench: expected failure: NumPy does not compute {op} at {dtype} either")
        raise
    if not numpy_accepts:
        return  # JAX computes what NumPy refuses: nothing to compare with
    for i, (a, e) in enumerate(zip(actual, tf_numpy.numpy_reference(op, dtype, recipes.calls))):
        e = [np.asarray(x) for x in e]
        if op in UNORDERED:
            a, e = [np.sort(x, axis=None) for x in a], [np.sort(x, axis=None) for x in e]
        compare_leaves(a, e, dtype_name=dtype, what=f"call {i} vs NumPy")
