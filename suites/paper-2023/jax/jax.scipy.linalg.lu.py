import jax
import jax.numpy as jnp
import numpy as np
import scipy.linalg

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.scipy.linalg.lu"


def make(rng, shape, dtype):
    a = rng.standard_normal(shape)
    if dtype.startswith("complex"):
        a = a + 1j * rng.standard_normal(shape)
    return jnp.asarray(a, dtype)


@case(dtype=["float32", "float64", "complex64", "complex128"], shape=[(1, 1), (6, 6), (7, 4), (3, 5)])
def factorization(bench, device, dtype, shape):
    rng = np.random.default_rng(0)
    a = make(rng, shape, dtype)
    p, l, u = bench.measure(jax.scipy.linalg.lu, a)
    pn, ln, un = (np.asarray(t).astype(np.complex128) for t in (p, l, u))
    an = np.asarray(a).astype(np.complex128)
    tol = 1e-4 if dtype in ("float32", "complex64") else 1e-11
    assert np.abs(pn @ ln @ un - an).max() < tol * 10, "P L U does not rebuild A"
    assert np.allclose(np.triu(ln, 1), 0) and np.allclose(np.diag(ln), 1), "L is not unit lower triangular"
    assert np.allclose(np.tril(un, -1), 0), "U is not upper triangular"
    if not dtype.startswith("complex"):
        # partial pivoting: |L| <= 1, as in LAPACK and SciPy
        assert np.abs(ln).max() <= 1 + tol, "partial pivoting gave |L| > 1"


@case
def matches_scipy_and_permute_l(bench, device):
    rng = np.random.default_rng(1)
    a = rng.standard_normal((5, 5))
    pl, u = bench.measure(jax.scipy.linalg.lu, jnp.asarray(a), permute_l=True)
    rpl, ru = scipy.linalg.lu(a, permute_l=True)
    assert_close(pl, rpl, "float64", scale=10)
    assert_close(u, ru, "float64", scale=10)


@case
def batched(bench, device):
    # the study's testLuBatching
    rng = np.random.default_rng(2)
    a = jnp.asarray(rng.standard_normal((3, 4, 4)))
    p, l, u = bench.measure(jax.vmap(jax.scipy.linalg.lu), a)
    assert_close(p @ l @ u, np.asarray(a), "float64", scale=10)


@case
def gradient(bench, device):
    a = jnp.asarray([[4.0, 3.0], [6.0, 3.0]])
    g = bench.measure(jax.grad(lambda m: jax.scipy.linalg.lu(m)[2].sum()), a)
    eps = 1e-6
    num = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            d = np.zeros((2, 2)); d[i, j] = eps
            num[i, j] = (scipy.linalg.lu(np.asarray(a) + d)[2].sum() - scipy.linalg.lu(np.asarray(a) - d)[2].sum()) / (2 * eps)
    assert_close(g, num, "float32")
