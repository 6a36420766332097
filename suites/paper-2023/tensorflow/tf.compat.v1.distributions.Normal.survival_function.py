import math

import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.compat.v1.distributions.Normal.survival_function"
SF = np.vectorize(lambda z: 0.5 * math.erfc(z / math.sqrt(2)))


@case(dtype=["float32", "float64", "float16", "bfloat16"])
def values(bench, device, dtype):
    loc, scale = 1.0, 2.0
    x = np.linspace(-5, 7, 25)
    d = tf.compat.v1.distributions.Normal(loc=tf.cast(loc, dtype), scale=tf.cast(scale, dtype))
    out = bench.measure(d.survival_function, tf.cast(tf.constant(x), dtype))
    assert_close(tf.cast(out, tf.float64), SF((tf.cast(tf.cast(x, dtype), tf.float64).numpy() - loc) / scale), dtype, scale=4)


@case
def far_tail_is_accurate(bench, device):
    d = tf.compat.v1.distributions.Normal(loc=tf.constant(0.0, tf.float64), scale=tf.constant(1.0, tf.float64))
    out = bench.measure(d.survival_function, tf.constant([10.0, 20.0, -40.0], tf.float64))
    assert_close(out, SF(np.array([10.0, 20.0, -40.0])), "float64", scale=100)


@case
def gradient(bench, device):
    d = tf.compat.v1.distributions.Normal(loc=tf.constant(0.0, tf.float64), scale=tf.constant(1.0, tf.float64))

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(d.survival_function(x))
        return tape.gradient(y, x)

    x = np.array([-1.0, 0.0, 2.0])
    assert_close(bench.measure(grad, tf.constant(x)), -np.exp(-x ** 2 / 2) / math.sqrt(2 * math.pi), "float64")
