"""The ``keras-layers`` suite, part 2: ``tf.*`` functions the ``tf-numpy`` suite does not
reach (it tests ``tf.experimental.numpy.*`` only), each against a NumPy formula.

A modest list, chosen where a differential reference is plain NumPy: activations and
losses of ``tf.nn``, convolution and pooling (NHWC, VALID, stride 1 / 2×2 windows),
reductions, ``matmul``/``einsum``/``tensordot``, shape and indexing functions, ``cast``,
``one_hot``, ``gather``, ``scatter_nd``, sorting and factories. Functions with no exact
NumPy formula (random ops, ``tf.nn.dropout``, ``ctc_loss``…) are left out, not faked.

One case per function × dtype, named ``tf.<op>[dtype=<dtype>]`` (the ``tf.`` keeps
``tf.add`` apart from ``keras.layers.add`` in the suite's one file), param ``op`` as
written after ``tf.`` (``nn.relu``, ``reduce_sum``), function ``tf.<op>``. The TensorFlow call is timed
with ``bench.measure`` (``tf.function(jit_compile=True)`` in compiled mode) on the target;
the NumPy formula runs on the same inputs upcast to float64 (integers kept) and is
compared at the tested dtype's tolerance (``numpy_compare``; ×4 for the functions that
sum many terms). Params: ``op``, ``dtype``.
"""
import math

import numpy as np

from . import tf_numpy_recipes
from .numpy_compare import compare_leaves
from .spec import CaseSpec

FLOATS = ("float32", "float16", "bfloat16", "float64")
NUMBERS = FLOATS + ("int32", "int64")
SHAPE = (3, 4)
POSITIVE = (0.5, 3.0)


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


_erf = np.vectorize(math.erf, otypes=[np.float64])


def _conv(x, w):
    """NHWC × HWIO, VALID, stride 1 (1-D when x is NWC and w WIO)."""
    from numpy.lib.stride_tricks import sliding_window_view

    spatial = w.shape[:-2]
    win = sliding_window_view(x, spatial, axis=tuple(range(1, 1 + len(spatial))))
    # win: N, out..., C, k...  →  contract C and k with w (k..., C, O)
    letters = "hw"[: len(spatial)]
    return np.einsum(f"n{'ij'[:len(spatial)]}c{letters},{letters}co->n{'ij'[:len(spatial)]}o", win, w)


