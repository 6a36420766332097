import jax
import jax.numpy as jnp
import numpy as np
from jax.lax.linalg import SvdAlgorithm

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.lax.linalg.svd"
# Replaces jax._src.lax.svd.svd (the study's pick, the QDWH-based SVD), a private module
# that no longer exists; the same algorithm is reached publicly as SvdAlgorithm.POLAR.

ALGORITHMS = {"default": None, "qr": SvdAlgorithm.QR, "polar": SvdAlgorithm.POLAR, "jacobi": SvdAlgorithm.JACOBI}


@case(algorithm=list(ALGORITHMS), shape=[(8, 8), (12, 5), (5, 12)], dtype=["float32", "float64"])
def rectangular(bench, device, algorithm, shape, dtype):
    # the study's testSvdWithRectangularInput
    rng = np.random.default_rng(0)
    a = jnp.asarray(rng.standard_normal(shape), dtype)
    u, s, vh = bench.measure(jax.lax.linalg.svd, a, full_matrices=False, algorithm=ALGORITHMS[algorithm])
    a64 = np.asarray(a, dtype=np.float64)
    k = min(shape)
    assert u.shape == (shape[0], k) and s.shape == (k,) and vh.shape == (k, shape[1])
    assert_close(s, np.linalg.svd(a64, compute_uv=False), dtype, scale=10)
    assert_close((np.asarray(u, np.float64) * np.asarray(s, np.float64)) @ np.asarray(vh, np.float64), a64, dtype, scale=10)
    assert_close(np.asarray(u, np.float64).T @ np.asarray(u, np.float64), np.eye(k), dtype, scale=10)


@case(dtype=["float32", "float64", "complex64"])
def values_only_and_batched(bench, device, dtype):
    rng = np.random.default_rng(1)
    a = rng.standard_normal((3, 6, 4)) + (1j * rng.standard_normal((3, 6, 4)) if dtype == "complex64" else 0)
    s = bench.measure(jax.lax.linalg.svd, jnp.asarray(a, dtype), compute_uv=False)
    assert_close(s, np.linalg.svd(a, compute_uv=False), "float32" if dtype != "float64" else dtype, scale=10)


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def rank_deficient_and_gradient(bench, device):
    a = jnp.asarray(np.outer([1.0, 2.0, 3.0], [1.0, -1.0]))
    s = bench.measure(jax.lax.linalg.svd, a, compute_uv=False)
    assert_close(s, np.array([np.sqrt(14) * np.sqrt(2), 0.0]), "float64")
    m = jnp.asarray([[3.0, 1.0], [1.0, 2.0]])
    g = bench.measure(jax.grad(lambda x: jax.lax.linalg.svd(x, compute_uv=False).sum()), m)
    # d(nuclear norm)/dA = U V^T
    u, _, vh = np.linalg.svd(np.asarray(m))
    assert_close(g, u @ vh, "float64")
