import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.math.reduce_logsumexp"


def logsumexp(v, axis=None, keepdims=False):
    m = np.max(v, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(v - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis) if axis is not None else out.reshape(())


@case(dtype=["float16", "bfloat16", "float32", "float64"], axis=[None, 0, -1], keepdims=[False, True])
def floats(bench, device, dtype, axis, keepdims):
    rng = np.random.default_rng(0)
    x = tf.cast(tf.constant(rng.standard_normal((7, 40)) * 3), dtype)
    out = bench.measure(tf.math.reduce_logsumexp, x, axis=axis, keepdims=keepdims)
    ref = logsumexp(tf.cast(x, tf.float64).numpy(), axis, keepdims)
    assert_close(tf.cast(out, tf.float64), ref, dtype, scale=4)


@case(dtype=["float32", "float64"])
def large_values_do_not_overflow(bench, device, dtype):
    x = tf.constant([[1000.0, 1000.0], [-1000.0, -1000.0]], dtype)
    out = bench.measure(tf.math.reduce_logsumexp, x, axis=1)
    assert_close(out, np.array([1000 + np.log(2), -1000 + np.log(2)]), dtype)


@case
def infinities(bench, device):
    x = tf.constant([[-np.inf, -np.inf], [np.inf, 1.0], [-np.inf, 0.0]], tf.float64)
    out = bench.measure(tf.math.reduce_logsumexp, x, axis=1)
    assert_close(out, np.array([-np.inf, np.inf, 0.0]), "float64")


@case
def gradient_is_softmax(bench, device):
    rng = np.random.default_rng(1)
    x = tf.constant(rng.standard_normal((3, 5)))

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.math.reduce_logsumexp(x, axis=1))
        return tape.gradient(y, x)

    g = bench.measure(grad, x)
    e = np.exp(x.numpy())
    assert_close(g, e / e.sum(axis=1, keepdims=True), "float64")
