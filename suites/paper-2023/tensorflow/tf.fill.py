import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.fill"


@case(dtype=["float16", "bfloat16", "float32", "float64", "int32", "int64", "bool", "complex128"], shape=[(4, 5), (2, 3, 8)])
def value_and_shape(bench, device, dtype, shape):
    value = tf.cast(tf.constant(True if dtype == "bool" else 3), dtype)
    out = bench.measure(tf.fill, tf.constant(shape), value)
    assert out.dtype == value.dtype and tuple(out.shape) == shape
    ref = np.full(shape, True if dtype == "bool" else 3)
    assert_close(tf.math.real(out) if dtype == "complex128" else out if dtype in ("bool", "int32", "int64") else tf.cast(out, tf.float64), ref, "float64")


@case(shape=[(0,), (3, 0), (0, 0, 2)])
def empty(bench, device, shape):
    out = bench.measure(tf.fill, tf.constant(shape, tf.int64), tf.constant(1.5))
    assert tuple(out.shape) == shape


@case
def string_value(bench, device):
    out = bench.measure(tf.fill, tf.constant([2, 2]), tf.constant("ab"))
    assert out.numpy().tolist() == [[b"ab", b"ab"], [b"ab", b"ab"]]


@case
def gradient_is_sum(bench, device):
    def grad(v):
        with tf.GradientTape() as tape:
            tape.watch(v)
            y = tf.reduce_sum(tf.fill([3, 4], v) * tf.reshape(tf.range(12, dtype=tf.float64), (3, 4)))
        return tape.gradient(y, v)

    g = bench.measure(grad, tf.constant(2.0, tf.float64))
    assert_close(g, np.float64(66.0), "float64")
