import numpy as np
import tensorflow as tf

from portabench import case
from portabench.testing import assert_close

FUNCTION = "tf.linalg.svd"


@case(dtype=["float32", "float64", "float16", "bfloat16", "complex64"], shape=[(12, 12), (10, 4)])
def reconstruct(bench, device, dtype, shape):
    rng = np.random.default_rng(0)
    v = rng.standard_normal(shape) + (1j * rng.standard_normal(shape) if dtype == "complex64" else 0)
    a = tf.cast(tf.constant(v), dtype)
    s, u, w = bench.measure(tf.linalg.svd, a, full_matrices=False)
    a128 = tf.cast(a, tf.complex128).numpy() if dtype == "complex64" else tf.cast(a, tf.float64).numpy()
    tol = "float32" if dtype == "complex64" else dtype
    cast = (lambda t: tf.cast(t, tf.complex128)) if dtype == "complex64" else (lambda t: tf.cast(t, tf.float64))
    rebuilt = (cast(u) * tf.cast(cast(s), cast(u).dtype)[None, :]) @ tf.linalg.adjoint(cast(w))
    assert_close(np.abs(rebuilt.numpy() - a128), np.zeros(shape), tol, scale=10, what="|U S V^H - A|")
    assert_close(tf.cast(s, tf.float64), np.linalg.svd(a128, compute_uv=False), tol, scale=10, what="singular values")


@case(full_matrices=[True])
def batched_orthogonal(bench, device, full_matrices):
    rng = np.random.default_rng(1)
    a = tf.constant(rng.standard_normal((3, 6, 4)))
    s, u, v = bench.measure(tf.linalg.svd, a, full_matrices=full_matrices)
    k = 6 if full_matrices else 4
    assert u.shape == (3, 6, k) and v.shape == (3, 4, 4)
    assert_close(tf.linalg.adjoint(u) @ u, np.broadcast_to(np.eye(k), (3, k, k)), "float64", scale=100)
    assert_close(s, np.linalg.svd(a.numpy(), compute_uv=False), "float64", scale=100)


@case
def values_only(bench, device):
    a = tf.constant(np.diag([3.0, -1.0, 2.0]))
    s = bench.measure(tf.linalg.svd, a, compute_uv=False)
    assert_close(s, np.array([3.0, 2.0, 1.0]), "float64")


@case
def empty(bench, device):
    s = bench.measure(tf.linalg.svd, tf.zeros((0, 4, 4)), compute_uv=False)
    assert s.shape == (0, 4)


@case
def gradient_of_singular_values(bench, device):
    rng = np.random.default_rng(2)
    a = tf.constant(rng.standard_normal((5, 3)))

    def grad(a):
        with tf.GradientTape() as tape:
            tape.watch(a)
            y = tf.reduce_sum(tf.linalg.svd(a, compute_uv=False))
        return tape.gradient(y, a)

    g = bench.measure(grad, a)
    u, _, vt = np.linalg.svd(a.numpy(), full_matrices=False)
    assert_close(g, u @ vt, "float64", scale=100)  # d(sum sigma)/dA = U V^T
