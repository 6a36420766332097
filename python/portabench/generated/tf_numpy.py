"""The ``tf-numpy`` suite: ``tf.experimental.numpy`` functions that NumPy also has,
differentially tested against NumPy (TensorFlow ships no op database).

One case per function × dtype (bool, uint8, int8/16/32/64, float16, bfloat16,
float32/64, complex64/128), named ``<name>[dtype=<dtype>]``, function
``tf.experimental.numpy.<name>``. Inputs come from ``tf_numpy_recipes`` by signature
class; functions in no class are still listed, as skips with the reason.

Running a case: every call of the recipe is made to TensorFlow on the target (the
inputs as tensors placed there; the first call timed with ``bench.measure``, so under
``tf.function(jit_compile=True)`` in compiled mode) and compared with NumPy on the
same inputs. The NumPy reference is computed in float64/complex128 for float16,
bfloat16, float32 and complex64 inputs (NumPy's own float16 is no more exact, and
bfloat16 exists in NumPy only through ml_dtypes), at the input dtype otherwise, and
compared at the tested dtype's tolerance (``numpy_compare``). TensorFlow's NumPy
follows its own type promotion, so values are compared, not result dtypes.

Params: ``op`` (the NumPy name), ``dtype``, ``kind`` (the signature class) and
``numpy_accepts``: whether NumPy itself computes the function at this dtype (checked
when the cases are listed). On any target: a fail with ``numpy_accepts`` is a finding;
a fail without it is expected (NumPy refuses too; noted "portabench: expected
failure: …"); a pass without it means TensorFlow is more permissive than NumPy, and
is not compared.
"""
import functools

import numpy as np

from .. import vocabulary
from . import tf_numpy_recipes as recipes
from .numpy_compare import compare_leaves
from .spec import CaseSpec

DTYPES = vocabulary.dtype_names()
UPCAST = {"float16": np.float64, "bfloat16": np.float64, "float32": np.float64, "complex64": np.complex128}


def np_dtype(name):
    if name == "bfloat16":
        import ml_dtypes

        return np.dtype(ml_dtypes.bfloat16)
    return np.dtype(name)


def enable_numpy_behavior():
    """``tf.experimental.numpy`` needs NumPy behaviour switched on (tensors gain
    ``astype`` and friends, NumPy type promotion): its own functions call those
    methods. A global switch, made only in the worker of this suite."""
    import tensorflow.experimental.numpy as tnp

    tnp.experimental_enable_numpy_behavior(prefer_float32=False)


def function_names():
    """``tf.experimental.numpy`` callables that NumPy also has, minus dtypes, classes
    and introspection helpers (``finfo``, ``result_type``…)."""
    import tensorflow.experimental.numpy as tnp

    out = []
    for name in sorted(dir(tnp)):
        obj = getattr(tnp, name)
        if name.startswith("_") or not callable(obj) or isinstance(obj, type) or not hasattr(np, name):
            continue
        if name in recipes.NOT_FUNCTIONS:
            continue
        out.append(name)
    return out


def _upcast(tree, dtype):
    to = UPCAST.get(dtype)
    if to is None:
        return tree
    return _map(lambda a: a.astype(to) if a.dtype == np_dtype(dtype) else a, tree)


def _map(fn, tree):
    if isinstance(tree, np.ndarray):
        return fn(tree)
    if isinstance(tree, (list, tuple)):
        return type(tree)(_map(fn, t) for t in tree)
    return tree


def _leaves(out):
    if isinstance(out, (list, tuple)):
        return [leaf for o in out for leaf in _leaves(o)]
    return [out]


def numpy_reference(name, dtype, calls=recipes.calls):
    """NumPy's outputs for every call of the recipe ``calls`` (upcast where UPCAST says)."""
    fn = getattr(np, name)
    out = []
    for args, kwargs in calls(name, np_dtype(dtype)):
        if "dtype" in kwargs:  # factories: made at the reference dtype
            kwargs = dict(kwargs, dtype=np.dtype(UPCAST.get(dtype, kwargs["dtype"])))
        out.append(_leaves(fn(*_upcast(list(args), dtype), **kwargs)))
    return out


def numpy_accepts(name, dtype, calls=recipes.calls):
    try:
        numpy_reference(name, dtype, calls)
        return True
    except Exception:
        return False


def cases(names=None, dtypes=DTYPES):
    """One ``CaseSpec`` per function × dtype (switches NumPy behaviour on)."""
    enable_numpy_behavior()
    names = function_names() if names is None else names
    out = []
    for name in names:
        kind = recipes.kind_of(name)
        for dtype in dtypes:
            params = {"op": name, "dtype": dtype, "kind": kind or "none",
                      vocabulary.declaration_key("numpy_accepts"): bool(kind) and numpy_accepts(name, dtype)}
            fn = functools.partial(run_case, name)
            out.append(CaseSpec(f"{name}[dtype={dtype}]", fn, params, f"tf.experimental.numpy.{name}"))
    return out


def _tensors(tree):
    import tensorflow as tf

    return _map(lambda a: tf.constant(a), list(tree))


def run_case(fname, bench, device, op, dtype, kind, numpy_accepts, **_params):
    """Run one function × dtype on the target (the worker has entered ``tf.device``)."""
    import tensorflow.experimental.numpy as tnp

    from portabench.cases import Skip

    if kind == "none":
        raise Skip(recipes.SKIP.get(op, "no input generator for this signature"))
    against_numpy(getattr(tnp, op), bench, op, dtype, numpy_accepts)


def against_numpy(fn, bench, op, dtype, numpy_accepts):
    """Make every call of ``op``'s recipe to ``fn`` (a NumPy-like function: tf.experimental.numpy's,
    keras.ops') on the target and compare with NumPy's ``op`` (see the module docstring)."""
    try:
        actual = []
        for i, (args, kwargs) in enumerate(recipes.calls(op, np_dtype(dtype))):
            inputs = _tensors(args)
            if i == 0:
                out = bench.measure(fn, *inputs, **kwargs)
            else:
                out = bench.compile(functools.partial(fn, **kwargs) if kwargs else fn)(*inputs)
            actual.append(_leaves(out))
    except Exception as exc:
        if not numpy_accepts:
            exc.add_note(f"portabench: expected failure: NumPy does not compute {op} at {dtype} either")
        raise
    if not numpy_accepts:
        return  # TensorFlow computes what NumPy refuses: nothing to compare with
    for i, (a, e) in enumerate(zip(actual, numpy_reference(op, dtype))):
        compare_leaves(a, e, dtype_name=dtype, what=f"call {i} vs NumPy")
