import math

import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.compat.v1.distributions.Normal"


def log_prob(loc, scale, x):
    return tf.compat.v1.distributions.Normal(loc=loc, scale=scale).log_prob(x)


@case(dtype=["float32", "float64", "float16", "bfloat16"])
def log_density(bench, device, dtype):
    loc, scale = np.array([0.0, 1.0, -2.0]), np.array([1.0, 0.5, 3.0])
    x = np.linspace(-3, 3, 12)[:, None]
    c = lambda v: tf.cast(tf.constant(v), dtype)
    out = bench.measure(log_prob, c(loc), c(scale), c(x))
    ref = -0.5 * ((x - loc) / scale) ** 2 - np.log(scale) - 0.5 * math.log(2 * math.pi)
    assert_close(tf.cast(out, tf.float64), ref, dtype, scale=4)


@case
def cdf_entropy_moments(bench, device):
    def stats(loc, scale, x):
        d = tf.compat.v1.distributions.Normal(loc=loc, scale=scale)
        return d.cdf(x), d.entropy(), d.mean(), d.stddev()

    cdf, ent, mean, std = bench.measure(stats, tf.constant([0.0, 2.0], tf.float64), tf.constant([1.0, 2.0], tf.float64), tf.constant([1.0, 2.0], tf.float64))
    assert_close(cdf, np.array([0.5 * (1 + math.erf(1 / math.sqrt(2))), 0.5]), "float64")
    assert_close(ent, 0.5 * np.log(2 * np.pi * np.e * np.array([1.0, 4.0])), "float64")
    assert_close(mean, np.array([0.0, 2.0]), "float64")
    assert_close(std, np.array([1.0, 2.0]), "float64")


@case
def sample_moments(bench, device):
    def sample(loc, scale):
        return tf.compat.v1.distributions.Normal(loc=loc, scale=scale).sample(20000, seed=3)

    s = bench.measure(sample, tf.constant(1.0, tf.float64), tf.constant(2.0, tf.float64)).numpy()
    assert abs(s.mean() - 1.0) < 6 * 2 / math.sqrt(s.size), s.mean()
    assert abs(s.std() - 2.0) < 0.1, s.std()


@case
def gradient_of_log_prob(bench, device):
    def grad(loc, x):
        with tf.GradientTape() as tape:
            tape.watch(loc)
            y = tf.reduce_sum(log_prob(loc, tf.constant(2.0, tf.float64), x))
        return tape.gradient(y, loc)

    g = bench.measure(grad, tf.constant(0.5, tf.float64), tf.constant([1.0, 2.0, 3.0], tf.float64))
    assert_close(g, np.float64(np.sum(np.array([1.0, 2.0, 3.0]) - 0.5) / 4), "float64")
