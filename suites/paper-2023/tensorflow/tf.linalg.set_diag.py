import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.linalg.set_diag"


def reference(x, diag, k=0):
    out = x.copy()
    rows, cols = x.shape[-2:]
    for i in range(diag.shape[-1]):
        r, c = (i, i + k) if k >= 0 else (i - k, i)
        if r < rows and c < cols:
            out[..., r, c] = diag[..., i]
    return out


@case(dtype=["float16", "bfloat16", "float32", "float64", "int32", "int64", "bool", "complex64"], shape=[(4, 4), (3, 5, 2)])
def main_diagonal(bench, device, dtype, shape):
    rng = np.random.default_rng(0)
    x = rng.integers(0, 9, shape)
    d = rng.integers(10, 20, shape[:-2] + (min(shape[-2:]),))
    if dtype == "bool":
        x, d = x % 2 == 0, d % 2 == 0
    tx, td = tf.cast(tf.constant(x), dtype), tf.cast(tf.constant(d), dtype)
    out = bench.measure(tf.linalg.set_diag, tx, td)
    got = out if dtype == "bool" else tf.cast(tf.math.real(out) if dtype == "complex64" else out, tf.float64)
    assert_close(got, reference(x, d).astype(bool if dtype == "bool" else np.float64), "float64")


@case(k=[1, -1, 2])
def off_diagonal(bench, device, k):
    x = np.zeros((4, 5))
    n = min(4, 5 - k) if k >= 0 else min(4 + k, 5)
    d = np.arange(1.0, n + 1)
    out = bench.measure(tf.linalg.set_diag, tf.constant(x), tf.constant(d), k=k)
    assert_close(out, reference(x, d, k), "float64")


@case
def empty_batch(bench, device):
    out = bench.measure(tf.linalg.set_diag, tf.zeros((0, 3, 3)), tf.zeros((0, 3)))
    assert out.shape == (0, 3, 3)


@case
def gradient(bench, device):
    x = tf.constant(np.ones((3, 3)))
    d = tf.constant([1.0, 2.0, 3.0], tf.float64)

    def grads(x, d):
        with tf.GradientTape() as tape:
            tape.watch([x, d])
            y = tf.reduce_sum(tf.linalg.set_diag(x, d) * tf.reshape(tf.range(9.0, dtype=tf.float64), (3, 3)))
        return tape.gradient(y, [x, d])

    gx, gd = bench.measure(grads, x, d)
    w = np.arange(9.0).reshape(3, 3)
    assert_close(gd, np.diag(w), "float64")
    assert_close(gx, w * (1 - np.eye(3)), "float64")
