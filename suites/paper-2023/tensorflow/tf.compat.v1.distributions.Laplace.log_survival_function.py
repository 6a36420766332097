import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.compat.v1.distributions.Laplace.log_survival_function"


def ref(x, loc, scale):
    z = (x - loc) / scale
    return np.where(z < 0, np.log1p(-0.5 * np.exp(z)), np.log(0.5) - z)


@case(dtype=["float32", "float64", "float16", "bfloat16"])
def values(bench, device, dtype):
    x = np.linspace(-6, 6, 25)
    d = tf.compat.v1.distributions.Laplace(loc=tf.cast(0.5, dtype), scale=tf.cast(1.5, dtype))
    out = bench.measure(d.log_survival_function, tf.cast(tf.constant(x), dtype))
    xs = tf.cast(tf.cast(x, dtype), tf.float64).numpy()
    assert_close(tf.cast(out, tf.float64), ref(xs, 0.5, 1.5), dtype, scale=4)


@case
def broadcast_parameters(bench, device):
    loc, scale = np.array([0.0, 1.0, -1.0]), np.array([[1.0], [3.0]])
    d = tf.compat.v1.distributions.Laplace(loc=tf.constant(loc), scale=tf.constant(scale))
    out = bench.measure(d.log_survival_function, tf.constant(0.25, tf.float64))
    assert out.shape == (2, 3)
    assert_close(out, ref(0.25, loc, scale), "float64")


@case
def gradient(bench, device):
    d = tf.compat.v1.distributions.Laplace(loc=tf.constant(0.0, tf.float64), scale=tf.constant(1.0, tf.float64))

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(d.log_survival_function(x))
        return tape.gradient(y, x)

    x = np.array([-1.0, 2.0])
    # d/dx log S(x): -0.5 e^x / (1 - 0.5 e^x) for x < 0, -1 for x > 0
    assert_close(bench.measure(grad, tf.constant(x)), np.array([-0.5 * np.exp(-1) / (1 - 0.5 * np.exp(-1)), -1.0]), "float64")
