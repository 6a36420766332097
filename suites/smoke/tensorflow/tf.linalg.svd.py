import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.linalg.svd"


@case(dtype=["float32", "float64", "float16", "bfloat16"], shape=[(32, 32), (64, 16)])
def reconstruct(bench, device, dtype, shape):
    rng = np.random.default_rng(0)
    a = tf.cast(tf.constant(rng.standard_normal(shape)), dtype)
    s, u, v = bench.measure(tf.linalg.svd, a, full_matrices=False)
    rebuilt = tf.cast(u * s[..., None, :], tf.float64) @ tf.cast(tf.linalg.adjoint(v), tf.float64)
    a64 = tf.cast(a, tf.float64).numpy()
    assert_close(rebuilt, a64, dtype, scale=10)
    assert_close(tf.cast(s, tf.float64), np.linalg.svd(a64, compute_uv=False), dtype, scale=10)


@case
def batched(bench, device):
    rng = np.random.default_rng(2)
    a = tf.constant(rng.standard_normal((5, 6, 4)))
    s = bench.measure(tf.linalg.svd, a, compute_uv=False)
    assert_close(s, np.linalg.svd(a.numpy(), compute_uv=False), "float64")
