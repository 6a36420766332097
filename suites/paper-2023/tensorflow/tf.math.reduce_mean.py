import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.math.reduce_mean"


@case(dtype=["float16", "bfloat16", "float32", "float64"], axis=[None, 0, 1, (0, 2)], keepdims=[False, True])
def floats(bench, device, dtype, axis, keepdims):
    rng = np.random.default_rng(0)
    v = rng.standard_normal((6, 33, 5))
    x = tf.cast(tf.constant(v), dtype)
    out = bench.measure(tf.math.reduce_mean, x, axis=axis, keepdims=keepdims)
    ref = np.mean(tf.cast(x, tf.float64).numpy(), axis=axis, keepdims=keepdims)
    assert_close(tf.cast(out, tf.float64), ref, dtype, scale=4)


@case(dtype=["int32", "int64", "uint8"])
def integers_truncate(bench, device, dtype):
    # integer means are computed in the integer type (truncating division)
    v = np.array([[1, 2, 4], [7, 9, 2]])
    out = bench.measure(tf.math.reduce_mean, tf.constant(v, dtype), axis=1)
    assert out.dtype == tf.as_dtype(dtype)
    assert_close(out, (v.sum(axis=1) // 3).astype(dtype), dtype)


@case
def large_reduction_float32(bench, device):
    x = tf.fill([1 << 20], tf.constant(0.1, tf.float32))
    out = bench.measure(tf.math.reduce_mean, x)
    assert_close(tf.cast(out, tf.float64), np.float64(np.float32(0.1)), "float32")


@case
def empty_is_nan(bench, device):
    out = bench.measure(tf.math.reduce_mean, tf.zeros((0, 3)), axis=0)
    assert out.shape == (3,) and np.all(np.isnan(out.numpy()))


@case(dtype=["float32", "float64"])
def gradient(bench, device, dtype):
    x = tf.constant(np.arange(12.0).reshape(3, 4), dtype)

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.math.reduce_mean(x, axis=1)
        return tape.gradient(y, x)

    g = bench.measure(grad, x)
    assert_close(g, np.full((3, 4), 0.25), dtype)
