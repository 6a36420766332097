import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.experimental.numpy.cumprod"
tnp = tf.experimental.numpy


@case(dtype=["float16", "bfloat16", "float32", "float64", "int32", "int64"], axis=[None, 0, 1])
def matrix(bench, device, dtype, axis):
    rng = np.random.default_rng(0)
    v = rng.uniform(0.8, 1.25, (6, 9)) if "int" not in dtype else rng.integers(-2, 3, (6, 9))
    x = tf.cast(tf.constant(v), dtype)
    out = bench.measure(tnp.cumprod, x, axis=axis)
    ref = np.cumprod(tf.cast(x, tf.float64).numpy(), axis=axis)
    assert_close(tf.cast(out, tf.float64), ref, dtype if "int" not in dtype else "float64", scale=8)


@case
def bool_promotes_to_int(bench, device):
    out = bench.measure(tnp.cumprod, tf.constant([True, True, False, True]))
    assert out.dtype.is_integer
    assert_close(tf.cast(out, tf.int64), np.array([1, 1, 0, 0]), "int64")


@case
def empty(bench, device):
    out = bench.measure(tnp.cumprod, tf.zeros((0, 3)), axis=0)
    assert out.shape == (0, 3)


@case
def gradient(bench, device):
    x = tf.constant([2.0, 3.0, 4.0], tf.float64)

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tnp.cumprod(x))
        return tape.gradient(y, x)

    # d/dx of x0 + x0 x1 + x0 x1 x2
    assert_close(bench.measure(grad, x), np.array([1 + 3 + 12, 2 + 8, 6.0]), "float64")
