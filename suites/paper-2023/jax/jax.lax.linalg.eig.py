import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.lax.linalg.eig"

TOL = {"float32": 1e-3, "float64": 1e-9, "complex64": 1e-3, "complex128": 1e-9}


def matrix(rng, shape, dtype):
    a = rng.standard_normal(shape)
    if dtype.startswith("complex"):
        a = a + 1j * rng.standard_normal(shape)
    return jnp.asarray(a, dtype)


def assert_same_spectrum(got, ref, tol):
    """Every reference eigenvalue has a computed one within tol (order-free)."""
    got = np.asarray(got, dtype=np.complex128)
    dist = np.abs(got[:, None] - np.asarray(ref)[None, :]).min(axis=0)
    scale = np.maximum(1.0, np.abs(ref))
    assert (dist <= tol * scale).all(), f"eigenvalues differ from NumPy's by up to {float((dist / scale).max()):.3g} (tolerance {tol:g})"


@case(dtype=["float32", "float64", "complex64", "complex128"], n=[1, 5, 16])
def right_eigenpairs(bench, device, dtype, n):
    rng = np.random.default_rng(n)
    a = matrix(rng, (n, n), dtype)
    w, vr = bench.measure(jax.lax.linalg.eig, a, compute_left_eigenvectors=False)
    an = np.asarray(a).astype(np.complex128)
    wn, vn = np.asarray(w), np.asarray(vr)
    resid = np.abs(an @ vn - vn * wn[None, :]).max() / max(1.0, np.abs(an).max())
    assert resid < TOL[dtype] * n, f"|A v - w v| = {resid:.3g} (tolerance {TOL[dtype] * n:g})"
    assert_same_spectrum(wn, np.linalg.eigvals(an), TOL[dtype] * 10)


@case(dtype=["float32", "float64"])
def left_eigenvectors(bench, device, dtype):
    rng = np.random.default_rng(7)
    a = matrix(rng, (6, 6), dtype)
    w, vl, vr = bench.measure(jax.lax.linalg.eig, a)
    an = np.asarray(a).astype(np.complex128)
    wn, vln = np.asarray(w), np.asarray(vl)
    resid = np.abs(vln.conj().T @ an - wn[:, None] * vln.conj().T).max()
    assert resid < TOL[dtype] * 60, f"|vl^H A - w vl^H| = {resid:.3g}"


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def batched_and_empty(bench, device):
    rng = np.random.default_rng(3)
    a = jnp.asarray(rng.standard_normal((4, 3, 3)))
    w, vr = bench.measure(jax.lax.linalg.eig, a, compute_left_eigenvectors=False)
    assert w.shape == (4, 3) and vr.shape == (4, 3, 3)
    for i in range(4):
        assert_same_spectrum(np.asarray(w[i]), np.linalg.eigvals(np.asarray(a[i])), 1e-9)
    w0 = bench.measure(jax.lax.linalg.eig, jnp.zeros((0, 0)), compute_left_eigenvectors=False, compute_right_eigenvectors=False)
    assert w0[0].shape == (0,)
