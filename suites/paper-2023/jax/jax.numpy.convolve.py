import jax
import jax.numpy as jnp
import numpy as np

from portabench import case
from portabench.testing import assert_close

FUNCTION = "jax.numpy.convolve"


@case(dtype=["float32", "float16", "bfloat16", "float64"], mode=["full", "same", "valid"], lengths=[(20, 5), (4, 9)])
def modes(bench, device, dtype, mode, lengths):
    rng = np.random.default_rng(0)
    a = jnp.asarray(rng.standard_normal(lengths[0]), dtype)
    v = jnp.asarray(rng.standard_normal(lengths[1]), dtype)
    out = bench.measure(jnp.convolve, a, v, mode=mode)
    ref = np.convolve(np.asarray(a.astype(jnp.float64)), np.asarray(v.astype(jnp.float64)), mode=mode)
    assert out.shape == ref.shape, f"shape {out.shape} != {ref.shape}"
    assert_close(out, ref, dtype, scale=8)


@case(dtype=["int32", "int64"])
def integer_inputs(bench, device, dtype):
    a = np.array([1, 0, 2, 3, 0, 1]).astype(dtype)
    v = np.array([1, 1, 0]).astype(dtype)
    out = bench.measure(jnp.convolve, jnp.asarray(a), jnp.asarray(v))
    # JAX computes integer convolutions in floating point (documented); values must match exactly
    assert_close(out.astype(jnp.float64), np.convolve(a, v).astype(np.float64), "float64")


# checks float64 values at float64 tolerance: 64-bit types in this case's scope
@case(x64=True)
def complex_inputs(bench, device):
    rng = np.random.default_rng(1)
    a = rng.standard_normal(7) + 1j * rng.standard_normal(7)
    v = rng.standard_normal(3) - 1j * rng.standard_normal(3)
    out = bench.measure(jnp.convolve, jnp.asarray(a), jnp.asarray(v))
    np.testing.assert_allclose(np.asarray(out), np.convolve(a, v), rtol=1e-10, atol=1e-12)


@case
def gradient(bench, device):
    a = jnp.asarray([1.0, 2.0, 3.0])
    v = jnp.asarray([0.5, -1.0])
    g = bench.measure(jax.grad(lambda x, w: jnp.convolve(x, w).sum()), a, v)
    assert_close(g, np.full(3, -0.5), "float64")
