import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.random.gamma"


@case(dtype=["float32", "float64", "float16", "bfloat16"], alpha=[0.5, 3.0])
def moments(bench, device, dtype, alpha):
    tf.random.set_seed(1)
    n = 20000
    out = bench.measure(tf.random.gamma, tf.constant([n]), tf.cast(alpha, dtype), tf.cast(2.0, dtype), dtype=dtype)
    assert out.dtype == tf.as_dtype(dtype) and out.shape == (n,)
    v = tf.cast(out, tf.float64).numpy()
    assert np.all(v >= 0), "gamma samples must be non-negative"
    mean, var = alpha / 2.0, alpha / 4.0
    # mean within 6 standard errors (plus a rounding allowance for 16-bit types)
    slack = 0.02 * mean if dtype in ("float16", "bfloat16") else 0.0
    assert abs(v.mean() - mean) < 6 * np.sqrt(var / n) + slack, f"sample mean {v.mean():.4f}, expected {mean}"


@case
def broadcast_shapes(bench, device):
    alpha = tf.constant([[1.0], [4.0]])
    beta = tf.constant([1.0, 2.0, 4.0])
    out = bench.measure(tf.random.gamma, tf.constant([5000]), alpha, beta)
    assert out.shape == (5000, 2, 3)
    assert_close(tf.reduce_mean(out, axis=0), np.array([[1.0], [4.0]]) / np.array([1.0, 2.0, 4.0]), "float32", scale=400)


@case
def empty(bench, device):
    out = bench.measure(tf.random.gamma, tf.constant([0]), tf.constant(2.0))
    assert out.shape == (0,)


@case
def gradient_wrt_alpha(bench, device):
    # implicit reparameterisation: d E[x]/d alpha = 1/beta
    tf.random.set_seed(2)
    alpha = tf.constant(3.0, tf.float64)

    def grad(alpha):
        with tf.GradientTape() as tape:
            tape.watch(alpha)
            y = tf.reduce_mean(tf.random.gamma([20000], alpha, dtype=tf.float64))
        return tape.gradient(y, alpha)

    g = bench.measure(grad, alpha)
    assert abs(float(g) - 1.0) < 0.1, f"dE[x]/dalpha = {float(g):.3f}, expected 1"
