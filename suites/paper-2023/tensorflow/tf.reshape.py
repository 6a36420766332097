import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.reshape"


@case(dtype=["float16", "bfloat16", "float32", "float64", "int32", "int64", "bool", "complex64"])
def dtypes(bench, device, dtype):
    v = np.arange(24) % 3 == 0 if dtype == "bool" else np.arange(24)
    x = tf.cast(tf.constant(v), dtype)
    out = bench.measure(tf.reshape, x, tf.constant([2, 3, 4]))
    assert out.dtype == x.dtype
    got = out if dtype == "bool" else tf.cast(tf.math.real(out) if dtype == "complex64" else out, tf.float64)
    assert_close(got, v.reshape(2, 3, 4).astype(np.bool_ if dtype == "bool" else np.float64), "float64")


@case(shape=[(-1,), (4, -1), (-1, 2, 3), (1, 24, 1)])
def inferred_dimension(bench, device, shape):
    x = tf.reshape(tf.range(24.0), (2, 12))
    out = bench.measure(tf.reshape, x, tf.constant(shape))
    assert_close(out, np.arange(24.0).reshape(shape), "float32")


@case(shape=[(0, 4), (3, 0, 2)])
def empty(bench, device, shape):
    out = bench.measure(tf.reshape, tf.zeros(shape), tf.constant([-1]))
    assert out.shape == (0,)


@case
def scalar_round_trip(bench, device):
    out = bench.measure(tf.reshape, tf.constant([7.0]), tf.constant([], tf.int32))
    assert out.shape == () and float(out) == 7.0


@case
def size_mismatch_raises(bench, device):
    try:
        bench.measure(tf.reshape, tf.zeros((4, 6)), tf.constant([5, 5]))
    except (tf.errors.InvalidArgumentError, ValueError):
        return
    raise AssertionError("reshaping 24 elements to 5x5 must raise")


@case
def gradient_flows_back(bench, device):
    x = tf.constant(np.arange(6.0).reshape(2, 3))

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.reshape(x, [3, 2]) * tf.constant([[1.0, 2.0]] * 3, tf.float64))
        return tape.gradient(y, x)

    g = bench.measure(grad, x)
    assert_close(g, np.tile([1.0, 2.0], 3).reshape(2, 3), "float64")
