import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.signal.idct"


def dct_matrix(n, kind):
    k = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    if kind == 1:
        m = 2 * np.cos(np.pi * k * j / (n - 1))
        m[:, 0] /= 2
        m[:, -1] /= 2
        return m
    if kind == 2:
        return 2 * np.cos(np.pi * k * (2 * j + 1) / (2 * n))
    if kind == 3:
        m = 2 * np.cos(np.pi * (2 * k + 1) * j / (2 * n))
        m[:, 0] /= 2
        return m
    return 2 * np.cos(np.pi * (2 * k + 1) * (2 * j + 1) / (4 * n))


def idct_ref(x, kind, norm):
    # unnormalised idct of type t is the unnormalised dct of the inverse type (2 <-> 3)
    n = x.shape[-1]
    inv = {1: 1, 2: 3, 3: 2, 4: 4}[kind]
    if norm == "ortho":
        y = x.copy()
        if inv == 3:
            y[..., 0] *= np.sqrt(1 / (4 * n)) / np.sqrt(1 / (2 * n))
        scale = np.sqrt(1 / (2 * n)) if inv != 1 else None
        return (y @ dct_matrix(n, inv).T) * scale
    return x @ dct_matrix(n, inv).T


@case(dtype=["float32", "float64", "float16", "bfloat16"], kind=[1, 2, 3, 4])
def types(bench, device, dtype, kind):
    rng = np.random.default_rng(0)
    x = tf.cast(tf.constant(rng.standard_normal((3, 16))), dtype)
    out = bench.measure(tf.signal.idct, x, type=kind)
    ref = idct_ref(tf.cast(x, tf.float64).numpy(), kind, None)
    assert_close(tf.cast(out, tf.float64), ref, dtype, scale=16)


@case(dtype=["float32", "float64"])
def ortho_round_trip(bench, device, dtype):
    rng = np.random.default_rng(1)
    v = rng.standard_normal((4, 32))
    coeffs = tf.signal.dct(tf.constant(v, dtype), type=2, norm="ortho")
    out = bench.measure(tf.signal.idct, coeffs, type=2, norm="ortho")
    assert_close(out, v, dtype, scale=8)


@case
def gradient(bench, device):
    x = tf.constant(np.random.default_rng(2).standard_normal((8,)))

    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_sum(tf.signal.idct(x, type=2) * tf.range(8.0, dtype=tf.float64))
        return tape.gradient(y, x)

    assert_close(bench.measure(grad, x), dct_matrix(8, 3).T @ np.arange(8.0), "float64", scale=8)