def _pool(x, reduce):
    n, h, w, c = x.shape
    return reduce(x[:, : h // 2 * 2, : w // 2 * 2].reshape(n, h // 2, 2, w // 2, 2, c), axis=(2, 4))


def _scatter_nd(idx, upd, shape):
    out = np.zeros(shape, dtype=upd.dtype)
    np.add.at(out, tuple(idx.T), upd)
    return out


def _segment_sum(x, ids):
    out = np.zeros((ids.max() + 1,) + x.shape[1:], dtype=x.dtype)
    np.add.at(out, ids, x)
    return out


IDX = np.array([2, 0, 1, 2], dtype=np.int32)
IDX_ND = np.array([[0, 1], [2, 3]], dtype=np.int32)
LABELS = np.array([1, 0, 3], dtype=np.int32)
SEGMENTS = np.array([0, 0, 1], dtype=np.int32)
BOOL_MASK = np.array([True, False, True])

# op -> (dtypes, input shapes (None: no input) and domain, tf(tf, *xs), numpy(*xs), tolerance scale)
# An input is a shape (made at the case's dtype in (-2, 2)), ("pos", shape) for (0.5, 3),
# or ("const", array) for a fixed integer/bool array.
TABLE = {
    "nn.relu": (FLOATS, [SHAPE], lambda tf, x: tf.nn.relu(x), lambda x: np.maximum(x, 0)),
    "nn.relu6": (FLOATS, [SHAPE], lambda tf, x: tf.nn.relu6(x * 4), lambda x: np.clip(x * 4, 0, 6)),
    "nn.elu": (FLOATS, [SHAPE], lambda tf, x: tf.nn.elu(x), lambda x: np.where(x > 0, x, np.expm1(x))),
    "nn.selu": (FLOATS, [SHAPE], lambda tf, x: tf.nn.selu(x),
                lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(x))),
    "nn.gelu": (FLOATS, [SHAPE], lambda tf, x: tf.nn.gelu(x), lambda x: 0.5 * x * (1 + _erf(x / np.sqrt(2)))),
    "nn.silu": (FLOATS, [SHAPE], lambda tf, x: tf.nn.silu(x), lambda x: x / (1 + np.exp(-x))),
    "nn.sigmoid": (FLOATS, [SHAPE], lambda tf, x: tf.nn.sigmoid(x), lambda x: 1 / (1 + np.exp(-x))),
    "nn.tanh": (FLOATS, [SHAPE], lambda tf, x: tf.nn.tanh(x), np.tanh),
    "nn.softplus": (FLOATS, [SHAPE], lambda tf, x: tf.nn.softplus(x), lambda x: np.log1p(np.exp(x))),
    "nn.softsign": (FLOATS, [SHAPE], lambda tf, x: tf.nn.softsign(x), lambda x: x / (1 + np.abs(x))),
    "nn.leaky_relu": (FLOATS, [SHAPE], lambda tf, x: tf.nn.leaky_relu(x, alpha=0.2), lambda x: np.where(x > 0, x, 0.2 * x)),
    "nn.softmax": (FLOATS, [SHAPE], lambda tf, x: tf.nn.softmax(x), _softmax),
    "nn.log_softmax": (FLOATS, [SHAPE], lambda tf, x: tf.nn.log_softmax(x), lambda x: np.log(_softmax(x))),
    "nn.l2_normalize": (FLOATS, [SHAPE], lambda tf, x: tf.nn.l2_normalize(x, axis=1),
                        lambda x: x / np.sqrt(np.maximum((x * x).sum(axis=1, keepdims=True), 1e-12))),
    "nn.bias_add": (FLOATS, [SHAPE, (4,)], lambda tf, x, b: tf.nn.bias_add(x, b), lambda x, b: x + b),
    "nn.moments": (FLOATS, [SHAPE], lambda tf, x: tf.nn.moments(x, axes=[0]), lambda x: (x.mean(axis=0), x.var(axis=0)), 4),
    "nn.conv1d": (FLOATS, [(2, 8, 3), (3, 3, 4)], lambda tf, x, w: tf.nn.conv1d(x, w, stride=1, padding="VALID"), _conv, 4),
    "nn.conv2d": (FLOATS, [(2, 6, 6, 3), (3, 3, 3, 4)], lambda tf, x, w: tf.nn.conv2d(x, w, strides=1, padding="VALID"), _conv, 4),
    "nn.max_pool2d": (FLOATS, [(2, 6, 6, 3)], lambda tf, x: tf.nn.max_pool2d(x, 2, 2, "VALID"), lambda x: _pool(x, np.max)),
    "nn.avg_pool2d": (FLOATS, [(2, 6, 6, 3)], lambda tf, x: tf.nn.avg_pool2d(x, 2, 2, "VALID"), lambda x: _pool(x, np.mean)),
    "nn.softmax_cross_entropy_with_logits": (
        FLOATS, [SHAPE, SHAPE], lambda tf, y, x: tf.nn.softmax_cross_entropy_with_logits(tf.nn.softmax(y), x),
        lambda y, x: -(_softmax(y) * np.log(_softmax(x))).sum(axis=-1), 4),
    "nn.sparse_softmax_cross_entropy_with_logits": (
        FLOATS, [("const", LABELS), SHAPE], lambda tf, k, x: tf.nn.sparse_softmax_cross_entropy_with_logits(k, x),
        lambda k, x: -np.log(_softmax(x))[np.arange(len(k)), k], 4),
    "nn.sigmoid_cross_entropy_with_logits": (
        FLOATS, [("pos", SHAPE), SHAPE], lambda tf, z, x: tf.nn.sigmoid_cross_entropy_with_logits(z / 3, x),
        lambda z, x: np.maximum(x, 0) - x * (z / 3) + np.log1p(np.exp(-np.abs(x))), 4),
    "reduce_sum": (NUMBERS, [SHAPE], lambda tf, x: tf.reduce_sum(x, axis=1), lambda x: x.sum(axis=1), 4),
    "reduce_mean": (FLOATS, [SHAPE], lambda tf, x: tf.reduce_mean(x), lambda x: x.mean(), 4),
    "reduce_max": (NUMBERS, [SHAPE], lambda tf, x: tf.reduce_max(x, axis=0), lambda x: x.max(axis=0)),
    "reduce_min": (NUMBERS, [SHAPE], lambda tf, x: tf.reduce_min(x, axis=0), lambda x: x.min(axis=0)),
    "reduce_prod": (FLOATS, [SHAPE], lambda tf, x: tf.reduce_prod(x, axis=1), lambda x: x.prod(axis=1), 4),
    "reduce_logsumexp": (FLOATS, [SHAPE], lambda tf, x: tf.reduce_logsumexp(x, axis=1),
                         lambda x: np.log(np.exp(x).sum(axis=1)), 4),
    "math.reduce_std": (FLOATS, [SHAPE], lambda tf, x: tf.math.reduce_std(x, axis=1), lambda x: x.std(axis=1), 4),
    "math.reduce_variance": (FLOATS, [SHAPE], lambda tf, x: tf.math.reduce_variance(x, axis=1), lambda x: x.var(axis=1), 4),
    "reduce_all": (("bool",), [SHAPE], lambda tf, x: tf.reduce_all(x, axis=1), lambda x: x.all(axis=1)),
    "reduce_any": (("bool",), [SHAPE], lambda tf, x: tf.reduce_any(x, axis=1), lambda x: x.any(axis=1)),
    "matmul": (NUMBERS, [SHAPE, (4, 2)], lambda tf, a, b: tf.matmul(a, b), lambda a, b: a @ b, 4),
    "einsum": (FLOATS, [SHAPE, (4, 2)], lambda tf, a, b: tf.einsum("ij,jk->ik", a, b), lambda a, b: a @ b, 4),
    "tensordot": (FLOATS, [SHAPE, (4, 2)], lambda tf, a, b: tf.tensordot(a, b, axes=1), lambda a, b: a @ b, 4),
    "concat": (NUMBERS, [SHAPE, SHAPE], lambda tf, a, b: tf.concat([a, b], axis=1), lambda a, b: np.concatenate([a, b], 1)),
    "stack": (NUMBERS, [SHAPE, SHAPE], lambda tf, a, b: tf.stack([a, b]), lambda a, b: np.stack([a, b])),
    "split": (NUMBERS, [SHAPE], lambda tf, x: tf.split(x, 2, axis=1), lambda x: np.split(x, 2, axis=1)),
    "unstack": (NUMBERS, [SHAPE], lambda tf, x: tf.unstack(x), lambda x: list(x)),
    "reshape": (NUMBERS, [SHAPE], lambda tf, x: tf.reshape(x, [4, 3]), lambda x: x.reshape(4, 3)),
    "transpose": (NUMBERS, [(2, 3, 4)], lambda tf, x: tf.transpose(x, [2, 0, 1]), lambda x: x.transpose(2, 0, 1)),
    "squeeze": (NUMBERS, [(3, 1, 4)], lambda tf, x: tf.squeeze(x), np.squeeze),
    "expand_dims": (NUMBERS, [SHAPE], lambda tf, x: tf.expand_dims(x, 1), lambda x: np.expand_dims(x, 1)),
    "tile": (NUMBERS, [SHAPE], lambda tf, x: tf.tile(x, [2, 1]), lambda x: np.tile(x, (2, 1))),
    "pad": (NUMBERS, [SHAPE], lambda tf, x: tf.pad(x, [[1, 1], [0, 2]]), lambda x: np.pad(x, ((1, 1), (0, 2)))),
    "reverse": (NUMBERS, [SHAPE], lambda tf, x: tf.reverse(x, [1]), lambda x: x[:, ::-1]),
    "slice": (NUMBERS, [SHAPE], lambda tf, x: tf.slice(x, [1, 1], [2, 2]), lambda x: x[1:3, 1:3]),
    "broadcast_to": (NUMBERS, [(4,)], lambda tf, x: tf.broadcast_to(x, [3, 4]), lambda x: np.broadcast_to(x, (3, 4))),
    "gather": (NUMBERS, [SHAPE, ("const", IDX)], lambda tf, x, i: tf.gather(x, i, axis=1), lambda x, i: x[:, i]),
    "gather_nd": (NUMBERS, [SHAPE, ("const", IDX_ND)], lambda tf, x, i: tf.gather_nd(x, i), lambda x, i: x[tuple(i.T)]),
    "boolean_mask": (NUMBERS, [SHAPE, ("const", BOOL_MASK)], lambda tf, x, m: tf.boolean_mask(x, m), lambda x, m: x[m]),
    "scatter_nd": (NUMBERS, [("const", IDX_ND), (2,)], lambda tf, i, u: tf.scatter_nd(i, u, [3, 4]),
                   lambda i, u: _scatter_nd(i, u, (3, 4))),
    "math.segment_sum": (NUMBERS, [SHAPE, ("const", SEGMENTS)], lambda tf, x, s: tf.math.segment_sum(x, s), _segment_sum, 4),
    "where": (NUMBERS, [SHAPE, SHAPE], lambda tf, a, b: tf.where(a > b, a, b), lambda a, b: np.where(a > b, a, b)),
    "clip_by_value": (FLOATS, [SHAPE], lambda tf, x: tf.clip_by_value(x, -0.5, 0.5), lambda x: np.clip(x, -0.5, 0.5)),
    "argmax": (NUMBERS, [SHAPE], lambda tf, x: tf.argmax(x, axis=1), lambda x: x.argmax(axis=1)),
    "argmin": (NUMBERS, [SHAPE], lambda tf, x: tf.argmin(x, axis=1), lambda x: x.argmin(axis=1)),
    "cumsum": (NUMBERS, [SHAPE], lambda tf, x: tf.cumsum(x, axis=1), lambda x: x.cumsum(axis=1), 4),
    "sort": (NUMBERS, [SHAPE], lambda tf, x: tf.sort(x, axis=1), lambda x: np.sort(x, axis=1)),
    "math.top_k": (FLOATS, [SHAPE], lambda tf, x: tf.math.top_k(x, k=2).values, lambda x: -np.sort(-x, axis=1)[:, :2]),
    "abs": (NUMBERS, [SHAPE], lambda tf, x: tf.abs(x), np.abs),
    "exp": (FLOATS, [SHAPE], lambda tf, x: tf.exp(x), np.exp),
    "sqrt": (FLOATS, [("pos", SHAPE)], lambda tf, x: tf.sqrt(x), np.sqrt),
    "math.rsqrt": (FLOATS, [("pos", SHAPE)], lambda tf, x: tf.math.rsqrt(x), lambda x: 1 / np.sqrt(x)),
    "math.log": (FLOATS, [("pos", SHAPE)], lambda tf, x: tf.math.log(x), np.log),
    "square": (NUMBERS, [SHAPE], lambda tf, x: tf.square(x), np.square),
    "add": (NUMBERS, [SHAPE, SHAPE], lambda tf, a, b: tf.add(a, b), np.add),
    "multiply": (NUMBERS, [SHAPE, SHAPE], lambda tf, a, b: tf.multiply(a, b), np.multiply),
    "maximum": (NUMBERS, [SHAPE, SHAPE], lambda tf, a, b: tf.maximum(a, b), np.maximum),
    "norm": (FLOATS, [SHAPE], lambda tf, x: tf.norm(x), lambda x: np.sqrt((x * x).sum()), 4),
}

# op -> (dtypes, tf(tf, dtype), numpy(dtype)): functions of a dtype, no tensor inputs.
MAKERS = {
    "cast": (NUMBERS, lambda tf, d: tf.cast(tf.constant(_CAST_SOURCE), d), lambda d: _CAST_SOURCE.astype(d)),
    "one_hot": (NUMBERS, lambda tf, d: tf.one_hot(LABELS, 4, dtype=d), lambda d: np.eye(4, dtype=d)[LABELS]),
    "zeros": (NUMBERS, lambda tf, d: tf.zeros([3, 4], d), lambda d: np.zeros((3, 4), d)),
    "ones": (NUMBERS, lambda tf, d: tf.ones([3, 4], d), lambda d: np.ones((3, 4), d)),
    "fill": (NUMBERS, lambda tf, d: tf.fill([3, 4], tf.constant(7, d)), lambda d: np.full((3, 4), 7, d)),
    "eye": (NUMBERS, lambda tf, d: tf.eye(3, dtype=d), lambda d: np.eye(3, dtype=d)),
    "range": (NUMBERS, lambda tf, d: tf.range(10, dtype=d), lambda d: np.arange(10, dtype=d)),
}
_CAST_SOURCE = np.array([[-2.5, -1.0, 0.0, 0.5], [1.0, 2.0, 3.5, 7.0]])


def _table(op, table=None):
    entry = (TABLE if table is None else table)[op]
    return entry if len(entry) == 5 else entry + (1,)


def cases(dtypes=NUMBERS + ("bool",)):
    out = []
    for op in list(TABLE) + list(MAKERS):
        kinds = (TABLE[op] if op in TABLE else MAKERS[op])[0]
        for dtype in kinds:
            if dtype in dtypes:
                out.append(CaseSpec(f"tf.{op}[dtype={dtype}]", run_case, {"op": op, "dtype": dtype}, f"tf.{op}"))
    return out


def inputs(op, dtype, table=None):
    """The NumPy inputs of ``op`` at ``dtype`` (``op`` of ``table``, by default ``TABLE``)."""
    from .tf_numpy import np_dtype

    out = []
    for i, spec in enumerate(_table(op, table)[1]):
        if isinstance(spec, tuple) and spec and spec[0] == "const":
            out.append(spec[1])
        elif isinstance(spec, tuple) and spec and spec[0] == "pos":
            out.append(tf_numpy_recipes.array(np_dtype(dtype), spec[1], domain=POSITIVE, seed=i))
        else:
            out.append(tf_numpy_recipes.array(np_dtype(dtype), spec, seed=i))
    return out


def _upcast(a):
    return a.astype(np.float64) if a.dtype.kind == "f" or a.dtype.name == "bfloat16" else a


def _listed(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def run_case(bench, device, op, dtype, **_params):
    """Call ``tf.<op>`` at ``dtype`` on the target and compare it with NumPy."""
    import tensorflow as tf

    if op in MAKERS:
        _, tf_fn, np_fn = MAKERS[op]
        d = tf.as_dtype(dtype)
        actual = bench.measure(lambda: tf_fn(tf, d))
        expected = np_fn(np.dtype(dtype) if dtype != "bfloat16" else np.float64)
        compare_leaves(_listed(actual), _listed(expected), dtype_name=dtype, what=f"tf.{op} vs NumPy")
        return
    tf_fn = _table(op)[2]
    against_formula(lambda *xs: tf_fn(tf, *xs), bench, op, dtype, f"tf.{op}")


def against_formula(call, bench, op, dtype, label, table=None, put=None):
    """Time ``call`` on ``op``'s inputs (``table``, by default TABLE) at ``dtype`` and compare it
    with ``op``'s NumPy formula; ``put`` makes the inputs framework values (``tf.constant``)."""
    if put is None:
        import tensorflow as tf

        put = tf.constant
    _, _, _, np_fn, scale = _table(op, table)
    arrays = inputs(op, dtype, table)
    actual = bench.measure(call, *[put(a) for a in arrays])
    expected = np_fn(*[_upcast(a) for a in arrays])
    compare_leaves(_listed(actual), _listed(expected), dtype_name=dtype, scale=scale, what=f"{label} vs NumPy")
