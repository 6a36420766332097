import math

import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.math.igammac"


def igammac(a, x):
    """Regularised upper incomplete gamma Q(a, x), float64 (series / continued fraction)."""
    if x < 0 or a <= 0:
        return math.nan
    if x == 0:
        return 1.0
    if x < a + 1:
        term = total = 1.0 / a
        ap = a
        for _ in range(10000):
            ap += 1
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-17:
                break
        return 1.0 - total * math.exp(-x + a * math.log(x) - math.lgamma(a))
    b, c, d = x + 1 - a, 1e300, 1 / (x + 1 - a)
    h = d
    for i in range(1, 10000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = 1e-300 if abs(d) < 1e-300 else d
        c = b + an / c
        c = 1e-300 if abs(c) < 1e-300 else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


REF = np.vectorize(igammac)


@case(dtype=["float32", "float64", "float16", "bfloat16"])
def grid(bench, device, dtype):
    a = np.array([0.5, 1.0, 2.5, 10.0, 30.0])[:, None]
    x = np.array([0.1, 0.9, 2.0, 7.5, 25.0, 40.0])[None, :]
    ta, tx = tf.cast(tf.constant(np.broadcast_to(a, (5, 6))), dtype), tf.cast(tf.constant(np.broadcast_to(x, (5, 6))), dtype)
    out = bench.measure(tf.math.igammac, ta, tx)
    ref = REF(tf.cast(ta, tf.float64).numpy(), tf.cast(tx, tf.float64).numpy())
    assert_close(tf.cast(out, tf.float64), ref, dtype, scale=100)


@case
def edge_values(bench, device):
    a = tf.constant([1.0, 2.0, -1.0, 1.0], tf.float64)
    x = tf.constant([0.0, np.inf, 1.0, -1.0], tf.float64)
    out = bench.measure(tf.math.igammac, a, x)
    assert_close(out, np.array([1.0, 0.0, np.nan, np.nan]), "float64")


@case
def exponential_special_case(bench, device):
    # Q(1, x) = exp(-x)
    x = tf.constant(np.linspace(0, 20, 41))
    out = bench.measure(tf.math.igammac, tf.ones_like(x), x)
    assert_close(out, np.exp(-x.numpy()), "float64", scale=10)


@case
def gradient_wrt_x(bench, device):
    a = tf.constant([0.5, 2.0, 5.0], tf.float64)
    x = tf.constant([1.0, 1.5, 4.0], tf.float64)

    def grad(a, x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.math.igammac(a, x))
        return tape.gradient(y, x)

    av, xv = a.numpy(), x.numpy()
    ref = -np.exp(-xv + (av - 1) * np.log(xv) - np.vectorize(math.lgamma)(av))
    assert_close(bench.measure(grad, a, x), ref, "float64", scale=10)
