import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.experimental.numpy.clip"
tnp = tf.experimental.numpy


@case(dtype=["float16", "bfloat16", "float32", "float64", "int32", "int64", "uint8"])
def scalar_bounds(bench, device, dtype):
    v = np.arange(-10, 30, 1.5) if "int" not in dtype else np.arange(0, 40)
    x = tf.cast(tf.constant(v), dtype)
    out = bench.measure(tnp.clip, x, tf.cast(2, dtype), tf.cast(20, dtype))
    assert out.dtype == x.dtype
    assert_close(tf.cast(out, tf.float64), np.clip(tf.cast(x, tf.float64).numpy(), 2, 20), "float64")


@case
def broadcast_array_bounds(bench, device):
    rng = np.random.default_rng(0)
    v, lo, hi = rng.standard_normal((4, 5)), rng.uniform(-1, 0, (5,)), rng.uniform(0, 1, (4, 1))
    out = bench.measure(tnp.clip, tf.constant(v), tf.constant(lo), tf.constant(hi))
    assert_close(out, np.clip(v, lo, hi), "float64")


@case
def nan_propagates(bench, device):
    out = bench.measure(tnp.clip, tf.constant([np.nan, -5.0, 5.0]), tf.constant(-1.0), tf.constant(1.0))
    assert_close(out, np.array([np.nan, -1.0, 1.0]), "float32")


@case
def empty(bench, device):
    out = bench.measure(tnp.clip, tf.zeros((0, 2)), tf.constant(0.0), tf.constant(1.0))
    assert out.shape == (0, 2)


@case
def gradient_masks_clipped(bench, device):
    x = tf.constant([-2.0, -0.5, 0.5, 2.0], tf.float64)

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tnp.clip(x, -1.0, 1.0))
        return tape.gradient(y, x)

    assert_close(bench.measure(grad, x), np.array([0.0, 1.0, 1.0, 0.0]), "float64")
